"""Many writers on one game, and a writer killed mid-stream: nothing acknowledged is lost."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.games.helpers import tutorial_game
from wargame.games import store
from wargame.games.models import Game
from wargame.games.rebuild import verify_game

pytestmark = [pytest.mark.concurrency]

ROOT = Path(settings.BASE_DIR)
WRITERS = 8
APPENDS = 2000


def start_writer(env: dict, game: Game, tag: str, count: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.games.writer", str(game.id), tag, str(count)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def acknowledged(lines: list[str]) -> list[tuple[int, str, int]]:
    acks = []
    for line in lines:
        parts = line.split()
        if len(parts) == 4 and parts[0] == "ack":
            acks.append((int(parts[1]), parts[2], int(parts[3])))
    return acks


def notes_in_log(game: Game) -> list[tuple[int, str]]:
    events = store.read_events(game_id=game.id)
    return [(e["seq"], e["data"]["text"]) for e in events if e["type"] == "note_added"]


@pytest.fixture
def game(committed_db):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    return tutorial_game("Concurrency")


def test_eight_writers_lose_and_duplicate_nothing(game, subprocess_env):
    start_seq = game.seq
    writers = [
        start_writer(subprocess_env, game, f"w{n}", APPENDS // WRITERS) for n in range(WRITERS)
    ]
    acks = []
    for writer in writers:
        out, err = writer.communicate(timeout=900)
        assert writer.returncode == 0, err
        acks.extend(acknowledged(out.splitlines()))

    assert len(acks) == APPENDS
    logged = notes_in_log(game)
    # Every acknowledged append is in the log once, at the seq it was acknowledged with.
    assert sorted(logged) == sorted((seq, text) for seq, text, _ in acks)
    assert len({text for _, text in logged}) == APPENDS
    game.refresh_from_db()
    assert [e["seq"] for e in store.read_events(game_id=game.id)] == list(
        range(1, start_seq + APPENDS + 1)
    )
    assert verify_game(game) is None
    # The writers raced: some decisions were made on a stale picture and made again.
    assert sum(attempts - 1 for _, _, attempts in acks) > 0


def test_a_killed_writer_leaves_a_sound_log_with_every_acknowledged_append(game, subprocess_env):
    writer = start_writer(subprocess_env, game, "doomed", 100_000)
    lines = []
    assert writer.stdout is not None
    for line in writer.stdout:
        lines.append(line)
        if len(lines) == 150:
            writer.send_signal(signal.SIGKILL)
            break
    lines.extend(writer.stdout.read().splitlines())
    writer.wait(timeout=60)
    assert writer.returncode == -signal.SIGKILL

    acks = acknowledged(lines)
    assert len(acks) >= 150
    logged = set(notes_in_log(game))
    assert {(seq, text) for seq, text, _ in acks} <= logged
    game.refresh_from_db()
    assert verify_game(game) is None
