"""The hint sent through the channel layer when a game's log advances.

It says only "game G is at seq N"; each socket's consumer computes its own role's view. A lost
hint costs nothing: the next one, or the client's resume, brings every socket up to date.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
import os
import uuid

from asgiref.sync import SyncToAsync, async_to_sync
from channels.layers import InMemoryChannelLayer, get_channel_layer

logger = logging.getLogger(__name__)

MESSAGE_TYPE = "game.advanced"
REVOKED_TYPE = "seat.revoked"
USER_REVOKED_TYPE = "user.revoked"


def group_name(game_id: object) -> str:
    return f"game-{uuid.UUID(str(game_id)).hex}"


def announce(game_id: object, seq: int) -> None:
    """Tell every process's sockets of the game that the log reached ``seq``."""
    _send(game_id, {"type": MESSAGE_TYPE, "game": str(game_id), "seq": seq})


def revoke(game_id: object, role: str) -> None:
    """Tell the game's sockets that ``role`` has a new token: sockets opened with the old one
    close."""
    _send(game_id, {"type": REVOKED_TYPE, "game": str(game_id), "role": role})


def user_group(user_pk: object) -> str:
    """The group of every socket a facilitator opened, in any game, on any process."""
    return f"user-{user_pk}"


def revoke_user(user_pk: object, *, session_key: str | None = None) -> None:
    """Tell the facilitator's sockets to check their credentials again: those of a session
    that logged out (``session_key``), or no longer valid (deactivated, password changed,
    token gone), close."""
    _send_to(user_group(user_pk), {"type": USER_REVOKED_TYPE, "session": session_key})


def _send(game_id: object, message: dict) -> None:
    _send_to(group_name(game_id), message, to_game=True)


def _send_to(group: str, message: dict, *, to_game: bool = False) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    loop = _server_loop()
    if loop is not None:
        # In a server, on one of its sync threads: hand the message to the server's event loop
        # and go on. Waiting for the loop to get round to it would hold the thread (and the
        # next command queued on it) for as long as the loop is busy with its sockets. In a
        # context of its own: the tasks it starts (the sockets' pushes and handlers) are none of
        # this thread's, whose sync call asgiref would take them to be waiting on.
        loop.call_soon_threadsafe(
            _send_soon, layer, group, message, to_game, context=contextvars.Context()
        )
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:
        # What the message reports is already committed; a socket catches up on the next
        # message or when it resumes, and a revoked token fails at the next connect.
        logger.exception("could not send %s to %s", message["type"], group)


def _server_loop() -> asyncio.AbstractEventLoop | None:
    """The event loop that handed this thread its work (asgiref's sync_to_async), if any."""
    if getattr(SyncToAsync.threadlocal, "main_event_loop_pid", None) != os.getpid():
        return None
    loop = getattr(SyncToAsync.threadlocal, "main_event_loop", None)
    return loop if loop is not None and not loop.is_closed() else None


def _send_soon(layer, group: str, message: dict, to_game: bool) -> None:
    if to_game and isinstance(layer, InMemoryChannelLayer):
        # The in-memory layer reaches this process only, whose one member of a game's group is
        # live/watch.py's: handed to it straight, without the layer's task, copy and queue
        # (over a quarter of the event loop's busy time in sequential socket commands).
        from wargame.live import watch

        try:
            watch.deliver(message)
        except Exception:
            logger.exception("could not hand %s to the sockets of %s", message["type"], group)
        return
    task = asyncio.ensure_future(layer.group_send(group, message))
    task.add_done_callback(lambda done: _log_failure(done, group, message))


def _log_failure(task: asyncio.Future, group: str, message: dict) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("could not send %s to %s", message["type"], group, exc_info=task.exception())
