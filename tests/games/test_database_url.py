"""WARGAME_DATABASE_URL, read by dj-database-url, into the settings Wargame runs with."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from wargame.settings import POOL_SIZE, database_from_url


def test_a_postgres_url_keeps_escapes_and_gets_the_pool():
    entry = database_from_url("postgres://war%40game:p%2Fss@db.example:6543/wargame")
    assert entry["ENGINE"] == "django.db.backends.postgresql"
    assert (entry["USER"], entry["PASSWORD"]) == ("war@game", "p/ss")
    assert (entry["HOST"], entry["PORT"], entry["NAME"]) == ("db.example", "6543", "wargame")
    assert entry["OPTIONS"]["pool"]["max_size"] == POOL_SIZE
    assert entry["CONN_MAX_AGE"] == 0


def test_a_sqlite_url_names_an_absolute_file_in_wal_mode(tmp_path):
    entry = database_from_url(f"sqlite:///{tmp_path / 'game.sqlite3'}")
    assert entry["NAME"] == str(tmp_path / "game.sqlite3")
    assert "journal_mode=WAL" in entry["OPTIONS"]["init_command"]


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("sqlite://relative.sqlite3", "absolute path"),
        ("mysql://db/wargame", "unsupported scheme 'mysql'"),
        ("postgres://db.example/", "no database name"),
    ],
)
def test_an_unusable_url_says_what_is_wrong(url, problem):
    with pytest.raises(ImproperlyConfigured, match=problem):
        database_from_url(url)
