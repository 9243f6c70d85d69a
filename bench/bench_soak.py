"""Soak: a live game under steady commands for minutes, sockets joining and leaving, and the
server's memory (RSS) over time.

Run from the repository root:

    .venv/bin/python bench/bench_soak.py [--minutes 10] [--rate 20] [--sockets 40] [--sample 30]

One daphne (wargame.asgi) on a fresh SQLite file with the in-memory channel layer. One game of
the tutorial scenario is started; commands arrive open-loop at ``--rate`` per second
(``set_deadline`` with a new deadline each time, seen by every role, so every socket receives a
new state per command, and an ``add_note`` every tenth command, so the journal grows as a real
game's does). About ``--sockets`` sockets are open at any time, spread over the four seats,
control and the observer; each stays 5 to 60 seconds, then leaves and another joins, so sockets
come and go all the time. Every ``--sample`` seconds the server's resident memory (VmRSS from
/proc) is printed with the seq, the commands sent and failed, and the sockets opened so far.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_live import (  # noqa: E402
    HttpPool,
    Server,
    game_env,
    note_server_errors,
    prepare_database,
)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class Soak:
    def __init__(self, server: Server, token: str, args) -> None:
        self.server, self.token, self.args = server, token, args
        self.pool = HttpPool(server.port)
        self.game_id = ""
        self.tokens: list[str] = []
        self.seq = 0
        self.sent = 0
        self.failed = 0
        self.opened = 0
        self.open_now = 0
        self.socket_errors = 0
        self.error_kinds: Counter[str] = Counter()
        self.command_failures: Counter[str] = Counter()  # status or exception -> commands
        self.messages = 0
        self.stop = asyncio.Event()
        self.random = random.Random(11)

    async def create(self) -> None:
        status, body, _ = await self.pool.request(
            "POST", "/api/games/", {"scenario": "tutorial", "title": "soak"}, token=self.token
        )
        if status != 201:
            raise RuntimeError(f"POST /api/games/ gave {status}: {body}")
        self.game_id = body["id"]
        self.tokens = [s["token"] for s in body["seats"]] + [body["observer"]["token"], self.token]
        status, body, _ = await self.pool.request(
            "POST", f"/api/games/{self.game_id}/commands/", {"type": "start_game"}, token=self.token
        )
        if status != 201:
            raise RuntimeError(f"start_game gave {status}: {body}")

    def command(self, n: int) -> dict:
        if n % 10 == 0:
            return {"type": "add_note", "text": f"soak note {n}"}
        deadline = datetime(2031, 1, 1, tzinfo=UTC) + timedelta(minutes=n)
        return {"type": "set_deadline", "deadline": deadline.isoformat().replace("+00:00", "Z")}

    async def commands(self) -> None:
        interval = 1 / self.args.rate
        start = time.perf_counter()
        n = 0
        pending: set[asyncio.Task] = set()
        while not self.stop.is_set():
            n += 1
            due = start + n * interval
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            task = asyncio.create_task(self.one(n))
            pending.add(task)
            task.add_done_callback(pending.discard)
        await asyncio.gather(*pending, return_exceptions=True)

    async def one(self, n: int) -> None:
        self.sent += 1
        try:
            status, body, _ = await self.pool.request(
                "POST", f"/api/games/{self.game_id}/commands/", self.command(n), token=self.token
            )
        except Exception as error:
            self.failed += 1
            self.command_failures[type(error).__name__] += 1
            return
        if status != 201:
            self.failed += 1
            self.command_failures[f"{status} {(body or {}).get('error', {}).get('code', '')}"] += 1
        else:
            self.seq = max(self.seq, body.get("seq") or 0)

    async def socket(self, k: int) -> None:
        import websockets

        while not self.stop.is_set():
            token = self.tokens[k % len(self.tokens)]
            url = f"ws://127.0.0.1:{self.server.port}/ws/games/{self.game_id}/?token={token}"
            stay = self.random.uniform(5, 60)
            self.opened += 1
            try:
                async with websockets.connect(
                    url, open_timeout=30, max_size=2**24, ping_interval=None
                ) as ws:
                    self.open_now += 1
                    try:
                        ends = time.perf_counter() + stay
                        while (left := ends - time.perf_counter()) > 0 and not self.stop.is_set():
                            with contextlib.suppress(TimeoutError):
                                await asyncio.wait_for(ws.recv(), left)
                                self.messages += 1
                    finally:
                        self.open_now -= 1
            except asyncio.CancelledError:
                raise
            except Exception as error:
                self.socket_errors += 1
                self.error_kinds[f"{type(error).__name__}: {str(error)[:80]}"] += 1
                await asyncio.sleep(1)

    async def sample(self) -> list[tuple]:
        rows = []
        start = time.perf_counter()
        pid = self.server.process.pid
        while True:
            elapsed = time.perf_counter() - start
            row = (
                round(elapsed),
                rss_kib(pid) / 1024,
                self.seq,
                self.sent,
                self.failed,
                self.opened,
                self.open_now,
                self.socket_errors,
            )
            rows.append(row)
            print(
                f"{row[0]:>5} s  rss {row[1]:7.1f} MiB  seq {row[2]:>6}  sent {row[3]:>6}  "
                f"failed {row[4]:>4}  sockets opened {row[5]:>5} (open {row[6]:>3}, "
                f"errors {row[7]})",
                flush=True,
            )
            if elapsed >= self.args.minutes * 60:
                self.stop.set()
                return rows
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self.stop.wait(), min(self.args.sample, self.args.minutes * 60 - elapsed)
                )

    async def run(self) -> list[tuple]:
        await self.create()
        sockets = [asyncio.create_task(self.socket(k)) for k in range(self.args.sockets)]
        commands = asyncio.create_task(self.commands())
        rows = await self.sample()
        await commands
        for task in sockets:
            task.cancel()
        await asyncio.gather(*sockets, return_exceptions=True)
        self.pool.close()
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=20)
    parser.add_argument("--sockets", type=int, default=40)
    parser.add_argument("--sample", type=float, default=30)
    parser.add_argument(
        "--census",
        type=Path,
        help="serve bench/soak_census.py, which appends a census of the server's heap to this "
        "file every --sample seconds (one JSON line each)",
    )
    parser.add_argument("--log", type=Path, help="copy the server's log here at the end")
    parser.add_argument(
        "--max-message-mib",
        type=int,
        default=16,
        help="daphne's --websocket-max-message-size, in MiB: a whole view of this game passes "
        "daphne's default (1 MiB) after about 7,000 events (docs/operations.md)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wargame-soak-") as tmp:
        env = game_env(f"sqlite:///{tmp}/soak.sqlite3", None)
        token = prepare_database(env)
        app = "wargame.asgi:application"
        if args.census:
            app = "bench.soak_census:application"
            env.update(
                SOAK_CENSUS_FILE=str(args.census.resolve()), SOAK_CENSUS_SECONDS=str(args.sample)
            )
        limit = ["--websocket-max-message-size", str(args.max_message_mib << 20)]
        server = Server(app, env, Path(tmp), "soak-daphne", limit).start("/api/scenarios/")
        try:
            soak = Soak(server, token, args)
            rows = asyncio.run(soak.run())
        finally:
            server.stop()
            note_server_errors([server])
            if args.log:
                shutil.copyfile(server.log_path, args.log)
    for kind, count in soak.error_kinds.most_common(5):
        print(f"socket error x {count}: {kind}")
    for kind, count in soak.command_failures.most_common(5):
        print(f"command failed x {count}: {kind}")
    first = next((r for r in rows if r[0] >= 60), rows[0])
    last = rows[-1]
    peak = max(r[1] for r in rows)
    print(
        json.dumps(
            {
                "minutes": args.minutes,
                "rate": args.rate,
                "sockets": args.sockets,
                "final_seq": last[2],
                "commands_sent": last[3],
                "commands_failed": last[4],
                "sockets_opened": last[5],
                "socket_errors": last[7],
                "rss_mib_after_1_min": round(first[1], 1),
                "rss_mib_end": round(last[1], 1),
                "rss_mib_peak": round(peak, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
