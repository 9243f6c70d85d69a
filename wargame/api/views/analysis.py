"""``/initiative/`` and ``/dataset/``: the analyses of a game and its data for notebooks, as the
caller's role (or the role named with ``?as=``) may see them."""

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.response import Response

from wargame.api.schema import errors
from wargame.api.views.base import GameView, viewing_role
from wargame.api.views.views import AS
from wargame.games.dataset import dataset_zip
from wargame.games.initiative import initiative
from wargame.games.record import role_record

_NUMBER = {"type": "number", "nullable": True}
_INTEGER = {"type": "integer"}
INITIATIVE = {
    "type": "object",
    "properties": {
        "role": {"type": "string"},
        "seq": _INTEGER,
        "turns": {"type": "array", "items": _INTEGER},
        "seats": {"type": "array", "items": {"type": "object"}},
        "catalog_seats": {"type": "array", "items": {"type": "string"}},
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "seat": {"type": "string"},
                    "team": {"type": "string"},
                    "turn": _INTEGER,
                    "moves": _INTEGER,
                    "opened": _INTEGER,
                    "answered": _INTEGER,
                    "undisclosed": _INTEGER,
                    "answered_seats": {"type": "array", "items": {"type": "string"}},
                    "public": _INTEGER,
                    "secret": _INTEGER,
                    "free": _INTEGER,
                    "leverage_held": {"type": "integer", "nullable": True},
                    "leverage_used": _INTEGER,
                    "locked_by": {"type": "string", "nullable": True},
                    "lock_seconds": _NUMBER,
                },
            },
        },
        "indicator": {"type": "object", "nullable": True},
        "indicator_note": {"type": "string"},
    },
}


class Initiative(GameView):
    @extend_schema(
        summary="Initiative per seat and turn: opened or answered, leverage held and used, "
        "secret and public moves, time to lock the orders (docs/analysis.md)",
        parameters=[AS],
        responses={200: INITIATIVE, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        role = viewing_role(request, self.game, self.role)
        return Response(initiative(role_record(self.game, role, analysis=self.reads_study())))


class Dataset(GameView):
    @extend_schema(
        summary="The game's record as a zip of tidy CSV tables with a data dictionary, as the "
        "role may see it",
        parameters=[AS],
        responses={200: OpenApiResponse(description="application/zip"), **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        role = viewing_role(request, self.game, self.role)
        response = HttpResponse(
            dataset_zip(role_record(self.game, role, analysis=self.reads_study())),
            content_type="application/zip",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="dataset-{self.game.id}-{role}.zip"'
        )
        return response
