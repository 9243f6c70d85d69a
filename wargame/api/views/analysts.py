"""``/api/games/{id}/analysts/`` and ``/api/games/{id}/analysis/``: the analysts of a game,
their own links and grants, and the study's record.

The White Cell lists the analysts, adds one (``POST``: the analyst's link is shown only then),
changes an analyst's grant (``PATCH``), issues a new link or revokes one, or takes the analyst
out. ``analysis/`` gives the White Cell and the analysts the collection plan, the analysts and
every observation; a seat or the observer is refused it.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from wargame.api.errors import ApiError
from wargame.api.schema import ANALYSIS, ANALYST, ANALYST_BODY, ANALYST_GRANT, ANALYST_LINK, errors
from wargame.api.views.base import GameView
from wargame.games import analysts
from wargame.games.access import ANALYST as ANALYST_ROLE
from wargame.games.access import CONTROL, require_facilitates
from wargame.games.intake import CommandRefused

MAX_ANALYST_ID = 100


def _analyst_id(analyst_id: str) -> str:
    if not (0 < len(analyst_id) <= MAX_ANALYST_ID and analyst_id.isprintable()):
        raise ApiError(404, "not_found", "no such analyst in this game")
    return analyst_id


def _body(request, allowed: set[str]) -> dict:
    body = request.data
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "the body must be a JSON object")
    unknown = sorted(set(body) - allowed)
    if unknown:
        raise ApiError(400, "invalid_request", f"unknown field {str(unknown[0])[:40]!r}")
    return body


def _link(request, game, analyst: dict, token: str) -> dict:
    """The analyst's link opens the replay page, its Observations panel beside it."""
    base = settings.WARGAME_PUBLIC_URL or request.build_absolute_uri("/")
    url = f"{base.rstrip('/')}/replay/{game.id}/#token={token}"
    return {**analyst, "token": token, "join_url": url}


def _refused(refused: CommandRefused) -> ApiError:
    code = 404 if refused.code == "no_analyst" else refused.status
    return ApiError(code, refused.code, refused.message)


class AnalystList(GameView):
    @extend_schema(
        operation_id="analysts_list",
        summary="The game's analysts, their grants and whether each has a link",
        request=None,
        responses={200: {"type": "array", "items": ANALYST}, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        require_facilitates(request.user, self.game, "list the analysts")
        return Response(analysts.listing(self.game))

    @extend_schema(
        operation_id="analysts_create",
        summary="Add a named analyst with a grant; the analyst's link is shown only here",
        request={"application/json": ANALYST_BODY},
        responses={201: ANALYST_LINK, **errors(400, 401, 403, 404, 422)},
    )
    def post(self, request, game_id):
        require_facilitates(request.user, self.game, "add analysts")
        body = _body(request, {"name", "grant"})
        try:
            grant = {"grant": body["grant"]} if "grant" in body else {}
            analyst, token = analysts.add(self.game, request.user, name=body.get("name"), **grant)
        except CommandRefused as refused:
            raise _refused(refused) from None
        return Response(_link(request, self.game, analyst, token), status=status.HTTP_201_CREATED)


class AnalystDetail(GameView):
    @extend_schema(
        operation_id="analysts_grant",
        summary="Change what an analyst sees: the public record, or everything",
        request={"application/json": ANALYST_GRANT},
        responses={200: ANALYST, **errors(400, 401, 403, 404, 422)},
    )
    def patch(self, request, game_id, analyst_id):
        require_facilitates(request.user, self.game, "change an analyst's grant")
        body = _body(request, {"grant"})
        if "grant" not in body:
            raise ApiError(400, "invalid_request", "'grant' is required (public or all)")
        try:
            found = analysts.grant(self.game, request.user, _analyst_id(analyst_id), body["grant"])
        except CommandRefused as refused:
            raise _refused(refused) from None
        return Response(found)

    @extend_schema(
        operation_id="analysts_remove",
        summary="Take an analyst out of the game; the analyst's link stops working at once",
        request=None,
        responses={204: None, **errors(401, 403, 404, 422)},
    )
    def delete(self, request, game_id, analyst_id):
        require_facilitates(request.user, self.game, "remove analysts")
        try:
            analysts.remove(self.game, request.user, _analyst_id(analyst_id))
        except CommandRefused as refused:
            raise _refused(refused) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class AnalystLink(GameView):
    @extend_schema(
        operation_id="analysts_link_issue",
        summary="Issue an analyst a new link; the old one stops working at once",
        request=None,
        responses={201: ANALYST_LINK, **errors(401, 403, 404)},
    )
    def post(self, request, game_id, analyst_id):
        require_facilitates(request.user, self.game, "issue analyst links")
        try:
            analyst, token = analysts.reissue(self.game, _analyst_id(analyst_id))
        except CommandRefused as refused:
            raise ApiError(refused.status, refused.code, refused.message) from None
        return Response(_link(request, self.game, analyst, token), status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="analysts_link_revoke",
        summary="Revoke an analyst's link at once (the analyst stays in the game)",
        request=None,
        responses={204: None, **errors(401, 403, 404)},
    )
    def delete(self, request, game_id, analyst_id):
        require_facilitates(request.user, self.game, "revoke analyst links")
        try:
            analysts.revoke(self.game, _analyst_id(analyst_id))
        except CommandRefused as refused:
            raise ApiError(refused.status, refused.code, refused.message) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class Analysis(GameView):
    @extend_schema(
        operation_id="analysis_record",
        summary="The study's record: the collection plan, the analysts, every observation",
        request=None,
        responses={200: ANALYSIS, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        if self.role not in (CONTROL, ANALYST_ROLE):
            raise ApiError(403, "forbidden", "only analysts and the White Cell see the analysis")
        return Response(analysts.study_record(self.game, request.user, self.role))
