"""What one command costs in process, and where: the floor under every burst and sequential
number (bench_burst.py), with no socket, thread hop or frame.

Run from the repository root:

    .venv/bin/python bench/bench_command.py [--commands 2000] [--warmup 300]

On a fresh SQLite file (WAL, as the server runs it), a `triangle-2024` game is started, then
``--warmup`` + ``--commands`` moves go through ``intake.run_command`` as a socket's command
frames do: ``send_message`` from each seat in turn to the other three, each with its own
idempotency key. Prints the median and p90 of a whole command and the median time of each part:

- the engine: deciding, the command's own copy of the state, folding and hashing each event;
- the database: the idempotency key's lookup, the append (begin, read the head, insert, move
  the head, commit), and asking whether anyone is to be told;
- the rest (intake's checks, the caches, building the records).

The announcement to the channel layer is left out: in a server it is handed to the event loop
(``broadcast._send_to``), and outside one it would start a thread per command. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEATS = ["beijing", "moscow", "pyongyang", "washington"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--warmup", type=int, default=300)
    args = parser.parse_args()

    folder = tempfile.mkdtemp(prefix="bench-command-")
    os.environ["DJANGO_SETTINGS_MODULE"] = "wargame.settings"
    os.environ["WARGAME_DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from wargame import engine
    from wargame.games import broadcast, intake, notify, service, store
    from wargame.games.access import Principal
    from wargame.games.models import Scenario

    call_command("migrate", verbosity=0)
    call_command("loadscenarios", verbosity=0)
    broadcast._send_to = lambda group, message: None  # see the docstring

    spent: dict[str, list[float]] = defaultdict(list)

    def timed(owner: object, name: str, part: str) -> None:
        inner = getattr(owner, name)

        def wrapper(*a, **k):
            started = time.perf_counter()
            try:
                return inner(*a, **k)
            finally:
                spent[part].append(time.perf_counter() - started)

        setattr(owner, name, wrapper)

    timed(engine, "decide", "engine: decide")
    timed(service, "_own_copy", "engine: the command's copy of the state")
    timed(engine, "state_hash", "engine: hash of each state")
    timed(store, "find_batch", "database: idempotency key")
    timed(store, "append", "database: append and commit")
    timed(notify, "anyone_to_tell", "database: anyone to tell?")

    scenario = Scenario.objects.get(slug="triangle-2024")
    game = service.create_game(scenario=scenario, title="bench")
    service.execute(game=game, command={"type": "start_game"}, actor={"role": "control"})
    seats = {
        seat: Principal(kind="seat", game_id=game.id, role=seat, token_hash=f"bench-{seat}")
        for seat in SEATS
    }
    whole: list[float] = []
    for n in range(args.warmup + args.commands):
        if n == args.warmup:
            spent.clear()
        seat = SEATS[n % 4]
        body = {
            "type": "send_message",
            "to": [other for other in SEATS if other != seat],
            "text": f"message {n} " + "y" * 120,
        }
        started = time.perf_counter()
        intake.run_command(game=game, role=seat, principal=seats[seat], body=body, key=f"k{n}")
        if n >= args.warmup:
            whole.append(time.perf_counter() - started)

    whole.sort()
    median, mean = statistics.median(whole), statistics.mean(whole)
    print(
        f"{args.commands} commands into a game of {store.head_seq(game.id)} events:"
        f" median {median * 1000:.3f} ms, p90 {whole[int(len(whole) * 0.9)] * 1000:.3f} ms,"
        f" mean {mean * 1000:.3f} ms ({1 / median:.0f} commands/s on one core)"
    )
    print("| part | per command (mean) | share of the mean |")
    print("|---|---|---|")
    accounted = 0.0
    for part, times in spent.items():
        per_command = sum(times) / args.commands
        accounted += per_command
        print(f"| {part} | {per_command * 1000:.3f} ms | {per_command / mean:.0%} |")
    rest = mean - accounted
    print(f"| the rest | {rest * 1000:.3f} ms | {rest / mean:.0%} |")
    connection.close()
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
