"""App configuration of the REST API."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wargame.api"
    label = "api"
