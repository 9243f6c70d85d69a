"""``POST /api/games/{id}/commands/``: every change to a game, from a seat or control."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.response import Response

from wargame import engine
from wargame.api.errors import ApiError
from wargame.api.schema import (
    COMMAND_REQUEST,
    COMMAND_RESPONSE,
    EXAMPLES,
    IDEMPOTENCY_KEY,
    errors,
)
from wargame.api.views.base import GameView
from wargame.games import store
from wargame.games.intake import CommandRefused, run_command, stale_error


def event_for_role(
    event: dict, role: str, *, record_open: bool, analysis: bool | None = None
) -> dict | None:
    """The contract's event shape, as ``role`` may see it (None: not at all)."""
    projected = engine.project_event(event, role, record_open=record_open, analysis=analysis)
    if projected is None:
        return None
    return {key: projected[key] for key in ("seq", "type", "actor", "at", "data")}


def events_for_role(
    events: list[dict], role: str, *, record_open: bool, analysis: bool | None = None
) -> list[dict]:
    """Once control has opened the record for the replay, every role sees what control sees;
    the study's own events (the plan, analysts, observations) only a caller ``analysis`` allows
    (by default: control and analysts)."""
    projected = (
        event_for_role(event, role, record_open=record_open, analysis=analysis) for event in events
    )
    return [event for event in projected if event is not None]


class Commands(GameView):
    @extend_schema(
        summary="Send a command (see the body of each command type)",
        request={"application/json": COMMAND_REQUEST},
        responses={201: COMMAND_RESPONSE, **errors(400, 401, 403, 404, 409, 413, 422, 429)},
        examples=EXAMPLES,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                IDEMPOTENCY_KEY,
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
        except CommandRefused as refused:
            raise ApiError(refused.status, refused.code, refused.message) from None
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
