"""Conditions over the log (succeeded, failed, adjudicated, submitted, detected, issued): the
scenario schema that allows them, their string forms, and their value on a game's state."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from wargame.engine import CONTROL, ScenarioError, validate_scenario
from wargame.engine.expressions import ExpressionError, LogRefs, describe_condition, parse_condition
from wargame.engine.rules import condition_holds, condition_words, log_facts

from .harness import Game, load

SQUEEZE = "beijing.trade_squeeze"
MOBILISE = "pyongyang.covert_mobilisation"


@pytest.fixture
def scenario() -> dict[str, Any]:
    return load("tutorial")


def _errors(doc: dict[str, Any]) -> list[tuple[str, str]]:
    with pytest.raises(ScenarioError) as caught:
        validate_scenario(doc)
    return caught.value.errors


REFS = LogRefs(
    actions=frozenset({SQUEEZE, MOBILISE}),
    items=frozenset({"t1.test_site", "narrative:1"}),
    seats=frozenset({"beijing", "pyongyang", "washington"}),
)
INDICATORS = {"escalation": {}}


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        (f"succeeded({SQUEEZE})", {"succeeded": SQUEEZE}),
        (f"failed({SQUEEZE})", {"failed": SQUEEZE}),
        (f"adjudicated({SQUEEZE})", {"adjudicated": SQUEEZE}),
        (f"submitted({MOBILISE})", {"submitted": MOBILISE}),
        (f"detected({MOBILISE})", {"detected": MOBILISE}),
        (f"detected({MOBILISE} by beijing)", {"detected": MOBILISE, "by": "beijing"}),
        ("issued(t1.test_site)", {"issued": "t1.test_site"}),
        ("issued(narrative:1)", {"issued": "narrative:1"}),
        (
            f"escalation >= 3 and not succeeded({SQUEEZE})",
            {"all": [{"indicator": "escalation", "gte": 3}, {"not": {"succeeded": SQUEEZE}}]},
        ),
    ],
)
def test_string_and_dict_forms_agree(text: str, parsed: dict[str, Any]) -> None:
    assert parse_condition(text, INDICATORS, refs=REFS) == parsed
    assert parse_condition(parsed, INDICATORS, refs=REFS) == parsed
    assert parse_condition(describe_condition(parsed), INDICATORS, refs=REFS) == parsed


@pytest.mark.parametrize(
    ("raw", "path", "problem"),
    [
        ({"succeeded": "beijing.nothing"}, "succeeded", "unknown action 'beijing.nothing'"),
        ({"issued": "t9.nothing"}, "issued", "unknown inject or narrative 't9.nothing'"),
        ({"detected": MOBILISE, "by": "mars"}, "by", "unknown seat 'mars'"),
        ({"detected": MOBILISE, "by": "pyongyang"}, "by", "a seat cannot detect its own action"),
        ({"failed": SQUEEZE, "by": "beijing"}, "by", "unknown field 'by' in a 'failed' condition"),
        ({"any": [{"issued": 3}]}, "any[0].issued", "'issued' needs an id"),
        ("happened(x)", "", "expected a comparison after 'happened' in 'happened(x)'"),
    ],
)
def test_bad_atoms_name_their_place(raw: Any, path: str, problem: str) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_condition(raw, INDICATORS, refs=REFS)
    assert (caught.value.path, caught.value.problem) == (path, problem)


def test_log_atoms_need_a_place_that_allows_them() -> None:
    with pytest.raises(ExpressionError, match="allowed only in the conditions of injects"):
        parse_condition({"succeeded": SQUEEZE}, INDICATORS)


def test_scenario_conditions_are_checked_with_paths(scenario: dict[str, Any]) -> None:
    doc = copy.deepcopy(scenario)
    doc["injects"][0]["condition"] = {"all": ["escalation >= 2", {"succeeded": "beijing.nope"}]}
    doc["narratives"][1]["condition"] = {"issued": "t7.none"}
    doc["seats"]["washington"]["actions"][0]["condition"] = {"detected": MOBILISE, "by": "x"}
    doc["seats"]["beijing"]["objectives"][0]["condition"] = {"succeeded": SQUEEZE}
    errors = _errors(doc)
    assert ("injects[0].condition.all[1].succeeded", "unknown action 'beijing.nope'") in errors
    assert ("narratives[1].condition.issued", "unknown inject or narrative 't7.none'") in errors
    assert ("seats.washington.actions[0].condition.by", "unknown seat 'x'") in errors
    assert any(
        path == "seats.beijing.objectives[0].condition.succeeded" and "allowed only" in problem
        for path, problem in errors
    )


def test_scenario_schema_additions(scenario: dict[str, Any]) -> None:
    doc = copy.deepcopy(scenario)
    doc["narratives"][1]["id"] = None  # as written in a file: the default id is filled in
    doc["narratives"].append({"turn": 2, "text": "An alternative turn-2 narrative."})
    doc["injects"][2]["condition"] = f"not succeeded({SQUEEZE}) and issued(narrative:2:1)"
    doc["seats"]["beijing"]["actions"][1]["condition"] = {"issued": "t1.test_site"}
    doc["facilitator_notes"] = "Keep the pace."
    doc["turn_notes"] = {1: "Let Moscow speak first.", "2": "Watch the clock."}
    doc["timing"] = {"briefing": 5, "orders": 10}
    normalised = validate_scenario(doc)
    assert [n["id"] for n in normalised["narratives"]] == [
        "narrative:1",
        "narrative:2:1",
        "narrative:2:2",
    ]
    assert normalised["injects"][2]["condition"] == {
        "all": [{"not": {"succeeded": SQUEEZE}}, {"issued": "narrative:2:1"}]
    }
    assert normalised["turn_notes"] == {"1": "Let Moscow speak first.", "2": "Watch the clock."}
    assert normalised["timing"] == {"briefing": 5, "orders": 10}
    assert validate_scenario(normalised) == normalised  # a stored document validates again

    bad = copy.deepcopy(doc)
    bad["turn_notes"] = {3: "no such turn"}
    bad["timing"] = {"recess": 5}
    bad["narratives"][0]["id"] = "t1.test_site"
    errors = _errors(bad)
    assert errors[0][0] == "timing.recess"
    bad["timing"] = {"orders": -1}
    assert _errors(bad)[0] == ("timing.orders", "Input should be greater than or equal to 0")
    bad["timing"] = {}
    paths = [path for path, _ in _errors(bad)]
    assert "turn_notes.3" in paths
    assert "narratives[0].id" in paths  # one id space for injects and narratives


def _detecting_scenario(scenario: dict[str, Any]) -> dict[str, Any]:
    doc = copy.deepcopy(scenario)
    detection = doc["seats"]["pyongyang"]["actions"][1]["detection"]
    detection["beijing"] = 100
    detection["washington"] = 0
    return doc


def test_each_atom_on_a_played_turn(scenario: dict[str, Any]) -> None:
    game = Game(_detecting_scenario(scenario), seed=3)
    game.ok(CONTROL, type="start_game")

    def holds(condition: dict[str, Any]) -> bool:
        assert game.state is not None
        return condition_holds(game.state, condition)

    assert holds({"issued": "t1.test_site"}) and holds({"issued": "narrative:1"})
    assert not holds({"issued": "t2.floods"}) and not holds({"issued": "narrative:2"})
    game.advance_to("orders")
    squeeze = game.ok(
        "beijing", type="submit_move", action=SQUEEZE, targets=["pyongyang"], rationale="r"
    )[0]["data"]["move_id"]
    mobilise = game.ok(
        "pyongyang", type="submit_move", action=MOBILISE, visibility="secret", rationale="r"
    )[0]["data"]["move_id"]
    push = game.ok(
        "washington", type="submit_move", action="washington.sanctions_push", rationale="r"
    )[0]["data"]["move_id"]
    game.ok("washington", type="withdraw_move", move_id=push)
    # Sealed moves count for nothing until the orders close.
    assert not holds({"submitted": SQUEEZE})
    game.advance_to("adjudication")
    assert holds({"submitted": SQUEEZE}) and holds({"submitted": MOBILISE})
    assert not holds({"submitted": "washington.sanctions_push"})  # withdrawn
    assert not holds({"adjudicated": SQUEEZE})
    game.ok(
        CONTROL, type="adjudicate", move_id=squeeze, method="decide", outcome="success", reason="x"
    )
    game.ok(
        CONTROL, type="adjudicate", move_id=mobilise, method="decide", outcome="failure", reason="x"
    )
    assert holds({"succeeded": SQUEEZE}) and not holds({"failed": SQUEEZE})
    assert holds({"failed": MOBILISE}) and not holds({"succeeded": MOBILISE})
    assert holds({"adjudicated": SQUEEZE}) and holds({"adjudicated": MOBILISE})
    assert holds({"detected": MOBILISE}) and holds({"detected": MOBILISE, "by": "beijing"})
    assert not holds({"detected": MOBILISE, "by": "washington"})
    assert not holds({"detected": SQUEEZE})
    assert holds({"all": [{"succeeded": SQUEEZE}, {"not": {"detected": MOBILISE, "by": "moscow"}}]})

    # A voided adjudication takes the outcome back; what was detected stays known.
    game.ok(CONTROL, type="void_adjudication", move_id=mobilise, reason="misread")
    assert not holds({"failed": MOBILISE}) and not holds({"adjudicated": MOBILISE})
    assert holds({"detected": MOBILISE, "by": "beijing"})
    assert game.state is not None
    facts = log_facts(game.state)
    assert facts.succeeded == {SQUEEZE} and facts.detected_by == {(MOBILISE, "beijing")}


def test_conditions_in_words(scenario: dict[str, Any]) -> None:
    game = Game(scenario)
    assert game.state is not None
    words = condition_words(
        game.state,
        {
            "any": [
                {"all": [{"indicator": "escalation", "gte": 6}, {"succeeded": SQUEEZE}]},
                {"detected": MOBILISE, "by": "beijing"},
                {"not": {"issued": "t2.floods"}},
            ]
        },
    )
    assert words == (
        "(Escalation rung is at least 6 and Beijing's move 'Slow the border trade' succeeded) or "
        "Pyongyang's move 'Mobilise reserve units quietly' was detected by Beijing or "
        "'Floods in the North' has not been issued"
    )


def test_an_action_whose_condition_fails_is_not_offered(scenario: dict[str, Any]) -> None:
    doc = copy.deepcopy(scenario)
    # Beijing may read what Pyongyang's public missile test did: that move is never secret.
    doc["seats"]["beijing"]["actions"][0]["condition"] = {"succeeded": "pyongyang.missile_test"}
    game = Game(doc)
    game.ok(CONTROL, type="start_game")
    game.advance_to("orders")
    squeeze = next(a for a in game.view("beijing")["actions"] if a["id"] == SQUEEZE)
    assert squeeze["available"] is False
    assert squeeze["unavailable_reason"] == (
        "Not available now: it needs Pyongyang's move 'Test a missile over the sea' succeeded."
    )
    others = [a for a in game.view("beijing")["actions"] if a["id"] != SQUEEZE]
    assert all(a["available"] and a["unavailable_reason"] is None for a in others)
    control_view = next(a for a in game.view(CONTROL)["actions"] if a["id"] == SQUEEZE)
    assert control_view["available"] is False
    rejection = game.rejected(
        "beijing", "action_unavailable", type="submit_move", action=SQUEEZE, rationale="r"
    )
    assert rejection.kind == "rules"
    assert rejection.message == f"Slow the border trade: {squeeze['unavailable_reason']}"


@pytest.mark.parametrize(
    "condition, problem",
    [
        ("pyongyang_readiness >= 99", "reads 'pyongyang_readiness', which beijing cannot see"),
        ({"succeeded": MOBILISE}, "pyongyang may make that move in secret"),
        ({"detected": MOBILISE}, "must say 'by beijing'"),
        ({"detected": MOBILISE, "by": "washington"}, "must say 'by beijing'"),
        ({"issued": "t1.shell_shortage"}, "which beijing would not see"),
    ],
)
def test_an_action_condition_reads_only_what_its_seat_knows(
    scenario: dict[str, Any], condition: Any, problem: str
) -> None:
    """A seat sees whether its actions are offered: a condition over another seat's secret, a
    hidden indicator or an inject for others would tell it through that list."""
    doc = copy.deepcopy(scenario)
    doc["seats"]["beijing"]["actions"][0]["condition"] = condition
    errors = _errors(doc)
    assert errors[0][0] == "seats.beijing.actions[0].condition"
    assert problem in errors[0][1]


@pytest.mark.parametrize(
    "condition",
    [
        {"succeeded": "beijing.quiet_envoy"},  # its own move, secret or not
        {"detected": MOBILISE, "by": "beijing"},  # what it detected itself
        {"issued": "t2.floods"},  # an inject to everyone
        "beijing_leverage >= 50",
    ],
)
def test_an_action_condition_may_read_what_its_seat_knows(
    scenario: dict[str, Any], condition: Any
) -> None:
    doc = copy.deepcopy(scenario)
    doc["seats"]["beijing"]["actions"][0]["condition"] = condition
    validate_scenario(doc)


def test_the_reason_names_no_scripted_item_before_it_is_issued(scenario: dict[str, Any]) -> None:
    """'Floods in the North' is turn 2's news: a turn-1 reason must not announce it."""
    doc = copy.deepcopy(scenario)
    doc["seats"]["beijing"]["actions"][0]["condition"] = {"issued": "t2.floods"}
    game = Game(doc)
    game.ok(CONTROL, type="start_game")
    game.advance_to("orders")
    squeeze = next(a for a in game.view("beijing")["actions"] if a["id"] == SQUEEZE)
    assert squeeze["unavailable_reason"] == "Not available in the present situation."
    rejection = game.rejected(
        "beijing", "action_unavailable", type="submit_move", action=SQUEEZE, rationale="r"
    )
    assert "Floods" not in rejection.message
    assert "Floods" not in game.view_text("beijing")


def test_an_inject_an_action_reads_keeps_that_seat_in_its_audience(
    scenario: dict[str, Any],
) -> None:
    """Narrowing 'Floods in the North' to Washington would leave Beijing's list of actions
    telling it whether the floods were announced."""
    doc = copy.deepcopy(scenario)
    doc["seats"]["beijing"]["actions"][0]["condition"] = {"issued": "t2.floods"}
    game = Game(doc)
    game.ok(CONTROL, type="start_game")
    rejection = game.rejected(
        CONTROL,
        "audience_needed",
        type="edit_inject",
        inject_id="t2.floods",
        audience=["washington"],
    )
    assert "beijing" in rejection.message
    game.ok(CONTROL, type="edit_inject", inject_id="t2.floods", audience=["beijing", "washington"])
