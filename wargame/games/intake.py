"""A command as a client sends it, checked and run: the one door of the REST endpoint
(``POST /api/games/{id}/commands/``) and the socket's command frame, so both refuse alike.

A refusal is a :class:`CommandRefused` carrying the contract's HTTP status, code and message
(docs/protocol.md, "Errors"); the API answers with them as a JSON error, the socket as an error
frame with the command's id. A moved ``expected_seq`` is :class:`store.StaleSeq` (409), whose
words :func:`stale_error` gives both sides.
"""

from __future__ import annotations

from typing import Any

from wargame.games import service, store, tokens
from wargame.games.access import MAX_NAME_LENGTH, Principal

MAX_KEY_LENGTH = 200
_REJECTION_STATUS = {"invalid": 400, "forbidden": 403, "rules": 422}


class CommandRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def stale_error(stale: store.StaleSeq) -> dict[str, Any]:
    """The message and seq of a 409 ``stale_seq`` (a response body's error, or a frame)."""
    return {
        "message": f"the game moved on: it is at seq {stale.current_seq}",
        "current_seq": stale.current_seq,
    }


def check_key(key: object) -> str | None:
    if key is not None and not (isinstance(key, str) and 0 < len(key) <= MAX_KEY_LENGTH):
        raise CommandRefused(
            400, "invalid_request", f"'Idempotency-Key' must be 1 to {MAX_KEY_LENGTH} characters"
        )
    return key


def actor_for(principal: Principal, role: str, display_name: str | None = None) -> dict:
    """Who acts, as the command's events record it: the role, a name, and the named member of
    the seat when the caller holds a member's own link."""
    # An analyst acts under the name the White Cell gave it.
    name = principal.member_name if principal.kind == "analyst" else principal.display_name
    actor: dict = {"role": role, "name": display_name or name}
    if principal.member_id is not None and role == principal.role:
        actor["member"] = principal.member
    return actor


def run_command(
    *, game, role: str, principal: Principal, body: object, key: str | None
) -> service.CommandResult:
    """Check a command's body and key, then run it through the one write path."""
    if not isinstance(body, dict):
        raise CommandRefused(400, "invalid_request", "the body must be a JSON object")
    command = dict(body)
    # Absent or null means "any seq" and "the caller's name" (as the command models say).
    expected_seq = command.pop("expected_seq", None)
    if expected_seq is not None and (
        not isinstance(expected_seq, int) or isinstance(expected_seq, bool) or expected_seq < 0
    ):
        raise CommandRefused(400, "invalid_request", "'expected_seq' must be a whole number")
    display_name = command.pop("display_name", None)
    if display_name is not None and (
        not isinstance(display_name, str)
        or len(display_name) > MAX_NAME_LENGTH
        or not display_name.isprintable()
    ):
        raise CommandRefused(
            400,
            "invalid_request",
            f"'display_name' must be printable text of at most {MAX_NAME_LENGTH} characters",
        )
    check_key(key)
    try:
        result = service.execute(
            game=game,
            command=command,
            actor=actor_for(principal, role, display_name),
            idempotency_key=key,
            expected_seq=expected_seq,
            caller=principal.caller_id,
        )
    except service.CommandRejected as rejected:
        rejection = rejected.rejection
        raise CommandRefused(
            _REJECTION_STATUS.get(rejection.kind, 422), rejection.code, rejection.message
        ) from None
    except store.IdempotencyKeyReused:
        raise CommandRefused(
            422,
            "idempotency_key_reused",
            "you sent this Idempotency-Key before with a different command: "
            "use a new key for a new command",
        ) from None
    if not result.replayed:
        tokens.end_links_of_removed(game=game, events=result.events)
    return result
