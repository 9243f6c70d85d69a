"""Burst benchmark: many games, every game sending one move at the same moment, beside
boardgame.io 0.50.2 under the same load, all printed from one run.

Run from the repository root:

    .venv/bin/python bench/bench_burst.py [--games 50] [--rounds 20]
        [--phases bgio,floor,sqlite,pg-redis]

Each system: ``--games`` games of 4 seats, each watched by 8 seat sockets (2 per seat); each
round, every game sends one move at the same moment from one of its seats (the seats take
turns), then a pause of 200 ms. A move's latency runs from its send to the moment the LAST of
its game's 8 sockets holds a state that includes it. The first round starts ``--settle`` seconds
(3) after every socket holds its first state: with none, Wargame's first round also waits for
the server to finish with the 400 connections (their presence rows and the like), and those
fifty moves alone are the whole of its p99.

- ``bgio``: boardgame.io 0.50.2, installed from the npm registry into ``--scratch`` (once), its
  server started by this bench: 4 players all moving at once (``ActivePlayers.ALL``), each move
  a message that ``playerView`` shows to its sender and recipients only, decided on the server
  (``client: false``). In memory: nothing durable.
- ``floor``: one daphne serving bench/echo_asgi.py's rooms: the same sockets, command frames,
  acks and fan-out of one frame to each of the game's sockets, with no channel layer, thread,
  database or game; what daphne itself costs under this load.
- ``sqlite``: one daphne on a fresh SQLite file; ``pg-redis``: two daphnes on a fresh PostgreSQL
  database and the Redis channel layer, a game's sockets alternating between them. The move is
  ``send_message`` to the other three seats, sent as a command frame on the sender's socket
  (docs/protocol.md); the new state is the first frame at or after the seq its ack names. Every
  command is in the hash-chained log before its ack.

The clients of both systems are the same Node program (bench/burst/client.js), so each system
gets the same client on the same cores. Then, on the SQLite daphne, ``--sequential`` commands
one after another over REST (keep-alive) and over one socket: commands per second.

Needs Node and npm, PostgreSQL on 127.0.0.1:5432 (user postgres, trust; the database
``--pg-database`` is dropped and created again) and Redis (``--redis-url``) for ``pg-redis``.
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_live import (  # noqa: E402  (a sibling script, not a package)
    HttpPool,
    Server,
    free_port,
    game_env,
    manage,
    note_server_errors,
    percentile,
    pg_admin,
)

ROOT = Path(__file__).resolve().parents[1]
BURST = Path(__file__).resolve().parent / "burst"
BGIO_VERSION = "0.50.2"
SEATS = ["beijing", "moscow", "pyongyang", "washington"]


# ---- boardgame.io ----------------------------------------------------------------------------


def install_bgio(scratch: Path) -> Path:
    """boardgame.io from the npm registry into ``scratch`` (kept for the next run)."""
    folder = scratch / f"boardgame.io-{BGIO_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    marker = folder / "node_modules" / "boardgame.io" / "package.json"
    if not marker.exists() or json.loads(marker.read_text())["version"] != BGIO_VERSION:
        (folder / "package.json").write_text('{"name": "burst-scratch", "private": true}\n')
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", f"boardgame.io@{BGIO_VERSION}"],
            cwd=folder,
            check=True,
            capture_output=True,
            timeout=600,
        )
    for script in BURST.glob("*.js"):
        shutil.copy(script, folder / script.name)
    return folder


def node_client(folder: Path, *args: str, settle: float = 0.0, timeout: float = 1800) -> dict:
    done = subprocess.run(
        ["node", "client.js", *args],
        cwd=folder,
        env={**os.environ, "BURST_SETTLE_MS": str(round(settle * 1000))},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise RuntimeError(f"the client failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bgio_phase(args, folder: Path, logdir: Path) -> dict:
    port = args.port or free_port()
    log = open(logdir / "bgio.log", "wb")  # noqa: SIM115  (closed below)
    server = subprocess.Popen(
        ["node", "bgio_server.js", str(port)], cwd=folder, stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while b"listening" not in (logdir / "bgio.log").read_bytes():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the boardgame.io server did not start")
            time.sleep(0.1)
        cpu_before = cpu_of(server.pid)
        started = time.monotonic()
        result = node_client(
            folder, "bgio", str(port), str(args.games), str(args.rounds), settle=args.settle
        )
        result["server_cpu"] = (cpu_of(server.pid) - cpu_before) / (time.monotonic() - started)
        return result
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def cpu_of(pid: int) -> float:
    """CPU seconds a process used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---- Wargame ---------------------------------------------------------------------------------


async def create_games(pool: HttpPool, token: str, count: int) -> list[dict]:
    """Games of the tutorial, started and moved on to a phase where seats may send messages."""
    games = []
    for index in range(count):
        status, body, _ = await pool.request(
            "POST", "/api/games/", {"scenario": "tutorial", "title": f"burst {index}"}, token=token
        )
        if status != 201:
            raise RuntimeError(f"POST /api/games/ gave {status}: {body}")
        path = f"/api/games/{body['id']}/commands/"
        status, reply, _ = await pool.request("POST", path, {"type": "start_game"}, token=token)
        while True:
            status, summary, _ = await pool.request("GET", f"/api/games/{body['id']}/", token=token)
            if summary["phase"] == "diplomacy":
                break
            status, reply, _ = await pool.request(
                "POST", path, {"type": "advance_phase"}, token=token
            )
            if status != 201:
                raise RuntimeError(f"advance_phase gave {status}: {reply}")
        games.append(body)
    pool.close()
    return games


def socket_setup(games: list[dict], servers: list[Server]) -> list[dict]:
    """For the client: each game's 8 socket URLs (sockets 0-3 one per seat, 4-7 again) and
    whom each of the first four sends to."""
    setup = []
    for game in games:
        tokens = {seat["role"]: seat["token"] for seat in game["seats"]}
        urls = []
        for k in range(8):
            server = servers[k % len(servers)]
            urls.append(
                f"ws://127.0.0.1:{server.port}/ws/games/{game['id']}/?token={tokens[SEATS[k % 4]]}"
            )
        senders = [{"to": [s for s in SEATS if s != seat]} for seat in SEATS]
        setup.append({"urls": urls, "senders": senders})
    return setup


async def sequential(
    server: Server, token: str, game_id: str, count: int, profile: str | None = None
) -> dict:
    """Commands per second, one after another: over REST (one keep-alive connection) and over
    one socket (command frames); with ``profile``, py-spy records the daphne's threads during
    the socket's commands into that file (its raw format: one stack and its count a line)."""
    import websockets

    pool = HttpPool(server.port)
    path = f"/api/games/{game_id}/commands/"
    rates = {}
    cpu = cpu_of(server.process.pid)
    started = time.perf_counter()
    for n in range(count):
        status, reply, _ = await pool.request(
            "POST", path, {"type": "add_note", "text": f"rest {n}"}, token=token
        )
        if status != 201:
            raise RuntimeError(f"a sequential command gave {status}: {reply}")
    rates["rest"] = count / (time.perf_counter() - started)
    rates["rest_cpu_ms"] = (cpu_of(server.process.pid) - cpu) / count * 1000
    pool.close()
    url = f"ws://127.0.0.1:{server.port}/ws/games/{game_id}/?token={token}"
    async with websockets.connect(url, max_size=2**24, compression=None) as ws:
        spy = None
        if profile:
            spy = subprocess.Popen(
                [str(Path(sys.executable).parent / "py-spy"), "record", "--rate", "200"]
                + ["--format", "raw", "--threads", "--output", profile]
                + ["--pid", str(server.process.pid)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            await asyncio.sleep(1.5)  # py-spy attached
        cpu = cpu_of(server.process.pid)
        started = time.perf_counter()
        for n in range(count):
            key = f"seq-{n}"
            command = {"type": "add_note", "text": f"socket {n}"}
            await ws.send(json.dumps({"type": "command", "id": key, "command": command}))
            while True:
                frame = json.loads(await ws.recv())
                if frame.get("id") == key:
                    break
            if frame["type"] != "ack":
                raise RuntimeError(f"a sequential command frame gave {frame}")
        rates["socket"] = count / (time.perf_counter() - started)
        rates["socket_cpu_ms"] = (cpu_of(server.process.pid) - cpu) / count * 1000
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
    return rates


def floor_phase(args, folder: Path, logdir: Path) -> dict:
    """The same client against one daphne serving bench/echo_asgi.py's rooms: the sockets, the
    command frames and their fan-out, with no channel layer, thread, database or game."""
    env = game_env(f"sqlite:///{logdir / 'floor-unused.sqlite3'}", None)
    server = Server("bench.echo_asgi:application", env, logdir, "floor-daphne")
    if args.port:
        server.port = args.port + 3
    server.start("/trigger/probe/0/")
    try:
        games = [
            {"id": f"{index:032x}", "seats": [{"role": s, "token": "floor"} for s in SEATS]}
            for index in range(args.games)
        ]
        setup_path = logdir / "floor-setup.json"
        setup_path.write_text(json.dumps(socket_setup(games, [server])))
        cpu_before = cpu_of(server.process.pid)
        started = time.monotonic()
        result = node_client(
            folder, "wargame", str(setup_path), str(args.rounds), settle=args.settle
        )
        result["server_cpu"] = (cpu_of(server.process.pid) - cpu_before) / max(
            time.monotonic() - started, 1e-9
        )
        return result
    finally:
        server.stop()
        note_server_errors([server])


def wargame_phase(
    name: str,
    args,
    folder: Path,
    logdir: Path,
    processes: int,
    database_url: str,
    redis_url: str | None,
) -> dict:
    env = game_env(database_url, redis_url)
    env["WARGAME_SECRET_KEY"] = "bench-burst-not-secret"
    manage(env, "migrate", "--no-input")
    manage(env, "loadscenarios")
    token = manage(env, "facilitator", "bench-burst").strip().splitlines()[-1]
    servers: list[Server] = []
    try:
        for n in range(processes):
            server = Server("wargame.asgi:application", env, logdir, f"{name}-daphne{n}")
            if args.port:
                server.port = args.port + 1 + n
            servers.append(server.start("/api/scenarios/"))
        games = asyncio.run(create_games(HttpPool(servers[0].port), token, args.games))
        setup_path = logdir / f"{name}-setup.json"
        setup_path.write_text(json.dumps(socket_setup(games, servers)))
        cpu_before = [cpu_of(s.process.pid) for s in servers]
        started = time.monotonic()
        result = node_client(
            folder, "wargame", str(setup_path), str(args.rounds), settle=args.settle
        )
        elapsed = time.monotonic() - started
        result["server_cpu"] = sum(
            cpu_of(s.process.pid) - before for s, before in zip(servers, cpu_before, strict=True)
        ) / max(elapsed, 1e-9)
        if processes == 1 and args.sequential:
            result["sequential"] = asyncio.run(
                sequential(
                    servers[0], token, games[0]["id"], args.sequential, args.profile_sequential
                )
            )
        return result
    finally:
        for server in servers:
            server.stop()
        note_server_errors(servers)


# ---- output ----------------------------------------------------------------------------------


def stats(values: list[float]) -> dict:
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}
    return {
        "n": len(ordered),
        "p50": percentile(ordered, 50),
        "p95": percentile(ordered, 95),
        "p99": percentile(ordered, 99),
        "max": ordered[-1],
    }


def print_row(label: str, result: dict) -> None:
    if "failed" in result:
        print(f"| {label} | failed: {result['failed']} |")
        return
    s = stats(result["latencies_ms"])
    if not s["n"]:
        print(f"| {label} | no move completed; missed {result['missed']} |")
        return
    print(
        f"| {label} | {s['p50']:.0f} ms | {s['p95']:.0f} ms | {s['p99']:.0f} ms | "
        f"{s['max']:.0f} ms | {s['n']} | {result['missed']} | "
        f"{result['server_cpu'] * 100:.0f}% |"
    )
    for error in result.get("errors", []):
        print(f"    error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--games", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument(
        "--settle",
        type=float,
        default=3.0,
        help="seconds between every socket holding its first state and the first round",
    )
    parser.add_argument("--phases", default="bgio,floor,sqlite,pg-redis")
    parser.add_argument("--sequential", type=int, default=1000, help="0: skip")
    parser.add_argument(
        "--profile-sequential",
        metavar="PATH",
        help="py-spy's raw profile of the SQLite daphne during the sequential socket commands",
    )
    parser.add_argument(
        "--scratch",
        type=Path,
        default=Path(tempfile.gettempdir()) / "wargame-bench-burst",
        help="where boardgame.io is installed (kept between runs)",
    )
    parser.add_argument("--pg-database", default=f"bench_burst_{os.getpid()}")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--json", type=Path, help="write every number here")
    parser.add_argument(
        "--port",
        type=int,
        default=0,
        help="boardgame.io on this port, the daphnes on the next ones (default: any free ports)",
    )
    args = parser.parse_args()
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]

    folder = install_bgio(args.scratch)
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="bench-burst-") as tmp:
        logdir = Path(tmp)
        for phase in phases:
            print(f"running {phase} ...", flush=True)
            try:
                if phase == "bgio":
                    results[phase] = bgio_phase(args, folder, logdir)
                elif phase == "floor":
                    results[phase] = floor_phase(args, folder, logdir)
                elif phase == "sqlite":
                    url = f"sqlite:///{logdir / 'burst.sqlite3'}"
                    results[phase] = wargame_phase(phase, args, folder, logdir, 1, url, None)
                elif phase == "pg-redis":
                    database = args.pg_database
                    pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                    pg_admin(f'CREATE DATABASE "{database}"')
                    url = f"postgres://postgres@127.0.0.1:5432/{database}"
                    try:
                        results[phase] = wargame_phase(
                            phase, args, folder, logdir, 2, url, args.redis_url
                        )
                    finally:
                        pg_admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
                else:
                    raise ValueError(f"unknown phase {phase!r}")
            except Exception as exc:  # reported; the other phases still run
                results[phase] = {"failed": f"{type(exc).__name__}: {exc}"}

    labels = {
        "bgio": f"boardgame.io {BGIO_VERSION} (in memory)",
        "floor": "floor: 1 daphne, the sockets alone (bench/echo_asgi.py)",
        "sqlite": "Wargame, 1 daphne, SQLite",
        "pg-redis": "Wargame, 2 daphnes, PostgreSQL + Redis",
    }
    print(
        f"\n{args.games} games x 8 seat sockets, {args.rounds} rounds from {args.settle:g} s after "
        "the sockets opened; from the send to the last "
        "socket of the game holding the new state"
    )
    print("\n| | p50 | p95 | p99 | max | moves | missed | server CPU |")
    print("|---|---|---|---|---|---|---|---|")
    for phase in phases:
        print_row(labels[phase], results[phase])
    sequential_rates = results.get("sqlite", {}).get("sequential")
    if sequential_rates:
        print(
            f"\nsequential commands on one daphne with SQLite ({args.sequential} each): "
            f"REST {sequential_rates['rest']:.0f}/s "
            f"({sequential_rates['rest_cpu_ms']:.1f} ms of server CPU each), "
            f"socket {sequential_rates['socket']:.0f}/s "
            f"({sequential_rates['socket_cpu_ms']:.1f} ms of server CPU each)"
        )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
