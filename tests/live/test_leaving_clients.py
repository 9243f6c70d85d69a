"""Clients that leave at the worst moment, against a real daphne: before the server accepted
their socket, or while the server is closing it and pushes for it keep coming. The server must
stop each such socket quietly (no traceback, no 1011), take it out of presence, and go on
serving the others."""

from __future__ import annotations

import asyncio
import base64
import os
import socket
import threading
import time
import urllib.request

import pytest
import websockets
from asgiref.sync import sync_to_async

from tests.live.servers import Daphne, ResumingClient, post_command
from tests.live.test_presence import get_presence
from tests.players import Caller, create_game
from wargame.games.tokens import issue_facilitator_token

pytestmark = [pytest.mark.live, pytest.mark.asyncio]


@pytest.fixture
def live_game(committed_db):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    return create_game(Caller(token), "Leaving clients")


def upgrade_request(port: int, path: str) -> bytes:
    key = base64.b64encode(os.urandom(16)).decode()
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
    ).encode()


async def abandon_handshake(port: int, path: str, after: float) -> None:
    """Send the upgrade request and drop the connection before (or while) it is accepted."""
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(upgrade_request(port, path))
    await writer.drain()
    await asyncio.sleep(after)
    writer.transport.abort()


def open_unread(port: int, path: str) -> socket.socket:
    """A socket whose client never reads: its side of any closing handshake never comes."""
    raw = socket.create_connection(("127.0.0.1", port))
    raw.sendall(upgrade_request(port, path))
    return raw


def reissue(server: Daphne, game_id: str, token: str, role: str) -> None:
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/seats/{role}/token/",
        headers={"Authorization": f"Bearer {token}"},
        method="POST",
    )
    urllib.request.urlopen(request, timeout=10).read()


async def test_a_client_gone_before_the_accept_or_mid_push_is_stopped_quietly(
    live_game, subprocess_env, tmp_path
):
    log = tmp_path / "daphne.log"
    env = {**subprocess_env, "WARGAME_HEARTBEAT_SECONDS": "0.2", "WARGAME_LOG_LEVEL": "WARNING"}
    control = live_game.control.token
    observer = f"/ws/games/{live_game.id}/?token={live_game.observer.token}"
    moscow = f"/ws/games/{live_game.id}/?token={live_game.seats['moscow'].token}"
    stop = threading.Event()
    seqs: list[int] = []

    def commands() -> None:  # the game moves on all the while: pushes to every socket
        n = 0
        while not stop.is_set():
            n += 1
            body = {"type": "add_note", "text": f"note {n}"}
            seqs.append(post_command(server, live_game.id, control, body)["seq"])

    with Daphne(env, log=log) as server:
        watcher = ResumingClient(server.port, live_game.id, live_game.seats["beijing"].token)
        watcher.start()
        thread = threading.Thread(target=commands)
        unread = []
        try:
            await watcher.wait_for_seq(1, timeout=10)
            unread = [open_unread(server.port, moscow) for _ in range(4)]
            thread.start()
            # Handshakes dropped before, or just as, the server accepts them.
            await asyncio.gather(
                *(abandon_handshake(server.port, observer, (n % 25) * 0.01) for n in range(100))
            )
            # The server closes Moscow's sockets (its token is reissued) and waits for closing
            # handshakes that never come, while the game goes on.
            await sync_to_async(reissue)(server, live_game.id, control, "moscow")
            await asyncio.sleep(2)
            stop.set()
            await sync_to_async(thread.join)()
            # The other socket kept up all along, on the same connection.
            await watcher.wait_for_seq(seqs[-1], timeout=15)
            assert watcher.reconnects == 0
            for raw in unread:
                raw.close()
            # Every socket that left was stopped and left the room: only the watcher is in it.
            deadline = time.monotonic() + 15
            while True:
                roles = (await sync_to_async(get_presence)(server, live_game.id, control))["roles"]
                counts = {role: entry["connected"] for role, entry in roles.items()}
                if counts["moscow"] + counts["observer"] == 0 or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.2)
            assert counts == {**dict.fromkeys(counts, 0), "beijing": 1}, counts
        finally:
            stop.set()
            if thread.is_alive():
                thread.join()
            for raw in unread:
                raw.close()
            await watcher.stop()
    logged = log.read_text(errors="replace")
    assert "Traceback" not in logged, logged[logged.find("Traceback") :][:3000]
    assert "Exception inside application" not in logged


async def test_a_view_over_the_servers_message_limit_closes_with_4413_not_1011(
    live_game, subprocess_env, tmp_path
):
    log = tmp_path / "daphne.log"
    token = live_game.seats["moscow"].token
    # A limit smaller than the seat's whole view, as a long game's view outgrows the default.
    server = Daphne(subprocess_env, log=log, extra_args=["--websocket-max-message-size", "2000"])
    with server:
        url = f"ws://127.0.0.1:{server.port}/ws/games/{live_game.id}/?token={token}"
        async with websockets.connect(url) as ws:
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await asyncio.wait_for(ws.recv(), 10)
        assert closed.value.rcvd.code == 4413
        # The server goes on: a command is taken and answered.
        body = {"type": "add_note", "text": "still here"}
        assert post_command(server, live_game.id, live_game.control.token, body)["seq"] > 0
    logged = log.read_text(errors="replace")
    assert "Traceback" not in logged and "Exception inside application" not in logged
    assert "over daphne's message limit" in logged
