"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"

pytest_plugins = ["tests.players"]


def pytest_sessionstart(session) -> None:
    """A service that was named but cannot be reached is an error, not a reason to skip."""
    url = os.environ.get("WARGAME_REDIS_URL")
    if url:
        import redis

        try:
            redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        except redis.RedisError as exc:
            pytest.exit(f"WARGAME_REDIS_URL={url} is unreachable: {exc}", returncode=1)


def pytest_collection_modifyitems(items) -> None:
    """Under pytest-xdist (make test), the browser tests run one after another on one worker:
    each drives several Chromium pages against a server, and two such tests side by side on a
    small machine would only slow each other down."""
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.xdist_group("browsers"))


def require(condition: bool, reason: str) -> None:
    """Skip with ``reason`` on a developer's machine; under CI=true a missing service fails."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def own_channel_layer():
    """A channel layer of each test's own. A daphne process has one event loop for its life; a
    test run has one per test (and one more for each async_to_sync), and the Redis layer's
    locks belong to the loop that first waited on them: one held by a task of a loop now closed
    (a receive's clean-up that never ran) would make every later receive of a shared layer
    fail with "bound to a different event loop"."""
    from channels.layers import DEFAULT_CHANNEL_LAYER, channel_layers

    channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)
    yield
    channel_layers.backends.pop(DEFAULT_CHANNEL_LAYER, None)


@pytest.fixture(autouse=True)
def append_only_guard(request):
    """Every test with database access sees the events table guarded, as migrations leave it.

    (A test whose writes really commit takes the guard off for the flush that follows it.)
    """
    names = request.fixturenames
    if "transactional_db" in names or "committed_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
    else:
        return
    from django.db import connection

    from wargame.games.guard import install_guard

    install_guard(connection)


@pytest.fixture
def committed_db(transactional_db):
    """Database access whose writes really commit, for tests with several threads or processes.

    The events table refuses DELETE, so the flush after the test could not empty it: the guard
    comes off first (the next test's ``append_only_guard`` puts it back).
    """
    from django.db import connection

    from wargame.games import caches
    from wargame.games.guard import remove_guard

    yield
    caches.clear()
    remove_guard(connection)


@pytest.fixture(scope="session", autouse=True)
def end_stray_sessions(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end the PostgreSQL sessions that consumer threads
    left open, or PostgreSQL refuses to drop it."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def database_url(django_db_setup) -> str:
    """A WARGAME_DATABASE_URL for subprocesses that must use the test database."""
    from django.db import connection

    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = quote(settings.get("USER") or "")
    password = quote(settings.get("PASSWORD") or "")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "127.0.0.1"
    port = settings.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{settings['NAME']}"


@pytest.fixture
def subprocess_env(database_url) -> dict[str, str]:
    """The environment of a subprocess that shares the test database and channel layer."""
    env = dict(os.environ)
    env["WARGAME_DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = "wargame.settings"
    return env


@pytest.fixture
def loaded_scenarios(db):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def scenario_files_parsed_once():
    """Each scenario file is read, parsed and checked once per test process, not again for each
    of the hundreds of tests that load the scenarios (over half a second each time). A file is
    known by its path, size and modification time, so one a test writes or changes is read
    anew, and a file that fails is read again each time; every caller gets a copy of its own."""
    from pathlib import Path

    from wargame import engine
    from wargame.engine.codec import deep_copy

    original = engine.load_scenario_file
    parsed: dict[tuple, dict] = {}

    def load_scenario_file(path):
        try:
            stat = os.stat(path)
        except OSError:
            return original(path)  # which says why it cannot be read
        key = (str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns)
        if key not in parsed:
            parsed[key] = original(path)
        return deep_copy(parsed[key])

    engine.load_scenario_file = load_scenario_file
    yield
    engine.load_scenario_file = original
