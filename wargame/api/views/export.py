"""``GET /api/games/{id}/export/``: the game's log as JSON Lines, for the facilitator."""

from django.http import StreamingHttpResponse
from drf_spectacular.utils import OpenApiResponse, extend_schema

from wargame.api.errors import ApiError
from wargame.api.schema import errors
from wargame.api.views.base import GameView
from wargame.games.access import require_control
from wargame.games.exports import export_lines


class Export(GameView):
    @extend_schema(
        summary="The game's log as JSON Lines (one event per line, in seq order), once ended",
        responses={
            200: OpenApiResponse(description="application/jsonl"),
            **errors(401, 403, 404, 422),
        },
    )
    def get(self, request, game_id):
        require_control(self.role, "export its log")
        if self.game.status != "ended":
            # The first event holds the seed of the game's dice, which an import needs to
            # rebuild the same states: while the game runs it would tell the draws to come.
            raise ApiError(
                422,
                "game_not_ended",
                "the log holds the seed of the game's dice: export it once the game has ended",
            )
        response = StreamingHttpResponse(export_lines(self.game), content_type="application/jsonl")
        response["Content-Disposition"] = f'attachment; filename="game-{self.game.id}.jsonl"'
        return response
