"""Export a finished game, import it on a fresh database: the same state hash at every seq."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.api.playbook import Playbook
from tests.engine.harness import as_version_2
from tests.players import create_game
from wargame.games.exports import export_lines

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


@pytest.fixture
def exported(facilitator, tmp_path):
    handle = create_game(facilitator, "To be exported")
    Playbook(handle).play()
    from wargame.games.models import Game

    path = tmp_path / "game.jsonl"
    path.write_text("".join(export_lines(Game.objects.get(pk=handle.id))))
    return path


@pytest.fixture
def fresh_database(tmp_path) -> dict:
    import os

    env = {**os.environ, "WARGAME_DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}"}
    env.pop("WARGAME_REDIS_URL", None)
    assert manage(env, "migrate", "--no-input").returncode == 0
    return env


def test_an_imported_log_rebuilds_to_the_same_state_at_every_seq(
    exported, fresh_database, tmp_path
):
    imported = manage(fresh_database, "import_log", str(exported))
    assert imported.returncode == 0, imported.stderr
    new_id = imported.stdout.strip()
    assert manage(fresh_database, "verify_log", new_id).returncode == 0
    again = tmp_path / "again.jsonl"
    assert manage(fresh_database, "export_log", new_id, "-o", str(again)).returncode == 0

    original = [json.loads(line) for line in exported.read_text().splitlines()]
    copied = [json.loads(line) for line in again.read_text().splitlines()]
    assert len(original) == len(copied) > 50
    assert [e["state_hash"] for e in copied] == [e["state_hash"] for e in original]
    assert copied == original  # every event byte for byte, hashes and chain included


@pytest.mark.parametrize("where", ["data", "hash", "drop"])
def test_a_tampered_export_is_refused_naming_the_bad_seq(exported, fresh_database, where):
    lines = exported.read_text().splitlines()
    bad = 17
    event = json.loads(lines[bad - 1])
    if where == "data":
        event["data"]["forged"] = True
        lines[bad - 1] = json.dumps(event)
    elif where == "hash":
        event["hash"] = "0" * 64
        lines[bad - 1] = json.dumps(event)
    else:
        del lines[bad - 1]
    exported.write_text("\n".join(lines) + "\n")
    result = manage(fresh_database, "import_log", str(exported))
    assert result.returncode == 1
    assert f"seq {bad}" in result.stderr
    listed = manage(fresh_database, "verify_log")
    assert listed.stdout.strip() == ""  # nothing was imported


def test_a_file_that_is_not_a_log_is_refused_with_the_line(fresh_database, tmp_path):
    path = tmp_path / "junk.jsonl"
    path.write_text('{"seq": 1}\nnot json\n')
    result = manage(fresh_database, "import_log", str(path))
    assert result.returncode == 1 and "line 1" in result.stderr


def rechained(lines: list[str], change) -> str:
    """The exported events after ``change(event)``, with a hash chain made valid again: a log
    an honest engine of another version could have written."""
    from wargame.games.store import GENESIS_HASH, chain_record, event_hash

    out, prev = [], GENESIS_HASH
    for line in lines:
        event = json.loads(line)
        change(event)
        event["prev_hash"] = prev
        event["hash"] = prev = event_hash(prev, chain_record(event))
        out.append(json.dumps(event))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("recorded_by", ["1", "2", "this"])
def test_state_hashes_are_compared_only_by_the_engine_version_that_recorded_them(
    exported, fresh_database, recorded_by
):
    """States of another engine version had another shape, so their hashes cannot match a
    rebuild here: such a log is checked on its chain and on folding. Hashes claimed by this
    version that a rebuild does not reproduce are refused."""

    def recorded_elsewhere(event: dict) -> None:
        event["state_hash"] = "1" * 64
        if recorded_by == "2":
            as_version_2(event)  # the shape version 2 wrote, before the run-sheet and clock
        if event["seq"] == 1 and recorded_by == "1":
            del event["data"]["engine_version"]  # as version 1 wrote game_created

    exported.write_text(rechained(exported.read_text().splitlines(), recorded_elsewhere))
    result = manage(fresh_database, "import_log", str(exported))
    if recorded_by == "this":
        assert result.returncode == 1
        assert "seq 1" in result.stderr and "another state" in result.stderr
        return
    assert result.returncode == 0, result.stderr
    verified = manage(fresh_database, "verify_log", result.stdout.strip())
    assert verified.returncode == 0
    assert f"recorded by engine version {recorded_by}, not compared" in verified.stdout
