"""A member's own link ends at once on every process: two daphnes on one database, the link
cached on both and a socket open on the second; revoked through the first, the second refuses
the next request and closes the socket with 4401. The member's last seq is written as the
socket closes."""

from __future__ import annotations

import asyncio
import json
import os
import urllib.request

import pytest
import websockets
from asgiref.sync import sync_to_async
from django.db import connection

from tests.conftest import require
from tests.live.servers import Daphne
from tests.live.test_token_cache import status
from tests.players import Caller, create_game
from wargame.games.models import Member
from wargame.games.tokens import issue_facilitator_token

pytestmark = [pytest.mark.live, pytest.mark.asyncio]


def call(server: Daphne, method: str, path: str, token: str, body: dict | None = None):
    request = urllib.request.Request(
        f"{server.url}{path}",
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read()
        return json.loads(text) if text else None


@pytest.fixture
def live_game(committed_db):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    return create_game(Caller(token), "Members")


@pytest.mark.services
async def test_a_revoked_member_link_ends_on_every_process_sockets_included(
    live_game, subprocess_env, tmp_path
):
    require(
        connection.vendor == "postgresql" and bool(os.environ.get("WARGAME_REDIS_URL")),
        "two processes need PostgreSQL and Redis: set WARGAME_DATABASE_URL and WARGAME_REDIS_URL",
    )
    game = live_game
    control = game.control.token
    with (
        Daphne(subprocess_env, log=tmp_path / "a.log") as first,
        Daphne(subprocess_env, log=tmp_path / "b.log") as second,
    ):
        path = f"/api/games/{game.id}/members/"
        ada = await sync_to_async(call)(
            first, "POST", path, control, {"seat": "moscow", "name": "Ada"}
        )
        bo = await sync_to_async(call)(
            first, "POST", path, control, {"seat": "moscow", "name": "Bo"}
        )
        state = f"/api/games/{game.id}/state/"
        for server in (first, second):  # cached on both
            assert await sync_to_async(status)(server, state, ada["token"]) == 200
            assert await sync_to_async(status)(server, state, ada["token"]) == 200
        ada_url = f"ws://127.0.0.1:{second.port}/ws/games/{game.id}/?token={ada['token']}"
        bo_url = f"ws://127.0.0.1:{second.port}/ws/games/{game.id}/?token={bo['token']}"
        async with (
            websockets.connect(ada_url) as ada_socket,
            websockets.connect(bo_url) as bo_socket,
        ):
            first_frame = json.loads(await ada_socket.recv())
            assert first_frame["type"] == "state"
            assert json.loads(await bo_socket.recv())["type"] == "state"

            await sync_to_async(call)(first, "DELETE", f"{path}{ada['id']}/link/", control)

            assert await sync_to_async(status)(second, state, ada["token"]) == 401
            assert await sync_to_async(status)(first, state, ada["token"]) == 401
            # Ada's socket on the other process is closed; Bo's, of the same seat, stays.
            with pytest.raises(websockets.ConnectionClosed) as closed:
                while True:
                    await asyncio.wait_for(ada_socket.recv(), 10)
            assert closed.value.rcvd.code == 4401
            await bo_socket.send(json.dumps({"type": "ping"}))
            while json.loads(await asyncio.wait_for(bo_socket.recv(), 10))["type"] != "pong":
                pass
            assert await sync_to_async(status)(second, state, bo["token"]) == 200
            assert await sync_to_async(status)(second, state, game.seats["moscow"].token) == 200

        # Bo's socket closed: the seq his page last showed is his last seen.
        async def recorded() -> int | None:
            return await sync_to_async(
                lambda: Member.objects.get(member_id=bo["id"]).last_seen_seq
            )()

        for _ in range(100):
            if await recorded() is not None:
                break
            await asyncio.sleep(0.1)  # waiting for the other process to write, not for a race
        assert await recorded() == first_frame["seq"]
