"""What every family's evolve handlers share: the timeline entry an event adds to the journal
(its facts: the words are written when a view shows it, ``words``), and copies and names."""

from __future__ import annotations

from typing import Any

from .common import copy_audience

State = dict[str, Any]
Event = dict[str, Any]
Journal = list[dict[str, Any]]


def copy_cause(cause: dict[str, Any]) -> dict[str, Any]:
    copied = dict(cause)
    if "audience" in copied:
        copied["audience"] = copy_audience(copied["audience"])
    return copied


def copy_argument(argument: Any) -> Any:
    if argument is None:
        return None
    return {
        "action": argument["action"],
        "result": argument["result"],
        "reasons": list(argument["reasons"]),
    }


def seat_name(state: State, seat: str) -> str:
    seat_doc = state["scenario"]["seats"].get(seat)
    return str(seat_doc["name"]) if seat_doc else seat


def actor_name(event: Event) -> str:
    actor = event["actor"]
    if actor.get("role") == "control":
        return str(actor.get("name") or "White Cell")
    return str(actor.get("name") or actor.get("role") or "?")


def _actor_of(actor: dict[str, Any]) -> dict[str, Any]:
    """The actor as a timeline item keeps it: the member who acted only when one did."""
    kept = {"role": actor.get("role"), "name": actor.get("name")}
    if "member" in actor:
        kept["member"] = dict(actor["member"])
    if actor.get("bot") is True:
        kept["bot"] = True
    return kept


def note(out: Journal, state: State, event: Event, fact: dict[str, Any], **extra: Any) -> None:
    """Add a timeline entry that carries the event's audience to the journal: what happened
    (the event's type and actor, and ``fact``, the values its sentence needs), not the
    sentence itself (``words.timeline_text`` writes it for a view)."""
    actor = event["actor"]
    item = {
        "seq": event["seq"],
        "at": event["at"],
        "turn": state["turn"],
        "phase": state["phase"],
        "type": event["type"],
        "actor": _actor_of(actor),
        "fact": fact,
    }
    entry: dict[str, Any] = {
        "kind": "timeline",
        "seq": event["seq"],
        "audience": copy_audience(event["audience"]),
        "item": item,
    }
    for key in ("move_id", "adjudication_id", "message_id"):
        if key in extra:
            item[key] = extra.pop(key)
    entry.update(extra)  # the changes and cause of an indicator entry, shown per role
    out.append(entry)
