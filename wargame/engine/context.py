"""What every family's decide handlers share: the Context of one decision, the guards on the
game's status and phase, the lookups of moves and seats, and the CommandSpec a family lists
each of its commands with (``registry`` joins them)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from .codec import deep_copy
from .common import CONTROL, PUBLIC, copy_audience, invalid, rules, seat_ids
from .fields import CommandModel
from .rng import label
from .rules import action_name

State = dict[str, Any]
Draft = dict[str, Any]
Event = dict[str, Any]
Journal = list[dict[str, Any]]
Evolver = Callable[[State, Event, Journal], None]

SEAT = "seat"  # the role class of every seat (control and observer are their own)


class Context:
    """One decision: the state, who is acting, when, and the drafts produced so far."""

    def __init__(self, state: State, actor: dict[str, Any], now: str) -> None:
        self.state = state
        self.actor = actor
        self.role: str = actor["role"]
        self.now = now

    def event(self, kind: str, data: dict[str, Any], audience: Any = PUBLIC) -> Draft:
        return {
            "type": kind,
            "actor": dict(self.actor),
            "at": self.now,
            "data": data,
            "audience": copy_audience(audience),
        }

    @property
    def seats(self) -> list[str]:
        return seat_ids(self.state)

    @property
    def scenario(self) -> dict[str, Any]:
        scenario: dict[str, Any] = self.state["scenario"]
        return scenario

    def after(self, drafts: list[Draft]) -> Context:
        """The same decision, on the state the drafts so far would leave."""
        return Context(scratch(self.state, drafts), self.actor, self.now)


M = TypeVar("M", bound=CommandModel)


@dataclass(frozen=True)
class CommandSpec(Generic[M]):
    """One command: its model (the body and its checks), the handler that decides it, the
    role classes that may send it (seat, control, observer), and whether it is accepted while
    the game is paused from a role other than control."""

    model: type[M]
    handler: Callable[[Context, M], list[Draft]]
    roles: frozenset[str]
    while_paused: bool = False
    emits: str = ""  # the events it appends, in words (docs/engine.md)

    @property
    def type(self) -> str:
        return self.model.TYPE


def command(
    model: type[M], roles: Iterable[str], *, emits: str, while_paused: bool = False
) -> Callable[[Callable[[Context, M], list[Draft]]], CommandSpec[M]]:
    """Declare a decide handler as the one for ``model``, sent by ``roles``."""

    def declare(handler: Callable[[Context, M], list[Draft]]) -> CommandSpec[M]:
        return CommandSpec(model, handler, frozenset(roles), while_paused, emits)

    return declare


def scratch(state: State, drafts: list[Draft]) -> State:
    """The state after drafts not yet stored (numbered as the store would number them).

    The scenario, which no event changes after the game's first, is shared with ``state``
    rather than copied: it is most of a state's bytes."""
    from .state import fold  # the fold runs every family's evolve handlers: imported late

    numbered = [dict(d, seq=state["seq"] + i) for i, d in enumerate(drafts, start=1)]
    copied = {key: value if key == "scenario" else deep_copy(value) for key, value in state.items()}
    result = fold(copied, numbered, copy=False)
    assert result is not None
    return result


def new_id(state: State, prefix: str, number: int) -> str:
    """The id of the ``number``-th item of its kind, opaque: ``m-3fa9c27b01de`` (rng.label)."""
    separator = "" if prefix.endswith(":") else "-"
    return f"{prefix}{separator}{label(state['rng']['seed'], prefix, number)}"


# ---- guards --------------------------------------------------------------------------------


def require_running(ctx: Context) -> None:
    status = ctx.state["status"]
    if status != "running":
        raise rules("not_running", f"the game is not running (it is in {status})")


def require_not_ended(ctx: Context) -> None:
    if ctx.state["status"] == "ended":
        raise rules("not_running", "the game has ended")


def require_phase(ctx: Context, *phases: str) -> None:
    if ctx.state["phase"] not in phases:
        raise rules(
            "wrong_phase",
            f"this is only possible in the {' or '.join(phases)} phase "
            f"(the game is in {ctx.state['phase'] or 'no'} phase)",
        )


def is_last_phase(ctx: Context) -> bool:
    phases = ctx.scenario["phases"]
    return bool(ctx.state["phase"] == phases[-1] and ctx.state["turn"] == ctx.scenario["turns"])


# ---- lookups that need the state -----------------------------------------------------------


def _move_visible_to(move: dict[str, Any], role: str) -> bool:
    if role == CONTROL or move["seat"] == role:
        return True
    return move["status"] not in ("submitted", "withdrawn")


def get_move(ctx: Context, move_id: str) -> dict[str, Any]:
    """The move a command names, if the sender may know of it."""
    move: dict[str, Any] | None = ctx.state["moves"].get(move_id)
    if move is None or not _move_visible_to(move, ctx.role):
        raise invalid(f"there is no move {move_id!r}", "unknown_move")
    return move


def seat_list(
    ctx: Context, value: list[str] | None, key: str, *, required: bool, exclude: str | None = None
) -> list[str]:
    """The seats a command names, each a seat of the game, none twice (nor ``exclude``)."""
    if value is None:
        if required:
            raise invalid(f"'{key}' is required (a list of seats)")
        return []
    seats = ctx.seats
    result: list[str] = []
    for item in value:
        if item not in seats:
            shown = item if len(item) < 40 else "?"
            raise invalid(f"'{key}' names an unknown seat {shown!r}", "unknown_seat")
        if item == exclude:
            raise invalid(f"'{key}' must not include your own seat")
        if item in result:
            raise invalid(f"'{key}' names {item!r} twice")
        result.append(item)
    if required and not result:
        raise invalid(f"'{key}' must name at least one seat")
    return result


def audience_of(ctx: Context, value: Any) -> Any:
    """An audience a command gives: "all" (also when left out), or seats of the game."""
    if value is None or value == PUBLIC:
        return PUBLIC
    return seat_list(ctx, value, "audience", required=True)


def effects_of(ctx: Context, effects: Iterable[Any], key: str) -> list[dict[str, Any]]:
    """Indicator effects a command gives, each naming an indicator of the game."""
    indicators = ctx.state["indicators"]
    result = []
    for effect in effects:
        if effect.indicator not in indicators:
            raise invalid(f"'{key}' names an unknown indicator", "unknown_indicator")
        result.append({"indicator": effect.indicator, "delta": effect.delta})
    return result


def announce(state: State, move: dict[str, Any]) -> dict[str, Any]:
    """A move as it is made known: to everyone when orders close, or on its reveal."""
    return {
        "move_id": move["id"],
        "seat": move["seat"],
        "turn": move["turn"],
        "action": move["action"],
        "action_name": action_name(state, move["action"]),
        "argument": move["argument"],
        "targets": list(move["targets"]),
        "visibility": move["visibility"],
    }
