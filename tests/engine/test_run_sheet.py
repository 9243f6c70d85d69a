"""The White Cell's run-sheet: scripted narratives and injects that are due, held, edited,
released early or skipped, and the turn-opening rule with conditions."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from wargame.engine import CONTROL, OBSERVER, validate_scenario

from .harness import Game, load

SQUEEZE = "beijing.trade_squeeze"


@pytest.fixture
def scenario() -> dict[str, Any]:
    return load("tutorial")


def _item(game: Game, item_id: str) -> dict[str, Any]:
    return next(i for i in game.view(CONTROL)["run_sheet"] if i["id"] == item_id)


def _types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


def test_the_run_sheet_lists_every_scripted_item_in_turn_order(scenario: dict[str, Any]) -> None:
    game = Game(scenario)
    sheet = game.view(CONTROL)["run_sheet"]
    assert [(i["id"], i["kind"], i["turn"], i["status"]) for i in sheet] == [
        ("narrative:1", "narrative", 1, "due"),
        ("t1.test_site", "inject", 1, "due"),
        ("t1.shell_shortage", "inject", 1, "due"),
        ("narrative:2", "narrative", 2, "due"),
        ("t2.floods", "inject", 2, "due"),
    ]
    floods = sheet[-1]
    assert floods["scripted"] == {
        "title": "Floods in the North",
        "text": floods["text"],
        "audience": "all",
    }
    assert floods["effects"] == [
        {"indicator": "beijing_leverage", "delta": 5},
        {"indicator": "pyongyang_readiness", "delta": -8},
    ]
    assert floods["condition"] is None and floods["condition_met"] is None
    assert floods["edited_by"] is None and floods["skip_reason"] is None
    assert floods["issued_seq"] is None
    for role in ("beijing", "moscow", OBSERVER):
        assert game.view(role)["run_sheet"] is None
        assert game.view(role)["facilitation"] is None

    events = game.ok(CONTROL, type="start_game")
    assert _types(events)[:4] == [
        "game_started",
        "narrative_published",
        "inject_issued",
        "indicators_changed",
    ]
    test_site = _item(game, "t1.test_site")
    assert test_site["status"] == "issued" and test_site["issued_seq"] == events[2]["seq"]
    assert _item(game, "narrative:1")["status"] == "issued"
    assert _item(game, "t2.floods")["status"] == "due"
    assert game.view("beijing")["narratives"][0]["id"] == "narrative:1"


def test_a_held_item_is_not_issued_when_its_turn_opens(scenario: dict[str, Any]) -> None:
    game = Game(scenario)
    game.ok(CONTROL, type="start_game")
    held = game.ok(CONTROL, type="hold_inject", inject_id="t2.floods")
    assert held[0]["type"] == "inject_held" and held[0]["audience"] == []
    game.rejected(CONTROL, "already_held", type="hold_inject", inject_id="t2.floods")
    game.advance_to("briefing", turn=2)
    assert _item(game, "t2.floods")["status"] == "held"
    assert _item(game, "narrative:2")["status"] == "issued"
    assert all(i["id"] != "t2.floods" for i in game.view(CONTROL)["injects"])
    assert game.view(CONTROL)["indicators"][0]["value"] == 55  # the floods' +5 waits


def test_edit_then_release_issues_the_edited_text(scenario: dict[str, Any]) -> None:
    game = Game(scenario)
    game.ok(CONTROL, type="start_game")
    game.ok(CONTROL, type="hold_inject", inject_id="t2.floods")
    edited = game.decide(
        CONTROL,
        {
            "type": "edit_inject",
            "inject_id": "t2.floods",
            "text": "Heavy rain in the North; Beijing hears first.",
            "audience": ["beijing"],
        },
        name="Ann",
    )
    assert not isinstance(edited, type(None))
    game.append(edited)  # type: ignore[arg-type]
    data = edited[0]["data"]  # type: ignore[index]
    assert edited[0]["type"] == "inject_edited" and edited[0]["audience"] == []  # type: ignore[index]
    assert data["scripted"]["text"].startswith("Heavy rain destroys crops")
    assert data["previous"]["audience"] == "all" and data["changed"] == ["text", "audience"]
    item = _item(game, "t2.floods")
    assert item["text"] == "Heavy rain in the North; Beijing hears first."
    assert item["audience"] == ["beijing"] and item["edited_by"] == "Ann"
    assert item["scripted"]["audience"] == "all" and item["status"] == "held"
    assert "Beijing hears first" not in game.view_text("beijing")  # not yet issued

    events = game.ok(CONTROL, type="release_inject", inject_id="t2.floods")
    assert _types(events) == ["inject_issued", "indicators_changed"]
    issued = events[0]
    assert issued["audience"] == ["beijing"]
    assert issued["data"]["released"] is True and issued["data"]["edited"] is True
    assert issued["data"]["turn"] == 1  # issued now, in turn 1, ahead of its turn
    assert _item(game, "t2.floods")["status"] == "issued"
    assert "Beijing hears first" in game.view_text("beijing")
    assert "Beijing hears first" not in game.view_text("washington")
    assert "Beijing hears first" not in game.view_text(OBSERVER)
    assert game.view(CONTROL)["indicators"][0]["value"] == 60
    game.rejected(CONTROL, "already_issued", type="release_inject", inject_id="t2.floods")
    game.rejected(CONTROL, "already_issued", type="edit_inject", inject_id="t2.floods", text="x")
    game.advance_to("briefing", turn=2)
    floods = [i for i in game.view(CONTROL)["injects"] if i["id"] == "t2.floods"]
    assert len(floods) == 1  # not issued a second time
    timeline = [t["text"] for t in game.view(CONTROL)["timeline"]]
    assert "Ann edited 'Floods in the North' (text, audience)" in timeline
    assert not any("edited" in t["text"] for t in game.view("beijing")["timeline"])
    seen = [e for e in game.projected("beijing") if e["type"] == "inject_issued"]
    assert "edited" not in seen[-1]["data"] and "released" not in seen[-1]["data"]


def test_releasing_a_narrative_early(scenario: dict[str, Any]) -> None:
    game = Game(scenario)
    game.ok(CONTROL, type="start_game")
    game.rejected(
        CONTROL,
        "invalid_command",
        type="edit_inject",
        inject_id="narrative:2",
        audience=["beijing"],
    )
    game.ok(CONTROL, type="edit_inject", inject_id="narrative:2", text="A shorter month.")
    events = game.ok(CONTROL, type="release_inject", inject_id="narrative:2")
    assert _types(events) == ["narrative_published"]
    assert events[0]["data"]["narrative_id"] == "narrative:2"
    assert game.view(OBSERVER)["narratives"][-1]["text"] == "A shorter month."
    game.advance_to("briefing", turn=2)
    assert [n["id"] for n in game.view(OBSERVER)["narratives"]] == ["narrative:1", "narrative:2"]


def test_skip_with_a_reason(scenario: dict[str, Any]) -> None:
    game = Game(scenario)
    game.ok(CONTROL, type="start_game")
    game.rejected(CONTROL, "invalid_command", type="skip_inject", inject_id="t2.floods")
    events = game.ok(CONTROL, type="skip_inject", inject_id="t2.floods", reason="No time left")
    assert events[0]["type"] == "inject_skipped" and events[0]["audience"] == []
    assert events[0]["data"]["cause"] == "control"
    item = _item(game, "t2.floods")
    assert item["status"] == "skipped" and item["skip_reason"] == "No time left"
    game.rejected(CONTROL, "already_skipped", type="release_inject", inject_id="t2.floods")
    game.rejected(CONTROL, "already_skipped", type="hold_inject", inject_id="t2.floods")
    game.rejected(
        CONTROL, "already_issued", type="skip_inject", inject_id="t1.test_site", reason="x"
    )
    game.advance_to("briefing", turn=2)
    assert all(i["id"] != "t2.floods" for i in game.view(CONTROL)["injects"])


def test_refusals(scenario: dict[str, Any]) -> None:
    game = Game(scenario)
    game.rejected(CONTROL, "unknown_inject", type="hold_inject", inject_id="t9.none")
    game.rejected(CONTROL, "invalid_command", type="hold_inject")
    game.rejected(CONTROL, "invalid_command", type="edit_inject", inject_id="t2.floods")
    game.rejected(
        CONTROL, "unknown_seat", type="edit_inject", inject_id="t2.floods", audience=["mars"]
    )
    game.rejected(CONTROL, "not_running", type="release_inject", inject_id="t2.floods")
    for kind in ("hold_inject", "edit_inject", "release_inject", "skip_inject"):
        game.rejected("beijing", "forbidden", type=kind, inject_id="t2.floods", text="x")
        game.rejected(OBSERVER, "forbidden", type=kind, inject_id="t2.floods", text="x")
    # Before the start the White Cell may already hold, edit or skip.
    game.ok(CONTROL, type="hold_inject", inject_id="t1.shell_shortage")
    game.ok(CONTROL, type="edit_inject", inject_id="t1.test_site", title="New vehicles")
    events = game.ok(CONTROL, type="start_game")
    issued = [e["data"]["inject_id"] for e in events if e["type"] == "inject_issued"]
    assert issued == ["t1.test_site"]
    assert events[2]["data"]["title"] == "New vehicles"
    game.ok(CONTROL, type="end_game")
    game.rejected(CONTROL, "not_running", type="skip_inject", inject_id="t2.floods", reason="x")


def _conditional(scenario: dict[str, Any], condition: Any) -> dict[str, Any]:
    doc = copy.deepcopy(scenario)
    doc["injects"][2]["condition"] = condition  # t2.floods
    doc["narratives"][1]["condition"] = {"not": condition}
    return validate_scenario(doc)


def _play_turn_one(game: Game, outcome: str) -> None:
    game.ok(CONTROL, type="start_game")
    game.advance_to("orders")
    move_id = game.ok(
        "beijing", type="submit_move", action=SQUEEZE, targets=["pyongyang"], rationale="r"
    )[0]["data"]["move_id"]
    game.advance_to("adjudication")
    game.ok(
        CONTROL, type="adjudicate", move_id=move_id, method="decide", outcome=outcome, reason="r"
    )


def test_the_turn_opening_issues_items_whose_condition_holds(scenario: dict[str, Any]) -> None:
    game = Game(_conditional(scenario, {"succeeded": SQUEEZE}))
    _play_turn_one(game, "success")
    floods = _item(game, "t2.floods")
    assert floods["condition"] == "Beijing's move 'Slow the border trade' succeeded"
    assert floods["condition_met"] is True
    assert _item(game, "narrative:2")["condition_met"] is False
    game.advance_to("briefing", turn=2)
    assert _item(game, "t2.floods")["status"] == "issued"
    narrative = _item(game, "narrative:2")
    assert narrative["status"] == "skipped" and narrative["skip_cause"] == "condition"
    assert narrative["skip_reason"] == (
        "condition not met: Beijing's move 'Slow the border trade' did not succeed"
    )


def test_the_turn_opening_skips_items_whose_condition_fails(scenario: dict[str, Any]) -> None:
    game = Game(_conditional(scenario, {"succeeded": SQUEEZE}))
    _play_turn_one(game, "failure")
    game.ok(CONTROL, type="advance_phase", force=True)
    events = game.ok(CONTROL, type="advance_phase", force=True)
    kinds = _types(events)
    assert kinds == ["phase_advanced", "narrative_published", "inject_skipped"]
    skipped = events[-1]
    assert skipped["audience"] == []
    assert skipped["data"] == {
        "inject_id": "t2.floods",
        "kind": "inject",
        "turn": 2,
        "reason": "condition not met: Beijing's move 'Slow the border trade' succeeded",
        "cause": "condition",
    }
    assert all(i["id"] != "t2.floods" for i in game.view(CONTROL)["injects"])
    assert not any("skipped" in t["text"] for t in game.view("beijing")["timeline"])
    assert any(
        t["text"].startswith("'Floods in the North' skipped: condition not met")
        for t in game.view(CONTROL)["timeline"]
    )


def test_a_held_item_whose_condition_fails_stays_held(scenario: dict[str, Any]) -> None:
    game = Game(_conditional(scenario, {"succeeded": SQUEEZE}))
    _play_turn_one(game, "failure")
    game.ok(CONTROL, type="hold_inject", inject_id="t2.floods")
    game.advance_to("briefing", turn=2)
    assert _item(game, "t2.floods")["status"] == "held"
    # The White Cell may still issue it: its judgement overrides the script's condition.
    events = game.ok(CONTROL, type="release_inject", inject_id="t2.floods")
    assert events[0]["type"] == "inject_issued"


def test_an_opening_reads_the_items_issued_before_in_it(scenario: dict[str, Any]) -> None:
    doc = copy.deepcopy(scenario)
    doc["injects"][2]["condition"] = {"issued": "narrative:2"}
    game = Game(validate_scenario(doc))
    game.ok(CONTROL, type="start_game")
    game.advance_to("briefing", turn=2)
    assert _item(game, "t2.floods")["status"] == "issued"


def test_facilitation_notes_for_the_white_cell(scenario: dict[str, Any]) -> None:
    doc = copy.deepcopy(scenario)
    doc["facilitator_notes"] = "Keep Moscow busy."
    doc["turn_notes"] = {2: "Ask Beijing first."}
    doc["timing"] = {"briefing": 5, "orders": 10}
    game = Game(validate_scenario(doc))
    assert game.view(CONTROL)["facilitation"]["turn_notes"] is None
    game.ok(CONTROL, type="start_game")
    facilitation = game.view(CONTROL)["facilitation"]
    assert facilitation["notes"] == "Keep Moscow busy."
    assert facilitation["turn_notes"] is None
    assert facilitation["timing"] == {"briefing": 5, "orders": 10}
    game.advance_to("briefing", turn=2)
    assert game.view(CONTROL)["facilitation"]["turn_notes"] == "Ask Beijing first."
    assert "Ask Beijing first" not in game.view_text("beijing")
