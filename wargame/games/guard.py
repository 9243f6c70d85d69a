"""The database-level guard that makes the events table append-only.

Installed by a migration. Tests that must tamper with a row behind the guard's back, and the
test harness when it empties the database between tests, remove it and install it again through
these two functions, so there is one definition of the guard.
"""

from __future__ import annotations

from django.db.backends.base.base import BaseDatabaseWrapper

TABLE = "games_event"
MESSAGE = "events are append-only"

_SQLITE_INSTALL = [
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_update BEFORE UPDATE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
    f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_delete BEFORE DELETE ON {TABLE} "
    f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;",
]
_SQLITE_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_update;",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;",
]
_POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION {TABLE}_reject_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE} (% refused)', TG_OP USING ERRCODE = 'restrict_violation';
    END;
    $$ LANGUAGE plpgsql;""",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE};",
    f"CREATE TRIGGER {TABLE}_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
    f"FOR EACH ROW EXECUTE FUNCTION {TABLE}_reject_change();",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};",
    f"CREATE TRIGGER {TABLE}_no_truncate BEFORE TRUNCATE ON {TABLE} "
    f"FOR EACH STATEMENT EXECUTE FUNCTION {TABLE}_reject_change();",
]
_POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS {TABLE}_no_change ON {TABLE};",
    f"DROP TRIGGER IF EXISTS {TABLE}_no_truncate ON {TABLE};",
]


def _statements(connection: BaseDatabaseWrapper, *, install: bool) -> list[str]:
    if connection.vendor == "sqlite":
        return _SQLITE_INSTALL if install else _SQLITE_REMOVE
    if connection.vendor == "postgresql":
        return _POSTGRES_INSTALL if install else _POSTGRES_REMOVE
    raise NotImplementedError(f"no append-only guard for the {connection.vendor} database")


def install_guard(connection: BaseDatabaseWrapper) -> None:
    """Make the events table refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL)."""
    with connection.cursor() as cursor:
        for sql in _statements(connection, install=True):
            cursor.execute(sql)


def remove_guard(connection: BaseDatabaseWrapper) -> None:
    """Take the guard off (tamper tests and test-database flushes only)."""
    with connection.cursor() as cursor:
        for sql in _statements(connection, install=False):
            cursor.execute(sql)
