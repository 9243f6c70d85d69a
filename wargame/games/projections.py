"""Each role's view of a game at a seq, computed once per (game, seq, role) in a process.

A hundred sockets of one role in one game cost one projection and one JSON encoding per seq.
Views are complete in themselves, so a cached view is always safe to send as it is. The cache
holds each view encoded, as one bytes object, not as the thousands of dicts and lists it was
built from: a long-running server's garbage collector then has that much less to walk.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

import orjson
from django.conf import settings

from wargame import engine
from wargame.games import rebuild


@dataclass(frozen=True)
class RoleView:
    seq: int
    role: str
    encoded: bytes  # the view as canonical JSON
    digest: str  # changes exactly when the view's contents change

    @property
    def view(self) -> dict:
        """The view as a dict, decoded afresh (the caller's own to read or change)."""
        return orjson.loads(self.encoded)

    @cached_property
    def _message_tail(self) -> str:
        """The socket message after its server time: ``, "view"}``, encoded once."""
        return f'","view":{self.encoded.decode()}}}'

    def message(self) -> str:
        """The socket message ``{"type": "state", "seq", "server_time", "view"}``: the view is
        encoded once per (game, seq, role) and the time of sending spliced in before it."""
        head = f'{{"type":"state","seq":{self.seq},"server_time":"'
        return head + server_time() + self._message_tail

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
    # The encoded view, and the socket message made from it once a socket sends it.
    return 2 * len(role_view.encoded)


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
        return RoleView(seq=0, role=role, encoded=b"{}", digest="")
    key = (str(game_id), state["seq"], role)
    return views.get(key) or _view_of(
        game_id, state, role, rebuild.load_journal(game_id, state["seq"])
    )


def _view_of(game_id: object, state: dict, role: str, journal: engine.Journal) -> RoleView:
    key = (str(game_id), state["seq"], role)
    found = views.get(key)
    if found is None:
        encoded = engine.canonical_json(engine.view(state, role, journal))
        digest = hashlib.sha256(encoded).hexdigest()
        found = RoleView(seq=state["seq"], role=role, encoded=encoded, digest=digest)
        views.put(key, found)
    return found
