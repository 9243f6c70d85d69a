"""The game socket, driven with Channels' WebsocketCommunicator against the real ASGI app."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from unittest import mock
from uuid import UUID

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import transaction

from tests.live import pages
from tests.players import Caller, create_game
from wargame.asgi import application
from wargame.games import service, view_changes
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


async def receive(communicator: WebsocketCommunicator, *, heartbeats: bool = False) -> dict:
    """The next frame, passing over presence frames (control's sockets get one whenever a socket
    of the game comes or goes: test_presence.py is about those) and, unless asked for, over
    heartbeats (one follows every connect and resume)."""
    while True:
        frame = json.loads(await communicator.receive_from(timeout=5))
        if frame.get("type") != "presence" and (heartbeats or frame.get("type") != "heartbeat"):
            return frame


async def no_view_within(communicator: WebsocketCommunicator, timeout: float) -> bool:
    """Whether no frame of the view (state or change) comes within ``timeout``: presence
    frames and heartbeats may."""
    while not await communicator.receive_nothing(timeout=timeout):
        frame = json.loads(await communicator.receive_from())
        if frame.get("type") not in ("presence", "heartbeat"):
            return False
    return True


async def receive_text(communicator: WebsocketCommunicator) -> str:
    """The next frame that is not a heartbeat, as it was sent."""
    while True:
        text = await communicator.receive_from(timeout=5)
        if json.loads(text).get("type") != "heartbeat":
            return text


class Page(pages.Page):
    async def follow(self, communicator: WebsocketCommunicator, seq: int) -> None:
        """Take frames until the page holds ``seq``."""
        while self.seq < seq:
            self.take(await receive(communicator))


async def close_code(communicator: WebsocketCommunicator) -> int:
    """The code a socket is closed with, passing over presence frames and heartbeats only."""
    while True:
        output = await communicator.receive_output(timeout=5)
        if output["type"] == "websocket.send" and json.loads(output["text"])["type"] in (
            "presence",
            "heartbeat",
        ):
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
        assert message == {
            "type": "state",
            "seq": expected["seq"],
            "digest": view_changes.digest(expected["view"]),
            "view": expected["view"],
        }, role
        await communicator.disconnect()


async def test_updates_arrive_as_changes_for_commands_made_through_the_api(live_game):
    communicator = await connect(live_game.id, live_game.seats["beijing"].token)
    page = Page()
    page.take(await receive(communicator))
    first = page.seq
    response = await sync_to_async(live_game.control.command)(live_game.id, {"type": "start_game"})
    assert response.status_code == 201
    update = await receive(communicator)
    assert update["type"] == "change" and update["seq"] == response.json()["seq"] > first
    assert update["base"] == first and len(json.dumps(update)) < len(json.dumps(page.view))
    page.take(update)
    expected = await sync_to_async(api_state)(live_game.seats["beijing"], live_game.id)
    assert page.view == expected["view"]
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
    dice's seed; and at every step the changes each socket received, folded, are exactly its
    role's full view at that seq."""
    from asgiref.sync import async_to_sync

    from tests.api.playbook import Playbook
    from wargame.games.projections import role_view
    from wargame.games.rebuild import load_state

    # The playbook's analyst holds the public grant: the observer's record and the study's.
    playbook = await sync_to_async(Playbook)(live_game)
    callers = {**live_game.seats, "observer": live_game.observer, "analyst": playbook.analyst}
    sockets = {role: await connect(live_game.id, caller.token) for role, caller in callers.items()}
    pages = {role: Page() for role in sockets}
    changes = dict.fromkeys(sockets, 0)
    opened = {"done": False}

    async def drain(forbidden: dict[str, list[str]], head: int) -> None:
        for role, communicator in sockets.items():
            page = pages[role]
            # Every socket hears of the head; then whatever else is on its way.
            while page.seq < head or not await communicator.receive_nothing(
                timeout=0.05, interval=0.01
            ):
                raw = await communicator.receive_from(timeout=5)
                frame = json.loads(raw)
                if frame["type"] in ("state", "change"):
                    pages[role].take(frame)
                    changes[role] += frame["type"] == "change"
                for secret in forbidden[role]:
                    assert secret not in raw, (role, secret)

    def check(command_type: str) -> None:
        opened["done"] = opened["done"] or command_type == "open_record"
        state = load_state(live_game.id)
        hidden = [str(state["rng"]["seed"])] + [
            move["salt"]
            for move in state["moves"].values()
            if move.get("salt") and not move.get("revealed")
        ]
        study = [m for m, allowed in playbook.markers.items() if "analyst" in allowed]
        forbidden = {  # the whole record is everyone's once the White Cell opens it
            role: []
            if opened["done"]
            else hidden
            + [
                m
                for m, allowed in playbook.markers.items()
                if role not in allowed and not (role == "analyst" and "observer" in allowed)
            ]
            for role in sockets
        }
        for role in sockets:  # but the study's record is never a seat's or the observer's
            if role != "analyst":
                forbidden[role] = forbidden[role] + study
        async_to_sync(drain)(forbidden, state["seq"])
        for role, page in pages.items():
            assert page.seq == state["seq"], role
            assert page.view == role_view(live_game.id, role, at_seq=page.seq).view, role

    playbook.after_each.append(check)
    # Not on the thread the consumers' database work shares: they answer each hint meanwhile.
    await sync_to_async(playbook.play, thread_sensitive=False)()
    assert playbook.markers
    for role, communicator in sockets.items():
        assert changes[role] > 10, role  # the socket did follow the game, change by change
        await communicator.disconnect()


async def test_a_reconnecting_page_gets_the_changes_since_the_seq_it_holds(live_game):
    communicator = await connect(live_game.id, live_game.observer.token)
    page = Page()
    page.take(await receive(communicator))
    await communicator.disconnect()
    for text in ("one", "two", "three"):
        await sync_to_async(live_game.control.command)(
            live_game.id, {"type": "add_note", "text": text}
        )
    await sync_to_async(live_game.control.command)(live_game.id, {"type": "start_game"})
    expected = await sync_to_async(api_state)(live_game.observer, live_game.id)
    communicator = await connect(live_game.id, f"{live_game.observer.token}&since={page.seq}")
    frame = await receive(communicator)
    assert frame["type"] == "change" and frame["seq"] == expected["seq"] > page.seq
    page.take(frame)
    assert page.view == expected["view"]
    assert (await receive(communicator, heartbeats=True))["type"] == "heartbeat"
    await communicator.disconnect()


async def test_resume_across_a_gap_brings_the_changes_between(live_game, settings):
    settings.WARGAME_HEARTBEAT_SECONDS = 600  # nothing but the resume brings the news
    communicator = await connect(live_game.id, live_game.observer.token)
    page = Page()
    page.take(await receive(communicator))
    for text in ("one", "two"):
        await sync_to_async(execute_unannounced)(live_game.id, {"type": "add_note", "text": text})
    result = await sync_to_async(execute_unannounced)(live_game.id, {"type": "start_game"})
    await communicator.send_to(text_data=json.dumps({"type": "resume", "last_seq": page.seq}))
    # (This process's poller of the heads may hear of the gap first: changes either way.)
    while page.seq < result.seq:
        frame = await receive(communicator)
        assert frame["type"] == "change", frame
        page.take(frame)
    expected = await sync_to_async(api_state)(live_game.observer, live_game.id)
    assert page.view == expected["view"]
    # Resumed at the head: nothing more than the server's clock.
    await communicator.send_to(text_data=json.dumps({"type": "resume", "last_seq": page.seq}))
    assert (await receive(communicator, heartbeats=True))["type"] == "heartbeat"
    await communicator.disconnect()


async def test_a_lost_change_is_made_good_by_resuming_from_the_seq_held(live_game):
    communicator = await connect(live_game.id, live_game.seats["moscow"].token)
    page = Page()
    page.take(await receive(communicator))
    held = page.seq
    await sync_to_async(live_game.control.command)(live_game.id, {"type": "start_game"})
    lost = await receive(communicator)
    assert lost["type"] == "change" and lost["base"] == held
    await sync_to_async(live_game.control.command)(
        live_game.id, {"type": "add_note", "text": "after the lost one"}
    )
    gap = await receive(communicator)
    assert gap["type"] == "change" and gap["base"] == lost["seq"] != page.seq  # a gap: resume
    await communicator.send_to(text_data=json.dumps({"type": "resume", "last_seq": page.seq}))
    await page.follow(communicator, gap["seq"])
    expected = await sync_to_async(api_state)(live_game.seats["moscow"], live_game.id)
    assert page.seq == expected["seq"] and page.view == expected["view"]
    await communicator.disconnect()


async def test_a_gap_the_process_cannot_bridge_or_a_resume_from_0_gets_the_whole_view(live_game):
    from wargame.games import caches

    communicator = await connect(live_game.id, live_game.seats["moscow"].token)
    first = await receive(communicator)
    await sync_to_async(execute_unannounced)(live_game.id, {"type": "start_game"})
    caches.clear()  # the changes are gone from this process
    expected = await sync_to_async(api_state)(live_game.seats["moscow"], live_game.id)
    for last_seq in (first["seq"], 0):
        await communicator.send_to(text_data=json.dumps({"type": "resume", "last_seq": last_seq}))
        frame = await receive(communicator)
        assert frame["type"] == "state" and frame["seq"] == expected["seq"]
        assert frame["view"] == expected["view"]
    await communicator.disconnect()


async def test_each_change_is_encoded_once_for_every_socket_of_its_role(live_game):
    from wargame.games import caches

    sockets = [await connect(live_game.id, live_game.seats["beijing"].token) for _ in range(3)]
    for communicator in sockets:
        await receive(communicator)
    response = await sync_to_async(live_game.control.command)(live_game.id, {"type": "start_game"})
    seq = response.json()["seq"]
    frames = [await receive_text(communicator) for communicator in sockets]
    cached = caches.views.get((live_game.id, seq, "beijing"))
    assert cached is not None and cached.change is not None
    for communicator, frame in zip(sockets, frames, strict=True):
        assert frame == cached.change.frame
        await communicator.disconnect()


async def test_a_socket_several_seqs_behind_sends_one_state(live_game):
    """Three seqs committed at once, the hint of the last heard first: one frame takes the page
    from where it was to the last, and the hints of the two before it send nothing more."""
    from wargame.games import broadcast

    communicator = await connect(live_game.id, live_game.control.token)
    await receive(communicator)

    def three_commands_in_one_commit() -> list[int]:
        game = Game.objects.get(pk=live_game.id)
        actor = {"role": "control", "name": None}
        seqs = []
        with transaction.atomic():
            for text in ("a", "b", "c"):
                result = service.execute(
                    game=game, command={"type": "add_note", "text": text}, actor=actor
                )
                seqs.append(result.seq)
        return seqs

    with mock.patch("wargame.games.broadcast.announce"):
        seqs = await sync_to_async(three_commands_in_one_commit)()
    for seq in reversed(seqs):
        await sync_to_async(broadcast.announce)(live_game.id, seq)
    message = await receive(communicator)
    assert message["seq"] == seqs[-1]
    assert await no_view_within(communicator, 0.5)
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


async def test_an_adjudicators_link_opens_no_socket(live_game):
    """An adjudicator's own link opens only the estimates: never a view of the game."""
    response = await sync_to_async(live_game.control.post)(
        f"/api/games/{live_game.id}/adjudicators/", {"name": "Ines"}
    )
    assert response.status_code == 201
    communicator = await connect(live_game.id, response.json()["token"])
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
    heartbeat = await receive(communicator, heartbeats=True)
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
        if message["type"] == "change":
            break
    assert message["type"] == "change" and message["seq"] == result.seq
    await communicator.disconnect()


# A read of games' heads: the seq (and id) of games by id.
HEAD_READ = re.compile(
    r'SELECT ("games_game"\."id"( AS "id")?, )?"games_game"\."seq"( AS "seq")? FROM "games_game" '
    r'WHERE "games_game"\."id" (=|IN)'
)


async def test_one_read_of_the_heads_serves_every_socket_of_every_game(
    live_game, settings, monkeypatch
):
    """The process reads the heads of all the games it has sockets of with one query per tick;
    heartbeats read nothing of their own, and carry the head that read found."""
    from django.db.backends import utils

    settings.WARGAME_HEARTBEAT_SECONDS = 0.2
    games = [live_game] + [
        await sync_to_async(create_game)(live_game.control, f"Game {n}") for n in range(4)
    ]
    reads: list[tuple] = []
    counting = {"on": False}
    execute = utils.CursorWrapper.execute

    def spy(cursor, sql, params=None):  # the real query, noted on the way
        if counting["on"] and HEAD_READ.match(sql):
            reads.append(tuple(params or ()))
        return execute(cursor, sql, params)

    monkeypatch.setattr(utils.CursorWrapper, "execute", spy)
    sockets = [await connect(game.id, game.observer.token) for game in games]
    for communicator in sockets:
        await receive(communicator)
    counting["on"] = True
    # Unannounced: only the read of the heads can bring it.
    moved = await sync_to_async(execute_unannounced)(games[2].id, {"type": "start_game"})
    heartbeats = 0
    for game, communicator in zip(games, sockets, strict=True):
        while True:
            frame = await receive(communicator, heartbeats=True)
            heartbeats += frame["type"] == "heartbeat"
            if frame["type"] == "heartbeat" and frame["seq"] == (
                moved.seq if game is games[2] else game.created["seq"]
            ):
                break
    counting["on"] = False
    for communicator in sockets:
        await communicator.disconnect()
    watched = {UUID(str(game.id)) for game in games}
    whole = [{UUID(str(p)) for p in params} == watched for params in reads]
    # (The first read may have begun before the last socket connected.)
    assert any(whole) and all(whole[1:]), reads
    assert len(reads) < heartbeats


async def test_a_replayed_command_is_announced_again(live_game, settings):
    settings.WARGAME_HEARTBEAT_SECONDS = 600  # only the replay can bring the news
    communicator = await connect(live_game.id, live_game.observer.token)
    first = await receive(communicator)
    assert (await receive(communicator, heartbeats=True))["type"] == "heartbeat"  # the clock
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
    assert message["type"] == "change" and message["seq"] == result.seq
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
    assert await close_code(old) == 4401
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


async def test_heartbeats_pongs_and_the_state_endpoint_carry_the_servers_clock(live_game, settings):
    """A connect's state is followed by a heartbeat, each with the time of its own sending;
    state and change frames are sent as they were encoded, with no time in them."""
    settings.WARGAME_HEARTBEAT_SECONDS = 0.3
    before = datetime.now(UTC)
    communicator = await connect(live_game.id, live_game.seats["moscow"].token)
    state = await receive(communicator)
    assert "server_time" not in state
    stamps = {"connect": (await receive(communicator, heartbeats=True))["server_time"]}
    await communicator.send_to(text_data=json.dumps({"type": "ping"}))
    while len(stamps) < 3:
        frame = await receive(communicator, heartbeats=True)
        if frame["type"] in ("pong", "heartbeat"):
            stamps[frame["type"]] = frame["server_time"]
    await communicator.disconnect()
    body = await sync_to_async(api_state)(live_game.seats["moscow"], live_game.id)
    stamps["/state/"] = body["server_time"]
    after = datetime.now(UTC)
    for source, stamp in stamps.items():
        # Milliseconds are kept, so a stamp may fall up to 1 ms before the instant it was taken.
        assert before - timedelta(milliseconds=1) <= _parse_server_time(stamp) <= after, source
    # The same cached view, sent again after the heartbeat's wait, comes with the time of this
    # sending, not of the first.
    communicator = await connect(live_game.id, live_game.seats["moscow"].token)
    again = await receive(communicator)
    clock = await receive(communicator, heartbeats=True)
    await communicator.disconnect()
    assert again == state and again["seq"] == body["seq"]
    assert _parse_server_time(clock["server_time"]) > _parse_server_time(stamps["connect"])


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


async def test_an_analysts_socket_shows_its_grant_and_closes_when_the_grant_changes(live_game):
    def add(grant: str) -> tuple[str, str]:
        response = live_game.control.post(
            f"/api/games/{live_game.id}/analysts/", {"name": f"Analyst {grant}", "grant": grant}
        )
        assert response.status_code == 201, response.content
        return response.json()["id"], response.json()["token"]

    public_id, public = await sync_to_async(add)("public")
    _, everything = await sync_to_async(add)("all")
    for token, role in ((public, "analyst"), (everything, "control")):
        communicator = await connect(live_game.id, token)
        assert (await receive(communicator))["view"]["role"] == role
        await communicator.disconnect()
    socket = await connect(live_game.id, public)
    await receive(socket)
    changed = await sync_to_async(live_game.control.request)(
        "patch", f"/api/games/{live_game.id}/analysts/{public_id}/", {"grant": "all"}
    )
    assert changed.status_code == 200, changed.content
    # The grant's event arrives as a change; then the socket closes, and the page comes back
    # with what the new grant shows.
    while (output := await socket.receive_output(timeout=5))["type"] == "websocket.send":
        assert json.loads(output["text"])["type"] in ("change", "heartbeat", "presence")
    assert output == {"type": "websocket.close", "code": 4401}
    again = await connect(live_game.id, public)
    assert (await receive(again))["view"]["role"] == "control"
    await again.disconnect()
