"""view and project_event: what one role may see of the state and of each stored event.

Every view is complete and self-contained: the browser never filters. Nothing outside the role's
audience is included, and the seed and the salts of secret moves never are (a salt is shown
only in the projection of the ``move_revealed`` event that discloses it).

Over 400 lines because the view is one document: each of its parts (moves, adjudications,
the run-sheet, the journal) applies the same lens of who may see what, and reads best beside
the others it must agree with.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

from .analysis import ANALYSTS_ONLY
from .codec import deep_copy
from .common import ANALYST, CONTROL, ENGINE_VERSION, OBSERVER, can_see, copy_audience
from .drafts import drafts_view, policies_view
from .estimates import estimates_view
from .expressions import (
    condition_indicators,
    describe_condition,
    describe_modifier_words,
    describe_words,
    evaluate_condition,
    evaluate_modifier,
    modifier_indicators,
)
from .hotwash import questionnaire_view
from .journal import copy_argument
from .members import roster
from .rules import (
    action_available,
    action_name,
    adjudicable_moves,
    following_phase,
    indicator_values,
    log_facts,
    propose,
    rollable_moves,
    scenario_names,
    unadjudicated_moves,
    unavailable_reason,
)
from .seat_bots import bot_seats
from .words import timeline_text

State = dict[str, Any]


class _Lens:
    """What one role may see, computed once per view."""

    def __init__(self, state: State, role: str) -> None:
        seats = state["scenario"]["seats"]
        if role not in seats and role not in (CONTROL, OBSERVER, ANALYST):
            raise ValueError(f"unknown role {role!r}")
        self.state = state
        self.role = role
        self.seat = role if role in seats else None
        self.control = role == CONTROL
        self.full = self.control or state["record_open"]
        self.indicator_names = {
            spec["id"]: spec["name"] for spec in state["scenario"]["indicators"]
        }
        self.visible_indicators = {
            spec["id"] for spec in state["scenario"]["indicators"] if self.sees(spec["audience"])
        }

    @functools.cached_property
    def facts(self) -> Any:
        return log_facts(self.state)

    @functools.cached_property
    def names(self) -> Any:
        return scenario_names(self.state["scenario"])

    @functools.cached_property
    def values(self) -> dict[str, int]:
        return indicator_values(self.state)

    def sees(self, audience: Any) -> bool:
        return can_see(audience, self.role, full=self.full)

    def cause(self, cause: dict[str, Any]) -> dict[str, Any]:
        if "audience" in cause and not self.sees(cause["audience"]):
            return {"kind": "undisclosed"}
        shown = dict(cause)
        shown.pop("audience", None)
        return shown


def _game(state: State) -> dict[str, Any]:
    scenario = state["scenario"]
    turn = state["turn"]
    running = state["status"] == "running"
    return {
        "title": state["title"],
        # A branch: its parent's title and the seq it starts from (its first seq); else None.
        "branch": deep_copy(state.get("branch")),
        "status": state["status"],
        "paused": state["paused"],
        "turn": turn,
        "turns": scenario["turns"],
        "turn_label": scenario["turn_labels"][turn - 1] if turn else None,
        "turn_labels": list(scenario["turn_labels"]),
        "turn_length": scenario["turn_length"],
        "phase": state["phase"],
        "phases": list(scenario["phases"]),
        "phase_started_at": state["phase_started_at"],
        "paused_at": state["paused_at"],
        "deadline": dict(state["deadline"]) if state["deadline"] is not None else None,
        # The clock settings: {phase: {seconds, on_expiry}}, or None when none were set.
        "clock": deep_copy(state.get("clock")),
        "messaging_phases": list(scenario["messaging_phases"]),
        "messaging_open": running and state["phase"] in scenario["messaging_phases"],
        "move_quota": scenario["move_quota"],
        "secret_moves_per_game": scenario["secret_moves_per_game"],
        "free_moves": scenario["free_moves"],
        "record_open": state["record_open"],
        "created_at": state["created_at"],
        "started_at": state["started_at"],
        "ended_at": state["ended_at"],
    }


def _seats(lens: _Lens) -> list[dict[str, Any]]:
    state = lens.state
    result = []
    seats = state["scenario"]["seats"]
    members = roster(state)
    people, leads = members["people"], members["leads"]
    bots_playing = bot_seats(state)
    for seat in state["scenario"]["roles"]:
        seat_doc = seats[seat]
        entry: dict[str, Any] = {
            "role": seat,
            "name": seat_doc["name"],
            "briefing": seat_doc["briefing"],
            "locked": state["locks"][seat],
        }
        if lens.full or lens.seat == seat:
            entry["private_briefing"] = seat_doc["private_briefing"]
            # The team's people: its own seat's and the White Cell's to see (everyone's once
            # the record is open).
            entry["members"] = [
                {"id": member_id, "name": person["name"], "lead": leads.get(seat) == member_id}
                for member_id, person in people.items()
                if person["seat"] == seat
            ]
            doctrines = seat_doc.get("doctrines") or {}
            if lens.full and doctrines:
                # What the White Cell may put a bot in the seat with (``assign_bot``).
                entry["doctrines"] = [
                    {"id": key, "name": doctrine["name"], "summary": doctrine["summary"]}
                    for key, doctrine in doctrines.items()
                ]
            if seat in bots_playing:
                # The doctrine of the bot that plays the seat (``seat_bots``): the seat's own
                # and the White Cell's to see, as the events say.
                entry["bot"] = bots_playing[seat]
        result.append(entry)
    return result


def _objectives(lens: _Lens) -> dict[str, list[dict[str, Any]]]:
    state = lens.state
    show_all = lens.full or state["status"] == "ended"
    result: dict[str, list[dict[str, Any]]] = {}
    for seat in state["scenario"]["roles"]:
        seat_doc = state["scenario"]["seats"][seat]
        if not show_all and seat != lens.seat:
            continue
        items = []
        for objective in seat_doc["objectives"]:
            condition = objective["condition"]
            readable = condition_indicators(condition) <= lens.visible_indicators
            items.append(
                {
                    "id": objective["id"],
                    "text": objective["text"],
                    "points": objective["points"],
                    "condition": describe_condition(condition) if readable else None,
                }
            )
        result[seat] = items
    return result


def _indicators(lens: _Lens) -> list[dict[str, Any]]:
    state = lens.state
    result = []
    for spec in state["scenario"]["indicators"]:
        if spec["id"] not in lens.visible_indicators:
            continue
        entry = state["indicators"][spec["id"]]
        result.append(
            {
                "id": spec["id"],
                "name": spec["name"],
                "description": spec["description"],
                "min": spec["min"],
                "max": spec["max"],
                "value": entry["value"],
                "audience": copy_audience(spec["audience"]),
                "history": [
                    {
                        "seq": point["seq"],
                        "turn": point["turn"],
                        "value": point["value"],
                        "delta": point["delta"],
                        "cause": lens.cause(point["cause"]),
                    }
                    for point in entry["history"]
                ],
            }
        )
    return result


def _availability(lens: _Lens, seat: str, action: dict[str, Any]) -> dict[str, Any]:
    """Whether ``seat``'s catalog action is offered now, and if not, why in words the seat may
    read (rules.unavailable_reason)."""
    if lens.state["status"] != "running" or action_available(lens.state, action, lens.facts):
        return {"available": True, "unavailable_reason": None}
    reason = unavailable_reason(lens.state, seat, action["condition"], lens.facts)
    return {"available": False, "unavailable_reason": reason}


def _actions(lens: _Lens) -> list[dict[str, Any]]:
    state = lens.state
    if lens.full:
        result = []
        for seat in state["scenario"]["roles"]:
            for action in state["scenario"]["seats"][seat]["actions"]:
                shown = deep_copy(action)
                shown.update(_availability(lens, seat, action))
                result.append(shown)
        return result
    if lens.seat is None:
        return []
    visible = lens.visible_indicators
    values = lens.values
    names = lens.names
    result = []
    for action in state["scenario"]["seats"][lens.seat]["actions"]:
        result.append(
            {
                "id": action["id"],
                "name": action["name"],
                "description": action["description"],
                "targets": list(action["targets"]),
                "base_probability": action["base_probability"],
                "secret_allowed": action["secret_allowed"],
                **_availability(lens, lens.seat, action),
                # value: the points the engine would add now, the same as the term of the
                # proposal (index: the modifier's place in the scenario, as in the proposal).
                "modifiers": [
                    {
                        "index": index,
                        "label": modifier["label"],
                        "add": modifier["add"],
                        "value": evaluate_modifier(modifier, values),
                        "condition_text": describe_modifier_words(modifier, names),
                    }
                    for index, modifier in enumerate(action["modifiers"])
                    if modifier_indicators(modifier) <= visible
                ],
                "effects": {
                    outcome: [
                        dict(effect)
                        for effect in action["effects"][outcome]
                        if effect["indicator"] in visible
                    ]
                    for outcome in ("success", "failure")
                },
            }
        )
    return result


def _arguments(lens: _Lens, move: dict[str, Any]) -> list[dict[str, Any]]:
    result = []
    for argument_id in move["arguments"]:
        argument = lens.state["arguments"][argument_id]
        entry = {
            "id": argument["id"],
            "seq": argument["seq"],
            "seat": argument["seat"],
            "stance": argument["stance"],
            "text": argument["text"],
        }
        if lens.full:
            entry["strong"] = argument["strong"]
        result.append(entry)
    return result


def _move_numbers(state: State) -> dict[str, int]:
    """How people name a move: its place among its seat's moves of its turn (1, 2, ...), in the
    order they were submitted, withdrawn ones left out. Every role that sees a move sees all of
    its seat's moves of that turn (its own, or all of them once the orders close), so the number
    is the same in every chair and counts nothing a chair did not see; ids are opaque."""
    numbers: dict[str, int] = {}
    counts: dict[tuple[str, int], int] = {}
    for move in sorted(state["moves"].values(), key=lambda m: m["n"]):
        if move["status"] == "withdrawn":
            continue
        key = (move["seat"], move["turn"])
        counts[key] = counts.get(key, 0) + 1
        numbers[move["id"]] = counts[key]
    return numbers


def _moves(lens: _Lens) -> list[dict[str, Any]]:
    state = lens.state
    numbers = _move_numbers(state)
    result = []
    for move in sorted(state["moves"].values(), key=lambda m: m["n"]):
        own = move["seat"] == lens.seat
        if not (lens.full or own) and move["status"] in ("submitted", "withdrawn"):
            continue
        open_move = move["visibility"] == "public" or move["revealed"]
        if lens.full or own or open_move:
            entry: dict[str, Any] = {
                "id": move["id"],
                "seat": move["seat"],
                "turn": move["turn"],
                "visibility": move["visibility"],
                "status": move["status"],
                "action": move["action"],
                "action_name": action_name(state, move["action"]),
                "argument": copy_argument(move["argument"]),
                "targets": list(move["targets"]),
                "commitment": move["commitment"],
                "revealed": move["revealed"],
                "outcome": move["outcome"],
                "adjudication_id": move["adjudication"],
                "arguments": _arguments(lens, move),
            }
            if lens.full or own:
                entry["rationale"] = move["rationale"]
                entry["revision"] = move["revision"]
            if lens.full:
                entry["proposal"] = _proposal(lens, move)
                entry["detected_by"] = list(move["detected_by"])
            _move_narrative(lens, move, entry)
        else:
            entry = {
                "id": move["id"],
                "seat": move["seat"],
                "turn": move["turn"],
                "visibility": "secret",
                "status": move["status"],
                "commitment": move["commitment"],
                "revealed": False,
                "detected": lens.seat in move["detected_by"],
            }
        entry["number"] = numbers.get(move["id"])
        result.append(entry)
    return result


def _proposal(lens: _Lens, move: dict[str, Any]) -> dict[str, Any] | None:
    """The proposal control set (propose_probability), or for a move waiting to be
    adjudicated the engine's own with no strong arguments, as propose_probability would give
    it: opening the adjudication panel needs no command."""
    if move["proposal"] is not None:
        proposal: dict[str, Any] = deep_copy(move["proposal"])
        return proposal
    state = lens.state
    waiting = (
        move["status"] == "announced"
        and move["adjudication"] is None
        and move["turn"] == state["turn"]
        and state["status"] == "running"
    )
    if not waiting:
        return None
    proposal = propose(state, move, [])
    proposal.update({"seq": None, "probability": proposal["proposed"], "reason": None})
    return proposal


def _move_narrative(lens: _Lens, move: dict[str, Any], entry: dict[str, Any]) -> None:
    """An adjudicated move's narrative (current) and its history, for a role that sees the
    adjudication."""
    adjudication = lens.state["adjudications"].get(move["adjudication"] or "")
    if adjudication is None or not lens.sees(adjudication["audience"]):
        return
    entry["narrative"] = adjudication["narrative"]
    entry["narrative_history"] = _narrative_history(lens, adjudication)


def _narrative_history(lens: _Lens, adjudication: dict[str, Any]) -> list[dict[str, Any]]:
    """Every version of a narrative, for the White Cell and the open record only: an amendment
    may take back what was said by mistake, and the teams read the current text."""
    if not lens.full:
        return []
    return [dict(h) for h in adjudication.get("narrative_history", [])]


def _adjudications(lens: _Lens) -> list[dict[str, Any]]:
    result = []
    for adjudication in sorted(lens.state["adjudications"].values(), key=lambda a: a["n"]):
        if not lens.sees(adjudication["audience"]):
            continue
        entries = []
        for entry in adjudication["entries"]:
            shown = {
                "move_id": entry["move_id"],
                "seat": entry["seat"],
                "probability": entry["probability"],
                "draws": list(entry["draws"]),
                "outcome": entry["outcome"],
            }
            if lens.full:
                shown["proposed"] = entry["proposed"]
                shown["override_reason"] = entry["override_reason"]
            entries.append(shown)
        item: dict[str, Any] = {
            "id": adjudication["id"],
            "seq": adjudication["seq"],
            "turn": adjudication["turn"],
            "method": adjudication["method"],
            "opposed": adjudication["opposed"],
            "moves": list(adjudication["moves"]),
            "entries": entries,
            "narrative": adjudication["narrative"],
            "narrative_history": _narrative_history(lens, adjudication),
            "reason": adjudication["reason"],
            "voided": adjudication["voided"],
            "void_reason": adjudication["void_reason"],
            "void_seq": adjudication["void_seq"],
            "changes": [
                {"indicator": c["indicator"], "before": c["before"], "after": c["after"]}
                for c in adjudication["changes"]
                if c["indicator"] in lens.visible_indicators
            ],
        }
        if lens.full:
            item["detection"] = deep_copy(adjudication["detection"])
        result.append(item)
    return result


def _injects(lens: _Lens) -> list[dict[str, Any]]:
    return [
        {
            "id": inject["id"],
            "seq": inject["seq"],
            "turn": inject["turn"],
            "scripted": inject["scripted"],
            "title": inject["title"],
            "text": inject["text"],
            "audience": copy_audience(inject["audience"]),
        }
        for inject in lens.state["injects"]
        if lens.sees(inject["audience"])
    ]


def _run_sheet(lens: _Lens) -> list[dict[str, Any]] | None:
    """Control's queue of scripted narratives and injects (None for every other role)."""
    if not lens.full:
        return None
    state = lens.state
    scenario = state["scenario"]
    values, facts, names = lens.values, lens.facts, lens.names
    specs = {item["id"]: item for item in scenario["narratives"]}
    specs.update({item["id"]: item for item in scenario["injects"]})
    result = []
    for item in sorted(state["run_sheet"].values(), key=lambda i: i["n"]):
        spec = specs[item["id"]]
        condition = spec["condition"]
        result.append(
            {
                "id": item["id"],
                "kind": item["kind"],
                "turn": item["turn"],
                "title": item["title"],
                "text": item["text"],
                "audience": copy_audience(item["audience"]),
                "status": item["status"],
                "condition": describe_words(condition, names) if condition else None,
                "condition_met": (
                    evaluate_condition(condition, values, facts) if condition else None
                ),
                "scripted": {
                    "title": spec.get("title", ""),
                    "text": spec["text"],
                    "audience": copy_audience(spec.get("audience", "all")),
                },
                "edited_by": item["edited_by"],
                "edited_seq": item["edited_seq"],
                "skip_reason": item["skip_reason"],
                "skip_cause": item["skip_cause"],
                "held_seq": item["held_seq"],
                "issued_seq": item["issued_seq"],
                "effects": [dict(effect) for effect in spec.get("effects", [])],
            }
        )
    return result


def _facilitation(lens: _Lens) -> dict[str, Any] | None:
    """The scenario's notes to the White Cell, this turn's, and the timing plan."""
    if not lens.full:
        return None
    scenario = lens.state["scenario"]
    turn = lens.state["turn"]
    return {
        "notes": scenario.get("facilitator_notes", ""),
        "turn_notes": scenario.get("turn_notes", {}).get(str(turn)) if turn else None,
        "all_turn_notes": dict(scenario.get("turn_notes", {})),
        "timing": dict(scenario.get("timing", {})),
    }


def _intelligence(lens: _Lens) -> list[dict[str, Any]]:
    return [
        {
            "seq": report["seq"],
            "seat": report["seat"],
            "move_id": report["move_id"],
            "about": report["about"],
            "turn": report["turn"],
            "action": report["action"],
            "action_name": report["action_name"],
            "argument": copy_argument(report["argument"]),
            "targets": list(report["targets"]),
            "adjudication_id": report["adjudication_id"],
        }
        for report in lens.state["intelligence"]
        if lens.full or report["seat"] == lens.seat
    ]


def _change_text(lens: _Lens, entry: dict[str, Any], changes: list[dict[str, Any]]) -> str:
    parts = ", ".join(
        f"{lens.indicator_names[c['indicator']]} {c['before']} → {c['after']}" for c in changes
    )
    cause = lens.cause(entry["cause"])
    kind = cause["kind"]
    if kind == "adjustment":
        prefix = f"Control adjusted ({cause['reason']})"
    elif kind == "adjudication":
        prefix = f"Effects of move {cause['move_id']}"
    elif kind == "inject":
        prefix = f"Effects of inject {cause['inject_id']}"
    elif kind == "void":
        prefix = f"Reverted with adjudication {cause['adjudication_id']}"
    else:
        prefix = "Indicators changed"
    return f"{prefix}: {parts}"


def _journal(
    lens: _Lens, journal: Sequence[dict[str, Any]], start: int = 0
) -> dict[str, list[Any]]:
    """The role's timeline, messages and notes from the journal entries ``journal[start:]`` up
    to the state's seq.

    A timeline item gets its words here (``words.timeline_text``); messages and notes are
    shared with the journal, not copied: a view is read-only, like the state it comes from.
    """
    seq = lens.state["seq"]
    timeline: list[dict[str, Any]] = []
    messages: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    full, role, visible, sees = lens.full, lens.role, lens.visible_indicators, lens.sees
    scenario = lens.state["scenario"]
    for index in range(start, len(journal)):
        entry = journal[index]
        if entry["seq"] > seq:
            break
        kind = entry["kind"]
        if kind == "timeline":
            if not sees(entry["audience"]):
                continue
            item = entry["item"]
            if "changes" in entry:
                changes = [c for c in entry["changes"] if c["indicator"] in visible]
                if not changes:
                    continue
                text = _change_text(lens, entry, changes)
            else:
                if "member" in item["actor"] and not (full or item["actor"]["role"] == role):
                    item = _without_member(item)
                text = timeline_text(scenario, item)
            timeline.append({key: item[key] for key in item if key != "fact"} | {"text": text})
        elif kind == "message":
            if full or entry["from"] == role or role in entry["to"]:
                messages.append(entry["item"])
        elif kind == "observation":
            continue  # analysis.record gives them, to analysts and the White Cell alone
        elif sees(entry["audience"]):  # an analyst note
            notes.append(entry["item"])
    return {"timeline": timeline, "messages": messages, "notes": notes}


def _without_member(item: dict[str, Any]) -> dict[str, Any]:
    """A timeline item as a role outside the acting team sees it: without the member's name."""
    actor = {key: value for key, value in item["actor"].items() if key != "member"}
    return {**item, "actor": actor}


def _quota(lens: _Lens) -> dict[str, Any] | None:
    if lens.seat is None:
        return None
    state = lens.state
    scenario = state["scenario"]
    own = [
        m for m in state["moves"].values() if m["seat"] == lens.seat and m["status"] != "withdrawn"
    ]
    return {
        "moves_per_turn": scenario["move_quota"],
        "moves_this_turn": sum(1 for m in own if m["turn"] == state["turn"]),
        "secret_per_game": scenario["secret_moves_per_game"],
        "secret_used": sum(1 for m in own if m["visibility"] == "secret"),
    }


def _pending(lens: _Lens) -> dict[str, Any] | None:
    """What the White Cell has still to do, and what its commands would do now, as the engine
    decides it, so that the console writes no rule again: the seats that have not locked, the
    moves waiting for a result and those that ``adjudicate`` / ``roll_remaining`` accept now,
    the run-sheet items due now, and what ``advance_phase`` would open. Control only."""
    if not lens.control:
        return None
    state = lens.state
    following = following_phase(state)
    running = state["status"] == "running"  # before the start or after the end nothing waits
    return {
        "unlocked": (
            [seat for seat in state["scenario"]["roles"] if not state["locks"][seat]]
            if running
            else []
        ),
        "unadjudicated": unadjudicated_moves(state) if running else [],
        "adjudicable": adjudicable_moves(state),
        "rollable": rollable_moves(state),
        "run_sheet_due": (
            [
                item["id"]
                for item in sorted(state["run_sheet"].values(), key=lambda i: i["n"])
                if item["turn"] <= state["turn"] and item["status"] in ("due", "held")
            ]
            if running
            else []
        ),
        "next_phase": (
            {"turn": following[0], "phase": following[1]} if following is not None else None
        ),
    }


def journal_view(
    state: State, role: str, journal: Sequence[dict[str, Any]], start: int = 0
) -> dict[str, list[Any]]:
    """The ``timeline``, ``messages`` and ``notes`` that ``journal[start:]`` (entries up to the
    state's seq) adds to ``role``'s view of ``state``: what ``view`` appends to those lists for
    them. A role's view of a later state is its view of an earlier one with these appended, as
    long as neither the role nor ``record_open`` differs (they decide what a role sees of an
    entry, and how): the other keys of a view are the state's alone."""
    return _journal(_Lens(state, role), journal, start)


def view(
    state: State,
    role: str,
    journal: Sequence[dict[str, Any]] = (),
    *,
    parts: frozenset[str] | None = None,
) -> dict[str, Any]:
    """The complete view of the game for ``role`` (control, observer, or a seat id).

    ``journal`` holds the game's journal entries in seq order, at least up to the state's seq
    (later ones are ignored); without it the timeline, messages and notes are empty. ``parts``
    names the keys wanted (all by default): a caller that reads a few of them (a bot) is spared
    building the rest, and each part is exactly what the complete view holds.
    """
    lens = _Lens(state, role)
    scenario = state["scenario"]
    builders: dict[str, Callable[[], Any]] = {
        "engine_version": lambda: ENGINE_VERSION,
        "seq": lambda: state["seq"],
        "role": lambda: role,
        "seat": lambda: lens.seat,
        "game": lambda: _game(state),
        "scenario": lambda: {
            "slug": scenario["slug"],
            "title": scenario["title"],
            "summary": scenario["summary"],
        },
        "seats": lambda: _seats(lens),
        "objectives": lambda: _objectives(lens),
        "indicators": lambda: _indicators(lens),
        "actions": lambda: _actions(lens),
        "quota": lambda: _quota(lens),
        "moves": lambda: _moves(lens),
        "adjudications": lambda: _adjudications(lens),
        "messages": lambda: recorded()["messages"],
        "injects": lambda: _injects(lens),
        "narratives": lambda: [
            {
                "id": n.get("id"),
                "seq": n["seq"],
                "turn": n["turn"],
                "text": n["text"],
                "scripted": n["scripted"],
            }
            for n in state["narratives"]
        ],
        "intelligence": lambda: _intelligence(lens),
        "drafts": lambda: drafts_view(state, lens.seat, lens.full),
        "draft_policy": lambda: policies_view(state, lens.seat, lens.full),
        "notes": lambda: recorded()["notes"],
        "timeline": lambda: recorded()["timeline"],
        "pending": lambda: _pending(lens),
        "run_sheet": lambda: _run_sheet(lens),
        "facilitation": lambda: _facilitation(lens),
        "scores": lambda: deep_copy(state["scores"]) if state["status"] == "ended" else None,
        "questionnaires": lambda: questionnaire_view(state, role, lens.full),
        "estimates": lambda: (
            estimates_view(state, full=state["record_open"]) if lens.full else None
        ),
    }

    @functools.cache
    def recorded() -> dict[str, list[Any]]:
        return _journal(lens, journal)

    return {key: build() for key, build in builders.items() if parts is None or key in parts}


def project_event(
    event: dict[str, Any], role: str, *, record_open: bool = False, analysis: bool | None = None
) -> dict[str, Any] | None:
    """What ``role`` may see of a stored event, or None.

    ``record_open`` is True once control has opened the full record after the game (the
    ``record_opened`` event); every role then sees what control sees. Seeds and salts are
    stripped for every role; only ``move_revealed`` keeps its salt, which is its purpose.

    ``analysis`` says whether the reader may see the study's own record (the plan, analysts,
    observations: ``analysis.py``); by default whether ``role`` is control or analyst. A caller
    viewing the game as control once the record is open passes False unless it is one of them.
    """
    full = role == CONTROL or record_open
    if not can_see(event.get("audience", []), role, full=full):
        return None
    kind = event["type"]
    if analysis is None:
        analysis = role in (CONTROL, ANALYST)
    if kind in ANALYSTS_ONLY and not analysis:
        return None  # the study's own record, even once the record is open
    data = deep_copy(event["data"])
    if kind == "game_branched":
        # The state carried holds the seed and every secret up to the fork, and the journal
        # every role's entries: each role sees them only through its views.
        data = {key: data[key] for key in ("parent", "engine_version") if key in data}
    elif kind == "branch_started":
        data.pop("seed", None)
    elif kind == "game_created":
        data.pop("seed", None)
        if not analysis:
            data.get("scenario", {}).pop("collection_plan", None)
        if not full:
            scenario = data.get("scenario", {})
            data["scenario"] = {
                key: scenario.get(key) for key in ("slug", "title", "summary", "turns")
            }
    elif kind in ("inject_issued", "narrative_published") and not full:
        # How the White Cell steered its run-sheet is its own business.
        data.pop("released", None)
        data.pop("edited", None)
    elif kind == "narrative_amended" and not full:
        data.pop("previous", None)  # the amended text is the White Cell's to keep
    elif kind == "move_submitted":
        data.pop("salt", None)
        data.pop("rng_counter", None)
    elif kind == "move_adjudicated":
        data.pop("rng_counter", None)
        if not full:
            data.pop("detection", None)
            for entry in data.get("entries", []):
                entry.pop("proposed", None)
                entry.pop("override_reason", None)
    elif kind in ("indicators_changed", "indicator_adjusted") and not full:
        data["changes"] = [c for c in data["changes"] if can_see(c.get("audience", []), role)]
        if not data["changes"]:
            return None
        cause = data.get("cause", {})
        if "audience" in cause and not can_see(cause["audience"], role):
            data["cause"] = {"kind": "undisclosed"}
    actor = deep_copy(event.get("actor"))
    if isinstance(actor, dict) and "member" in actor and not (full or actor.get("role") == role):
        del actor["member"]  # who in a team acted is the team's and the White Cell's to know
    return {
        "seq": event.get("seq"),
        "type": kind,
        "actor": actor,
        "at": event.get("at"),
        "data": data,
    }
