"""App configuration of the REST API."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wargame.api"
    label = "api"

    def ready(self) -> None:
        from wargame.api import openapi  # noqa: F401  (registers the schema extensions)
