"""App configuration of live push."""

from django.apps import AppConfig


class LiveConfig(AppConfig):
    name = "wargame.live"
    label = "live"
