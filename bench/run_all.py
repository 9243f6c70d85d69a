"""Every benchmark in bench/, one after another, with quick settings (``make bench``).

Run from the repository root:

    .venv/bin/python bench/run_all.py [--only engine,replay,store,live,simulate,soak] [--full]

Quick settings take a few minutes in all and tell whether anything regressed by a lot; the
numbers worth recording come from each bench run alone with its defaults (``--full`` uses them
here too, about half an hour). The soak runs only when named in ``--only``. The store and live
benches need PostgreSQL and Redis on 127.0.0.1 (bench/README.md); without them they fail and
this runner says so and goes on. Prints what each bench prints; asserts nothing. Exits non-zero
when a bench could not run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

# name -> (script, quick arguments)
BENCHES: dict[str, tuple[str, list[str]]] = {
    "engine": ("bench_engine.py", ["--turns", "4", "--repeat", "5"]),
    "command": ("bench_command.py", ["--commands", "300", "--warmup", "50"]),
    "replay": ("bench_replay.py", ["--events", "2000", "--samples", "50"]),
    "branch": ("bench_branch.py", ["--events", "2000", "--samples", "5"]),
    "store": ("bench_store.py", ["--seconds", "1", "--events", "3000", "--no-sync-full"]),
    "live": ("bench_live.py", ["--seconds", "5", "--warmup", "1", "--games", "10"]),
    "soak": ("bench_soak.py", ["--minutes", "1", "--sample", "15"]),
    "simulate": ("bench_simulate.py", ["--games", "50", "--runs", "400", "--chunk", "50"]),
}
DEFAULT = ["engine", "command", "replay", "branch", "store", "live", "simulate"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--only", default=",".join(DEFAULT), help=f"comma-separated, of {', '.join(BENCHES)}"
    )
    parser.add_argument("--full", action="store_true", help="each bench's own default settings")
    args = parser.parse_args()
    names = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in names if name not in BENCHES]
    if unknown:
        parser.error(f"no bench {unknown[0]!r} (there are {', '.join(BENCHES)})")
    failed = []
    for name in names:
        script, quick = BENCHES[name]
        command = [sys.executable, str(HERE / script), *([] if args.full else quick)]
        print(f"\n=== {name}: {' '.join(command[1:])}", flush=True)
        started = time.monotonic()
        code = subprocess.call(command, cwd=HERE.parent)
        print(f"=== {name}: exit {code} after {time.monotonic() - started:.0f} s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"\ncould not run: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
