"""``/ws/simulations/<id>/``: a simulation's progress pushed to its page as chunks are played,
its results in the last frame, then a clean close; and the API's rule of who may follow it."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from tests.players import Caller, create_game
from wargame.asgi import application
from wargame.games import simulations
from wargame.games.tokens import issue_facilitator_token

pytestmark = [pytest.mark.live, pytest.mark.asyncio]


@pytest.fixture
def triangle(committed_db):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    return create_game(Caller(token), "Simulated", scenario="triangle-2024")


async def follow(simulation_id: str, token: str | None) -> WebsocketCommunicator:
    query = f"?token={token}" if token else ""
    communicator = WebsocketCommunicator(application, f"/ws/simulations/{simulation_id}/{query}")
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def frame(communicator: WebsocketCommunicator) -> dict:
    message = json.loads(await communicator.receive_from(timeout=5))
    assert message["type"] == "simulation"
    return message["simulation"]


async def closed_with(communicator: WebsocketCommunicator) -> int:
    output = await communicator.receive_output(timeout=5)
    assert output["type"] == "websocket.close", output
    return output["code"]


async def test_progress_is_pushed_chunk_by_chunk_then_the_results_and_a_close(triangle):
    start = sync_to_async(triangle.control.post)
    started = (
        await start(f"/api/games/{triangle.id}/simulations/", {"runs": 6, "chunk_size": 2})
    ).json()
    socket = await follow(started["id"], triangle.control.token)
    first = await frame(socket)
    assert first["status"] == "running" and first["progress"]["runs_done"] == 0
    play = sync_to_async(simulations.play_chunk.call)
    for index, done in ((0, 2), (1, 4)):
        await play(started["id"], index)
        shown = await frame(socket)
        assert shown["status"] == "running" and shown["progress"]["runs_done"] == done
    await play(started["id"], 2)
    last = await frame(socket)
    assert last["status"] == "done" and last["progress"]["runs_done"] == 6
    assert last["results"]["runs"] == 6
    # The same body as the API's.
    shown = (await sync_to_async(triangle.control.get)(f"/api/simulations/{started['id']}/")).json()
    assert last == shown
    assert await closed_with(socket) == 1000


async def test_who_may_follow_a_simulation_is_the_apis_rule(triangle):
    started = (
        await sync_to_async(triangle.control.post)(
            f"/api/games/{triangle.id}/simulations/", {"runs": 2}
        )
    ).json()
    _, bob, _ = await sync_to_async(issue_facilitator_token)(username="bob")
    others = await sync_to_async(create_game)(Caller(bob), "Bob's game")
    for token, code in (
        (None, 4401),
        ("not-a-token", 4401),
        (triangle.seats["beijing"].token, 4403),  # a seat, before the record is open
        (others.seats["beijing"].token, 4403),  # a seat of another game
        (bob, 4403),  # another game's facilitator
    ):
        assert await closed_with(await follow(started["id"], token)) == code, token
    for unknown in ("nope", "00000000-0000-0000-0000-000000000000"):
        assert await closed_with(await follow(unknown, triangle.control.token)) == 4404
