"""The lifecycle of a game: its creation, start, the march of turns and phases (closing the
orders on the way), its end with the scores, and the opening of the full record afterwards.

A new turn's scripted narratives and injects are issued as it opens (``run_sheet``); a phase
the game's clock settings time opens with its deadline (``phase_clock``).
"""

from __future__ import annotations

from typing import Any, Literal

from .codec import deep_copy
from .common import CONTROL, ENGINE_VERSION, MAX_SHORT_TEXT, PUBLIC, rules
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
    require_running,
)
from .fields import CommandModel, Flag
from .journal import note
from .phase_clock import opening_deadline, opens_with_deadline
from .reveal import reveal
from .rules import following_phase, score, unadjudicated_moves
from .run_sheet import new_run_sheet, turn_opening
from .scenario import validate_scenario


class StartGame(CommandModel):
    """Control: leave setup; turn 1's briefing opens."""

    type: Literal["start_game"]


class AdvancePhase(CommandModel):
    """Control: close the current phase and open the next. Closing orders while a seat has
    not locked needs force: true (unlocked seats then submit nothing further this turn)."""

    type: Literal["advance_phase"]
    force: Flag = None


class EndGame(CommandModel):
    """Control: score the objectives and end the game."""

    type: Literal["end_game"]


class OpenRecord(CommandModel):
    """Control, after the end: open the whole record to every role for the replay."""

    type: Literal["open_record"]


@command(
    StartGame,
    {CONTROL},
    emits=(
        "`game_started`, then the turn-1 `narrative_published`, `inject_issued`, "
        "`indicators_changed`"
    ),
)
def start_game(ctx: Context, cmd: StartGame) -> list[Draft]:
    if ctx.state["status"] != "setup":
        raise rules("already_started", f"the game has already started ({ctx.state['status']})")
    first = ctx.scenario["phases"][0]
    started = [ctx.event("game_started", {"turn": 1, "phase": first})]
    drafts = [*started, *turn_opening(ctx.after(started), 1)]
    return _with_opening_deadline(ctx, drafts, first)


def _with_opening_deadline(ctx: Context, drafts: list[Draft], phase: str) -> list[Draft]:
    """``drafts`` (which open ``phase``) and the deadline the clock settings give it."""
    if not opens_with_deadline(ctx.state, phase):
        return drafts
    return [*drafts, *opening_deadline(ctx.after(drafts))]


@command(
    AdvancePhase,
    {CONTROL},
    emits="`orders_closed`? `phase_advanced`, then turn-opening events on a new turn",
)
def advance_phase(ctx: Context, cmd: AdvancePhase) -> list[Draft]:
    force = bool(cmd.force)
    require_running(ctx)
    return advance(ctx, force, "control")


def advance(ctx: Context, force: bool, cause: str) -> list[Draft]:
    """Close the current phase and open the next (``cause``: control, or the deadline)."""
    state = ctx.state
    turn, phase = state["turn"], state["phase"]
    following = following_phase(state)
    if following is None:
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
                        announce(state, m) for m in moves if m["visibility"] == "public"
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
    next_turn, next_phase = following
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
        drafts.extend(turn_opening(ctx.after(drafts), next_turn))
    return _with_opening_deadline(ctx, drafts, next_phase)


@command(
    EndGame,
    {CONTROL},
    emits="`move_revealed`…, `game_ended`",
)
def end_game(ctx: Context, cmd: EndGame) -> list[Draft]:
    require_running(ctx)
    return finish(ctx)


def finish(ctx: Context) -> list[Draft]:
    """End the game: reveal what is still secret, score the objectives (by control, or by the
    clock when the last phase's deadline passes)."""
    state = ctx.state
    drafts = [
        reveal(ctx, move, "revealed at the end of the game")
        for move in sorted(state["moves"].values(), key=lambda m: m["n"])
        # Moves still only submitted never happened: they stay their seat's own.
        if move["visibility"] == "secret" and move["status"] == "announced" and not move["revealed"]
    ]
    data = {"turn": state["turn"], "phase": state["phase"], "scores": score(state)}
    drafts.append(ctx.event("game_ended", data))
    return drafts


@command(
    OpenRecord,
    {CONTROL},
    emits="`record_opened`",
)
def open_record(ctx: Context, cmd: OpenRecord) -> list[Draft]:
    if ctx.state["status"] != "ended":
        raise rules("not_ended", "the full record can be opened only after the game has ended")
    if ctx.state["record_open"]:
        raise rules("already_open", "the full record is already open")
    return [ctx.event("record_opened", {})]


# A game's seed: a whole number below 2**63, which every store and JSON reader keeps exactly
# (a larger one would come back from some as a float, and the dice and ids would change).
MAX_SEED = 2**63 - 1


def _check_seed(seed: Any) -> None:
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise ValueError("seed must be an integer")
    if not 0 <= seed <= MAX_SEED:
        raise ValueError(f"seed must be from 0 to {MAX_SEED}")


def create_game(
    scenario: dict[str, Any], *, title: str, seed: int, actor: dict[str, Any], now: str
) -> list[Draft]:
    """The first event of a game: the validated scenario copied in, the title and the seed.

    Raises ScenarioError for a bad scenario and ValueError for a bad title or seed.
    """
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_SHORT_TEXT:
        raise ValueError(f"title must be a non-empty string of at most {MAX_SHORT_TEXT} characters")
    _check_seed(seed)
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


def branch_game(
    state: dict[str, Any],
    journal: Journal,
    *,
    parent: dict[str, Any],
    title: str,
    seed: int | None,
    actor: dict[str, Any],
    now: str,
) -> list[Draft]:
    """The first two events of a branch: a game started from ``state`` (another game's state
    at seq ``parent["seq"]``, with ``journal``, its journal up to there).

    The first, ``game_branched``, carries that state and journal as they are, so folding it
    gives the parent's state at the fork byte for byte (the same state hash), at the same seq:
    a branch's log begins at the fork, after the parent's event there (``parent`` names the
    game, its title, the seq, and the event hash and state hash there). The second,
    ``branch_started``, makes the game its own: its title, no deadline of the parent's clock,
    and with ``seed`` a fresh random stream (None: the parent's dice, to compare decisions
    under the same luck).

    Raises ValueError for a title, seed or state that cannot start a branch.
    """
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_SHORT_TEXT:
        raise ValueError(f"title must be a non-empty string of at most {MAX_SHORT_TEXT} characters")
    if seed is not None:
        _check_seed(seed)
    at = state["seq"]
    if at != parent["seq"]:
        raise ValueError(f"the state is at seq {at}, not the fork's seq {parent['seq']}")
    if state["status"] == "ended":
        raise ValueError(f"the game had ended by seq {at}: branch from a seq before its end")
    name = actor.get("name") if isinstance(actor, dict) else None
    who = {"role": CONTROL, "name": name if isinstance(name, str) else None}
    fork = {
        "game": str(parent["game"]),
        "title": str(parent["title"]),
        "seq": at,
        "hash": parent["hash"],
        "state_hash": parent["state_hash"],
    }
    started: dict[str, Any] = {
        "title": title.strip(),
        "parent_title": fork["title"],
        "from_seq": at,
        "fresh_dice": seed is not None,
    }
    if seed is not None:
        started["seed"] = seed
    return [
        {
            "type": "game_branched",
            "actor": who,
            "at": now,
            "data": {
                "parent": fork,
                "engine_version": ENGINE_VERSION,
                "state": deep_copy(state),
                "journal": deep_copy(journal),
            },
            "audience": PUBLIC,
        },
        {"type": "branch_started", "actor": who, "at": now, "data": started, "audience": PUBLIC},
    ]


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


def create_state(event: Event, out: Journal) -> State:
    """The state a game_created event starts (the scenario brought up to date)."""
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
        "run_sheet": new_run_sheet(scenario),
        "scores": None,
    }
    note(out, state, event, {"title": data["title"], "scenario_title": scenario["title"]})
    return state


def branch_state(event: Event, out: Journal) -> State:
    """The state a game_branched event starts: the parent's state at the fork, as carried,
    and the parent's journal up to there (so the branch's timeline shows its history)."""
    data = event["data"]
    state: State = deep_copy(data["state"])
    if state.get("seq") != event["seq"]:
        raise ValueError(
            f"a branch's first event is at the fork's seq: {event['seq']} carries a state at "
            f"seq {state.get('seq')}"
        )
    out.extend(deep_copy(data["journal"]))
    parent = data["parent"]
    note(out, state, event, {"parent_title": parent["title"], "from_seq": parent["seq"]})
    return state


def _branch_started(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["title"] = data["title"]
    state["deadline"] = None  # the parent's clock is not the branch's
    # Where the branch came from, for its pages (its first seq, its parent's title).
    state["branch"] = {"parent_title": data["parent_title"], "from_seq": data["from_seq"]}
    if "seed" in data:
        state["rng"]["seed"] = data["seed"]
    note(out, state, event, {"title": data["title"], "fresh_dice": data["fresh_dice"]})


def _game_started(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["status"] = "running"
    state["started_at"] = event["at"]
    state["turn"] = data["turn"]
    state["phase"] = data["phase"]
    state["phase_started_at"] = event["at"]
    note(out, state, event, {"turn": data["turn"], "phase": data["phase"]})


def _phase_advanced(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    if data["turn"] != state["turn"]:
        for seat in state["locks"]:
            state["locks"][seat] = False
    state["turn"] = data["turn"]
    state["phase"] = data["phase"]
    state["phase_started_at"] = event["at"]
    state["deadline"] = None
    fact = {"turn": data["turn"], "phase": data["phase"], "cause": data.get("cause")}
    note(out, state, event, fact)


def _orders_closed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    moves = state["moves"]
    turn = data["turn"]
    for move in moves.values():
        if move["turn"] == turn and move["status"] == "submitted":
            move["status"] = "announced"
    for seat in state["locks"]:
        state["locks"][seat] = True
    fact = {
        "forced": data["forced"],
        "public": len(data["public_moves"]),
        "secret": len(data["secret_moves"]),
    }
    note(out, state, event, fact)


def _game_ended(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state["status"] = "ended"
    state["paused"] = False
    state["paused_at"] = None
    state["deadline"] = None
    state["ended_at"] = event["at"]
    state["scores"] = deep_copy(data["scores"])
    note(out, state, event, {})


def _record_opened(state: State, event: Event, out: Journal) -> None:
    state["record_open"] = True
    note(out, state, event, {})


COMMANDS: list[CommandSpec[Any]] = [start_game, advance_phase, end_game, open_record]
EVOLVERS: dict[str, Evolver] = {
    "branch_started": _branch_started,
    "game_started": _game_started,
    "phase_advanced": _phase_advanced,
    "orders_closed": _orders_closed,
    "game_ended": _game_ended,
    "record_opened": _record_opened,
}
