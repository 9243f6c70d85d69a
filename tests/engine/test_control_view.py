"""Control's view carries what the White Cell console would otherwise re-derive from the rules:
which moves can be adjudicated or rolled now, which run-sheet items are due, and what
advance_phase would open. Each is checked against what the engine then accepts or refuses,
and no other role's view carries any of it."""

from __future__ import annotations

from typing import Any

import pytest

from wargame.engine import CONTROL, OBSERVER, Rejection

from .harness import Game, load


@pytest.fixture
def game() -> Game:
    game = Game(load("tutorial"), seed=5)
    game.ok(CONTROL, type="start_game")
    game.advance_to("orders")
    return game


def _submit(game: Game, seat: str, action: str, **extra: Any) -> str:
    events = game.ok(seat, type="submit_move", action=action, rationale="r", **extra)
    return str(events[0]["data"]["move_id"])


def _free(game: Game, seat: str) -> str:
    argument = {"action": "Open talks", "result": "calm", "reasons": []}
    return _submit(game, seat, "free", argument=argument)


def _pending(game: Game) -> dict[str, Any]:
    pending = game.view(CONTROL)["pending"]
    assert isinstance(pending, dict)
    return pending


def _accepts(game: Game, command: dict[str, Any]) -> bool:
    """Whether the engine would accept ``command`` from control now (nothing is appended)."""
    return not isinstance(game.decide(CONTROL, command), Rejection)


def _adjudicable_by_the_engine(game: Game) -> list[str]:
    assert game.state is not None
    moves = sorted(game.state["moves"].values(), key=lambda m: m["n"])
    return [
        m["id"]
        for m in moves
        if _accepts(game, {"type": "propose_probability", "move_id": m["id"]})
    ]


def test_the_moves_that_can_be_adjudicated_are_the_ones_the_engine_accepts(game: Game) -> None:
    squeeze = _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    free = _free(game, "moscow")
    withdrawn = _free(game, "washington")
    game.ok("washington", type="withdraw_move", move_id=withdrawn)
    seen: list[tuple[str, list[str], list[str]]] = []
    for _ in range(3):
        assert game.state is not None
        phase, pending = game.state["phase"], _pending(game)
        assert pending["adjudicable"] == _adjudicable_by_the_engine(game)
        assert bool(pending["rollable"]) == _accepts(game, {"type": "roll_remaining"})
        seen.append((phase, pending["adjudicable"], pending["rollable"]))
        if phase == "adjudication":
            game.ok(CONTROL, type="adjudicate", move_id=free, method="roll")
            assert _pending(game)["adjudicable"] == [squeeze] == _adjudicable_by_the_engine(game)
            game.ok(CONTROL, type="void_adjudication", move_id=free, reason="again")
        game.ok(CONTROL, type="advance_phase", force=True)
    assert seen == [
        ("orders", [], []),
        ("adjudication", [squeeze, free], [squeeze]),  # free arguments are never rolled in bulk
        ("results", [squeeze, free], []),  # adjudicated one by one, not rolled all at once
    ]


def test_the_next_phase_is_the_one_advance_phase_opens(game: Game) -> None:
    steps = 0
    while True:
        following = _pending(game)["next_phase"]
        if following is None:
            game.rejected(CONTROL, "last_turn", type="advance_phase", force=True)
            break
        events = game.ok(CONTROL, type="advance_phase", force=True)
        opened = next(e["data"] for e in events if e["type"] == "phase_advanced")
        assert following == {"turn": opened["turn"], "phase": opened["phase"]}
        steps += 1
    assert game.state is not None
    scenario = game.state["scenario"]
    assert (game.state["turn"], game.state["phase"]) == (scenario["turns"], scenario["phases"][-1])
    assert steps > len(scenario["phases"])  # it crossed a turn
    game.ok(CONTROL, type="end_game")
    assert _pending(game)["next_phase"] is None


def test_the_run_sheet_items_due_are_the_open_ones_of_this_turn_and_before(game: Game) -> None:
    sheet = game.view(CONTROL)["run_sheet"]
    due = [i["id"] for i in sheet if i["turn"] <= 1 and i["status"] in ("due", "held")]
    assert _pending(game)["run_sheet_due"] == due
    later = next(i for i in sheet if i["turn"] > 1 and i["status"] == "due")
    assert later["id"] not in due
    game.ok(CONTROL, type="hold_inject", inject_id=later["id"])
    assert later["id"] not in _pending(game)["run_sheet_due"]  # held, but not this turn's yet
    game.advance_to("orders", turn=later["turn"])
    assert later["id"] in _pending(game)["run_sheet_due"]
    game.ok(CONTROL, type="skip_inject", inject_id=later["id"], reason="not needed")
    assert later["id"] not in _pending(game)["run_sheet_due"]


def test_before_the_start_nothing_waits_but_the_start() -> None:
    game = Game(load("tutorial"))
    assert _pending(game) == {
        "unlocked": [],
        "unadjudicated": [],
        "adjudicable": [],
        "rollable": [],
        "run_sheet_due": [],
        "next_phase": None,
    }


def test_no_other_role_sees_what_control_has_to_do(game: Game) -> None:
    _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    game.advance_to("adjudication")
    for role in [*game.seats, OBSERVER]:
        assert game.view(role)["pending"] is None
    game.ok(CONTROL, type="end_game")
    game.ok(CONTROL, type="open_record")
    for role in [*game.seats, OBSERVER]:
        assert game.view(role)["pending"] is None


def test_viewing_control_appends_nothing_and_changes_no_state_hash(game: Game) -> None:
    squeeze = _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    game.advance_to("adjudication")
    events, hashes = len(game.events), list(game.hashes)
    shown = game.view(CONTROL)
    assert shown["pending"]["adjudicable"] == [squeeze]
    assert next(m for m in shown["moves"] if m["id"] == squeeze)["proposal"] is not None
    assert (len(game.events), game.hashes) == (events, hashes)
