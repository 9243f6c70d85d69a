"""Names shared by every engine module: roles, the engine version, and Rejection."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# The version of the state's shape. A state hash recorded under one version can only be
# checked by the same version; the game_created event records which one it was. The journal's
# words are written by the views (words.py) and need no new version.
ENGINE_VERSION = "3"

CONTROL = "control"
OBSERVER = "observer"
# An analyst of the study (analysis.py): sees the public record, observations and the plan.
ANALYST = "analyst"
PUBLIC = "all"

MAX_TEXT = 4000
MAX_SHORT_TEXT = 200
PROBABILITY_FLOOR = 5
PROBABILITY_CEILING = 95
STRONG_ARGUMENT_POINTS = 5

RejectionKind = Literal["invalid", "forbidden", "rules"]


@dataclass(frozen=True)
class Rejection:
    """Why a command was refused. Returned by ``decide``, never raised out of it.

    ``kind`` maps to the HTTP status: invalid → 400, forbidden → 403, rules → 422.
    """

    code: str
    message: str
    kind: RejectionKind = "rules"


class Reject(Exception):
    """Raised inside the engine to abandon a decision; ``decide`` turns it into a Rejection."""

    def __init__(self, code: str, message: str, kind: RejectionKind = "rules") -> None:
        super().__init__(message)
        self.rejection = Rejection(code, message, kind)


def invalid(message: str, code: str = "invalid_command") -> Reject:
    return Reject(code, message, "invalid")


def forbidden(message: str, code: str = "forbidden") -> Reject:
    return Reject(code, message, "forbidden")


def rules(code: str, message: str) -> Reject:
    return Reject(code, message, "rules")


def seat_ids(state: dict[str, Any]) -> list[str]:
    """The seats of the game's scenario, in scenario order."""
    roles: list[str] = state["scenario"]["roles"]
    return roles


def can_see(audience: Any, role: str, *, full: bool = False) -> bool:
    """Whether ``role`` is in an audience ("all" or a list); control sees everything, and so
    does any role with ``full`` sight (the record opened)."""
    return full or role == CONTROL or audience == PUBLIC or role in audience


def copy_audience(audience: Any) -> Any:
    """An audience of one's own: "all", or a new list of the roles."""
    return PUBLIC if audience == PUBLIC else list(audience)


def clamp(value: int, low: int, high: int) -> int:
    return low if value < low else high if value > high else value
