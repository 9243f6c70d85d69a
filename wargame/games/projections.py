"""Each role's view of a game at a seq, computed once per (game, seq, role) in a process.

A hundred sockets of one role in one game cost one projection and one JSON encoding per seq.
Views are complete in themselves, so a cached view is always safe to send as it is. Beside each
view is the change from the role's view this process built before it (view_changes.py): what
sockets that showed that one are sent, encoded once too. The cache
holds each view encoded, as one bytes object, not as the thousands of dicts and lists it was
built from: a long-running server's garbage collector then has that much less to walk.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

import orjson
from django.conf import settings

from wargame import engine
from wargame.games import rebuild, view_changes


@dataclass(frozen=True)
class Change:
    """What changed in a role's view from the view at ``base`` (the one this process built
    before) to the view it belongs to: a socket frame, encoded once."""

    base: int
    frame: str  # {"type": "change", "base", "seq", "digest", "ops"}


@dataclass(frozen=True)
class RoleView:
    seq: int
    role: str
    encoded: bytes  # the view as canonical JSON
    digest: str  # view_changes.digest of the view: changes exactly when its contents change
    change: Change | None = None  # from the view this process built before, if it had one

    @property
    def view(self) -> dict:
        """The view as a dict, decoded afresh (the caller's own to read or change)."""
        return orjson.loads(self.encoded)

    @cached_property
    def frame(self) -> str:
        """The socket frame ``{"type": "state", "seq", "digest", "view"}``, encoded once per
        (game, seq, role) and sent as it is: the server's time travels in heartbeats."""
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


def _weight(role_view: RoleView) -> int:
    # The encoded view, the state frame made from it once a socket sends it, and the change.
    change = role_view.change
    return 2 * len(role_view.encoded) + (len(change.frame) if change is not None else 0)


class _ViewCache:
    """The newest views, bounded by count and by bytes: a long game's views grow with its
    timeline, and two thousand views of a game ten thousand events long would hold gigabytes
    (found by bench/bench_soak.py)."""

    def __init__(self, size: int = 2048, max_bytes: int | None = None) -> None:
        self._views: OrderedDict[tuple[str, int, str], RoleView] = OrderedDict()
        self._size = size
        self._max_bytes = max_bytes
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int, str]) -> RoleView | None:
        with self._lock:
            found = self._views.get(key)
            if found is not None:
                self._views.move_to_end(key)
            return found

    def put(self, key: tuple[str, int, str], role_view: RoleView) -> None:
        limit = (
            self._max_bytes if self._max_bytes is not None else settings.WARGAME_VIEW_CACHE_BYTES
        )
        with self._lock:
            previous = self._views.pop(key, None)
            if previous is not None:
                self._bytes -= _weight(previous)
            self._views[key] = role_view
            self._bytes += _weight(role_view)
            while len(self._views) > self._size or (self._bytes > limit and len(self._views) > 1):
                _, evicted = self._views.popitem(last=False)
                self._bytes -= _weight(evicted)

    @property
    def bytes(self) -> int:
        return self._bytes


views = _ViewCache()


def cached_role_view(game_id: object, role: str, *, min_seq: int) -> RoleView | None:
    """What ``role`` sees of the newest state this process holds, if it is at ``min_seq`` or
    later; None when the log must be read first. No database access: an event loop may call it.
    """
    state = rebuild.latest_states.get(game_id)
    if state is None or state["seq"] < min_seq:
        return None
    journal = rebuild.journals.get(game_id)
    if journal is None or journal.seq < state["seq"]:
        return None
    return _view_of(game_id, state, role, journal.entries)


def role_view(game_id: object, role: str, *, at_seq: int | None = None) -> RoleView:
    """What ``role`` sees of the game at ``at_seq`` (default: now)."""
    state = rebuild.load_state(game_id, at_seq=at_seq)
    if state is None:
        return RoleView(seq=0, role=role, encoded=b"{}", digest=view_changes.digest({}))
    key = (str(game_id), state["seq"], role)
    return views.get(key) or _view_of(
        game_id, state, role, rebuild.load_journal(game_id, state["seq"])
    )


# The newest seq this process built a view of, per (game, role): the base of the next change.
_newest: dict[tuple[str, str], int] = {}
_chain_lock = threading.Lock()


def _view_of(game_id: object, state: dict, role: str, journal: engine.Journal) -> RoleView:
    key = (str(game_id), state["seq"], role)
    found = views.get(key)
    if found is not None:
        return found
    shown = engine.view(state, role, journal)
    encoded = engine.canonical_json(shown)
    digest = view_changes.digest(shown)
    with _chain_lock:  # one change per (game, seq, role), from the view built before it
        found = views.get(key)
        if found is not None:
            return found
        change = None
        newest = _newest.get(key[::2])
        if newest is not None and newest < state["seq"]:
            base = views.get((key[0], newest, role))
            if base is not None:
                change = _change(base, shown, state["seq"], digest)
        found = RoleView(seq=state["seq"], role=role, encoded=encoded, digest=digest, change=change)
        views.put(key, found)
        if newest is None or newest < state["seq"]:
            if len(_newest) > 100_000:  # games long finished
                _newest.clear()
            _newest[key[::2]] = state["seq"]
    return found


def _change(base: RoleView, shown: dict, seq: int, digest: str) -> Change:
    ops = engine.canonical_json(view_changes.diff(base.view, shown))
    head = f'{{"type":"change","base":{base.seq},"seq":{seq},"digest":"{digest}","ops":'
    frame = head + ops.decode() + "}"
    return Change(base=base.seq, frame=frame)


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
        if size > len(current.encoded):
            return None
        if change.base == since:
            break
        view = views.get((str(game_id), change.base, current.role))
        if view is None:
            return None
    frames.reverse()
    return frames
