"""The game socket, driven with Channels' WebsocketCommunicator against the real ASGI app."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction

from tests.players import Caller, create_game
from wargame.asgi import application
from wargame.games import service
from wargame.games.models import Game
from wargame.games.tokens import issue_facilitator_token

pytestmark = [pytest.mark.live, pytest.mark.asyncio]

MARKER = "MARKER-7f3a-moscow-pyongyang-only"


@pytest.fixture
def live_game(committed_db):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    handle = create_game(Caller(token), "Live game")
    return handle


async def connect(game_id: str, token: str | None) -> WebsocketCommunicator:
    query = f"?token={token}" if token else ""
    communicator = WebsocketCommunicator(application, f"/ws/games/{game_id}/{query}")
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def receive(communicator: WebsocketCommunicator) -> dict:
    """The next frame, passing over presence frames: control's sockets get one whenever a socket
    of the game comes or goes (test_presence.py is about those)."""
    while True:
        frame = json.loads(await communicator.receive_from(timeout=5))
        if frame.get("type") != "presence":
            return frame


async def close_code(communicator: WebsocketCommunicator) -> int:
    """The code a socket of control is closed with, passing over presence frames only."""
    while True:
        output = await communicator.receive_output(timeout=5)
        if output["type"] == "websocket.send" and '"type": "presence"' in output["text"]:
            continue
        assert output["type"] == "websocket.close", output
        return output["code"]


def api_state(caller: Caller, game_id: str) -> dict:
    return caller.get(f"/api/games/{game_id}/state/").json()


async def test_each_kind_of_token_gets_its_own_view_on_connect(live_game):
    callers = {"control": live_game.control, "observer": live_game.observer, **live_game.seats}
    for role, caller in callers.items():
        communicator = await connect(live_game.id, caller.token)
        message = await receive(communicator)
        expected = await sync_to_async(api_state)(caller, live_game.id)
        assert message.pop("server_time") and expected.pop("server_time")
        assert message == {"type": "state", "seq": expected["seq"], "view": expected["view"]}, role
        await communicator.disconnect()


async def test_updates_arrive_for_commands_made_through_the_api(live_game):
    communicator = await connect(live_game.id, live_game.seats["beijing"].token)
    first = await receive(communicator)
    response = await sync_to_async(live_game.control.command)(live_game.id, {"type": "start_game"})
    assert response.status_code == 201
    update = await receive(communicator)
    assert update["type"] == "state" and update["seq"] == response.json()["seq"] > first["seq"]
    expected = await sync_to_async(api_state)(live_game.seats["beijing"], live_game.id)
    assert update["view"] == expected["view"]
    await communicator.disconnect()


async def test_no_message_carries_what_the_role_may_not_see(live_game):
    control = live_game.control
    await sync_to_async(control.command)(live_game.id, {"type": "start_game"})
    sockets = {
        role: await connect(live_game.id, caller.token)
        for role, caller in {**live_game.seats, "observer": live_game.observer}.items()
    }
    for communicator in sockets.values():
        await receive(communicator)
    response = await sync_to_async(live_game.seats["moscow"].command)(
        live_game.id, {"type": "send_message", "to": ["pyongyang"], "text": MARKER}
    )
    assert response.status_code == 201, response.content
    # The parties hear it; nobody else is sent anything, let alone the text.
    for role in ("moscow", "pyongyang"):
        assert MARKER in json.dumps(await receive(sockets[role]))
    for role in ("beijing", "washington", "observer"):
        while not await sockets[role].receive_nothing(timeout=0.5):
            assert MARKER not in await sockets[role].receive_from()
    for communicator in sockets.values():
        await communicator.disconnect()


async def test_no_frame_of_a_whole_game_carries_what_its_role_may_not_see(live_game):
    """The API's no-leak playbook (every command type, private markers for chosen roles) played
    with a socket open for every role: after each command, until the White Cell opens the
    record, no frame a socket received holds another role's marker, an unrevealed salt or the
    dice's seed."""
    from asgiref.sync import async_to_sync

    from tests.api.playbook import Playbook
    from wargame.games.rebuild import load_state

    callers = {**live_game.seats, "observer": live_game.observer}
    sockets = {role: await connect(live_game.id, caller.token) for role, caller in callers.items()}
    playbook = Playbook(live_game)
    frames = dict.fromkeys(sockets, 0)
    opened = {"done": False}

    async def drain(forbidden: dict[str, list[str]]) -> None:
        for role, communicator in sockets.items():
            while not await communicator.receive_nothing(timeout=0.05, interval=0.01):
                raw = await communicator.receive_from()
                frames[role] += json.loads(raw).get("type") == "state"
                for secret in forbidden[role]:
                    assert secret not in raw, (role, secret)

    def check(command_type: str) -> None:
        opened["done"] = opened["done"] or command_type == "open_record"
        if opened["done"]:
            return  # the whole record is everyone's from here
        state = load_state(live_game.id)
        hidden = [str(state["rng"]["seed"])] + [
            move["salt"]
            for move in state["moves"].values()
            if move.get("salt") and not move.get("revealed")
        ]
        forbidden = {
            role: hidden + [m for m, allowed in playbook.markers.items() if role not in allowed]
            for role in sockets
        }
        async_to_sync(drain)(forbidden)

    playbook.after_each.append(check)
    # Not on the thread the consumers' database work shares: they answer each hint meanwhile.
    await sync_to_async(playbook.play, thread_sensitive=False)()
    assert playbook.markers
    for role, communicator in sockets.items():
        assert frames[role] > 10, role  # the socket did follow the game, step by step
        await communicator.disconnect()


async def test_resume_after_missed_seqs_brings_the_current_state(live_game):
    communicator = await connect(live_game.id, live_game.observer.token)
    first = await receive(communicator)
    await communicator.disconnect()
    for text in ("one", "two", "three"):
        await sync_to_async(live_game.control.command)(
            live_game.id, {"type": "add_note", "text": text}
        )
    await sync_to_async(live_game.control.command)(live_game.id, {"type": "start_game"})
    communicator = await connect(live_game.id, live_game.observer.token)
    await receive(communicator)
    await communicator.send_to(text_data=json.dumps({"type": "resume", "last_seq": first["seq"]}))
    resumed = await receive(communicator)
    expected = await sync_to_async(api_state)(live_game.observer, live_game.id)
    assert resumed["seq"] == expected["seq"] > first["seq"]
    assert resumed["view"] == expected["view"]
    await communicator.disconnect()


async def test_a_socket_several_seqs_behind_sends_one_state(live_game):
    communicator = await connect(live_game.id, live_game.control.token)
    await receive(communicator)

    def three_commands_in_one_commit() -> int:
        game = Game.objects.get(pk=live_game.id)
        actor = {"role": "control", "name": None}
        with transaction.atomic():
            for text in ("a", "b", "c"):
                result = service.execute(
                    game=game, command={"type": "add_note", "text": text}, actor=actor
                )
        return result.seq

    last = await sync_to_async(three_commands_in_one_commit)()
    message = await receive(communicator)
    assert message["seq"] == last
    assert await communicator.receive_nothing(timeout=0.5)
    await communicator.disconnect()


@pytest.mark.parametrize("token", [None, "seat_forged"])
async def test_a_bad_token_closes_with_4401(live_game, token):
    communicator = await connect(live_game.id, token)
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}


async def test_a_token_of_another_game_closes_with_4403(live_game):
    _, token, _ = await sync_to_async(issue_facilitator_token)(username="other")
    other = await sync_to_async(create_game)(Caller(token), "Other")
    communicator = await connect(live_game.id, other.seats["beijing"].token)
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4403}


async def test_viewing_as_another_role_follows_the_api_rules(live_game):
    """?as= on the socket is allowed exactly where /state/?as= is: control always, a seat
    once the record is open; an unknown role is refused."""
    seat, game_id = live_game.seats["beijing"], live_game.id

    async def opened(token: str, view_as: str) -> dict:
        communicator = WebsocketCommunicator(
            application, f"/ws/games/{game_id}/?token={token}&as={view_as}"
        )
        await communicator.connect()
        output = await communicator.receive_output(timeout=5)
        await communicator.disconnect()
        return output

    closed = await opened(seat.token, "moscow")
    assert closed == {"type": "websocket.close", "code": 4403}
    assert (await opened(live_game.control.token, "nobody"))["code"] == 4400
    for command in ({"type": "start_game"}, {"type": "end_game"}, {"type": "open_record"}):
        response = await sync_to_async(live_game.control.command)(game_id, command)
        assert response.status_code == 201, response.content
    shown = json.loads((await opened(seat.token, "moscow"))["text"])
    expected = await sync_to_async(seat.get)(f"/api/games/{game_id}/state/?as=moscow")
    assert shown["view"] == expected.json()["view"] and shown["view"]["role"] == "moscow"


async def test_a_bad_frame_gets_an_error_and_the_socket_stays(live_game):
    communicator = await connect(live_game.id, live_game.seats["washington"].token)
    await receive(communicator)
    for frame in (
        "not json",
        json.dumps({"type": "dance"}),
        json.dumps({"type": "resume", "last_seq": "x"}),
    ):
        await communicator.send_to(text_data=frame)
        error = await receive(communicator)
        assert error["type"] == "error" and error["code"] and error["message"]
    # As large as a REST request's body may be (64 KiB), and no larger.
    await communicator.send_to(text_data=json.dumps({"type": "x", "pad": "y" * 70_000}))
    assert (await receive(communicator))["code"] == "frame_too_large"
    await communicator.send_to(text_data=json.dumps({"type": "ping"}))
    assert (await receive(communicator))["type"] == "pong"
    await communicator.disconnect()


async def test_a_silent_socket_gets_heartbeats(live_game, settings):
    settings.WARGAME_HEARTBEAT_SECONDS = 0.2
    communicator = await connect(live_game.id, live_game.observer.token)
    await receive(communicator)
    heartbeat = await receive(communicator)
    assert heartbeat.pop("server_time")
    assert heartbeat == {"type": "heartbeat", "seq": live_game.created["seq"]}
    await communicator.disconnect()


def execute_unannounced(game_id: str, command: dict, **kwargs):
    """A command committed whose announcement never goes out, as when its process dies
    between the commit and the announcement."""
    from unittest import mock

    game = Game.objects.get(pk=game_id)
    with mock.patch("wargame.games.broadcast.announce"):
        return service.execute(
            game=game, command=command, actor={"role": "control", "name": None}, **kwargs
        )


async def test_a_heartbeat_makes_good_a_seq_committed_but_never_announced(live_game, settings):
    settings.WARGAME_HEARTBEAT_SECONDS = 0.3
    communicator = await connect(live_game.id, live_game.observer.token)
    first = await receive(communicator)
    result = await sync_to_async(execute_unannounced)(live_game.id, {"type": "start_game"})
    assert result.seq > first["seq"]
    # No new command: within a few heartbeats the socket holds the head.
    for _ in range(10):
        message = await receive(communicator)
        if message["type"] == "state":
            break
    assert message["type"] == "state" and message["seq"] == result.seq
    await communicator.disconnect()


async def test_a_replayed_command_is_announced_again(live_game, settings):
    settings.WARGAME_HEARTBEAT_SECONDS = 600  # only the replay can bring the news
    communicator = await connect(live_game.id, live_game.observer.token)
    first = await receive(communicator)
    command = {"type": "start_game"}
    result = await sync_to_async(execute_unannounced)(
        live_game.id, command, idempotency_key="retry-me", caller="token:x"
    )
    assert await communicator.receive_nothing(timeout=0.3)
    game = await sync_to_async(Game.objects.get)(pk=live_game.id)
    replay = await sync_to_async(service.execute)(
        game=game,
        command=command,
        actor={"role": "control", "name": None},
        idempotency_key="retry-me",
        caller="token:x",
    )
    assert replay.replayed and replay.seq == result.seq > first["seq"]
    message = await receive(communicator)
    assert message["type"] == "state" and message["seq"] == result.seq
    await communicator.disconnect()


async def test_a_cross_site_origin_is_refused_and_a_same_site_one_accepted(live_game):
    path = f"/ws/games/{live_game.id}/?token={live_game.observer.token}"
    evil = WebsocketCommunicator(application, path, headers=[(b"origin", b"https://evil.example")])
    connected, _ = await evil.connect()
    assert not connected
    good = WebsocketCommunicator(
        application,
        path,
        headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1:8000")],
    )
    connected, _ = await good.connect()
    assert connected
    assert (await receive(good))["type"] == "state"
    await good.disconnect()


async def test_a_reissued_token_closes_the_sockets_opened_with_the_old_one(live_game):
    old = await connect(live_game.id, live_game.seats["moscow"].token)
    other = await connect(live_game.id, live_game.seats["beijing"].token)
    await receive(old)
    await receive(other)
    response = await sync_to_async(live_game.control.post)(
        f"/api/games/{live_game.id}/seats/moscow/token/"
    )
    assert response.status_code == 201
    assert await old.receive_output(timeout=5) == {"type": "websocket.close", "code": 4401}
    await old.disconnect()  # let the consumer instance finish, as a browser's close would
    # Other seats keep their sockets.
    await other.send_to(text_data=json.dumps({"type": "ping"}))
    assert (await receive(other))["type"] == "pong"
    fresh = await connect(live_game.id, response.json()["token"])
    assert (await receive(fresh))["type"] == "state"
    await other.disconnect()
    await fresh.disconnect()


def _parse_server_time(text: str) -> datetime:
    # ISO-8601 in UTC with milliseconds, e.g. 2026-05-01T09:30:00.123Z
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", text), text
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def test_state_heartbeat_pong_and_the_state_endpoint_carry_the_servers_clock(
    live_game, settings
):
    settings.WARGAME_HEARTBEAT_SECONDS = 0.3
    before = datetime.now(UTC)
    communicator = await connect(live_game.id, live_game.seats["moscow"].token)
    stamps = {"state": (await receive(communicator))["server_time"]}
    await communicator.send_to(text_data=json.dumps({"type": "ping"}))
    while len(stamps) < 3:
        frame = await receive(communicator)
        if frame["type"] in ("pong", "heartbeat"):
            stamps[frame["type"]] = frame["server_time"]
    await communicator.disconnect()
    body = await sync_to_async(api_state)(live_game.seats["moscow"], live_game.id)
    stamps["/state/"] = body["server_time"]
    after = datetime.now(UTC)
    for source, stamp in stamps.items():
        # Milliseconds are kept, so a stamp may fall up to 1 ms before the instant it was taken.
        assert before - timedelta(milliseconds=1) <= _parse_server_time(stamp) <= after, source
    # The same cached view, sent again after the heartbeat's wait, carries the time of this
    # sending, not of the first.
    communicator = await connect(live_game.id, live_game.seats["moscow"].token)
    again = await receive(communicator)
    await communicator.disconnect()
    assert again["seq"] == body["seq"]
    assert _parse_server_time(again["server_time"]) > _parse_server_time(stamps["state"])


async def test_a_deeply_nested_frame_gets_an_error_and_the_socket_stays(live_game):
    communicator = await connect(live_game.id, live_game.seats["washington"].token)
    await receive(communicator)
    for depth in (65, 2000):
        await communicator.send_to(text_data="[" * depth + "]" * depth)
        error = await receive(communicator)
        assert error["type"] == "error" and "nested" in error["message"]
    await communicator.send_to(text_data=json.dumps({"type": "ping"}))
    assert (await receive(communicator))["type"] == "pong"
    await communicator.disconnect()


@pytest.mark.parametrize("view_as", ["%00", "mos%00cow"])
async def test_a_nul_in_as_closes_with_4400(live_game, view_as):
    communicator = WebsocketCommunicator(
        application, f"/ws/games/{live_game.id}/?token={live_game.control.token}&as={view_as}"
    )
    await communicator.connect()
    assert await communicator.receive_output(timeout=5) == {"type": "websocket.close", "code": 4400}
    await communicator.disconnect()  # let the consumer finish, as a browser's close would


@pytest.mark.parametrize(
    "origin",
    [
        b"http://127.0.0.1:8001",  # a page on another port of the same host
        b"http://127.0.0.1",
        b"https://127.0.0.1:8000",  # another scheme
        b"http://localhost:8000",  # another host name, even an allowed one
        b"null",
        b"http://127.0.0.1:8000.evil.example",
    ],
)
async def test_only_the_served_origin_may_open_a_socket(live_game, origin):
    path = f"/ws/games/{live_game.id}/"
    communicator = WebsocketCommunicator(
        application, path, headers=[(b"origin", origin), (b"host", b"127.0.0.1:8000")]
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_a_session_socket_from_another_port_is_refused(live_game):
    """The attack: a page served on another port of the same host opens the socket with the
    facilitator's session cookie."""
    client = await sync_to_async(logged_in_client)()
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    path = f"/ws/games/{live_game.id}/"
    same = [(b"host", b"127.0.0.1:8000"), (b"cookie", cookie)]
    evil = WebsocketCommunicator(
        application, path, headers=[*same, (b"origin", b"http://127.0.0.1:9999")]
    )
    connected, _ = await evil.connect()
    assert not connected
    good = WebsocketCommunicator(
        application, path, headers=[*same, (b"origin", b"http://127.0.0.1:8000")]
    )
    connected, _ = await good.connect()
    assert connected
    assert (await receive(good))["view"]["role"] == "control"
    await good.disconnect()


async def test_the_public_url_origin_is_accepted(live_game, settings):
    settings.WARGAME_PUBLIC_URL = "https://wargame.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "wargame.example.org"]
    path = f"/ws/games/{live_game.id}/?token={live_game.observer.token}"
    headers = [(b"origin", b"https://wargame.example.org"), (b"host", b"127.0.0.1:8001")]
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    await communicator.disconnect()


def logged_in_client():
    """A browser session of the game's facilitator (white-cell), logged in with a password."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.get(username="white-cell")
    user.set_password("a password long enough")
    user.save()
    client = Client()
    response = client.post(
        "/login/", {"username": "white-cell", "password": "a password long enough"}
    )
    assert response.status_code == 302, response.content
    return client


async def session_socket(live_game):
    """A socket of the facilitator's browser session, and that browser (a test client)."""
    client = await sync_to_async(logged_in_client)()
    cookie = f"sessionid={client.cookies['sessionid'].value}".encode()
    communicator = WebsocketCommunicator(
        application,
        f"/ws/games/{live_game.id}/",
        headers=[
            (b"host", b"127.0.0.1:8000"),
            (b"origin", b"http://127.0.0.1:8000"),
            (b"cookie", cookie),
        ],
    )
    connected, _ = await communicator.connect()
    assert connected
    assert (await receive(communicator))["view"]["role"] == "control"
    return client, communicator


async def test_logging_out_closes_the_sessions_sockets(live_game):
    client, socket = await session_socket(live_game)
    token_socket = await connect(live_game.id, live_game.control.token)
    await receive(token_socket)
    response = await sync_to_async(client.post)("/logout/")
    assert response.status_code in (200, 302)
    assert await close_code(socket) == 4401
    await socket.disconnect()
    # The facilitator's API token was not logged out: its socket stays.
    await token_socket.send_to(text_data=json.dumps({"type": "ping"}))
    assert (await receive(token_socket))["type"] == "pong"
    await token_socket.disconnect()


async def test_a_deactivated_facilitator_loses_every_socket(live_game):
    _, socket = await session_socket(live_game)
    token_socket = await connect(live_game.id, live_game.control.token)
    await receive(token_socket)

    def deactivate():
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="white-cell")
        user.is_active = False
        user.save()

    await sync_to_async(deactivate)()
    for communicator in (socket, token_socket):
        assert await close_code(communicator) == 4401
        await communicator.disconnect()


async def test_a_new_password_closes_the_sockets_of_other_sessions(live_game):
    _, socket = await session_socket(live_game)
    observer = await connect(live_game.id, live_game.observer.token)
    await receive(observer)

    def change_password():
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(username="white-cell")
        user.set_password("another password, long enough")
        user.save()

    await sync_to_async(change_password)()
    assert await close_code(socket) == 4401
    await socket.disconnect()
    await observer.send_to(text_data=json.dumps({"type": "ping"}))
    assert (await receive(observer))["type"] == "pong"
    await observer.disconnect()
