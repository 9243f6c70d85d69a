"""Read-side helpers shared by the management commands, the API and the sockets."""

from __future__ import annotations

import uuid

from django.core.management.base import CommandError

from wargame.games.models import Game


def game_by_id(game_id: object) -> Game | None:
    """The game with this id, or None when there is none or the id is not a game id."""
    try:
        key = uuid.UUID(str(game_id))
    except ValueError:
        return None
    return Game.objects.filter(pk=key).first()


def find_game(game_id: str) -> Game:
    """The game with this id, for management commands: a clear error when there is none."""
    game = game_by_id(game_id)
    if game is None:
        raise CommandError(f"no such game: {game_id}")
    return game
