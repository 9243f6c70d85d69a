"""Debate: the pros and cons seats argue on each other's public moves in the adjudication
phase, which the White Cell may weigh as strong when it proposes a probability."""

from __future__ import annotations

from typing import Any, Literal

from .common import rules
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
)
from .fields import CommandModel, MoveId, Stance, Text
from .journal import note


class AddArgument(CommandModel):
    """Seat, adjudication phase: a pro or con on another seat's public move."""

    type: Literal["add_argument"]
    move_id: MoveId
    stance: Stance
    text: Text


@command(
    AddArgument,
    {SEAT},
    emits="`argument_added`",
)
def add_argument(ctx: Context, cmd: AddArgument) -> list[Draft]:
    move = get_move(ctx, cmd.move_id)
    require_running(ctx)
    require_phase(ctx, "adjudication")
    if move["seat"] == ctx.role:
        raise rules("own_move", "arguments are for other seats' moves, not your own")
    if move["visibility"] != "public" and not move["revealed"]:
        raise rules("not_public", f"move {move['id']} is secret")
    if move["turn"] != ctx.state["turn"] or move["status"] != "announced":
        raise rules("wrong_turn", f"move {move['id']} is not open for arguments")
    if move["adjudication"] is not None:
        raise rules("already_adjudicated", f"move {move['id']} is already adjudicated")
    argument_id = new_id(ctx.state, "arg", ctx.state["counters"]["argument"] + 1)
    data = {
        "argument_id": argument_id,
        "move_id": move["id"],
        "seat": ctx.role,
        "stance": cmd.stance,
        "text": cmd.text,
    }
    return [ctx.event("argument_added", data)]


def _argument_added(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    argument_id = data["argument_id"]
    state["counters"]["argument"] += 1
    state["arguments"][argument_id] = {
        "id": argument_id,
        "n": state["counters"]["argument"],
        "seq": event["seq"],
        "move_id": data["move_id"],
        "seat": data["seat"],
        "stance": data["stance"],
        "text": data["text"],
        "strong": False,
    }
    state["moves"][data["move_id"]]["arguments"].append(argument_id)
    note(
        out,
        state,
        event,
        {"seat": data["seat"], "stance": data["stance"], "move_id": data["move_id"]},
        move_id=data["move_id"],
    )


COMMANDS: list[CommandSpec[Any]] = [add_argument]
EVOLVERS: dict[str, Evolver] = {"argument_added": _argument_added}
