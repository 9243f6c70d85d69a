"""Branch benchmark: a branch at seq 500 of a 10,000-event game, created through the game
service as ``POST /api/games/{id}/branches/`` does, with nothing of the parent held in memory.

    .venv/bin/python bench/bench_branch.py [--events 10000] [--at 500] [--samples 20]

Runs on a fresh temporary SQLite database (or WARGAME_DATABASE_URL if set) and prints numbers;
it asserts nothing. Target: under 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_replay import long_game, setup_django  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--at", type=int, default=500, help="the seq to branch from")
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    setup_django()
    from wargame.games import caches, service
    from wargame.games.models import Event

    started = time.perf_counter()
    game = long_game(args.events)
    game.refresh_from_db()
    print(f"built a {game.seq}-event game in {time.perf_counter() - started:.1f} s")
    times = []
    for n in range(args.samples):
        caches.clear()  # cold: the parent's state and journal read from the database
        start = time.perf_counter()
        branch = service.create_branch(parent=game, at=args.at, title=f"What if {n}")
        times.append((time.perf_counter() - start) * 1000)
    first = Event.objects.get(game=branch, seq=args.at)
    size = len(first.data["journal"]), len(str(first.data))
    print(
        f"a branch at seq {args.at} of a {game.seq}-event game ({args.samples} samples, cold): "
        f"median {statistics.median(times):.0f} ms, max {max(times):.0f} ms  [target: < 1000 ms]"
    )
    print(f"its first event carries {size[0]} journal entries, about {size[1] // 1024} KiB")


if __name__ == "__main__":
    main()
