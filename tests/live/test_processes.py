"""Live push across real daphne processes: two workers sharing PostgreSQL and Redis, and a
worker killed and restarted under its clients."""

from __future__ import annotations

import asyncio
import json
import os

import pytest
import websockets
from asgiref.sync import sync_to_async
from django.db import connection

from tests.conftest import require
from tests.live.servers import Daphne, ResumingClient, get_state, post_command
from tests.players import Caller, create_game
from wargame.games import service
from wargame.games.models import Game
from wargame.games.tokens import issue_facilitator_token

pytestmark = [pytest.mark.live, pytest.mark.asyncio]


@pytest.fixture
def live_game(committed_db):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    return create_game(Caller(token), "Processes")


@pytest.mark.services
async def test_a_socket_on_one_process_hears_a_command_posted_to_another(live_game, subprocess_env):
    require(
        connection.vendor == "postgresql" and bool(os.environ.get("WARGAME_REDIS_URL")),
        "two processes need PostgreSQL and Redis: set WARGAME_DATABASE_URL and WARGAME_REDIS_URL",
    )
    with Daphne(subprocess_env) as first, Daphne(subprocess_env) as second:
        client = ResumingClient(first.port, live_game.id, live_game.seats["beijing"].token)
        client.start()
        try:
            await client.wait_for_seq(1, timeout=10)
            body = await sync_to_async(post_command)(
                second, live_game.id, live_game.control.token, {"type": "start_game"}
            )
            # The requirement: the other process's socket has the new state within a second.
            await client.wait_for_seq(body["seq"], timeout=1.0)
            fresh = await sync_to_async(get_state)(
                first, live_game.id, live_game.seats["beijing"].token
            )
            assert client.view == fresh["view"]
        finally:
            await client.stop()


async def test_clients_of_a_killed_process_reconnect_and_converge(live_game, subprocess_env):
    tokens = {"control": live_game.control.token, "observer": live_game.observer.token}
    tokens |= {role: caller.token for role, caller in live_game.seats.items()}
    server = Daphne(subprocess_env).start()
    clients = {
        role: ResumingClient(server.port, live_game.id, token) for role, token in tokens.items()
    }
    try:
        for client in clients.values():
            client.start()
        await asyncio.gather(*(c.wait_for_seq(1, timeout=10) for c in clients.values()))
        server.kill()

        def moves_while_down() -> int:
            game = Game.objects.get(pk=live_game.id)
            actor = {"role": "control", "name": None}
            service.execute(game=game, command={"type": "start_game"}, actor=actor)
            return service.execute(
                game=game, command={"type": "add_note", "text": "x"}, actor=actor
            ).seq

        head = await sync_to_async(moves_while_down)()
        server = Daphne(subprocess_env, port=server.port).start()
        await asyncio.gather(*(c.wait_for_seq(head, timeout=20) for c in clients.values()))
        for role, client in clients.items():
            fresh = await sync_to_async(get_state)(server, live_game.id, tokens[role])
            assert (client.seq, client.view) == (fresh["seq"], fresh["view"]), role
            assert client.reconnects >= 1
    finally:
        for client in clients.values():
            await client.stop()
        server.kill()


async def test_sockets_catch_up_when_a_process_dies_between_commit_and_announce(
    live_game, subprocess_env
):
    """A daphne commits a command and dies before announcing it. With no new command, every
    socket on the surviving process holds the head within a few seconds: its process reads the
    heads from the database and announces a seq no hint brought."""
    env = {**subprocess_env, "WARGAME_HEARTBEAT_SECONDS": "1"}
    tokens = {"control": live_game.control.token, "observer": live_game.observer.token}
    tokens |= {role: caller.token for role, caller in live_game.seats.items()}
    crashing = Daphne(env, app="tests.live.crash_after_commit_asgi:application")
    with crashing, Daphne(env) as survivor:
        clients = {
            role: ResumingClient(survivor.port, live_game.id, token)
            for role, token in tokens.items()
        }
        try:
            for client in clients.values():
                client.start()
            await asyncio.gather(*(c.wait_for_seq(1, timeout=10) for c in clients.values()))
            with pytest.raises(OSError):  # the process dies before it can answer
                await sync_to_async(post_command)(
                    crashing, live_game.id, live_game.control.token, {"type": "start_game"}
                )
            assert crashing.process.wait(timeout=10) == 17
            head = await sync_to_async(
                lambda: Game.objects.values_list("seq", flat=True).get(pk=live_game.id)
            )()
            assert head > 1  # committed
            await asyncio.gather(*(c.wait_for_seq(head, timeout=5) for c in clients.values()))
            for role, client in clients.items():
                fresh = await sync_to_async(get_state)(survivor, live_game.id, tokens[role])
                assert (client.seq, client.view) == (fresh["seq"], fresh["view"]), role
                assert client.reconnects == 0
        finally:
            for client in clients.values():
                await client.stop()


async def test_the_server_logs_no_token(live_game, subprocess_env, tmp_path):
    access_log = tmp_path / "access.log"
    server = Daphne(subprocess_env, extra_args=["--access-log", str(access_log), "-v", "2"])
    server.start()
    token = live_game.seats["moscow"].token
    client = ResumingClient(server.port, live_game.id, token)
    try:
        client.start()
        await client.wait_for_seq(1, timeout=10)
        await sync_to_async(get_state)(server, live_game.id, token)
    finally:
        await client.stop()
        server.kill()
    logged = access_log.read_text() + server.process.stderr.read().decode()
    assert "WSCONNECT" in logged and "/state/" in logged
    assert token not in logged


@pytest.mark.services
async def test_an_idle_socket_stays_open_on_the_redis_layer(live_game, subprocess_env):
    require(
        bool(os.environ.get("WARGAME_REDIS_URL")),
        "the Redis layer needs WARGAME_REDIS_URL",
    )
    # No heartbeats: the socket is truly idle, as between two moves of a slow game.
    env = {**subprocess_env, "WARGAME_HEARTBEAT_SECONDS": "600"}
    token = live_game.seats["moscow"].token
    with Daphne(env) as server:
        url = f"ws://127.0.0.1:{server.port}/ws/games/{live_game.id}/?token={token}"
        async with websockets.connect(url) as socket:
            assert json.loads(await socket.recv())["type"] == "state"
            # The layer's reads block for 5 s at a time: stay idle across several of them.
            await asyncio.sleep(12)
            assert json.loads(await socket.recv())["type"] == "heartbeat"  # the clock
            await socket.send(json.dumps({"type": "ping"}))
            assert json.loads(await asyncio.wait_for(socket.recv(), 5))["type"] == "pong"
