"""Hotwash questionnaires and the adjudicators' blind estimates: who is asked, who answers,
who sees the answers and the estimates, and what the final probability records."""

from __future__ import annotations

from typing import Any

from wargame.engine import CONTROL, OBSERVER, decide
from wargame.engine.common import Rejection

from .harness import NOW, Game, load

SECRET_ANSWER = "ANSWER-MARKER-7f3a"


def _member_says(game: Game, seat: str, member: dict[str, str], command: dict[str, Any]):
    actor = {"role": seat, "name": member["name"], "member": member}
    result = decide(game.state, command, actor=actor, now=NOW)
    if isinstance(result, Rejection):
        return result
    return game.append(result)


def _adjudicator_says(game: Game, adjudicator: dict[str, str], command: dict[str, Any]):
    actor = {"role": CONTROL, "name": adjudicator["name"], "member": adjudicator}
    result = decide(game.state, command, actor=actor, now=NOW)
    if isinstance(result, Rejection):
        return result
    return game.append(result)


def _with_a_move(seed: int = 5) -> tuple[Game, str]:
    game = Game(load("triangle-2024"), seed=seed)
    game.ok(CONTROL, type="start_game")
    game.advance_to("orders")
    move = game.ok(
        "beijing", type="submit_move", action="beijing.deng_trade_squeeze", rationale="r"
    )
    game.advance_to("adjudication")
    return game, move[0]["data"]["move_id"]


def _question(view: dict[str, Any], question_id: str) -> dict[str, Any]:
    return next(q for q in view["questionnaires"] if q["id"] == question_id)


def test_a_question_tied_to_a_decision_is_answered_by_each_member() -> None:
    game, move_id = _with_a_move()
    ada = game.ok(CONTROL, type="add_member", seat="beijing", name="Ada")[0]["data"]["member"]
    asked = game.ok(
        CONTROL,
        type="ask_question",
        text="Why did you not restrict trade further in turn 1?",
        seats=["beijing"],
        about_turn=1,
    )
    question_id = asked[0]["data"]["question_id"]
    assert asked[0]["audience"] == ["beijing"]
    shown = _question(game.view("beijing"), question_id)
    assert shown["about"] == {"beijing": [move_id]}
    assert all(q["id"] != question_id for q in game.view("moscow")["questionnaires"])

    member = {"id": ada, "name": "Ada"}
    answer = {"type": "answer_question", "question_id": question_id, "text": SECRET_ANSWER}
    stored = _member_says(game, "beijing", member, answer)
    assert not isinstance(stored, Rejection)
    assert stored[0]["audience"] == ["beijing"]
    again = _member_says(game, "beijing", member, answer)
    assert isinstance(again, Rejection) and again.code == "already_answered"
    game.ok("beijing", **answer)  # the seat's shared link answers as the seat
    answers = _question(game.view(CONTROL), question_id)["answers"]
    assert [(a["member"], a["name"]) for a in answers] == [(ada, "Ada"), (None, None)]
    game.rejected("moscow", "unknown_question", **answer)

    for role in ("moscow", "washington", "pyongyang", OBSERVER):
        assert SECRET_ANSWER not in game.view_text(role)
        assert all(SECRET_ANSWER not in str(e) for e in game.projected(role))
    assert SECRET_ANSWER in game.view_text("beijing")


def test_question_shapes_and_refusals() -> None:
    game, move_id = _with_a_move()
    game.rejected(CONTROL, "invalid_command", type="ask_question", text="To no one?")
    game.rejected(
        CONTROL,
        "invalid_command",
        type="ask_question",
        text="Two teams, one decision?",
        seats=["beijing", "moscow"],
        about_moves=[move_id],
    )
    game.rejected(
        CONTROL,
        "unknown_move",
        type="ask_question",
        text="Someone else's move?",
        seats=["moscow"],
        about_moves=[move_id],
    )
    game.rejected(
        CONTROL, "invalid_command", type="ask_question", text="c", kind="choice", seats=["moscow"]
    )
    game.rejected("beijing", "forbidden", type="ask_question", text="x", seats=["beijing"])
    scale = game.ok(
        CONTROL,
        type="ask_question",
        text="How close to war?",
        kind="scale",
        scale_min=0,
        scale_max=10,
        low_label="Calm",
        high_label="War",
        seats=["moscow"],
    )[0]["data"]["question_id"]
    game.rejected("moscow", "invalid_command", type="answer_question", question_id=scale, value=11)
    game.rejected("moscow", "invalid_command", type="answer_question", question_id=scale, text="?")
    game.ok("moscow", type="answer_question", question_id=scale, value=7, text="close")
    choice = game.ok(
        CONTROL,
        type="ask_question",
        text="Who moves next?",
        kind="choice",
        choices=["Us", "Them"],
        seats=["moscow"],
    )[0]["data"]["question_id"]
    game.rejected(
        "moscow", "invalid_command", type="answer_question", question_id=choice, choice="Nobody"
    )
    game.ok("moscow", type="answer_question", question_id=choice, choice="Them")


def test_a_question_to_named_members_is_theirs_to_answer() -> None:
    game, _ = _with_a_move()
    ada = game.ok(CONTROL, type="add_member", seat="beijing", name="Ada")[0]["data"]["member"]
    bo = game.ok(CONTROL, type="add_member", seat="beijing", name="Bo")[0]["data"]["member"]
    question_id = game.ok(CONTROL, type="ask_question", text="Ada, why?", members=[ada])[0]["data"][
        "question_id"
    ]
    game.rejected("beijing", "not_asked", type="answer_question", question_id=question_id, text="t")
    refused = _member_says(
        game,
        "beijing",
        {"id": bo, "name": "Bo"},
        {"type": "answer_question", "question_id": question_id, "text": "t"},
    )
    assert isinstance(refused, Rejection) and refused.code == "not_asked"
    answered = _member_says(
        game,
        "beijing",
        {"id": ada, "name": "Ada"},
        {"type": "answer_question", "question_id": question_id, "text": "Because."},
    )
    assert not isinstance(answered, Rejection)


def test_the_scenarios_questions_open_at_the_end_of_each_turn() -> None:
    game, move_id = _with_a_move()
    assert all(q["source"] != "scenario" for q in game.view("beijing")["questionnaires"])
    game.advance_to("results")
    ids = [q["id"] for q in game.view("beijing")["questionnaires"]]
    assert ids == ["q:beijing-strength:1", "q:beijing-why:1"]
    strength = _question(game.view("beijing"), "q:beijing-strength:1")
    assert strength["scale"] == {
        "min": 1,
        "max": 5,
        "low": "Waited on the trend",
        "high": "Used our strength",
    }
    assert strength["about"] == {"beijing": [move_id]}
    assert game.view("moscow")["questionnaires"] == []
    game.ok("beijing", type="answer_question", question_id="q:beijing-strength:1", value=4)
    game.rejected(
        "moscow", "unknown_question", type="answer_question", question_id="q:read-of-beijing:2"
    )
    game.advance_to("results", turn=2)
    choice = _question(game.view("moscow"), "q:read-of-beijing:2")
    assert choice["choices"][1] == "Waiting on the trend and reacting"


def test_old_games_have_no_hotwash_or_estimates_in_their_state() -> None:
    game, move_id = _with_a_move()
    assert "hotwash" not in game.state and "estimates" not in game.state
    proposed = game.ok(CONTROL, type="propose_probability", move_id=move_id)
    assert "estimates" not in proposed[0]["data"]


def test_adjudicators_estimate_blind_and_the_final_probability_records_every_estimate() -> None:
    game, move_id = _with_a_move()
    ids = [
        game.ok(CONTROL, type="add_adjudicator", name=name)[0]["data"]["adjudicator"]
        for name in ("Ines", "Jun")
    ]
    ines, jun = ({"id": ids[0], "name": "Ines"}, {"id": ids[1], "name": "Jun"})
    estimate = {"type": "estimate_probability", "move_id": move_id}
    game.rejected(CONTROL, "not_an_adjudicator", **estimate, probability=40)
    assert not isinstance(_adjudicator_says(game, ines, {**estimate, "probability": 35}), Rejection)
    again = _adjudicator_says(game, ines, {**estimate, "probability": 50})
    assert isinstance(again, Rejection) and again.code == "already_estimated"

    blind = game.view(CONTROL)["estimates"]["moves"][move_id]
    assert blind["answered"] == [ines["id"]] and blind["complete"] is False
    assert blind["estimates"] == [] and blind["spread"] is None
    for role in game.seats + [OBSERVER]:
        assert game.view(role)["estimates"] is None
        assert all(e["type"] != "probability_estimated" for e in game.projected(role))

    assert not isinstance(_adjudicator_says(game, jun, {**estimate, "probability": 75}), Rejection)
    shown = game.view(CONTROL)["estimates"]["moves"][move_id]
    assert shown["complete"] is True
    assert [e["probability"] for e in shown["estimates"]] == [35, 75]
    assert shown["spread"]["range"] == 40

    proposed = game.ok(
        CONTROL,
        type="propose_probability",
        move_id=move_id,
        probability=55,
        reason="between the two",
    )
    assert proposed[0]["data"]["estimates"] == [
        {"adjudicator": ines["id"], "name": "Ines", "probability": 35},
        {"adjudicator": jun["id"], "name": "Jun", "probability": 75},
    ]
    assert proposed[0]["audience"] == []
    game.ok(CONTROL, type="adjudicate", move_id=move_id, method="roll")
    refused = _adjudicator_says(game, ines, {**estimate, "probability": 10})
    assert isinstance(refused, Rejection)


def test_a_removed_adjudicator_no_longer_holds_the_round_open() -> None:
    game, move_id = _with_a_move()
    ines = game.ok(CONTROL, type="add_adjudicator", name="Ines")[0]["data"]["adjudicator"]
    jun = game.ok(CONTROL, type="add_adjudicator", name="Jun")[0]["data"]["adjudicator"]
    _adjudicator_says(
        game,
        {"id": ines, "name": "Ines"},
        {"type": "estimate_probability", "move_id": move_id, "probability": 60},
    )
    game.ok(CONTROL, type="remove_adjudicator", adjudicator=jun)
    assert game.view(CONTROL)["estimates"]["moves"][move_id]["complete"] is True
    gone = _adjudicator_says(
        game,
        {"id": jun, "name": "Jun"},
        {"type": "estimate_probability", "move_id": move_id, "probability": 60},
    )
    assert isinstance(gone, Rejection) and gone.code == "not_an_adjudicator"


def test_a_game_ended_early_opens_the_questions_of_the_turns_it_played() -> None:
    game, _ = _with_a_move()
    game.ok(CONTROL, type="end_game")
    ids = [q["id"] for q in game.view("beijing")["questionnaires"]]
    assert ids == ["q:beijing-strength:1", "q:beijing-why:1", "q:turning-point:end"]
    game.ok("beijing", type="answer_question", question_id="q:turning-point:end", text="Ours")
