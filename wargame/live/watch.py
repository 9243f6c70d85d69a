"""The games this process has sockets of: their hints, heard once per process, and their heads,
read by one poller per process.

**Hints.** While a process holds sockets of a game, it is in the game's group
(``broadcast.group_name``) once, with a channel of its own, and hands what reaches it to those
sockets itself (:func:`join`, :func:`leave`): a hint that the game is at seq N goes to each
socket's push (``GameConsumer.hint``), anything else sent to the group (a revoked seat) to each
socket's handler. So an announcement reaches one channel per process, not one per socket: the
in-memory layer makes a task and a deep copy of the message for every channel of a group, and
Redis a push for each; for fifty games of eight sockets moving at once, that was four hundred of
each per round.

**Heads.** One task reads the heads of all the process's games with one query per tick and
keeps, per game, the newest seq it knows: the head it read, or a hint its sockets heard,
whichever is newer. Heartbeats carry that seq (:func:`head`) without a query of their own.
When the database holds a seq that no hint brought:

- on the in-memory layer it is handed to the game's sockets at once: another process (the task
  worker acting on a deadline) may append, and its hints never reach this process;
- on a shared layer (Redis) every process's hints reach every process, so a seq is announced
  only when it stays unheard for a whole tick: its process died between the commit and the
  announcement. The hint then goes to every process, as the dead one's would have.

Each tick also joins the process's games' groups again: a group forgets a member after a day,
and on Redis a leave and a join of the same game sent at once may arrive in either order.

A tick is a second on the in-memory layer and half a heartbeat interval on a shared one, never
longer than half a heartbeat interval.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Protocol

from channels.db import database_sync_to_async
from channels.layers import InMemoryChannelLayer
from django.conf import settings

from wargame.games import broadcast
from wargame.games.models import Game

logger = logging.getLogger(__name__)

WATCH_SECONDS = 1.0  # a tick on the in-memory layer


class Socket(Protocol):
    def hint(self, seq: int) -> None:
        """The game is at ``seq``."""

    def group_message(self, message: dict) -> None:
        """Anything else sent to the game's group."""


@dataclass
class _Hub:
    """This process's channel in its games' groups, on one event loop and layer."""

    loop: asyncio.AbstractEventLoop
    layer: object
    channel: str
    receiver: asyncio.Task | None = None


_sockets: dict[str, set[Socket]] = {}  # game id -> this process's sockets of it
_heard: dict[str, int] = {}  # game id -> the newest seq a hint brought this process
_read: dict[str, int] = {}  # game id -> the head the last tick read
_unheard: dict[str, int] = {}  # game id -> a head the last tick read that no hint had brought
_hub: _Hub | None = None
_poller: asyncio.Task | None = None


def tick_seconds(layer: object) -> float:
    half_beat = settings.WARGAME_HEARTBEAT_SECONDS / 2
    return min(WATCH_SECONDS, half_beat) if isinstance(layer, InMemoryChannelLayer) else half_beat


async def join(game_id: str, socket: Socket, layer) -> None:
    """A socket of ``game_id`` opened in this process: it hears the game's group from now on."""
    global _poller
    hub = await _hub_for(layer)
    members = _sockets.setdefault(game_id, set())
    first = not members
    members.add(socket)
    if _poller is None or _poller.done() or _poller.get_loop() is not hub.loop:
        _poller = hub.loop.create_task(_run(layer))
    if first:
        await layer.group_add(broadcast.group_name(game_id), hub.channel)


async def leave(game_id: str, socket: Socket) -> None:
    """A socket of ``game_id`` in this process closed."""
    members = _sockets.get(game_id)
    if not members or socket not in members:
        return
    members.discard(socket)
    if members:
        return
    del _sockets[game_id]
    _heard.pop(game_id, None)
    _read.pop(game_id, None)
    _unheard.pop(game_id, None)
    hub = _hub
    if hub is not None and hub.loop is asyncio.get_running_loop():
        try:
            await hub.layer.group_discard(broadcast.group_name(game_id), hub.channel)
        except Exception:  # its hints, still coming, find no socket here
            logger.warning("could not leave the group of game %s", game_id, exc_info=True)


def heard(game_id: str, seq: int) -> None:
    """A hint that ``game_id`` is at ``seq`` reached this process."""
    if game_id in _sockets and seq > _heard.get(game_id, 0):
        _heard[game_id] = seq


def head(game_id: str) -> int:
    """The newest seq of ``game_id`` this process knows of (0 before the first tick)."""
    return max(_heard.get(game_id, 0), _read.get(game_id, 0))


def deliver(message: dict) -> None:
    """A message sent to a game's group, handed to this process's sockets of the game."""
    game_id = message.get("game")
    members = _sockets.get(game_id) if isinstance(game_id, str) else None
    if not members:
        return
    if message.get("type") == broadcast.MESSAGE_TYPE:
        seq = message.get("seq")
        if not isinstance(seq, int):
            return
        heard(game_id, seq)
        for socket in list(members):
            socket.hint(seq)
    else:
        for socket in list(members):
            socket.group_message(message)


async def _hub_for(layer) -> _Hub:
    """The process's hub on this event loop and layer, made (and its receiver started) once."""
    global _hub
    loop = asyncio.get_running_loop()
    hub = _hub
    receiving = hub is not None and hub.receiver is not None and not hub.receiver.done()
    if hub is not None and hub.loop is loop and hub.layer is layer and receiving:
        return hub
    if hub is not None and hub.loop is not loop:
        # A new event loop (a test's): the sockets of the old one are gone with it.
        _sockets.clear()
        _heard.clear()
        _read.clear()
        _unheard.clear()
    # The layer's own kind of name: channels_redis reads every channel of a process through
    # one list, that of its default prefix, and a channel of another prefix would wait on it.
    channel = await layer.new_channel()
    if _hub is not hub:  # another socket made it meanwhile
        return await _hub_for(layer)
    if hub is not None and hub.loop is loop and hub.receiver is not None:
        hub.receiver.cancel()  # the hub of another layer (settings changed): it hears no more
    hub = _hub = _Hub(loop, layer, channel)
    hub.receiver = loop.create_task(_receive(hub))
    for game_id in list(_sockets):  # a receiver that stopped: its channel is new
        await layer.group_add(broadcast.group_name(game_id), channel)
    return hub


async def _receive(hub: _Hub) -> None:
    while True:
        try:
            message = await hub.layer.receive(hub.channel)  # type: ignore[attr-defined]
        except asyncio.CancelledError:
            raise
        except Exception:  # the layer is away: the poller brings the heads meanwhile
            logger.warning("could not receive this process's game hints", exc_info=True)
            await asyncio.sleep(tick_seconds(hub.layer))
            continue
        try:
            deliver(message)
        except Exception:
            logger.exception("could not hand a game's message to its sockets")


def _heads(game_ids: list[str]) -> dict[str, int]:
    return {
        str(key): seq
        for key, seq in Game.objects.filter(pk__in=game_ids).order_by().values_list("id", "seq")
    }


async def _run(layer) -> None:
    local = isinstance(layer, InMemoryChannelLayer)
    while _sockets:
        await asyncio.sleep(tick_seconds(layer))
        await _rejoin(layer)
        try:
            heads = await database_sync_to_async(_heads)(list(_sockets))
        except Exception:  # the database is away: the next tick tries again
            logger.warning("could not read the heads of this process's games", exc_info=True)
            continue
        for game_id, seq in heads.items():
            if game_id not in _sockets:
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
            hint = {"type": broadcast.MESSAGE_TYPE, "game": game_id, "seq": seq}
            if local:
                deliver(hint)  # one process: its own sockets are all there are
                continue
            _heard[game_id] = seq
            try:
                await layer.group_send(broadcast.group_name(game_id), hint)
            except Exception:
                logger.exception("could not announce the head of game %s", game_id)
                deliver(hint)  # this process's sockets at least


async def _rejoin(layer) -> None:
    hub = _hub
    if hub is None or hub.layer is not layer:
        return
    for game_id in list(_sockets):
        try:
            await layer.group_add(broadcast.group_name(game_id), hub.channel)
        except Exception:
            logger.warning("could not join the group of game %s again", game_id, exc_info=True)
            return
