"""The hint sent through the channel layer when a game's log advances.

It says only "game G is at seq N"; each socket's consumer computes its own role's view. A lost
hint costs nothing: the next one, or the client's resume, brings every socket up to date.
"""

from __future__ import annotations

import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

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
    _send_to(group_name(game_id), message)


def _send_to(group: str, message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:
        # What the message reports is already committed; a socket catches up on the next
        # message or when it resumes, and a revoked token fails at the next connect.
        logger.exception("could not send %s to %s", message["type"], group)
