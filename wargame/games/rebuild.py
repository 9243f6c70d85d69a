"""Rebuilding a game from its log: its state (the newest valid snapshot plus a fold of the
tail) and its journal (the journal segments of a chain of snapshots plus a fold of the rest)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from wargame import engine
from wargame.games import caches, store
from wargame.games.caches import Journal
from wargame.games.models import Event, Game, Snapshot, gc_paused


def load_state(game_id: object, *, at_seq: int | None = None, private: bool = False) -> dict | None:
    """The game's state after ``at_seq`` (default: the head), or None for an empty log.

    The result may be shared with other callers: treat it as read-only, unless ``private``
    asks for a state of the caller's own to change.
    """
    cached = caches.latest_states.get(game_id)
    if cached is not None and (at_seq is None or at_seq >= cached["seq"]):
        tail = store.read_events(game_id=game_id, after=cached["seq"], upto=at_seq)
        if not tail:
            return engine.fold(cached, ()) if private else cached  # folding nothing copies
        entries: engine.Journal = []
        state = engine.fold(cached, tail, journal=entries)
        caches.journals.extend(game_id, after=cached["seq"], entries=entries, seq=state["seq"])
        if not private:
            caches.latest_states.put(game_id, state)
        return state
    state = _from_snapshot(game_id, at_seq)
    if state is not None and at_seq is None and not private:
        caches.latest_states.put(game_id, state)
    return state


def _from_snapshot(game_id: object, at_seq: int | None) -> dict | None:
    snapshots = Snapshot.objects.filter(game_id=game_id, engine_version=engine.ENGINE_VERSION)
    if at_seq is not None:
        snapshots = snapshots.filter(seq__lte=at_seq)
    snapshot = snapshots.order_by("-seq").only("seq", "state").first()
    state = snapshot.state if snapshot is not None else None
    after = snapshot.seq if snapshot is not None else 0
    tail = store.read_events(game_id=game_id, after=after, upto=at_seq)
    if not tail:
        return state
    # The snapshot's state was just decoded from the database: nobody else holds it.
    return engine.fold(state, tail, copy=False)


def load_journal(game_id: object, upto: int) -> engine.Journal:
    """The game's journal entries in seq order, complete at least up to seq ``upto`` (entries
    of later events may follow). Shared: callers must not change the list or its entries."""
    held = caches.journals.get(game_id)
    if held is not None and held.seq >= upto:
        return held.entries
    journal = caches.journals.copy_of(game_id) or _journal_from_snapshots(game_id, upto)
    if journal.seq < upto:
        start = load_state(game_id, at_seq=journal.seq, private=True) if journal.seq else None
        tail = store.read_events(game_id=game_id, after=journal.seq, upto=upto)
        engine.fold(start, tail, copy=False, journal=journal.entries)
        journal.seq = upto
    caches.journals.put(game_id, journal)
    return journal.entries


def catch_up(game_id: object) -> dict | None:
    """Bring this process's newest state of the game and its journal to the head of the log
    together, so that views of the head are built from memory (see projections)."""
    state = load_state(game_id)
    if state is not None:
        load_journal(game_id, state["seq"])
    return state


def _journal_from_snapshots(game_id: object, upto: int) -> Journal:
    """The journal held by the longest chain of snapshots from seq 0, each taking over where
    the one before it ends, up to ``upto``."""
    snapshots = Snapshot.objects.filter(
        game_id=game_id, engine_version=engine.ENGINE_VERSION, seq__lte=upto
    )
    longest: dict[int, int] = {}  # journal_after -> the furthest seq a snapshot reaches from it
    for seq, after in snapshots.values_list("seq", "journal_after"):
        if after < seq and seq > longest.get(after, -1):
            longest[after] = seq
    chain = []
    covered = 0
    while covered in longest:
        covered = longest[covered]
        chain.append(covered)
    entries: engine.Journal = []
    with gc_paused():
        segments = dict(snapshots.filter(seq__in=chain).values_list("seq", "journal"))
    for seq in chain:
        entries.extend(segments[seq])
    return Journal(entries=entries, seq=covered)


def snapshot_due(before_seq: int, after_seq: int) -> bool:
    every = settings.WARGAME_SNAPSHOT_EVERY
    return every > 0 and after_seq // every > before_seq // every


def save_snapshot(game_id: object, state: dict) -> None:
    """Keep ``state`` and the journal entries since the previous snapshot (folded again from
    that snapshot, so they do not depend on what this process happens to hold)."""
    previous = (
        Snapshot.objects.filter(
            game_id=game_id, engine_version=engine.ENGINE_VERSION, seq__lt=state["seq"]
        )
        .order_by("-seq")
        .only("seq", "state")
        .first()
    )
    after = previous.seq if previous is not None else 0
    segment: engine.Journal = []
    engine.fold(
        previous.state if previous is not None else None,
        store.read_events(game_id=game_id, after=after, upto=state["seq"]),
        copy=False,
        journal=segment,
    )
    Snapshot.objects.get_or_create(
        game_id=game_id,
        seq=state["seq"],
        engine_version=engine.ENGINE_VERSION,
        defaults={
            "state": state,
            "state_hash": engine.state_hash(state),
            "journal_after": after,
            "journal": segment,
        },
    )


def states_checkable(events: list[dict]) -> bool:
    """Whether the log's state hashes were recorded by this engine's version, so that a
    rebuild must reproduce them (an older engine's states had another shape)."""
    return not events or engine.recorded_engine_version(events[0]) == engine.ENGINE_VERSION


@dataclass(frozen=True)
class Fault:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"seq {self.seq}: {self.reason}"


def verify_game(game: Game) -> Fault | None:
    """The first event at which the chain or a recorded state hash does not hold, if any.

    State hashes are compared when this engine's version recorded them (see
    :func:`states_checkable`); every event must fold either way.
    """
    events = store.read_events(game_id=game.id)
    broken = store.first_broken_link(events)
    if broken is not None:
        return Fault(*broken)
    check_states = states_checkable(events)
    steps = engine.fold_steps(None, events)
    for event in events:
        try:
            state = next(steps)
        except Exception as exc:  # a corrupt row can make any rule fail; report where
            return Fault(event["seq"], f"the event does not fold: {exc}")
        if check_states and event["state_hash"] and engine.state_hash(state) != event["state_hash"]:
            return Fault(event["seq"], "rebuilding gives another state than the one recorded")
    if events and (game.seq != events[-1]["seq"] or game.head_hash != events[-1]["hash"]):
        return Fault(game.seq, "the game's head does not match its last event")
    if events and events[0]["type"] == "game_branched":
        return lineage_fault(game, events[0], check_states=check_states)
    return None


def lineage_fault(game: Game, first: dict, *, check_states: bool = True) -> Fault | None:
    """What does not hold in a branch's lineage, if anything: the state its first event
    carries must be the one whose hash it names as the parent's at the fork, the game row must
    name the same parent and seq, and a parent on this server must have that event hash and
    state hash at that seq."""
    seq = first["seq"]
    parent = first["data"].get("parent")
    if not isinstance(parent, dict) or parent.get("seq") != seq:
        return Fault(seq, "the branch's first event does not name its parent's seq")
    carried = first["data"].get("state")
    if check_states and engine.state_hash(carried) != parent.get("state_hash"):
        return Fault(seq, "the state the branch starts from is not the parent's at the fork")
    if str(game.parent_id) != str(parent.get("game")) or game.fork_seq != seq:
        return Fault(seq, "the game's parent or fork seq does not match its first event")
    found = (
        Event.objects.filter(game_id=game.parent_id, seq=seq).values("hash", "state_hash").first()
        if Game.objects.filter(pk=game.parent_id).exists()
        else None
    )
    if found is None:
        if Game.objects.filter(pk=game.parent_id).exists():
            return Fault(seq, f"the parent game {game.parent_id} has no seq {seq}")
        return None  # the parent is on another server: the log's own lineage held above
    if found["hash"] != parent.get("hash"):
        return Fault(seq, f"the parent game {game.parent_id} has another event hash at seq {seq}")
    if found["state_hash"] != parent.get("state_hash"):
        return Fault(seq, f"the parent game {game.parent_id} has another state hash at seq {seq}")
    return None


def parent_here(game: Game) -> bool:
    """Whether a branch's parent game is on this server (its lineage checked against it)."""
    return game.parent_id is not None and Game.objects.filter(pk=game.parent_id).exists()
