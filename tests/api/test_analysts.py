"""Analysts of a game: links issued, regranted and revoked by the White Cell, observations
they add and read, and what each grant shows."""

from __future__ import annotations

import pytest

from tests.players import Caller, create_game
from wargame.games.models import Analyst, Event

pytestmark = pytest.mark.django_db

SECRET_MOVE = "SECRET-MOVE-MARKER-4420"
OBSERVED = "OBSERVATION-MARKER-1187"


def add(game, name: str, grant: str | None = None) -> tuple[dict, Caller]:
    body = {"name": name} if grant is None else {"name": name, "grant": grant}
    response = game.control.post(f"/api/games/{game.id}/analysts/", body)
    assert response.status_code == 201, response.content
    found = response.json()
    assert found["join_url"].endswith(f"/replay/{game.id}/#token={found['token']}")
    return found, Caller(found["token"])


def patch(caller: Caller, path: str, body) -> object:
    return caller.request("patch", path, body)


def delete(caller: Caller, path: str) -> object:
    return caller.request("delete", path)


def test_two_analysts_observe_and_each_reads_the_others_observations(game):
    ada, ada_link = add(game, "Ada")
    bo, bo_link = add(game, "Bo", "all")
    assert (ada["grant"], bo["grant"]) == ("public", "all")
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    sent = ada_link.command(
        game.id,
        {"type": "add_observation", "text": OBSERVED, "tags": ["initiative"], "seq": 2},
    )
    assert sent.status_code == 201, sent.content
    actor = sent.json()["events"][0]["actor"]
    assert actor == {"role": "analyst", "name": "Ada", "member": {"id": ada["id"], "name": "Ada"}}
    assert (
        Event.objects.get(game_id=game.id, seq=sent.json()["seq"]).actor_member["id"] == ada["id"]
    )
    bo_link.command(game.id, {"type": "add_observation", "text": "Beijing waits", "tags": ["wait"]})
    for link, me in ((ada_link, ada), (bo_link, bo)):
        record = link.get(f"/api/games/{game.id}/analysis/").json()
        assert record["me"] == {"id": me["id"], "name": me["name"], "grant": me["grant"]}
        assert [(o["author"], o["tags"]) for o in record["observations"]] == [
            ("Ada", ["initiative"]),
            ("Bo", ["wait"]),
        ]
        assert record["observations"][0]["about_seq"] == 2
        assert [a["name"] for a in record["analysts"]] == ["Ada", "Bo"]
    control = game.control.get(f"/api/games/{game.id}/analysis/").json()
    assert control["me"] is None and len(control["observations"]) == 2
    for caller in (game.observer, *game.seats.values()):
        refused = caller.get(f"/api/games/{game.id}/analysis/")
        assert refused.status_code == 403
        assert "analysts" in refused.json()["error"]["message"]


def test_the_white_cell_alone_manages_analysts_and_refusals_say_why(game):
    ada, ada_link = add(game, "Ada")
    seat = game.seats["beijing"]
    for caller in (seat, game.observer, ada_link):
        assert caller.post(f"/api/games/{game.id}/analysts/", {"name": "X"}).status_code == 403
        assert caller.get(f"/api/games/{game.id}/analysts/").status_code == 403
    bad = game.control.post(f"/api/games/{game.id}/analysts/", {"name": "X", "grant": "most"})
    assert bad.status_code == 400 and "grant" in bad.json()["error"]["message"]
    bad = game.control.post(f"/api/games/{game.id}/analysts/", {"name": "X", "seat": "beijing"})
    assert bad.status_code == 400 and "seat" in bad.json()["error"]["message"]
    assert game.control.post(f"/api/games/{game.id}/analysts/", {"name": " "}).status_code == 400
    bad = game.control.post(f"/api/games/{game.id}/analysts/", {"name": "X", "grant": None})
    assert bad.status_code == 400 and "grant" in bad.json()["error"]["message"]
    assert game.control.post(f"/api/games/{game.id}/analysts/").status_code == 400
    assert game.control.post(f"/api/games/{game.id}/analysts/", []).status_code == 400
    # An analyst may not play: no move, no message, no plan.
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    refused = ada_link.command(game.id, {"type": "send_message", "to": ["moscow"], "text": "hi"})
    assert refused.status_code == 403
    refused = ada_link.command(game.id, {"type": "set_collection_plan", "questions": []})
    assert refused.status_code == 403
    refused = game.control.command(game.id, {"type": "set_collection_plan", "questions": []})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "plan_fixed"
    bad = ada_link.command(game.id, {"type": "add_observation", "text": "x", "seq": 10_000})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "unknown_seq"
    bad = ada_link.command(game.id, {"type": "add_observation", "text": "x", "tags": ["<b>"]})
    assert bad.status_code == 400

    # A new grant holds at once; an unknown analyst is a 404; the same grant again a 422.
    path = f"/api/games/{game.id}/analysts/{ada['id']}/"
    assert patch(seat, path, {"grant": "all"}).status_code == 403
    assert patch(game.control, path, {"grant": "some"}).status_code == 400
    assert patch(game.control, path, {}).status_code == 400
    granted = patch(game.control, path, {"grant": "all"}).json()
    assert granted["grant"] == "all" and granted["link_issued_at"] is not None
    assert Analyst.objects.get(analyst_id=ada["id"]).grant == "all"
    assert patch(game.control, path, {"grant": "all"}).status_code == 422
    assert (
        patch(game.control, f"/api/games/{game.id}/analysts/an-x/", {"grant": "all"}).status_code
        == 404
    )
    listed = game.control.get(f"/api/games/{game.id}/analysts/").json()
    assert [(a["name"], a["grant"]) for a in listed] == [("Ada", "all")]
    assert listed[0]["link_issued_at"] is not None and "token" not in listed[0]

    # A new link ends the old; a revoked link is refused; removal ends it too.
    fresh = game.control.post(f"/api/games/{game.id}/analysts/{ada['id']}/link/").json()
    assert ada_link.get(f"/api/games/{game.id}/analysis/").status_code == 401
    new_link = Caller(fresh["token"])
    assert new_link.get(f"/api/games/{game.id}/analysis/").status_code == 200
    assert (
        delete(game.control, f"/api/games/{game.id}/analysts/{ada['id']}/link/").status_code == 204
    )
    assert new_link.get(f"/api/games/{game.id}/analysis/").status_code == 401
    assert (
        delete(game.control, f"/api/games/{game.id}/analysts/{ada['id']}/link/").status_code == 404
    )
    again = game.control.post(f"/api/games/{game.id}/analysts/{ada['id']}/link/").json()
    assert delete(game.control, path).status_code == 204
    assert Caller(again["token"]).get(f"/api/games/{game.id}/analysis/").status_code == 401
    assert delete(game.control, path).status_code == 404


def test_a_public_analyst_sees_what_the_observer_sees_and_an_analyst_granted_all_sees_it_all(
    facilitator,
):
    game = create_game(facilitator, scenario="triangle-2024")
    public, public_link = add(game, "Ada")
    _, all_link = add(game, "Bo", "all")
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    while game.control.get(f"/api/games/{game.id}/").json()["phase"] != "orders":
        assert game.control.command(game.id, {"type": "advance_phase"}).status_code == 201
    view = game.seats["beijing"].get(f"/api/games/{game.id}/state/").json()["view"]
    action = next(a for a in view["actions"] if a["secret_allowed"] and a["available"])
    move = game.seats["beijing"].command(
        game.id,
        {
            "type": "submit_move",
            "action": action["id"],
            "visibility": "secret",
            "rationale": SECRET_MOVE,
        },
    )
    assert move.status_code == 201, move.content
    for path in ("state/", "events/", "report/?format=md"):
        seen = public_link.get(f"/api/games/{game.id}/{path}").content
        assert SECRET_MOVE.encode() not in seen
        assert SECRET_MOVE.encode() in all_link.get(f"/api/games/{game.id}/{path}").content
    assert public_link.get(f"/api/games/{game.id}/state/?as=control").status_code == 403
    assert public_link.get(f"/api/games/{game.id}/state/").json()["view"]["role"] == "analyst"
    assert all_link.get(f"/api/games/{game.id}/state/").json()["view"]["role"] == "control"
    # Both read the plan of the scenario (seats never do).
    plan = public_link.get(f"/api/games/{game.id}/analysis/").json()["collection_plan"]
    assert plan[0]["id"] == "beijing-strength"
    created = game.seats["beijing"].get(f"/api/games/{game.id}/events/").json()["events"][0]
    assert "collection_plan" not in created["data"]["scenario"]


def test_the_report_opens_with_the_plans_questions_and_their_evidence_linked_to_events(
    facilitator,
):
    import re

    game = create_game(facilitator, scenario="triangle-2024")
    _, ada = add(game, "Ada")
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    while game.control.get(f"/api/games/{game.id}/").json()["phase"] != "orders":
        assert game.control.command(game.id, {"type": "advance_phase"}).status_code == 201
    view = game.seats["beijing"].get(f"/api/games/{game.id}/state/").json()["view"]
    action = next(a for a in view["actions"] if a["available"])
    move = game.seats["beijing"].command(
        game.id, {"type": "submit_move", "action": action["id"], "rationale": "r"}
    )
    assert move.status_code == 201, move.content
    seq = move.json()["seq"]
    observed = {"type": "add_observation", "text": "Beijing moves first", "seq": seq}
    assert ada.command(game.id, {**observed, "tags": ["initiative"]}).status_code == 201
    closed = game.control.command(game.id, {"type": "advance_phase", "force": True})
    assert closed.status_code == 201, closed.content

    page = ada.get(f"/api/games/{game.id}/report/").content.decode()
    first = page.index("<h2>")
    assert page[first:].startswith("<h2>Study question: Does Beijing use its strength")
    assert "Decisions of Beijing" in page and action["name"] in page
    assert "Observations tagged initiative, restraint, reaction, leverage: 1" in page
    assert f'href="/replay/{game.id}/?at={seq}"' in page
    # Every link to the report's own anchors lands on an anchor the report has.
    anchors = set(re.findall(r'id="([^"]+)"', page))
    links = re.findall(r'href="#([^"]+)"', page)
    assert links and set(links) <= anchors
    markdown = game.control.get(f"/api/games/{game.id}/report/?format=md").content.decode()
    assert markdown.index("## Study question") < markdown.index("## Summary")
    assert "Beijing moves first" in markdown
    for caller in (game.observer, game.seats["beijing"]):
        assert "Study question" not in caller.get(f"/api/games/{game.id}/report/").content.decode()


def test_the_studys_evidence_puts_each_answer_beside_the_decision_it_explains(facilitator):
    """A White Cell question tied to Beijing's moves of turn 1 is answered: the study's
    question that names Beijing's decisions shows the answer under the move; the scenario's
    scale question of the plan shows its answer with the scale's ends, once (not again under
    the move). A public analyst, like a seat of another team, reads neither answer."""
    game = create_game(facilitator, scenario="triangle-2024")
    _, public = add(game, "Lena", "public")
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    while game.control.get(f"/api/games/{game.id}/").json()["phase"] != "orders":
        assert game.control.command(game.id, {"type": "advance_phase"}).status_code == 201
    squeeze = {"type": "submit_move", "action": "beijing.deng_trade_squeeze", "rationale": "r"}
    moved = game.seats["beijing"].command(game.id, {**squeeze, "targets": ["pyongyang"]})
    assert moved.status_code == 201, moved.content
    move_id = moved.json()["events"][0]["data"]["move_id"]
    while game.control.get(f"/api/games/{game.id}/").json()["phase"] != "results":
        advanced = game.control.command(game.id, {"type": "advance_phase", "force": True})
        assert advanced.status_code == 201, advanced.content
    asked = game.control.command(
        game.id,
        {"type": "ask_question", "text": "Why squeeze?", "seats": ["beijing"], "about_turn": 1},
    )
    assert asked.status_code == 201, asked.content
    question_id = asked.json()["events"][0]["data"]["question_id"]
    for body in (
        {"question_id": question_id, "text": "ANSWER-TIED-3141"},
        {"question_id": "q:beijing-strength:1", "value": 4, "text": "SCALE-ANSWER-2718"},
    ):
        answered = game.seats["beijing"].command(game.id, {"type": "answer_question", **body})
        assert answered.status_code == 201, answered.content

    markdown = game.control.get(f"/api/games/{game.id}/report/?format=md").content.decode()
    opening = markdown[: markdown.index("## Summary")]
    lines = opening.splitlines()
    decision = next(i for i, line in enumerate(lines) if "turn 1: Deng line" in line)
    assert f"(#move-{move_id})" in lines[decision]
    assert "answer from Beijing to “Why squeeze?”: ANSWER-TIED-3141" in lines[decision + 1]
    assert opening.count("ANSWER-TIED-3141") == 1
    scale = "turn 1, Beijing: 4 on 1–5 \\(Waited on the trend … Used our strength\\); "
    assert scale in opening  # (Markdown-escaped)
    assert opening.count("SCALE-ANSWER-2718") == 1
    seen = public.get(f"/api/games/{game.id}/report/?format=md").content.decode()
    assert "Study question" in seen
    assert "ANSWER-TIED-3141" not in seen and "SCALE-ANSWER-2718" not in seen
