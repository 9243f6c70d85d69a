"""``manage.py aar GAME [-o FILE] [--format html|md] [--as ROLE]``: the after-action report."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wargame.games.initiative import initiative
from wargame.games.projections import role_view
from wargame.games.record import role_record
from wargame.games.report import record_of, render_html, render_markdown
from wargame.games.selectors import find_game


class Command(BaseCommand):
    help = (
        "Write a game's after-action report: the turn-by-turn record, the decisions with their "
        "odds, draws and reasons, indicator charts, scores and the analysts' hotwash notes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("game", help="the game's id")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")
        parser.add_argument("--format", choices=["html", "md"], default="html")
        parser.add_argument(
            "--as",
            dest="role",
            default="control",
            help="whose view to report (default: control, who sees everything)",
        )

    def handle(self, *args, game: str, output: str | None, format: str, role: str, **options):
        found = find_game(game)
        roles = {"control", *found.seats.values_list("role", flat=True)}
        if role not in roles:
            raise CommandError(f"no role {role!r} in this game (roles: {', '.join(sorted(roles))})")
        view = role_view(found.id, role).view
        render = render_html if format == "html" else render_markdown
        text = render(view, record_of(found), None, initiative(role_record(found, role)))
        if output:
            with open(output, "w", encoding="utf-8") as out:
                out.write(text)
            self.stderr.write(f"wrote the {format} report of {found.title} to {output}")
        else:
            self.stdout.write(text)
