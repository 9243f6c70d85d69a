"""``manage.py simulate SLUG-OR-GAME --runs N [--doctrine SEAT=A[,B]]... [--from-seq K]
[--seed S] [--workers W | --queue] [--chunk C]``: simulated iterations, with progress.

Plays the rest of a game (a game id: from ``--from-seq``, default its newest seq) or a scenario
from its start (a slug: the file in scenarios/, or a path to a .yaml file) N times, with a
doctrine per seat, and prints the spread of the indicators, how often each objective was met
and the table of doctrine pairings. By default the runs are played here, in ``--workers``
processes; with ``--queue`` they are recorded as a simulation and played by the task workers
(``manage.py db_worker``, on this machine or any other sharing the database), and the command
follows their progress.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wargame import engine
from wargame.games import rebuild, simulations
from wargame.games.models import Scenario
from wargame.games.selectors import game_by_id


def _chunk(args: tuple[dict[str, Any], dict[str, list[str]], int, int, int]) -> list[list[Any]]:
    start, chosen, seed, first, count = args
    return simulations.play_runs(start, chosen, seed, first, count)


class Command(BaseCommand):
    help = (
        "Play the rest of a game (or a scenario from its start) many times with a doctrine per "
        "seat and report the spread of outcomes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="a game id, a scenario slug or a scenario file")
        parser.add_argument("--runs", type=int, default=100, help="runs (default 100)")
        parser.add_argument(
            "--doctrine",
            action="append",
            default=[],
            metavar="SEAT=NAME[,NAME]",
            help="doctrines for a seat (repeat per seat; a seat left out plays all of its own)",
        )
        parser.add_argument("--from-seq", type=int, default=None, help="a game's seq to start at")
        parser.add_argument("--seed", type=int, default=1, help="seed (default 1)")
        parser.add_argument("--workers", type=int, default=1, help="local processes (default 1)")
        parser.add_argument(
            "--chunk",
            type=int,
            default=None,
            help="runs per chunk (default: about 20 chunks, 10 to 100 runs each)",
        )
        parser.add_argument(
            "--queue",
            action="store_true",
            help="record the simulation and let the task workers play it",
        )
        parser.add_argument("--json", action="store_true", help="print the results as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        runs, seed, workers = options["runs"], options["seed"], options["workers"]
        if not 1 <= runs <= simulations.MAX_RUNS:
            raise CommandError(f"--runs must be from 1 to {simulations.MAX_RUNS}")
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        chunk = (
            options["chunk"] if options["chunk"] is not None else simulations.default_chunk(runs)
        )
        if not 1 <= chunk <= simulations.MAX_CHUNK:
            raise CommandError(f"--chunk must be from 1 to {simulations.MAX_CHUNK}")
        chosen = _chosen(options["doctrine"])
        game, start = self._start(options["target"], options["from_seq"], seed)
        scenario = start["scenario"]
        try:
            simulations.pairings(scenario, chosen)
        except simulations.SimulationError as exc:
            raise CommandError(str(exc)) from None
        started = time.monotonic()
        if options["queue"]:
            results = self._queued(game, scenario, start, runs, seed, chosen, chunk)
        else:
            rows = self._local(start, chosen, seed, runs, workers, chunk)
            real = None
            if game is not None:
                head = rebuild.load_state(game.id)
                real = {k: v["value"] for k, v in head["indicators"].items()} if head else None
            results = simulations.summarise(scenario, chosen, rows, real=real)
        elapsed = time.monotonic() - started
        if options["json"]:
            import json

            self.stdout.write(json.dumps(results))
            return
        self.stdout.write(
            f"{scenario['slug']}: seed {seed}; run i has the seed {seed} * 100003 + i"
        )
        for line in simulations.lines(results):
            self.stdout.write(line)
        self.stdout.write(f"({elapsed:.1f} s, {1000 * elapsed / runs:.1f} ms per run)")

    def _start(self, target: str, from_seq: int | None, seed: int):
        game = game_by_id(target)
        if game is not None:
            at = from_seq if from_seq is not None else game.seq
            if not 1 <= at <= game.seq:
                raise CommandError(f"--from-seq must be from 1 to {game.seq}")
            state = rebuild.load_state(game.id, at_seq=at)
            if state is None or state["status"] == "ended":
                raise CommandError(f"the game has ended by seq {at}: nothing is left to play")
            return game, state
        if from_seq is not None:
            raise CommandError("--from-seq needs a game id")
        path = Path(target)
        if path.suffix not in {".yaml", ".yml"}:
            path = Path(settings.BASE_DIR) / "scenarios" / f"{target}.yaml"
        if not path.exists():
            raise CommandError(f"{target}: no such game, scenario or file")
        try:
            scenario = engine.load_scenario_file(path)
        except engine.ScenarioError as exc:
            raise CommandError(str(exc)) from None
        return None, simulations.new_game_state(scenario, seed, "Simulated game")

    def _progress(self, done: int, runs: int, started: float) -> None:
        elapsed = time.monotonic() - started
        self.stderr.write(f"\r{done}/{runs} runs ({elapsed:.1f} s)", ending="")
        self.stderr.flush()

    def _local(self, start, chosen, seed: int, runs: int, workers: int, chunk: int):
        parts = [
            (start, chosen, seed, first, min(chunk, runs - first))
            for first in range(0, runs, chunk)
        ]
        rows: list[list[Any]] = []
        started = time.monotonic()
        try:
            if workers == 1:
                for part in parts:
                    rows += _chunk(part)
                    self._progress(len(rows), runs, started)
            else:
                context = multiprocessing.get_context("fork" if sys.platform != "win32" else None)
                with context.Pool(workers) as pool:
                    for done in pool.imap_unordered(_chunk, parts):
                        rows += done
                        self._progress(len(rows), runs, started)
        except simulations.PlayError as exc:
            raise CommandError(f"a run stopped: {exc}") from None
        self.stderr.write("")
        return rows

    def _queued(self, game, scenario, start, runs, seed, chosen, chunk):
        if game is None and not Scenario.objects.filter(slug=scenario["slug"]).exists():
            raise CommandError(
                f"load the scenario first: manage.py loadscenarios ({scenario['slug']})"
            )
        try:
            run = simulations.create(
                game=game,
                scenario=scenario,
                slug=scenario["slug"],
                from_seq=start["seq"] if game is not None else 0,
                runs=runs,
                seed=seed,
                chosen=chosen,
                chunk_size=chunk,
                requested_by="manage.py simulate",
            )
        except simulations.SimulationError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"simulation {run.id}: {runs} runs, waiting for the task workers")
        started = time.monotonic()
        while True:
            run.refresh_from_db()
            progress = simulations.progress_of(run)
            self._progress(progress["runs_done"], runs, started)
            if run.status != "running":
                break
            time.sleep(0.5)
        self.stderr.write("")
        if run.status != "done":
            raise CommandError(f"simulation {run.id} {run.status}: {run.error}")
        return run.results


def _chosen(items: list[str]) -> dict[str, list[str]]:
    chosen: dict[str, list[str]] = {}
    for item in items:
        seat, sep, names = item.partition("=")
        if not sep or not seat or not names:
            raise CommandError(f"--doctrine {item!r}: write SEAT=NAME or SEAT=NAME,NAME")
        chosen.setdefault(seat.strip(), []).extend(n.strip() for n in names.split(",") if n)
    return chosen
