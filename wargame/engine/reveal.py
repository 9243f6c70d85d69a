"""Secret moves brought to light: the White Cell's reveal of one, with its salt so anyone can
check it against its commitment (the end of the game reveals every announced one the same
way)."""

from __future__ import annotations

from typing import Any, Literal

from .common import CONTROL, rules
from .context import (
    CommandSpec,
    Context,
    Draft,
    Event,
    Evolver,
    Journal,
    State,
    announce,
    command,
    get_move,
)
from .fields import CommandModel, MoveId, OptionalReason
from .journal import note


class RevealMove(CommandModel):
    """Control: reveal a secret move with its salt, so anyone can check it against its
    commitment."""

    type: Literal["reveal_move"]
    move_id: MoveId
    reason: OptionalReason = None


def reveal(ctx: Context, move: dict[str, Any], reason: str) -> Draft:
    data = announce(ctx.state, move)
    data.update(
        {
            "commitment": move["commitment"],
            "salt": move["salt"],
            "outcome": move["outcome"],
            "reason": reason,
        }
    )
    return ctx.event("move_revealed", data)


@command(
    RevealMove,
    {CONTROL},
    emits="`move_revealed`",
)
def reveal_move(ctx: Context, cmd: RevealMove) -> list[Draft]:
    move = get_move(ctx, cmd.move_id)
    reason = cmd.reason or ""
    if ctx.state["status"] == "setup":
        raise rules("not_running", "the game has not started")
    if move["visibility"] != "secret":
        raise rules("not_secret", f"move {move['id']} is public")
    if move["status"] == "withdrawn":
        raise rules("move_withdrawn", f"move {move['id']} was withdrawn")
    if move["status"] == "submitted":
        raise rules("not_announced", f"the orders of move {move['id']} are still open")
    if move["revealed"]:
        raise rules("already_revealed", f"move {move['id']} is already revealed")
    return [reveal(ctx, move, reason)]


def _move_revealed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    move = state["moves"][data["move_id"]]
    move["revealed"] = True
    move["revealed_seq"] = event["seq"]
    note(
        out,
        state,
        event,
        {"move_id": data["move_id"], "seat": data["seat"], "action_name": data["action_name"]},
        move_id=data["move_id"],
    )


COMMANDS: list[CommandSpec[Any]] = [reveal_move]
EVOLVERS: dict[str, Evolver] = {"move_revealed": _move_revealed}
