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


def upgrade_scenario(scenario: dict[str, Any]) -> dict[str, Any]:
    """Fill in, in place, what a scenario document recorded by an earlier engine lacks:
    conditions, narrative ids and titles, facilitator notes, the timing plan."""
    scenario.setdefault("facilitator_notes", "")
    scenario.setdefault("turn_notes", {})
    scenario.setdefault("timing", {})
    for inject in scenario["injects"]:
        inject.setdefault("condition", None)
    per_turn: dict[int, int] = {}
    for narrative in scenario["narratives"]:
        per_turn[narrative["turn"]] = per_turn.get(narrative["turn"], 0) + 1
    seen: dict[int, int] = {}
    for narrative in scenario["narratives"]:
        turn = narrative["turn"]
        seen[turn] = seen.get(turn, 0) + 1
        if narrative.get("id") is None:
            several = per_turn[turn] > 1
            narrative["id"] = f"narrative:{turn}:{seen[turn]}" if several else f"narrative:{turn}"
        narrative.setdefault("title", "")
        narrative.setdefault("condition", None)
    for seat in scenario["seats"].values():
        for action in seat["actions"]:
            action.setdefault("condition", None)
    return scenario


def _run_sheet(scenario: dict[str, Any]) -> dict[str, Any]:
    """The scripted narratives and injects, each with its status (due, held, issued, skipped),
    its current text and audience (edits included) and its place in the order of issue."""
    items: list[dict[str, Any]] = []
    for index, narrative in enumerate(scenario["narratives"]):
        items.append(
            {
                "id": narrative["id"],
                "kind": "narrative",
                "turn": narrative["turn"],
                "order": (narrative["turn"], 0, index),
                "title": narrative["title"],
                "text": narrative["text"],
                "audience": "all",
            }
        )
    for index, inject in enumerate(scenario["injects"]):
        items.append(
            {
                "id": inject["id"],
                "kind": "inject",
                "turn": inject["turn"],
                "order": (inject["turn"], 1, index),
                "title": inject["title"],
                "text": inject["text"],
                "audience": copy_audience(inject["audience"]),
            }
        )
    items.sort(key=lambda item: item["order"])
    sheet: dict[str, Any] = {}
    for n, item in enumerate(items, start=1):
        del item["order"]
        item.update(
            {
                "n": n,
                "status": "due",
                "edited_by": None,
                "edited_seq": None,
                "skip_reason": None,
                "skip_cause": None,
                "issued_seq": None,
                "held_seq": None,
            }
        )
        sheet[item["id"]] = item
    return sheet


def _actor_name(event: Event) -> str:
    actor = event["actor"]
    if actor.get("role") == "control":
        return actor.get("name") or "White Cell"
    return actor.get("name") or actor.get("role") or "?"


def _create(event: Event, out: Journal) -> State:
    data = event["data"]
    scenario = upgrade_scenario(deep_copy(data["scenario"]))
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
        "phase_started_at": None,
        "paused_at": None,
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
            "deadline": 0,
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
        "run_sheet": _run_sheet(scenario),
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
    state["phase_started_at"] = event["at"]
    _note(out, state, event, f"Game started: turn {data['turn']}, {data['phase']}")


def _phase_advanced(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    if data["turn"] != state["turn"]:
        for seat in state["locks"]:
            state["locks"][seat] = False
    state["turn"] = data["turn"]
    state["phase"] = data["phase"]
    state["phase_started_at"] = event["at"]
    state["deadline"] = None
    label = state["scenario"]["turn_labels"][data["turn"] - 1]
    why = " when the deadline passed" if data.get("cause") == "deadline" else ""
    _note(out, state, event, f"Turn {data['turn']} ({label}): {data['phase']} phase opened{why}")


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


def _scripted_item(state: State, data: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """The run-sheet item an issued scripted narrative or inject is (logs recorded before
    narratives had ids name none: the turn's first due narrative is taken)."""
    if not data.get("scripted"):
        return None
    sheet = state.get("run_sheet", {})
    item_id = data.get("narrative_id") if kind == "narrative" else data.get("inject_id")
    if item_id is not None:
        return sheet.get(item_id)
    for item in sorted(sheet.values(), key=lambda i: i["n"]):
        if item["kind"] == kind and item["turn"] == data["turn"] and item["status"] == "due":
            return item
    return None


def _mark_issued(state: State, event: Event, item: dict[str, Any] | None) -> None:
    if item is not None:
        item["status"] = "issued"
        item["issued_seq"] = event["seq"]


def _narrative_published(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    item = _scripted_item(state, data, "narrative")
    _mark_issued(state, event, item)
    state["narratives"].append(
        {
            "id": item["id"] if item else data.get("narrative_id"),
            "seq": event["seq"],
            "turn": data["turn"],
            "text": data["text"],
            "scripted": data["scripted"],
        }
    )
    _note(out, state, event, f"State of the world for turn {data['turn']} published")


def _inject_issued(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    _mark_issued(state, event, _scripted_item(state, data, "inject"))
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


def _item_label(item: dict[str, Any]) -> str:
    return item["title"] or item["id"]


def _inject_held(state: State, event: Event, out: Journal) -> None:
    item = state["run_sheet"][event["data"]["inject_id"]]
    item["status"] = "held"
    item["held_seq"] = event["seq"]
    _note(out, state, event, f"{_actor_name(event)} held '{_item_label(item)}'")


def _inject_edited(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    item = state["run_sheet"][data["inject_id"]]
    item["title"] = data["title"]
    item["text"] = data["text"]
    item["audience"] = copy_audience(data["audience"])
    item["edited_by"] = _actor_name(event)
    item["edited_seq"] = event["seq"]
    changed = ", ".join(data["changed"])
    _note(out, state, event, f"{_actor_name(event)} edited '{_item_label(item)}' ({changed})")


def _inject_skipped(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    item = state["run_sheet"][data["inject_id"]]
    item["status"] = "skipped"
    item["skip_reason"] = data["reason"]
    item["skip_cause"] = data["cause"]
    who = "skipped" if data["cause"] == "condition" else f"skipped by {_actor_name(event)}"
    _note(out, state, event, f"'{_item_label(item)}' {who}: {data['reason']}")


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
        _note(out, state, event, "Deadline cleared")
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
    when = data["deadline"] or f"{data.get('remaining_seconds')} s once resumed"
    action = {
        "alert": "",
        "lock_orders": "; then the orders of seats that have not locked close",
        "advance": "; then the phase advances",
    }.get(data.get("on_expiry", "alert"), "")
    _note(out, state, event, f"Deadline set: {when}{action}")


def _game_paused(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["paused"] = True
    state["paused_at"] = event["at"]
    deadline = state["deadline"]
    if deadline is not None and data.get("remaining_seconds") is not None:
        deadline["at"] = None
        deadline["remaining_seconds"] = data["remaining_seconds"]
    reason = data.get("reason") or ""
    _note(out, state, event, f"Game paused{': ' + reason if reason else ''}")


def _game_resumed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["paused"] = False
    state["paused_at"] = None
    if data.get("deadline") is not None:
        _set_deadline_state(state, data["deadline"])
    _note(out, state, event, "Game resumed")


def _deadline_expired(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    if state["deadline"] is not None:
        state["deadline"]["expired"] = True
    action = {
        "alert": "the White Cell is alerted",
        "lock_orders": "the orders of seats that had not locked close",
        "advance": "the phase advances",
    }.get(data["on_expiry"], data["on_expiry"])
    _note(out, state, event, f"The deadline passed: {action}")


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
    if event["data"].get("cause") == "deadline":
        _note(out, state, event, f"{_seat_name(state, seat)}'s orders closed at the deadline")
    else:
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
        "narrative_history": (
            [{"text": data["narrative"], "at": event["at"], "by": _actor_name(event)}]
            if data["narrative"]
            else []
        ),
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


def _narrative_amended(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    adjudication = state["adjudications"][data["adjudication_id"]]
    adjudication["narrative"] = data["text"]
    adjudication["narrative_history"].append(
        {"text": data["text"], "at": event["at"], "by": _actor_name(event)}
    )
    verb = "wrote" if not data["previous"] else "amended"
    _note(
        out,
        state,
        event,
        # No text: the move shows the current narrative, and an earlier one may have been
        # taken back (the White Cell's view keeps every version).
        f"{_actor_name(event)} {verb} the narrative of {data['move_id']}",
        adjudication_id=data["adjudication_id"],
        move_id=data["move_id"],
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
    state["paused_at"] = None
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
    "deadline_expired": _deadline_expired,
    "inject_held": _inject_held,
    "inject_edited": _inject_edited,
    "inject_skipped": _inject_skipped,
    "narrative_amended": _narrative_amended,
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
