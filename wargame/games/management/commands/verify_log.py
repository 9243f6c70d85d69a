"""``manage.py verify_log [GAME...]``: check hash chains and recorded state hashes."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wargame import engine
from wargame.games import store
from wargame.games.models import Game
from wargame.games.rebuild import parent_here, states_checkable, verify_game
from wargame.games.selectors import find_game


class Command(BaseCommand):
    help = (
        "Check each game's hash chain and that rebuilding it gives the recorded state hashes. "
        "Prints the first bad seq of each faulty game; exits 1 on any fault."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("games", nargs="*", help="game ids (default: every game)")

    def handle(self, *args, games: list[str], **options) -> None:
        if games:
            selected = [find_game(game_id) for game_id in games]
        else:
            selected = list(Game.objects.order_by("created_at"))
        faults = 0
        for game in selected:
            fault = verify_game(game)
            if fault is None:
                head = store.first_event(game.id)
                first = [head] if head is not None else []
                note = ""
                if not states_checkable(first):
                    note = (
                        "; its state hashes were recorded by engine version "
                        f"{engine.recorded_engine_version(first[0])}, not compared by version "
                        f"{engine.ENGINE_VERSION}"
                    )
                if game.parent_id is not None:
                    where = "checked against it" if parent_here(game) else "not on this server"
                    note += f"; a branch of {game.parent_id} at seq {game.fork_seq} ({where})"
                self.stdout.write(f"{game.id}: ok ({game.seq} events{note})")
            else:
                faults += 1
                self.stdout.write(f"{game.id}: FAULT at seq {fault.seq}: {fault.reason}")
        if faults:
            raise CommandError(
                f"{faults} of {len(selected)} games failed verification", returncode=1
            )
