"""``manage.py scenario_report SLUG [--games N] [--seed S] [--check]``: balance of a scenario.

Plays the scenario many times with random legal moves through the engine alone (no database)
and prints, per objective of every seat, how often it was met with a 95% interval, and per
indicator the spread of final values. An objective met in under 5% or over 95% of the games is
flagged; with ``--check`` a flag makes the command fail (exit status 1).
"""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wargame import engine
from wargame.games.balance import PlayError, balance_report


class Command(BaseCommand):
    help = (
        "Play a scenario many times with random legal moves and report how often each "
        "objective was met and how the indicators ended. SLUG names a file in scenarios/ "
        "(or give a path to a .yaml file)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="scenario slug (scenarios/SLUG.yaml) or a file path")
        parser.add_argument("--games", type=int, default=300, help="games to play (default 300)")
        parser.add_argument("--seed", type=int, default=1, help="seed (default 1)")
        parser.add_argument(
            "--check", action="store_true", help="exit with status 1 if any objective is flagged"
        )

    def handle(self, *args, slug: str, games: int, seed: int, check: bool, **options) -> None:
        if games < 1:
            raise CommandError("--games must be at least 1")
        path = _scenario_path(slug)
        try:
            scenario = engine.load_scenario_file(path)
        except engine.ScenarioError as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        try:
            report = balance_report(scenario, games=games, seed=seed)
        except PlayError as exc:
            raise CommandError(f"{path}: random play stopped: {exc}") from None
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"({time.monotonic() - started:.1f} s)")
        if check and report.flagged:
            raise CommandError(
                f"{len(report.flagged)} objective(s) of {scenario['slug']} flagged", returncode=1
            )


def _scenario_path(slug: str) -> Path:
    candidate = Path(slug)
    if candidate.suffix in {".yaml", ".yml"}:
        if not candidate.exists():
            raise CommandError(f"{candidate}: no such file")
        return candidate
    path = Path(settings.BASE_DIR) / "scenarios" / f"{slug}.yaml"
    if not path.exists():
        known = sorted(p.stem for p in (Path(settings.BASE_DIR) / "scenarios").glob("*.yaml"))
        raise CommandError(f"no scenario {slug!r} (known: {', '.join(known)})")
    return path
