"""The clock: phase deadlines (set, cleared, expired by the server's clock) and pause/resume.

A deadline belongs to the current phase; a phase change clears it, a pause freezes it (the
time left is kept) and the resume sets it again from the time left. What happens when it
passes is its ``on_expiry``: the White Cell alerted, the unlocked orders closed, or the phase
advanced (the lifecycle's ``advance``).
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

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
    is_last_phase,
    require_running,
)
from .fields import CommandModel, Identifier, OnExpiry, OptionalReason, fail, optional_check
from .journal import note
from .lifecycle import advance

MAX_MINUTES = 24 * 60
MAX_DEADLINE_AHEAD = timedelta(days=36525)  # no overflow however long a pause


def _deadline_value(value: Any, key: str) -> str:
    if not isinstance(value, str) or len(value) > 64:
        raise fail("'deadline' must be an ISO-8601 date-time string or null")
    return value


def _minutes_value(value: Any, key: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise fail("'minutes' must be a number of minutes")
    if not 0 < value <= MAX_MINUTES:
        raise fail(f"'minutes' must be more than 0 and at most {MAX_MINUTES}")
    return value


class SetDeadline(CommandModel):
    """Control: a deadline for the current phase, as an instant (ISO-8601) or in minutes from
    now; deadline null (without minutes) clears it. on_expiry says what happens when it
    passes: alert (the default: the White Cell is alerted), lock_orders (the orders of seats
    that have not locked close; orders phase only) or advance (the phase advances). Pause
    freezes it; a phase change clears it."""

    type: Literal["set_deadline"]
    deadline: Annotated[
        Annotated[str, Field(max_length=64, json_schema_extra={"format": "date-time"})] | None,
        BeforeValidator(optional_check(_deadline_value)),
    ] = None
    minutes: Annotated[
        Annotated[float, Field(gt=0, le=MAX_MINUTES)] | None,
        BeforeValidator(optional_check(_minutes_value)),
    ] = None
    on_expiry: OnExpiry = None


class ExpireDeadline(CommandModel):
    """Control (the server's clock): the deadline with this id has passed. Refused with 422
    deadline_not_due unless it is the current deadline, the game is not paused and its
    instant has passed."""

    type: Literal["expire_deadline"]
    deadline_id: Identifier


class Pause(CommandModel):
    """Control: only control commands and messages are accepted."""

    type: Literal["pause"]
    reason: OptionalReason = None


class Resume(CommandModel):
    """Control: play goes on."""

    type: Literal["resume"]


def _instant(value: str, key: str) -> datetime:
    """An ISO-8601 date-time as an aware UTC datetime (a naive one is taken as UTC)."""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise invalid(f"'{key}' is not an ISO-8601 date-time") from None


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _now(ctx: Context) -> datetime:
    try:
        return _instant(ctx.now, "now")
    except Reject:
        raise rules("no_clock", "the server's time could not be read") from None


def _remaining(deadline: dict[str, Any], now: datetime) -> int:
    """Whole seconds (rounded up) from now until a running deadline; 0 once passed."""
    if deadline["at"] is None:
        return deadline["remaining_seconds"] or 0
    seconds = (_instant(deadline["at"], "deadline") - now).total_seconds()
    return max(0, math.ceil(seconds))


def _next_deadline_id(state: State) -> str:
    return f"dl{state['counters'].get('deadline', 0) + 1}"


@command(
    SetDeadline,
    {CONTROL},
    emits="`deadline_set`",
)
def set_deadline(ctx: Context, cmd: SetDeadline) -> list[Draft]:
    minutes = cmd.minutes
    at: datetime | None = None
    if cmd.deadline is not None:
        at = _instant(cmd.deadline, "deadline")
        if minutes is not None:
            raise invalid("give either 'deadline' or 'minutes', not both")
    on_expiry = cmd.on_expiry or "alert"
    require_running(ctx)
    state = ctx.state
    data: dict[str, Any] = {"deadline": None, "turn": state["turn"], "phase": state["phase"]}
    if at is None and minutes is None:
        return [ctx.event("deadline_set", data)]
    if on_expiry == "lock_orders" and state["phase"] != "orders":
        raise rules("wrong_phase", "closing the orders at the deadline needs the orders phase")
    if on_expiry == "advance" and is_last_phase(ctx):
        raise rules("last_turn", "this is the last phase of the last turn: nothing to advance to")
    now = _now(ctx)
    if at is None:
        at = now + timedelta(seconds=round(float(minutes) * 60))  # type: ignore[arg-type]
    if at - now > MAX_DEADLINE_AHEAD:
        raise invalid("'deadline' must be within a hundred years from now")
    data.update({"deadline_id": _next_deadline_id(state), "on_expiry": on_expiry})
    if state["paused"]:
        # Frozen from the start: the time left counts from the resume.
        data["remaining_seconds"] = max(0, math.ceil((at - now).total_seconds()))
    else:
        data["deadline"] = _iso(at)
        data["remaining_seconds"] = None
    return [ctx.event("deadline_set", data)]


@command(
    ExpireDeadline,
    {CONTROL},
    emits="`deadline_expired`, then `orders_locked`… or `phase_advanced` (+ turn opening)",
)
def expire_deadline(ctx: Context, cmd: ExpireDeadline) -> list[Draft]:
    deadline_id = cmd.deadline_id
    require_running(ctx)
    state = ctx.state
    deadline = state["deadline"]
    if deadline is None or deadline["id"] != deadline_id or deadline.get("expired"):
        raise rules("deadline_not_due", f"deadline {deadline_id!r} is no longer the current one")
    if state["paused"] or deadline["at"] is None:
        raise rules("deadline_not_due", "the game is paused: the deadline is frozen")
    if _now(ctx) < _instant(deadline["at"], "deadline"):
        raise rules("deadline_not_due", f"deadline {deadline_id!r} has not passed yet")
    on_expiry = deadline["on_expiry"]
    data = {"deadline_id": deadline_id, "on_expiry": on_expiry, "cause": "deadline"}
    drafts = [ctx.event("deadline_expired", data)]
    if on_expiry == "lock_orders" and state["phase"] == "orders":
        for seat in ctx.seats:
            if not state["locks"][seat]:
                locked = {"seat": seat, "turn": state["turn"], "cause": "deadline"}
                drafts.append(ctx.event("orders_locked", locked))
    elif on_expiry == "advance" and not is_last_phase(ctx):
        drafts.extend(advance(ctx, True, "deadline"))
    return drafts


@command(
    Pause,
    {CONTROL},
    emits="`game_paused`",
)
def pause(ctx: Context, cmd: Pause) -> list[Draft]:
    reason = cmd.reason or ""
    require_running(ctx)
    if ctx.state["paused"]:
        raise rules("already_paused", "the game is already paused")
    data: dict[str, Any] = {"reason": reason}
    deadline = ctx.state["deadline"]
    if deadline is not None and not deadline.get("expired"):
        data["remaining_seconds"] = _remaining(deadline, _now(ctx))
    return [ctx.event("game_paused", data)]


@command(
    Resume,
    {CONTROL},
    emits="`game_resumed`",
)
def resume(ctx: Context, cmd: Resume) -> list[Draft]:
    require_running(ctx)
    state = ctx.state
    if not state["paused"]:
        raise rules("not_paused", "the game is not paused")
    data: dict[str, Any] = {"deadline": None}
    deadline = state["deadline"]
    if deadline is not None and deadline["at"] is None and not deadline.get("expired"):
        at = _now(ctx) + timedelta(seconds=deadline["remaining_seconds"] or 0)
        data["deadline"] = {
            "id": _next_deadline_id(state),
            "at": _iso(at),
            "remaining_seconds": None,
            "on_expiry": deadline["on_expiry"],
            "turn": deadline["turn"],
            "phase": deadline["phase"],
        }
    return [ctx.event("game_resumed", data)]


def _set_deadline_state(state: State, deadline: dict[str, Any] | None) -> None:
    if deadline is not None:
        state["counters"]["deadline"] = state["counters"].get("deadline", 0) + 1
        deadline = {
            "id": deadline["id"],
            "at": deadline["at"],
            "remaining_seconds": deadline["remaining_seconds"],
            "on_expiry": deadline["on_expiry"],
            "turn": deadline["turn"],
            "phase": deadline["phase"],
            "expired": False,
        }
    state["deadline"] = deadline


def _deadline_set(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    if data["deadline"] is None and data.get("remaining_seconds") is None:
        _set_deadline_state(state, None)
        note(out, state, event, {"cleared": True})
        return
    _set_deadline_state(
        state,
        {
            # Logs recorded before deadlines had ids name none: the seq stands in.
            "id": data.get("deadline_id") or f"dl-{event['seq']}",
            "at": data["deadline"],
            "remaining_seconds": data.get("remaining_seconds"),
            "on_expiry": data.get("on_expiry", "alert"),
            "turn": data["turn"],
            "phase": data["phase"],
        },
    )
    fact = {
        "deadline": data["deadline"],
        "remaining_seconds": data.get("remaining_seconds"),
        "on_expiry": data.get("on_expiry", "alert"),
    }
    note(out, state, event, fact)


def _game_paused(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["paused"] = True
    state["paused_at"] = event["at"]
    deadline = state["deadline"]
    if deadline is not None and data.get("remaining_seconds") is not None:
        deadline["at"] = None
        deadline["remaining_seconds"] = data["remaining_seconds"]
    note(out, state, event, {"reason": data.get("reason") or ""})


def _game_resumed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["paused"] = False
    state["paused_at"] = None
    if data.get("deadline") is not None:
        _set_deadline_state(state, data["deadline"])
    note(out, state, event, {})


def _deadline_expired(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    if state["deadline"] is not None:
        state["deadline"]["expired"] = True
    note(out, state, event, {"on_expiry": data["on_expiry"]})


COMMANDS: list[CommandSpec[Any]] = [set_deadline, expire_deadline, pause, resume]
EVOLVERS: dict[str, Evolver] = {
    "deadline_set": _deadline_set,
    "deadline_expired": _deadline_expired,
    "game_paused": _game_paused,
    "game_resumed": _game_resumed,
}
