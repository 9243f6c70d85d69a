"""Appends made by other processes, heard without a shared channel layer.

With the in-memory channel layer (the embedded default: one daphne process and SQLite) a hint
reaches only the sockets of the process that sent it. Another process may still append: the
task worker acting on a deadline. So while a process on the in-memory layer holds sockets of a
game, it reads the heads of those games' logs once a second (one query for all of them) and,
when one moved, sends its own sockets the hint the other process could not. With Redis every
hint reaches every process, and nothing here runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer

from wargame.games import broadcast
from wargame.games.models import Game

logger = logging.getLogger(__name__)

WATCH_SECONDS = 1.0

_watched: Counter[str] = Counter()  # game id -> this process's sockets of it
_heads_seen: dict[str, int] = {}
_task: asyncio.Task | None = None


def watch(game_id: str, layer: object) -> None:
    """A socket of ``game_id`` opened in this process."""
    global _task
    if not isinstance(layer, InMemoryChannelLayer):
        return
    _watched[game_id] += 1
    loop = asyncio.get_running_loop()
    if _task is None or _task.done() or _task.get_loop() is not loop:
        _task = loop.create_task(_run(layer))


def unwatch(game_id: str, layer: object) -> None:
    if not isinstance(layer, InMemoryChannelLayer) or _watched[game_id] <= 0:
        return
    _watched[game_id] -= 1
    if _watched[game_id] == 0:
        del _watched[game_id]
        _heads_seen.pop(game_id, None)


def _heads(game_ids: list[str]) -> dict[str, int]:
    return {
        str(key): seq for key, seq in Game.objects.filter(pk__in=game_ids).values_list("id", "seq")
    }


async def _run(layer: InMemoryChannelLayer) -> None:
    while _watched:
        await asyncio.sleep(WATCH_SECONDS)
        try:
            heads = await database_sync_to_async(_heads)(list(_watched))
            for game_id, seq in heads.items():
                # Compared with the heads this loop saw, not with the states this process
                # holds: a request may have read a state that the sockets were never told of.
                # (A hint for a seq a socket has shown already is passed over.)
                known = _heads_seen.get(game_id, 0)
                _heads_seen[game_id] = max(seq, known)
                if seq > known:
                    await layer.group_send(
                        broadcast.group_name(game_id),
                        {"type": broadcast.MESSAGE_TYPE, "game": game_id, "seq": seq},
                    )
        except Exception:
            logger.exception("could not read the heads of this process's games")
