"""``manage.py backup DEST``: a consistent copy of the database, taken while the server runs.

SQLite: the online backup API copies the database page by page into the file DEST; writers may
go on meanwhile, and the copy is the database as it was at one instant (a later write restarts
the copy of the pages it changed). DEST is a SQLite database: point WARGAME_DATABASE_URL at it
(``sqlite:////absolute/DEST``) to restore, and check it with ``verify_log``.

PostgreSQL: runs ``pg_dump --format=custom --file DEST`` with the server's connection settings
(one snapshot, so also consistent under writes); restore with ``pg_restore`` into an empty
database (docs/operations.md).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = (
        "Write a consistent copy of the database to DEST while the server keeps running: "
        "SQLite's online backup, or pg_dump (custom format) on PostgreSQL. Check a restored "
        "copy with verify_log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dest", help="the file to write (refused if it exists)")
        parser.add_argument("--force", action="store_true", help="overwrite DEST")

    def handle(self, *args, dest: str, force: bool, **options) -> None:
        target = Path(dest)
        if target.exists() and not force:
            raise CommandError(f"{dest}: already exists (use --force to overwrite it)")
        if not target.parent.is_dir():
            raise CommandError(f"{target.parent}: no such folder")
        if connection.vendor == "sqlite":
            self._sqlite(target)
        elif connection.vendor == "postgresql":
            self._postgresql(target)
        else:  # pragma: no cover - the settings allow only these two
            raise CommandError(f"no backup for the {connection.vendor} database")
        self.stderr.write(f"wrote a copy of the database to {target}")

    def _sqlite(self, target: Path) -> None:
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        connection.ensure_connection()
        source = connection.connection
        copy = sqlite3.connect(partial)
        try:
            # 1,024 pages per step, so writers are held up only for a moment at a time.
            source.backup(copy, pages=1024)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        finally:
            copy.close()
        os.replace(partial, target)

    def _postgresql(self, target: Path) -> None:
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError("pg_dump is not installed (apt-get install postgresql-client)")
        settings = connection.settings_dict
        env = dict(os.environ)
        if settings.get("PASSWORD"):
            env["PGPASSWORD"] = settings["PASSWORD"]
        command = [pg_dump, "--format=custom", "--no-owner", "--file", str(target)]
        for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
            if settings.get(key):
                command += [flag, str(settings[key])]
        command.append(settings["NAME"])
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            raise CommandError(f"pg_dump failed: {done.stderr.strip()}")
