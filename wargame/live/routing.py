"""Websocket routes."""

from django.urls import path

from wargame.live.consumers import GameConsumer
from wargame.live.simulation_progress import SimulationProgressConsumer

websocket_urlpatterns = [
    path("ws/games/<str:game_id>/", GameConsumer.as_asgi()),
    path("ws/simulations/<str:simulation_id>/", SimulationProgressConsumer.as_asgi()),
]
