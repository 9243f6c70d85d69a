"""Websocket routes."""

from django.urls import path

from wargame.live.consumers import GameConsumer

websocket_urlpatterns = [path("ws/games/<str:game_id>/", GameConsumer.as_asgi())]
