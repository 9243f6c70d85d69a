"""Presence: how many sockets each role of a game has open, and the names they gave.

Each open socket is a row of :class:`Connection`, written by the process that holds the socket
and read by any process, so control's sockets see every process's sockets. A process refreshes
the ``last_seen`` of all its rows at once, at every heartbeat (at most twice an interval); rows not
refreshed for ``stale_after()`` belong to a process that died without closing its sockets and
no longer count (an hour later they are deleted when a socket of the game next connects).

When a socket connects, names itself or leaves, a hint goes to the game's presence group,
which only control's sockets join; each then reads the summary and sends it if it changed.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta

from django.conf import settings

from wargame.games.broadcast import group_name
from wargame.games.models import Seat
from wargame.live.models import Connection

CONTROL = "control"
MAX_NAME = Connection._meta.get_field("name").max_length
MESSAGE_TYPE = "presence.changed"
PRUNE_AFTER = timedelta(hours=1)

# This process's rows carry this id, so one UPDATE refreshes them all.
PROCESS = uuid.uuid4().hex
_last_refresh = 0.0


def presence_group(game_id: object) -> str:
    return f"presence-{group_name(game_id)}"


def stale_after() -> timedelta:
    """How long a row stays counted without its process refreshing it: three heartbeats."""
    return timedelta(seconds=3 * settings.WARGAME_HEARTBEAT_SECONDS)


def _now() -> datetime:
    return datetime.now(UTC)


def join(channel_name: str, game_id: object, role: str, name: str = "") -> None:
    now = _now()
    # Rows long past counting are a dead process's: gone for good. (Only long past: a process
    # that was merely slow to refresh brings its rows back into the count when it does.)
    Connection.objects.filter(game_id=game_id, last_seen__lt=now - PRUNE_AFTER).delete()
    Connection.objects.update_or_create(
        channel_name=channel_name,
        defaults={
            "game_id": game_id,
            "role": role,
            "name": name[:MAX_NAME],
            "process": PROCESS,
            "connected_at": now,
            "last_seen": now,
        },
    )


def rename(channel_name: str, name: str) -> bool:
    """Give the socket a name; False when it already had that name (nothing changed)."""
    updated = (
        Connection.objects.filter(channel_name=channel_name)
        .exclude(name=name)
        .update(name=name, last_seen=_now())
    )
    return updated > 0


def leave(channel_name: str) -> None:
    Connection.objects.filter(channel_name=channel_name).delete()


def refresh_due() -> bool:
    """Whether this process's rows are due a refresh: at most twice per heartbeat interval,
    whichever socket's heartbeat comes first. No database access: an event loop may ask."""
    global _last_refresh
    if time.monotonic() - _last_refresh < settings.WARGAME_HEARTBEAT_SECONDS / 2:
        return False
    _last_refresh = time.monotonic()
    return True


def refresh_process() -> None:
    """Mark every socket of this process as still open: one UPDATE for all of them."""
    Connection.objects.filter(process=PROCESS).update(last_seen=_now())


def summary(game_id: object) -> dict:
    """``{"roles": {role: {"connected": n, "names": [...]}}}`` for every role of the game
    (its seats, observer and control), the names in the order their sockets connected."""
    roles = {
        role: {"connected": 0, "names": []}
        for role in Seat.objects.filter(game_id=game_id)
        .order_by("pk")
        .values_list("role", flat=True)
    }
    roles.setdefault(CONTROL, {"connected": 0, "names": []})
    rows = (
        Connection.objects.filter(game_id=game_id, last_seen__gte=_now() - stale_after())
        .order_by("connected_at", "channel_name")
        .values_list("role", "name")
    )
    for role, name in rows:
        entry = roles.setdefault(role, {"connected": 0, "names": []})
        entry["connected"] += 1
        if name and name not in entry["names"]:
            entry["names"].append(name)
    return {"roles": roles}


def valid_name(value: object) -> str | None:
    """The name an ``identify`` frame gives, or None when it is not printable text of 1 to
    MAX_NAME characters."""
    if not isinstance(value, str):
        return None
    name = value.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        return None
    return name
