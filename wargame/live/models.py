"""Who is in the room: one row per open game socket, in the database every server process
shares, so that control sees the sockets of every process (docs/protocol.md, "Presence")."""

from __future__ import annotations

from django.db import models


class Connection(models.Model):
    """An open game socket. Its process refreshes ``last_seen`` while it lives; a row not
    refreshed for a while belongs to a process that died, and no longer counts."""

    channel_name = models.CharField(max_length=200, primary_key=True)
    game_id = models.UUIDField(db_index=True)
    role = models.CharField(max_length=40)  # the role of the socket's token in the game
    name = models.CharField(max_length=60, blank=True, default="")
    process = models.CharField(max_length=32, db_index=True)
    connected_at = models.DateTimeField()
    last_seen = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.role} {self.name!r} in {self.game_id}"
