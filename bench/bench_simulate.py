"""Simulation benchmarks: one simulated game with bots in every seat, and many games played by
1 and 2 task workers.

Run: .venv/bin/python bench/bench_simulate.py [--games 200] [--runs 10000] [--workers 1,2]
     [--chunk 100] [--skip-workers]

1. One 6-turn ``triangle-2024`` game with a bot in every seat (``simulations.play``: bots'
   views, orders, arguments, automatic adjudication at the proposed odds), ``--games`` times
   with the seeds and doctrine pairings of a simulation: wall and CPU time per game (median,
   p90), next to a game of random legal play (``balance.play_random_game``) for scale.
2. ``--runs`` games as one simulation played by real task workers: a temporary SQLite
   database, migrated and loaded with the scenarios, ``manage.py simulate --queue`` records the
   simulation and W ``manage.py db_worker`` processes play its chunks; the time from the
   command's start to the results, for each W in ``--workers``.

Prints numbers; asserts nothing. Note the load average printed with them: the machine may be
shared.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wargame.settings")


def load() -> str:
    return f"load average {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f}"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def one_game(games: int) -> None:
    import django

    django.setup()
    from wargame.engine import load_scenario_file
    from wargame.games import simulations
    from wargame.games.balance import play_random_game

    scenario = load_scenario_file(ROOT / "scenarios" / "triangle-2024.yaml")
    start = simulations.new_game_state(scenario, 1, "Bench")
    combos = simulations.pairings(scenario, {})
    simulations.play(start, combos[0], 0)  # warm up
    walls, cpus = [], []
    for index in range(games):
        wall, cpu = time.perf_counter(), time.process_time()
        simulations.play(start, combos[index % len(combos)], simulations.run_seed(1, index))
        cpus.append(1000 * (time.process_time() - cpu))
        walls.append(1000 * (time.perf_counter() - wall))
    print(f"one triangle-2024 game, bots in every seat, {games} games ({load()})")
    print(
        f"  wall ms: median {statistics.median(walls):.1f}, p90 {percentile(walls, 0.9):.1f}; "
        f"CPU ms: median {statistics.median(cpus):.1f}, p90 {percentile(cpus, 0.9):.1f}"
    )
    random_cpu = []
    for index in range(min(games, 100)):
        cpu = time.process_time()
        play_random_game(scenario, index, random.Random(index))
        random_cpu.append(1000 * (time.process_time() - cpu))
    print(f"  random legal play, for scale: CPU ms median {statistics.median(random_cpu):.1f}")


def with_workers(runs: int, workers: int, chunk: int) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-simulate-") as folder:
        env = dict(os.environ)
        env["WARGAME_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
        env["DJANGO_SETTINGS_MODULE"] = "wargame.settings"
        env.pop("WARGAME_REDIS_URL", None)
        manage = [sys.executable, "manage.py"]
        for step in (["migrate", "-v0"], ["loadscenarios", "-v0"]):
            subprocess.run(manage + step, cwd=ROOT, env=env, check=True)
        procs = [
            subprocess.Popen(
                manage + ["db_worker", "--no-reload", "--interval", "0.2", "--verbosity", "0"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            for _ in range(workers)
        ]
        try:
            started = time.perf_counter()
            subprocess.run(
                manage
                + ["simulate", "triangle-2024", "--queue", "--runs", str(runs), "--seed", "7"]
                + ["--chunk", str(chunk)],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            return time.perf_counter() - started
        finally:
            for proc in procs:
                proc.kill()
                proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--games", type=int, default=200)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--chunk", type=int, default=100)
    parser.add_argument("--skip-workers", action="store_true")
    args = parser.parse_args()
    one_game(args.games)
    if args.skip_workers:
        return
    times = {}
    for workers in (int(w) for w in args.workers.split(",")):
        before = load()
        seconds = times[workers] = with_workers(args.runs, workers, args.chunk)
        print(
            f"{args.runs} games, {workers} task worker(s), chunks of {args.chunk}: "
            f"{seconds:.1f} s, {args.runs / seconds:.1f} games/s "
            f"(before: {before}; after: {load()})"
        )
    if 1 in times and len(times) > 1:
        for workers, seconds in times.items():
            if workers != 1:
                print(f"  {workers} workers: {times[1] / seconds:.2f}x the throughput of 1")


if __name__ == "__main__":
    main()
