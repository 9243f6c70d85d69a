"""Fixtures of the browser tests: a real daphne on the test database, a facilitator who can log
in, and headless Chromium (the system's, never a downloaded one)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import require

ROOT = Path(settings.BASE_DIR)
CHROMIUM = Path(os.environ.get("WARGAME_CHROMIUM", "/usr/bin/chromium"))
INDEX = ROOT / "frontend" / "dist" / "index.html"
SHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
FACILITATOR = ("white-cell", "correct horse battery staple")


@pytest.fixture
def requirements():
    require(CHROMIUM.exists(), f"browser tests need Chromium at {CHROMIUM} (apt install chromium)")
    require(INDEX.exists(), "browser tests need the built pages: cd frontend && npm run build")
    try:
        import playwright  # noqa: F401
    except ImportError:  # pragma: no cover
        require(False, "browser tests need the playwright Python package")


@pytest.fixture
def white_cell(requirements, committed_db):
    """A facilitator with a password (for the browser) and an API token (for checks)."""
    from django.core.management import call_command

    from wargame.games.tokens import issue_facilitator_token

    call_command("loadscenarios", verbosity=0)
    user, token, _ = issue_facilitator_token(username=FACILITATOR[0])
    user.set_password(FACILITATOR[1])
    user.save(update_fields=["password"])
    return {"username": FACILITATOR[0], "password": FACILITATOR[1], "token": token}


@pytest.fixture
def server(white_cell, subprocess_env):
    from tests.live.servers import Daphne

    env = dict(subprocess_env)
    env.setdefault("WARGAME_THROTTLE_RATE", "100000/min")
    with Daphne(env) as running:
        yield running


@pytest.fixture
def browser(server):
    """Chromium, started after the server (Django's ORM is not used once Playwright runs)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def shots():
    SHOTS.mkdir(parents=True, exist_ok=True)
    return SHOTS


@pytest.fixture
def worker(server, subprocess_env):
    """The task worker `make run` starts beside daphne: it acts on deadlines when they pass."""
    import subprocess
    import sys

    process = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--interval",
            "0.2",
            "--no-startup-delay",
        ],
        cwd=ROOT,
        env=dict(subprocess_env),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        yield process
    finally:
        process.kill()
        process.wait(timeout=10)
