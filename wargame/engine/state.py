"""evolve and fold: apply recorded events to the game state and its journal.

``fold`` copies its starting state once and then applies every event in place; ``evolve`` is
``fold`` of one event. Handlers never keep references to event data they might later mutate
(they copy what they store), so folding never alters the caller's events.

The state holds what the rules decide on: it grows with the moves, adjudications, injects and
indicator changes a game's turns bring, not with its talk. What grows with every event (the
timeline, the messages, the analyst notes) goes to the *journal*: entries each folded event
adds, in seq order, which the caller keeps if it asks for them (``fold(..., journal=entries)``).
Views read both; a rebuild of the state never decodes the journal, so a long game of messages
and notes rebuilds as fast as a short one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from .codec import deep_copy
from .common import ENGINE_VERSION, copy_audience
from .rules import action_name

State = dict[str, Any]
Event = dict[str, Any]
Journal = list[dict[str, Any]]


def _copy_cause(cause: dict[str, Any]) -> dict[str, Any]:
    copied = dict(cause)
    if "audience" in copied:
        copied["audience"] = copy_audience(copied["audience"])
    return copied


def _seat_name(state: State, seat: str) -> str:
    seat_doc = state["scenario"]["seats"].get(seat)
    return seat_doc["name"] if seat_doc else seat


def _note(out: Journal, state: State, event: Event, text: str, **extra: Any) -> None:
    """Add a timeline entry that carries the event's audience to the journal."""
    actor = event["actor"]
    item = {
        "seq": event["seq"],
        "at": event["at"],
        "turn": state["turn"],
        "phase": state["phase"],
        "type": event["type"],
        "actor": {"role": actor.get("role"), "name": actor.get("name")},
        "text": text,
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


def _create(event: Event, out: Journal) -> State:
    data = event["data"]
    scenario = deep_copy(data["scenario"])
    seq = event["seq"]
    state: State = {
        "engine_version": ENGINE_VERSION,
        "seq": seq,
        "title": data["title"],
        "created_at": event["at"],
        "started_at": None,
        "ended_at": None,
        "status": "setup",
        "paused": False,
        "turn": 0,
        "phase": None,
        "deadline": None,
        "record_open": False,
        "rng": {"seed": data["seed"], "counter": 0},
        "counters": {
            "move": 0,
            "adjudication": 0,
            "argument": 0,
            "message": 0,
            "inject": 0,
            "note": 0,
        },
        "scenario": scenario,
        "locks": {seat: False for seat in scenario["seats"]},
        "indicators": {
            spec["id"]: {
                "value": spec["start"],
                "history": [
                    {
                        "seq": seq,
                        "turn": 0,
                        "value": spec["start"],
                        "delta": 0,
                        "cause": {"kind": "start"},
                    }
                ],
            }
            for spec in scenario["indicators"]
        },
        "moves": {},
        "arguments": {},
        "adjudications": {},
        "injects": [],
        "intelligence": [],
        "narratives": [],
        "scores": None,
    }
    _note(out, state, event, f"Game created: {data['title']} ({scenario['title']})")
    return state


def _game_started(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["status"] = "running"
    state["started_at"] = event["at"]
    state["turn"] = data["turn"]
    state["phase"] = data["phase"]
    _note(out, state, event, f"Game started: turn {data['turn']}, {data['phase']}")


def _phase_advanced(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    if data["turn"] != state["turn"]:
        for seat in state["locks"]:
            state["locks"][seat] = False
    state["turn"] = data["turn"]
    state["phase"] = data["phase"]
    state["deadline"] = None
    label = state["scenario"]["turn_labels"][data["turn"] - 1]
    _note(out, state, event, f"Turn {data['turn']} ({label}): {data['phase']} phase opened")


def _orders_closed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    moves = state["moves"]
    turn = data["turn"]
    for move in moves.values():
        if move["turn"] == turn and move["status"] == "submitted":
            move["status"] = "announced"
    for seat in state["locks"]:
        state["locks"][seat] = True
    public = len(data["public_moves"])
    secret = len(data["secret_moves"])
    forced = " (forced)" if data["forced"] else ""
    _note(out, state, event, f"Orders closed{forced}: {public} public, {secret} secret moves")


def _narrative_published(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["narratives"].append(
        {
            "seq": event["seq"],
            "turn": data["turn"],
            "text": data["text"],
            "scripted": data["scripted"],
        }
    )
    _note(out, state, event, f"State of the world for turn {data['turn']} published")


def _inject_issued(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["counters"]["inject"] += 1
    state["injects"].append(
        {
            "id": data["inject_id"],
            "seq": event["seq"],
            "turn": data["turn"],
            "scripted": data["scripted"],
            "title": data["title"],
            "text": data["text"],
            "audience": copy_audience(data["audience"]),
        }
    )
    kind = "Scripted" if data["scripted"] else "Ad-hoc"
    _note(out, state, event, f"{kind} inject: {data['title'] or data['inject_id']}")


def _apply_changes(state: State, event: Event) -> list[dict[str, Any]]:
    data = event["data"]
    cause = data["cause"]
    indicators = state["indicators"]
    seq = event["seq"]
    turn = state["turn"]
    entries = []
    for change in data["changes"]:
        indicator = indicators[change["indicator"]]
        indicator["value"] = change["after"]
        indicator["history"].append(
            {
                "seq": seq,
                "turn": turn,
                "value": change["after"],
                "delta": change["after"] - change["before"],
                "cause": _copy_cause(cause),
            }
        )
        entries.append(
            {
                "indicator": change["indicator"],
                "before": change["before"],
                "after": change["after"],
                "audience": copy_audience(change["audience"]),
            }
        )
    return entries


def _indicators_changed(state: State, event: Event, out: Journal) -> None:
    entries = _apply_changes(state, event)
    cause = event["data"]["cause"]
    if cause["kind"] == "adjudication":
        state["adjudications"][cause["adjudication_id"]]["changes"].extend(
            dict(entry) for entry in entries
        )
    _note(out, state, event, "Indicators changed", changes=entries, cause=_copy_cause(cause))


def _indicator_adjusted(state: State, event: Event, out: Journal) -> None:
    entries = _apply_changes(state, event)
    _note(
        out,
        state,
        event,
        f"Control adjusted an indicator: {event['data']['reason']}",
        changes=entries,
        cause=_copy_cause(event["data"]["cause"]),
    )


def _deadline_set(state: State, event: Event, out: Journal) -> None:
    deadline = event["data"]["deadline"]
    state["deadline"] = deadline
    _note(out, state, event, f"Deadline set: {deadline}" if deadline else "Deadline cleared")


def _game_paused(state: State, event: Event, out: Journal) -> None:
    state["paused"] = True
    reason = event["data"].get("reason") or ""
    _note(out, state, event, f"Game paused{': ' + reason if reason else ''}")


def _game_resumed(state: State, event: Event, out: Journal) -> None:
    state["paused"] = False
    _note(out, state, event, "Game resumed")


def copy_argument(argument: Any) -> Any:
    if argument is None:
        return None
    return {
        "action": argument["action"],
        "result": argument["result"],
        "reasons": list(argument["reasons"]),
    }


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
    verb = "revised" if existing else "submitted"
    name = action_name(state, data["action"])
    _note(
        out,
        state,
        event,
        f"{_seat_name(state, data['seat'])} {verb} move {move_id}: {name} ({data['visibility']})",
        move_id=move_id,
    )


def _move_withdrawn(state: State, event: Event, out: Journal) -> None:
    move_id = event["data"]["move_id"]
    state["moves"][move_id]["status"] = "withdrawn"
    seat = _seat_name(state, event["data"]["seat"])
    _note(out, state, event, f"{seat} withdrew move {move_id}", move_id=move_id)


def _orders_locked(state: State, event: Event, out: Journal) -> None:
    seat = event["data"]["seat"]
    state["locks"][seat] = True
    _note(out, state, event, f"{_seat_name(state, seat)} locked its orders")


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
    _note(
        out,
        state,
        event,
        f"{_seat_name(state, data['seat'])} argued {data['stance']} move {data['move_id']}",
        move_id=data["move_id"],
    )


def _probability_proposed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    move = state["moves"][data["move_id"]]
    strong = set(data["strong"])
    for argument_id in move["arguments"]:
        state["arguments"][argument_id]["strong"] = argument_id in strong
    move["proposal"] = {
        "seq": event["seq"],
        "base": data["base"],
        "terms": [dict(term) for term in data["terms"]],
        "strong": list(data["strong"]),
        "strong_pros": data["strong_pros"],
        "strong_cons": data["strong_cons"],
        "proposed": data["proposed"],
        "probability": data["probability"],
        "reason": data["reason"],
    }
    _note(
        out,
        state,
        event,
        f"Probability for {data['move_id']}: proposed {data['proposed']}, "
        f"set {data['probability']}",
        move_id=data["move_id"],
    )


def _move_adjudicated(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    adjudication_id = data["adjudication_id"]
    state["counters"]["adjudication"] += 1
    state["rng"]["counter"] = data["rng_counter"]
    entries = []
    for entry in data["entries"]:
        entries.append(
            {
                "move_id": entry["move_id"],
                "seat": entry["seat"],
                "proposed": entry["proposed"],
                "probability": entry["probability"],
                "override_reason": entry["override_reason"],
                "draws": list(entry["draws"]),
                "outcome": entry["outcome"],
            }
        )
        move = state["moves"][entry["move_id"]]
        move["outcome"] = entry["outcome"]
        move["adjudication"] = adjudication_id
    detection = [dict(item) for item in data["detection"]]
    for item in detection:
        move = state["moves"][item["move_id"]]
        move["detection_rolled"] = True
        if item["detected"] and item["seat"] not in move["detected_by"]:
            move["detected_by"].append(item["seat"])
    state["adjudications"][adjudication_id] = {
        "id": adjudication_id,
        "n": state["counters"]["adjudication"],
        "seq": event["seq"],
        "turn": data["turn"],
        "method": data["method"],
        "opposed": data["opposed"],
        "moves": list(data["moves"]),
        "entries": entries,
        "narrative": data["narrative"],
        "reason": data["reason"],
        "detection": detection,
        "audience": copy_audience(event["audience"]),
        "changes": [],
        "voided": False,
        "void_reason": None,
        "void_seq": None,
    }
    outcomes = ", ".join(f"{e['move_id']} {e['outcome']}" for e in entries)
    _note(
        out,
        state,
        event,
        f"Adjudicated ({data['method']}{', opposed' if data['opposed'] else ''}): {outcomes}",
        adjudication_id=adjudication_id,
    )


def _intelligence_report(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    report = {
        "seq": event["seq"],
        "seat": data["seat"],
        "move_id": data["move_id"],
        "about": data["about"],
        "turn": data["turn"],
        "action": data["action"],
        "action_name": data["action_name"],
        "argument": copy_argument(data["argument"]),
        "targets": list(data["targets"]),
        "adjudication_id": data["adjudication_id"],
    }
    state["intelligence"].append(report)
    _note(
        out,
        state,
        event,
        f"Intelligence for {_seat_name(state, data['seat'])}: "
        f"{_seat_name(state, data['about'])} is carrying out '{data['action_name']}' "
        f"({data['move_id']})",
        move_id=data["move_id"],
    )


def _adjudication_voided(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    adjudication = state["adjudications"][data["adjudication_id"]]
    adjudication["voided"] = True
    adjudication["void_reason"] = data["reason"]
    adjudication["void_seq"] = event["seq"]
    for move_id in adjudication["moves"]:
        move = state["moves"][move_id]
        if move["adjudication"] == data["adjudication_id"]:
            move["adjudication"] = None
            move["outcome"] = None
    _note(
        out,
        state,
        event,
        f"Adjudication {data['adjudication_id']} voided: {data['reason']}",
        adjudication_id=data["adjudication_id"],
    )


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
    names = ", ".join(_seat_name(state, seat) for seat in data["to"])
    sender = _seat_name(state, data["from"]) if data["from"] != "control" else "Control"
    _note(out, state, event, f"Message from {sender} to {names}", message_id=data["message_id"])


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
    _note(out, state, event, f"Analyst note by {event['actor'].get('role')}")


def _move_revealed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    move = state["moves"][data["move_id"]]
    move["revealed"] = True
    move["revealed_seq"] = event["seq"]
    _note(
        out,
        state,
        event,
        f"Secret move {data['move_id']} of {_seat_name(state, data['seat'])} revealed: "
        f"{data['action_name']}",
        move_id=data["move_id"],
    )


def _game_ended(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["status"] = "ended"
    state["paused"] = False
    state["deadline"] = None
    state["ended_at"] = event["at"]
    state["scores"] = deep_copy(data["scores"])
    _note(out, state, event, "Game ended")


def _record_opened(state: State, event: Event, out: Journal) -> None:
    state["record_open"] = True
    _note(out, state, event, "Control opened the full record to every role")


HANDLERS: dict[str, Callable[[State, Event, Journal], None]] = {
    "game_started": _game_started,
    "phase_advanced": _phase_advanced,
    "orders_closed": _orders_closed,
    "narrative_published": _narrative_published,
    "inject_issued": _inject_issued,
    "indicators_changed": _indicators_changed,
    "indicator_adjusted": _indicator_adjusted,
    "deadline_set": _deadline_set,
    "game_paused": _game_paused,
    "game_resumed": _game_resumed,
    "move_submitted": _move_submitted,
    "move_withdrawn": _move_withdrawn,
    "orders_locked": _orders_locked,
    "argument_added": _argument_added,
    "probability_proposed": _probability_proposed,
    "move_adjudicated": _move_adjudicated,
    "intelligence_report": _intelligence_report,
    "adjudication_voided": _adjudication_voided,
    "message_sent": _message_sent,
    "note_added": _note_added,
    "move_revealed": _move_revealed,
    "game_ended": _game_ended,
    "record_opened": _record_opened,
}
EVENT_TYPES = frozenset(HANDLERS) | {"game_created"}


def _apply(state: State | None, event: Event, out: Journal) -> State:
    """Apply one event to ``state`` in place (or create the state), adding its journal entries
    to ``out``, and return it."""
    kind = event["type"]
    if state is None:
        if kind != "game_created":
            raise ValueError(f"the first event must be game_created, got {kind!r}")
        return _create(event, out)
    if event["seq"] != state["seq"] + 1:
        raise ValueError(f"event seq {event['seq']} does not follow state seq {state['seq']}")
    handler = HANDLERS.get(kind)
    if handler is None:
        raise ValueError(f"unknown event type {kind!r}")
    handler(state, event, out)
    state["seq"] = event["seq"]
    return state


def recorded_engine_version(first_event: Event) -> str:
    """The engine version a log's state hashes were recorded with (its game_created event
    names it; logs from before it did were recorded by version 1)."""
    return str(first_event.get("data", {}).get("engine_version", "1"))


def evolve(state: State | None, event: Event, *, journal: Journal | None = None) -> State:
    """The state after ``event``; ``state`` itself is left untouched. The event's journal
    entries are added to ``journal`` when given."""
    return fold(state, (event,), journal=journal)  # type: ignore[return-value]


def fold(
    state: State | None,
    events: Iterable[Event],
    *,
    copy: bool = True,
    journal: Journal | None = None,
) -> State | None:
    """Apply events in order; equal to repeated ``evolve`` but copies only once (not at all
    with ``copy=False``, for a caller that owns ``state`` and lets it change). The events'
    journal entries are added to ``journal`` when given."""
    current = deep_copy(state) if state is not None and copy else state
    for step in fold_steps(current, events, copy=False, journal=journal):
        current = step
    return current


def fold_steps(
    state: State | None,
    events: Iterable[Event],
    *,
    copy: bool = True,
    journal: Journal | None = None,
) -> Iterator[State]:
    """Like ``fold``, yielding the state after each event, for hashing every step.

    The state is copied once (not at all with ``copy=False``, for a caller that owns it) and
    then changed in place: each yielded value is the same object, valid until the next step.
    """
    current = deep_copy(state) if state is not None and copy else state
    for event in events:
        # Without a journal to keep, each event's entries are dropped as soon as made.
        current = _apply(current, event, journal if journal is not None else [])
        yield current
