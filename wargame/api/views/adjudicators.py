"""``/api/games/{id}/adjudicators/`` and ``/estimates/``: the White Cell's named adjudicators,
their own links, their blind estimates, and (after the game) their calibration.

The facilitator lists, adds (``POST``: the link is shown only then), re-links and removes
adjudicators. An adjudicator's link opens ``estimates/`` alone: ``GET`` the moves waiting for
adjudication with the caller's own estimates (and everyone's once all have answered),
``POST`` an estimate. ``calibration/`` is the facilitator's, and everyone's once the record is
open: no seat sees an estimate before.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from wargame.api.errors import ApiError
from wargame.api.schema import (
    ADJUDICATOR,
    ADJUDICATOR_BODY,
    ADJUDICATOR_LINK,
    CALIBRATION,
    ESTIMATE_BOARD,
    ESTIMATE_BODY,
    errors,
)
from wargame.api.views.base import WargameView
from wargame.games import adjudicators
from wargame.games.access import (
    CONTROL,
    FORBIDDEN,
    AccessDenied,
    adjudicator_in_game,
    require_facilitates,
    role_in_game,
)
from wargame.games.intake import CommandRefused
from wargame.games.selectors import game_by_id

MAX_ADJUDICATOR_ID = 100


def _game(game_id):
    game = game_by_id(game_id)
    if game is None:
        raise ApiError(404, "not_found", "no such game")
    return game


def _adjudicator_id(adjudicator: str) -> str:
    if not (0 < len(adjudicator) <= MAX_ADJUDICATOR_ID and adjudicator.isprintable()):
        raise ApiError(404, "not_found", "no such adjudicator in this game")
    return adjudicator


def _refused(refused: CommandRefused, *, not_found: str | None = None) -> ApiError:
    code = 404 if refused.code == not_found else refused.status
    return ApiError(code, refused.code, refused.message)


def _link(request, game, adjudicator: dict, token: str) -> dict:
    from django.conf import settings

    base = settings.WARGAME_PUBLIC_URL or request.build_absolute_uri("/")
    return {
        **adjudicator,
        "token": token,
        "join_url": f"{base.rstrip('/')}/adjudicate/{game.id}/#token={token}",
    }


class AdjudicatorList(WargameView):
    @extend_schema(
        operation_id="adjudicators_list",
        summary="The White Cell's named adjudicators",
        request=None,
        responses={200: {"type": "array", "items": ADJUDICATOR}, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        game = _game(game_id)
        require_facilitates(request.user, game, "list the adjudicators")
        return Response(adjudicators.listing(game))

    @extend_schema(
        operation_id="adjudicators_create",
        summary="Add a named adjudicator; their own link is shown only here",
        request={"application/json": ADJUDICATOR_BODY},
        responses={201: ADJUDICATOR_LINK, **errors(400, 401, 403, 404, 422)},
    )
    def post(self, request, game_id):
        game = _game(game_id)
        require_facilitates(request.user, game, "add adjudicators")
        body = request.data
        if not isinstance(body, dict):
            raise ApiError(400, "invalid_request", "the body must be a JSON object")
        unknown = sorted(set(body) - {"name"})
        if unknown:
            raise ApiError(400, "invalid_request", f"unknown field {unknown[0]!r}")
        try:
            adjudicator, token = adjudicators.add(game, request.user, body.get("name"))
        except CommandRefused as refused:
            raise _refused(refused) from None
        return Response(_link(request, game, adjudicator, token), status=status.HTTP_201_CREATED)


class AdjudicatorDetail(WargameView):
    @extend_schema(
        operation_id="adjudicators_remove",
        summary="Take an adjudicator out of the White Cell; their link stops working at once",
        request=None,
        responses={204: None, **errors(401, 403, 404, 422)},
    )
    def delete(self, request, game_id, adjudicator):
        game = _game(game_id)
        require_facilitates(request.user, game, "remove adjudicators")
        try:
            adjudicators.remove(game, request.user, _adjudicator_id(adjudicator))
        except CommandRefused as refused:
            raise _refused(refused, not_found="no_adjudicator") from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class AdjudicatorLink(WargameView):
    @extend_schema(
        operation_id="adjudicators_link_issue",
        summary="Issue an adjudicator a new link; the old one stops working at once",
        request=None,
        responses={201: ADJUDICATOR_LINK, **errors(401, 403, 404)},
    )
    def post(self, request, game_id, adjudicator):
        game = _game(game_id)
        require_facilitates(request.user, game, "issue adjudicator links")
        try:
            found, token = adjudicators.reissue(game, _adjudicator_id(adjudicator))
        except CommandRefused as refused:
            raise _refused(refused) from None
        return Response(_link(request, game, found, token), status=status.HTTP_201_CREATED)


class Estimates(WargameView):
    @extend_schema(
        operation_id="estimates_board",
        summary="The moves waiting for adjudication and the blind estimates the caller may see",
        request=None,
        responses={200: ESTIMATE_BOARD, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        game = _game(game_id)
        adjudicator = adjudicator_in_game(request.user, game)
        return Response(adjudicators.board(game, adjudicator))

    @extend_schema(
        operation_id="estimates_give",
        summary="An adjudicator's own estimate of a move's probability (once per move)",
        request={"application/json": ESTIMATE_BODY},
        responses={201: ESTIMATE_BOARD, **errors(400, 401, 403, 404, 422)},
    )
    def post(self, request, game_id):
        game = _game(game_id)
        adjudicator_in_game(request.user, game)
        try:
            board = adjudicators.estimate(game, request.user, request.data)
        except CommandRefused as refused:
            # A well-formed body naming a move or adjudicator the game does not hold (or not
            # the caller's own) is one the game refuses: 422, as for members of unknown seats.
            if refused.code in ("unknown_move", "not_an_adjudicator"):
                raise ApiError(422, refused.code, refused.message) from None
            raise _refused(refused) from None
        return Response(board, status=status.HTTP_201_CREATED)


class Calibration(WargameView):
    @extend_schema(
        operation_id="calibration",
        summary="Each adjudicator's Brier score and the moves where they disagreed most",
        request=None,
        responses={200: CALIBRATION, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        game = _game(game_id)
        role = role_in_game(request.user, game)
        if role != CONTROL and not game.replay_open:
            raise AccessDenied(
                FORBIDDEN, "the estimates are the White Cell's until the record is open"
            )
        return Response(adjudicators.calibration(game, role))
