"""The game's seeded random stream: draws and salts computed from (seed, counter).

Nothing here keeps state. The counter lives in the game state; the event that consumes a draw
records both the values and the counter after it, so folding never draws again.
"""

from __future__ import annotations

import hashlib
import hmac


def _digest(seed: int, counter: int, purpose: str) -> bytes:
    key = str(seed).encode()
    return hmac.new(key, f"{purpose}:{counter}".encode(), hashlib.sha256).digest()


def draw(seed: int, counter: int) -> int:
    """An integer 1..100 for position ``counter`` of the stream (bias below 1e-70)."""
    return int.from_bytes(_digest(seed, counter, "draw"), "big") % 100 + 1


def salt(seed: int, counter: int) -> str:
    """A 32-hex-digit salt for a secret move's commitment, from position ``counter``."""
    return _digest(seed, counter, "salt").hex()[:32]


class Stream:
    """A cursor over the stream for one decision; ``counter`` is the next unused position."""

    def __init__(self, seed: int, counter: int) -> None:
        self.seed = seed
        self.counter = counter

    def draw(self) -> int:
        value = draw(self.seed, self.counter)
        self.counter += 1
        return value

    def salt(self) -> str:
        value = salt(self.seed, self.counter)
        self.counter += 1
        return value


def label(seed: int, kind: str, number: int) -> str:
    """12 hex digits naming item ``number`` of ``kind`` (a move, a message...) in a game.

    Ids a role sees must not count what it may not see: "msg1" and "msg3" would tell a seat that
    a message it never saw went between others. Derived from the game's secret seed, the label
    is fixed by the log (the event records it) and reveals nothing of ``number``.
    """
    return _digest(seed, number, f"id:{kind}").hex()[:12]
