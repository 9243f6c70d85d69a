"""The event store: the one place that appends to a game's log, and reads it back.

An append is atomic and optimistic: the caller passes the seq its decision was based on, and a
stale seq raises :class:`StaleSeq` so the caller can decide again. A repeated idempotency key
returns the events the first call appended and appends nothing. Each event's hash covers the
previous event's hash and the event's canonical JSON, so the log is a hash chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import IntegrityError, transaction

from wargame.engine import canonical_json
from wargame.games.models import Event, Game

GENESIS_HASH = "0" * 64
SCHEMA_VERSION = 1


class StaleSeq(Exception):
    """The log moved on since the caller read it; decide again at ``current_seq``."""

    def __init__(self, *, expected_seq: int, current_seq: int) -> None:
        super().__init__(f"expected seq {expected_seq}, the log is at {current_seq}")
        self.expected_seq = expected_seq
        self.current_seq = current_seq


@dataclass(frozen=True)
class AppendResult:
    events: list[dict]
    replayed: bool  # True when the idempotency key had been seen: nothing was appended


def event_hash(prev_hash: str, record: dict) -> str:
    """The chain hash of one event: SHA-256 over the previous hash and the canonical record."""
    digest = hashlib.sha256(prev_hash.encode("ascii"))
    digest.update(canonical_json(record))
    return digest.hexdigest()


def chain_record(event: dict) -> dict:
    """The part of a stored event that the chain hash covers."""
    return {
        "seq": event["seq"],
        "type": event["type"],
        "schema_version": event["schema_version"],
        "actor": event["actor"],
        "at": event["at"],
        "data": event["data"],
        "audience": event["audience"],
        "state_hash": event["state_hash"],
    }


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def to_dict(row: Event) -> dict:
    """A stored event as plain data: the shape the engine folds and the API projects."""
    return {
        "seq": row.seq,
        "type": row.type,
        "schema_version": row.schema_version,
        "actor": {"role": row.actor_role, "name": row.actor_name},
        "at": format_time(row.recorded_at),
        "data": row.data,
        "audience": row.audience,
        "state_hash": row.state_hash,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def lock_game(*, game_id: object) -> None:
    """Hold the game's write lock until the surrounding transaction ends.

    PostgreSQL locks the game row; SQLite's transactions begin IMMEDIATE, which already holds the
    database's write lock from the first statement.
    """
    Game.objects.select_for_update().filter(pk=game_id).values_list("pk", flat=True).first()


def append(
    *,
    game_id: object,
    expected_seq: int,
    drafts: Sequence[dict],
    idempotency_key: str | None = None,
    state_hashes: Sequence[str] | None = None,
    summary: dict | None = None,
) -> AppendResult:
    """Append ``drafts`` to the game's log as one atomic batch after ``expected_seq``.

    A draft is ``{"type", "data", "audience", "actor", "at"}``. ``state_hashes`` (one per draft)
    records the state hash after each event; ``summary`` updates the game's summary columns
    (status, turn, phase, replay_open).
    """
    if not drafts:
        raise ValueError("append needs at least one event")
    if state_hashes is not None and len(state_hashes) != len(drafts):
        raise ValueError("one state hash per event")
    try:
        with transaction.atomic():
            game = Game.objects.select_for_update().get(pk=game_id)
            if idempotency_key is not None:
                first = Event.objects.filter(game=game, idempotency_key=idempotency_key).first()
                if first is not None:
                    return AppendResult(events=_batch(game, first.batch), replayed=True)
            if game.seq != expected_seq:
                raise StaleSeq(expected_seq=expected_seq, current_seq=game.seq)
            rows, records = _rows(game, drafts, idempotency_key, state_hashes)
            Event.objects.bulk_create(rows)
            game.seq = rows[-1].seq
            game.head_hash = rows[-1].hash
            fields = ["seq", "head_hash"]
            for name, value in (summary or {}).items():
                setattr(game, name, value)
                fields.append(name)
            game.save(update_fields=fields)
    except IntegrityError:
        # The unique (game, seq) or (game, key) index caught a writer that the row lock did not
        # (a second process on a database without row locks): report it like any stale seq.
        current = Game.objects.values_list("seq", flat=True).get(pk=game_id)
        if idempotency_key is not None:
            first = Event.objects.filter(game_id=game_id, idempotency_key=idempotency_key).first()
            if first is not None:
                return AppendResult(events=_batch(first.game, first.batch), replayed=True)
        raise StaleSeq(expected_seq=expected_seq, current_seq=current) from None
    return AppendResult(events=records, replayed=False)


def _rows(
    game: Game,
    drafts: Sequence[dict],
    idempotency_key: str | None,
    state_hashes: Sequence[str] | None,
) -> tuple[list[Event], list[dict]]:
    prev = game.head_hash or GENESIS_HASH
    now = datetime.now(UTC)
    batch = game.seq + 1
    rows, records = [], []
    for index, draft in enumerate(drafts):
        seq = game.seq + 1 + index
        at = draft.get("at") or format_time(now)
        recorded_at = datetime.fromisoformat(at.replace("Z", "+00:00"))
        actor = draft.get("actor") or {"role": "control", "name": None}
        record = {
            "seq": seq,
            "type": draft["type"],
            "schema_version": SCHEMA_VERSION,
            "actor": {"role": actor["role"], "name": actor.get("name")},
            "at": format_time(recorded_at),
            "data": draft.get("data", {}),
            "audience": draft.get("audience", "all"),
            "state_hash": state_hashes[index] if state_hashes is not None else "",
        }
        digest = event_hash(prev, record)
        rows.append(
            Event(
                game=game,
                seq=seq,
                type=record["type"],
                schema_version=SCHEMA_VERSION,
                data=record["data"],
                actor_role=record["actor"]["role"],
                actor_name=record["actor"]["name"],
                audience=record["audience"],
                idempotency_key=idempotency_key if index == 0 else None,
                batch=batch,
                recorded_at=recorded_at,
                prev_hash=prev,
                hash=digest,
                state_hash=record["state_hash"],
            )
        )
        records.append({**record, "prev_hash": prev, "hash": digest})
        prev = digest
    return rows, records


def _batch(game: Game, first_seq: int) -> list[dict]:
    return [
        to_dict(row) for row in Event.objects.filter(game=game, batch=first_seq).order_by("seq")
    ]


def find_batch(*, game_id: object, idempotency_key: str) -> list[dict]:
    """The events a command with this idempotency key appended, or [] if it never ran."""
    first = Event.objects.filter(game_id=game_id, idempotency_key=idempotency_key).first()
    return _batch(first.game, first.batch) if first is not None else []


def read_events(*, game_id: object, after: int = 0, upto: int | None = None) -> list[dict]:
    """The game's events with ``after < seq <= upto``, in order."""
    rows = Event.objects.filter(game_id=game_id, seq__gt=after)
    if upto is not None:
        rows = rows.filter(seq__lte=upto)
    return [to_dict(row) for row in rows.order_by("seq").iterator(chunk_size=2000)]


def iter_events(*, game_id: object, after: int = 0, upto: int | None = None) -> Iterable[dict]:
    """Like :func:`read_events`, streaming, for logs too long to hold twice in memory."""
    rows = Event.objects.filter(game_id=game_id, seq__gt=after)
    if upto is not None:
        rows = rows.filter(seq__lte=upto)
    for row in rows.order_by("seq").iterator(chunk_size=2000):
        yield to_dict(row)


def first_broken_link(events: Iterable[dict]) -> tuple[int, str] | None:
    """The first event whose seq, previous hash or own hash does not hold, with the reason."""
    prev = GENESIS_HASH
    expected_seq = 1
    for event in events:
        if event["seq"] != expected_seq:
            return expected_seq, f"seq {expected_seq} is missing (found {event['seq']})"
        if event["prev_hash"] != prev:
            return event["seq"], "its previous hash does not match the event before it"
        if event_hash(prev, chain_record(event)) != event["hash"]:
            return event["seq"], "its contents do not match its hash"
        prev = event["hash"]
        expected_seq += 1
    return None


class ImportRefused(Exception):
    """An exported log that does not hold together; ``seq`` names the first bad event."""

    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"seq {seq}: {reason}")
        self.seq = seq
        self.reason = reason


def import_events(*, game: Game, events: Sequence[dict]) -> None:
    """Copy an exported log into ``game`` (new and empty) exactly as it was recorded.

    The chain is checked first: a log whose links or hashes do not hold is refused whole.
    """
    broken = first_broken_link(events)
    if broken is not None:
        raise ImportRefused(*broken)
    if not events:
        raise ImportRefused(1, "the log is empty")
    rows = []
    for event in events:
        recorded_at = datetime.fromisoformat(event["at"].replace("Z", "+00:00"))
        rows.append(
            Event(
                game=game,
                seq=event["seq"],
                type=event["type"],
                schema_version=event["schema_version"],
                data=event["data"],
                actor_role=event["actor"]["role"],
                actor_name=event["actor"].get("name"),
                audience=event["audience"],
                idempotency_key=None,
                batch=event["seq"],
                recorded_at=recorded_at,
                prev_hash=event["prev_hash"],
                hash=event["hash"],
                state_hash=event["state_hash"],
            )
        )
    with transaction.atomic():
        locked = Game.objects.select_for_update().get(pk=game.pk)
        if locked.seq != 0:
            raise ImportRefused(1, "the game to import into is not empty")
        Event.objects.bulk_create(rows, batch_size=1000)
        locked.seq = events[-1]["seq"]
        locked.head_hash = events[-1]["hash"]
        locked.save(update_fields=["seq", "head_hash"])
