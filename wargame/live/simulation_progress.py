"""``/ws/simulations/<id>/``: a simulation's progress, pushed to the page that started it.

The chunks are played by task workers in other processes (on any machine sharing the
database), which the in-memory channel layer does not reach; so the socket reads the
simulation's row and chunks itself, once per tick, and sends a frame only when something
changed: ``{"type": "simulation", "simulation": {...}}``, the same body as
``GET /api/simulations/{id}/``. Once the simulation has ended (done, cancelled, failed) the last
frame carries its results and the server closes the socket (1000). Who may open it is the API's
rule (``games/simulation_views.py``); a refusal closes with the game socket's codes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from wargame.games.access import NO_ROLE, AccessDenied
from wargame.games.simulation_views import NoSuchSimulation, describe, readable_simulation
from wargame.live.consumers import (
    CLOSE_BAD_TOKEN,
    CLOSE_NO_GAME,
    CLOSE_NO_ROLE,
    CLOSE_OTHER_GAME,
    SOCKET_NOT_OPEN,
    principal_of,
)

logger = logging.getLogger(__name__)

TICK_SECONDS = 0.5


@database_sync_to_async
def _open(scope: dict, simulation_id: str) -> tuple[int | None, object | None]:
    """``(close code or None, the simulation)`` for this connection."""
    principal = principal_of(scope)
    if principal is None:
        return CLOSE_BAD_TOKEN, None
    try:
        return None, readable_simulation(principal, simulation_id)
    except NoSuchSimulation:
        return CLOSE_NO_GAME, None
    except AccessDenied as refused:
        return (CLOSE_NO_ROLE if refused.reason == NO_ROLE else CLOSE_OTHER_GAME), None


@database_sync_to_async
def _read(run) -> dict:
    run.refresh_from_db()
    return describe(run)


class SimulationProgressConsumer(AsyncWebsocketConsumer):
    follower: asyncio.Task | None = None

    async def connect(self) -> None:
        # Accept first, so that the close code reaches the client.
        await self.accept()
        code, run = await _open(self.scope, self.scope["url_route"]["kwargs"]["simulation_id"])
        if code is not None:
            await self.close(code=code)
            return
        self.follower = asyncio.create_task(self.follow(run))

    async def follow(self, run) -> None:
        """Send the simulation whenever it changed, until it ends; then close."""
        sent = None
        try:
            while True:
                shown = await _read(run)
                frame = json.dumps({"type": "simulation", "simulation": shown})
                if frame != sent:
                    await self.send(text_data=frame)
                    sent = frame
                if shown["status"] != "running":
                    await self.close(code=1000)
                    return
                await asyncio.sleep(TICK_SECONDS)
        except SOCKET_NOT_OPEN:
            return  # the page left; the disconnect cleans up
        except asyncio.CancelledError:
            raise
        except Exception:
            logger.exception("the progress of simulation %s could not be followed", run.pk)
            with contextlib.suppress(*SOCKET_NOT_OPEN):
                await self.close(code=1011)

    async def disconnect(self, code: int) -> None:
        if self.follower is not None and self.follower is not asyncio.current_task():
            self.follower.cancel()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The page sends nothing here; a frame it does send is ignored."""
