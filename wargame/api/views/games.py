"""``/api/games/``: create a game with its seats, list a facilitator's games, read one game."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from wargame.api.auth import IsFacilitator
from wargame.api.errors import ApiError
from wargame.api.schema import GAME_CREATED, GAME_DETAIL, GAME_LISTED, SEAT_TOKEN, errors
from wargame.api.views.base import GameView, WargameView
from wargame.games import service
from wargame.games.access import CONTROL, OBSERVER, is_role_name, require_facilitates
from wargame.games.models import Event, Game, Scenario
from wargame.games.tokens import issue_seat_token


class TextField(serializers.CharField):
    """A JSON string, nothing else: DRF's CharField would take 0 or true as the text "0"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class CreateGameBody(serializers.Serializer):
    # What the document adds to these (the loaded slugs; a title with a visible character and
    # no NUL): wargame.api.schema.create_game_body.
    scenario = TextField(max_length=100)
    title = TextField(max_length=200)
    # The game's clock settings, as set_clock's phases (docs/engine.md): checked by the engine.
    clock = serializers.ListField(
        child=serializers.DictField(), required=False, allow_null=True, max_length=10
    )


def join_url(request, game: Game, role: str, token: str) -> str:
    """The link a team (or the projector) opens: the team console, or for the observer the
    plenary screen. The token rides in the fragment, which browsers never send to a server,
    so it stays out of access logs and proxies; the page reads it from there."""
    page = "plenary" if role == OBSERVER else "play"
    base = settings.WARGAME_PUBLIC_URL or request.build_absolute_uri("/")
    return f"{base.rstrip('/')}/{page}/{game.id}/#token={token}"


def seat_entry(request, game: Game, role: str) -> dict:
    token = issue_seat_token(game=game, role=role)
    return {"role": role, "token": token, "join_url": join_url(request, game, role, token)}


def game_created(request, game: Game, roles: list[str]) -> dict:
    """The body of a 201 for a new game (created, branched, or a simulated run opened): its
    summary and a token and join link for every seat and the observer, shown only here. Call it
    inside the transaction that created the game."""
    seats = [seat_entry(request, game, role) for role in roles]
    observer = seat_entry(request, game, OBSERVER)
    return {
        **game_summary(game),
        "seats": seats,
        "observer": {k: observer[k] for k in ("token", "join_url")},
    }


def game_summary(game: Game) -> dict:
    return {
        "id": str(game.id),
        "title": game.title,
        "scenario": game.scenario,
        "status": game.status,
        "seq": game.seq,
        "turn": game.turn,
        "phase": game.phase,
        "replay_open": game.replay_open,
        "head_hash": game.head_hash,
        # "recorded" here, or imported: "verified" (signed by a trusted key) or "unverified"
        # (imported with the explicit flag: shown as "origin not verified").
        "origin": game.origin,
        "origin_note": game.origin_note,
        # A branch: the game it was started from and the seq it starts at (else both null).
        "parent_id": str(game.parent_id) if game.parent_id is not None else None,
        "fork_seq": game.fork_seq,
    }


class GameList(WargameView):
    permission_classes = [IsFacilitator]

    @extend_schema(
        operation_id="games_list",
        summary="The calling facilitator's games",
        request=None,
        responses={200: {"type": "array", "items": GAME_LISTED}, **errors(401, 403)},
    )
    def get(self, request):
        games = Game.objects.all()
        if not request.user.user.is_superuser:
            games = games.filter(created_by=request.user.user)
        return Response(
            [{**game_summary(g), "created_at": g.created_at.isoformat()} for g in games]
        )

    @extend_schema(
        operation_id="games_create",
        summary="Create a game; the seat and observer tokens are shown only here",
        request=CreateGameBody,
        responses={201: GAME_CREATED, **errors(400, 401, 403, 422)},
    )
    def post(self, request):
        body = CreateGameBody(data=request.data)
        if not body.is_valid():
            raise ApiError(400, "invalid_request", _errors(body.errors))
        scenario = Scenario.objects.filter(slug=body.validated_data["scenario"]).first()
        if scenario is None:
            raise ApiError(400, "unknown_scenario", "no scenario with that slug is loaded")
        with transaction.atomic():
            try:
                game = service.create_game(
                    scenario=scenario,
                    title=body.validated_data["title"],
                    created_by=request.user.user,
                    actor_name=request.user.display_name,
                    clock=body.validated_data.get("clock"),
                )
            except service.CommandRejected as rejected:
                # The shape of the settings is a 400; what does not fit the scenario a 422.
                code = 422 if rejected.rejection.kind == "rules" else 400
                raise ApiError(code, rejected.rejection.code, rejected.rejection.message) from None
            body = game_created(request, game, scenario.document["roles"])
        return Response(body, status=status.HTTP_201_CREATED)


class GameDetail(GameView):
    @extend_schema(
        operation_id="games_retrieve",
        summary="A game's status; the facilitator also gets the state hash",
        responses={200: GAME_DETAIL, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        body = game_summary(self.game)
        if self.role == CONTROL:
            head = (
                Event.objects.filter(game=self.game, seq=self.game.seq).only("state_hash").first()
            )
            body["state_hash"] = head.state_hash if head is not None else ""
        return Response(body)


class SeatToken(GameView):
    @extend_schema(
        summary="Issue a new token for a seat (or the observer); the old one stops working",
        request=None,
        responses={201: SEAT_TOKEN, **errors(401, 403, 404)},
    )
    def post(self, request, game_id, role):
        require_facilitates(request.user, self.game, "re-issue tokens")
        if not (is_role_name(role) and self.game.seats.filter(role=role).exists()):
            raise ApiError(404, "not_found", f"no seat {role!r} in this game")
        return Response(seat_entry(request, self.game, role), status=status.HTTP_201_CREATED)


def _errors(errors: dict) -> str:
    return "; ".join(f"{field}: {' '.join(map(str, msgs))}" for field, msgs in errors.items())
