"""HTTP under daphne through wargame/sync_http.py: each request run whole on a kept thread, a
body read whole however it was sent, a streamed export sent piece by piece, and a server whose
threads and queue are full answering 503 at once instead of queueing without bound."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request

import pytest
from django.db import transaction

from tests.live.servers import Daphne
from tests.players import Caller, create_game
from wargame.games import store
from wargame.games.tokens import issue_facilitator_token
from wargame.sync_http import FLUSH_BYTES

pytestmark = pytest.mark.live


@pytest.fixture
def facilitator_token(committed_db) -> str:
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    return issue_facilitator_token(username="white-cell")[1]


def raw_request(port: int, head: str, body: bytes = b"") -> tuple[int, dict, bytes]:
    """One request on its own connection, sent as given; the status, headers and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as conn:
        conn.sendall(head.encode() + b"\r\n" + body)
        reply = b""
        while chunk := conn.recv(65536):
            reply += chunk
    head_bytes, _, content = reply.partition(b"\r\n\r\n")
    lines = head_bytes.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, content


def test_a_full_server_answers_503_at_once_and_serves_again_once_a_thread_is_free(
    facilitator_token, subprocess_env, tmp_path
):
    caller = Caller(facilitator_token)
    game = create_game(caller, "Busy")
    env = {**subprocess_env, "WARGAME_HTTP_THREADS": "1", "WARGAME_HTTP_QUEUE": "0"}
    get_scenarios = "GET /api/scenarios/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
    with Daphne(env, log=tmp_path / "daphne.log") as server:
        command = (
            f"POST /api/games/{game.id}/commands/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {facilitator_token}\r\nContent-Type: application/json\r\n"
            "Content-Length: 34\r\nConnection: close\r\n"
        )
        body = b'{"type": "add_note", "text": "x1"}'
        answers: list = []

        def send_command() -> threading.Thread:
            sender = threading.Thread(
                target=lambda: answers.append(raw_request(server.port, command, body))
            )
            sender.start()
            return sender

        with transaction.atomic():
            # The game's write lock, held here: the command on the server's one thread waits.
            store.lock_game(game_id=game.id)
            waiting = send_command()
            status, headers, content = 0, {}, b""
            for _ in range(100):  # until the command holds the thread
                if not waiting.is_alive():
                    # A request of ours got the thread first: the command was refused. Again.
                    assert answers.pop()[0] == 503
                    waiting = send_command()
                status, headers, content = raw_request(server.port, get_scenarios)
                if status == 503:
                    break
                time.sleep(0.05)
            assert status == 503, content
            assert headers["retry-after"] == "1"
            assert json.loads(content)["error"]["code"] == "unavailable"
            page = raw_request(
                server.port, "GET /login/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            )
            assert page[0] == 503 and page[1]["content-type"] == "text/plain"
            assert not answers  # still waiting for the lock
        waiting.join(timeout=30)
        assert answers and answers[0][0] == 201, answers
        # The thread is free once the command's request has ended on the server, just after its
        # answer went out: from then on requests are served again.
        for _ in range(100):
            status, headers, content = raw_request(server.port, get_scenarios)
            if status != 503:
                break
            assert headers["retry-after"] == "1"
            time.sleep(0.05)
        assert status == 200, content
    assert store.read_events(game_id=game.id)[-1]["data"]["text"] == "x1"


def test_a_body_sent_in_chunks_without_a_length_reaches_the_command_whole(
    facilitator_token, subprocess_env, tmp_path
):
    game = create_game(Caller(facilitator_token), "Chunked")
    body = json.dumps({"type": "add_note", "text": "sent in pieces " + "x" * 3000}).encode()
    pieces = b"".join(
        b"%x\r\n%s\r\n" % (len(body[i : i + 1000]), body[i : i + 1000])
        for i in range(0, len(body), 1000)
    )
    with Daphne(subprocess_env, log=tmp_path / "daphne.log") as server:
        status, _, content = raw_request(
            server.port,
            f"POST /api/games/{game.id}/commands/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {facilitator_token}\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\nConnection: close\r\n",
            pieces + b"0\r\n\r\n",
        )
    assert status == 201, content
    last = store.read_events(game_id=game.id)[-1]
    assert last["type"] == "note_added" and last["data"]["text"].startswith("sent in pieces")
    assert len(last["data"]["text"]) == len("sent in pieces ") + 3000


def test_the_streamed_export_arrives_whole_and_verifies(
    facilitator_token, subprocess_env, tmp_path
):
    caller = Caller(facilitator_token)
    game = create_game(caller, "Streamed")
    # More than the pieces a streamed response is sent in (sync_http.FLUSH_BYTES): 120 notes
    # of 3,000 characters.
    for n in range(120):
        text = f"note {n} " + "x" * 3000
        assert caller.command(game.id, {"type": "add_note", "text": text}).status_code == 201
    for step in ("start_game", "end_game"):
        assert caller.command(game.id, {"type": step}).status_code == 201
    with Daphne(subprocess_env, log=tmp_path / "daphne.log") as server:
        request = urllib.request.Request(
            f"{server.url}/api/games/{game.id}/export/",
            headers={"Authorization": f"Bearer {facilitator_token}"},
        )
        with urllib.request.urlopen(request, timeout=20) as response:
            assert response.headers["Transfer-Encoding"] == "chunked"
            lines = response.read().decode().splitlines()
    assert sum(len(line) for line in lines) > FLUSH_BYTES
    events = [json.loads(line) for line in lines if json.loads(line).get("seq")]
    assert [event["seq"] for event in events] == [
        event["seq"] for event in store.read_events(game_id=game.id)
    ]
