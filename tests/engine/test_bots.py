"""Doctrines and bots: doctrines are checked when a scenario loads, a bot decides from its
seat's view alone and says why it chose, and it never receives another seat's secrets."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest

from tests.engine.harness import load
from wargame.engine import ScenarioError, bots, canonical_json, validate_scenario, view
from wargame.games import simulations

SHIPPED = ["triangle-2024", "korea-1950"]


@pytest.mark.parametrize("slug", SHIPPED)
def test_every_seat_of_the_historical_scenarios_has_two_doctrines_or_more(slug):
    scenario = load(slug)
    for seat in scenario["roles"]:
        doctrines = bots.doctrines_of(scenario, seat)
        assert len(doctrines) >= 2, seat
        for doctrine in doctrines.values():
            assert doctrine["name"] and doctrine["summary"]
            assert all(p["because"] for p in doctrine["prefer"])


def test_beijing_waits_on_the_trend_or_uses_its_leverage():
    doctrines = bots.doctrines_of(load("triangle-2024"), "beijing")
    cautious, assertive = doctrines["cautious"], doctrines["assertive"]
    deng = {a for d in (cautious, assertive) for a in (p["action"] for p in d["prefer"])}
    assert "beijing.deng_trade_squeeze" in deng
    lean = {p["action"]: p["weight"] for p in assertive["prefer"] if p["when"] is None}
    assert lean.get("beijing.deng_private_warning", 0) > 0
    assert lean.get("beijing.deng_trade_squeeze", 0) > 0
    assert "beijing.their_own_matter" not in lean
    lean = {p["action"]: p["weight"] for p in cautious["prefer"] if p["when"] is None}
    assert max(lean, key=lambda a: lean[a]) == "beijing.their_own_matter"
    assert cautious["risk"]["floor"] > assertive["risk"]["floor"]
    assert cautious["secrecy"] < assertive["secrecy"]


def _raw(slug: str) -> dict[str, Any]:
    from pathlib import Path

    from wargame.engine import yamlsafe

    root = Path(__file__).resolve().parents[2]
    text = (root / "scenarios" / f"{slug}.yaml").read_bytes()
    return yamlsafe.load(yamlsafe.decode(text))


def _with_doctrine(change) -> dict[str, Any]:
    doc = copy.deepcopy(_raw("triangle-2024"))
    change(doc["seats"]["beijing"]["doctrines"]["cautious"])
    return doc


@pytest.mark.parametrize(
    ("change", "path", "words"),
    [
        (
            lambda d: d["prefer"][0].update(action="moscow.un_shield"),
            "seats.beijing.doctrines.cautious.prefer[0].action",
            "is not an action of beijing",
        ),
        (
            lambda d: d["prefer"][0].update(when="russian_need >= 50"),
            "seats.beijing.doctrines.cautious.prefer[0].when",
            "which beijing cannot see",
        ),
        (
            lambda d: d["prefer"][0].update(when="succeeded(pyongyang.send_troops)"),
            "seats.beijing.doctrines.cautious.prefer[0].when",
            "may make that move in secret",
        ),
        (
            lambda d: d["prefer"][0].update(when="leverage >= 3"),
            "seats.beijing.doctrines.cautious.prefer[0].when.indicator",
            "unknown indicator",
        ),
        (
            lambda d: d["argue"][0].update(action="beijing.call_restraint"),
            "seats.beijing.doctrines.cautious.argue[0].action",
            "its own moves",
        ),
        (
            lambda d: d["argue"][0].pop("action"),
            "seats.beijing.doctrines.cautious.argue[0]",
            "name the seat or the action",
        ),
        (
            lambda d: d.update(moves=5),
            "seats.beijing.doctrines.cautious.moves",
            "more than the move quota",
        ),
        (
            lambda d: d["prefer"].append(
                {
                    "action": "beijing.aid_package",
                    "weight": 1,
                    "targets": ["moscow"],
                    "because": "x",
                }
            ),
            "seats.beijing.doctrines.cautious.prefer[8].targets[0]",
            "is not a target",
        ),
        (
            lambda d: d["prefer"][0].pop("because"),
            "seats.beijing.doctrines.cautious.prefer[0].because",
            "Field required",
        ),
        (
            lambda d: d.update(secrecy=120),
            "seats.beijing.doctrines.cautious.secrecy",
            "less than or equal to 100",
        ),
        (
            lambda d: d.update(prefer=[]),
            "seats.beijing.doctrines.cautious.prefer",
            "at least 1 item",
        ),
        (
            lambda d: d.update(temper="hot"),
            "seats.beijing.doctrines.cautious.temper",
            "Extra inputs",
        ),
    ],
)
def test_a_bad_doctrine_is_a_scenario_error_naming_where(change, path, words):
    with pytest.raises(ScenarioError) as caught:
        validate_scenario(_with_doctrine(change), source="x.yaml")
    problems = [f"{where}: {problem}" for where, problem in caught.value.errors]
    assert any(p.startswith(f"{path}:") and words in p for p in problems), problems


def test_the_parts_of_a_view_are_the_complete_views_parts():
    state = _played_state("triangle-2024", seed=11, stop_turn=3)
    for seat in state["scenario"]["roles"]:
        complete = view(state, seat)
        for parts in (bots.PARTS, bots.ARGUMENT_PARTS):
            partial = view(state, seat, parts=parts)
            assert partial == {key: complete[key] for key in parts}


def _first_pairing(slug: str) -> dict[str, str]:
    return simulations.pairings(load(slug), {})[0]


class _Stop(Exception):
    pass


def _played_state(slug: str, *, seed: int, stop_turn: int) -> dict[str, Any]:
    """The state of a game played by bots up to the orders phase of ``stop_turn``."""
    kept: dict[str, Any] = {}
    real_table, real_orders = simulations._Table, bots.orders

    class Kept(real_table):
        def __init__(self, *a, **k):
            super().__init__(*a, **k)
            kept["table"] = self

    def orders(v, doctrine, rng):
        if v["game"]["turn"] == stop_turn:
            raise _Stop
        return real_orders(v, doctrine, rng)

    simulations._Table, bots.orders = Kept, orders
    try:
        simulations.play(
            simulations.new_game_state(load(slug), seed, "Stop"), _first_pairing(slug), seed
        )
    except _Stop:
        pass
    finally:
        simulations._Table, bots.orders = real_table, real_orders
    return kept["table"].state


class _Witness:
    """Wraps the bot functions to keep every view they are given, with the state of that
    moment (which the bot does not get)."""

    def __init__(self, monkeypatch):
        self.calls: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
        self.table: Any = None
        real_table = simulations._Table
        witness = self

        class Kept(real_table):
            def __init__(self, *a, **k):
                super().__init__(*a, **k)
                witness.table = self

        monkeypatch.setattr(simulations, "_Table", Kept)
        for name in ("orders", "arguments"):
            original = getattr(bots, name)

            def wrapped(v, *rest, _original=original, _name=name):
                witness.calls.append((_name, copy.deepcopy(v), copy.deepcopy(witness.table.state)))
                return _original(v, *rest)

            monkeypatch.setattr(bots, name, wrapped)


@pytest.mark.parametrize("slug", SHIPPED)
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_bot_never_receives_another_seats_secrets(monkeypatch, slug, seed):
    scenario = load(slug)
    witness = _Witness(monkeypatch)
    pairing = simulations.pairings(scenario, {})[seed * 5 % 16]
    simulations.play(simulations.new_game_state(scenario, seed, "Secrets"), pairing, seed)
    assert witness.calls
    secret_moves_checked = 0
    for kind, given, state in witness.calls:
        seat = given["seat"]
        # Exactly the seat's own view of that moment, nothing added.
        parts = bots.PARTS if kind == "orders" else bots.ARGUMENT_PARTS
        assert given == view(state, seat, parts=parts)
        text = canonical_json(given).decode()
        for spec in scenario["indicators"]:
            if spec["audience"] != "all" and seat not in spec["audience"]:
                assert f'"{spec["id"]}"' not in text, (seat, spec["id"])
        for move in state["moves"].values():
            hidden = (
                move["seat"] != seat
                and move["visibility"] == "secret"
                and not move["revealed"]
                and seat not in move["detected_by"]
            )
            if not hidden:
                continue
            secret_moves_checked += 1
            assert move["rationale"] not in text
            shown = [m for m in given["moves"] if m["id"] == move["id"]]
            assert all("action" not in m and "rationale" not in m for m in shown)
        for other in given.get("seats", []):
            if other["role"] != seat:
                assert "private_briefing" not in other
    assert secret_moves_checked > 0  # the games did hold secrets to keep


def test_the_record_says_why_the_bot_chose():
    scenario = load("triangle-2024")
    start = simulations.new_game_state(scenario, 5, "Why")
    pairing = {**_first_pairing("triangle-2024"), "beijing": "assertive"}
    result = simulations.play(start, pairing, 5, record=True)
    assert result.commands
    doctrine = bots.doctrines_of(scenario, "beijing")["assertive"]
    reasons = {p["because"] for p in doctrine["prefer"]}
    moves = [
        (actor, command)
        for actor, command in result.commands
        if actor["role"] == "beijing" and command["type"] == "submit_move"
    ]
    assert moves
    for actor, command in moves:
        assert actor["name"].startswith("Bot (assertive")
        assert command["rationale"].startswith(doctrine["name"])
        assert any(reason in command["rationale"] for reason in reasons)
        assert "the odds as we read them" in command["rationale"]
    arguments = [c for a, c in result.commands if c["type"] == "add_argument"]
    assert arguments and all(": " in c["text"] for c in arguments)


def test_a_doctrine_leans_as_it_says():
    """Cautious Beijing never squeezes trade while its initiative is low; assertive Beijing
    plays the Deng line from the first turn."""
    scenario = load("triangle-2024")
    chosen: dict[str, list[str]] = {"beijing": ["cautious", "assertive"]}
    combos = simulations.pairings(scenario, chosen)
    counts = {"cautious": {}, "assertive": {}}
    for index in range(64):
        combo = combos[index % len(combos)]
        seed = simulations.run_seed(9, index)
        result = simulations.play(
            simulations.new_game_state(scenario, seed, "Lean"), combo, seed, record=True
        )
        for actor, command in result.commands:
            if actor["role"] == "beijing" and command["type"] == "submit_move":
                tally = counts[combo["beijing"]]
                tally[command["action"]] = tally.get(command["action"], 0) + 1
    assert counts["assertive"].get("beijing.deng_private_warning", 0) > 0
    assert counts["assertive"].get("beijing.their_own_matter", 0) == 0
    assert counts["cautious"].get("beijing.their_own_matter", 0) > counts["cautious"].get(
        "beijing.deng_no_bloc", 0
    )
    assert counts["cautious"].get("beijing.deng_private_warning", 0) == 0


def test_orders_respect_the_quota_and_the_secret_moves_left():
    scenario = load("triangle-2024")
    doctrine = dict(bots.doctrines_of(scenario, "beijing")["assertive"], secrecy=100)
    state = _played_state("triangle-2024", seed=8, stop_turn=1)
    assert state["phase"] == "orders"
    seen = view(state, "beijing", parts=bots.PARTS)
    commands = bots.orders(seen, doctrine, random.Random(1))
    moves = [c for c in commands if c["type"] == "submit_move"]
    assert commands[-1] == {"type": "lock_orders"}
    assert 1 <= len(moves) <= scenario["move_quota"]
    secret = [c for c in moves if c["visibility"] == "secret"]
    allowed = {a["id"] for a in seen["actions"] if a["secret_allowed"]}
    assert all(c["action"] in allowed for c in secret)
    assert {c["action"] for c in moves} <= {a["id"] for a in seen["actions"] if a["available"]}


def test_a_seat_without_doctrines_cannot_be_given_one():
    scenario = load("tutorial")
    with pytest.raises(simulations.SimulationError, match="has no doctrines"):
        simulations.pairings(scenario, {})
    with pytest.raises(simulations.SimulationError, match="no doctrine 'bold'"):
        simulations.pairings(load("triangle-2024"), {"beijing": ["bold"]})
    with pytest.raises(simulations.SimulationError, match="no seat 'paris'"):
        simulations.pairings(load("triangle-2024"), {"paris": ["cautious"]})
