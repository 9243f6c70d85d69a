"""``manage.py export_dataset GAME [--as ROLE] --out FILE``: the game's data for notebooks."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wargame.games.dataset import dataset_zip
from wargame.games.record import role_record
from wargame.games.selectors import find_game


class Command(BaseCommand):
    help = (
        "Write a game's record as a zip of tidy CSV tables with a data dictionary, as one role "
        "sees it (docs/analysis.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("game", help="the game's id")
        parser.add_argument("--out", required=True, help="the zip file to write")
        parser.add_argument(
            "--as",
            dest="role",
            default="control",
            help="whose record (a seat, observer or control; default: control, who sees "
            "everything)",
        )

    def handle(self, *args, game: str, out: str, role: str, **options) -> None:
        found = find_game(game)
        roles = {"control", "observer", *found.seats.values_list("role", flat=True)}
        if role not in roles:
            raise CommandError(f"no role {role!r} in this game (roles: {', '.join(sorted(roles))})")
        data = dataset_zip(role_record(found, role))
        with open(out, "wb") as file:
            file.write(data)
        self.stderr.write(f"wrote the dataset of {found.title} as {role} to {out}")
