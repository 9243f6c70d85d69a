"""``POST /api/games/{id}/commands/``: every change to a game, from a seat or control."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from wargame import engine
from wargame.api.auth import MAX_NAME_LENGTH
from wargame.api.errors import ApiError
from wargame.api.schema import COMMAND_REQUEST, COMMAND_RESPONSE, EXAMPLES, errors
from wargame.api.views.base import GameView
from wargame.games import service, store

_REJECTION_STATUS = {"invalid": 400, "forbidden": 403, "rules": 422}
MAX_KEY_LENGTH = 200


def event_for_role(event: dict, role: str, *, record_open: bool) -> dict | None:
    """The contract's event shape, as ``role`` may see it (None: not at all)."""
    projected = engine.project_event(event, role, record_open=record_open)
    if projected is None:
        return None
    return {key: projected[key] for key in ("seq", "type", "actor", "at", "data")}


def events_for_role(events: list[dict], role: str, *, record_open: bool) -> list[dict]:
    """Once control has opened the record for the replay, every role sees what control sees."""
    projected = (event_for_role(event, role, record_open=record_open) for event in events)
    return [event for event in projected if event is not None]


def stale_error(stale: store.StaleSeq) -> dict:
    """The message and seq of a 409 ``stale_seq`` (a response body's error, or a frame)."""
    return {
        "message": f"the game moved on: it is at seq {stale.current_seq}",
        "current_seq": stale.current_seq,
    }


def run_command(
    *, game, role: str, principal, body: object, key: str | None
) -> service.CommandResult:
    """Check a command's body and key and run it through the one write path: the REST endpoint
    and the socket's command frame both come here, so they refuse alike (an :class:`ApiError`
    with the contract's status and code; :class:`store.StaleSeq` for a moved ``expected_seq``).
    """
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "the body must be a JSON object")
    command = dict(body)
    expected_seq = command.pop("expected_seq", None)
    if expected_seq is not None and (
        not isinstance(expected_seq, int) or isinstance(expected_seq, bool) or expected_seq < 0
    ):
        raise ApiError(400, "invalid_request", "'expected_seq' must be a whole number")
    display_name = command.pop("display_name", None)
    if display_name is not None and (
        not isinstance(display_name, str)
        or len(display_name) > MAX_NAME_LENGTH
        or not display_name.isprintable()
    ):
        raise ApiError(
            400,
            "invalid_request",
            f"'display_name' must be printable text of at most {MAX_NAME_LENGTH} characters",
        )
    if key is not None and not (0 < len(key) <= MAX_KEY_LENGTH):
        raise ApiError(400, "invalid_request", "'Idempotency-Key' must be 1 to 200 characters")
    name = display_name or principal.display_name
    try:
        return service.execute(
            game=game,
            command=command,
            actor={"role": role, "name": name},
            idempotency_key=key,
            expected_seq=expected_seq,
            caller=principal.caller_id,
        )
    except service.CommandRejected as rejected:
        rejection = rejected.rejection
        raise ApiError(
            _REJECTION_STATUS.get(rejection.kind, 422), rejection.code, rejection.message
        ) from None
    except store.IdempotencyKeyReused:
        raise ApiError(
            422,
            "idempotency_key_reused",
            "you sent this Idempotency-Key before with a different command: "
            "use a new key for a new command",
        ) from None


class Commands(GameView):
    @extend_schema(
        summary="Send a command (see the body of each command type)",
        request={"application/json": COMMAND_REQUEST},
        responses={201: COMMAND_RESPONSE, **errors(400, 401, 403, 404, 409, 413, 422, 429)},
        examples=EXAMPLES,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                location=OpenApiParameter.HEADER,
                required=False,
                description="A client-chosen key, scoped to the caller and the game: the same "
                "key again from the same caller returns the first result and appends nothing; "
                "with a different body it is a 422 idempotency_key_reused.",
            )
        ],
    )
    def post(self, request, game_id):
        try:
            result = run_command(
                game=self.game,
                role=self.role,
                principal=request.user,
                body=request.data,
                key=request.headers.get("Idempotency-Key"),
            )
        except store.StaleSeq as stale:
            return Response(
                {"error": {"code": "stale_seq", **stale_error(stale)}},
                status=status.HTTP_409_CONFLICT,
            )
        if result.replay_open is None:  # a replayed command: the record may have opened since
            self.game.refresh_from_db(fields=["replay_open"])
        record_open = self.game.replay_open if result.replay_open is None else result.replay_open
        events = events_for_role(result.events, self.role, record_open=record_open)
        response = Response(
            {"seq": result.seq, "events": events},
            status=status.HTTP_201_CREATED,
        )
        if result.replayed:
            response["Idempotent-Replayed"] = "true"
        return response
