"""Bots: a seat played by one of its scenario's doctrines, from that seat's view alone.

A doctrine (``seats.<seat>.doctrines.<name>`` in the scenario, checked by ``scenario.py``)
says which of the seat's actions it leans towards or away from under which conditions, how it
weighs the odds it can see, how often it moves in secret and what it argues for and against.
The functions here read nothing but a seat's view (``engine.view(state, seat, journal)``) and
the doctrine, and return commands the seat could have typed: ``submit_move`` with a rationale
that says which rule of the doctrine chose it, ``lock_orders``, ``add_argument``. So a bot
knows what its team would know and no more; it never reads the state.

Choosing orders, for each action the view offers (available, not yet chosen this turn):

- its *weight* is the sum of the weights of the doctrine's preferences for it whose ``when``
  holds (conditions read the indicators the seat sees and what its view shows of the log);
  an action with no preference, or a weight of 0 or less, is not chosen;
- its *odds* are the ones the seat can read: the base probability plus the modifiers its view
  shows, within the engine's floor and ceiling; under ``risk.floor`` it is not tried;
- its *score* is ``weight * (appetite + (100 - appetite) * odds / 100) / 100``: with appetite
  0 the odds count in full, with 100 they are ignored;
- up to ``moves`` actions (the quota by default) are drawn one after another in proportion to
  their scores, from the bot's own random stream (``random.Random``), never the game's dice;
- a chosen action is made secret with probability ``secrecy`` percent where the action and
  the seat's remaining secret moves allow.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .common import PROBABILITY_CEILING, PROBABILITY_FLOOR, clamp
from .expressions import Facts, evaluate_condition

View = Mapping[str, Any]
Command = dict[str, Any]

# The parts of a seat's view a bot reads (``engine.view(..., parts=PARTS)``): each one exactly
# what the seat's complete view holds. Arguing needs less than choosing orders.
PARTS = frozenset(
    {
        "seat",
        "game",
        "seats",
        "indicators",
        "actions",
        "quota",
        "moves",
        "injects",
        "narratives",
        "intelligence",
    }
)
ARGUMENT_PARTS = PARTS - {"actions", "quota", "seats"}


@dataclass(frozen=True)
class Choice:
    """One action a doctrine weighed: its weight, odds and score, and the reason given."""

    action: str
    weight: int
    odds: int
    score: float
    because: str
    targets: list[str]


def doctrines_of(scenario: Mapping[str, Any], seat: str) -> dict[str, dict[str, Any]]:
    """The doctrines a scenario declares for a seat (none for a scenario recorded before
    doctrines existed)."""
    seat_doc = scenario["seats"].get(seat) or {}
    found: dict[str, dict[str, Any]] = seat_doc.get("doctrines") or {}
    return found


def view_values(view: View) -> dict[str, int]:
    """The indicator values a view shows."""
    return {entry["id"]: entry["value"] for entry in view["indicators"]}


def view_facts(view: View) -> Facts:
    """What a view shows of the log: the outcomes of the moves it can read, what the seat
    detected itself, and the injects and narratives issued to it."""
    facts = Facts()
    for move in view["moves"]:
        action = move.get("action")
        if action is None or action == "free" or move["status"] != "announced":
            continue
        facts.submitted.add(action)
        if move.get("outcome") == "success":
            facts.succeeded.add(action)
        elif move.get("outcome") == "failure":
            facts.failed.add(action)
    for report in view["intelligence"]:
        if report.get("action"):
            facts.detected.add(report["action"])
            facts.detected_by.add((report["action"], report["seat"]))
    facts.issued.update(item["id"] for item in view["injects"])
    facts.issued.update(item["id"] for item in view["narratives"] if item.get("id"))
    return facts


def _holds(rule: Mapping[str, Any], values: dict[str, int], facts: Facts) -> bool:
    when = rule.get("when")
    return when is None or evaluate_condition(when, values, facts)


def seen_odds(action: Mapping[str, Any]) -> int:
    """The odds of an action as its seat's view shows them: base plus the visible modifiers,
    within the engine's floor and ceiling."""
    raw = action["base_probability"] + sum(m["value"] for m in action["modifiers"])
    return clamp(int(raw), PROBABILITY_FLOOR, PROBABILITY_CEILING)


def weigh(view: View, doctrine: Mapping[str, Any]) -> list[Choice]:
    """Every action the view offers with a positive weight and odds at or above the floor,
    with its score, in catalog order."""
    values, facts = view_values(view), view_facts(view)
    risk = doctrine["risk"]
    appetite = risk["appetite"]
    choices = []
    for action in view["actions"]:
        if not action["available"]:
            continue
        held = [
            p
            for p in doctrine["prefer"]
            if p["action"] == action["id"] and _holds(p, values, facts)
        ]
        weight = sum(p["weight"] for p in held)
        if weight <= 0:
            continue
        odds = seen_odds(action)
        if odds < risk["floor"]:
            continue
        main = max(held, key=lambda p: p["weight"])
        targets = main["targets"]
        if targets is None:
            targets = list(action["targets"]) if action["targets"] else []
        score = weight * (appetite + (100 - appetite) * odds / 100) / 100
        choices.append(
            Choice(
                action=action["id"],
                weight=weight,
                odds=odds,
                score=score,
                because=main["because"],
                targets=sorted(targets),
            )
        )
    return choices


def _draw(rng: random.Random, choices: list[Choice]) -> Choice:
    total = sum(c.score for c in choices)
    point = rng.random() * total
    for choice in choices:
        point -= choice.score
        if point < 0:
            return choice
    return choices[-1]


def orders(view: View, doctrine: Mapping[str, Any], rng: random.Random) -> list[Command]:
    """The commands of a bot's orders phase: its moves, then ``lock_orders``. Empty when the
    seat has already locked."""
    seat = view["seat"]
    if seat is None:
        raise ValueError("a bot plays a seat's view")
    if next(s for s in view["seats"] if s["role"] == seat)["locked"]:
        return []
    quota = view["quota"]
    wanted = doctrine["moves"] if doctrine["moves"] is not None else quota["moves_per_turn"]
    room = max(0, min(wanted, quota["moves_per_turn"]) - quota["moves_this_turn"])
    secrets_left = quota["secret_per_game"] - quota["secret_used"]
    turn = view["game"]["turn"]
    already = {m.get("action") for m in view["moves"] if m["seat"] == seat and m["turn"] == turn}
    pool = [c for c in weigh(view, doctrine) if c.action not in already]
    secret_allowed = {a["id"]: a["secret_allowed"] for a in view["actions"]}
    commands: list[Command] = []
    while pool and len(commands) < room:
        choice = _draw(rng, pool)
        pool.remove(choice)
        secret = (
            secret_allowed[choice.action]
            and secrets_left > 0
            and rng.random() * 100 < doctrine["secrecy"]
        )
        secrets_left -= secret
        commands.append(
            {
                "type": "submit_move",
                "action": choice.action,
                "targets": choice.targets,
                "visibility": "secret" if secret else "public",
                "rationale": rationale(doctrine, choice, secret),
            }
        )
    commands.append({"type": "lock_orders"})
    return commands


def rationale(doctrine: Mapping[str, Any], choice: Choice, secret: bool) -> str:
    """Why the bot chose: the doctrine, the rule that weighed most, the odds it read."""
    how = " In secret, as the doctrine often prefers." if secret else ""
    return (
        f"{doctrine['name']}: {choice.because} "
        f"(weight {choice.weight}; the odds as we read them: {choice.odds}%).{how}"
    )


def arguments(view: View, doctrine: Mapping[str, Any]) -> list[Command]:
    """The bot's arguments in the adjudication phase: on each public move of another seat
    this turn, still open and not yet argued by this seat, the first rule of the doctrine
    that names the move's seat or action and whose ``when`` holds."""
    seat = view["seat"]
    turn = view["game"]["turn"]
    values, facts = view_values(view), view_facts(view)
    commands: list[Command] = []
    for move in view["moves"]:
        if (
            move["seat"] == seat
            or move["turn"] != turn
            or move["status"] != "announced"
            or move.get("adjudication_id") is not None
            or "action" not in move
            or any(a["seat"] == seat for a in move.get("arguments", []))
        ):
            continue
        for rule in doctrine["argue"]:
            if rule["seat"] is not None and rule["seat"] != move["seat"]:
                continue
            if rule["action"] is not None and rule["action"] != move["action"]:
                continue
            if not _holds(rule, values, facts):
                continue
            commands.append(
                {
                    "type": "add_argument",
                    "move_id": move["id"],
                    "stance": rule["stance"],
                    "text": f"{doctrine['name']}: {rule['text']}",
                }
            )
            break
    return commands


def bot_name(doctrine_id: str, doctrine: Mapping[str, Any]) -> str:
    """How a bot is named as the actor of its events."""
    return f"Bot ({doctrine_id}: {doctrine['name']})"[:200]


def missing(scenario: Mapping[str, Any], chosen: Mapping[str, str]) -> list[str]:
    """Problems with a choice of doctrine per seat: unknown seats or doctrines."""
    problems = []
    for seat, name in chosen.items():
        if seat not in scenario["seats"]:
            problems.append(f"no seat {seat!r} in {scenario['slug']}")
        elif name not in doctrines_of(scenario, seat):
            known = ", ".join(sorted(doctrines_of(scenario, seat))) or "none"
            problems.append(f"{seat} has no doctrine {name!r} (it has: {known})")
    return problems
