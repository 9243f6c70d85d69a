"""App configuration of the game log."""

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def guard_events_after_migrating(sender, using: str = "default", **kwargs) -> None:
    """Put the append-only guard back after every migrate: a migration that rebuilds the events
    table (as SQLite does to alter a column) would otherwise drop its triggers with it."""
    from wargame.games.guard import install_guard

    install_guard(connections[using])


class GamesConfig(AppConfig):
    name = "wargame.games"
    label = "games"
    verbose_name = "Games"

    def ready(self) -> None:
        post_migrate.connect(guard_events_after_migrating, sender=self)
        from wargame.games.access import connect_signals

        connect_signals()
