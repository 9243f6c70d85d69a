"""The game service: the one write path from a command to the log.

``execute`` loads the state, asks the engine to decide, appends the events with the seq the
decision was based on, retries when another writer got there first, and announces the new seq
once the append is committed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from wargame import engine
from wargame.games import broadcast, rebuild, store
from wargame.games.models import Game, Scenario

# Each retry re-reads the log; this many lost races in a row means something is wrong.
MAX_ATTEMPTS = 50


class CommandRejected(Exception):
    """The engine refused the command; ``rejection`` says why (code, message, kind)."""

    def __init__(self, rejection: engine.Rejection) -> None:
        super().__init__(rejection.message)
        self.rejection = rejection


class Busy(Exception):
    """The command lost the race for the log too many times in a row."""


@dataclass(frozen=True)
class CommandResult:
    seq: int
    events: list[dict]
    replayed: bool
    attempts: int = 1  # how many times the command was decided: 1 + the races it lost


def now() -> str:
    return store.format_time(datetime.now(UTC))


def summary_of(state: dict) -> dict:
    """The game row's summary columns, derived from the state."""
    return {
        "status": state.get("status", "setup"),
        "turn": state.get("turn", 0) or 0,
        "phase": state.get("phase") or "",
    }


def create_game(
    *, scenario: Scenario, title: str, created_by=None, actor_name: str | None = None
) -> Game:
    """A new game whose first events copy the scenario document and seed its random stream."""
    game = Game.objects.create(title=title, scenario=scenario.slug, created_by=created_by)
    drafts = engine.create_game(
        scenario.document,
        title=title,
        seed=secrets.randbits(63),
        actor={"role": "control", "name": actor_name},
        now=now(),
    )
    _append(game, None, drafts, idempotency_key=None)
    game.refresh_from_db()
    return game


def execute(
    *,
    game: Game,
    command: dict,
    actor: dict,
    idempotency_key: str | None = None,
    expected_seq: int | None = None,
) -> CommandResult:
    """Decide ``command`` for ``actor`` on the current state and append what follows.

    With ``expected_seq`` the command is valid only at that seq: a moved log raises
    :class:`store.StaleSeq` instead of deciding again.
    """
    for attempt in range(1, MAX_ATTEMPTS + 1):
        if idempotency_key is not None:
            first = store.find_batch(game_id=game.id, idempotency_key=idempotency_key)
            if first:
                return CommandResult(
                    seq=first[-1]["seq"], events=first, replayed=True, attempts=attempt
                )
        state = rebuild.load_state(game.id)
        seq = state["seq"] if state else 0
        if expected_seq is not None and expected_seq != seq:
            raise store.StaleSeq(expected_seq=expected_seq, current_seq=seq)
        outcome = engine.decide(state, command, actor=actor, now=now())
        if isinstance(outcome, engine.Rejection):
            raise CommandRejected(outcome)
        try:
            result = _append(game, state, outcome, idempotency_key=idempotency_key)
        except store.StaleSeq:
            if expected_seq is not None:
                raise
            continue
        return replace(result, attempts=attempt)
    raise Busy(f"game {game.id} is too busy: try again")


def _append(
    game: Game, state: dict | None, drafts: list[dict], *, idempotency_key: str | None
) -> CommandResult:
    before = state["seq"] if state else 0
    hashes = []
    for offset, draft in enumerate(drafts):
        state = engine.fold(state, [{**draft, "seq": before + 1 + offset}])
        hashes.append(engine.state_hash(state))
    result = store.append(
        game_id=game.id,
        expected_seq=before,
        drafts=drafts,
        idempotency_key=idempotency_key,
        state_hashes=hashes,
        summary=summary_of(state),
        after_commit=lambda seq: broadcast.announce(game.id, seq),
    )
    if not result.replayed and rebuild.snapshot_due(before, state["seq"]):
        rebuild.save_snapshot(game.id, state)
    return CommandResult(
        seq=result.events[-1]["seq"], events=result.events, replayed=result.replayed
    )
