"""decide and create_game: turn a command from a role into events, or a Rejection.

Every handler checks, in this order: the command's fields (kind "invalid"), the role (kind
"forbidden", checked before fields), then the rules of the game now (kind "rules"). Handlers
never mutate the state; they compute the events the state would need to change.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from .codec import deep_copy
from .common import (
    CONTROL,
    ENGINE_VERSION,
    MAX_SHORT_TEXT,
    MAX_TEXT,
    OBSERVER,
    PUBLIC,
    Reject,
    Rejection,
    copy_audience,
    forbidden,
    invalid,
    rules,
    seat_ids,
)
from .expressions import condition_atoms, evaluate_condition
from .rng import Stream, label
from .rules import (
    action_available,
    action_name,
    apply_effects,
    commitment,
    commitment_content,
    condition_words,
    detection_chances,
    find_action,
    indicator_values,
    log_facts,
    propose,
    score,
    unadjudicated_moves,
    unavailable_reason,
)
from .scenario import validate_scenario
from .state import fold

State = dict[str, Any]
Command = dict[str, Any]
Draft = dict[str, Any]

MAX_EFFECTS = 20
MAX_DELTA = 1000
MAX_REASONS = 3
OPPOSED_MAX_ROUNDS = 50


class Context:
    """One decision: the state, who is acting, when, and the drafts produced so far."""

    def __init__(self, state: State, actor: dict[str, Any], now: str) -> None:
        self.state = state
        self.actor = actor
        self.role: str = actor["role"]
        self.now = now

    def event(self, kind: str, data: dict[str, Any], audience: Any = PUBLIC) -> Draft:
        return {
            "type": kind,
            "actor": dict(self.actor),
            "at": self.now,
            "data": data,
            "audience": copy_audience(audience),
        }

    @property
    def seats(self) -> list[str]:
        return seat_ids(self.state)

    @property
    def scenario(self) -> dict[str, Any]:
        return self.state["scenario"]


# ---- field readers -------------------------------------------------------------------------


def _new_id(state: State, prefix: str, number: int) -> str:
    """The id of the ``number``-th item of its kind, opaque: ``m-3fa9c27b01de`` (rng.label)."""
    separator = "" if prefix.endswith(":") else "-"
    return f"{prefix}{separator}{label(state['rng']['seed'], prefix, number)}"


def _check_encodable(value: str, key: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise invalid(f"'{key}' contains characters that are not valid Unicode") from None
    if "\x00" in value:  # PostgreSQL stores no NUL character, in text or in jsonb
        raise invalid(f"'{key}' contains a NUL character")


def _text(cmd: Command, key: str, *, required: bool = True, max_len: int = MAX_TEXT) -> str:
    value = cmd.get(key)
    if value is None:
        if required:
            raise invalid(f"'{key}' is required")
        return ""
    if not isinstance(value, str):
        raise invalid(f"'{key}' must be a string")
    if len(value) > max_len:
        raise invalid(f"'{key}' is longer than {max_len} characters", "text_too_long")
    _check_encodable(value, key)
    value = value.strip()
    if required and not value:
        raise invalid(f"'{key}' must not be empty")
    return value


def _identifier(cmd: Command, key: str, *, required: bool = True) -> str | None:
    value = cmd.get(key)
    if value is None:
        if required:
            raise invalid(f"'{key}' is required")
        return None
    if not isinstance(value, str) or not value or len(value) > 100:
        raise invalid(f"'{key}' must be a non-empty string of at most 100 characters")
    _check_encodable(value, key)
    return value


def _int(cmd: Command, key: str, low: int, high: int, *, required: bool = False) -> int | None:
    value = cmd.get(key)
    if value is None:
        if required:
            raise invalid(f"'{key}' is required")
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise invalid(f"'{key}' must be a whole number")
    if not low <= value <= high:
        raise invalid(f"'{key}' must be between {low} and {high}")
    return value


def _bool(cmd: Command, key: str, default: bool) -> bool:
    value = cmd.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise invalid(f"'{key}' must be true or false")
    return value


def _choice(cmd: Command, key: str, choices: tuple[str, ...], default: str | None) -> str:
    value = cmd.get(key, default)
    if value is None:
        raise invalid(f"'{key}' is required (one of {', '.join(choices)})")
    if not isinstance(value, str) or value not in choices:
        raise invalid(f"'{key}' must be one of {', '.join(choices)}")
    return value


def _seat_list(
    ctx: Context, cmd: Command, key: str, *, required: bool, exclude: str | None = None
) -> list[str]:
    value = cmd.get(key)
    if value is None:
        if required:
            raise invalid(f"'{key}' is required (a list of seats)")
        return []
    if not isinstance(value, list):
        raise invalid(f"'{key}' must be a list of seats")
    seats = ctx.seats
    result: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in seats:
            shown = item if isinstance(item, str) and len(item) < 40 else "?"
            raise invalid(f"'{key}' names an unknown seat {shown!r}", "unknown_seat")
        if item == exclude:
            raise invalid(f"'{key}' must not include your own seat")
        if item in result:
            raise invalid(f"'{key}' names {item!r} twice")
        result.append(item)
    if required and not result:
        raise invalid(f"'{key}' must name at least one seat")
    return result


def _audience(ctx: Context, cmd: Command) -> Any:
    value = cmd.get("audience", PUBLIC)
    if value is None or value == PUBLIC:
        return PUBLIC
    return _seat_list(ctx, cmd, "audience", required=True)


def _effects_list(ctx: Context, value: Any, key: str) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise invalid(f"'{key}' must be a list of {{indicator, delta}}")
    if len(value) > MAX_EFFECTS:
        raise invalid(f"'{key}' has more than {MAX_EFFECTS} entries")
    indicators = ctx.state["indicators"]
    effects = []
    for item in value:
        if not isinstance(item, dict):
            raise invalid(f"each entry of '{key}' must be {{indicator, delta}}")
        indicator = item.get("indicator")
        delta = item.get("delta")
        if not isinstance(indicator, str) or indicator not in indicators:
            raise invalid(f"'{key}' names an unknown indicator", "unknown_indicator")
        if not isinstance(delta, int) or isinstance(delta, bool) or abs(delta) > MAX_DELTA:
            raise invalid(f"each delta in '{key}' must be a whole number within ±{MAX_DELTA}")
        effects.append({"indicator": indicator, "delta": delta})
    return effects


def _outcome_effects(ctx: Context, cmd: Command, key: str) -> dict[str, list[dict[str, Any]]]:
    """Control's effects for a free argument: a list (on success) or {success, failure}."""
    value = cmd.get(key)
    if value is None:
        return {"success": [], "failure": []}
    if isinstance(value, dict):
        unknown = set(value) - {"success", "failure"}
        if unknown:
            raise invalid(f"'{key}' may only have 'success' and 'failure'")
        return {
            outcome: _effects_list(ctx, value.get(outcome) or [], f"{key}.{outcome}")
            for outcome in ("success", "failure")
        }
    return {"success": _effects_list(ctx, value, key), "failure": []}


# ---- lookups and guards ----------------------------------------------------------------------


def _move_visible_to(move: dict[str, Any], role: str) -> bool:
    if role == CONTROL or move["seat"] == role:
        return True
    return move["status"] not in ("submitted", "withdrawn")


def _get_move(ctx: Context, cmd: Command, key: str = "move_id") -> dict[str, Any]:
    move_id = _identifier(cmd, key)
    move = ctx.state["moves"].get(move_id)
    if move is None or not _move_visible_to(move, ctx.role):
        raise invalid(f"there is no move {move_id!r}", "unknown_move")
    return move


def _require_running(ctx: Context) -> None:
    status = ctx.state["status"]
    if status != "running":
        raise rules("not_running", f"the game is not running (it is in {status})")


def _require_phase(ctx: Context, *phases: str) -> None:
    if ctx.state["phase"] not in phases:
        raise rules(
            "wrong_phase",
            f"this is only possible in the {' or '.join(phases)} phase "
            f"(the game is in {ctx.state['phase'] or 'no'} phase)",
        )


def _announce(state: State, move: dict[str, Any]) -> dict[str, Any]:
    return {
        "move_id": move["id"],
        "seat": move["seat"],
        "turn": move["turn"],
        "action": move["action"],
        "action_name": action_name(state, move["action"]),
        "argument": move["argument"],
        "targets": list(move["targets"]),
        "visibility": move["visibility"],
    }


def _issue_item(
    ctx: Context, item: dict[str, Any], working: dict[str, int], *, released: bool = False
) -> list[Draft]:
    """The events that issue a run-sheet item now, with its current (possibly edited) title,
    text and audience; an inject's scripted effects apply."""
    state = ctx.state
    edited = item["edited_by"] is not None
    turn = state["turn"]
    if item["kind"] == "narrative":
        data: dict[str, Any] = {
            "narrative_id": item["id"],
            "turn": turn,
            "text": item["text"],
            "scripted": True,
        }
        if released:
            data["released"] = True
        if edited:
            data["edited"] = True
        return [ctx.event("narrative_published", data)]
    inject = next(i for i in ctx.scenario["injects"] if i["id"] == item["id"])
    audience = item["audience"]
    data = {
        "inject_id": item["id"],
        "scripted": True,
        "title": item["title"],
        "text": item["text"],
        "audience": audience,
        "turn": turn,
    }
    if released:
        data["released"] = True
    if edited:
        data["edited"] = True
    drafts = [ctx.event("inject_issued", data, audience)]
    changes = apply_effects(state, inject["effects"], working)
    if changes:
        cause = {"kind": "inject", "inject_id": item["id"], "audience": audience}
        drafts.append(ctx.event("indicators_changed", {"cause": cause, "changes": changes}))
    return drafts


def _turn_opening(ctx: Context, turn: int) -> list[Draft]:
    """The run-sheet items of a turn that has just opened: each due item whose condition
    holds is issued (narratives first, then injects, in scenario order); one whose condition
    fails is recorded as skipped; held items stay held. Conditions are read as the opening
    goes: an inject's effects and an earlier item's issue count for the next item."""
    drafts: list[Draft] = []
    state = ctx.state
    working = indicator_values(state)
    facts = log_facts(state)
    items = sorted(
        (i for i in state["run_sheet"].values() if i["turn"] == turn and i["status"] == "due"),
        key=lambda i: i["n"],
    )
    for item in items:
        condition = _item_spec(ctx, item)["condition"]
        if condition is not None and not evaluate_condition(condition, working, facts):
            words = condition_words(state, condition)
            data = {
                "inject_id": item["id"],
                "kind": item["kind"],
                "turn": item["turn"],
                "reason": f"condition not met: {words}",
                "cause": "condition",
            }
            drafts.append(ctx.event("inject_skipped", data, []))
            continue
        drafts.extend(_issue_item(ctx, item, working))
        facts.issued.add(item["id"])
    return drafts


def _item_spec(ctx: Context, item: dict[str, Any]) -> dict[str, Any]:
    """The scenario's narrative or inject a run-sheet item was made from."""
    pool = ctx.scenario["narratives"] if item["kind"] == "narrative" else ctx.scenario["injects"]
    return next(spec for spec in pool if spec["id"] == item["id"])


# ---- control: lifecycle --------------------------------------------------------------------


def _start_game(ctx: Context, cmd: Command) -> list[Draft]:
    if ctx.state["status"] != "setup":
        raise rules("already_started", f"the game has already started ({ctx.state['status']})")
    first = ctx.scenario["phases"][0]
    started = [ctx.event("game_started", {"turn": 1, "phase": first})]
    opened = Context(_scratch(ctx.state, started), ctx.actor, ctx.now)
    return [*started, *_turn_opening(opened, 1)]


def _advance_phase(ctx: Context, cmd: Command) -> list[Draft]:
    force = _bool(cmd, "force", False)
    _require_running(ctx)
    return _advance(ctx, force, "control")


def _advance(ctx: Context, force: bool, cause: str) -> list[Draft]:
    """Close the current phase and open the next (``cause``: control, or the deadline)."""
    state = ctx.state
    turn, phase = state["turn"], state["phase"]
    phases = ctx.scenario["phases"]
    index = phases.index(phase)
    if index + 1 == len(phases) and turn == ctx.scenario["turns"]:
        raise rules("last_turn", "this is the last phase of the last turn: use end_game")
    drafts: list[Draft] = []
    forced = False
    if phase == "orders":
        unlocked = [seat for seat in ctx.seats if not state["locks"][seat]]
        if unlocked and not force:
            raise rules(
                "orders_open",
                f"not every seat has locked its orders ({', '.join(unlocked)}); "
                "send force: true to close the orders anyway",
            )
        forced = bool(unlocked)
        moves = sorted(
            (
                m
                for m in state["moves"].values()
                if m["turn"] == turn and m["status"] == "submitted"
            ),
            key=lambda m: m["n"],
        )
        drafts.append(
            ctx.event(
                "orders_closed",
                {
                    "turn": turn,
                    "forced": forced,
                    "unlocked": unlocked,
                    "public_moves": [
                        _announce(state, m) for m in moves if m["visibility"] == "public"
                    ],
                    "secret_moves": [
                        {"move_id": m["id"], "seat": m["seat"], "commitment": m["commitment"]}
                        for m in moves
                        if m["visibility"] == "secret"
                    ],
                },
            )
        )
    elif phase == "adjudication":
        pending = unadjudicated_moves(state)
        if pending and not force:
            raise rules(
                "moves_pending",
                f"moves not yet adjudicated: {', '.join(pending)}; "
                "send force: true to move on anyway",
            )
        forced = bool(pending)
    if index + 1 < len(phases):
        next_turn, next_phase = turn, phases[index + 1]
    else:
        next_turn, next_phase = turn + 1, phases[0]
    drafts.append(
        ctx.event(
            "phase_advanced",
            {
                "from_turn": turn,
                "from_phase": phase,
                "turn": next_turn,
                "phase": next_phase,
                "forced": forced,
                "cause": cause,
            },
        )
    )
    if next_turn != turn:
        # Fold the phase change first, so the opening's conditions read the new turn.
        ctx = Context(_scratch(ctx.state, drafts), ctx.actor, ctx.now)
        drafts.extend(_turn_opening(ctx, next_turn))
    return drafts


def _scratch(state: State, drafts: list[Draft]) -> State:
    """The state after drafts not yet stored (numbered as the store would number them)."""
    numbered = [dict(d, seq=state["seq"] + i) for i, d in enumerate(drafts, start=1)]
    result = fold(state, numbered)
    assert result is not None
    return result


def _instant(value: str, key: str) -> datetime:
    """An ISO-8601 date-time as an aware UTC datetime (a naive one is taken as UTC)."""
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
    except (ValueError, OverflowError):
        raise invalid(f"'{key}' is not an ISO-8601 date-time") from None


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds")


def _now(ctx: Context) -> datetime:
    try:
        return _instant(ctx.now, "now")
    except Reject:
        raise rules("no_clock", "the server's time could not be read") from None


def _remaining(deadline: dict[str, Any], now: datetime) -> int:
    """Whole seconds (rounded up) from now until a running deadline; 0 once passed."""
    if deadline["at"] is None:
        return deadline["remaining_seconds"] or 0
    seconds = (_instant(deadline["at"], "deadline") - now).total_seconds()
    return max(0, math.ceil(seconds))


ON_EXPIRY = ("alert", "lock_orders", "advance")
MAX_DEADLINE_AHEAD = timedelta(days=36525)  # no overflow however long a pause


def _next_deadline_id(state: State) -> str:
    return f"dl{state['counters'].get('deadline', 0) + 1}"


def _set_deadline(ctx: Context, cmd: Command) -> list[Draft]:
    value = cmd.get("deadline")
    minutes = cmd.get("minutes")
    at: datetime | None = None
    if value is not None:
        if not isinstance(value, str) or len(value) > 64:
            raise invalid("'deadline' must be an ISO-8601 date-time string or null")
        at = _instant(value, "deadline")
        if minutes is not None:
            raise invalid("give either 'deadline' or 'minutes', not both")
    elif minutes is not None:
        if isinstance(minutes, bool) or not isinstance(minutes, int | float):
            raise invalid("'minutes' must be a number of minutes")
        if not 0 < minutes <= 24 * 60:
            raise invalid("'minutes' must be more than 0 and at most 1440")
    on_expiry = _choice(cmd, "on_expiry", ON_EXPIRY, "alert")
    _require_running(ctx)
    state = ctx.state
    data: dict[str, Any] = {"deadline": None, "turn": state["turn"], "phase": state["phase"]}
    if at is None and minutes is None:
        return [ctx.event("deadline_set", data)]
    if on_expiry == "lock_orders" and state["phase"] != "orders":
        raise rules("wrong_phase", "closing the orders at the deadline needs the orders phase")
    if on_expiry == "advance" and _is_last_phase(ctx):
        raise rules("last_turn", "this is the last phase of the last turn: nothing to advance to")
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


def _is_last_phase(ctx: Context) -> bool:
    phases = ctx.scenario["phases"]
    return ctx.state["phase"] == phases[-1] and ctx.state["turn"] == ctx.scenario["turns"]


def _expire_deadline(ctx: Context, cmd: Command) -> list[Draft]:
    deadline_id = _identifier(cmd, "deadline_id")
    _require_running(ctx)
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
    elif on_expiry == "advance" and not _is_last_phase(ctx):
        drafts.extend(_advance(ctx, True, "deadline"))
    return drafts


def _publish_narrative(ctx: Context, cmd: Command) -> list[Draft]:
    text = _text(cmd, "text")
    _require_running(ctx)
    data = {"turn": ctx.state["turn"], "text": text, "scripted": False}
    return [ctx.event("narrative_published", data)]


def _pause(ctx: Context, cmd: Command) -> list[Draft]:
    reason = _text(cmd, "reason", required=False)
    _require_running(ctx)
    if ctx.state["paused"]:
        raise rules("already_paused", "the game is already paused")
    data: dict[str, Any] = {"reason": reason}
    deadline = ctx.state["deadline"]
    if deadline is not None and not deadline.get("expired"):
        data["remaining_seconds"] = _remaining(deadline, _now(ctx))
    return [ctx.event("game_paused", data)]


def _resume(ctx: Context, cmd: Command) -> list[Draft]:
    _require_running(ctx)
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


def _end_game(ctx: Context, cmd: Command) -> list[Draft]:
    _require_running(ctx)
    state = ctx.state
    drafts = [
        _reveal(ctx, move, "revealed at the end of the game")
        for move in sorted(state["moves"].values(), key=lambda m: m["n"])
        # Moves still only submitted never happened: they stay their seat's own.
        if move["visibility"] == "secret" and move["status"] == "announced" and not move["revealed"]
    ]
    data = {"turn": state["turn"], "phase": state["phase"], "scores": score(state)}
    drafts.append(ctx.event("game_ended", data))
    return drafts


def _open_record(ctx: Context, cmd: Command) -> list[Draft]:
    if ctx.state["status"] != "ended":
        raise rules("not_ended", "the full record can be opened only after the game has ended")
    if ctx.state["record_open"]:
        raise rules("already_open", "the full record is already open")
    return [ctx.event("record_opened", {})]


def _add_note(ctx: Context, cmd: Command) -> list[Draft]:
    text = _text(cmd, "text")
    note_id = _new_id(ctx.state, "note", ctx.state["counters"]["note"] + 1)
    audience = [OBSERVER] if ctx.role == OBSERVER else []
    return [ctx.event("note_added", {"note_id": note_id, "text": text}, audience)]


# ---- control: the run-sheet ---------------------------------------------------------------


def _run_sheet_item(ctx: Context, cmd: Command) -> dict[str, Any]:
    """The run-sheet item a command names (its status is checked by _require_item_status)."""
    item_id = _identifier(cmd, "inject_id")
    item = ctx.state["run_sheet"].get(item_id)
    if item is None:
        raise invalid(f"there is no scripted inject or narrative {item_id!r}", "unknown_inject")
    return item


def _require_item_status(item: dict[str, Any], *allowed: str) -> None:
    if item["status"] in allowed:
        return
    label = item["title"] or item["id"]
    raise rules(f"already_{item['status']}", f"'{label}' is already {item['status']}")


def _require_not_ended(ctx: Context) -> None:
    if ctx.state["status"] == "ended":
        raise rules("not_running", "the game has ended")


def _hold_inject(ctx: Context, cmd: Command) -> list[Draft]:
    item = _run_sheet_item(ctx, cmd)
    _require_not_ended(ctx)
    _require_item_status(item, "due")
    return [ctx.event("inject_held", {"inject_id": item["id"], "turn": item["turn"]}, [])]


def _check_audience_keeps_readers(ctx: Context, item_id: str, audience: Any) -> None:
    """A seat whose actions are offered by whether this item was issued must keep seeing it:
    otherwise its list of actions would tell it about an inject it was not shown."""
    if audience == PUBLIC:
        return
    for seat, spec in ctx.scenario["seats"].items():
        if seat in audience:
            continue
        for action in spec["actions"]:
            condition = action.get("condition")
            if condition and any(
                atom.get("issued") == item_id for atom in condition_atoms(condition)
            ):
                raise rules(
                    "audience_needed",
                    f"{seat}'s action {action['name']!r} depends on whether this inject was "
                    f"issued, so {seat} must stay in its audience",
                )


def _edit_inject(ctx: Context, cmd: Command) -> list[Draft]:
    item = _run_sheet_item(ctx, cmd)
    title = item["title"]
    text = item["text"]
    audience = item["audience"]
    changed: list[str] = []
    if cmd.get("title") is not None:
        title = _text(cmd, "title", required=False, max_len=MAX_SHORT_TEXT)
        changed.append("title")
    if cmd.get("text") is not None:
        text = _text(cmd, "text")
        changed.append("text")
    if cmd.get("audience") is not None:
        if item["kind"] == "narrative" and cmd.get("audience") != PUBLIC:
            raise invalid("a narrative is published to everyone: its audience is 'all'")
        audience = _audience(ctx, cmd)
        _check_audience_keeps_readers(ctx, item["id"], audience)
        changed.append("audience")
    if not changed:
        raise invalid("give at least one of 'title', 'text' or 'audience'")
    _require_not_ended(ctx)
    _require_item_status(item, "due", "held")
    spec = _item_spec(ctx, item)
    data = {
        "inject_id": item["id"],
        "kind": item["kind"],
        "turn": item["turn"],
        "title": title,
        "text": text,
        "audience": audience,
        "changed": changed,
        "previous": {"title": item["title"], "text": item["text"], "audience": item["audience"]},
        "scripted": {
            "title": spec["title"],
            "text": spec["text"],
            "audience": spec.get("audience", PUBLIC),
        },
    }
    return [ctx.event("inject_edited", data, [])]


def _release_inject(ctx: Context, cmd: Command) -> list[Draft]:
    item = _run_sheet_item(ctx, cmd)
    _require_running(ctx)
    _require_item_status(item, "due", "held")
    return _issue_item(ctx, item, indicator_values(ctx.state), released=True)


def _skip_inject(ctx: Context, cmd: Command) -> list[Draft]:
    item = _run_sheet_item(ctx, cmd)
    reason = _text(cmd, "reason")
    _require_not_ended(ctx)
    _require_item_status(item, "due", "held")
    data = {
        "inject_id": item["id"],
        "kind": item["kind"],
        "turn": item["turn"],
        "reason": reason,
        "cause": "control",
    }
    return [ctx.event("inject_skipped", data, [])]


# ---- control: injects and corrections ------------------------------------------------------


def _issue_inject(ctx: Context, cmd: Command) -> list[Draft]:
    text = _text(cmd, "text")
    title = _text(cmd, "title", required=False, max_len=MAX_SHORT_TEXT)
    audience = _audience(ctx, cmd)
    effects = _effects_list(ctx, cmd.get("effects") or [], "effects")
    _require_running(ctx)
    inject_id = _new_id(
        ctx.state, "adhoc:", sum(1 for i in ctx.state["injects"] if not i["scripted"]) + 1
    )
    drafts = [
        ctx.event(
            "inject_issued",
            {
                "inject_id": inject_id,
                "scripted": False,
                "title": title,
                "text": text,
                "audience": audience,
                "turn": ctx.state["turn"],
            },
            audience,
        )
    ]
    changes = apply_effects(ctx.state, effects)
    if changes:
        drafts.append(
            ctx.event(
                "indicators_changed",
                {
                    "cause": {"kind": "inject", "inject_id": inject_id, "audience": audience},
                    "changes": changes,
                },
            )
        )
    return drafts


def _adjust_indicator(ctx: Context, cmd: Command) -> list[Draft]:
    indicator = _identifier(cmd, "indicator")
    if indicator not in ctx.state["indicators"]:
        raise invalid(f"there is no indicator {indicator!r}", "unknown_indicator")
    delta = _int(cmd, "delta", -MAX_DELTA, MAX_DELTA)
    value = _int(cmd, "value", -(10**9), 10**9)
    if (delta is None) == (value is None):
        raise invalid("give exactly one of 'delta' or 'value'")
    reason = _text(cmd, "reason")
    _require_running(ctx)
    current = ctx.state["indicators"][indicator]["value"]
    effect = {"indicator": indicator, "delta": delta if delta is not None else value - current}
    changes = apply_effects(ctx.state, [effect])
    cause = {"kind": "adjustment", "reason": reason}
    return [ctx.event("indicator_adjusted", {"cause": cause, "changes": changes, "reason": reason})]


def _reveal(ctx: Context, move: dict[str, Any], reason: str) -> Draft:
    data = _announce(ctx.state, move)
    data.update(
        {
            "commitment": move["commitment"],
            "salt": move["salt"],
            "outcome": move["outcome"],
            "reason": reason,
        }
    )
    return ctx.event("move_revealed", data)


def _reveal_move(ctx: Context, cmd: Command) -> list[Draft]:
    move = _get_move(ctx, cmd)
    reason = _text(cmd, "reason", required=False)
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
    return [_reveal(ctx, move, reason)]


def _void_adjudication(ctx: Context, cmd: Command) -> list[Draft]:
    state = ctx.state
    adjudication_id = _identifier(cmd, "adjudication_id", required=False)
    if adjudication_id is None:
        move = _get_move(ctx, cmd)
        adjudication_id = move["adjudication"]
        if adjudication_id is None:
            raise rules("not_adjudicated", f"move {move['id']} has no standing adjudication")
    adjudication = state["adjudications"].get(adjudication_id)
    if adjudication is None:
        raise invalid(f"there is no adjudication {adjudication_id!r}", "unknown_adjudication")
    reason = _text(cmd, "reason")
    revert = _bool(cmd, "revert_effects", True)
    _require_running(ctx)
    if adjudication["voided"]:
        raise rules("already_voided", f"adjudication {adjudication_id} is already void")
    drafts = [
        ctx.event(
            "adjudication_voided",
            {
                "adjudication_id": adjudication_id,
                "moves": list(adjudication["moves"]),
                "reason": reason,
                "revert_effects": revert,
            },
            adjudication["audience"],
        )
    ]
    if revert and adjudication["changes"]:
        undo = [
            {"indicator": c["indicator"], "delta": c["before"] - c["after"]}
            for c in reversed(adjudication["changes"])
            if c["before"] != c["after"]
        ]
        changes = apply_effects(state, undo)
        if changes:
            cause = {
                "kind": "void",
                "adjudication_id": adjudication_id,
                "reason": reason,
                "audience": adjudication["audience"],
            }
            drafts.append(ctx.event("indicators_changed", {"cause": cause, "changes": changes}))
    return drafts


# ---- control: adjudication -----------------------------------------------------------------


def _adjudicable(ctx: Context, move: dict[str, Any]) -> None:
    state = ctx.state
    if move["turn"] != state["turn"]:
        raise rules("wrong_turn", f"move {move['id']} belongs to turn {move['turn']}")
    if move["status"] != "announced":
        raise rules("not_announced", f"move {move['id']} is not closed into the turn's orders")
    if move["adjudication"] is not None:
        raise rules(
            "already_adjudicated",
            f"move {move['id']} is already adjudicated ({move['adjudication']}); void it first",
        )


def _strong_arguments(cmd: Command, move: dict[str, Any]) -> list[str]:
    value = cmd.get("strong")
    if value is None:
        return []
    if not isinstance(value, list):
        raise invalid("'strong' must be a list of argument ids")
    result: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in move["arguments"]:
            raise invalid("'strong' names an argument that is not on this move", "unknown_argument")
        if item not in result:
            result.append(item)
    return result


def _propose_probability(ctx: Context, cmd: Command) -> list[Draft]:
    move = _get_move(ctx, cmd)
    strong = _strong_arguments(cmd, move)
    probability = _int(cmd, "probability", 0, 100)
    reason = _text(cmd, "reason", required=False)
    _require_running(ctx)
    _require_phase(ctx, "adjudication", "results")
    _adjudicable(ctx, move)
    proposal = propose(ctx.state, move, strong)
    final = proposal["proposed"] if probability is None else probability
    if final != proposal["proposed"] and not reason:
        raise invalid(
            f"setting {final} instead of the proposed {proposal['proposed']} needs a 'reason'",
            "reason_required",
        )
    data = {"move_id": move["id"], **proposal, "probability": final, "reason": reason or None}
    return [ctx.event("probability_proposed", data, [])]


def _probability_for(
    ctx: Context, move: dict[str, Any], given: int | None, reason: str
) -> tuple[int, int, str | None]:
    """(proposed, probability, override reason) for a move about to be adjudicated."""
    proposal = move["proposal"]
    if proposal is not None:
        proposed, current, stored_reason = (
            proposal["proposed"],
            proposal["probability"],
            proposal["reason"],
        )
    else:
        proposed = propose(ctx.state, move, [])["proposed"]
        current, stored_reason = proposed, None
    probability = current if given is None else given
    if probability == proposed:
        return proposed, probability, None
    if reason:
        return proposed, probability, reason
    if probability == current and stored_reason:
        return proposed, probability, stored_reason
    raise invalid(
        f"probability {probability} for {move['id']} differs from the proposed {proposed}: "
        "give a 'reason'",
        "reason_required",
    )


def _move_effects(
    ctx: Context, move: dict[str, Any], cmd: Command, key: str
) -> dict[str, list[dict[str, Any]]]:
    if move["action"] == "free":
        return _outcome_effects(ctx, cmd, key)
    if cmd.get(key) is not None:
        raise invalid(
            f"'{key}' applies only to free arguments; catalog actions have their own effects "
            "(use adjust_indicator for anything else)"
        )
    action = find_action(ctx.state, move["action"])
    assert action is not None
    return action["effects"]


def _adjudication_audience(moves: list[dict[str, Any]]) -> Any:
    if all(m["visibility"] == "public" or m["revealed"] for m in moves):
        return PUBLIC
    owners: list[str] = []
    for move in moves:
        if move["seat"] not in owners:
            owners.append(move["seat"])
    return owners


def _adjudicate(ctx: Context, cmd: Command) -> list[Draft]:
    state = ctx.state
    move = _get_move(ctx, cmd)
    method = _choice(cmd, "method", ("roll", "decide"), None)
    probability = _int(cmd, "probability", 0, 100)
    narrative = _text(cmd, "narrative", required=False)
    reason = _text(cmd, "reason", required=False)
    outcome_given = cmd.get("outcome")
    if outcome_given is not None and outcome_given not in ("success", "failure"):
        raise invalid("'outcome' must be success or failure")
    other: dict[str, Any] | None = None
    if cmd.get("opposed_move_id") is not None:
        other = _get_move(ctx, cmd, "opposed_move_id")
        if other["id"] == move["id"]:
            raise invalid("a move cannot be opposed to itself")
        if method != "roll":
            raise invalid("an opposed pair is resolved by rolling: use method 'roll'")
    elif cmd.get("opposed_probability") is not None or cmd.get("opposed_effects") is not None:
        raise invalid("'opposed_probability' and 'opposed_effects' need 'opposed_move_id'")
    other_probability = _int(cmd, "opposed_probability", 0, 100)
    if method == "decide":
        if outcome_given is None:
            raise invalid("method 'decide' needs an 'outcome' (success or failure)")
        if not reason:
            raise invalid("method 'decide' needs a 'reason'", "reason_required")
    elif outcome_given is not None:
        raise invalid("'outcome' is given only with method 'decide'; a roll decides it")
    effects = _move_effects(ctx, move, cmd, "effects")
    other_effects = _move_effects(ctx, other, cmd, "opposed_effects") if other else None
    _require_running(ctx)
    _require_phase(ctx, "adjudication", "results")
    _adjudicable(ctx, move)
    if other is not None:
        _adjudicable(ctx, other)

    stream = Stream(state["rng"]["seed"], state["rng"]["counter"])
    proposed, final, override = _probability_for(ctx, move, probability, reason)
    entry = {
        "move_id": move["id"],
        "seat": move["seat"],
        "proposed": proposed,
        "probability": final,
        "override_reason": override,
        "draws": [],
        "outcome": outcome_given,
    }
    entries = [entry]
    if other is not None:
        other_proposed, other_final, other_override = _probability_for(
            ctx, other, other_probability, reason
        )
        other_entry = {
            "move_id": other["id"],
            "seat": other["seat"],
            "proposed": other_proposed,
            "probability": other_final,
            "override_reason": other_override,
            "draws": [],
            "outcome": None,
        }
        entries.append(other_entry)
        for _ in range(OPPOSED_MAX_ROUNDS):
            first, second = stream.draw(), stream.draw()
            entry["draws"].append(first)
            other_entry["draws"].append(second)
            if final - first != other_final - second:
                break
        margin = final - entry["draws"][-1] - (other_final - other_entry["draws"][-1])
        first_wins = margin > 0 or (margin == 0 and final >= other_final)
        entry["outcome"] = "success" if first_wins else "failure"
        other_entry["outcome"] = "failure" if first_wins else "success"
    elif method == "roll":
        draw = stream.draw()
        entry["draws"].append(draw)
        entry["outcome"] = "success" if draw <= final else "failure"

    moves = [move] if other is None else [move, other]
    detection: list[dict[str, Any]] = []
    reports: list[Draft] = []
    for subject in moves:
        if subject["visibility"] != "secret" or subject["revealed"] or subject["detection_rolled"]:
            continue
        for seat, chance in detection_chances(state, subject):
            draw = stream.draw()
            detected = draw <= chance
            detection.append(
                {
                    "move_id": subject["id"],
                    "seat": seat,
                    "chance": chance,
                    "draw": draw,
                    "detected": detected,
                }
            )
            if detected and seat not in subject["detected_by"]:
                report = _announce(state, subject)
                report.pop("visibility")
                report["about"] = report.pop("seat")
                report["seat"] = seat
                reports.append(report)

    adjudication_id = _new_id(state, "adj", state["counters"]["adjudication"] + 1)
    drafts = [
        ctx.event(
            "move_adjudicated",
            {
                "adjudication_id": adjudication_id,
                "turn": state["turn"],
                "method": method,
                "opposed": other is not None,
                "moves": [m["id"] for m in moves],
                "entries": entries,
                "narrative": narrative,
                "reason": reason or None,
                "detection": detection,
                "rng_counter": stream.counter,
            },
            _adjudication_audience(moves),
        )
    ]
    audience = drafts[0]["audience"]
    working = indicator_values(state)
    for subject, subject_entry, subject_effects in zip(
        moves, entries, [effects, other_effects], strict=False
    ):
        assert subject_effects is not None
        changes = apply_effects(state, subject_effects[subject_entry["outcome"]], working)
        if changes:
            cause = {
                "kind": "adjudication",
                "adjudication_id": adjudication_id,
                "move_id": subject["id"],
                "audience": audience,
            }
            drafts.append(ctx.event("indicators_changed", {"cause": cause, "changes": changes}))
    for report in reports:
        report["adjudication_id"] = adjudication_id
        drafts.append(ctx.event("intelligence_report", report, [report["seat"]]))
    return drafts


def _amend_narrative(ctx: Context, cmd: Command) -> list[Draft]:
    move = _get_move(ctx, cmd)
    text = _text(cmd, "text")
    if ctx.state["status"] == "setup":
        raise rules("not_running", "the game has not started")
    adjudication_id = move["adjudication"]
    if adjudication_id is None:
        raise rules("not_adjudicated", f"move {move['id']} has no standing adjudication")
    adjudication = ctx.state["adjudications"][adjudication_id]
    data = {
        "adjudication_id": adjudication_id,
        "move_id": move["id"],
        "text": text,
        "previous": adjudication["narrative"],
    }
    return [ctx.event("narrative_amended", data, adjudication["audience"])]


def _roll_remaining(ctx: Context, cmd: Command) -> list[Draft]:
    """Every unadjudicated catalog move of the turn rolled at its proposed probability, one
    adjudication each, in move order, each decided on the state the previous one left."""
    _require_running(ctx)
    _require_phase(ctx, "adjudication")
    state = ctx.state
    pending = [
        move_id
        for move_id in unadjudicated_moves(state)
        if state["moves"][move_id]["action"] != "free"
    ]
    if not pending:
        raise rules("nothing_to_roll", "no catalog move of this turn is waiting to be rolled")
    drafts: list[Draft] = []
    current = state
    for move_id in pending:
        step = _adjudicate(
            Context(current, ctx.actor, ctx.now), {"move_id": move_id, "method": "roll"}
        )
        drafts.extend(step)
        current = _scratch(current, step)
    return drafts


# ---- seats ---------------------------------------------------------------------------------


def _require_orders_open(ctx: Context) -> None:
    _require_running(ctx)
    _require_phase(ctx, "orders")
    if ctx.state["locks"][ctx.role]:
        raise rules("orders_locked", "your orders are locked for this turn")


def _free_argument(cmd: Command) -> dict[str, Any]:
    value = cmd.get("argument")
    if not isinstance(value, dict):
        raise invalid("a free move needs 'argument': {action, result, reasons}")
    action = _text(value, "action")
    result = _text(value, "result")
    reasons = value.get("reasons", [])
    if reasons is None:
        reasons = []
    if not isinstance(reasons, list) or len(reasons) > MAX_REASONS:
        raise invalid(f"'reasons' must be a list of at most {MAX_REASONS} strings")
    cleaned = []
    for reason in reasons:
        if not isinstance(reason, str) or len(reason) > MAX_TEXT:
            raise invalid(f"each reason must be a string of at most {MAX_TEXT} characters")
        _check_encodable(reason, "reasons")
        if reason.strip():
            cleaned.append(reason.strip())
    return {"action": action, "result": result, "reasons": cleaned}


def _submit_move(ctx: Context, cmd: Command) -> list[Draft]:
    state = ctx.state
    seat = ctx.role
    action_id = _identifier(cmd, "action")
    action: dict[str, Any] | None = None
    if action_id == "free":
        argument: dict[str, Any] | None = _free_argument(cmd)
    else:
        action = find_action(state, action_id)
        if action is None or not action_id.startswith(f"{seat}."):
            raise invalid(f"{action_id!r} is not one of your actions", "unknown_action")
        if cmd.get("argument") is not None:
            raise invalid("'argument' is only for free moves (action 'free')")
        argument = None
    targets = _seat_list(ctx, cmd, "targets", required=False, exclude=seat)
    if action is not None and action["targets"]:
        for target in targets:
            if target not in action["targets"]:
                raise invalid(
                    f"{action['name']} may target only {', '.join(action['targets'])}",
                    "invalid_target",
                )
    visibility = _choice(cmd, "visibility", ("public", "secret"), "public")
    rationale = _text(cmd, "rationale")
    replaced: dict[str, Any] | None = None
    if cmd.get("move_id") is not None:
        replaced = _get_move(ctx, cmd)
        if replaced["seat"] != seat:
            raise forbidden(f"move {replaced['id']} is not yours", "not_your_move")

    _require_orders_open(ctx)
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
        move_id, revision = _new_id(state, "m", state["counters"]["move"] + 1), 1
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


def _withdraw_move(ctx: Context, cmd: Command) -> list[Draft]:
    move = _get_move(ctx, cmd)
    if move["seat"] != ctx.role:
        raise forbidden(f"move {move['id']} is not yours", "not_your_move")
    _require_orders_open(ctx)
    if move["turn"] != ctx.state["turn"] or move["status"] != "submitted":
        raise rules("move_closed", f"move {move['id']} can no longer be withdrawn")
    data = {"move_id": move["id"], "seat": move["seat"], "turn": move["turn"]}
    return [ctx.event("move_withdrawn", data, [ctx.role])]


def _lock_orders(ctx: Context, cmd: Command) -> list[Draft]:
    _require_running(ctx)
    _require_phase(ctx, "orders")
    if ctx.state["locks"][ctx.role]:
        raise rules("already_locked", "your orders are already locked")
    return [ctx.event("orders_locked", {"seat": ctx.role, "turn": ctx.state["turn"]})]


def _add_argument(ctx: Context, cmd: Command) -> list[Draft]:
    move = _get_move(ctx, cmd)
    stance = _choice(cmd, "stance", ("pro", "con"), None)
    text = _text(cmd, "text")
    _require_running(ctx)
    _require_phase(ctx, "adjudication")
    if move["seat"] == ctx.role:
        raise rules("own_move", "arguments are for other seats' moves, not your own")
    if move["visibility"] != "public" and not move["revealed"]:
        raise rules("not_public", f"move {move['id']} is secret")
    if move["turn"] != ctx.state["turn"] or move["status"] != "announced":
        raise rules("wrong_turn", f"move {move['id']} is not open for arguments")
    if move["adjudication"] is not None:
        raise rules("already_adjudicated", f"move {move['id']} is already adjudicated")
    argument_id = _new_id(ctx.state, "arg", ctx.state["counters"]["argument"] + 1)
    data = {
        "argument_id": argument_id,
        "move_id": move["id"],
        "seat": ctx.role,
        "stance": stance,
        "text": text,
    }
    return [ctx.event("argument_added", data)]


def _send_message(ctx: Context, cmd: Command) -> list[Draft]:
    sender = ctx.role
    to = _seat_list(ctx, cmd, "to", required=True, exclude=sender)
    text = _text(cmd, "text")
    _require_running(ctx)
    if ctx.state["phase"] not in ctx.scenario["messaging_phases"]:
        raise rules("messaging_closed", f"messaging is closed in the {ctx.state['phase']} phase")
    message_id = _new_id(ctx.state, "msg", ctx.state["counters"]["message"] + 1)
    audience = to if sender == CONTROL else [sender, *to]
    data = {"message_id": message_id, "from": sender, "to": to, "text": text}
    return [ctx.event("message_sent", data, audience)]


# ---- dispatch ------------------------------------------------------------------------------

SEAT, CTRL, OBS = "seat", CONTROL, OBSERVER
Handler = Callable[[Context, Command], list[Draft]]
COMMANDS: dict[str, tuple[Handler, frozenset[str]]] = {
    "submit_move": (_submit_move, frozenset({SEAT})),
    "withdraw_move": (_withdraw_move, frozenset({SEAT})),
    "lock_orders": (_lock_orders, frozenset({SEAT})),
    "add_argument": (_add_argument, frozenset({SEAT})),
    "send_message": (_send_message, frozenset({SEAT, CTRL})),
    "start_game": (_start_game, frozenset({CTRL})),
    "advance_phase": (_advance_phase, frozenset({CTRL})),
    "set_deadline": (_set_deadline, frozenset({CTRL})),
    "expire_deadline": (_expire_deadline, frozenset({CTRL})),
    "hold_inject": (_hold_inject, frozenset({CTRL})),
    "edit_inject": (_edit_inject, frozenset({CTRL})),
    "release_inject": (_release_inject, frozenset({CTRL})),
    "skip_inject": (_skip_inject, frozenset({CTRL})),
    "amend_narrative": (_amend_narrative, frozenset({CTRL})),
    "roll_remaining": (_roll_remaining, frozenset({CTRL})),
    "publish_narrative": (_publish_narrative, frozenset({CTRL})),
    "propose_probability": (_propose_probability, frozenset({CTRL})),
    "adjudicate": (_adjudicate, frozenset({CTRL})),
    "void_adjudication": (_void_adjudication, frozenset({CTRL})),
    "adjust_indicator": (_adjust_indicator, frozenset({CTRL})),
    "issue_inject": (_issue_inject, frozenset({CTRL})),
    "reveal_move": (_reveal_move, frozenset({CTRL})),
    "pause": (_pause, frozenset({CTRL})),
    "resume": (_resume, frozenset({CTRL})),
    "end_game": (_end_game, frozenset({CTRL})),
    "open_record": (_open_record, frozenset({CTRL})),
    "add_note": (_add_note, frozenset({CTRL, OBS})),
}
ALLOWED_WHILE_PAUSED = frozenset({"send_message"})


def _actor(state: State, actor: Any) -> dict[str, Any]:
    if not isinstance(actor, dict):
        raise forbidden("unknown actor")
    role = actor.get("role")
    if not isinstance(role, str) or (
        role not in (CONTROL, OBSERVER) and role not in state["scenario"]["seats"]
    ):
        raise forbidden("unknown role", "unknown_role")
    name = actor.get("name")
    if not isinstance(name, str):
        name = None
    else:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            name = None
    return {"role": role, "name": name[:MAX_SHORT_TEXT] if name else name}


def _decide(state: State | None, command: Any, actor: Any, now: str) -> list[Draft]:
    if state is None:
        raise rules("no_game", "there is no game yet")
    if not isinstance(command, dict):
        raise invalid("a command must be a JSON object with a 'type'")
    kind = command.get("type")
    if not isinstance(kind, str):
        raise invalid("a command needs a 'type' string")
    if kind not in COMMANDS:
        shown = kind if len(kind) <= 40 else kind[:40] + "..."
        raise invalid(f"unknown command type {shown!r}", "unknown_command")
    checked = _actor(state, actor)
    handler, roles = COMMANDS[kind]
    role = checked["role"]
    role_class = role if role in (CONTROL, OBSERVER) else SEAT
    if role_class not in roles:
        raise forbidden(f"the {role} role may not {kind.replace('_', ' ')}")
    if state["paused"] and role != CONTROL and kind not in ALLOWED_WHILE_PAUSED:
        raise rules("game_paused", "the game is paused")
    return handler(Context(state, checked, now), command)


def decide(state: State | None, command: Any, *, actor: Any, now: str) -> list[Draft] | Rejection:
    """The events a command produces, or a Rejection saying why it may not happen."""
    try:
        drafts = _decide(state, command, actor, now)
    except Reject as exc:
        return exc.rejection
    # Drafts may quote parts of the state; a copy keeps the two from ever sharing objects.
    return deep_copy(drafts)


def create_game(
    scenario: dict[str, Any], *, title: str, seed: int, actor: dict[str, Any], now: str
) -> list[Draft]:
    """The first event of a game: the validated scenario copied in, the title and the seed.

    Raises ScenarioError for a bad scenario and ValueError for a bad title or seed.
    """
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_SHORT_TEXT:
        raise ValueError(f"title must be a non-empty string of at most {MAX_SHORT_TEXT} characters")
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError("seed must be an integer")
    document = validate_scenario(scenario)
    name = actor.get("name") if isinstance(actor, dict) else None
    role = actor.get("role") if isinstance(actor, dict) else None
    return [
        {
            "type": "game_created",
            "actor": {"role": role or CONTROL, "name": name if isinstance(name, str) else None},
            "at": now,
            "data": {
                "title": title.strip(),
                "seed": seed,
                "scenario": document,
                "engine_version": ENGINE_VERSION,
            },
            "audience": PUBLIC,
        }
    ]


__all__ = ["COMMANDS", "create_game", "decide"]
