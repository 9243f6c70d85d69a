"""``manage.py export_log GAME [-o FILE]``: the game's log as JSON Lines."""

import sys

from django.core.management.base import BaseCommand, CommandParser

from wargame.games.exports import export_lines
from wargame.games.selectors import find_game


class Command(BaseCommand):
    help = "Write a game's log as JSON Lines (one event per line, in seq order)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("game", help="the game's id")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args, game: str, output: str | None, **options) -> None:
        found = find_game(game)
        if output:
            with open(output, "w", encoding="utf-8") as out:
                out.writelines(export_lines(found))
            self.stderr.write(f"wrote {found.seq} events to {output}")
        else:
            sys.stdout.writelines(export_lines(found))
