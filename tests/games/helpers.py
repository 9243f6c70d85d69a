"""Small builders for the game-log tests."""

from __future__ import annotations

from wargame.games import service
from wargame.games.models import Scenario

CONTROL = {"role": "control", "name": "White Cell"}


def tutorial_game(title: str = "Test game"):
    """A new game of the tutorial scenario, created through the game service."""
    return service.create_game(scenario=Scenario.objects.get(slug="tutorial"), title=title)


def note(game, text: str, **kwargs):
    return service.execute(
        game=game, command={"type": "add_note", "text": text}, actor=CONTROL, **kwargs
    )
