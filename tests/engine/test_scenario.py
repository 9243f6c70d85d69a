"""Scenario schema: shipped files validate, broken files say where and what is wrong."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from wargame.engine import ScenarioError, load_scenario_file, validate_scenario
from wargame.engine.expressions import (
    ExpressionError,
    evaluate_condition,
    evaluate_modifier,
    parse_condition,
    parse_modifier,
)

from .harness import ROOT, SCENARIOS

TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"


def tutorial() -> dict[str, Any]:
    return yaml.safe_load(TUTORIAL.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_shipped_scenarios_validate(path: Path) -> None:
    """Every file in scenarios/ validates and has four seats with actions."""
    doc = load_scenario_file(path)
    assert doc["slug"] == path.stem
    assert len(doc["turn_labels"]) == doc["turns"]
    assert all(seat["actions"] for seat in doc["seats"].values())


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_normalised_document_validates_to_itself(path: Path) -> None:
    """Validation is idempotent, so a game's stored copy re-validates unchanged."""
    doc = load_scenario_file(path)
    assert validate_scenario(copy.deepcopy(doc)) == doc


def test_tutorial_shape() -> None:
    """The tutorial: two turns, four seats, a hidden indicator, detection and injects."""
    doc = load_scenario_file(TUTORIAL)
    assert doc["turns"] == 2
    assert set(doc["seats"]) == {"beijing", "moscow", "pyongyang", "washington"}
    assert any(i["audience"] != "all" for i in doc["indicators"])
    assert any(a["detection"] for s in doc["seats"].values() for a in s["actions"])


def test_docs_example_validates() -> None:
    """The worked example in docs/scenarios.md is a valid scenario."""
    text = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert block
    validate_scenario(yaml.safe_load(block.group(1)))


def _break(change) -> dict[str, Any]:
    doc = tutorial()
    change(doc)
    return doc


def _set(path: list[Any], value: Any):
    def change(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(path: list[Any]):
    def change(doc: dict[str, Any]) -> None:
        target = doc
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return change


BROKEN = [
    (
        "effect on an unknown indicator",
        _set(["seats", "beijing", "actions", 0, "effects", "success", 0, "indicator"], "nope"),
        "seats.beijing.actions[0].effects.success[0].indicator",
        "unknown indicator 'nope'",
    ),
    (
        "probability above 100",
        _set(["seats", "moscow", "actions", 1, "base_probability"], 120),
        "seats.moscow.actions[1].base_probability",
        "less than or equal to 100",
    ),
    (
        "duplicate action id",
        _set(["seats", "beijing", "actions", 1, "id"], "beijing.trade_squeeze"),
        "seats.beijing.actions[1].id",
        "duplicate action id 'beijing.trade_squeeze'",
    ),
    (
        "audience names an unknown seat",
        _set(["indicators", 4, "audience"], ["pyongyang", "seoul"]),
        "indicators[4].audience[1]",
        "unknown seat 'seoul'",
    ),
    (
        "malformed modifier expression",
        _set(["seats", "beijing", "actions", 0, "modifiers", 0, "if"], "beijing_leverage >> 60"),
        "seats.beijing.actions[0].modifiers[0].if",
        "expected a whole number after '>'",
    ),
    (
        "modifier on an unknown indicator",
        _set(
            [
                "seats",
                "moscow",
                "actions",
                0,
                "detection",
                "beijing",
                "modifiers",
                0,
                "per",
                "indicator",
            ],
            "ghost",
        ),
        "seats.moscow.actions[0].detection.beijing.modifiers[0].per.indicator",
        "unknown indicator 'ghost'",
    ),
    (
        "start outside the range",
        _set(["indicators", 3, "start"], 25),
        "indicators[3].start",
        "outside 0..20",
    ),
    (
        "misspelt field",
        _set(["seats", "washington", "actions", 0, "base_probabilty"], 50),
        "seats.washington.actions[0].base_probabilty",
        "Extra inputs are not permitted",
    ),
    (
        "missing required field",
        _delete(["indicators", 0, "start"]),
        "indicators[0].start",
        "Field required",
    ),
    (
        "inject after the last turn",
        _set(["injects", 2, "turn"], 3),
        "injects[2].turn",
        "after the last turn",
    ),
    (
        "objective with an unknown comparator",
        _set(
            ["seats", "pyongyang", "objectives", 0, "condition"],
            {"indicator": "pyongyang_readiness", "atleast": 55},
        ),
        "seats.pyongyang.objectives[0].condition.atleast",
        "unknown comparator 'atleast'",
    ),
    (
        "action id of another seat",
        _set(["seats", "moscow", "actions", 1, "id"], "beijing.veto"),
        "seats.moscow.actions[1].id",
        "must look like 'moscow.some_action'",
    ),
    (
        "an action targeting its own seat",
        _set(["seats", "washington", "actions", 1, "targets"], ["washington"]),
        "seats.washington.actions[1].targets[0]",
        "cannot target itself",
    ),
    (
        "detection by an unknown seat",
        _set(["seats", "beijing", "actions", 1, "detection"], {"tokyo": 40}),
        "seats.beijing.actions[1].detection.tokyo",
        "unknown seat 'tokyo'",
    ),
    (
        "detection on a public-only action",
        _set(["seats", "beijing", "actions", 0, "detection"], {"washington": 40}),
        "seats.beijing.actions[0].detection",
        "secret_allowed",
    ),
    (
        "wrong number of turn labels",
        _set(["turn_labels"], ["Only one"]),
        "turn_labels",
        "has 1 labels but the scenario has 2 turns",
    ),
    (
        "phases without orders",
        _set(["phases"], ["briefing", "adjudication", "results"]),
        "phases",
        "must include 'orders'",
    ),
    (
        "reserved seat id",
        lambda doc: doc["seats"].__setitem__("control", copy.deepcopy(doc["seats"]["beijing"])),
        "seats.control",
        "reserved",
    ),
    (
        "duplicate indicator id",
        lambda doc: doc["indicators"].append(dict(doc["indicators"][0])),
        "indicators[5].id",
        "duplicate indicator id 'beijing_leverage'",
    ),
    (
        "messaging in an unknown phase",
        _set(["messaging_phases"], ["diplomacy", "lunch"]),
        "messaging_phases[1]",
        "Input should be",
    ),
]


@pytest.mark.parametrize("change,path,problem", [b[1:] for b in BROKEN], ids=[b[0] for b in BROKEN])
def test_broken_scenario_file(tmp_path: Path, change, path: str, problem: str) -> None:
    """A broken file is refused with the file, the path in the document and the problem."""
    file = tmp_path / "broken.yaml"
    file.write_text(yaml.safe_dump(_break(change), sort_keys=False), encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_file(file)
    error = caught.value
    assert error.file == str(file)
    assert error.path == path
    assert problem in error.problem
    assert str(error) == f"{file}: {path}: {error.problem}"


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    """Unparseable YAML names the line and column."""
    file = tmp_path / "bad.yaml"
    file.write_text("slug: x\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_file(file)
    assert caught.value.path.startswith("line ")
    assert "not valid YAML" in caught.value.problem


def test_top_level_must_be_a_mapping() -> None:
    with pytest.raises(ScenarioError) as caught:
        validate_scenario(["not", "a", "mapping"], source="list.yaml")
    assert str(caught.value).startswith("list.yaml: <top>: ")


def test_missing_file() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_scenario_file(ROOT / "scenarios" / "does-not-exist.yaml")
    assert "cannot read" in caught.value.problem


INDICATORS = {"a": {}, "b": {}}


@pytest.mark.parametrize(
    "text,values,expected",
    [
        ("a >= 60", {"a": 60, "b": 0}, True),
        ("a > 60", {"a": 60, "b": 0}, False),
        ("a < 10 or b == 5", {"a": 50, "b": 5}, True),
        ("a < 10 and b == 5", {"a": 50, "b": 5}, False),
        ("not (a != 3)", {"a": 3, "b": 0}, True),
        ("a >= -5 and (b <= 2 or not a > 100)", {"a": 0, "b": 9}, True),
    ],
)
def test_condition_strings(text: str, values: dict[str, int], expected: bool) -> None:
    """String conditions parse into dicts and evaluate without any Python eval."""
    condition = parse_condition(text, INDICATORS)
    assert evaluate_condition(condition, values) is expected
    assert parse_condition(condition, INDICATORS) == condition


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "a >=",
        "a >= x",
        "__import__('os') >= 1",
        "a >= 1 and",
        "(a >= 1",
        "c >= 1",
        {"all": []},
        {"indicator": "a"},
        {"xor": [1]},
        5,
    ],
)
def test_malformed_conditions(raw: Any) -> None:
    with pytest.raises(ExpressionError):
        parse_condition(raw, INDICATORS)


def test_per_modifier() -> None:
    """A 'per' modifier counts whole steps from its origin and clamps to min/max."""
    modifier = parse_modifier(
        {"per": {"indicator": "a", "from": 50, "step": 10}, "add": 5, "max": 12}, INDICATORS
    )
    assert evaluate_modifier(modifier, {"a": 79}) == 10
    assert evaluate_modifier(modifier, {"a": 95}) == 12
    assert evaluate_modifier(modifier, {"a": 41}) == 0
    assert evaluate_modifier(modifier, {"a": 30}) == -10
    assert modifier["label"]
