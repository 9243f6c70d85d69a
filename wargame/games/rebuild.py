"""Rebuilding a game's state from its log: newest valid snapshot plus a fold of the tail."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from wargame import engine
from wargame.games import store
from wargame.games.models import Game, Snapshot


def load_state(game_id: object, *, at_seq: int | None = None) -> dict | None:
    """The game's state after ``at_seq`` (default: the head), or None for an empty log."""
    snapshots = Snapshot.objects.filter(game_id=game_id, engine_version=engine.ENGINE_VERSION)
    if at_seq is not None:
        snapshots = snapshots.filter(seq__lte=at_seq)
    snapshot = snapshots.order_by("-seq").only("seq", "state").first()
    state = snapshot.state if snapshot is not None else None
    after = snapshot.seq if snapshot is not None else 0
    tail = store.read_events(game_id=game_id, after=after, upto=at_seq)
    if not tail:
        return state
    return engine.fold(state, tail)


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
    state = None
    for event in events:
        try:
            state = engine.evolve(state, event)
        except Exception as exc:  # a corrupt row can make any rule fail; report where
            return Fault(event["seq"], f"the event does not fold: {exc}")
        if event["state_hash"] and engine.state_hash(state) != event["state_hash"]:
            return Fault(event["seq"], "rebuilding gives another state than the one recorded")
    if events and (game.seq != events[-1]["seq"] or game.head_hash != events[-1]["hash"]):
        return Fault(game.seq, "the game's head does not match its last event")
    return None
