"""``/api/games/{id}/branches/``: start a what-if game from any seq of a game; and
``/api/games/{id}/family/``: the game's family tree (its ancestors and every branch below them)
as far as the caller may read it."""

from __future__ import annotations

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from wargame.api.errors import ApiError
from wargame.api.schema import FAMILY, GAME_CREATED, MAX_SEQ, errors
from wargame.api.views.base import GameView
from wargame.api.views.games import TextField, _errors, game_created, game_summary
from wargame.games import service
from wargame.games.access import CONTROL, FACILITATOR, FORBIDDEN, AccessDenied
from wargame.games.comparison import family_of, readable
from wargame.games.models import Game
from wargame.games.rebuild import load_state


class StrictInteger(serializers.IntegerField):
    """A JSON integer, nothing else: DRF's IntegerField would take "5" or 5.0."""

    def to_internal_value(self, data):
        if not isinstance(data, int) or isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBoolean(serializers.BooleanField):
    """true or false, nothing else: DRF's BooleanField would take "yes" or 1."""

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class BranchBody(serializers.Serializer):
    at = StrictInteger(min_value=1, max_value=MAX_SEQ, help_text="the seq to branch from")
    title = TextField(max_length=200, help_text="the branch's title")
    keep_dice = StrictBoolean(
        required=False,
        default=False,
        help_text="keep the parent's random stream (to compare decisions under the same luck); "
        "default: fresh dice",
    )


def may_branch(game: Game, role: str) -> None:
    """The game's White Cell may branch it at any time; every other role once the record is
    open for the replay (the same rule as viewing it as another role)."""
    if role != CONTROL and not game.replay_open:
        raise AccessDenied(
            FORBIDDEN,
            "only the White Cell may branch this game until the record is open for the replay",
        )


class Branches(GameView):
    @extend_schema(
        operation_id="games_branch",
        summary="Start a new game from the game's state at a seq; its seat and observer tokens "
        "are shown only here",
        request=BranchBody,
        responses={201: GAME_CREATED, **errors(400, 401, 403, 404, 422)},
    )
    def post(self, request, game_id):
        may_branch(self.game, self.role)
        body = BranchBody(data=request.data)
        if not body.is_valid():
            raise ApiError(400, "invalid_request", _errors(body.errors))
        data = body.validated_data
        principal = request.user
        # The branch's White Cell: the facilitator who made it, or (a seat or the observer of an
        # open record asking) the parent's.
        owner = principal.user if principal.kind == FACILITATOR else self.game.created_by
        try:
            with transaction.atomic():
                branch = service.create_branch(
                    parent=self.game,
                    at=data["at"],
                    title=data["title"],
                    keep_dice=data["keep_dice"],
                    created_by=owner,
                    actor_name=principal.display_name,
                )
                created = game_created(request, branch, roles_of(branch))
        except service.BranchRefused as refused:
            # The game's log as it stands refuses it (a seq it does not have, its end): the
            # contract's 422, as for a command the rules refuse now.
            raise ApiError(422, "branch_refused", str(refused)) from None
        return Response(created, status=status.HTTP_201_CREATED)


def roles_of(game: Game) -> list[str]:
    """The game's seats: the roles of the scenario document its state carries."""
    state = load_state(game.id)
    return list(state["scenario"]["roles"]) if state else []


class Family(GameView):
    @extend_schema(
        operation_id="games_family",
        summary="The game's family tree: its ancestors and their branches that the caller may "
        "read, each with its parent and fork seq",
        request=None,
        responses={200: FAMILY, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        members = family_of(self.game)
        root = members[0] if members else self.game
        games = [
            {**game_summary(game), "created_at": game.created_at.isoformat()}
            for game in members
            if readable(request.user, game)
        ]
        return Response({"game": str(self.game.id), "root": str(root.id), "games": games})
