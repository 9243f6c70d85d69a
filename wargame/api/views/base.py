"""What every view of a game shares: authentication, throttling, finding the game and the role."""

from __future__ import annotations

from rest_framework.views import APIView

from wargame.api.auth import (
    BearerTokenAuthentication,
    FacilitatorSessionAuthentication,
    IsAuthenticated,
)
from wargame.api.errors import ApiError
from wargame.api.schema import MAX_SEQ
from wargame.games.access import ANALYST, CONTROL, role_in_game, role_to_view
from wargame.games.models import Game
from wargame.games.selectors import game_by_id
from wargame.games.throttling import TokenRateThrottle


class WargameView(APIView):
    authentication_classes = [BearerTokenAuthentication, FacilitatorSessionAuthentication]
    permission_classes = [IsAuthenticated]
    throttle_classes = [TokenRateThrottle]


class GameView(WargameView):
    """A view of one game: ``self.game`` and the caller's ``self.role`` in it."""

    game: Game
    role: str

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        game = game_by_id(kwargs.get("game_id"))
        if game is None:
            raise ApiError(404, "not_found", "no such game")
        self.game = game
        self.role = role_in_game(request.user, game)

    def reads_study(self) -> bool:
        """Whether the caller may read the study's own record (the plan, the analysts, their
        observations): by its own role, control or an analyst, whatever chair it views from."""
        return self.role in (CONTROL, ANALYST)


def viewing_role(request, game: Game, role: str) -> str:
    """The role whose view to show: the caller's own, or another with ``?as=ROLE``."""
    return role_to_view(game, role, request.query_params.get("as"), request.user)


def seq_param(request, name: str, *, default: int | None = None, minimum: int = 0) -> int | None:
    """An integer query parameter from ``minimum`` to MAX_SEQ, or a 400 saying what is wrong
    with it (the OpenAPI document gives the same bounds: wargame/api/schema.py)."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "invalid_request", f"'{name}' must be a whole number") from None
    if value < minimum:
        if minimum == 0:
            raise ApiError(400, "invalid_request", f"'{name}' must not be negative")
        raise ApiError(400, "invalid_request", f"'{name}' must be at least {minimum}")
    if value > MAX_SEQ:
        raise ApiError(400, "invalid_request", f"'{name}' must be at most {MAX_SEQ}")
    return value
