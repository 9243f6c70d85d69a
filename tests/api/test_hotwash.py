"""Questions to the players and the adjudicators' blind estimates through the API: links of
the adjudicators' own that open only the estimates, the spread once all have answered, the
calibration after the game, and the report placing each answer beside its decision."""

from __future__ import annotations

import pytest

from tests.players import Caller
from wargame.games.models import Event

pytestmark = pytest.mark.django_db


def _advance_to(game, phase: str) -> None:
    for _ in range(20):
        if game.control.get(f"/api/games/{game.id}/").json()["phase"] == phase:
            return
        response = game.control.command(game.id, {"type": "advance_phase", "force": True})
        assert response.status_code == 201, response.content
    raise AssertionError(phase)


def _adjudicator(game, name: str) -> tuple[dict, Caller]:
    response = game.control.post(f"/api/games/{game.id}/adjudicators/", {"name": name})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["join_url"].endswith(f"/adjudicate/{game.id}/#token={body['token']}")
    return body, Caller(body["token"])


def _a_move(game) -> str:
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    _advance_to(game, "orders")
    sent = game.seats["beijing"].command(
        game.id,
        {"type": "submit_move", "action": "beijing.trade_squeeze", "rationale": "pressure"},
    )
    assert sent.status_code == 201, sent.content
    _advance_to(game, "adjudication")
    return sent.json()["events"][0]["data"]["move_id"]


def test_two_adjudicators_estimate_blind_then_see_the_spread(game):
    move_id = _a_move(game)
    ines, ines_link = _adjudicator(game, "Ines")
    jun, jun_link = _adjudicator(game, "Jun")
    estimates = f"/api/games/{game.id}/estimates/"

    board = ines_link.get(estimates).json()
    assert board["me"] == {"id": ines["id"], "name": "Ines"}
    assert [m["id"] for m in board["waiting"]] == [move_id]

    given = ines_link.post(estimates, {"move_id": move_id, "probability": 30, "reason": "weak"})
    assert given.status_code == 201, given.content
    mine = given.json()["moves"][move_id]
    assert [e["probability"] for e in mine["estimates"]] == [30]
    assert mine["spread"] is None and mine["answered"] == [ines["id"]]
    # Jun sees that Ines has answered, not what she said.
    theirs = jun_link.get(estimates).json()["moves"][move_id]
    assert theirs["answered"] == [ines["id"]] and theirs["estimates"] == []
    # So does the facilitator's console, until all have answered.
    console = game.control.get(f"/api/games/{game.id}/state/").json()["view"]["estimates"]
    assert console["moves"][move_id]["estimates"] == []

    again = ines_link.post(estimates, {"move_id": move_id, "probability": 90})
    assert again.status_code == 422 and again.json()["error"]["code"] == "already_estimated"
    both = jun_link.post(estimates, {"move_id": move_id, "probability": 80}).json()
    shown = both["moves"][move_id]
    assert [e["probability"] for e in shown["estimates"]] == [30, 80]
    assert shown["spread"]["range"] == 50
    stored = Event.objects.filter(game_id=game.id, type="probability_estimated").order_by("seq")
    assert [e.actor_member["name"] for e in stored] == ["Ines", "Jun"]

    proposed = game.control.command(
        game.id,
        {"type": "propose_probability", "move_id": move_id, "probability": 55, "reason": "mid"},
    ).json()["events"][0]["data"]
    assert [e["probability"] for e in proposed["estimates"]] == [30, 80]
    rolled = game.control.command(
        game.id, {"type": "adjudicate", "move_id": move_id, "method": "roll"}
    ).json()["events"][0]["data"]
    outcome = rolled["entries"][0]["outcome"]
    happened = 1.0 if outcome == "success" else 0.0

    calibration = game.control.get(f"/api/games/{game.id}/calibration/").json()
    scores = {row["name"]: row["brier"] for row in calibration["adjudicators"]}
    assert scores == {
        "Ines": round((0.3 - happened) ** 2, 4),
        "Jun": round((0.8 - happened) ** 2, 4),
    }
    assert calibration["disagreements"][0]["move_id"] == move_id
    assert calibration["disagreements"][0]["range"] == 50

    report = game.control.get(f"/api/games/{game.id}/report/?format=md").content.decode()
    assert "blind estimates: Ines 30% \\(weak\\), Jun 80% \\(spread 30–80\\)" in report
    assert "Adjudicators: calibration and disagreement" in report


def test_an_adjudicators_link_opens_only_the_estimates(game, other_game):
    move_id = _a_move(game)
    _, link = _adjudicator(game, "Ines")
    for path in ("state/", "events/", "report/", "members/", "calibration/"):
        response = link.get(f"/api/games/{game.id}/{path}")
        assert response.status_code == 403, (path, response.content)
    command = link.command(game.id, {"type": "advance_phase"})
    assert command.status_code == 403
    assert link.get(f"/api/games/{other_game.id}/estimates/").status_code == 403
    # Seats and the observer see no estimate before the record is open.
    for caller in (*game.seats.values(), game.observer):
        assert caller.get(f"/api/games/{game.id}/estimates/").status_code == 403
        assert caller.get(f"/api/games/{game.id}/calibration/").status_code == 403
    # The facilitator is not an adjudicator: an estimate of their own is refused with a reason;
    # one written on paper by a named adjudicator, the facilitator may enter under that name.
    refused = game.control.post(
        f"/api/games/{game.id}/estimates/", {"move_id": move_id, "probability": 50}
    )
    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "not_an_adjudicator"
    assert "adjudicator" in refused.json()["error"]["message"]
    ines = game.control.get(f"/api/games/{game.id}/adjudicators/").json()[0]["id"]
    posing = link.post(
        f"/api/games/{game.id}/estimates/",
        {"move_id": move_id, "probability": 50, "adjudicator": "adj-someone-else"},
    )
    assert posing.status_code == 422
    entered = game.control.post(
        f"/api/games/{game.id}/estimates/",
        {"move_id": move_id, "probability": 45, "adjudicator": ines},
    )
    assert entered.status_code == 201, entered.content
    assert entered.json()["moves"][move_id]["answered"] == [ines]
    for body, code in [
        ({"move_id": move_id, "probability": 150}, 400),
        ({"move_id": move_id}, 400),
        ({"move_id": move_id, "probability": 50, "extra": 1}, 400),
        ({"move_id": "m-nothing", "probability": 50}, 422),
        ([1, 2], 400),
    ]:
        response = link.post(f"/api/games/{game.id}/estimates/", body)
        assert response.status_code == code, (body, response.content)
    gone = game.control.request("delete", f"/api/games/{game.id}/adjudicators/adj-nothing/")
    assert gone.status_code == 404
    assert (
        game.control.post(f"/api/games/{game.id}/adjudicators/", {"name": " "}).status_code == 400
    )


def test_a_removed_adjudicators_link_stops_at_once(game):
    ines, link = _adjudicator(game, "Ines")
    assert link.get(f"/api/games/{game.id}/estimates/").status_code == 200
    listed = game.control.get(f"/api/games/{game.id}/adjudicators/").json()
    assert [a["name"] for a in listed] == ["Ines"]
    response = game.control.request("delete", f"/api/games/{game.id}/adjudicators/{ines['id']}/")
    assert response.status_code == 204
    assert link.get(f"/api/games/{game.id}/estimates/").status_code == 401
    assert game.control.get(f"/api/games/{game.id}/adjudicators/").json() == []


def test_the_report_places_each_answer_beside_the_decision_it_explains(game):
    move_id = _a_move(game)
    added = game.control.post(
        f"/api/games/{game.id}/members/", {"seat": "beijing", "name": "Ada"}
    ).json()
    ada = Caller(added["token"])
    asked = game.control.command(
        game.id,
        {
            "type": "ask_question",
            "text": "Why did you squeeze the trade in turn 1?",
            "seats": ["beijing"],
            "about_turn": 1,
        },
    )
    assert asked.status_code == 201, asked.content
    question_id = asked.json()["events"][0]["data"]["question_id"]
    answered = ada.command(
        game.id,
        {"type": "answer_question", "question_id": question_id, "text": "To be heard in Pyongyang"},
    )
    assert answered.status_code == 201, answered.content
    assert answered.json()["events"][0]["actor"]["member"]["name"] == "Ada"
    refused = game.seats["moscow"].command(
        game.id, {"type": "answer_question", "question_id": question_id, "text": "We know"}
    )
    assert refused.status_code == 400
    report = game.control.get(f"/api/games/{game.id}/report/?format=md").content.decode()
    lines = report.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"- Move {move_id}"))
    beside = "\n".join(lines[at : at + 4])
    assert "answer from Ada \\(Beijing\\)" in beside and "To be heard in Pyongyang" in beside
    own = game.seats["beijing"].get(f"/api/games/{game.id}/report/?format=md").content
    assert b"To be heard in Pyongyang" in own
    for seat in ("moscow", "washington", "pyongyang"):
        other = game.seats[seat].get(f"/api/games/{game.id}/report/?format=md").content
        assert b"To be heard in Pyongyang" not in other
