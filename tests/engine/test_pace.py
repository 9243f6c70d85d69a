"""Adjudication at the pace of the room: proposals in control's view, roll_remaining,
amend_narrative, and the modifiers a team sees being the ones the engine applies."""

from __future__ import annotations

import random
from typing import Any

import pytest

from wargame.engine import CONTROL, OBSERVER, load_scenario_file, project_event
from wargame.engine.rules import propose

from .harness import SCENARIOS, Game, load


@pytest.fixture
def game() -> Game:
    game = Game(load("tutorial"), seed=5)
    game.ok(CONTROL, type="start_game")
    game.advance_to("orders")
    return game


def _submit(game: Game, seat: str, action: str, **extra: Any) -> str:
    events = game.ok(seat, type="submit_move", action=action, rationale="r", **extra)
    return events[0]["data"]["move_id"]


def _free(game: Game, seat: str) -> str:
    argument = {"action": "Open talks", "result": "calm", "reasons": []}
    return _submit(game, seat, "free", argument=argument)


def _move(game: Game, move_id: str, role: str = CONTROL) -> dict[str, Any]:
    return next(m for m in game.view(role)["moves"] if m["id"] == move_id)


def test_control_sees_the_proposal_of_every_waiting_move(game: Game) -> None:
    squeeze = _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    free = _free(game, "moscow")
    assert _move(game, squeeze)["proposal"] is None  # orders still open
    game.advance_to("adjudication")
    assert game.state is not None
    for move_id in (squeeze, free):
        shown = _move(game, move_id)["proposal"]
        engine = propose(game.state, game.state["moves"][move_id], [])
        assert shown == {**engine, "seq": None, "probability": engine["proposed"], "reason": None}
    assert "proposal" not in _move(game, squeeze, "moscow")
    count = len(game.events)
    game.ok(CONTROL, type="propose_probability", move_id=squeeze, probability=70, reason="x")
    assert len(game.events) == count + 1  # the command still works
    assert _move(game, squeeze)["proposal"]["probability"] == 70
    game.ok(CONTROL, type="adjudicate", move_id=squeeze, method="roll")
    assert _move(game, squeeze)["proposal"]["probability"] == 70  # the record stays


def test_roll_remaining_rolls_catalog_moves_and_leaves_free_ones(game: Game) -> None:
    squeeze = _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    free = _free(game, "moscow")
    mobilise = _submit(game, "pyongyang", "pyongyang.covert_mobilisation", visibility="secret")
    sanctions = _submit(game, "washington", "washington.sanctions_push")
    game.rejected(CONTROL, "wrong_phase", type="roll_remaining")
    game.advance_to("adjudication")
    decided = game.ok(
        CONTROL,
        type="adjudicate",
        move_id=sanctions,
        method="decide",
        outcome="success",
        reason="r",
    )[0]["data"]["adjudication_id"]
    game.ok(CONTROL, type="propose_probability", move_id=mobilise, probability=90, reason="fast")
    events = game.ok(CONTROL, type="roll_remaining")
    adjudications = [e for e in events if e["type"] == "move_adjudicated"]
    assert [a["data"]["moves"] for a in adjudications] == [[squeeze], [mobilise]]
    assert all(a["data"]["method"] == "roll" for a in adjudications)
    ids = {a["data"]["adjudication_id"] for a in adjudications}
    assert len(ids) == 2 and decided not in ids  # one new adjudication each
    # Each at its proposal: the engine's for one, the White Cell's own for the other.
    assert adjudications[1]["data"]["entries"][0]["probability"] == 90
    assert adjudications[1]["data"]["entries"][0]["override_reason"] == "fast"
    assert adjudications[0]["audience"] == "all" and adjudications[1]["audience"] == ["pyongyang"]
    assert game.view(CONTROL)["pending"]["unadjudicated"] == [free]
    assert _move(game, free)["outcome"] is None
    game.rejected(CONTROL, "nothing_to_roll", type="roll_remaining")
    game.rejected("beijing", "forbidden", type="roll_remaining")


def test_roll_remaining_equals_rolling_one_by_one() -> None:
    """The same draws and effects as separate adjudicate commands, in move order."""
    logs = []
    for one_by_one in (False, True):
        game = Game(load("tutorial"), seed=9)
        game.ok(CONTROL, type="start_game")
        game.advance_to("orders")
        first = _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
        second = _submit(game, "moscow", "moscow.arms_for_shells", visibility="secret")
        game.advance_to("adjudication")
        if one_by_one:
            game.ok(CONTROL, type="adjudicate", move_id=first, method="roll")
            game.ok(CONTROL, type="adjudicate", move_id=second, method="roll")
        else:
            game.ok(CONTROL, type="roll_remaining")
        logs.append([(e["type"], e["data"], e["audience"]) for e in game.events[-6:]])
        assert game.state is not None
    assert logs[0] == logs[1]


def test_amend_narrative_keeps_its_history(game: Game) -> None:
    squeeze = _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    secret = _submit(game, "pyongyang", "pyongyang.covert_mobilisation", visibility="secret")
    game.advance_to("adjudication")
    game.rejected(CONTROL, "not_adjudicated", type="amend_narrative", move_id=squeeze, text="x")
    game.ok(CONTROL, type="adjudicate", move_id=squeeze, method="roll")  # no narrative needed
    assert _move(game, squeeze, OBSERVER)["narrative"] == ""
    assert _move(game, squeeze, OBSERVER)["narrative_history"] == []
    first = game.decide(
        CONTROL, {"type": "amend_narrative", "move_id": squeeze, "text": "Trucks wait."}, name="Ann"
    )
    assert isinstance(first, list)
    game.append(first)
    assert first[0]["type"] == "narrative_amended" and first[0]["audience"] == "all"
    adjudication_id = game.state["moves"][squeeze]["adjudication"]
    assert first[0]["data"] == {
        "adjudication_id": adjudication_id,
        "move_id": squeeze,
        "text": "Trucks wait.",
        "previous": "",
    }
    game.ok(CONTROL, type="amend_narrative", move_id=squeeze, text="Trucks wait at Dandong.")
    for role in (OBSERVER, "washington", CONTROL):
        assert _move(game, squeeze, role)["narrative"] == "Trucks wait at Dandong."
    move = _move(game, squeeze, CONTROL)
    assert [h["text"] for h in move["narrative_history"]] == [
        "Trucks wait.",
        "Trucks wait at Dandong.",
    ]
    assert move["narrative_history"][0]["by"] == "Ann"
    assert game.view(CONTROL)["adjudications"][0]["narrative_history"] == move["narrative_history"]
    # The teams read the current text only: an amendment may take back what was said by mistake.
    adjudication = game.view(OBSERVER)["adjudications"][0]
    assert adjudication["narrative"] == "Trucks wait at Dandong."
    assert adjudication["narrative_history"] == []
    assert _move(game, squeeze, "washington")["narrative_history"] == []
    assert 'Trucks wait."' not in game.view_text("washington")
    amended = [e for e in game.events if e["type"] == "narrative_amended"][-1]
    projected = project_event(amended, "washington")
    assert projected is not None and "previous" not in projected["data"]
    assert project_event(amended, CONTROL)["data"]["previous"] == "Trucks wait."
    timeline = [t["text"] for t in game.view(OBSERVER)["timeline"]]
    assert any(t.startswith(f"White Cell amended the narrative of {squeeze}") for t in timeline)

    game.ok(CONTROL, type="adjudicate", move_id=secret, method="roll", narrative="Quiet moves.")
    events = game.ok(CONTROL, type="amend_narrative", move_id=secret, text="Louder moves.")
    assert events[0]["audience"] == ["pyongyang"]
    assert "Louder moves" not in game.view_text("beijing")
    assert "Louder moves" not in game.view_text(OBSERVER)
    assert _move(game, secret, "pyongyang")["narrative"] == "Louder moves."
    assert [h["text"] for h in _move(game, secret, CONTROL)["narrative_history"]] == [
        "Quiet moves.",
        "Louder moves.",
    ]
    game.rejected(CONTROL, "invalid_command", type="amend_narrative", move_id=secret)
    game.rejected(CONTROL, "unknown_move", type="amend_narrative", move_id="m99", text="x")
    game.rejected("beijing", "forbidden", type="amend_narrative", move_id=secret, text="x")
    game.ok(CONTROL, type="void_adjudication", move_id=secret, reason="wrong")
    game.rejected(CONTROL, "not_adjudicated", type="amend_narrative", move_id=secret, text="x")


def _modifier_terms(proposal: dict[str, Any]) -> dict[int, int]:
    return {t["modifier"]: t["points"] for t in proposal["terms"] if "modifier" in t}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_the_modifiers_a_team_sees_are_the_ones_the_engine_applies(path: Any) -> None:
    """For every action of every shipped scenario, at several states, each modifier's value
    in the seat's view equals the term of the proposal the engine then makes."""
    scenario = load_scenario_file(path)
    rng = random.Random(path.stem)
    game = Game(scenario, seed=1)
    game.ok(CONTROL, type="start_game")
    specs = {spec["id"]: spec for spec in scenario["indicators"]}
    checked = 0
    for round_ in range(6):
        if round_:
            for spec in specs.values():
                value = rng.randint(spec["min"], spec["max"])
                game.ok(
                    CONTROL, type="adjust_indicator", indicator=spec["id"], value=value, reason="t"
                )
        assert game.state is not None
        for seat in scenario["roles"]:
            for action in game.view(seat)["actions"]:
                move = {"action": action["id"], "seat": seat, "arguments": []}
                terms = _modifier_terms(propose(game.state, move, []))
                catalog = next(
                    a for a in scenario["seats"][seat]["actions"] if a["id"] == action["id"]
                )
                assert {m["index"] for m in action["modifiers"]} <= set(
                    range(len(catalog["modifiers"]))
                )
                for modifier in action["modifiers"]:
                    assert modifier["value"] == terms.get(modifier["index"], 0), (
                        action["id"],
                        modifier,
                    )
                    assert (
                        isinstance(modifier["condition_text"], str) and modifier["condition_text"]
                    )
                    checked += 1
    assert checked > 0


def test_a_real_proposal_matches_the_team_view() -> None:
    """The case of the report: Beijing read +4, +3 and -10 (the coefficients) where the
    engine applied -4 and +6. Now the team sees the values, and they are the proposal's."""
    game = Game(load("triangle-2024"), seed=2)
    game.ok(CONTROL, type="start_game")
    game.ok(CONTROL, type="adjust_indicator", indicator="beijing_initiative", value=30, reason="t")
    game.ok(
        CONTROL, type="adjust_indicator", indicator="pyongyang_china_trade", value=90, reason="t"
    )
    game.ok(
        CONTROL,
        type="adjust_indicator",
        indicator="moscow_pyongyang_alignment",
        value=60,
        reason="t",
    )
    game.advance_to("orders")
    action = next(
        a for a in game.view("beijing")["actions"] if a["id"] == "beijing.deng_trade_squeeze"
    )
    assert [(m["add"], m["value"]) for m in action["modifiers"]] == [(4, -4), (3, 6), (-10, 0)]
    assert action["modifiers"][2]["condition_text"].startswith("-10 if Moscow")
    events = game.ok(
        "beijing", type="submit_move", action=action["id"], targets=["pyongyang"], rationale="r"
    )
    game.advance_to("adjudication")
    proposal = _move(game, events[0]["data"]["move_id"])["proposal"]
    assert _modifier_terms(proposal) == {0: -4, 1: 6}
    assert proposal["proposed"] == action["base_probability"] - 4 + 6
