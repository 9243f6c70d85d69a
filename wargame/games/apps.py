"""App configuration of the game log."""

from django.apps import AppConfig


class GamesConfig(AppConfig):
    name = "wargame.games"
    label = "games"
    verbose_name = "Games"
