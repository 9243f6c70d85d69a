"""The clock: phase deadlines (set, cleared, expired by the server's clock) and pause/resume.

A deadline belongs to the current phase; a phase change clears it, a pause freezes it (the
time left is kept) and the resume sets it again from the time left. What happens when it
passes is its ``on_expiry``: the White Cell alerted, the unlocked orders closed, the phase
advanced (the lifecycle's ``advance``; in the last phase of the last turn the game ends), or
the moves still waiting rolled at their proposed odds and then the phase advanced. A deadline
is set by control (``set_deadline``) or, as a phase opens, from the game's clock settings
(``phase_clock``).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from .adjudication import roll_waiting
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
    is_last_phase,
    require_running,
)
from .fields import CommandModel, Identifier, OnExpiry, OptionalReason, fail, optional_check
from .journal import note
from .lifecycle import advance, finish
from .phase_clock import ACTION_PHASE
from .phase_clock import instant as _instant
from .phase_clock import iso as _iso
from .phase_clock import next_deadline_id as _next_deadline_id
from .phase_clock import now_of as _now

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
    that have not locked close; orders phase only), advance (the phase advances; in the last
    phase of the last turn the game ends) or roll (the moves still waiting are rolled at their
    proposed odds, then the phase advances; adjudication phase only). Pause freezes it; a
    phase change clears it."""

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


def _remaining(deadline: dict[str, Any], now: datetime) -> int:
    """Whole seconds (rounded up) from now until a running deadline; 0 once passed."""
    if deadline["at"] is None:
        return deadline["remaining_seconds"] or 0
    seconds = (_instant(deadline["at"], "deadline") - now).total_seconds()
    return max(0, math.ceil(seconds))


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
    needs = ACTION_PHASE.get(on_expiry)
    if needs is not None and state["phase"] != needs:
        what = "closing the orders" if on_expiry == "lock_orders" else "rolling the waiting moves"
        raise rules("wrong_phase", f"{what} at the deadline needs the {needs} phase")
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
    emits=(
        "`deadline_expired`, then `orders_locked`…, or `move_adjudicated`… (roll) and "
        "`phase_advanced` (+ turn opening, + the next phase's `deadline_set` from the clock "
        "settings), or `game_ended` after the last phase"
    ),
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
    elif on_expiry in ("advance", "roll"):
        if on_expiry == "roll" and state["phase"] == "adjudication":
            drafts.extend(roll_waiting(ctx.after(drafts)))
        moved = ctx.after(drafts)
        if is_last_phase(moved):
            drafts.extend(finish(moved))
        else:
            drafts.extend(advance(moved, True, "deadline"))
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
    if "cause" in data:
        fact["cause"] = data["cause"]  # "clock": the game's clock settings set it
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
