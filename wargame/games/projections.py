"""Each role's view of a game at a seq, computed once per (game, seq, role) in a process.

A hundred sockets of one role in one game cost one projection and one JSON encoding per seq.
Views are complete in themselves, so a cached view is always safe to send as it is.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from wargame import engine
from wargame.games import rebuild


@dataclass(frozen=True)
class RoleView:
    seq: int
    role: str
    view: dict
    digest: str  # changes exactly when the view's contents change
    _message: list = field(default_factory=list, repr=False, compare=False)

    @property
    def message(self) -> str:
        """The socket message ``{"type": "state", "seq", "view"}``, encoded once."""
        if not self._message:
            self._message.append(
                json.dumps(
                    {"type": "state", "seq": self.seq, "view": self.view}, ensure_ascii=False
                )
            )
        return self._message[0]


class _ViewCache:
    def __init__(self, size: int = 2048) -> None:
        self._views: OrderedDict[tuple[str, int, str], RoleView] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()
        self.computed = 0  # how many views were built rather than found: for tests and benches

    def get(self, key: tuple[str, int, str]) -> RoleView | None:
        with self._lock:
            found = self._views.get(key)
            if found is not None:
                self._views.move_to_end(key)
            return found

    def put(self, key: tuple[str, int, str], role_view: RoleView) -> None:
        with self._lock:
            self._views[key] = role_view
            self.computed += 1
            while len(self._views) > self._size:
                self._views.popitem(last=False)


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
        return RoleView(seq=0, role=role, view={}, digest="")
    key = (str(game_id), state["seq"], role)
    return views.get(key) or _view_of(
        game_id, state, role, rebuild.load_journal(game_id, state["seq"])
    )


def _view_of(game_id: object, state: dict, role: str, journal: engine.Journal) -> RoleView:
    key = (str(game_id), state["seq"], role)
    found = views.get(key)
    if found is None:
        view = engine.view(state, role, journal)
        digest = hashlib.sha256(engine.canonical_json(view)).hexdigest()
        found = RoleView(seq=state["seq"], role=role, view=view, digest=digest)
        views.put(key, found)
    return found
