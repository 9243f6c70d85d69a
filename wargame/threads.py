"""The threads that run a process's database work for requests and commands, kept for the life
of the process.

Django runs each HTTP request's sync code (the views, the ORM) through asgiref's
``thread_sensitive`` executor, and by default gives every request a thread of its own: a new
thread, so a new database connection (a new SQLite file handle, its pragmas run again), per
request. Here each HTTP request runs on one of ``WARGAME_SYNC_THREADS`` long-lived threads in
turn, each keeping its connection open (``CONN_MAX_AGE``). Several, because a request's sync code
waits on the event loop between Django's sync and async layers: one thread for every request
would make each wait for the loop in turn while the loop is busy pushing to sockets.

Commands sent over a socket run on one of ``WARGAME_COMMAND_THREADS`` threads chosen by their
game (:func:`command_executor`): one game's commands run in order on one thread, and games on
different threads side by side where the database allows it (PostgreSQL; SQLite has one writer
at a time, so one thread spares its writers the busy-wait on the file lock). The sockets' other
database work (authentication, the view on connect, presence) stays on Channels' one shared
thread.
"""

from __future__ import annotations

import itertools
import zlib
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import ThreadSensitiveContext
from django.conf import settings


class SyncThreads:
    def __init__(self, count: int, name: str = "wargame-sync") -> None:
        self.executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{name}-{index}")
            for index in range(max(1, count))
        ]
        self._turns = itertools.cycle(range(len(self.executors)))

    def next(self) -> ThreadPoolExecutor:
        """The threads in turn."""
        return self.executors[next(self._turns)]

    def for_game(self, game_id: object) -> ThreadPoolExecutor:
        """The one thread of this game."""
        key = str(game_id).replace("-", "").lower()
        return self.executors[zlib.crc32(key.encode()) % len(self.executors)]


_requests: SyncThreads | None = None
_commands: SyncThreads | None = None


def request_executor() -> ThreadPoolExecutor:
    """The thread for the next HTTP request's sync code."""
    global _requests
    if _requests is None:
        _requests = SyncThreads(settings.WARGAME_SYNC_THREADS)
    return _requests.next()


def command_executor(game_id: object) -> ThreadPoolExecutor:
    """The thread that runs the socket commands of ``game_id``."""
    global _commands
    if _commands is None:
        _commands = SyncThreads(settings.WARGAME_COMMAND_THREADS, "wargame-commands")
    return _commands.for_game(game_id)


def on_sync_threads(app):
    """Wrap an ASGI app so that each HTTP request's sync code runs on the process's threads."""

    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        async with ThreadSensitiveContext(executor=request_executor()):
            return await app(scope, receive, send)

    return wrapped
