"""The words of the timeline: the sentence a view shows for each journal entry's facts.

Evolve handlers record what happened as facts (``journal.note``: the event's type, its actor
and the values that matter); the sentence is written here when a view shows the entry, with
the names the scenario gives. A sentence changes here alone: no state hash, no ENGINE_VERSION
and no recorded game depends on it. Entries folded before facts were recorded carry their
text and keep it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .phase_clock import duration_words
from .rules import action_name

Fact = dict[str, Any]
Scenario = dict[str, Any]

ON_EXPIRY_SET = {
    "alert": "",
    "lock_orders": "; then the orders of seats that have not locked close",
    "advance": "; then the phase advances",
    "roll": "; then the moves still waiting are rolled and the phase advances",
}
ON_EXPIRY_PASSED = {
    "alert": "the White Cell is alerted",
    "lock_orders": "the orders of seats that had not locked close",
    "advance": "the phase advances",
    "roll": "the moves still waiting are rolled and the phase advances",
}
ON_EXPIRY_CLOCK = {
    "alert": "remind only",
    "lock_orders": "close the orders not locked",
    "advance": "advance",
    "roll": "roll the waiting moves, advance",
}


def _seat(scenario: Scenario, seat: str) -> str:
    seat_doc = scenario["seats"].get(seat)
    return str(seat_doc["name"]) if seat_doc else seat


def _actor(item: dict[str, Any]) -> str:
    actor = item["actor"]
    member = actor.get("member")
    if isinstance(member, dict) and member.get("name"):
        return str(member["name"])  # present only where the view may name the member
    if actor.get("role") == "control":
        return str(actor.get("name") or "White Cell")
    return str(actor.get("name") or actor.get("role") or "?")


def _deadline_set(s: Scenario, item: dict[str, Any], f: Fact) -> str:
    if f.get("cleared"):
        return "Deadline cleared"
    when = f["deadline"] or f"{f.get('remaining_seconds')} s once resumed"
    by = " by the clock settings" if f.get("cause") == "clock" else ""
    return f"Deadline set{by}: {when}{ON_EXPIRY_SET.get(f.get('on_expiry', 'alert'), '')}"


def _clock_set(s: Scenario, item: dict[str, Any], f: Fact) -> str:
    phases = f["phases"]
    if not phases:
        return "Clock settings cleared: phases open with no deadline"
    # In the scenario's order of phases: a stored fact's keys come back sorted.
    order = {phase: n for n, phase in enumerate(s["phases"])}
    timed = ", ".join(
        f"{phase} {duration_words(seconds)} ({ON_EXPIRY_CLOCK.get(action, action)})"
        for phase, (seconds, action) in sorted(phases.items(), key=lambda p: order.get(p[0], 99))
    )
    return f"Clock settings: {timed}"


def _phase_advanced(s: Scenario, item: dict[str, Any], f: Fact) -> str:
    label = s["turn_labels"][f["turn"] - 1]
    why = " when the deadline passed" if f.get("cause") == "deadline" else ""
    return f"Turn {f['turn']} ({label}): {f['phase']} phase opened{why}"


def _move_submitted(s: Scenario, item: dict[str, Any], f: Fact) -> str:
    verb = "revised" if f["revised"] else "submitted"
    name = action_name({"scenario": s}, f["action"])
    return f"{_seat(s, f['seat'])} {verb} move {f['move_id']}: {name} ({f['visibility']})"


def _orders_locked(s: Scenario, item: dict[str, Any], f: Fact) -> str:
    if f.get("cause") == "deadline":
        return f"{_seat(s, f['seat'])}'s orders closed at the deadline"
    return f"{_seat(s, f['seat'])} locked its orders"


def _inject_skipped(s: Scenario, item: dict[str, Any], f: Fact) -> str:
    who = "skipped" if f["cause"] == "condition" else f"skipped by {_actor(item)}"
    return f"'{f['label']}' {who}: {f['reason']}"


def _move_adjudicated(s: Scenario, item: dict[str, Any], f: Fact) -> str:
    outcomes = ", ".join(f"{move_id} {outcome}" for move_id, outcome in f["outcomes"])
    opposed = ", opposed" if f["opposed"] else ""
    return f"Adjudicated ({f['method']}{opposed}): {outcomes}"


def _message_sent(s: Scenario, item: dict[str, Any], f: Fact) -> str:
    names = ", ".join(_seat(s, seat) for seat in f["to"])
    sender = _seat(s, f["from"]) if f["from"] != "control" else "Control"
    return f"Message from {sender} to {names}"


def _draft_submitted(s: Scenario, item: dict[str, Any], f: Fact) -> str:
    sent = f"move {f['move_id']}" if "move_id" in f else "a message"
    return f"{_actor(item)} submitted draft {f['draft_id']} as {sent}"


SENTENCES: dict[str, Callable[[Scenario, dict[str, Any], Fact], str]] = {
    "game_created": lambda s, i, f: f"Game created: {f['title']} ({f['scenario_title']})",
    "game_branched": lambda s, i, f: (
        f"Branched here from '{f['parent_title']}' (its seq {f['from_seq']})"
    ),
    "branch_started": lambda s, i, f: (
        f"What-if '{f['title']}' begins "
        f"({'with fresh dice' if f['fresh_dice'] else 'with the same dice'})"
    ),
    "game_started": lambda s, i, f: f"Game started: turn {f['turn']}, {f['phase']}",
    "phase_advanced": _phase_advanced,
    "orders_closed": lambda s, i, f: (
        f"Orders closed{' (forced)' if f['forced'] else ''}: "
        f"{f['public']} public, {f['secret']} secret moves"
    ),
    "game_ended": lambda s, i, f: "Game ended",
    "record_opened": lambda s, i, f: "Control opened the full record to every role",
    "deadline_set": _deadline_set,
    "clock_set": _clock_set,
    "game_paused": lambda s, i, f: f"Game paused{': ' + f['reason'] if f['reason'] else ''}",
    "game_resumed": lambda s, i, f: "Game resumed",
    "deadline_expired": lambda s, i, f: (
        f"The deadline passed: {ON_EXPIRY_PASSED.get(f['on_expiry'], f['on_expiry'])}"
    ),
    "move_submitted": _move_submitted,
    "move_withdrawn": lambda s, i, f: f"{_seat(s, f['seat'])} withdrew move {f['move_id']}",
    "orders_locked": _orders_locked,
    "argument_added": lambda s, i, f: (
        f"{_seat(s, f['seat'])} argued {f['stance']} move {f['move_id']}"
    ),
    "probability_proposed": lambda s, i, f: (
        f"Probability for {f['move_id']}: proposed {f['proposed']}, set {f['probability']}"
    ),
    "move_adjudicated": _move_adjudicated,
    # No text: the move shows the current narrative, and an earlier one may have been taken
    # back (the White Cell's view keeps every version).
    "narrative_amended": lambda s, i, f: (
        f"{_actor(i)} {'amended' if f['amended'] else 'wrote'} the narrative of {f['move_id']}"
    ),
    "intelligence_report": lambda s, i, f: (
        f"Intelligence for {_seat(s, f['seat'])}: {_seat(s, f['about'])} is carrying out "
        f"'{f['action_name']}' ({f['move_id']})"
    ),
    "adjudication_voided": lambda s, i, f: (
        f"Adjudication {f['adjudication_id']} voided: {f['reason']}"
    ),
    "move_revealed": lambda s, i, f: (
        f"Secret move {f['move_id']} of {_seat(s, f['seat'])} revealed: {f['action_name']}"
    ),
    "narrative_published": lambda s, i, f: f"State of the world for turn {f['turn']} published",
    "inject_issued": lambda s, i, f: (
        f"{'Scripted' if f['scripted'] else 'Ad-hoc'} inject: {f['label']}"
    ),
    "inject_held": lambda s, i, f: f"{_actor(i)} held '{f['label']}'",
    "inject_edited": lambda s, i, f: (
        f"{_actor(i)} edited '{f['label']}' ({', '.join(f['changed'])})"
    ),
    "inject_skipped": _inject_skipped,
    "indicators_changed": lambda s, i, f: "Indicators changed",
    "indicator_adjusted": lambda s, i, f: f"Control adjusted an indicator: {f['reason']}",
    "message_sent": _message_sent,
    "note_added": lambda s, i, f: f"Analyst note by {f['role']}",
    # The analysis family's events enter no timeline (analysis.py); their sentences keep the
    # table whole, one per event type.
    "collection_plan_set": lambda s, i, f: "The collection plan was set",
    "analyst_added": lambda s, i, f: "An analyst joined",
    "analyst_granted": lambda s, i, f: "An analyst's grant changed",
    "analyst_removed": lambda s, i, f: "An analyst left",
    "observation_added": lambda s, i, f: "An analyst added an observation",
    "member_added": lambda s, i, f: f"{f['name']} joined {_seat(s, f['seat'])}",
    "question_asked": lambda s, i, f: (
        f"The White Cell asked {', '.join(_seat(s, x) for x in f['seats'])}: {f['text']}"
    ),
    "question_answered": lambda s, i, f: f"{_seat(s, f['seat'])} answered a question",
    "adjudicator_added": lambda s, i, f: f"{f['name']} joined the White Cell as an adjudicator",
    "adjudicator_removed": lambda s, i, f: f"{f['name']} left the adjudicators",
    "probability_estimated": lambda s, i, f: f"{f['name']} gave a blind estimate",
    "member_removed": lambda s, i, f: f"{f['name']} left {_seat(s, f['seat'])}",
    "lead_chosen": lambda s, i, f: f"{f['name']} leads {_seat(s, f['seat'])}",
    "bot_assigned": lambda s, i, f: f"{f['name']} plays {_seat(s, f['seat'])}",
    "draft_created": lambda s, i, f: f"{_actor(i)} drafted a {f['kind']} ({f['draft_id']})",
    "draft_revised": lambda s, i, f: (
        f"{_actor(i)} revised draft {f['draft_id']} (revision {f['revision']})"
    ),
    "draft_commented": lambda s, i, f: f"{_actor(i)} commented on draft {f['draft_id']}",
    "draft_approved": lambda s, i, f: f"{_actor(i)} approved draft {f['draft_id']}",
    "draft_approval_withdrawn": lambda s, i, f: (
        f"{_actor(i)} took back the approval of draft {f['draft_id']}"
    ),
    "draft_withdrawn": lambda s, i, f: f"{_actor(i)} withdrew draft {f['draft_id']}",
    "draft_submitted": _draft_submitted,
    "draft_policy_set": lambda s, i, f: (
        f"{_seat(s, f['seat'])}: "
        + ("only the lead submits" if f["submitter"] == "lead" else "any member submits")
    ),
    "bot_removed": lambda s, i, f: f"The bot left {_seat(s, f['seat'])}; its team plays it again",
}


def timeline_text(scenario: Scenario, item: dict[str, Any]) -> str:
    """The sentence for a timeline item: from its facts, or the text it was recorded with."""
    fact = item.get("fact")
    if fact is None:
        return str(item.get("text", ""))
    return SENTENCES[item["type"]](scenario, item, fact)
