"""Talk: the messages seats and control send each other, and the analysts' notes.

Neither changes what the rules decide on: both go to the journal, not the state (only their
counters, for the next id, are state).
"""

from __future__ import annotations

from typing import Any, Literal

from .common import CONTROL, OBSERVER, copy_audience, rules
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
    new_id,
    require_running,
    seat_list,
)
from .fields import CommandModel, Seats, Text
from .journal import note
from .members import require_submitter


class SendMessage(CommandModel):
    """Seat or control: a message to a set of seats; only they and control see it."""

    type: Literal["send_message"]
    to: Seats
    text: Text


class AddNote(CommandModel):
    """Control or observer: an analyst note, visible to control."""

    type: Literal["add_note"]
    text: Text


@command(
    SendMessage,
    {SEAT, CONTROL},
    while_paused=True,
    emits="`message_sent` (audience sender + recipients)",
)
def send_message(ctx: Context, cmd: SendMessage) -> list[Draft]:
    sender = ctx.role
    to = seat_list(ctx, cmd.to, "to", required=True, exclude=sender)
    text = cmd.text
    require_running(ctx)
    if ctx.state["phase"] not in ctx.scenario["messaging_phases"]:
        raise rules("messaging_closed", f"messaging is closed in the {ctx.state['phase']} phase")
    if sender != CONTROL:
        require_submitter(ctx)
    message_id = new_id(ctx.state, "msg", ctx.state["counters"]["message"] + 1)
    audience = to if sender == CONTROL else [sender, *to]
    data = {"message_id": message_id, "from": sender, "to": to, "text": text}
    return [ctx.event("message_sent", data, audience)]


@command(
    AddNote,
    {CONTROL, OBSERVER},
    emits='`note_added` (audience control only; an observer\'s note also `["observer"]`)',
)
def add_note(ctx: Context, cmd: AddNote) -> list[Draft]:
    note_id = new_id(ctx.state, "note", ctx.state["counters"]["note"] + 1)
    audience = [OBSERVER] if ctx.role == OBSERVER else []
    return [ctx.event("note_added", {"note_id": note_id, "text": cmd.text}, audience)]


def _message_sent(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["counters"]["message"] += 1
    out.append(
        {
            "kind": "message",
            "seq": event["seq"],
            "from": data["from"],
            "to": list(data["to"]),
            "item": {
                "id": data["message_id"],
                "seq": event["seq"],
                "at": event["at"],
                "turn": state["turn"],
                "phase": state["phase"],
                "from": data["from"],
                "to": list(data["to"]),
                "author": event["actor"].get("name"),
                "text": data["text"],
            },
        }
    )
    fact = {"from": data["from"], "to": list(data["to"])}
    note(out, state, event, fact, message_id=data["message_id"])


def _note_added(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["counters"]["note"] += 1
    out.append(
        {
            "kind": "note",
            "seq": event["seq"],
            "audience": copy_audience(event["audience"]),
            "item": {
                "id": data["note_id"],
                "seq": event["seq"],
                "at": event["at"],
                "turn": state["turn"],
                "phase": state["phase"],
                "role": event["actor"].get("role"),
                "author": event["actor"].get("name"),
                "text": data["text"],
            },
        }
    )
    note(out, state, event, {"role": event["actor"].get("role")})


COMMANDS: list[CommandSpec[Any]] = [send_message, add_note]
EVOLVERS: dict[str, Evolver] = {"message_sent": _message_sent, "note_added": _note_added}
