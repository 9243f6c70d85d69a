"""Live-push benchmark: from a command's POST to the last socket of its game holding the new state.

Run from the repository root:

    .venv/bin/python bench/bench_live.py [--seconds 30] [--rate 20] [--games 50] [--phases ...]

Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and Redis on 127.0.0.1:6379 for the
two-process phases. Four phases, one invocation, so the ratios are comparable (same machine,
same moment):

1. ``sqlite``: one daphne (wargame.asgi) on a fresh SQLite file with the in-memory channel layer;
2. ``floor-1``: one daphne running bench/echo_asgi.py (same consumer class and layer, no game);
3. ``pg-redis``: two daphne processes on a fresh PostgreSQL database (``bench_live_<pid>``,
   dropped at the end) and the Redis channel layer;
4. ``floor-2``: two echo daphnes sharing the Redis layer.

Each phase: ``--games`` games of the tutorial scenario (4 seats), each watched by
``--sockets-per-seat`` sockets per seat, one control socket (facilitator token) and one observer
socket: 50 x (4 x 2 + 2) = 500 sockets, all in this one client process (asyncio + websockets).
With two processes, a game's sockets alternate between them and commands are posted to them
alternately. Every game is started (``start_game``), then commands arrive open-loop at
``--rate`` per second, round-robin over the games: ``set_deadline`` with a new deadline each
time (``deadline_set`` is seen by every role, so every socket of the game gets a new state).
A command's latency is from just before its request is written to the moment the LAST socket
of its game received a state with ``seq >=`` the seq in the command's response. The floor does
the same with ``POST /trigger/{game}/{seq}/`` (a bare ``group_send``). Target: p99 <= 100 ms.

The client shares the machine's cores with the servers: the output gives the load average, the
CPU used by the client and by each server during the measured window, and the machine's busy
share, so the numbers can be read for what they are. Prints numbers; asserts nothing. A phase
that cannot start is reported and skipped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
DAPHNE = str(Path(sys.executable).with_name("daphne"))
TARGET_P99_MS = 100.0
FANOUT_TIMEOUT = 5.0  # a command whose fan-out is not complete by then counts as missed
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


# ---- processes and databases -------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_ticks(pid: int) -> int:
    """utime + stime of a process, in clock ticks."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def machine_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of the whole machine."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class Server:
    """One daphne process on its own port; its output goes to a log file."""

    def __init__(
        self,
        app: str,
        env: dict[str, str],
        logdir: Path,
        name: str,
        extra_args: list[str] | None = None,
    ) -> None:
        self.app, self.env, self.name = app, dict(env), name
        self.extra_args = extra_args or []
        self.port = free_port()
        self.log_path = logdir / f"{name}.log"
        self.process: subprocess.Popen | None = None

    def start(self, probe_path: str) -> Server:
        command = [DAPHNE, "-b", "127.0.0.1", "-p", str(self.port), *self.extra_args, self.app]
        self._log = open(self.log_path, "wb")  # noqa: SIM115  (closed in stop)
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited: {self.log_tail()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                    conn.sendall(
                        f"GET {probe_path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        "Connection: close\r\n\r\n".encode()
                    )
                    if conn.recv(12).startswith(b"HTTP/1.1"):
                        return self
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start within 60 s: {self.log_tail()}")

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-3000:]
        return ""

    def cpu(self) -> int:
        return cpu_ticks(self.process.pid)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed: {done.stderr[-2000:]}")
    return done.stdout


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql)


def game_env(database_url: str, redis_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WARGAME_")}
    env.update(
        DJANGO_SETTINGS_MODULE="wargame.settings",
        PYTHONPATH=str(ROOT),
        WARGAME_DATABASE_URL=database_url,
        WARGAME_THROTTLE_RATE="1000000/min",
        WARGAME_LOG_LEVEL="WARNING",
        WARGAME_SECRET_KEY="bench-live-not-secret",
    )
    if redis_url:
        env["WARGAME_REDIS_URL"] = redis_url
    return env


def prepare_database(env: dict[str, str]) -> str:
    """Migrate, load the scenarios, and return a facilitator API token."""
    manage(env, "migrate", "--no-input")
    manage(env, "loadscenarios")
    return manage(env, "facilitator", "bench-live").strip().splitlines()[-1]


# ---- the client: keep-alive HTTP over asyncio streams, websockets for the sockets ------------


class HttpPool:
    """HTTP/1.1 keep-alive connections to one server; one request per connection at a time."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
        self.opened = 0

    async def _connection(self):
        if self.idle:
            return self.idle.pop()
        self.opened += 1
        return await asyncio.open_connection("127.0.0.1", self.port)

    async def warm(self, count: int) -> None:
        conns = [await self._connection() for _ in range(count - len(self.idle))]
        self.idle.extend(conns)

    async def request(
        self,
        method: str,
        path: str,
        body: dict | None = None,
        token: str | None = None,
    ) -> tuple[int, dict, float]:
        """(status, JSON body, the time just before the request was written)."""
        payload = json.dumps(body).encode() if body is not None else b""
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            f"Content-Length: {len(payload)}",
            "Connection: keep-alive",
        ]
        if body is not None:
            head.append("Content-Type: application/json")
        if token:
            head.append(f"Authorization: Bearer {token}")
        data = ("\r\n".join(head) + "\r\n\r\n").encode() + payload
        reader, writer = await self._connection()
        try:
            sent_at = time.perf_counter()
            writer.write(data)
            status_line = await asyncio.wait_for(reader.readline(), 30)
            status = int(status_line.split()[1])
            headers = {}
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b"\n", b""):
                    break
                key, _, value = line.decode("latin-1").partition(":")
                headers[key.strip().lower()] = value.strip()
            if headers.get("transfer-encoding", "").lower() == "chunked":
                chunks = []
                while True:
                    size = int((await reader.readline()).strip(), 16)
                    chunk = await reader.readexactly(size + 2)
                    if size == 0:
                        break
                    chunks.append(chunk[:-2])
                raw = b"".join(chunks)
            else:
                raw = await reader.readexactly(int(headers.get("content-length", "0")))
        except BaseException:
            writer.close()
            raise
        if headers.get("connection", "").lower() == "close":
            writer.close()
        else:
            self.idle.append((reader, writer))
        return status, (json.loads(raw) if raw else {}), sent_at

    def close(self) -> None:
        for _, writer in self.idle:
            writer.close()
        self.idle.clear()


STATE_SEQ = re.compile(r'^\{"type": ?"(?:state|change)", ?(?:"base": ?\d+, ?)?"seq": ?(\d+)')


class Watcher:
    """One socket: records when each state or change (by seq) arrived."""

    def __init__(self, game: Game, url: str) -> None:
        self.game, self.url = game, url
        self.seq = -1
        self.arrivals: list[tuple[int, float]] = []
        self.bytes = 0
        self.messages = 0
        self.connected = asyncio.Event()
        self.closed: str | None = None
        self.task: asyncio.Task | None = None

    async def run(self, connect_gate: asyncio.Semaphore) -> None:
        import websockets

        try:
            async with connect_gate:
                ws = await websockets.connect(
                    self.url, open_timeout=30, max_size=2**24, ping_interval=None, compression=None
                )
            async with ws:
                async for raw in ws:
                    now = time.perf_counter()
                    if isinstance(raw, bytes):
                        raw = raw.decode()
                    match = STATE_SEQ.match(raw)
                    if match is None:
                        message = json.loads(raw)
                        if message.get("type") not in ("state", "change"):
                            continue
                        seq = int(message["seq"])
                    else:
                        seq = int(match.group(1))
                    self.bytes += len(raw)
                    self.messages += 1
                    if seq > self.seq:
                        self.seq = seq
                        self.arrivals.append((seq, now))
                        self.game.arrived()
                    self.connected.set()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # recorded, reported: a dead socket makes commands "missed"
            self.closed = f"{type(exc).__name__}: {exc}"
        else:
            self.closed = "closed by the server"
        finally:
            self.connected.set()
            self.game.arrived()

    def first_at_or_after(self, seq: int) -> float | None:
        for arrived_seq, at in self.arrivals:
            if arrived_seq >= seq:
                return at
        return None


class Game:
    def __init__(self, index: int, game_id: str) -> None:
        self.index, self.id = index, game_id
        self.watchers: list[Watcher] = []
        self.changed = asyncio.Event()
        self.seq = 0  # the floor's own counter

    def arrived(self) -> None:
        self.changed.set()

    def complete(self, seq: int) -> list[float] | None:
        times = [w.first_at_or_after(seq) for w in self.watchers]
        return None if any(t is None for t in times) else times

    async def wait_for(self, seq: int, timeout: float) -> list[float] | None:
        deadline = time.perf_counter() + timeout
        while True:
            times = self.complete(seq)
            if times is not None:
                return times
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return None
            self.changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    low, high = sorted_values[lo], sorted_values[hi]
    if k == lo or low == high:
        return low
    if high == float("inf"):
        return high
    return low + (high - low) * (k - lo)


def summarise(values_ms: list[float]) -> dict:
    ordered = sorted(values_ms)
    return {
        "n": len(ordered),
        "p50": percentile(ordered, 50),
        "p95": percentile(ordered, 95),
        "p99": percentile(ordered, 99),
        "max": ordered[-1] if ordered else float("nan"),
    }


class Phase:
    """One setup: its servers, games and sockets, and the measured run."""

    def __init__(
        self,
        name: str,
        servers: list[Server],
        pools: list[HttpPool],
        floor: bool,
        args,
        facilitator: str | None = None,
    ) -> None:
        self.name, self.servers, self.pools, self.floor = name, servers, pools, floor
        self.args = args
        self.facilitator = facilitator
        self.games: list[Game] = []
        self.command_counter = 0

    # -- setup

    async def create_games(self) -> None:
        if self.floor:
            self.games = [Game(i, f"g{i}") for i in range(self.args.games)]
            for game in self.games:
                game.tokens = [None] * self.sockets_per_game()
            return
        gate = asyncio.Semaphore(4)

        async def one(i: int) -> Game:
            async with gate:
                status, body, _ = await self.pools[i % len(self.pools)].request(
                    "POST",
                    "/api/games/",
                    {"scenario": "tutorial", "title": f"bench {i}"},
                    token=self.facilitator,
                )
            if status != 201:
                raise RuntimeError(f"POST /api/games/ gave {status}: {body}")
            game = Game(i, body["id"])
            seats = [seat["token"] for seat in body["seats"]]
            game.tokens = [t for t in seats for _ in range(self.args.sockets_per_seat)] + [
                self.facilitator,
                body["observer"]["token"],
            ]
            return game

        self.games = list(await asyncio.gather(*(one(i) for i in range(self.args.games))))

    def sockets_per_game(self) -> int:
        return 4 * self.args.sockets_per_seat + 2

    async def connect(self) -> None:
        gate = asyncio.Semaphore(self.args.connect_concurrency)
        for game in self.games:
            for k, token in enumerate(game.tokens):
                server = self.servers[k % len(self.servers)]
                if self.floor:
                    url = f"ws://127.0.0.1:{server.port}/ws/{game.id}/"
                else:
                    url = f"ws://127.0.0.1:{server.port}/ws/games/{game.id}/?token={token}"
                watcher = Watcher(game, url)
                game.watchers.append(watcher)
                watcher.task = asyncio.create_task(watcher.run(gate))
        watchers = [w for g in self.games for w in g.watchers]
        await asyncio.wait_for(asyncio.gather(*(w.connected.wait() for w in watchers)), timeout=120)
        dead = [w.closed for w in watchers if w.closed]
        if dead:
            raise RuntimeError(f"{len(dead)} sockets failed to connect, e.g. {dead[0]}")

    async def close(self) -> None:
        # In batches, as they were opened: hundreds of simultaneous disconnects are a storm of
        # their own (with redis-py 8, over 100 concurrent layer calls in one process fail).
        tasks = [w.task for g in self.games for w in g.watchers if w.task]
        step = self.args.connect_concurrency
        for start in range(0, len(tasks), step):
            batch = tasks[start : start + step]
            for task in batch:
                task.cancel()
            await asyncio.gather(*batch, return_exceptions=True)
        for pool in self.pools:
            pool.close()

    # -- commands

    async def send(self, game: Game, pool: HttpPool, body: dict | None = None):
        """(status, seq, sent_at) of one command (the floor: one trigger)."""
        if self.floor:
            game.seq += 1
            status, reply, sent_at = await pool.request("POST", f"/trigger/{game.id}/{game.seq}/")
        else:
            status, reply, sent_at = await pool.request(
                "POST", f"/api/games/{game.id}/commands/", body, token=self.facilitator
            )
        return status, reply.get("seq"), sent_at

    def next_command(self) -> dict:
        self.command_counter += 1
        # A deadline never set before, so the view (and each socket's state) changes.
        deadline = datetime(2031, 1, 1, tzinfo=UTC) + timedelta(minutes=self.command_counter)
        return {"type": "set_deadline", "deadline": deadline.isoformat().replace("+00:00", "Z")}

    async def start_games(self) -> None:
        gate = asyncio.Semaphore(4)

        async def one(game: Game) -> None:
            async with gate:
                if self.floor:
                    status, seq, _ = await self.send(game, self.pools[game.index % len(self.pools)])
                else:
                    status, seq, _ = await self.send(
                        game, self.pools[game.index % len(self.pools)], {"type": "start_game"}
                    )
            if status != 201:
                raise RuntimeError(f"start_game gave {status}")
            if await game.wait_for(seq, 60) is None:
                raise RuntimeError(f"game {game.index}: sockets never saw seq {seq}")

        await asyncio.gather(*(one(game) for game in self.games))

    async def run(self, seconds: float, rate: float, record: bool) -> dict:
        """Open-loop commands at ``rate`` per second for ``seconds``; latencies if ``record``."""
        count = int(seconds * rate)
        order = list(self.games)
        random.Random(7).shuffle(order)
        results: list[dict] = []
        tasks: list[asyncio.Task] = []

        async def one(i: int, due: float) -> None:
            game = order[i % len(order)]
            pool = self.pools[i % len(self.pools)]
            try:
                status, seq, sent_at = await self.send(
                    game, pool, None if self.floor else self.next_command()
                )
            except Exception as exc:
                results.append({"error": f"{type(exc).__name__}: {exc}"})
                return
            answered = time.perf_counter()
            if status != 201:
                results.append({"error": f"status {status}"})
                return
            times = await game.wait_for(seq, FANOUT_TIMEOUT)
            if times is None:
                results.append({"missed": True})
                return
            results.append(
                {
                    "i": i,
                    "last": (max(times) - sent_at) * 1000,
                    "first": (min(times) - sent_at) * 1000,
                    "post": (answered - sent_at) * 1000,
                    "lag": (sent_at - due) * 1000,
                }
            )

        start = time.perf_counter() + 0.05
        for i in range(count):
            due = start + i / rate
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(i, due)))
        await asyncio.wait_for(asyncio.gather(*tasks), timeout=FANOUT_TIMEOUT + 60)
        if not record:
            return {}
        ok = sorted((r for r in results if "last" in r), key=lambda r: r["i"])
        third = max(1, len(ok) // 3)
        return {
            "commands": count,
            "missed": sum(1 for r in results if r.get("missed")),
            "errors": [r["error"] for r in results if "error" in r][:5],
            "error_count": sum(1 for r in results if "error" in r),
            # A missed command counts as slower than any measured one (its latency is at least
            # FANOUT_TIMEOUT): leaving it out would flatter the tail.
            "last": summarise(
                [r["last"] for r in ok] + [float("inf")] * sum(1 for r in results if "missed" in r)
            ),
            "first": summarise([r["first"] for r in ok]),
            "post": summarise([r["post"] for r in ok]),
            "lag": summarise([r["lag"] for r in ok]),
            # A backlog that grows shows as a later third slower than the first.
            "thirds_p50": [
                summarise([r["last"] for r in part])["p50"]
                for part in (ok[:third], ok[third : 2 * third], ok[2 * third :])
            ],
        }


async def run_phase(phase: Phase, args) -> dict:
    for pool in phase.pools:
        await pool.warm(args.http_connections)
    t0 = time.perf_counter()
    await phase.create_games()
    await phase.connect()
    await phase.start_games()
    setup_s = time.perf_counter() - t0
    await phase.run(args.warmup, args.rate, record=False)
    load_before = os.getloadavg()
    cpu_before = {s.name: s.cpu() for s in phase.servers}
    own_before = time.process_time()
    machine_before = machine_ticks()
    wall = time.perf_counter()
    result = await phase.run(args.seconds, args.rate, record=True)
    wall = time.perf_counter() - wall
    tick = os.sysconf("SC_CLK_TCK")
    busy = [a - b for a, b in zip(machine_ticks(), machine_before, strict=True)]
    result["cpu"] = {
        "client": (time.process_time() - own_before) / wall,
        **{s.name: (s.cpu() - cpu_before[s.name]) / tick / wall for s in phase.servers},
        "machine busy share": busy[0] / busy[1] if busy[1] else float("nan"),
    }
    result["load_before"] = load_before
    result["load_after"] = os.getloadavg()
    result["setup_s"] = setup_s
    watchers = [w for g in phase.games for w in g.watchers]
    result["sockets"] = len(watchers)
    result["dead_sockets"] = sum(1 for w in watchers if w.closed)
    sizes = [w.bytes / w.messages for w in watchers if w.messages]
    result["mean_message_bytes"] = sum(sizes) / len(sizes) if sizes else 0
    await phase.close()
    return result


# ---- the phases ----------------------------------------------------------------------------


def game_phase(
    name: str,
    args,
    tmp: Path,
    processes: int,
    database_url: str,
    redis_url: str | None,
) -> dict:
    env = game_env(database_url, redis_url)
    token = prepare_database(env)
    servers = []
    try:
        for n in range(processes):
            servers.append(
                Server("wargame.asgi:application", env, tmp, f"{name}-daphne{n}").start(
                    "/api/scenarios/"
                )
            )
        phase = Phase(name, servers, [HttpPool(s.port) for s in servers], False, args, token)
        return asyncio.run(run_phase(phase, args))
    finally:
        for server in servers:
            server.stop()
        note_server_errors(servers)


def note_server_errors(servers: list[Server]) -> None:
    """Print the first error a server logged, if any (the logs go with the temp directory)."""
    for server in servers:
        if not server.log_path.exists():
            continue
        text = server.log_path.read_text(errors="replace")
        marker = "Traceback" if "Traceback" in text else "ERROR" if "ERROR" in text else None
        if marker is not None:
            print(
                f"   {server.name} logged {text.count(marker)} x {marker!r}; the first:\n"
                + text[text.find(marker) :][:2500]
            )


def floor_phase(name: str, args, tmp: Path, processes: int, redis_url: str | None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WARGAME_", "ECHO_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        WARGAME_SECRET_KEY="bench-live-not-secret",
        ECHO_PAYLOAD_BYTES=str(args.floor_payload),
    )
    if redis_url:
        env["ECHO_REDIS_URL"] = redis_url
    servers = []
    try:
        for n in range(processes):
            servers.append(
                Server("bench.echo_asgi:application", env, tmp, f"{name}-daphne{n}").start(
                    "/trigger/"
                )
            )
        phase = Phase(name, servers, [HttpPool(s.port) for s in servers], True, args)
        return asyncio.run(run_phase(phase, args))
    finally:
        for server in servers:
            server.stop()
        note_server_errors(servers)


# ---- output ----------------------------------------------------------------------------------


def ms(value: float) -> str:
    """A latency in ms; a missed command's is only known to exceed FANOUT_TIMEOUT."""
    if value == float("inf"):
        return f"{'>' + str(int(FANOUT_TIMEOUT * 1000)):>7}"
    return f"{value:7.1f}"


def fmt(stats: dict) -> str:
    return (
        f"p50 {ms(stats['p50'])}  p95 {ms(stats['p95'])}  p99 {ms(stats['p99'])}  "
        f"max {ms(stats['max'])} ms  (n={stats['n']})"
    )


def print_phase(name: str, result: dict) -> None:
    print(f"\n== {name}")
    if "failed" in result:
        print(f"   FAILED: {result['failed']}")
        return
    print(f"   POST -> last socket : {fmt(result['last'])}")
    print(f"   POST -> first socket: {fmt(result['first'])}")
    print(f"   POST round trip     : {fmt(result['post'])}")
    print(f"   client send lag     : {fmt(result['lag'])}")
    thirds = ", ".join(f"{v:.1f}" for v in result["thirds_p50"])
    print(f"   p50 of the last socket in each third of the run: {thirds} ms")
    print(
        f"   commands {result['commands']}, missed (> {FANOUT_TIMEOUT:.0f} s) "
        f"{result['missed']}, errors {result['error_count']} {result['errors'] or ''}"
    )
    print(
        f"   sockets {result['sockets']} (dead {result['dead_sockets']}), mean state message "
        f"{result['mean_message_bytes']:.0f} bytes, setup {result['setup_s']:.1f} s"
    )
    cpu = ", ".join(f"{k} {v * 100:.0f}%" for k, v in result["cpu"].items())
    print(f"   CPU during the window (100% = one core): {cpu}")
    print(
        "   load average before/after: "
        + " ".join(f"{x:.2f}" for x in result["load_before"])
        + " / "
        + " ".join(f"{x:.2f}" for x in result["load_after"])
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="measured run per phase")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured run before it")
    parser.add_argument("--rate", type=float, default=20.0, help="commands per second")
    parser.add_argument("--games", type=int, default=50)
    parser.add_argument("--sockets-per-seat", type=int, default=2)
    parser.add_argument(
        "--phases",
        default="sqlite,floor-1,pg-redis,floor-2",
        help="comma-separated, in order, of sqlite, floor-1, pg-redis, floor-2",
    )
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/0",
        help="the channel layer for the two-process phases",
    )
    parser.add_argument(
        "--floor-payload",
        type=int,
        default=16,
        help="characters of padding in the floor's state message",
    )
    parser.add_argument(
        "--http-connections",
        type=int,
        default=8,
        help="keep-alive connections opened per server before the run",
    )
    parser.add_argument("--connect-concurrency", type=int, default=25)
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the temporary directory (server logs, SQLite file)",
    )
    args = parser.parse_args()
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]

    started = time.perf_counter()
    print(
        f"bench_live: {args.games} games x {4 * args.sockets_per_seat + 2} sockets, "
        f"{args.rate:g} commands/s for {args.seconds:g} s (+{args.warmup:g} s warm-up) "
        f"per phase; {os.cpu_count()} CPUs; load average "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    print(
        "   the client (this process) shares the cores with the servers; "
        "latency = POST written -> last socket of the game has the state"
    )
    results: dict[str, dict] = {}
    tmp = Path(tempfile.mkdtemp(prefix="bench_live_"))
    pg_name = f"bench_live_{os.getpid()}"
    pg_created = False
    try:
        for name in phases:
            try:
                if name == "sqlite":
                    db = tmp / f"{name}.sqlite3"
                    results[name] = game_phase(name, args, tmp, 1, f"sqlite:///{db}", None)
                elif name == "floor-1":
                    results[name] = floor_phase(name, args, tmp, 1, None)
                elif name == "pg-redis":
                    pg_admin(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
                    pg_admin(f'CREATE DATABASE "{pg_name}"')
                    pg_created = True
                    results[name] = game_phase(
                        name,
                        args,
                        tmp,
                        2,
                        f"postgres://postgres@127.0.0.1:5432/{pg_name}",
                        args.redis_url,
                    )
                elif name == "floor-2":
                    results[name] = floor_phase(name, args, tmp, 2, args.redis_url)
                else:
                    raise SystemExit(f"unknown phase {name!r}")
            except Exception as exc:  # report and go on with the other phases
                results[name] = {"failed": f"{type(exc).__name__}: {exc}"[:3000]}
            print_phase(name, results[name])
    finally:
        if pg_created:
            with contextlib.suppress(Exception):
                pg_admin(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')
        if args.keep:
            print(f"   kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    print("\n== summary: POST -> last socket of the game (ms)")
    print(f"   {'setup':<12} {'p50':>7} {'p95':>7} {'p99':>7}   ours/floor (p50, p95, p99)")
    pairs = {"sqlite": "floor-1", "pg-redis": "floor-2"}
    for name, result in results.items():
        if "last" not in result:
            continue
        s = result["last"]
        line = f"   {name:<12} {ms(s['p50'])} {ms(s['p95'])} {ms(s['p99'])}"
        floor = results.get(pairs.get(name, ""), {}).get("last")
        if floor:
            line += "   " + ", ".join(
                f"{s[p] / floor[p]:.1f}x" if s[p] != float("inf") else "-"
                for p in ("p50", "p95", "p99")
            )
        if name in pairs:
            verdict = "met" if s["p99"] <= TARGET_P99_MS else "MISSED"
            line += f"   target p99 <= {TARGET_P99_MS:.0f} ms: {verdict}"
        print(line)
    print(
        f"   total time {time.perf_counter() - started:.0f} s; load average now "
        + " ".join(f"{x:.2f}" for x in os.getloadavg())
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
