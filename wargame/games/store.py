"""The event store: the one place that appends to a game's log, and reads it back.

An append is atomic and optimistic: the caller passes the seq its decision was based on, and a
stale seq raises :class:`StaleSeq` so the caller can decide again. A repeated idempotency key
returns the events the first call appended and appends nothing. Each event's hash covers the
previous event's hash and the event's canonical JSON, so the log is a hash chain.

Over 400 lines because every statement that writes or reads the events table is here, for both
databases (the append's SQL differs between SQLite and PostgreSQL), with the chain's hashing and
its checks (a branch's chain starts at its fork): one place to read when the log's rules change.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import IntegrityError, connection, models, transaction

from wargame.engine import canonical_json
from wargame.games.models import Event, Game

GENESIS_HASH = "0" * 64
SCHEMA_VERSION = 1


class IdempotencyKeyReused(Exception):
    """The caller used this idempotency key before, for a different command."""


def scoped_key(caller: str | None, key: str) -> str:
    """The stored form of a client's idempotency key: scoped to the caller, so that one caller's
    key never answers another's command (the game scopes it too: unique per game)."""
    digest = hashlib.sha256(f"{caller or '-'}\n{key}".encode()).hexdigest()
    return f"k1:{digest}"


def request_hash(command: object) -> str:
    """SHA-256 of a command's canonical JSON: what a reused key must be sent with again.

    ASCII-escaped, so text the engine will refuse (a lone surrogate) still hashes: the
    command then gets the engine's 400, not an encoding error."""
    text = json.dumps(command, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode("ascii")).hexdigest()


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
        "actor": actor_of(row.actor_role, row.actor_name, row.actor_member, row.actor_bot),
        "at": format_time(row.recorded_at),
        "data": row.data,
        "audience": row.audience,
        "state_hash": row.state_hash,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def actor_of(role: str, name: str | None, member: dict | None = None, bot: bool = False) -> dict:
    """An event's actor: the role and name, the member who acted only when one did, and
    ``"bot": true`` only when a bot did (an actor without them hashes as every event recorded
    before members and bots existed)."""
    actor: dict = {"role": role, "name": name}
    if member is not None:
        actor["member"] = {"id": member["id"], "name": member["name"]}
    if bot:
        actor["bot"] = True
    return actor


def head_seq(game_id: object) -> int:
    """The seq of the game's newest event as the database has it (0: no game or no event)."""
    with connection.cursor() as cursor:
        cursor.execute(_sql().read_head, [_prep(Game, "id", game_id)])
        head = cursor.fetchone()
    return head[0] if head is not None else 0


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
    request_hash: str | None = None,
) -> AppendResult:
    """Append ``drafts`` to the game's log as one atomic batch after ``expected_seq``.

    A draft is ``{"type", "data", "audience", "actor", "at"}``. ``state_hashes`` (one per draft)
    records the state hash after each event; ``summary`` updates the game's summary columns
    (status, turn, phase, replay_open). ``request_hash`` is stored with the key: the same key
    again with another request hash raises :class:`IdempotencyKeyReused`.

    This is the hot path of every command, so it speaks SQL directly: on SQLite it locks and
    reads the head, inserts the batch and moves the head; on PostgreSQL it reads the head and
    then moves it and inserts the batch in one compare-and-set statement. Values still go
    through each model field's own database preparation, as the ORM would store them.
    """
    if not drafts:
        raise ValueError("append needs at least one event")
    if state_hashes is not None and len(state_hashes) != len(drafts):
        raise ValueError("one state hash per event")
    key = _prep(Game, "id", game_id)
    idem = (idempotency_key, request_hash) if idempotency_key is not None else None
    # Within the caller's transaction the key is looked up first: a broken unique index there
    # would abort the caller's whole transaction. Otherwise a key seen before (the service
    # looked before deciding) breaks the unique (game, key) index, caught below, one query less.
    lookup = idem if connection.in_atomic_block else None
    try:
        if connection.vendor == "postgresql":
            records = _append_compare_and_set(
                key, game_id, expected_seq, drafts, idem, lookup, state_hashes, summary
            )
        else:
            records = _append_locked(
                key, game_id, expected_seq, drafts, idem, lookup, state_hashes, summary
            )
        if isinstance(records, AppendResult):
            return records
    except IntegrityError:
        # The unique (game, seq) or (game, key) index caught a writer that the row lock did not
        # (a second process on a database without row locks): report it like any stale seq.
        current = Game.objects.values_list("seq", flat=True).get(pk=game_id)
        if idempotency_key is not None:
            first = find_batch(
                game_id=game_id, idempotency_key=idempotency_key, request_hash=request_hash
            )
            if first:
                return AppendResult(events=first, replayed=True)
        raise StaleSeq(expected_seq=expected_seq, current_seq=current) from None
    return AppendResult(events=records, replayed=False)


def _head(cursor, sql: str, key: object, game_id: object, idem: tuple | None):
    """The head ``(seq, hash)``, or an AppendResult when the idempotency key was seen."""
    cursor.execute(sql, [key])
    head = cursor.fetchone()
    if head is None:
        raise Game.DoesNotExist(f"no game {game_id}")
    if idem is not None:
        cursor.execute(_sql().find_key, [key, idem[0]])
        first = cursor.fetchone()
        if first is not None:
            _check_request(first[1], idem[1])
            return AppendResult(events=_batch(game_id, first[0]), replayed=True)
    return head


def _check_request(stored: str | None, sent: str | None) -> None:
    if stored is not None and sent is not None and stored != sent:
        raise IdempotencyKeyReused("this idempotency key was used before for another command")


def _head_changes(records: list[dict], summary: dict | None) -> dict:
    return {"seq": records[-1]["seq"], "head_hash": records[-1]["hash"], **(summary or {})}


def _append_locked(key, game_id, expected_seq, drafts, idem, lookup, state_hashes, summary):
    """Lock the head, insert, move the head: SQLite, whose write lock the transaction holds."""
    with transaction.atomic(), connection.cursor() as cursor:
        head = _head(cursor, _sql().lock_head, key, game_id, lookup)
        if isinstance(head, AppendResult):
            return head
        seq, head_hash = head
        if seq != expected_seq:
            raise StaleSeq(expected_seq=expected_seq, current_seq=seq)
        records = _records(seq, head_hash, drafts, state_hashes)
        cursor.executemany(
            _sql().insert_event,
            [_event_params(key, record, idem, seq + 1) for record in records],
        )
        changes = _head_changes(records, summary)
        columns = ", ".join(f"{_column(Game, name)} = %s" for name in changes)
        cursor.execute(
            f"UPDATE {Game._meta.db_table} SET {columns} WHERE {_column(Game, 'id')} = %s",
            [*(_prep(Game, name, value) for name, value in changes.items()), key],
        )
    return records


def _append_compare_and_set(
    key, game_id, expected_seq, drafts, idem, lookup, state_hashes, summary
):
    """PostgreSQL: read the head without a lock, then one statement that moves the head only if
    it is still at ``expected_seq`` and inserts the batch with it. Two round trips instead of
    five, and a writer that lost the race never waits on the winner's lock while Python runs.
    """
    with connection.cursor() as cursor:
        head = _head(cursor, _sql().read_head, key, game_id, lookup)
        if isinstance(head, AppendResult):
            return head
        seq, head_hash = head
        if seq != expected_seq:
            raise StaleSeq(expected_seq=expected_seq, current_seq=seq)
        records = _records(seq, head_hash, drafts, state_hashes)
        changes = _head_changes(records, summary)
        rows = [_event_params(key, record, idem, seq + 1) for record in records]
        game, event = Game._meta.db_table, Event._meta.db_table
        assignments = ", ".join(f"{_column(Game, name)} = %s" for name in changes)
        columns = ", ".join(_column(Event, name) for name in _Statements.EVENT_FIELDS)
        row = "(" + ", ".join(_PG_PLACEHOLDERS) + ")"
        cursor.execute(
            f"WITH moved AS (UPDATE {game} SET {assignments} "
            f"WHERE {_column(Game, 'id')} = %s AND {_column(Game, 'seq')} = %s RETURNING 1) "
            f"INSERT INTO {event} ({columns}) SELECT * FROM (VALUES {', '.join([row] * len(rows))})"
            f" AS batch ({columns}) WHERE EXISTS (SELECT 1 FROM moved)",
            [
                *(_prep(Game, name, value) for name, value in changes.items()),
                key,
                expected_seq,
                *(value for values in rows for value in values),
            ],
        )
        if cursor.rowcount == 0:
            cursor.execute(_sql().read_head, [key])
            raise StaleSeq(expected_seq=expected_seq, current_seq=cursor.fetchone()[0])
    return records


def _pg_placeholder(name: str) -> str:
    # A column of VALUES whose every row is NULL (no member acted) is typed text, which a
    # jsonb column refuses: the JSON columns say their type.
    return "%s::jsonb" if isinstance(Event._meta.get_field(name), models.JSONField) else "%s"


def _column(model: type, name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)


def _prep(model: type, name: str, value: object) -> object:
    return model._meta.get_field(name).get_db_prep_save(value, connection)


class _Statements:
    """The append's SQL, built once per database vendor from the models' own table and columns."""

    EVENT_FIELDS = (
        "game",
        "seq",
        "type",
        "schema_version",
        "data",
        "actor_role",
        "actor_name",
        "actor_member",
        "actor_bot",
        "audience",
        "idempotency_key",
        "request_hash",
        "batch",
        "recorded_at",
        "prev_hash",
        "hash",
        "state_hash",
    )

    def __init__(self, vendor: str) -> None:
        game, event = Game._meta.db_table, Event._meta.db_table
        self.read_head = (
            f"SELECT {_column(Game, 'seq')}, {_column(Game, 'head_hash')} FROM {game} "
            f"WHERE {_column(Game, 'id')} = %s"
        )
        lock = " FOR UPDATE" if vendor == "postgresql" else ""
        self.lock_head = self.read_head + lock
        self.find_key = (
            f"SELECT {_column(Event, 'batch')}, {_column(Event, 'request_hash')} FROM {event} "
            f"WHERE {_column(Event, 'game')} = %s AND {_column(Event, 'idempotency_key')} = %s"
        )
        columns = ", ".join(_column(Event, name) for name in self.EVENT_FIELDS)
        values = ", ".join(["%s"] * len(self.EVENT_FIELDS))
        self.insert_event = f"INSERT INTO {event} ({columns}) VALUES ({values})"


_statements: dict[str, _Statements] = {}
_PG_PLACEHOLDERS = [_pg_placeholder(name) for name in _Statements.EVENT_FIELDS]


def _sql() -> _Statements:
    if connection.vendor not in _statements:
        _statements[connection.vendor] = _Statements(connection.vendor)
    return _statements[connection.vendor]


def _records(
    head_seq: int, head_hash: str, drafts: Sequence[dict], state_hashes: Sequence[str] | None
) -> list[dict]:
    """The stored form of each draft, numbered and chained after the head."""
    prev = head_hash or GENESIS_HASH
    now = format_time(datetime.now(UTC))
    records = []
    for index, draft in enumerate(drafts):
        actor = draft.get("actor") or {"role": "control", "name": None}
        record = {
            "seq": head_seq + 1 + index,
            "type": draft["type"],
            "schema_version": SCHEMA_VERSION,
            "actor": actor_of(
                actor["role"], actor.get("name"), actor.get("member"), actor.get("bot") is True
            ),
            "at": format_time(_parse_time(draft.get("at") or now)),
            "data": draft.get("data", {}),
            "audience": draft.get("audience", "all"),
            "state_hash": state_hashes[index] if state_hashes is not None else "",
        }
        digest = event_hash(prev, record)
        records.append({**record, "prev_hash": prev, "hash": digest})
        prev = digest
    return records


def _event_params(game_key: object, record: dict, idem: tuple | None, batch: int) -> list:
    first = idem is not None and record["seq"] == batch
    values = {
        "game": game_key,
        "seq": record["seq"],
        "type": record["type"],
        "schema_version": record["schema_version"],
        "data": record["data"],
        "actor_role": record["actor"]["role"],
        "actor_name": record["actor"]["name"],
        "actor_member": record["actor"].get("member"),
        "actor_bot": record["actor"].get("bot") is True,
        "audience": record["audience"],
        # The key marks the first event of the batch; `batch` names that first seq on every one.
        "idempotency_key": idem[0] if first else None,
        "request_hash": idem[1] if first else None,
        "batch": batch,
        "recorded_at": _parse_time(record["at"]),
        "prev_hash": record["prev_hash"],
        "hash": record["hash"],
        "state_hash": record["state_hash"],
    }
    return [
        _prep(Event, name, values[name]) if name in _ADAPTED else values[name]
        for name in _Statements.EVENT_FIELDS
    ]


# The event's columns whose values the database takes in another form than Python's (JSON text,
# a time in the database's form); the rest are plain numbers, text and flags, passed as they are
# (what their fields' own preparation would give), which spares a dozen field lookups per event.
_ADAPTED = frozenset({"data", "actor_member", "audience", "recorded_at"})


def _parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _batch(game_id: object, first_seq: int) -> list[dict]:
    rows = Event.objects.filter(game_id=game_id, batch=first_seq).order_by("seq")
    return [to_dict(row) for row in rows]


def find_batch(
    *, game_id: object, idempotency_key: str, request_hash: str | None = None
) -> list[dict]:
    """The events a command with this (stored) idempotency key appended, or [] if it never ran.

    With ``request_hash``, a key first used for another command raises
    :class:`IdempotencyKeyReused`.
    """
    with connection.cursor() as cursor:  # on every keyed command: one indexed lookup, no ORM
        cursor.execute(_sql().find_key, [_prep(Game, "id", game_id), idempotency_key])
        first = cursor.fetchone()
    if first is None:
        return []
    _check_request(first[1], request_hash)
    return _batch(game_id, first[0])


def read_events(*, game_id: object, after: int = 0, upto: int | None = None) -> list[dict]:
    """The game's events with ``after < seq <= upto``, in order."""
    return list(iter_events(game_id=game_id, after=after, upto=upto))


def iter_events(*, game_id: object, after: int = 0, upto: int | None = None) -> Iterable[dict]:
    """Like :func:`read_events`, streaming, for logs too long to hold twice in memory."""
    rows = Event.objects.filter(game_id=game_id, seq__gt=after)
    if upto is not None:
        rows = rows.filter(seq__lte=upto)
    for row in rows.order_by("seq").iterator(chunk_size=2000):
        yield to_dict(row)


def chain_start(first: dict) -> tuple[int, str]:
    """The seq a log begins at and the hash its first event follows: seq 1 after the genesis
    hash, or for a branch (``game_branched``) the fork's seq after the parent's event hash
    there, which the event names."""
    if first.get("type") == "game_branched":
        data = first.get("data")
        parent = data.get("parent") if isinstance(data, dict) else None
        return first["seq"], str(parent.get("hash", "")) if isinstance(parent, dict) else ""
    return 1, GENESIS_HASH


def first_event(game_id: object) -> dict | None:
    """The first event of the game's log (seq 1, or a branch's fork seq), or None."""
    row = Event.objects.filter(game_id=game_id).order_by("seq").first()
    return to_dict(row) if row is not None else None


def first_broken_link(events: Iterable[dict]) -> tuple[int, str] | None:
    """The first event whose seq, previous hash or own hash does not hold, with the reason."""
    prev = GENESIS_HASH
    expected_seq = 1
    for index, event in enumerate(events):
        if index == 0:
            expected_seq, prev = chain_start(event)
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
        recorded_at = _parse_time(event["at"])
        rows.append(
            Event(
                game=game,
                seq=event["seq"],
                type=event["type"],
                schema_version=event["schema_version"],
                data=event["data"],
                actor_role=event["actor"]["role"],
                actor_name=event["actor"].get("name"),
                actor_member=event["actor"].get("member"),
                actor_bot=event["actor"].get("bot") is True,
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
