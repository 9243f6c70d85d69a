"""Who is in the room: control's sockets hear, per role, how many sockets are open and the
names they gave, live, across server processes; nobody else does."""

from __future__ import annotations

import asyncio
import json
import os
import time
import urllib.request

import pytest
import websockets
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connection

from tests.conftest import require
from tests.live.servers import Daphne
from tests.players import Caller, create_game
from wargame.asgi import application
from wargame.games.tokens import issue_facilitator_token

pytestmark = [pytest.mark.live, pytest.mark.asyncio]

SEATS = ["beijing", "moscow", "pyongyang", "washington"]
ROLES = [*SEATS, "observer", "control"]


@pytest.fixture
def live_game(committed_db):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    return create_game(Caller(token), "Presence")


def roles(**present: tuple[int, list[str]]) -> dict:
    """The expected ``roles``: every role of the game, those not named with no socket."""
    summary = {role: {"connected": 0, "names": []} for role in ROLES}
    for role, (connected, names) in present.items():
        summary[role] = {"connected": connected, "names": names}
    return summary


async def connect(game_id: str, token: str, query: str = "") -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, f"/ws/games/{game_id}/?token={token}{query}")
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def receive(communicator: WebsocketCommunicator) -> dict:
    """The next frame but heartbeats (one follows each connect's state)."""
    while True:
        frame = json.loads(await communicator.receive_from(timeout=5))
        if frame["type"] != "heartbeat":
            return frame


async def quiet(communicator: WebsocketCommunicator, timeout: float) -> bool:
    """Whether nothing but heartbeats comes within ``timeout``."""
    while not await communicator.receive_nothing(timeout=timeout):
        if json.loads(await communicator.receive_from())["type"] != "heartbeat":
            return False
    return True


async def next_presence(communicator: WebsocketCommunicator) -> dict:
    """The next presence frame, passing over states and heartbeats."""
    while True:
        frame = await receive(communicator)
        if frame["type"] == "presence":
            assert set(frame) == {"type", "roles"}
            return frame["roles"]


async def identify(communicator: WebsocketCommunicator, name) -> None:
    await communicator.send_to(text_data=json.dumps({"type": "identify", "name": name}))


async def test_control_hears_who_connects_names_itself_and_leaves(live_game):
    control = await connect(live_game.id, live_game.control.token)
    assert (await receive(control))["type"] == "state"
    # On connect: control itself, named after the facilitator's account.
    assert await next_presence(control) == roles(control=(1, ["white-cell"]))

    li = await connect(live_game.id, live_game.seats["beijing"].token)
    assert (await receive(li))["type"] == "state"
    assert await next_presence(control) == roles(beijing=(1, []), control=(1, ["white-cell"]))
    await identify(li, "  Li  ")
    assert await next_presence(control) == roles(beijing=(1, ["Li"]), control=(1, ["white-cell"]))

    wang = await connect(live_game.id, live_game.seats["beijing"].token)
    await receive(wang)
    await next_presence(control)
    await identify(wang, "Wang")
    expected = roles(beijing=(2, ["Li", "Wang"]), control=(1, ["white-cell"]))
    assert await next_presence(control) == expected
    # The same name again changes nothing, and nothing is sent.
    await identify(wang, "Wang")
    assert await quiet(control, 0.3)

    response = await sync_to_async(live_game.control.get)(f"/api/games/{live_game.id}/presence/")
    assert response.status_code == 200 and response.json() == {"roles": expected}

    # A seat's sockets are told nothing of who else is here.
    assert await quiet(li, 0.3)
    await li.disconnect()
    assert await next_presence(control) == roles(beijing=(1, ["Wang"]), control=(1, ["white-cell"]))
    await wang.disconnect()
    assert await next_presence(control) == roles(control=(1, ["white-cell"]))
    await control.disconnect()
    response = await sync_to_async(live_game.control.get)(f"/api/games/{live_game.id}/presence/")
    assert response.json() == {"roles": roles()}


async def test_only_controls_own_view_gets_presence(live_game):
    """The projector's plenary (control's socket viewing as observer) and the observer's socket
    show what the public may see: no presence frames. The plenary counts under control."""
    control = await connect(live_game.id, live_game.control.token)
    await receive(control)
    await next_presence(control)
    plenary = await connect(live_game.id, live_game.control.token, "&as=observer")
    observer = await connect(live_game.id, live_game.observer.token)
    for communicator in (plenary, observer):
        assert (await receive(communicator))["type"] == "state"
    await identify(observer, "Analyst")
    while (summary := await next_presence(control)) != roles(
        observer=(1, ["Analyst"]), control=(2, ["white-cell"])
    ):
        pass
    for communicator in (plenary, observer):
        assert await quiet(communicator, 0.3)
        await communicator.disconnect()
    await control.disconnect()
    assert summary["control"]["connected"] == 2


async def test_a_seat_in_controls_chair_after_the_game_hears_no_presence(live_game):
    """Once the record is open a seat may view the game from control's chair; who is in the room
    stays the White Cell's to know."""
    for command in ("start_game", "end_game", "open_record"):
        response = await sync_to_async(live_game.control.command)(live_game.id, {"type": command})
        assert response.status_code == 201, response.content
    control = await connect(live_game.id, live_game.control.token)
    assert (await receive(control))["type"] == "state"
    await next_presence(control)
    seat = await connect(live_game.id, live_game.seats["beijing"].token, "&as=control")
    frame = await receive(seat)
    assert frame["type"] == "state" and frame["view"]["role"] == "control"
    await next_presence(control)  # the seat's socket is counted ...
    assert await quiet(seat, 0.5)  # ... but hears nothing of it
    await seat.disconnect()
    await control.disconnect()


@pytest.mark.parametrize(
    "name",
    ["", "   ", "x" * 61, 42, None, ["Li"], "Li\nWang", "Li\x00"],
    ids=["empty", "blank", "too-long", "number", "null", "list", "newline", "nul"],
)
async def test_a_bad_identify_frame_gets_an_error_and_the_socket_stays(live_game, name):
    seat = await connect(live_game.id, live_game.seats["moscow"].token)
    await receive(seat)
    await identify(seat, name)
    error = await receive(seat)
    assert error["type"] == "error" and error["code"] == "bad_frame" and "60" in error["message"]
    await identify(seat, "x" * 60)  # the longest name there may be
    await seat.send_to(text_data=json.dumps({"type": "ping"}))
    assert (await receive(seat))["type"] == "pong"
    await seat.disconnect()
    response = await sync_to_async(live_game.control.get)(f"/api/games/{live_game.id}/presence/")
    assert response.status_code == 200


# Across processes -------------------------------------------------------------------------


def get_presence(server: Daphne, game_id: str, token: str) -> dict:
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/presence/",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


async def wait_for_presence(socket, predicate, timeout: float) -> dict:
    """Read the socket's frames until a presence frame satisfies ``predicate``."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("no presence frame as expected")
        frame = json.loads(await asyncio.wait_for(socket.recv(), remaining))
        if frame["type"] == "presence" and predicate(frame["roles"]):
            return frame["roles"]


@pytest.mark.services
async def test_control_on_one_process_sees_sockets_of_another_and_a_killed_ones_age_out(
    live_game, subprocess_env
):
    require(
        connection.vendor == "postgresql" and bool(os.environ.get("WARGAME_REDIS_URL")),
        "two processes need PostgreSQL and Redis: set WARGAME_DATABASE_URL and WARGAME_REDIS_URL",
    )
    # Short heartbeats, so that a dead process's sockets age out within seconds.
    env = {**subprocess_env, "WARGAME_HEARTBEAT_SECONDS": "0.5"}
    game_id, seats = live_game.id, live_game.seats

    def url(server: Daphne, token: str) -> str:
        return f"ws://127.0.0.1:{server.port}/ws/games/{game_id}/?token={token}"

    with Daphne(env) as first, Daphne(env) as second:
        async with websockets.connect(url(first, live_game.control.token)) as control:
            await wait_for_presence(control, lambda r: r["control"]["connected"] == 1, 10)
            async with (
                websockets.connect(url(second, seats["beijing"].token)) as li,
                websockets.connect(url(first, seats["moscow"].token)) as olga,
            ):
                await li.send(json.dumps({"type": "identify", "name": "Li"}))
                await olga.send(json.dumps({"type": "identify", "name": "Olga"}))
                seen = await wait_for_presence(
                    control,
                    lambda r: r["beijing"]["names"] == ["Li"] and r["moscow"]["names"] == ["Olga"],
                    10,
                )
                assert seen["beijing"]["connected"] == seen["moscow"]["connected"] == 1
                fetched = await sync_to_async(get_presence)(
                    second, game_id, live_game.control.token
                )
                assert fetched == {"roles": seen}
                # The second process dies without closing its sockets: Li's row stays behind,
                # and ages out once that process stops refreshing it.
                second.kill()
                olga_only = {"connected": 1, "names": ["Olga"]}
                seen = await wait_for_presence(
                    control,
                    lambda r: r["beijing"]["connected"] == 0 and r["moscow"] == olga_only,
                    15,
                )
                assert seen["control"]["connected"] == 1


async def test_a_room_joining_at_once_ends_in_the_right_count(live_game):
    """Hints of many sockets arriving together are read together; the last reading still sees
    every socket."""
    control = await connect(live_game.id, live_game.control.token)
    await receive(control)
    await next_presence(control)
    tokens = [caller.token for caller in live_game.seats.values()] * 3
    sockets = await asyncio.gather(*(connect(live_game.id, token) for token in tokens))
    summary = await next_presence(control)
    while any(summary[seat]["connected"] < 3 for seat in SEATS):
        summary = await next_presence(control)
    assert summary == roles(**{seat: (3, []) for seat in SEATS}, control=(1, ["white-cell"]))
    # Nothing older follows the newest reading.
    assert await quiet(control, 0.3)
    for socket in sockets:
        await socket.disconnect()
    await control.disconnect()
