"""``manage.py backup`` copies the database while a writer goes on; the copy restores and passes
``verify_log``. On PostgreSQL (make test-services) it is pg_dump, restored with pg_restore."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.games.helpers import note, tutorial_game

pytestmark = pytest.mark.store

ROOT = Path(settings.BASE_DIR)


def manage(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def restored_url(dest: Path, subprocess_env: dict) -> tuple[str, object]:
    """A database URL holding the restored copy, and a function that drops it afterwards."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{dest}", lambda: None
    import psycopg

    base = subprocess_env["WARGAME_DATABASE_URL"]
    name = connection.settings_dict["NAME"] + "_restored"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = base.rsplit("/", 1)[0] + "/" + name
    done = subprocess.run(
        ["pg_restore", "--no-owner", "--dbname", url, str(dest)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return url, drop


def test_a_backup_taken_under_writes_restores_and_verifies(
    committed_db, loaded_scenarios, subprocess_env, tmp_path
):
    game = tutorial_game("Backed up")
    for n in range(20):
        note(game, f"before {n}")
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        from django.db import connections

        try:
            while not stop.is_set():
                written.append(note(game, f"during {len(written)}").seq)
        finally:
            connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        while len(written) < 5:  # the writer is going
            stop.wait(0.05)
        dest = tmp_path / "copy.backup"
        result = manage(subprocess_env, "backup", str(dest))
        backed_up_during = len(written)
    finally:
        stop.set()
        thread.join()
    assert result.returncode == 0, result.stderr
    assert backed_up_during > 5
    assert manage(subprocess_env, "backup", str(dest)).returncode == 1  # never overwritten

    url, drop = restored_url(dest, subprocess_env)
    try:
        env = {**subprocess_env, "WARGAME_DATABASE_URL": url}
        verified = manage(env, "verify_log", str(game.id))
        assert verified.returncode == 0, verified.stdout + verified.stderr
        assert verified.stdout.startswith(f"{game.id}: ok (")
        copied = int(verified.stdout.split("(")[1].split()[0])
        assert 21 < copied <= 21 + len(written)  # a consistent instant, mid-stream
    finally:
        drop()
