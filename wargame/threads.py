"""The threads that run a process's database work for requests and commands, kept for the life
of the process.

Django runs each HTTP request's sync code (the views, the ORM) through asgiref's
``thread_sensitive`` executor, and by default gives every request a thread of its own: a new
thread, so a new database connection (a new SQLite file handle, its pragmas run again), per
request.

Here each HTTP request, and each command sent over a socket, runs its sync code on one of
``WARGAME_SYNC_THREADS`` long-lived single-thread executors, chosen by the game its path names
(``/api/games/<id>/…``, ``/ws/games/<id>/``): the connection each thread holds stays open
(``CONN_MAX_AGE``), one game's commands run in order on one thread, and games on different
threads run side by side where the database allows it (PostgreSQL; SQLite has one writer at a
time, so one thread spares its writers the busy-wait on the file lock). Paths without a game take
the threads in turn. The sockets' other database work (authentication, the view on connect,
presence) stays on Channels' one shared thread, so that it never queues behind the commands.
"""

from __future__ import annotations

import itertools
import re
import zlib
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.conf import settings

_GAME_IN_PATH = re.compile(r"^/(?:api|ws)/games/([0-9a-fA-F-]{32,36})/")


class SyncThreads:
    def __init__(self, count: int) -> None:
        self.executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"wargame-sync-{index}")
            for index in range(max(1, count))
        ]
        self._turns = itertools.cycle(range(len(self.executors)))

    def for_path(self, path: str) -> ThreadPoolExecutor:
        match = _GAME_IN_PATH.match(path)
        if match is None or len(self.executors) == 1:
            return self.executors[next(self._turns)]
        game = match.group(1).replace("-", "").lower()
        return self.executors[zlib.crc32(game.encode()) % len(self.executors)]


_threads: SyncThreads | None = None


def executor_for(path: str) -> ThreadPoolExecutor:
    """The thread that runs the sync code of a request or socket for ``path``."""
    global _threads
    if _threads is None:
        _threads = SyncThreads(settings.WARGAME_SYNC_THREADS)
    return _threads.for_path(path)


def on_sync_threads(app):
    """Wrap an ASGI app so that its thread-sensitive sync code runs on the process's threads."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        async with ThreadSensitiveContext(executor=executor_for(scope.get("path", ""))):
            return await app(scope, receive, send)

    return wrapped
