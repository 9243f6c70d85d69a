"""Commands sent as socket frames: acknowledged with their seq, refused as the REST API refuses,
and kept to one command per id however often a dropped socket sends it again."""

from __future__ import annotations

import asyncio
import json

import pytest
import websockets
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from tests.live.servers import Daphne
from tests.players import Caller, create_game
from wargame.asgi import application
from wargame.games import store
from wargame.games.tokens import issue_facilitator_token

pytestmark = [pytest.mark.live, pytest.mark.asyncio]


@pytest.fixture
def live_game(committed_db):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    return create_game(Caller(token), "Commands over the socket")


async def connect(game_id: str, token: str) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, f"/ws/games/{game_id}/?token={token}")
    connected, _ = await communicator.connect()
    assert connected
    first = await frame_of(communicator, "state")
    assert first["seq"] >= 1
    return communicator


async def frame_of(communicator: WebsocketCommunicator, *kinds: str) -> dict:
    """The next frame of one of ``kinds``, passing over the others (presence, views)."""
    while True:
        frame = json.loads(await communicator.receive_from(timeout=5))
        if frame["type"] in kinds:
            return frame


async def send_command(communicator, key: str, command: object) -> dict:
    await communicator.send_to(
        text_data=json.dumps({"type": "command", "id": key, "command": command})
    )
    return await frame_of(communicator, "ack", "error")


def log_of(game_id: str) -> list[dict]:
    return store.read_events(game_id=game_id)


async def test_a_command_frame_is_acknowledged_with_its_seq_and_its_state_pushed(live_game):
    control = await connect(live_game.id, live_game.control.token)
    observer = await connect(live_game.id, live_game.observer.token)
    ack = await send_command(control, "start-1", {"type": "start_game"})
    events = await sync_to_async(log_of)(live_game.id)
    assert ack == {"type": "ack", "id": "start-1", "seq": events[-1]["seq"], "replayed": False}
    assert events[-1]["seq"] > live_game.created["seq"]
    started = [event for event in events if event["type"] == "game_started"]
    assert started[0]["actor"] == {"role": "control", "name": "white-cell"}
    pushed = await frame_of(observer, "state", "change")
    assert pushed["seq"] == ack["seq"]

    note = {"type": "add_note", "text": "from the socket", "display_name": "Olga"}
    ack = await send_command(observer, "note-1", note)
    assert ack["type"] == "ack"
    last = (await sync_to_async(log_of)(live_game.id))[-1]
    assert last["seq"] == ack["seq"]
    assert last["actor"] == {"role": "observer", "name": "Olga"}
    for communicator in (control, observer):
        await communicator.disconnect()


async def test_a_refused_command_frame_gets_the_rest_apis_status_code_and_message(live_game):
    callers = {"observer": live_game.observer, "washington": live_game.seats["washington"]}
    sockets = {name: await connect(live_game.id, c.token) for name, c in callers.items()}
    note = {"type": "add_note", "text": "x"}
    refused = [
        ("observer", "not an object", ["add_note"]),
        ("observer", "unknown type", {"type": "no_such_command"}),
        ("observer", "bad field", {"type": "add_note", "text": ["not", "text"]}),
        ("observer", "bad expected_seq", {**note, "expected_seq": -1}),
        ("observer", "bad display name", {**note, "display_name": "A\u0000"}),
        ("observer", "stale", {**note, "expected_seq": 0}),
        ("washington", "a seat's note", note),
        ("washington", "control's command", {"type": "start_game"}),
        ("washington", "not now", {"type": "lock_orders"}),
    ]
    statuses = set()
    for name, case, command in refused:
        rest_key, frame_key = f"r-{case}", f"s-{case}"
        response = await sync_to_async(callers[name].command)(
            live_game.id, command, HTTP_IDEMPOTENCY_KEY=rest_key
        )
        assert 400 <= response.status_code < 500, case
        statuses.add(response.status_code)
        error = await send_command(sockets[name], frame_key, command)
        assert error["type"] == "error", case
        assert error["status"] == response.status_code, case
        assert error["id"] == frame_key, case
        same = {k: v for k, v in error.items() if k not in ("type", "status", "id")}
        assert same == response.json()["error"], case
    assert statuses == {400, 403, 409, 422}
    assert (await sync_to_async(log_of)(live_game.id))[-1]["seq"] == live_game.created["seq"]

    # The frame's id is its Idempotency-Key, bounded alike.
    for frame in ({"type": "command", "command": note}, {"type": "command", "id": "k" * 201}):
        await sockets["observer"].send_to(text_data=json.dumps(frame))
        error = await frame_of(sockets["observer"], "error")
        assert (error["status"], error["code"]) == (400, "invalid_request")
        assert "'id'" in error["message"]
    for communicator in sockets.values():
        await communicator.disconnect()


async def test_an_id_sent_again_is_replayed_and_scoped_to_its_caller(live_game):
    control = await connect(live_game.id, live_game.control.token)
    observer = await connect(live_game.id, live_game.observer.token)
    note = {"type": "add_note", "text": "once"}
    first = await send_command(observer, "same-id", note)
    again = await send_command(observer, "same-id", note)
    assert first["type"] == "ack" and again == {**first, "replayed": True}
    # The same id from another caller is that caller's own command, not a replay.
    other = await send_command(control, "same-id", note)
    assert other["replayed"] is False and other["seq"] > first["seq"]
    # The same id with another command is refused, as the REST API refuses it.
    reused = await send_command(observer, "same-id", {"type": "add_note", "text": "twice"})
    assert (reused["type"], reused["status"], reused["code"]) == (
        "error",
        422,
        "idempotency_key_reused",
    )
    # A frame's id and a REST Idempotency-Key of the same caller are one key.
    response = await sync_to_async(live_game.observer.command)(
        live_game.id, note, HTTP_IDEMPOTENCY_KEY="same-id"
    )
    assert response.status_code == 201 and response["Idempotent-Replayed"] == "true"
    assert response.json()["seq"] == first["seq"]
    notes = [e for e in await sync_to_async(log_of)(live_game.id) if e["type"] == "note_added"]
    assert [(n["actor"]["role"], n["data"]["text"]) for n in notes] == [
        ("observer", "once"),
        ("control", "once"),
    ]
    for communicator in (control, observer):
        await communicator.disconnect()


async def test_a_command_whose_socket_drops_before_the_ack_is_retried_once(
    live_game, subprocess_env
):
    token = live_game.observer.token
    note = {"type": "add_note", "text": "sent twice, kept once"}
    frame = json.dumps({"type": "command", "id": "retry-me", "command": note})
    with Daphne(subprocess_env) as server:
        url = f"ws://127.0.0.1:{server.port}/ws/games/{live_game.id}/?token={token}"
        # The first socket sends the command and is gone before any answer can reach it.
        async with websockets.connect(url) as first:
            assert json.loads(await first.recv())["type"] == "state"
            await first.send(frame)
        # A new socket sends the same frame again, as a client that saw no ack must.
        async with websockets.connect(url) as second:
            await second.send(frame)
            while True:
                answer = json.loads(await asyncio.wait_for(second.recv(), timeout=10))
                if answer["type"] in ("ack", "error"):
                    break
    assert answer["type"] == "ack" and answer["id"] == "retry-me"
    events = await sync_to_async(log_of)(live_game.id)
    notes = [e for e in events if e["type"] == "note_added"]
    assert len(notes) == 1
    assert notes[0]["data"]["text"] == note["text"]
    assert answer["seq"] == notes[0]["seq"] == events[-1]["seq"]


async def test_a_members_draft_goes_through_the_socket_and_reaches_only_the_team(live_game):
    """Drafts are commands like the others over the socket: the member's draft, comment and
    approval are acknowledged and pushed to the team's and the White Cell's sockets; Moscow's
    socket never receives a frame that carries them."""
    secret = "DRAFT-OVER-THE-SOCKET-5e1b"
    added = await sync_to_async(live_game.control.post)(
        f"/api/games/{live_game.id}/members/", {"seat": "beijing", "name": "Ada"}
    )
    assert added.status_code == 201, added.content
    ada_token = added.json()["token"]
    ada = await connect(live_game.id, ada_token)
    team = await connect(live_game.id, live_game.seats["beijing"].token)
    control = await connect(live_game.id, live_game.control.token)
    moscow = await connect(live_game.id, live_game.seats["moscow"].token)
    started = await sync_to_async(live_game.control.command)(live_game.id, {"type": "start_game"})
    assert started.status_code == 201

    draft = {"type": "draft_message", "to": ["moscow"], "text": secret}
    ack = await send_command(ada, "draft-1", draft)
    assert ack["type"] == "ack", ack
    written = (await sync_to_async(log_of)(live_game.id))[-1]
    assert written["type"] == "draft_created"
    assert written["actor"]["member"]["name"] == "Ada"
    draft_id = written["data"]["draft_id"]
    approve = {"type": "approve_draft", "draft_id": draft_id}
    approved = await sync_to_async(live_game.seats["beijing"].command)(live_game.id, approve)
    assert approved.status_code == 201, approved.content

    for communicator in (team, control):  # they only listen: every frame is theirs to read
        seen = ""
        while secret not in seen:
            seen = json.dumps(await frame_of(communicator, "state", "change"))
    # Moscow's socket: whatever it was sent up to now (the game's start, and whatever followed
    # the draft) holds no draft.
    frames = []
    while not await moscow.receive_nothing(timeout=0.5):
        frames.append(await moscow.receive_from())
    assert frames and all(secret not in frame and draft_id not in frame for frame in frames)
    refused = await send_command(moscow, "peek-1", approve)
    assert (refused["type"], refused["status"], refused["code"]) == ("error", 400, "unknown_draft")
    for communicator in (ada, team, control, moscow):
        await communicator.disconnect()
