"""Each role's view of a game at a seq, and the change from the role's view before it, computed
once per (game, seq, role) in a process.

A hundred sockets of one role in one game cost one change per seq, encoded once. A change is
built from what is new, not from the whole view (docs/protocol.md, "Change frames"): a view is
the state's parts (the game, moves, adjudications, indicators, ...) and the journal's lists
(the timeline, messages and notes). Per (game, role) a builder keeps the newest view's parts
encoded and its journal lists as the encodings of their items; for the next seq it appends the
items of the new journal entries the role may see (``engine.journal_view``), and builds the
state's parts again only if the state moved in anything a view reads, sending only those that
changed. The cost of a message or a note is then that of the message or the note, whatever the
length of the game. When what a role may see of the journal changes (the record is opened),
or the builder or the view it was at is no longer held, the whole view is built and diffed as
before. Either way the change is the same: the diff of the two whole views (a test plays
whole games to show it), and the digest is computed from the parts' hashes.

Views are held encoded, as bytes, not as the thousands of dicts and lists they were built
from: a long-running server's garbage collector then has that much less to walk. A view built
from a builder holds its parts and assembles its bytes when a socket or a request needs the
whole of it.
"""

from __future__ import annotations

import bisect
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from operator import itemgetter

import orjson

from wargame import engine
from wargame.games import caches, rebuild, view_changes

# The lists of a view that come from the journal: they only grow while a role sees the same
# of the journal.
JOURNAL_KEYS = frozenset({"timeline", "messages", "notes"})
# What a state holds that no view reads (the view's "seq" is the state's, and moves anyway).
_NOT_VIEWED = frozenset({"seq", "counters", "rng"})


@dataclass(frozen=True)
class Change:
    """What changed in a role's view from the view at ``base`` (the one this process built
    before) to the view it belongs to: a socket frame, encoded once."""

    base: int
    frame: str  # {"type": "change", "base", "seq", "digest", "ops"}


class _ListAt:
    """One journal list of a view as it was at its seq: the first ``n`` chunks of the list's
    builder (chunks are only ever appended)."""

    __slots__ = ("chunks", "n", "size")

    def __init__(self, chunks: list[bytes], n: int, size: int) -> None:
        self.chunks, self.n, self.size = chunks, n, size

    def encoded(self) -> bytes:
        return b"[" + b",".join(self.chunks[: self.n]) + b"]"


class RoleView:
    """What one role sees of a game at one seq: its digest, the change from the role's view
    before it (if this process built that one), and the view's canonical JSON, held whole or
    as its parts."""

    __slots__ = ("_encoded", "_parts", "change", "digest", "role", "seq", "size", "weight")

    def __init__(
        self,
        seq: int,
        role: str,
        digest: str,
        *,
        encoded: bytes | None = None,
        parts: dict[str, bytes | _ListAt] | None = None,
        change: Change | None = None,
        fresh: int = 0,
    ) -> None:
        self.seq, self.role, self.digest, self.change = seq, role, digest, change
        self._encoded, self._parts = encoded, parts
        if encoded is not None:
            self.size = len(encoded)
            own = 2 * len(encoded)  # the bytes, and the state frame a socket makes of them
        else:
            assert parts is not None
            self.size = 1 + sum(
                len(key) + 4 + (len(part) if isinstance(part, bytes) else part.size)
                for key, part in parts.items()
            )
            own = fresh  # the parts encoded for this seq; the rest is shared with its base
        self.weight = own + (len(change.frame) if change is not None else 0)

    @property
    def encoded(self) -> bytes:
        """The view as canonical JSON (sorted keys, no spaces)."""
        if self._encoded is not None:
            return self._encoded
        assert self._parts is not None
        pieces = []
        for key in sorted(self._parts):
            part = self._parts[key]
            pieces.append(
                b'"%s":%s' % (key.encode(), part if isinstance(part, bytes) else part.encoded())
            )
        return b"{" + b",".join(pieces) + b"}"

    @property
    def view(self) -> dict:
        """The view as a dict, decoded afresh (the caller's own to read or change)."""
        return orjson.loads(self.encoded)

    @property
    def frame(self) -> str:
        """The socket frame ``{"type": "state", "seq", "digest", "view"}``, sent as it is: the
        server's time travels in heartbeats."""
        head = f'{{"type":"state","seq":{self.seq},"digest":"{self.digest}","view":'
        return head + self.encoded.decode() + "}"

    def response_body(self) -> bytes:
        """The body of ``GET /state/``: ``{"seq", "role", "server_time", "view"}``."""
        return b'{"seq":%d,"role":%s,"server_time":"%s","view":%s}' % (
            self.seq,
            orjson.dumps(self.role),
            server_time().encode(),
            self.encoded,
        )


def server_time() -> str:
    """The server's clock as ISO-8601 UTC with milliseconds (``2026-05-01T09:30:00.123Z``), sent
    with every state, heartbeat and pong so that a page can correct its clock's offset."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class _Listed:
    """One journal list of a role's newest view, held as the encodings of its items: one
    chunk per seq that added any (their encodings joined by commas), and the running hash."""

    __slots__ = ("bytes", "chunks", "count", "hash")

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.count = 0
        self.bytes = 0
        self.hash = view_changes.list_hash()

    def add(self, items: list) -> int:
        """Append ``items``; the bytes they take."""
        encoded = [engine.kept_json(item) for item in items]
        hashes = b"".join(
            view_changes.value_hash(item, text).to_bytes(4, "little")
            for item, text in zip(items, encoded, strict=True)
        )
        self.hash = view_changes.list_hash(hashes, self.hash)
        chunk = b",".join(encoded)
        self.chunks.append(chunk)
        self.count += len(items)
        self.bytes += len(chunk)
        return len(chunk)

    def at(self) -> _ListAt:
        n = len(self.chunks)
        return _ListAt(self.chunks, n, 2 + self.bytes + max(0, n - 1))


@dataclass(frozen=True)
class _Builder:
    """What the next change of one role's view is built from: the newest view this process
    built of it, by parts (docs in the module's)."""

    seq: int
    full: bool  # whether the role sees the whole journal (control, or the record is open)
    state: dict  # the state it was built from (shared, read-only)
    order: tuple[str, ...]  # the view's keys, in the order a diff of whole views visits them
    parts: dict[str, bytes]  # the state's parts, encoded
    hashes: dict[str, int]  # every part's hash, for the digest
    lists: dict[str, _Listed]  # the journal's lists

    @property
    def weight(self) -> int:
        return sum(map(len, self.parts.values())) + sum(x.bytes for x in self.lists.values())

    def role_view(self, role: str, digest: str, change: Change | None, fresh: int) -> RoleView:
        parts: dict[str, bytes | _ListAt] = dict(self.parts)
        parts.update((key, listed.at()) for key, listed in self.lists.items())
        return RoleView(self.seq, role, digest, parts=parts, change=change, fresh=fresh)


def cached_role_view(game_id: object, role: str, *, min_seq: int) -> RoleView | None:
    """What ``role`` sees of the newest state this process holds, if it is at ``min_seq`` or
    later; None when the log must be read first. No database access: an event loop may call it.
    """
    state = caches.latest_states.get(game_id)
    if state is None or state["seq"] < min_seq:
        return None
    journal = caches.journals.get(game_id)
    if journal is None or journal.seq < state["seq"]:
        return None
    return view_of(game_id, state, role, journal.entries)


def role_view(game_id: object, role: str, *, at_seq: int | None = None) -> RoleView:
    """What ``role`` sees of the game at ``at_seq`` (default: now)."""
    state = rebuild.load_state(game_id, at_seq=at_seq)
    if state is None:
        return RoleView(0, role, view_changes.digest({}), encoded=b"{}")
    key = (str(game_id), state["seq"], role)
    return caches.views.get(key) or view_of(
        game_id, state, role, rebuild.load_journal(game_id, state["seq"])
    )


# One builder moves at a time: the change of each (game, seq, role) is built once.
_lock = threading.Lock()


def view_of(game_id: object, state: dict, role: str, journal: engine.Journal) -> RoleView:
    """What ``role`` sees of ``state`` (a state of the game this process holds, shared and
    read-only), ``journal`` holding its entries at least up to the state's seq; with the change
    from the role's view this process built before, when the state is newer than that one."""
    key = (str(game_id), state["seq"], role)
    found = caches.views.get(key)
    if found is not None:
        return found
    with _lock:
        found = caches.views.get(key)
        if found is not None:
            return found
        builder = caches.builders.get(key[::2])
        if builder is not None and builder.seq >= state["seq"]:
            # A view of the past (a replay): whole, with no change.
            shown = engine.view(state, role, journal)
            encoded = engine.kept_json(shown)
            found = RoleView(state["seq"], role, view_changes.digest(shown), encoded=encoded)
        else:
            base = caches.views.get((key[0], builder.seq, role)) if builder is not None else None
            full = role == engine.CONTROL or bool(state["record_open"])
            try:
                if builder is not None and base is not None and builder.full == full:
                    builder, ops, fresh = _advance(builder, state, role, journal, key[0])
                    digest = view_changes.object_digest(builder.hashes)
                    found = builder.role_view(
                        role, digest, _change(base.seq, builder.seq, ops, digest), fresh
                    )
                else:
                    builder, found = _start(state, role, journal, full, base)
            except BaseException:
                caches.builders.pop(key[::2])  # its lists may hold part of a change
                raise
            caches.builders.put(key[::2], builder)
        caches.views.put(key, found)
    return found


def _advance(
    builder: _Builder, state: dict, role: str, journal: engine.Journal, game: str
) -> tuple[_Builder, list[list], int]:
    """The builder at ``state``'s seq, the operations from its view to the new one (those a
    diff of the two whole views gives, in the same order), and the bytes encoded for it."""
    moved = _state_moved(game, builder.state, state)
    shown = engine.view(state, role) if moved else {"seq": state["seq"]}
    start = bisect.bisect_right(journal, builder.seq, key=_seq_of)
    added = engine.journal_view(state, role, journal, start)
    ops: list[list] = []
    parts, hashes = dict(builder.parts), dict(builder.hashes)
    fresh = 0
    for key in builder.order:
        listed = builder.lists.get(key)
        if listed is not None:
            items = added[key]
            if items:
                ops.append(["x", [key], listed.count, 0, items])
                fresh += listed.add(items)
                hashes[key] = listed.hash
            continue
        if key not in shown:
            continue
        value = shown[key]
        encoded = engine.kept_json(value)
        if encoded == parts[key]:
            continue  # the same bytes: the same value, to a diff as to the digest
        view_changes.diff_into(orjson.loads(parts[key]), value, [key], ops)
        parts[key] = encoded
        hashes[key] = view_changes.value_hash(value, encoded)
        fresh += len(encoded)
    advanced = _Builder(
        state["seq"], builder.full, state, builder.order, parts, hashes, builder.lists
    )
    return advanced, ops, fresh


def _start(
    state: dict, role: str, journal: engine.Journal, full: bool, base: RoleView | None
) -> tuple[_Builder, RoleView]:
    """A builder from the whole view at ``state``'s seq, and that view with the change from
    ``base`` (the role's view this process built before, if it still holds it)."""
    shown = engine.view(state, role, journal)
    parts: dict[str, bytes] = {}
    hashes: dict[str, int] = {}
    lists: dict[str, _Listed] = {}
    for key, value in shown.items():
        if key in JOURNAL_KEYS:
            listed = lists[key] = _Listed()
            if value:
                listed.add(value)
            hashes[key] = listed.hash
        else:
            encoded = parts[key] = engine.kept_json(value)
            hashes[key] = view_changes.value_hash(value, encoded)
    builder = _Builder(state["seq"], full, state, tuple(shown), parts, hashes, lists)
    digest = view_changes.object_digest(hashes)
    change = None
    if base is not None:
        change = _change(base.seq, builder.seq, view_changes.diff(base.view, shown), digest)
    return builder, builder.role_view(role, digest, change, builder.weight)


# Per game, the seqs of the last two states compared and whether they differ, for its other
# roles: a game's state at a seq is the one its log gives, whichever object holds it.
_compared: dict[str, tuple[int, int, bool]] = {}


def _state_moved(game: str, old: dict, new: dict) -> bool:
    """Whether ``new`` differs from ``old`` in anything a view reads (compared once for all
    the roles of a game that move from one to the other)."""
    if old is new:
        return False
    last = _compared.get(game)
    if last is not None and last[0] == old["seq"] and last[1] == new["seq"]:
        return last[2]
    moved = old.keys() != new.keys() or any(
        value != old[key] for key, value in new.items() if key not in _NOT_VIEWED
    )
    if len(_compared) > 10_000:  # games long finished
        _compared.clear()
    _compared[game] = (old["seq"], new["seq"], moved)
    return moved


_seq_of = itemgetter("seq")


def _change(base: int, seq: int, ops: list[list], digest: str) -> Change:
    head = f'{{"type":"change","base":{base},"seq":{seq},"digest":"{digest}","ops":'
    frame = head + engine.canonical_json(ops).decode() + "}"
    return Change(base=base, frame=frame)


def frames_since(game_id: object, current: RoleView, since: int) -> list[str] | None:
    """The change frames that take a page holding the view at ``since`` to ``current``, oldest
    first; None when this process cannot bridge the gap (a change it never built or no longer
    holds) or when the changes would be longer than the view itself."""
    frames: list[str] = []
    size = 0
    view = current
    while view.seq > since:
        change = view.change
        if change is None or change.base < since:
            return None
        frames.append(change.frame)
        size += len(change.frame)
        if size > current.size:
            return None
        if change.base == since:
            break
        view = caches.views.get((str(game_id), change.base, current.role))
        if view is None:
            return None
    frames.reverse()
    return frames
