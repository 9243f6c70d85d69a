"""Rebuilding a game's state from its log: newest valid snapshot plus a fold of the tail."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings

from wargame import engine
from wargame.games import store
from wargame.games.models import Game, Snapshot


class _LatestStates:
    """The newest state built of each recently used game, so the next rebuild folds only the
    events appended since. States handed out are shared: callers must not mutate them."""

    def __init__(self, size: int = 256) -> None:
        self._states: OrderedDict[str, dict] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get(self, game_id: object) -> dict | None:
        with self._lock:
            state = self._states.get(str(game_id))
            if state is not None:
                self._states.move_to_end(str(game_id))
            return state

    def put(self, game_id: object, state: dict) -> None:
        with self._lock:
            current = self._states.get(str(game_id))
            if current is None or current["seq"] < state["seq"]:
                self._states[str(game_id)] = state
                self._states.move_to_end(str(game_id))
            while len(self._states) > self._size:
                self._states.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._states.clear()


latest_states = _LatestStates()


def load_state(game_id: object, *, at_seq: int | None = None, private: bool = False) -> dict | None:
    """The game's state after ``at_seq`` (default: the head), or None for an empty log.

    The result may be shared with other callers: treat it as read-only, unless ``private``
    asks for a state of the caller's own to change.
    """
    cached = latest_states.get(game_id)
    if cached is not None and (at_seq is None or at_seq >= cached["seq"]):
        tail = store.read_events(game_id=game_id, after=cached["seq"], upto=at_seq)
        if not tail:
            return engine.fold(cached, ()) if private else cached  # folding nothing copies
        state = engine.fold(cached, tail)
        if not private:
            latest_states.put(game_id, state)
        return state
    state = _from_snapshot(game_id, at_seq)
    if state is not None and at_seq is None and not private:
        latest_states.put(game_id, state)
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


def snapshot_due(before_seq: int, after_seq: int) -> bool:
    every = settings.WARGAME_SNAPSHOT_EVERY
    return every > 0 and after_seq // every > before_seq // every


def save_snapshot(game_id: object, state: dict) -> None:
    Snapshot.objects.get_or_create(
        game_id=game_id,
        seq=state["seq"],
        engine_version=engine.ENGINE_VERSION,
        defaults={"state": state, "state_hash": engine.state_hash(state)},
    )


@dataclass(frozen=True)
class Fault:
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"seq {self.seq}: {self.reason}"


def verify_game(game: Game) -> Fault | None:
    """The first event at which the chain or a recorded state hash does not hold, if any."""
    events = store.read_events(game_id=game.id)
    broken = store.first_broken_link(events)
    if broken is not None:
        return Fault(*broken)
    steps = engine.fold_steps(None, events)
    for event in events:
        try:
            state = next(steps)
        except Exception as exc:  # a corrupt row can make any rule fail; report where
            return Fault(event["seq"], f"the event does not fold: {exc}")
        if event["state_hash"] and engine.state_hash(state) != event["state_hash"]:
            return Fault(event["seq"], "rebuilding gives another state than the one recorded")
    if events and (game.seq != events[-1]["seq"] or game.head_hash != events[-1]["hash"]):
        return Fault(game.seq, "the game's head does not match its last event")
    return None
