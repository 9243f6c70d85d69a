"""``manage.py aar GAME [-o FILE] [--format html|md] [--as ROLE]``: the after-action report."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wargame import engine
from wargame.games import rebuild, study
from wargame.games.initiative import initiative
from wargame.games.projections import role_view
from wargame.games.record import role_record
from wargame.games.report import record_of, render_html, render_markdown
from wargame.games.selectors import find_game


class Command(BaseCommand):
    help = (
        "Write a game's after-action report: the turn-by-turn record, the decisions with their "
        "odds, draws and reasons, indicator charts, scores and the analysts' hotwash notes; "
        "as control, it opens with the collection plan's questions and their evidence."
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
        plan = None
        state = rebuild.load_state(found.id)
        if role == "control" and state is not None:  # the study's record is control's, no seat's
            journal = rebuild.load_journal(found.id, state["seq"])
            plan = study.sections(view, engine.analysis_record(state, journal), str(found.id))
        table = initiative(role_record(found, role))
        text = render(view, record_of(found), None, initiative=table, plan=plan)
        if output:
            with open(output, "w", encoding="utf-8") as out:
                out.write(text)
            self.stderr.write(f"wrote the {format} report of {found.title} to {output}")
        else:
            self.stdout.write(text)
