"""Game arithmetic used by decide and view: proposals, detection, effects, commitments, scores."""

from __future__ import annotations

import hashlib
from typing import Any

from .codec import canonical_json
from .common import (
    PROBABILITY_CEILING,
    PROBABILITY_FLOOR,
    STRONG_ARGUMENT_POINTS,
    can_see,
    clamp,
    copy_audience,
)
from .expressions import (
    Facts,
    Names,
    condition_atoms,
    condition_indicators,
    describe_words,
    evaluate_condition,
    evaluate_modifier,
)


def indicator_values(state: dict[str, Any]) -> dict[str, int]:
    return {key: entry["value"] for key, entry in state["indicators"].items()}


def indicator_specs(state: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {spec["id"]: spec for spec in state["scenario"]["indicators"]}


def find_action(state: dict[str, Any], action_id: str) -> dict[str, Any] | None:
    seat, _, _ = action_id.partition(".")
    seat_doc = state["scenario"]["seats"].get(seat)
    if seat_doc is None:
        return None
    for action in seat_doc["actions"]:
        if action["id"] == action_id:
            found: dict[str, Any] = action
            return found
    return None


def action_name(state: dict[str, Any], action_id: str) -> str:
    """What an action is called: its catalog name, or "free argument"."""
    if action_id == "free":
        return "free argument"
    action = find_action(state, action_id)
    return action["name"] if action else action_id


def log_facts(state: dict[str, Any]) -> Facts:
    """What the log holds so far, for conditions over it: catalog moves that succeeded or
    failed (a voided adjudication clears its outcome), were made (orders closed, not
    withdrawn) or were detected (by whom), and the injects and narratives issued."""
    facts = Facts()
    for move in state["moves"].values():
        action = move["action"]
        if action == "free" or move["status"] != "announced":
            continue
        facts.submitted.add(action)
        if move["outcome"] == "success":
            facts.succeeded.add(action)
        elif move["outcome"] == "failure":
            facts.failed.add(action)
        for seat in move["detected_by"]:
            facts.detected.add(action)
            facts.detected_by.add((action, seat))
    facts.issued.update(inject["id"] for inject in state["injects"])
    facts.issued.update(n["id"] for n in state["narratives"] if n.get("id"))
    return facts


def condition_holds(
    state: dict[str, Any], condition: dict[str, Any] | None, facts: Facts | None = None
) -> bool:
    """Whether a scenario condition (of an inject, narrative or action) holds now; no
    condition always holds."""
    if condition is None:
        return True
    return evaluate_condition(condition, indicator_values(state), facts or log_facts(state))


def scenario_names(scenario: dict[str, Any]) -> Names:
    """Display names of a scenario's indicators, actions, seats, injects and narratives."""
    seats = scenario["seats"]
    items: dict[str, str] = {}
    for narrative in scenario["narratives"]:
        narrative_id = narrative.get("id") or f"narrative:{narrative['turn']}"
        items[narrative_id] = narrative.get("title") or (
            f"the narrative of {scenario['turn_labels'][narrative['turn'] - 1]}"
        )
    for inject in scenario["injects"]:
        items[inject["id"]] = inject["title"] or inject["id"]
    return Names(
        indicators={spec["id"]: spec["name"] for spec in scenario["indicators"]},
        actions={a["id"]: a["name"] for seat in seats.values() for a in seat["actions"]},
        seats={seat: doc["name"] for seat, doc in seats.items()},
        items=items,
    )


def condition_words(state: dict[str, Any], condition: dict[str, Any] | None) -> str | None:
    """A scenario condition in words, or None when there is none."""
    if condition is None:
        return None
    return describe_words(condition, scenario_names(state["scenario"]))


def unavailable_reason(
    state: dict[str, Any], seat: str, condition: dict[str, Any], facts: Facts | None = None
) -> str:
    """Why a seat's action is not offered, in words the seat may read: the condition spelt out
    when it reads only what the seat sees (scenario validation makes sure of the indicators
    and the log) and names no scripted item that has not been issued yet (its title would
    give away what is coming); otherwise a plain "not now"."""
    facts = facts if facts is not None else log_facts(state)
    visible = {
        spec["id"] for spec in state["scenario"]["indicators"] if can_see(spec["audience"], seat)
    }
    unissued = any(
        "issued" in atom and atom["issued"] not in facts.issued
        for atom in condition_atoms(condition)
    )
    if unissued or not condition_indicators(condition) <= visible:
        return "Not available in the present situation."
    words = describe_words(condition, scenario_names(state["scenario"]))
    return f"Not available now: it needs {words}."


def action_available(
    state: dict[str, Any], action: dict[str, Any], facts: Facts | None = None
) -> bool:
    return condition_holds(state, action.get("condition"), facts)


def unadjudicated_moves(state: dict[str, Any]) -> list[str]:
    """The ids of this turn's announced moves that have no standing adjudication, in order."""
    return [
        m["id"]
        for m in sorted(state["moves"].values(), key=lambda m: m["n"])
        if m["turn"] == state["turn"] and m["status"] == "announced" and m["adjudication"] is None
    ]


ADJUDICATION_PHASES = ("adjudication", "results")
"""The phases in which a move of the turn may be adjudicated, and its proposal set."""


def adjudicable_moves(state: dict[str, Any]) -> list[str]:
    """The ids of the moves that ``adjudicate`` and ``propose_probability`` accept now, in order."""
    if state["status"] != "running" or state["phase"] not in ADJUDICATION_PHASES:
        return []
    return unadjudicated_moves(state)


def rollable_moves(state: dict[str, Any]) -> list[str]:
    """The ids of the moves ``roll_remaining`` would roll now: this turn's unadjudicated catalog
    moves, in the adjudication phase only (free arguments are left for the White Cell)."""
    if state["status"] != "running" or state["phase"] != "adjudication":
        return []
    return [m for m in unadjudicated_moves(state) if state["moves"][m]["action"] != "free"]


def following_phase(state: dict[str, Any]) -> tuple[int, str] | None:
    """(turn, phase) that ``advance_phase`` would open, or None in the last phase of the last
    turn (and before the start or after the end)."""
    if state["status"] != "running":
        return None
    scenario = state["scenario"]
    phases, turn = scenario["phases"], state["turn"]
    index = phases.index(state["phase"])
    if index + 1 < len(phases):
        return turn, phases[index + 1]
    if turn >= scenario["turns"]:
        return None
    return turn + 1, phases[0]


def propose(state: dict[str, Any], move: dict[str, Any], strong: list[str]) -> dict[str, Any]:
    """The engine's proposal for a move, with the terms that explain it."""
    values = indicator_values(state)
    terms: list[dict[str, Any]] = []
    if move["action"] == "free":
        base = state["scenario"]["free_move_probability"]
        terms.append({"label": "base probability of a free argument", "points": base})
    else:
        action = find_action(state, move["action"])
        assert action is not None
        base = action["base_probability"]
        terms.append({"label": f"base probability of {action['name']}", "points": base})
        for index, modifier in enumerate(action["modifiers"]):
            points = evaluate_modifier(modifier, values)
            if points:
                terms.append({"label": modifier["label"], "points": points, "modifier": index})
    pros = cons = 0
    for argument_id in strong:
        argument = state["arguments"][argument_id]
        sign = 1 if argument["stance"] == "pro" else -1
        if sign > 0:
            pros += 1
        else:
            cons += 1
        terms.append(
            {
                "label": f"strong {argument['stance']} from {argument['seat']} ({argument_id})",
                "points": sign * STRONG_ARGUMENT_POINTS,
            }
        )
    raw = sum(term["points"] for term in terms)
    proposed = clamp(raw, PROBABILITY_FLOOR, PROBABILITY_CEILING)
    if proposed != raw:
        terms.append(
            {
                "label": f"clamped to [{PROBABILITY_FLOOR}, {PROBABILITY_CEILING}]",
                "points": proposed - raw,
            }
        )
    return {
        "base": base,
        "terms": terms,
        "strong": list(strong),
        "strong_pros": pros,
        "strong_cons": cons,
        "proposed": proposed,
    }


def detection_chances(state: dict[str, Any], move: dict[str, Any]) -> list[tuple[str, int]]:
    """(seat, chance 0..100) for every seat that may detect this secret move."""
    if move["action"] == "free":
        return []
    action = find_action(state, move["action"])
    if action is None:
        return []
    values = indicator_values(state)
    chances = []
    for seat in state["scenario"]["roles"]:
        detection = action["detection"].get(seat)
        if detection is None or seat == move["seat"]:
            continue
        chance = detection["chance"] + sum(
            evaluate_modifier(modifier, values) for modifier in detection["modifiers"]
        )
        chances.append((seat, clamp(chance, 0, 100)))
    return chances


def apply_effects(
    state: dict[str, Any],
    effects: list[dict[str, Any]],
    working: dict[str, int] | None = None,
) -> list[dict[str, Any]]:
    """Changes (with before/after, clamped) that ``effects`` make; ``working`` carries values
    forward when several effect lists apply within one decision."""
    specs = indicator_specs(state)
    values = working if working is not None else indicator_values(state)
    changes = []
    for effect in effects:
        spec = specs[effect["indicator"]]
        before = values[spec["id"]]
        after = clamp(before + effect["delta"], spec["min"], spec["max"])
        values[spec["id"]] = after
        changes.append(
            {
                "indicator": spec["id"],
                "delta": after - before,
                "requested": effect["delta"],
                "before": before,
                "after": after,
                "audience": copy_audience(spec["audience"]),
            }
        )
    return changes


def commitment_content(move: dict[str, Any]) -> dict[str, Any]:
    """The part of a secret move its commitment binds (the rationale is not part of it)."""
    return {
        "move_id": move["move_id"],
        "seat": move["seat"],
        "turn": move["turn"],
        "action": move["action"],
        "argument": move["argument"],
        "targets": move["targets"],
    }


def commitment(content: dict[str, Any], salt: str) -> str:
    """Hex SHA-256 of canonical_json({"move": content, "salt": salt})."""
    return hashlib.sha256(canonical_json({"move": content, "salt": salt})).hexdigest()


def score(state: dict[str, Any]) -> dict[str, Any]:
    """Each seat's objectives evaluated on current indicator values."""
    values = indicator_values(state)
    scores: dict[str, Any] = {}
    for seat in state["scenario"]["roles"]:
        seat_doc = state["scenario"]["seats"][seat]
        results = []
        for objective in seat_doc["objectives"]:
            met = evaluate_condition(objective["condition"], values)
            results.append(
                {
                    "id": objective["id"],
                    "text": objective["text"],
                    "points": objective["points"],
                    "met": met,
                }
            )
        scores[seat] = {
            "points": sum(r["points"] for r in results if r["met"]),
            "max": sum(r["points"] for r in results),
            "objectives": results,
        }
    return scores
