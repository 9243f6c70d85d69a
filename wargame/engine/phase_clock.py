"""The game's clock settings: how long each phase runs, and what the server does when it passes.

The White Cell sets them per game (``set_clock``: at creation, or before or during the game),
as an event in the log, so the replay shows when they were set and what they said. From then
on every phase that opens (the start, and every phase change, by hand or by the clock) opens
with a deadline taken from them: a ``deadline_set`` with ``cause: "clock"`` in the same batch
as the phase change, ``now`` + the phase's duration, with the phase's ``on_expiry``. A phase
the settings leave out opens with no deadline. Changing the settings leaves the current
phase's deadline as it is (``set_deadline`` changes that one).

The state holds the settings under ``clock`` (``{phase: {seconds, on_expiry}}``) only once
they are first set, so the state of a game without them (and every state hash recorded before
they existed) is what it always was. Everyone sees them: a team playing over days needs to
know how long each phase lasts and what happens when it ends.

The instants and deadline ids shared with ``clock.py`` (which imports ``lifecycle``, which
opens phases with the deadline made here) live here, so neither imports the other.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .common import CONTROL, Reject, invalid, rules
from .context import (
    CommandSpec,
    Context,
    Draft,
    Event,
    Evolver,
    Journal,
    State,
    command,
    require_not_ended,
)
from .fields import CommandModel
from .journal import note
from .scenario import Phase

MAX_PHASE_SECONDS = 30 * 24 * 3600  # a phase of a game played over weeks
# The phase each expiry action needs (the others act in any phase).
ACTION_PHASE = {"lock_orders": "orders", "roll": "adjudication"}


class PhaseClock(BaseModel):
    """One phase's duration and what the server does when it passes."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    phase: Phase
    seconds: Annotated[int, Field(ge=1, le=MAX_PHASE_SECONDS)]
    on_expiry: Literal["alert", "lock_orders", "advance", "roll"]


class SetClock(CommandModel):
    """Control, before or during the game: each phase's duration in seconds and what the
    server does when it passes: alert (remind only), lock_orders (close the orders of the
    seats that have not locked; orders phase), advance (open the next phase; in the last phase
    of the last turn, end the game) or roll (roll the moves still waiting at their proposed
    odds, then advance; adjudication phase). Every phase that opens from then on gets its
    deadline from them; a phase left out gets none; an empty list turns the clock off."""

    type: Literal["set_clock"]
    phases: Annotated[list[PhaseClock], Field(max_length=10)]


# ---- instants and deadline ids (shared with clock.py) ----------------------------------------


def instant(value: str, key: str) -> datetime:
    """An ISO-8601 date-time as an aware UTC datetime (a naive one is taken as UTC)."""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise invalid(f"'{key}' is not an ISO-8601 date-time") from None


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def now_of(ctx: Context) -> datetime:
    try:
        return instant(ctx.now, "now")
    except Reject:
        raise rules("no_clock", "the server's time could not be read") from None


def next_deadline_id(state: State) -> str:
    return f"dl{state['counters'].get('deadline', 0) + 1}"


def settings(state: State) -> dict[str, Any]:
    """``{phase: {seconds, on_expiry}}``: the game's clock settings ({} when none are set)."""
    found: dict[str, Any] | None = state.get("clock")
    return found if found is not None else {}


def opens_with_deadline(state: State, phase: str | None) -> bool:
    return phase is not None and phase in settings(state)


def opening_deadline(ctx: Context) -> list[Draft]:
    """The deadline the phase that has just opened (``ctx.state`` is after the opening) gets
    from the clock settings: one ``deadline_set`` with ``cause: "clock"``, or nothing."""
    state = ctx.state
    if state["status"] != "running":
        return []
    setting = settings(state).get(state["phase"])
    if setting is None:
        return []
    seconds = setting["seconds"]
    data: dict[str, Any] = {
        "deadline": None,
        "turn": state["turn"],
        "phase": state["phase"],
        "deadline_id": next_deadline_id(state),
        "on_expiry": setting["on_expiry"],
        "cause": "clock",
    }
    if state["paused"]:
        data["remaining_seconds"] = seconds  # frozen: the time runs from the resume
    else:
        data["deadline"] = iso(now_of(ctx) + timedelta(seconds=seconds))
        data["remaining_seconds"] = None
    return [ctx.event("deadline_set", data)]


def duration_words(seconds: int) -> str:
    """``2 days``, ``90 minutes``, ``1 day 6 hours``, ``45 seconds``: a duration as set."""
    parts: list[str] = []
    rest = seconds
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute"), (1, "second")):
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count} {unit}{'' if count == 1 else 's'}")
    return " ".join(parts[:2]) if parts else f"{math.ceil(seconds)} seconds"


@command(SetClock, {CONTROL}, emits="`clock_set`")
def set_clock(ctx: Context, cmd: SetClock) -> list[Draft]:
    phases = ctx.scenario["phases"]
    chosen: dict[str, dict[str, Any]] = {}
    for item in cmd.phases:
        # What depends on the game's phases, or on the other entries, is a 422: the body's
        # shape (which the model checks, a 400) cannot say it.
        if item.phase not in phases:
            raise rules(
                "unknown_phase", f"{item.phase!r} is not a phase of this game ({', '.join(phases)})"
            )
        if item.phase in chosen:
            raise rules("duplicate_phase", f"'phases' names {item.phase!r} twice")
        needs = ACTION_PHASE.get(item.on_expiry)
        if needs is not None and item.phase != needs:
            raise rules(
                "wrong_phase",
                f"on_expiry {item.on_expiry!r} is only for the {needs} phase, not {item.phase}",
            )
        chosen[item.phase] = {"seconds": item.seconds, "on_expiry": item.on_expiry}
    require_not_ended(ctx)
    ordered = {phase: chosen[phase] for phase in phases if phase in chosen}
    if ordered == settings(ctx.state) and "clock" in ctx.state:
        raise rules("clock_unchanged", "the clock settings are already these")
    return [ctx.event("clock_set", {"phases": ordered})]


def _clock_set(state: State, event: Event, out: Journal) -> None:
    phases = event["data"]["phases"]
    state["clock"] = {phase: dict(setting) for phase, setting in phases.items()}
    fact = {phase: [s["seconds"], s["on_expiry"]] for phase, s in phases.items()}
    note(out, state, event, {"phases": fact})


COMMANDS: list[CommandSpec[Any]] = [set_clock]
EVOLVERS: dict[str, Evolver] = {"clock_set": _clock_set}
