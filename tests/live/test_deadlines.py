"""Deadlines the server acts on, run by real task worker processes (manage.py db_worker): an
`advance` deadline is acted on exactly once with two workers running, its socket hears it, and
a deadline moved or paused since it was scheduled is not acted on at its old instant."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django_tasks_db.models import DBTaskResult

from tests.conftest import require
from tests.live.pages import Page
from tests.live.servers import TaskWorker
from tests.players import iso
from wargame.asgi import application
from wargame.games import store
from wargame.games.deadlines import expire_deadline

pytestmark = [pytest.mark.live, pytest.mark.asyncio]

CLOCK = {"role": "control", "name": "Server clock"}


def parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def command(game, body: dict) -> dict:
    response = game.control.command(game.id, body)
    assert response.status_code == 201, response.content
    return response.json()


def view(game) -> dict:
    return game.control.get(f"/api/games/{game.id}/state/").json()["view"]


def events(game, kind: str) -> list[dict]:
    return [e for e in store.read_events(game_id=game.id, after=0) if e["type"] == kind]


def tasks_for(deadline_id: str) -> list[DBTaskResult]:
    rows = DBTaskResult.objects.filter(task_path=expire_deadline.module_path)
    return [row for row in rows if row.args_kwargs["args"][1] == deadline_id]


async def finished(deadline_id: str, count: int, timeout: float) -> list[DBTaskResult]:
    """Wait until ``count`` tasks for the deadline have run, and return them."""
    limit = time.monotonic() + timeout
    while True:
        rows = await sync_to_async(tasks_for)(deadline_id)
        done = [row for row in rows if row.status in ("SUCCESSFUL", "FAILED")]
        if len(done) >= count:
            return done
        if time.monotonic() > limit:
            raise TimeoutError(f"{len(done)} of {count} tasks for {deadline_id} ran")
        await asyncio.sleep(0.1)


async def test_an_advance_deadline_is_acted_on_exactly_once_by_two_workers(
    running_game, subprocess_env
):
    game = running_game
    socket = WebsocketCommunicator(
        application, f"/ws/games/{game.id}/?token={game.seats['beijing'].token}"
    )
    assert (await socket.connect())[0]
    page = Page()
    page.take(json.loads(await socket.receive_from(timeout=5)))
    assert page.view["game"]["phase"] == "briefing"

    at = datetime.now(UTC) + timedelta(seconds=1)
    await sync_to_async(command)(
        game, {"type": "set_deadline", "deadline": iso(at), "on_expiry": "advance"}
    )
    deadline_id = (await sync_to_async(view)(game))["game"]["deadline"]["id"]
    # A second task for the same deadline, as a retry would leave: both workers get one.
    await sync_to_async(expire_deadline.using(run_after=at).enqueue)(game.id, deadline_id)

    with TaskWorker(subprocess_env), TaskWorker(subprocess_env):
        done = await finished(deadline_id, 2, timeout=60)
    assert all(row.status == "SUCCESSFUL" for row in done), [row.traceback for row in done]
    outcomes = sorted(row.return_value.split(" ")[0] for row in done)
    assert outcomes in (["already", "expired"], ["dropped:", "expired"]), outcomes

    expired = await sync_to_async(events)(game, "deadline_expired")
    assert len(expired) == 1
    assert expired[0]["actor"] == CLOCK
    assert expired[0]["data"] == {
        "deadline_id": deadline_id,
        "on_expiry": "advance",
        "cause": "deadline",
    }
    assert parse(expired[0]["at"]) >= at.replace(microsecond=at.microsecond // 1000 * 1000)
    advanced = await sync_to_async(events)(game, "phase_advanced")
    assert (
        advanced[-1]["seq"] == expired[0]["seq"] + 1 and advanced[-1]["data"]["cause"] == "deadline"
    )
    assert (await sync_to_async(view)(game))["game"]["phase"] == "diplomacy"

    # The seat's socket, in this process, hears what the worker process appended.
    while page.seq < advanced[-1]["seq"]:
        frame = json.loads(await socket.receive_from(timeout=10))
        if frame["type"] in ("state", "change"):
            page.take(frame)
    assert page.view["game"]["phase"] == "diplomacy"
    await socket.disconnect()


async def test_a_moved_or_paused_deadline_is_not_acted_on_at_its_old_instant(
    running_game, subprocess_env
):
    game = running_game
    now = datetime.now(UTC)
    set_deadline = sync_to_async(command)
    await set_deadline(
        game,
        {
            "type": "set_deadline",
            "deadline": iso(now + timedelta(seconds=1)),
            "on_expiry": "advance",
        },
    )
    moved = (await sync_to_async(view)(game))["game"]["deadline"]["id"]
    await set_deadline(
        game,
        {
            "type": "set_deadline",
            "deadline": iso(now + timedelta(seconds=2)),
            "on_expiry": "advance",
        },
    )
    paused = (await sync_to_async(view)(game))["game"]["deadline"]["id"]
    await set_deadline(game, {"type": "pause"})

    with TaskWorker(subprocess_env), TaskWorker(subprocess_env):
        for deadline_id in (moved, paused):
            (row,) = await finished(deadline_id, 1, timeout=60)
            assert (row.status, row.return_value) == ("SUCCESSFUL", "dropped: deadline_not_due")
        assert await sync_to_async(events)(game, "deadline_expired") == []
        assert (await sync_to_async(view)(game))["game"]["phase"] == "briefing"

        # Resumed, the frozen time runs again under a new id, and that deadline acts.
        await set_deadline(game, {"type": "resume"})
        resumed = (await sync_to_async(view)(game))["game"]["deadline"]
        assert resumed["id"] not in (moved, paused)
        (row,) = await finished(resumed["id"], 1, timeout=60)
        assert row.return_value.startswith("expired at seq")

    expired = await sync_to_async(events)(game, "deadline_expired")
    assert [event["data"]["deadline_id"] for event in expired] == [resumed["id"]]
    assert parse(expired[0]["at"]) >= parse(resumed["at"])
    assert (await sync_to_async(view)(game))["game"]["phase"] == "diplomacy"


@pytest.mark.services
async def test_a_transient_database_error_is_retried_and_the_deadline_acts_once(
    running_game, subprocess_env
):
    """The game's row is locked by another session and the worker's sessions give up waiting
    for a lock after 200 ms: its first attempt fails, a second is enqueued, and once the lock
    is released the deadline acts, once."""
    from django.db import connection

    require(
        connection.vendor == "postgresql",
        "row locks and lock timeouts need PostgreSQL: set WARGAME_DATABASE_URL",
    )
    import psycopg

    game = running_game
    at = datetime.now(UTC) + timedelta(milliseconds=300)
    await sync_to_async(command)(
        game, {"type": "set_deadline", "deadline": iso(at), "on_expiry": "advance"}
    )
    deadline_id = (await sync_to_async(view)(game))["game"]["deadline"]["id"]
    env = {**subprocess_env, "PGOPTIONS": "-c lock_timeout=200"}
    database = connection.settings_dict
    blocker = await psycopg.AsyncConnection.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or "5432",
        user=database["USER"],
        password=database["PASSWORD"] or None,
        dbname=database["NAME"],
    )
    try:
        await blocker.execute("SELECT 1 FROM games_game WHERE id = %s FOR UPDATE", [game.id])
        with TaskWorker(env):
            (first,) = await finished(deadline_id, 1, timeout=60)
            assert (first.status, first.return_value) == ("SUCCESSFUL", "retrying")
            assert await sync_to_async(events)(game, "deadline_expired") == []
            await blocker.commit()  # the lock is gone
            done = await finished(deadline_id, 2, timeout=60)
        retried = next(row for row in done if row.id != first.id)
        assert retried.args_kwargs["args"] == [game.id, deadline_id, 2]
        assert retried.run_after >= first.started_at + timedelta(seconds=1)  # a little later
        assert retried.return_value.startswith("expired at seq")
    finally:
        await blocker.close()
    expired = await sync_to_async(events)(game, "deadline_expired")
    assert [event["data"]["deadline_id"] for event in expired] == [deadline_id]
