"""``/api/games/{id}/members/``: the named members of each seat and their own join links.

The White Cell lists every seat's members, adds one (``POST``: the member's link is shown
only then), issues a member a new link, revokes a member's link, or takes the member out of
the roster. A seat lists its own members; ``members/me/`` tells any seat or member token who
it is and the last seq its pages showed.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from wargame.api.errors import ApiError
from wargame.api.schema import ME, MEMBER, MEMBER_BODY, MEMBER_LINK, errors
from wargame.api.views.base import GameView
from wargame.api.views.games import join_url
from wargame.games import members
from wargame.games.access import CONTROL, OBSERVER, require_facilitates
from wargame.games.intake import CommandRefused

MAX_MEMBER_ID = 100


def _member_id(member_id: str) -> str:
    if not (0 < len(member_id) <= MAX_MEMBER_ID and member_id.isprintable()):
        raise ApiError(404, "not_found", "no such member in this game")
    return member_id


def _link(request, game, member: dict, token: str) -> dict:
    return {**member, "token": token, "join_url": join_url(request, game, member["seat"], token)}


class MemberList(GameView):
    @extend_schema(
        operation_id="members_list",
        summary="The members of each seat (control) or of the caller's own seat",
        request=None,
        responses={200: {"type": "array", "items": MEMBER}, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        if self.role == OBSERVER:
            raise ApiError(403, "forbidden", "the observer has no members")
        return Response(members.listing(self.game, self.role))

    @extend_schema(
        operation_id="members_create",
        summary="Add a named member to a seat; the member's join link is shown only here",
        request={"application/json": MEMBER_BODY},
        responses={201: MEMBER_LINK, **errors(400, 401, 403, 404, 422)},
    )
    def post(self, request, game_id):
        require_facilitates(request.user, self.game, "add members")
        body = request.data
        if not isinstance(body, dict):
            raise ApiError(400, "invalid_request", "the body must be a JSON object")
        unknown = sorted(set(body) - {"seat", "name"})
        if unknown:
            raise ApiError(400, "invalid_request", f"unknown field {unknown[0]!r}")
        try:
            member, token = members.add(
                self.game, request.user, seat=body.get("seat"), name=body.get("name")
            )
        except CommandRefused as refused:
            raise ApiError(refused.status, refused.code, refused.message) from None
        return Response(_link(request, self.game, member, token), status=status.HTTP_201_CREATED)


class MemberDetail(GameView):
    @extend_schema(
        operation_id="members_remove",
        summary="Take a member out of the seat; the member's link stops working at once",
        request=None,
        responses={204: None, **errors(401, 403, 404, 422)},
    )
    def delete(self, request, game_id, member_id):
        require_facilitates(request.user, self.game, "remove members")
        try:
            members.remove(self.game, request.user, _member_id(member_id))
        except CommandRefused as refused:
            status_code = 404 if refused.code == "no_member" else refused.status
            raise ApiError(status_code, refused.code, refused.message) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class MemberLink(GameView):
    @extend_schema(
        operation_id="members_link_issue",
        summary="Issue a member a new join link; the old one stops working at once",
        request=None,
        responses={201: MEMBER_LINK, **errors(401, 403, 404)},
    )
    def post(self, request, game_id, member_id):
        require_facilitates(request.user, self.game, "issue member links")
        try:
            member, token = members.reissue(self.game, _member_id(member_id))
        except CommandRefused as refused:
            raise ApiError(refused.status, refused.code, refused.message) from None
        return Response(_link(request, self.game, member, token), status=status.HTTP_201_CREATED)

    @extend_schema(
        operation_id="members_link_revoke",
        summary="Revoke a member's join link at once (the member stays in the seat)",
        request=None,
        responses={204: None, **errors(401, 403, 404)},
    )
    def delete(self, request, game_id, member_id):
        require_facilitates(request.user, self.game, "revoke member links")
        try:
            members.revoke(self.game, _member_id(member_id))
        except CommandRefused as refused:
            raise ApiError(refused.status, refused.code, refused.message) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class Me(GameView):
    @extend_schema(
        operation_id="members_me",
        summary="Who the caller is in its team, and the last seq its pages showed",
        request=None,
        responses={200: ME, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        if self.role == CONTROL:
            return Response({"role": CONTROL, "member": None, "last_seen_seq": None})
        return Response(members.me(self.game, request.user, self.role))
