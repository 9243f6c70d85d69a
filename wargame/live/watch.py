"""The heads of the games this process has sockets of: one poller per process.

While a process holds sockets of some games, one task reads the heads of all of them with one
query per tick and keeps, per game, the newest seq it knows: the head it read, or a hint its
sockets heard through the channel layer (:func:`heard`), whichever is newer. Heartbeats carry
that seq (:func:`head`) without a query of their own. When the database holds a seq that no
hint brought, the poller sends the game's group the hint itself:

- on the in-memory layer, at once: another process (the task worker acting on a deadline) may
  append, and its hints never reach this process;
- on a shared layer (Redis) every process's hints reach every process, so a seq is announced
  only when it stays unheard for a whole tick: its process died between the commit and the
  announcement. The hint then goes to every process, as the dead one's would have.

A tick is a second on the in-memory layer and half a heartbeat interval on a shared one, never
longer than half a heartbeat interval.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer
from django.conf import settings

from wargame.games import broadcast
from wargame.games.models import Game

logger = logging.getLogger(__name__)

WATCH_SECONDS = 1.0  # a tick on the in-memory layer

_watched: Counter[str] = Counter()  # game id -> this process's sockets of it
_heard: dict[str, int] = {}  # game id -> the newest seq a hint brought this process's sockets
_read: dict[str, int] = {}  # game id -> the head the last tick read
_unheard: dict[str, int] = {}  # game id -> a head the last tick read that no hint had brought
_task: asyncio.Task | None = None


def tick_seconds(layer: object) -> float:
    half_beat = settings.WARGAME_HEARTBEAT_SECONDS / 2
    return min(WATCH_SECONDS, half_beat) if isinstance(layer, InMemoryChannelLayer) else half_beat


def watch(game_id: str, layer: object) -> None:
    """A socket of ``game_id`` opened in this process."""
    global _task
    _watched[game_id] += 1
    loop = asyncio.get_running_loop()
    if _task is None or _task.done() or _task.get_loop() is not loop:
        _task = loop.create_task(_run(layer))


def unwatch(game_id: str) -> None:
    """A socket of ``game_id`` in this process closed."""
    if _watched[game_id] <= 0:
        _watched.pop(game_id, None)
        return
    _watched[game_id] -= 1
    if _watched[game_id] == 0:
        del _watched[game_id]
        _heard.pop(game_id, None)
        _read.pop(game_id, None)
        _unheard.pop(game_id, None)


def heard(game_id: str, seq: int) -> None:
    """A hint that ``game_id`` is at ``seq`` reached a socket of this process."""
    if game_id in _watched and seq > _heard.get(game_id, 0):
        _heard[game_id] = seq


def head(game_id: str) -> int:
    """The newest seq of ``game_id`` this process knows of (0 before the first tick)."""
    return max(_heard.get(game_id, 0), _read.get(game_id, 0))


def _heads(game_ids: list[str]) -> dict[str, int]:
    return {
        str(key): seq
        for key, seq in Game.objects.filter(pk__in=game_ids).order_by().values_list("id", "seq")
    }


async def _run(layer: object) -> None:
    local = isinstance(layer, InMemoryChannelLayer)
    while _watched:
        await asyncio.sleep(tick_seconds(layer))
        try:
            heads = await database_sync_to_async(_heads)(list(_watched))
        except Exception:  # the database is away: the next tick tries again
            logger.warning("could not read the heads of this process's games", exc_info=True)
            continue
        for game_id, seq in heads.items():
            if game_id not in _watched:
                continue  # its last socket closed while the heads were read
            _read[game_id] = seq
            known = _heard.get(game_id, 0)
            if seq <= known:
                _unheard.pop(game_id, None)
                continue
            waiting = _unheard.get(game_id)
            if not local and (waiting is None or waiting <= known):
                _unheard[game_id] = seq  # its hint may still be on its way: wait a tick
                continue
            _unheard.pop(game_id, None)
            _heard[game_id] = seq
            try:
                await layer.group_send(
                    broadcast.group_name(game_id),
                    {"type": broadcast.MESSAGE_TYPE, "game": game_id, "seq": seq},
                )
            except Exception:
                logger.exception("could not announce the head of game %s", game_id)
