"""Orders: the moves a seat submits, edits and withdraws in the orders phase, and its lock.

A move is a catalog action of the seat's or a free (matrix-game) argument, public or secret;
a secret move is recorded with a commitment (a hash of its content and a salt) that its
reveal later proves. Closing the orders is the lifecycle's (``advance_phase``).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from .common import forbidden, invalid, rules
from .context import (
    SEAT,
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
    require_phase,
    require_running,
    seat_list,
)
from .fields import (
    CommandModel,
    FreeArgumentField,
    Identifier,
    MoveId,
    OptionalMoveId,
    OptionalSeats,
    Text,
    Visibility,
)
from .journal import copy_argument, note
from .members import require_submitter
from .rng import Stream
from .rules import (
    action_available,
    commitment,
    commitment_content,
    find_action,
    unavailable_reason,
)


class SubmitMove(CommandModel):
    """Seat, orders phase: a catalog action or a free argument; with move_id, an edit of the
    seat's own unlocked move."""

    type: Literal["submit_move"]
    action: Identifier = Field(description="a catalog action id, or 'free'")
    argument: FreeArgumentField = None
    targets: OptionalSeats = None
    visibility: Visibility = None
    rationale: Text = Field(description="the team's own reasoning")
    move_id: OptionalMoveId = None


class WithdrawMove(CommandModel):
    """Seat: take back a move before locking."""

    type: Literal["withdraw_move"]
    move_id: MoveId


class LockOrders(CommandModel):
    """Seat: no more changes to this turn's moves."""

    type: Literal["lock_orders"]


def _require_orders_open(ctx: Context) -> None:
    require_running(ctx)
    require_phase(ctx, "orders")
    if ctx.state["locks"][ctx.role]:
        raise rules("orders_locked", "your orders are locked for this turn")


def move_fields(ctx: Context, cmd: Any) -> tuple[dict[str, Any] | None, Any, list[str]]:
    """The catalog action (None for a free move), the free move's argument and the targets of
    a move's fields (``submit_move``, and a draft of one), checked against the seat's catalog;
    refused with the reason. What depends on the phase is checked by the caller."""
    seat = ctx.role
    action: dict[str, Any] | None = None
    if cmd.action == "free":
        if cmd.argument is None:
            raise invalid("a free move needs 'argument': {action, result, reasons}")
        argument: dict[str, Any] | None = cmd.argument.model_dump()
    else:
        action = find_action(ctx.state, cmd.action)
        if action is None or not cmd.action.startswith(f"{seat}."):
            raise invalid(f"{cmd.action!r} is not one of your actions", "unknown_action")
        if cmd.argument is not None:
            raise invalid("'argument' is only for free moves (action 'free')")
        argument = None
    targets = seat_list(ctx, cmd.targets, "targets", required=False, exclude=seat)
    if action is not None and action["targets"]:
        for target in targets:
            if target not in action["targets"]:
                raise invalid(
                    f"{action['name']} may target only {', '.join(action['targets'])}",
                    "invalid_target",
                )
    return action, argument, targets


@command(
    SubmitMove,
    {SEAT},
    emits="`move_submitted` (audience the seat)",
)
def submit_move(ctx: Context, cmd: SubmitMove) -> list[Draft]:
    state = ctx.state
    seat = ctx.role
    action_id = cmd.action
    action, argument, targets = move_fields(ctx, cmd)
    visibility = cmd.visibility or "public"
    rationale = cmd.rationale
    replaced: dict[str, Any] | None = None
    if cmd.move_id is not None:
        replaced = get_move(ctx, cmd.move_id)
        if replaced["seat"] != seat:
            raise forbidden(f"move {replaced['id']} is not yours", "not_your_move")

    _require_orders_open(ctx)
    require_submitter(ctx)
    if action_id == "free" and not ctx.scenario["free_moves"]:
        raise rules("free_moves_disabled", "this scenario allows catalog actions only")
    if action is not None and not action_available(state, action):
        reason = unavailable_reason(state, seat, action["condition"])
        raise rules("action_unavailable", f"{action['name']}: {reason}")
    turn = state["turn"]
    if replaced is not None and (replaced["turn"] != turn or replaced["status"] != "submitted"):
        raise rules("move_closed", f"move {replaced['id']} can no longer be changed")
    replaced_id = replaced["id"] if replaced else None
    own = [
        m
        for m in state["moves"].values()
        if m["seat"] == seat and m["status"] != "withdrawn" and m["id"] != replaced_id
    ]
    quota = ctx.scenario["move_quota"]
    if sum(1 for m in own if m["turn"] == turn) >= quota:
        raise rules("quota_exhausted", f"you have used all {quota} moves of this turn")
    if visibility == "secret":
        if action is not None and not action["secret_allowed"]:
            raise rules("secret_not_allowed", f"{action['name']} cannot be made in secret")
        limit = ctx.scenario["secret_moves_per_game"]
        if sum(1 for m in own if m["visibility"] == "secret") >= limit:
            raise rules(
                "secret_quota_exhausted", f"you have used all {limit} secret moves of this game"
            )

    if replaced is not None:
        move_id, revision = replaced["id"], replaced["revision"] + 1
    else:
        move_id, revision = new_id(state, "m", state["counters"]["move"] + 1), 1
    data: dict[str, Any] = {
        "move_id": move_id,
        "seat": seat,
        "turn": turn,
        "action": action_id,
        "argument": argument,
        "targets": targets,
        "visibility": visibility,
        "rationale": rationale,
        "revision": revision,
    }
    if visibility == "secret":
        stream = Stream(state["rng"]["seed"], state["rng"]["counter"])
        salt = stream.salt()
        data["salt"] = salt
        data["commitment"] = commitment(commitment_content(data), salt)
        data["rng_counter"] = stream.counter
    return [ctx.event("move_submitted", data, [seat])]


@command(
    WithdrawMove,
    {SEAT},
    emits="`move_withdrawn` (audience the seat)",
)
def withdraw_move(ctx: Context, cmd: WithdrawMove) -> list[Draft]:
    move = get_move(ctx, cmd.move_id)
    if move["seat"] != ctx.role:
        raise forbidden(f"move {move['id']} is not yours", "not_your_move")
    _require_orders_open(ctx)
    require_submitter(ctx)
    if move["turn"] != ctx.state["turn"] or move["status"] != "submitted":
        raise rules("move_closed", f"move {move['id']} can no longer be withdrawn")
    data = {"move_id": move["id"], "seat": move["seat"], "turn": move["turn"]}
    return [ctx.event("move_withdrawn", data, [ctx.role])]


@command(
    LockOrders,
    {SEAT},
    emits="`orders_locked`",
)
def lock_orders(ctx: Context, cmd: LockOrders) -> list[Draft]:
    require_running(ctx)
    require_phase(ctx, "orders")
    if ctx.state["locks"][ctx.role]:
        raise rules("already_locked", "your orders are already locked")
    require_submitter(ctx)
    return [ctx.event("orders_locked", {"seat": ctx.role, "turn": ctx.state["turn"]})]


def _move_submitted(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    move_id = data["move_id"]
    existing = state["moves"].get(move_id)
    if existing is None:
        state["counters"]["move"] += 1
    if "rng_counter" in data:
        state["rng"]["counter"] = data["rng_counter"]
    state["moves"][move_id] = {
        "id": move_id,
        "n": state["counters"]["move"] if existing is None else existing["n"],
        "seat": data["seat"],
        "turn": data["turn"],
        "action": data["action"],
        "argument": copy_argument(data["argument"]),
        "targets": list(data["targets"]),
        "visibility": data["visibility"],
        "rationale": data["rationale"],
        "status": "submitted",
        "revision": data["revision"],
        "submitted_seq": event["seq"],
        "commitment": data.get("commitment"),
        "salt": data.get("salt"),
        "revealed": False,
        "revealed_seq": None,
        "proposal": None,
        "adjudication": None,
        "outcome": None,
        "arguments": existing["arguments"] if existing else [],
        "detected_by": [],
        "detection_rolled": False,
    }
    fact = {
        "seat": data["seat"],
        "revised": existing is not None,
        "move_id": move_id,
        "action": data["action"],
        "visibility": data["visibility"],
    }
    note(out, state, event, fact, move_id=move_id)


def _move_withdrawn(state: State, event: Event, out: Journal) -> None:
    move_id = event["data"]["move_id"]
    state["moves"][move_id]["status"] = "withdrawn"
    note(out, state, event, {"seat": event["data"]["seat"], "move_id": move_id}, move_id=move_id)


def _orders_locked(state: State, event: Event, out: Journal) -> None:
    seat = event["data"]["seat"]
    state["locks"][seat] = True
    note(out, state, event, {"seat": seat, "cause": event["data"].get("cause")})


COMMANDS: list[CommandSpec[Any]] = [submit_move, withdraw_move, lock_orders]
EVOLVERS: dict[str, Evolver] = {
    "move_submitted": _move_submitted,
    "move_withdrawn": _move_withdrawn,
    "orders_locked": _orders_locked,
}
