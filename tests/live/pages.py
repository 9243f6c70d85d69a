"""What a page holds of a game socket: the view folded from its state and change frames."""

from __future__ import annotations

from wargame.games import view_changes


class Gap(Exception):
    """A change whose base is not the seq the page holds: the page must resume."""


class Page:
    """The view folded from the state and change frames a socket received, each checked
    against the digest it came with (as frontend/src/server/socket.ts does)."""

    def __init__(self) -> None:
        self.seq = 0
        self.view: dict | None = None

    def take(self, frame: dict) -> None:
        if frame["type"] == "state":
            self.seq, self.view = frame["seq"], frame["view"]
        else:
            assert frame["type"] == "change", frame
            if frame["base"] != self.seq:
                raise Gap(f"a change from {frame['base']} to a page at {self.seq}")
            self.seq, self.view = frame["seq"], view_changes.apply(self.view, frame["ops"])
        assert view_changes.digest(self.view) == frame["digest"], frame["seq"]
