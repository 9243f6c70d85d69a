"""Blind estimates: several adjudicators each give their own probability for a move before
seeing the others'.

The adjudicators are named White Cell members (``add_adjudicator``, ``remove_adjudicator``);
the server issues each one a link of their own, which opens only the estimates (the White
Cell console stays the facilitator's). An adjudicator gives one estimate per move
(``estimate_probability``), with an optional reason, while the move waits for adjudication.
Until every adjudicator on the roster has answered for a move, a view shows only who has;
then the spread. The facilitator sets the final probability as always (``propose_probability``),
and its event then records every estimate given for the move.

Estimates are the White Cell's: their events' audience is control alone, so no seat sees them
before the record is open. The state holds ``estimates`` only once the first adjudicator is
added, so the state of a game without (and every recorded state hash) is unchanged.
"""

from __future__ import annotations

from typing import Any, Literal

from .common import CONTROL, invalid, rules
from .context import (
    CommandSpec,
    Context,
    Draft,
    Event,
    Evolver,
    Journal,
    State,
    command,
    get_move,
    new_id,
    require_running,
)
from .fields import (
    CommandModel,
    Identifier,
    MoveId,
    OptionalIdentifier,
    OptionalReason,
    PersonName,
)
from .fields import Probability as OptionalProbability
from .journal import note

MAX_ADJUDICATORS = 20


class AddAdjudicator(CommandModel):
    """Control: a named adjudicator of the White Cell; the server then issues their own link."""

    type: Literal["add_adjudicator"]
    name: PersonName


class RemoveAdjudicator(CommandModel):
    """Control: the adjudicator leaves (their estimates stay in the record); their link ends."""

    type: Literal["remove_adjudicator"]
    adjudicator: Identifier


class EstimateProbability(CommandModel):
    """An adjudicator (their own link): their estimate of a move's probability of success,
    given once, before seeing the others'. The facilitator may enter one for a named
    adjudicator who wrote it on paper ('adjudicator')."""

    type: Literal["estimate_probability"]
    move_id: MoveId
    probability: OptionalProbability = None
    reason: OptionalReason = None
    adjudicator: OptionalIdentifier = None


def estimates_of(state: State) -> dict[str, Any]:
    """``{"count", "adjudicators": {id: {name, active}}, "moves": {move: {adj: estimate}}}``."""
    found: dict[str, Any] | None = state.get("estimates")
    return found if found is not None else {"count": 0, "adjudicators": {}, "moves": {}}


def active_adjudicators(state: State) -> list[str]:
    return [a for a, p in estimates_of(state)["adjudicators"].items() if p["active"]]


def round_complete(state: State, move_id: str) -> bool:
    """Whether every adjudicator on the roster has given an estimate for the move."""
    given = estimates_of(state)["moves"].get(move_id, {})
    active = active_adjudicators(state)
    return bool(active) and all(a in given for a in active)


def estimates_for(state: State, move_id: str) -> list[dict[str, Any]]:
    """Every estimate given for a move, in the order given, with its adjudicator's name."""
    records = estimates_of(state)
    given = records["moves"].get(move_id, {})
    rows = [
        {
            "adjudicator": adjudicator,
            "name": records["adjudicators"][adjudicator]["name"],
            "probability": estimate["probability"],
            "reason": estimate["reason"],
            "seq": estimate["seq"],
        }
        for adjudicator, estimate in given.items()
    ]
    return sorted(rows, key=lambda row: row["seq"])


def estimates_view(state: State, *, own: str | None = None, full: bool) -> dict[str, Any]:
    """The estimates as one reader may see them: who has answered each move; the values once
    all have (or the game has ended, or ``full``: the record open); and ``own``'s always."""
    records = estimates_of(state)
    shown_all = full or state["status"] == "ended"
    moves: dict[str, Any] = {}
    for move_id in records["moves"]:
        rows = estimates_for(state, move_id)
        complete = round_complete(state, move_id)
        open_values = complete or shown_all
        moves[move_id] = {
            "answered": [row["adjudicator"] for row in rows],
            "complete": complete,
            "estimates": [row for row in rows if open_values or row["adjudicator"] == own],
            "spread": _spread(rows) if open_values else None,
        }
    return {
        "adjudicators": [
            {"id": adjudicator, "name": person["name"], "active": person["active"]}
            for adjudicator, person in records["adjudicators"].items()
        ],
        "moves": moves,
    }


def _spread(rows: list[dict[str, Any]]) -> dict[str, Any] | None:
    values = [row["probability"] for row in rows]
    if not values:
        return None
    mean = sum(values) / len(values)
    return {
        "min": min(values),
        "max": max(values),
        "range": max(values) - min(values),
        "mean": mean,
    }


def _adjudicator(ctx: Context, named: str | None) -> str:
    """Whose estimate this is: the adjudicator acting through their link, or the one the
    facilitator names (entering an estimate written on paper)."""
    member = ctx.actor.get("member")
    records = estimates_of(ctx.state)
    if member:
        if named is not None and named != member["id"]:
            raise invalid("an adjudicator gives only their own estimate", "not_an_adjudicator")
        named = member["id"]
    elif named is None:
        raise invalid(
            "name the 'adjudicator' whose estimate this is (or send it through their own link)",
            "not_an_adjudicator",
        )
    person = records["adjudicators"].get(named)
    if person is None or not person["active"]:
        raise invalid("no such adjudicator in this game", "not_an_adjudicator")
    return named


@command(AddAdjudicator, {CONTROL}, emits="`adjudicator_added` (control only)")
def add_adjudicator(ctx: Context, cmd: AddAdjudicator) -> list[Draft]:
    records = estimates_of(ctx.state)
    if len(active_adjudicators(ctx.state)) >= MAX_ADJUDICATORS:
        raise rules("too_many_adjudicators", f"a game has at most {MAX_ADJUDICATORS} adjudicators")
    adjudicator = new_id(ctx.state, "adj", records["count"] + 1)
    return [ctx.event("adjudicator_added", {"adjudicator": adjudicator, "name": cmd.name}, [])]


@command(RemoveAdjudicator, {CONTROL}, emits="`adjudicator_removed` (control only)")
def remove_adjudicator(ctx: Context, cmd: RemoveAdjudicator) -> list[Draft]:
    person = estimates_of(ctx.state)["adjudicators"].get(cmd.adjudicator)
    if person is None or not person["active"]:
        raise rules("no_adjudicator", "no such adjudicator in this game")
    data = {"adjudicator": cmd.adjudicator, "name": person["name"]}
    return [ctx.event("adjudicator_removed", data, [])]


@command(EstimateProbability, {CONTROL}, emits="`probability_estimated` (control only)")
def estimate_probability(ctx: Context, cmd: EstimateProbability) -> list[Draft]:
    adjudicator = _adjudicator(ctx, cmd.adjudicator)
    move = get_move(ctx, cmd.move_id)
    if cmd.probability is None:
        raise invalid("'probability' is required (0 to 100)")
    require_running(ctx)
    if move["turn"] != ctx.state["turn"] or move["status"] != "announced":
        raise rules("not_estimable", f"move {move['id']} is not waiting for adjudication")
    if move["adjudication"] is not None:
        raise rules("already_adjudicated", f"move {move['id']} is already adjudicated")
    if adjudicator in estimates_of(ctx.state)["moves"].get(move["id"], {}):
        raise rules("already_estimated", "this adjudicator has given an estimate for this move")
    data = {
        "move_id": move["id"],
        "adjudicator": adjudicator,
        "probability": cmd.probability,
        "reason": cmd.reason or None,
    }
    return [ctx.event("probability_estimated", data, [])]


def _records(state: State) -> dict[str, Any]:
    if "estimates" not in state:
        state["estimates"] = {"count": 0, "adjudicators": {}, "moves": {}}
    found: dict[str, Any] = state["estimates"]
    return found


def _adjudicator_added(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    records = _records(state)
    records["count"] += 1
    records["adjudicators"][data["adjudicator"]] = {"name": data["name"], "active": True}
    note(out, state, event, {"name": data["name"]})


def _adjudicator_removed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    _records(state)["adjudicators"][data["adjudicator"]]["active"] = False
    note(out, state, event, {"name": data["name"]})


def _probability_estimated(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    given = _records(state)["moves"].setdefault(data["move_id"], {})
    given[data["adjudicator"]] = {
        "probability": data["probability"],
        "reason": data["reason"],
        "seq": event["seq"],
    }
    name = _records(state)["adjudicators"][data["adjudicator"]]["name"]
    # The value stays out of the timeline: the console shows it only once all have answered.
    note(out, state, event, {"name": name}, move_id=data["move_id"])


COMMANDS: list[CommandSpec[Any]] = [add_adjudicator, remove_adjudicator, estimate_probability]
EVOLVERS: dict[str, Evolver] = {
    "adjudicator_added": _adjudicator_added,
    "adjudicator_removed": _adjudicator_removed,
    "probability_estimated": _probability_estimated,
}
