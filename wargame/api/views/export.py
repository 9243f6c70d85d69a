"""``GET /api/games/{id}/export/``: the game's log as JSON Lines, for the facilitator."""

from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema

from wargame.api.auth import CONTROL
from wargame.api.errors import ApiError
from wargame.api.views.base import GameView
from wargame.games.exports import export_lines


class Export(GameView):
    @extend_schema(
        summary="The game's log as JSON Lines (one event per line, in seq order)",
        responses={200: OpenApiResponse(description="application/jsonl")},
    )
    def get(self, request, game_id):
        if self.role != CONTROL:
            raise ApiError(403, "forbidden", "only the game's facilitator may export its log")
        response = StreamingHttpResponse(export_lines(self.game), content_type="application/jsonl")
        response["Content-Disposition"] = f'attachment; filename="game-{self.game.id}.jsonl"'
        return response
