"""What a process keeps of its games between one request and the next, all of it in one place.

Every cache here is a copy of something the log decides: dropping any of them changes no result,
only how much is read and folded again.

- ``latest_states``: the newest state built of each recently used game, so that the next
  command decides on it and the next rebuild folds only the events appended since
  (games/rebuild.py, games/service.py).
- ``journals``: each such game's journal (timeline, messages, notes), kept in step with it.
- ``views``: each role's view at each seq, encoded, with the change frame from the role's view
  the process built before it (games/projections.py), bounded by count and by bytes.
- ``builders``: per (game, role), the encoded parts of the newest view built, from which the
  next change is built out of what is new (games/projections.py).

``committed`` is the one way in after a commit: the service calls it once the command's
events are in the log, before the new seq is announced. ``clear`` forgets everything.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from django.conf import settings

from wargame import engine

T = TypeVar("T")


class _Recent(Generic[T]):
    """The newest value (by seq) of each recently used game, the least recently used dropped
    past ``size``. Values handed out are shared: callers must not mutate them."""

    def __init__(self, seq_of: Callable[[T], int], size: int = 256) -> None:
        self._values: OrderedDict[str, T] = OrderedDict()
        self._seq_of = seq_of
        self._size = size
        self._lock = threading.Lock()

    def get(self, game_id: object) -> T | None:
        with self._lock:
            value = self._values.get(str(game_id))
            if value is not None:
                self._values.move_to_end(str(game_id))
            return value

    def put(self, game_id: object, value: T) -> None:
        with self._lock:
            current = self._values.get(str(game_id))
            if current is None or self._seq_of(current) < self._seq_of(value):
                self._values[str(game_id)] = value
                self._values.move_to_end(str(game_id))
            while len(self._values) > self._size:
                self._values.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


@dataclass
class Journal:
    """A game's journal entries in seq order, complete up to ``seq``.

    The list is only ever extended, never changed, so a reader may keep it while a writer
    extends it: entries past the seq the reader asked for are simply ignored.
    """

    entries: engine.Journal
    seq: int


class _Journals(_Recent[Journal]):
    """The journal of each recently used game, kept in step with its newest state."""

    def __init__(self) -> None:
        super().__init__(lambda journal: journal.seq)

    def extend(self, game_id: object, *, after: int, entries: engine.Journal, seq: int) -> None:
        """Add the entries of the events ``after < s <= seq``, if the journal held here reaches
        ``after`` (those it holds already are skipped); otherwise leave it (a later read folds
        what it lacks)."""
        with self._lock:
            journal = self._values.get(str(game_id))
            if journal is not None and after <= journal.seq < seq:
                journal.entries.extend(e for e in entries if e["seq"] > journal.seq)
                journal.seq = seq  # after the entries: a reader that sees seq sees them

    def copy_of(self, game_id: object) -> Journal | None:
        """A journal of the caller's own to extend: the held one's entries and seq, read
        together under the lock (the entries themselves are shared)."""
        with self._lock:
            journal = self._values.get(str(game_id))
            return None if journal is None else Journal(list(journal.entries), journal.seq)


class Weighed(Protocol):
    @property
    def weight(self) -> int:
        """The bytes it holds that nothing else in the cache holds."""
        ...


W = TypeVar("W", bound=Weighed)


class Bounded(Generic[W]):
    """The most recently used values, bounded by count and by bytes (each value's ``weight``
    when it was put): a long game's views and timelines grow with it, and two thousand views
    of a game ten thousand events long would hold gigabytes (found by bench/bench_soak.py).
    The newest value stays, however large."""

    def __init__(self, size: int = 2048, max_bytes: int | None = None) -> None:
        self._values: OrderedDict[Hashable, tuple[W, int]] = OrderedDict()
        self._size = size
        self._max_bytes = max_bytes
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> W | None:
        with self._lock:
            found = self._values.get(key)
            if found is None:
                return None
            self._values.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value: W) -> None:
        limit = (
            self._max_bytes if self._max_bytes is not None else settings.WARGAME_VIEW_CACHE_BYTES
        )
        weight = value.weight
        with self._lock:
            previous = self._values.pop(key, None)
            if previous is not None:
                self._bytes -= previous[1]
            self._values[key] = (value, weight)
            self._bytes += weight
            while len(self._values) > self._size or (self._bytes > limit and len(self._values) > 1):
                _, (_, evicted) = self._values.popitem(last=False)
                self._bytes -= evicted

    def pop(self, key: Hashable) -> None:
        with self._lock:
            found = self._values.pop(key, None)
            if found is not None:
                self._bytes -= found[1]

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._bytes = 0

    @property
    def bytes(self) -> int:
        return self._bytes


latest_states: _Recent[dict] = _Recent(lambda state: state["seq"])
journals = _Journals()
# Keyed (game id as text, seq, role); values are projections.RoleView.
views: Bounded = Bounded()
# Keyed (game id as text, role); values are projections' builders.
builders: Bounded = Bounded(size=4096)


def committed(game_id: object, state: dict, *, after: int, entries: engine.Journal) -> None:
    """A command's events are in the log: ``state`` is the game's state after them and
    ``entries`` their journal entries (of the events after seq ``after``). This process's next
    command decides on that state, and its sockets build the views of it from memory."""
    journals.extend(game_id, after=after, entries=entries, seq=state["seq"])
    latest_states.put(game_id, state)  # after the journal: whoever sees the state sees both


def clear() -> None:
    """Forget every state, journal and view held in this process (the next reads rebuild
    them)."""
    latest_states.clear()
    journals.clear()
    views.clear()
    builders.clear()
