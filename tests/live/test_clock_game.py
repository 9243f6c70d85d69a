"""A game of three turns played by the clock alone: two daphne processes and two task workers
on PostgreSQL and Redis, the phases lasting a second or two, no command after the start but a
team's one move. One daphne and one worker are killed in the middle. Every deadline acts
exactly once (the events counted), the moves waiting are rolled at their proposed odds, and the
game reaches its end, heard by a socket on the daphne that lived."""

from __future__ import annotations

import asyncio
import os
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from tests.conftest import require
from tests.live.servers import Daphne, ResumingClient, TaskWorker, post_command
from tests.players import Caller, create_game
from wargame.games import store
from wargame.games.tokens import issue_facilitator_token

pytestmark = [pytest.mark.live, pytest.mark.asyncio, pytest.mark.services]

PORTS = (8803, 8813)
SERVER_CLOCK = {"role": "control", "name": "Server clock"}
CLOCK = [
    {"phase": "briefing", "seconds": 1, "on_expiry": "advance"},
    {"phase": "diplomacy", "seconds": 1, "on_expiry": "advance"},
    {"phase": "orders", "seconds": 2, "on_expiry": "advance"},
    {"phase": "adjudication", "seconds": 1, "on_expiry": "roll"},
    {"phase": "results", "seconds": 1, "on_expiry": "advance"},
]
TURNS = 3


@pytest.fixture
def three_turns(committed_db, tmp_path: Path) -> Caller:
    """The tutorial scenario, three turns long, loaded; and a White Cell."""
    document = yaml.safe_load((Path(settings.BASE_DIR) / "scenarios/tutorial.yaml").read_text())
    document.update(
        slug="tutorial-3", turns=TURNS, turn_labels=[f"Month {n}" for n in range(1, TURNS + 1)]
    )
    path = tmp_path / "tutorial-3.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    call_command("loadscenarios", str(path), verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    return Caller(token)


def log(game_id: str) -> list[dict]:
    return store.read_events(game_id=game_id, after=0)


async def until(check, timeout: float, what: str) -> None:
    limit = time.monotonic() + timeout
    while not await check():
        if time.monotonic() > limit:
            raise TimeoutError(what)
        await asyncio.sleep(0.1)


async def test_three_turns_run_by_the_clock_alone_across_killed_processes(
    three_turns, subprocess_env
):
    require(
        connection.vendor == "postgresql" and bool(os.environ.get("WARGAME_REDIS_URL")),
        "two processes need PostgreSQL and Redis: set WARGAME_DATABASE_URL and WARGAME_REDIS_URL",
    )
    env = {**subprocess_env, "WARGAME_CLOCK_SWEEP_SECONDS": "1"}
    game = await sync_to_async(create_game)(three_turns, "By the clock", "tutorial-3", CLOCK)
    beijing = game.seats["beijing"].token
    first, second = Daphne(env, port=PORTS[0]).start(), Daphne(env, port=PORTS[1]).start()
    doomed_worker, worker = TaskWorker(env).start(), TaskWorker(env).start()
    watcher = ResumingClient(second.port, game.id, game.observer.token)
    watcher.start()
    moved: dict[int, str] = {}
    try:
        await sync_to_async(post_command)(
            first, game.id, game.control.token, {"type": "start_game"}
        )

        async def turn_two_orders() -> bool:
            view = watcher.view or {}
            return view.get("game", {}).get("turn") == 2

        # Turn 1: Beijing moves during its orders phase, through the daphne that will die.
        async def orders_open() -> bool:
            view = watcher.view or {}
            return view.get("game", {}).get("phase") == "orders"

        await until(orders_open, 30, "the clock never opened the orders of turn 1")
        body = await sync_to_async(post_command)(
            first,
            game.id,
            beijing,
            {"type": "submit_move", "action": "beijing.trade_squeeze", "rationale": "on time"},
        )
        moved[1] = body["events"][0]["data"]["move_id"]

        # In the middle of the game, one daphne and one worker are killed.
        await until(turn_two_orders, 60, "the clock never reached turn 2")
        first.kill()
        doomed_worker.kill()

        async def ended() -> bool:
            view = watcher.view or {}
            return view.get("game", {}).get("status") == "ended"

        await until(ended, 90, f"the game did not end: socket at {watcher.seq}")
    finally:
        await watcher.stop()
        worker.kill()
        doomed_worker.kill()
        first.kill()
        second.kill()

    events = await sync_to_async(log)(game.id)
    kinds = Counter(event["type"] for event in events)
    set_by_clock = [
        e for e in events if e["type"] == "deadline_set" and e["data"].get("cause") == "clock"
    ]
    expired = [e for e in events if e["type"] == "deadline_expired"]
    # Every phase of every turn opened with its deadline, and each deadline acted once.
    assert len(set_by_clock) == TURNS * len(CLOCK)
    assert [e["data"]["deadline_id"] for e in expired] == [
        e["data"]["deadline_id"] for e in set_by_clock
    ]
    assert kinds["deadline_expired"] == TURNS * len(CLOCK)
    assert kinds["phase_advanced"] == TURNS * len(CLOCK) - 1
    assert kinds["game_ended"] == 1 and events[-1]["type"] == "game_ended"
    assert kinds["deadline_set"] == len(set_by_clock)  # nobody set one by hand
    # Nothing but the start, the move and the settings came from anyone but the clock.
    by_people = [e for e in events if e["actor"] != SERVER_CLOCK]
    assert {e["type"] for e in by_people} <= {
        "game_created",
        "clock_set",
        "game_started",
        "narrative_published",
        "inject_issued",
        "inject_skipped",
        "indicators_changed",
        "deadline_set",
        "move_submitted",
    }
    assert all(e["data"]["cause"] == "deadline" for e in events if e["type"] == "phase_advanced")
    # Beijing's move waited in adjudication and was rolled at its proposed odds.
    (rolled,) = [e for e in events if e["type"] == "move_adjudicated"]
    assert rolled["actor"] == SERVER_CLOCK
    (entry,) = rolled["data"]["entries"]
    assert entry["move_id"] == moved[1] and entry["probability"] == entry["proposed"]
    # The log holds together: chain and state hashes.
    await sync_to_async(call_command)("verify_log", game.id, verbosity=0)
