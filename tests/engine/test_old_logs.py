"""A log recorded by engine version 2 still folds, and every role's view of it is built: the
scenario it carries is filled in with what version 3 added (narrative ids, no conditions)."""

from __future__ import annotations

import copy

from wargame.engine import CONTROL, OBSERVER, fold, view

from .harness import Game, as_version_2, load


def test_a_version_2_log_folds_and_views() -> None:
    game = Game(load("tutorial"), seed=4)
    game.ok(CONTROL, type="start_game")
    game.ok(CONTROL, type="set_deadline", deadline="2024-06-01T13:00:00Z")
    game.ok(CONTROL, type="pause")
    game.ok(CONTROL, type="resume")
    game.advance_to("orders")
    move_id = game.ok("beijing", type="submit_move", action="beijing.trade_squeeze", rationale="r")[
        0
    ]["data"]["move_id"]
    game.advance_to("adjudication")
    game.ok(CONTROL, type="propose_probability", move_id=move_id)
    game.ok(CONTROL, type="adjudicate", move_id=move_id, method="roll", narrative="n")
    game.advance_to("briefing", turn=2)
    old = copy.deepcopy(game.events)
    for event in old:
        as_version_2(event)
    assert "narrative_id" not in old[2]["data"]

    journal: list[dict] = []
    state = fold(None, old, journal=journal)
    assert state is not None
    sheet = {item["id"]: item["status"] for item in state["run_sheet"].values()}
    assert sheet == {
        "narrative:1": "issued",
        "t1.test_site": "issued",
        "t1.shell_shortage": "issued",
        "narrative:2": "issued",
        "t2.floods": "issued",
    }
    assert [n["id"] for n in state["narratives"]] == ["narrative:1", "narrative:2"]
    for role in (CONTROL, OBSERVER, *state["scenario"]["roles"]):
        shown = view(state, role, journal)
        assert shown["game"]["turn"] == 2
    assert view(state, CONTROL, journal)["moves"][0]["narrative"] == "n"
