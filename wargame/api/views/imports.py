"""``POST /api/games/import/``: a facilitator imports an exported log as a new game of theirs;
``GET /api/keys/``: the public key that signs this server's exports."""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import OpenApiParameter, OpenApiRequest, extend_schema
from rest_framework import permissions, status
from rest_framework.parsers import BaseParser
from rest_framework.response import Response

from wargame.api.auth import IsFacilitator
from wargame.api.errors import ApiError
from wargame.api.schema import GAME, errors
from wargame.api.views.base import WargameView
from wargame.games import signing
from wargame.games.imports import UNVERIFIED_HINT, ImportRefused, import_log

# The command line's advice (--unverified) in the words of this endpoint.
API_UNVERIFIED_HINT = (
    "send it again with unverified=true to import it anyway (the game is then marked "
    "'origin not verified')"
)

UNVERIFIED = OpenApiParameter(
    "unverified",
    bool,
    description="accept an unsigned log, or one signed by a key this server does not trust; "
    "the game is marked 'origin not verified'",
)


class _LogBody(BaseParser):
    """Any content type; the body is left unread for the view to read within its own limit
    (DRF would otherwise refuse application/jsonl when the session's CSRF check looks at it)."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None):
        return {}


class Import(WargameView):
    permission_classes = [IsFacilitator]
    parser_classes = [_LogBody]

    @extend_schema(
        operation_id="games_import",
        summary="Import an exported log (the JSON Lines body) as a new game of the caller's",
        parameters=[UNVERIFIED],
        request=OpenApiRequest(request={"type": "string"}),
        responses={201: GAME, **errors(400, 401, 403, 413, 422)},
    )
    def post(self, request):
        limit = settings.WARGAME_IMPORT_MAX_BYTES
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > limit:
            raise _too_large(limit)
        # Read here, not through request.body: an export is larger than the 64 KiB every
        # other request is held to.
        raw = request._request.read(limit + 1)
        if len(raw) > limit:
            raise _too_large(limit)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise ApiError(400, "invalid_log", f"line {line}: not UTF-8 text") from None
        flag = request.query_params.get("unverified", "")
        if flag not in {"", "0", "1", "true", "false"}:
            raise ApiError(400, "invalid_request", "'unverified' must be true or false")
        try:
            game = import_log(text, facilitator=request.user.user, unverified=flag in {"1", "true"})
        except ImportRefused as exc:
            code = 422 if exc.code == "origin_not_verified" else 400
            message = str(exc).replace(UNVERIFIED_HINT, API_UNVERIFIED_HINT)
            raise ApiError(code, exc.code, message) from None
        from wargame.api.views.games import game_summary

        return Response(game_summary(game), status=status.HTTP_201_CREATED)


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "too_large", f"the log is larger than {limit // (1 << 20)} MiB")


class Keys(WargameView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="keys",
        summary="The public key that signs this server's exports, and the keys it trusts",
        responses={
            200: {
                "type": "object",
                "properties": {
                    "signing_key": {"type": "string"},
                    "trusted_keys": {"type": "array", "items": {"type": "string"}},
                },
            }
        },
    )
    def get(self, request):
        own = signing.own_key()
        others = sorted(signing.trusted_keys() - {own})
        return Response({"signing_key": own, "trusted_keys": others})
