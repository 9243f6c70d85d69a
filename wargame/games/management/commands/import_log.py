"""``manage.py import_log FILE``: a new game from an exported log, its chain and state verified."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wargame.games.imports import import_log


class Command(BaseCommand):
    help = (
        "Create a new game from an exported JSON Lines log. The hash chain is checked and the "
        "log is rebuilt: the state hashes must equal the exporter's. A bad log is refused, "
        "naming the first bad seq; exit 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a .jsonl file written by export_log or the API")

    def handle(self, *args, file: str, **options) -> None:
        path = Path(file)
        if not path.exists():
            raise CommandError(f"{file}: no such file")
        try:
            game = import_log(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise CommandError(f"refused: {exc}", returncode=1) from None
        self.stdout.write(str(game.id))
        self.stderr.write(f"imported {game.seq} events as game {game.id} ({game.title})")
