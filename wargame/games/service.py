"""The game service: the one write path from a command to the log.

``execute`` loads the state, asks the engine to decide, appends the events with the seq the
decision was based on, retries when another writer got there first, and announces the new seq
once the append is committed.
"""

from __future__ import annotations

import secrets
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from django.db import transaction

from wargame import engine
from wargame.games import bot_play, broadcast, caches, deadlines, notify, rebuild, store
from wargame.games.models import Event, Game, Scenario

# Races a command may lose without holding anything before it takes the game's write lock.
OPTIMISTIC_ATTEMPTS = 2


class CommandRejected(Exception):
    """The engine refused the command; ``rejection`` says why (code, message, kind)."""

    def __init__(self, rejection: engine.Rejection) -> None:
        super().__init__(rejection.message)
        self.rejection = rejection


@dataclass(frozen=True)
class CommandResult:
    seq: int
    events: list[dict]
    replayed: bool
    attempts: int = 1  # how many times the command was decided: 1 + the races it lost
    replay_open: bool | None = None  # whether the record is open after it (None: not known)


def now() -> str:
    return store.format_time(datetime.now(UTC))


def summary_of(state: dict) -> dict:
    """The game row's summary columns, derived from the state."""
    return {
        "status": state.get("status", "setup"),
        "turn": state.get("turn", 0) or 0,
        "phase": state.get("phase") or "",
        "replay_open": bool(state.get("record_open")),
    }


def create_game(
    *,
    scenario: Scenario,
    title: str,
    created_by=None,
    actor_name: str | None = None,
    seed: int | None = None,
    clock: list | None = None,
) -> Game:
    """A new game whose first events copy the scenario document and seed its random stream
    (a fresh seed unless one is given: a simulated run played again as a game keeps its own).

    ``clock``, the phases of ``set_clock``, adds its ``clock_set`` to the first batch: decided
    on the new game's state before anything is written, so settings the engine refuses raise
    :class:`CommandRejected` and no game is created."""
    actor = {"role": "control", "name": actor_name}
    moment = now()
    drafts = engine.create_game(
        scenario.document,
        title=title,
        seed=secrets.randbits(63) if seed is None else seed,
        actor=actor,
        now=moment,
    )
    if clock is not None:
        created = engine.fold(None, [{**draft, "seq": 1} for draft in drafts])
        outcome = engine.decide(
            created, {"type": "set_clock", "phases": clock}, actor=actor, now=moment
        )
        if isinstance(outcome, engine.Rejection):
            raise CommandRejected(outcome)
        drafts = [*drafts, *outcome]
    with transaction.atomic():  # never a game row without its first events
        game = Game.objects.create(title=title, scenario=scenario.slug, created_by=created_by)
        _append(game, None, drafts, idem=None)
    game.refresh_from_db()
    return game


class BranchRefused(ValueError):
    """A branch that cannot be made as asked; the message says why (a seq out of range...)."""


def create_branch(
    *,
    parent: Game,
    at: int,
    title: str,
    keep_dice: bool = False,
    seed: int | None = None,
    created_by=None,
    actor_name: str | None = None,
) -> Game:
    """A new game that starts from ``parent``'s state at seq ``at``.

    Its log begins at seq ``at`` with ``game_branched`` (the parent's state and journal there,
    the parent's event hash and state hash at that seq), which this server's parent log must
    reproduce: the branch's first state hash is the parent's, byte for byte. Then
    ``branch_started`` gives it its title and, unless ``keep_dice``, a fresh seed (``seed``
    when given: a simulated run from ``at`` played again as a game keeps its own).
    """
    first = store.first_event(parent.id)
    start = first["seq"] if first is not None else 1
    if not start <= at <= parent.seq:
        raise BranchRefused(
            f"'at' must be a seq of the game, from {start} to {parent.seq}; got {at}"
        )
    fork = Event.objects.filter(game=parent, seq=at).only("hash", "state_hash").get()
    state = rebuild.load_state(parent.id, at_seq=at)
    journal = [entry for entry in rebuild.load_journal(parent.id, at) if entry["seq"] <= at]
    if state is None or state["seq"] != at:
        raise BranchRefused(f"the game's state at seq {at} cannot be rebuilt")
    try:
        drafts = engine.branch_game(
            state,
            journal,
            parent={
                "game": str(parent.id),
                "title": state["title"],
                "seq": at,
                "hash": fork.hash,
                "state_hash": fork.state_hash,
            },
            title=title,
            seed=None if keep_dice else secrets.randbits(63) if seed is None else seed,
            actor={"role": "control", "name": actor_name},
            now=now(),
        )
    except ValueError as exc:
        raise BranchRefused(str(exc)) from None
    with transaction.atomic():  # never a game row without its first events
        # The log's head before its first event: the parent's event at the fork, so the
        # branch's chain continues from the hash its first event names.
        game = Game.objects.create(
            title=title.strip(),
            scenario=parent.scenario,
            created_by=created_by,
            parent_id=parent.id,
            fork_seq=at,
            seq=at - 1,
            head_hash=fork.hash,
        )
        _append(game, None, drafts, idem=None, before=at - 1)
    game.refresh_from_db()
    return game


def execute(
    *,
    game: Game,
    command: dict,
    actor: dict,
    idempotency_key: str | None = None,
    expected_seq: int | None = None,
    caller: str | None = None,
) -> CommandResult:
    """Decide ``command`` for ``actor`` on the current state and append what follows.

    ``idempotency_key`` is the client's key; it is scoped to ``caller`` (who sent it: a token,
    a facilitator's session) and to the game, and remembers the command it came with: the same
    caller sending the same key again gets the first result (``replayed``) and appends
    nothing; with another command it raises :class:`store.IdempotencyKeyReused`. A replayed
    result is announced again, in case the process that appended it died before it could.

    A decision that lost the race for the log is made again on the new state: first without
    holding anything, and after OPTIMISTIC_ATTEMPTS lost races under the game's write lock, so
    that a busy game cannot starve any writer. With ``expected_seq`` the command is valid only at
    that seq: a moved log raises :class:`store.StaleSeq` instead of deciding again.

    The newest state this process holds is taken as it is, without reading the log: if another
    process appended since, the append says so (a stale seq), or a refusal finds the log's head
    elsewhere, and the command is decided again on the log as it is, without counting that as
    a lost race.
    """
    idem = None
    if idempotency_key is not None:
        idem = (
            store.scoped_key(caller, idempotency_key),
            store.request_hash({"command": command, "actor": actor, "expected_seq": expected_seq}),
        )
    if idem is not None:
        first = store.find_batch(game_id=game.id, idempotency_key=idem[0], request_hash=idem[1])
        if first:
            # Announced again, in case the process that appended it died before it could.
            broadcast.announce(game.id, first[-1]["seq"])
            return CommandResult(seq=first[-1]["seq"], events=first, replayed=True)
    held = _held_state(game.id, expected_seq)
    decisions = lost = 0
    while True:
        locked = lost >= OPTIMISTIC_ATTEMPTS
        decisions += 1
        try:
            with transaction.atomic() if locked else nullcontext():
                if locked:
                    store.lock_game(game_id=game.id)
                result = _decide_and_append(game, command, actor, idem, expected_seq, held)
        except CommandRejected:
            # A refusal decided on the held state stands only if that state is the log's head.
            if held is not None and store.head_seq(game.id) != held["seq"]:
                held = None
                continue
            raise
        except store.StaleSeq:
            if held is not None:
                held = None  # the process's state was behind the log: read the log, decide again
                continue
            if expected_seq is not None or locked:
                raise
            lost += 1
            continue
        if result.replayed:
            broadcast.announce(game.id, result.seq)
        return replace(result, attempts=decisions)


def _held_state(game_id: object, expected_seq: int | None) -> dict | None:
    """A copy of the newest state this process holds, unless ``expected_seq`` names another."""
    cached = caches.latest_states.get(game_id)
    if cached is None or (expected_seq is not None and expected_seq != cached["seq"]):
        return None
    return cached


def _own_copy(held: dict) -> dict:
    """A state of the command's own to apply its events to: ``held`` copied, all but its
    scenario, which the copy shares. No event changes a state's scenario once the game is
    created (tests/games/test_held_state.py plays whole games to hold the engine to it), and
    the scenario is most of a state's bytes: copying it was most of the cost of the copy."""
    copied = engine.fold({**held, "scenario": None}, ())
    assert copied is not None
    copied["scenario"] = held["scenario"]
    return copied


def _decide_and_append(
    game: Game,
    command: dict,
    actor: dict,
    idem: tuple[str, str] | None,
    expected_seq: int | None,
    held: dict | None = None,
) -> CommandResult:
    # A state of this command's own: its events are applied to it in place.
    state = _own_copy(held) if held is not None else rebuild.load_state(game.id, private=True)
    seq = state["seq"] if state else 0
    if expected_seq is not None and expected_seq != seq:
        raise store.StaleSeq(expected_seq=expected_seq, current_seq=seq)
    outcome = engine.decide(state, command, actor=actor, now=now())
    if isinstance(outcome, engine.Rejection):
        raise CommandRejected(outcome)
    return _append(game, state, outcome, idem=idem)


def _append(
    game: Game,
    state: dict | None,
    drafts: list[dict],
    *,
    idem: tuple[str, str] | None,
    before: int | None = None,
) -> CommandResult:
    if before is None:  # a branch's log begins after seq 0: its first batch says where
        before = state["seq"] if state else 0
    numbered = [{**draft, "seq": before + 1 + offset} for offset, draft in enumerate(drafts)]
    hashes = []
    entries: engine.Journal = []
    for step in engine.fold_steps(state, numbered, copy=False, journal=entries):
        hashes.append(engine.state_hash(step))
        state = step
    result = store.append(
        game_id=game.id,
        expected_seq=before,
        drafts=drafts,
        idempotency_key=idem[0] if idem else None,
        request_hash=idem[1] if idem else None,
        state_hashes=hashes,
        summary=summary_of(state),
    )
    if not result.replayed:
        # Once committed (now, or with the caller's transaction), this process's next command
        # and its sockets start from this state and journal; only then is the new seq
        # announced, so that the sockets here find them ready instead of rebuilding them.
        transaction.on_commit(
            lambda: caches.committed(game.id, state, after=before, entries=entries)
        )
        transaction.on_commit(lambda: broadcast.announce(game.id, state["seq"]))
        if any(draft["type"] in deadlines.SCHEDULING_EVENTS for draft in drafts):
            # A deadline the server acts on is scheduled once it is committed; a failure to
            # enqueue is logged and the command still stands.
            transaction.on_commit(lambda: deadlines.schedule(game.id, state))
        types = [draft["type"] for draft in drafts]
        if notify.WATCHED.intersection(types) or notify.REMINDER_EVENTS.intersection(types):
            # Who is told of what is worked out in a task once this is committed
            # (``notify``); a failure to enqueue is logged and the command still stands.
            transaction.on_commit(lambda: notify.after_commit(game.id, before, state, types))
        if state.get("bots"):
            # A seat a bot plays acts in a task of its own once this is committed, through
            # this same path (``bot_play``); a failure to enqueue is logged.
            transaction.on_commit(lambda: bot_play.schedule(game.id, state))
        if rebuild.snapshot_due(before, state["seq"]):
            # A snapshot is a cache: taken once the command is committed and announced, and
            # if taking it fails, that is logged and the command still stands.
            transaction.on_commit(lambda: rebuild.save_snapshot(game.id, state), robust=True)
    return CommandResult(
        seq=result.events[-1]["seq"],
        events=result.events,
        replayed=result.replayed,
        replay_open=None if result.replayed else bool(state.get("record_open")),
    )
