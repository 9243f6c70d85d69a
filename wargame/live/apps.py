"""App configuration of live push."""

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "wargame.live"
    label = "live"

    def ready(self) -> None:
        from wargame.live.revocation import connect_signals

        connect_signals()
