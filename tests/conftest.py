"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from urllib.parse import quote

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(condition: bool, reason: str) -> None:
    """Skip with ``reason`` on a developer's machine; under CI=true a missing service fails."""
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def committed_db(django_db_setup, django_db_blocker):
    """Database access whose writes really commit, for tests with several threads or processes.

    The events table refuses DELETE, so the usual flush between tests cannot run on it; the
    guard comes off for the clean-up and goes back on before the next test.
    """
    from django.core.management import call_command
    from django.db import connection

    from wargame.games.guard import install_guard, remove_guard

    with django_db_blocker.unblock():
        install_guard(connection)
        yield
        remove_guard(connection)
        call_command("flush", interactive=False, verbosity=0)
        install_guard(connection)


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
