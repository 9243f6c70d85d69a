"""The threads that run the commands sent over a process's sockets, kept for the life of the
process.

A socket command runs on one of ``WARGAME_COMMAND_THREADS`` threads chosen by its game
(:func:`command_executor`), each keeping its database connection open (``CONN_MAX_AGE``): one
game's commands run in order on one thread, and games on different threads side by side where
the database allows it (PostgreSQL; SQLite has one writer at a time, so one thread spares its
writers the busy-wait on the file lock). The sockets' other database work (authentication, the
view on connect, presence) stays on Channels' one shared thread, so it never queues behind the
commands; HTTP requests run as Django runs them under ASGI.
"""

from __future__ import annotations

import itertools
import zlib
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings


class SyncThreads:
    def __init__(self, count: int, name: str = "wargame-commands") -> None:
        self.executors = [
            ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"{name}-{index}")
            for index in range(max(1, count))
        ]
        self._turns = itertools.cycle(range(len(self.executors)))

    def next(self) -> ThreadPoolExecutor:
        """The threads in turn (work of no game)."""
        return self.executors[next(self._turns)]

    def for_game(self, game_id: object) -> ThreadPoolExecutor:
        """The one thread of this game."""
        key = str(game_id).replace("-", "").lower()
        return self.executors[zlib.crc32(key.encode()) % len(self.executors)]


_commands: SyncThreads | None = None


def command_executor(game_id: object) -> ThreadPoolExecutor:
    """The thread that runs the socket commands of ``game_id``."""
    global _commands
    if _commands is None:
        _commands = SyncThreads(settings.WARGAME_COMMAND_THREADS, "wargame-commands")
    return _commands.for_game(game_id)
