"""``GET /api/games/{id}/presence/``: who is in the room, for control."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from wargame.api.schema import PRESENCE, errors
from wargame.api.views.base import GameView
from wargame.games.access import require_control
from wargame.live.presence import summary


class Presence(GameView):
    @extend_schema(
        summary="Per role, how many sockets are open and the names they gave (control only)",
        responses={200: PRESENCE, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        require_control(self.role, "see who is connected")
        return Response(summary(self.game.id))
