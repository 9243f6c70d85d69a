"""Event-store benchmarks: appends per second and rebuild time, ours against `eventsourcing`.

Run: .venv/bin/python bench/bench_store.py [--seconds 6] [--rounds 3] [--writers 8] [--events N]

One invocation measures everything, so the ratios are comparable:

1. single-event appends per second through ``wargame.games.store.append`` with 1 and with
   ``--writers`` writer processes on one game, on SQLite and on PostgreSQL (conflicts counted);
2. the same with the ``eventsourcing`` library (an Application, a minimal aggregate with one
   event type, one event per save; its SQLite and PostgreSQL recorders, default settings; the
   writers all append to the same aggregate and retry on its RecordConflictError); the
   writer processes of both start first, then append in alternating slices (ours, theirs, ours,
   ...: ``--rounds`` slices of ``--seconds / --rounds`` each), so that both meet the same
   background load on a shared machine;
3. the time to rebuild a game of ``--events`` events from nothing and from a snapshot a few
   events behind the head, on both databases, and ``repository.get`` of an aggregate with as
   many events, with and without the library's snapshot.

Fresh databases are made for the run (a temporary directory of SQLite files and bench_*
PostgreSQL databases, dropped at the end). Each database's part runs in subprocesses with
WARGAME_DATABASE_URL (ours) or the library's environment variables (theirs) set. Prints
numbers; asserts nothing. When a target is missed (or with ``--profile``) it also prints where
the time goes: a cProfile of 2,000 single-event appends and of one rebuild from the snapshot.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG = {"host": "127.0.0.1", "port": "5432", "user": "postgres", "password": ""}
SNAPSHOT_TARGET_MS = 50.0
APPEND_TARGET = 2000.0
SNAPSHOT_LAG = 5  # the snapshot is taken this many events behind the head


# ---- helpers shared by the roles ------------------------------------------------------------


def emit(result: dict) -> None:
    """The last line a role prints: its result as JSON, read by the orchestrator."""
    print(json.dumps(result), flush=True)


def rounds():
    """A writer's rounds: after "ready", each "go" line on stdin starts one; "stop" ends."""
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() != "go":
            return
        yield


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def setup_django(sync_full: bool = False) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wargame.settings")
    import django

    django.setup()
    if sync_full:
        # Same durability as the eventsourcing SQLite recorder's default (synchronous=FULL):
        # every commit waits for the WAL to reach the disk.
        from django.db.backends.signals import connection_created

        def full(sender, connection, **kwargs):
            if connection.vendor == "sqlite":
                with connection.cursor() as cursor:
                    cursor.execute("PRAGMA synchronous=FULL;")

        connection_created.connect(full, weak=False)  # a local function: keep it alive


def note_draft(number: int, text: str) -> dict:
    """An analyst note exactly as the engine's add_note command drafts it for control."""
    return {
        "type": "note_added",
        "actor": {"role": "control", "name": "bench"},
        "at": now_iso(),
        "data": {"note_id": f"note{number}", "text": text},
        "audience": [],  # control-only: what add_note gives a control author
    }


def timed(fn, *args, **kwargs) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return time.perf_counter() - start, value


# ---- our store -------------------------------------------------------------------------------


def role_ours_setup(args: argparse.Namespace) -> None:
    """Migrate the fresh database, load the scenarios, create one game per append run."""
    import io

    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    call_command("loadscenarios", stdout=io.StringIO())
    from wargame.games import service
    from wargame.games.models import Scenario

    scenario = Scenario.objects.get(slug="tutorial")
    games = {}
    for name in args.names.split(","):
        game = service.create_game(scenario=scenario, title=f"bench {name}")
        games[name] = {"id": str(game.id), "base": game.seq}
    emit({"games": games})


def role_ours_writer(args: argparse.Namespace) -> None:
    """Append single notes to one game until the time is up; a stale seq is retried."""
    setup_django(sync_full=args.sync_full)
    from wargame.games import store
    from wargame.games.models import Game

    game_id, base = args.target, args.base
    seq = Game.objects.values_list("seq", flat=True).get(pk=game_id)  # opens the connection
    for _ in rounds():
        appends = conflicts = 0
        start_wall = time.time()
        deadline = time.perf_counter() + args.seconds
        while time.perf_counter() < deadline:
            draft = note_draft(seq + 1 - base, f"{args.tag} note {appends}")
            try:
                store.append(game_id=game_id, expected_seq=seq, drafts=[draft])
            except store.StaleSeq as exc:
                conflicts += 1
                seq = exc.current_seq  # read under the write lock by the failed append
                continue
            seq += 1
            appends += 1
        emit({"appends": appends, "conflicts": conflicts, "start": start_wall, "end": time.time()})


def role_ours_rebuild(args: argparse.Namespace) -> None:
    """Build a game of ``--events`` events, then time rebuilds with and without a snapshot."""
    setup_django()
    from wargame import engine
    from wargame.games import caches, rebuild, service, store
    from wargame.games.models import Scenario, Snapshot

    out: dict[str, Any] = {}
    if args.profile:
        # Where one writer's single-event append spends its time (2,000 appends, profiled).
        game = service.create_game(scenario=Scenario.objects.get(slug="tutorial"), title="prof")
        head = {"seq": game.seq}

        def appends(count: int = 2000) -> None:
            for _ in range(count):
                draft = note_draft(head["seq"] + 1 - game.seq, "profiled")
                store.append(game_id=game.id, expected_seq=head["seq"], drafts=[draft])
                head["seq"] += 1

        appends(200)  # warm up
        out["append_profile"] = profile_top(appends, entry_points=APPEND_ENTRY_POINTS)
    game = service.create_game(scenario=Scenario.objects.get(slug="tutorial"), title="rebuild")
    base = seq = game.seq
    start = time.perf_counter()
    while seq < args.events:
        count = min(args.batch, args.events - seq)
        drafts = [note_draft(seq + i + 1 - base, f"note {seq + i + 1}") for i in range(count)]
        store.append(game_id=game.id, expected_seq=seq, drafts=drafts)
        seq += count
    out["build_s"] = time.perf_counter() - start
    out["events"] = seq

    # (a) from nothing: no snapshot, no cached state: every event read and folded.
    Snapshot.objects.filter(game_id=game.id).delete()
    full = []
    for _ in range(args.repeat_full):
        caches.latest_states.clear()
        seconds, state = timed(rebuild.load_state, game.id)
        assert state["seq"] == seq
        full.append(seconds)
    out["full_s"] = full
    read_s, events = timed(store.read_events, game_id=game.id)
    fold_s, _ = timed(engine.fold, None, events)
    out["full_read_s"], out["full_fold_s"] = read_s, fold_s

    # (b) from a snapshot a few events behind the head, as the service leaves them.
    snap_seq = seq - SNAPSHOT_LAG
    snap_state = engine.fold(None, events[:snap_seq])
    del events
    out["snapshot_json_bytes"] = len(engine.canonical_json(snap_state))
    out["snapshot_save_s"], _ = timed(rebuild.save_snapshot, game.id, snap_state)
    del snap_state
    fast = []
    for _ in range(args.repeat_snap):
        caches.latest_states.clear()
        seconds, state = timed(rebuild.load_state, game.id)
        assert state["seq"] == seq
        fast.append(seconds)
    out["snap_s"] = fast
    # Where the time of a rebuild from the snapshot goes: the row (read and decoded), the tail,
    # the fold, each as rebuild._from_snapshot does it; then the same row and a deep copy of
    # the state (what load_state(private=True) pays per command) with the cyclic garbage
    # collector paused, to show the share of collections that a million new objects trigger.
    query = Snapshot.objects.filter(game_id=game.id, engine_version=engine.ENGINE_VERSION)
    fetch = lambda: query.order_by("-seq").only("seq", "state").first()  # noqa: E731
    parts: dict[str, float] = {}
    parts["fetch_and_decode_s"], snap = timed(fetch)
    parts["read_tail_s"], tail = timed(store.read_events, game_id=game.id, after=snap.seq)
    parts["deep_copy_s"], _ = timed(engine.codec.deep_copy, snap.state)
    parts["fold_tail_s"], _ = timed(engine.fold, snap.state, tail, copy=False)
    del snap, tail, _
    gc.disable()
    try:
        parts["fetch_and_decode_gc_paused_s"], snap = timed(fetch)
        parts["deep_copy_gc_paused_s"], _ = timed(engine.codec.deep_copy, snap.state)
    finally:
        gc.enable()
    del snap, _
    out["snap_parts"] = parts
    if args.profile or statistics.median(fast) * 1000 > SNAPSHOT_TARGET_MS:
        out["profile"] = profile_top(lambda: _cold_load(rebuild, game.id))  # from the snapshot

    # Context: one add_note command through the service on this game (state cached, as a
    # running server has it), against the same command on a fresh game.
    caches.latest_states.clear()
    rebuild.load_state(game.id)
    actor = {"role": "control", "name": "bench"}
    command = {"type": "add_note", "text": "one more"}
    big = [timed(service.execute, game=game, command=command, actor=actor)[0] for _ in range(3)]
    fresh_game = service.create_game(scenario=Scenario.objects.get(slug="tutorial"), title="f")
    small = [
        timed(service.execute, game=fresh_game, command=command, actor=actor)[0] for _ in range(50)
    ]
    out["execute_big_s"] = statistics.median(big)
    out["execute_fresh_s"] = statistics.median(small)
    emit(out)


def _cold_load(rebuild, game_id) -> None:
    from wargame.games import caches

    caches.latest_states.clear()
    rebuild.load_state(game_id)


# Django's entry points that store.append calls, shown by cumulative time in its profile.
APPEND_ENTRY_POINTS = (
    "django/db/models/query.py:get",
    "django/db/models/query.py:bulk_create",
    "django/db/models/base.py:save",
    "django/db/transaction.py:__enter__",
    "django/db/transaction.py:__exit__",
)


def profile_top(fn, limit: int = 8, entry_points: tuple[str, ...] = ()) -> list[str]:
    """Where ``fn`` spends its time, as file:function lines: the functions with the most own
    time, then this project's functions (wargame/) and ``entry_points`` by cumulative time."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    gc.collect()
    profiler.enable()
    fn()
    profiler.disable()
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, _line, name), (_cc, calls, tottime, cumtime, _callers) in stats.stats.items():
        short = filename.replace(str(ROOT) + "/", "")
        if "site-packages/" in short:
            short = short.split("site-packages/", 1)[1]
        rows.append((tottime, cumtime, calls, f"{short}:{name}"))
    by_own = sorted(rows, reverse=True)[:limit]
    ours = sorted(
        (row for row in rows if row[3].startswith("wargame/") and row not in by_own),
        key=lambda r: r[1],
        reverse=True,
    )[:limit]
    ours += sorted(
        (row for row in rows if row[3] in entry_points and row not in by_own),
        key=lambda r: -r[1],
    )
    return [
        f"{tot * 1000:8.1f} ms own {cum * 1000:8.1f} ms cum {calls:>8} calls  {where}"
        for tot, cum, calls, where in [*by_own, *ours]
    ]


# ---- the eventsourcing library ------------------------------------------------------------


# Module level, so that the library can resolve their topics ("__main__:Counter.NoteAdded")
# in every process that runs this file.


class Counter(Aggregate):
    """The append benchmark's aggregate: one event type, constant-size state."""

    def __init__(self) -> None:
        self.count = 0
        self.last = ""

    @event("NoteAdded")
    def add_note(self, text: str) -> None:
        self.count += 1
        self.last = text


class Notebook(Aggregate):
    """The rebuild benchmark's aggregate: one event type, keeps every note's text."""

    def __init__(self) -> None:
        self.notes: list[str] = []

    @event("NoteAdded")
    def add_note(self, text: str) -> None:
        self.notes.append(text)


class BenchApp(Application):
    """The library's application, configured from the environment (PERSISTENCE_MODULE...)."""


def role_es_setup(args: argparse.Namespace) -> None:
    """Create the library's tables and one Counter aggregate per append run."""
    app = BenchApp()
    ids = {}
    for name in args.names.split(","):
        aggregate = Counter()
        app.save(aggregate)
        ids[name] = str(aggregate.id)
    app.close()
    emit({"aggregates": ids})


def role_es_writer(args: argparse.Namespace) -> None:
    """Add single notes to one shared aggregate until the time is up, retrying on conflict.

    A lost race brings the in-memory aggregate up to date with the events it missed (the
    library's own fast-forward: event_store.get(gt=version) + project_aggregate) and retries,
    as our writer takes the new head seq and retries.
    """
    import copy
    from uuid import UUID

    from eventsourcing.application import project_aggregate
    from eventsourcing.persistence import OperationalError, RecordConflictError

    app = BenchApp()
    aggregate_id = UUID(args.target)
    aggregate = app.repository.get(aggregate_id)
    for _ in rounds():
        appends = conflicts = errors = 0
        start_wall = time.time()
        deadline = time.perf_counter() + args.seconds
        while time.perf_counter() < deadline:
            before = copy.copy(aggregate)  # constant-size state: a shallow copy is a full one
            aggregate.add_note(f"{args.tag} note {appends}")
            try:
                app.save(aggregate)
            except (RecordConflictError, OperationalError) as exc:
                if isinstance(exc, RecordConflictError):
                    conflicts += 1
                else:
                    errors += 1
                missed = app.events.get(aggregate_id, gt=before.version)
                aggregate = project_aggregate(before, missed)
                continue
            appends += 1
        emit(
            {
                "appends": appends,
                "conflicts": conflicts,
                "errors": errors,
                "start": start_wall,
                "end": time.time(),
            }
        )
    app.close()


def role_es_rebuild(args: argparse.Namespace) -> None:
    """Build a Notebook of ``--events`` events, time repository.get without and with a snapshot."""
    os.environ["IS_SNAPSHOTTING_ENABLED"] = "y"  # the library's switch for its snapshot store
    app = BenchApp()
    out: dict[str, Any] = {}
    start = time.perf_counter()
    aggregate = Notebook()
    made = 1
    while made < args.events:
        count = min(args.batch, args.events - made)
        for i in range(count):
            aggregate.add_note(f"note {made + i + 1}")
        app.save(aggregate)
        made += count
    out["build_s"] = time.perf_counter() - start
    out["events"] = aggregate.version
    aggregate_id = aggregate.id
    del aggregate

    full = []
    for _ in range(args.repeat_full):
        seconds, got = timed(app.repository.get, aggregate_id)
        assert got.version == args.events
        full.append(seconds)
    out["full_s"] = full
    out["snapshot_take_s"], _ = timed(
        app.take_snapshot, aggregate_id, version=args.events - SNAPSHOT_LAG
    )
    fast = []
    for _ in range(args.repeat_snap):
        seconds, got = timed(app.repository.get, aggregate_id)
        assert got.version == args.events and len(got.notes) == args.events - 1
        fast.append(seconds)
    out["snap_s"] = fast
    app.close()
    emit(out)


# ---- the orchestrator -----------------------------------------------------------------------


def run_role(role: str, env: dict, *extra: str) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--role", role, *extra]
    done = subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{role} failed (exit {done.returncode})")
    return json.loads(done.stdout.strip().splitlines()[-1])


class Writers:
    """``count`` writer processes of one role, started once and run for several rounds."""

    def __init__(self, role: str, env: dict, count: int, seconds: float, extra: list[str]):
        command = [sys.executable, str(Path(__file__).resolve()), "--role", role]
        self.role = role
        self.procs = [
            subprocess.Popen(
                [*command, "--seconds", str(seconds), "--tag", f"w{n}", *extra],
                env=env,
                cwd=ROOT,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(count)
        ]
        self.results: list[list[dict]] = []  # per round, one result per writer

    def wait_ready(self) -> None:
        for proc in self.procs:
            line = proc.stdout.readline().strip()
            if line != "ready":
                raise SystemExit(f"{self.role}: a writer did not start ({line!r})")

    def round(self) -> None:
        """All writers append for ``seconds``, started together."""
        for proc in self.procs:
            proc.stdin.write("go\n")
            proc.stdin.flush()
        results = []
        for proc in self.procs:
            line = proc.stdout.readline()
            if not line:
                raise SystemExit(f"{self.role}: a writer failed (exit {proc.wait()})")
            results.append(json.loads(line))
        self.results.append(results)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                try:
                    proc.stdin.write("stop\n")
                    proc.stdin.close()
                except BrokenPipeError:
                    pass
        for proc in self.procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()

    def summary(self) -> dict:
        windows = [max(r["end"] for r in rs) - min(r["start"] for r in rs) for rs in self.results]
        per_round = [
            sum(r["appends"] for r in rs) / w for rs, w in zip(self.results, windows, strict=True)
        ]
        appends = sum(r["appends"] for rs in self.results for r in rs)
        per_writer = [sum(rs[n]["appends"] for rs in self.results) for n in range(len(self.procs))]
        return {
            "writers": len(self.procs),
            "appends": appends,
            "conflicts": sum(r["conflicts"] for rs in self.results for r in rs),
            "errors": sum(r.get("errors", 0) for rs in self.results for r in rs),
            "window_s": sum(windows),
            "per_s": appends / sum(windows),
            "per_round": per_round,
            "per_writer": per_writer,
        }


def run_alternating(parties: dict[str, Writers], rounds: int) -> dict[str, dict]:
    """Round after round, each party in turn, so that both meet the same background load."""
    try:
        for writers in parties.values():
            writers.wait_ready()
        for _ in range(rounds):
            for writers in parties.values():
                writers.round()
    finally:
        for writers in parties.values():
            writers.stop()
    return {name: writers.summary() for name, writers in parties.items()}


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(
        host=PG["host"], port=PG["port"], user=PG["user"], dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


def orchestrate(args: argparse.Namespace) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="bench_store_"))
    tag = f"{os.getpid()}"
    pg_ours, pg_es = f"bench_store_ours_{tag}", f"bench_store_es_{tag}"
    base_env = dict(os.environ)
    base_env.update(DJANGO_SETTINGS_MODULE="wargame.settings", WARGAME_SECRET_KEY="bench")
    for name in ("WARGAME_DATABASE_URL", "PERSISTENCE_MODULE", "IS_SNAPSHOTTING_ENABLED"):
        base_env.pop(name, None)
    ours_env = {
        "sqlite": {**base_env, "WARGAME_DATABASE_URL": f"sqlite:///{tmp}/ours.sqlite3"},
        "postgres": {
            **base_env,
            "WARGAME_DATABASE_URL": f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{pg_ours}",
        },
    }
    es_env = {
        "sqlite": {
            **base_env,
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(tmp / "es.sqlite3"),
        },
        "postgres": {
            **base_env,
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": pg_es,
            "POSTGRES_HOST": PG["host"],
            "POSTGRES_PORT": PG["port"],
            "POSTGRES_USER": PG["user"],
            "POSTGRES_PASSWORD": PG["password"],
        },
    }
    # The writers find the tables made by the setup role; creating them again from eight
    # processes at once races on PostgreSQL's CREATE OR REPLACE FUNCTION.
    es_writer_env = {db: {**env, "CREATE_TABLE": "n"} for db, env in es_env.items()}

    # eventsourcing.postgres imports psycopg_pool, which only the library's [postgres] extra
    # installs; without it the library's PostgreSQL rows are skipped, not the whole run.
    import importlib.util

    theirs_on = {"sqlite": True, "postgres": importlib.util.find_spec("psycopg_pool") is not None}
    if not theirs_on["postgres"]:
        print(
            "  (eventsourcing on PostgreSQL skipped: psycopg_pool is not installed; "
            "pip install 'eventsourcing[postgres]==9.5.6')",
            flush=True,
        )
    results: dict[str, Any] = {"appends": {}, "rebuild": {}}
    slice_s = args.seconds / args.rounds
    started = time.perf_counter()
    pg_admin(f'CREATE DATABASE "{pg_ours}"')
    pg_admin(f'CREATE DATABASE "{pg_es}"')
    try:
        counts = [1, args.writers]
        for db in ("sqlite", "postgres"):
            names = [f"w{n}" for n in counts] + (["full"] if db == "sqlite" else [])
            games = run_role("ours-setup", ours_env[db], "--names", ",".join(names))["games"]
            aggregates = (
                run_role("es-setup", es_env[db], "--names", ",".join(names))["aggregates"]
                if theirs_on[db]
                else {}
            )
            for n in counts:
                game = games[f"w{n}"]
                ours_args = ["--target", game["id"], "--base", str(game["base"])]
                parties = {"ours": Writers("ours-writer", ours_env[db], n, slice_s, ours_args)}
                if theirs_on[db]:
                    es_args = ["--target", aggregates[f"w{n}"]]
                    parties["theirs"] = Writers("es-writer", es_writer_env[db], n, slice_s, es_args)
                if db == "sqlite" and n == 1 and not args.no_sync_full:
                    full = games["full"]
                    full_args = ["--target", full["id"], "--base", str(full["base"]), "--sync-full"]
                    parties["ours_full"] = Writers(
                        "ours-writer", ours_env[db], 1, slice_s, full_args
                    )
                row = run_alternating(parties, args.rounds)
                results["appends"][f"{db} {n}"] = row
                report_appends(db, n, row["ours"], row.get("theirs"))
                if "ours_full" in row:
                    print(
                        f"  sqlite   1 writer : ours with synchronous=FULL (the library's "
                        f"durability): {row['ours_full']['per_s']:8.0f} appends/s",
                        flush=True,
                    )
        if args.events:
            print("Rebuilds (wall time of one rebuild of the whole state)", flush=True)
            common = ["--events", str(args.events), "--batch", str(args.batch)]
            common += [
                "--repeat-full",
                str(args.repeat_full),
                "--repeat-snap",
                str(args.repeat_snap),
            ]
            for db in ("sqlite", "postgres"):
                row = results["appends"].get(f"{db} 1", {})
                missed = row and (
                    (db == "sqlite" and row["ours"]["per_s"] < APPEND_TARGET)
                    or (row.get("theirs") and row["ours"]["per_s"] <= row["theirs"]["per_s"])
                )
                extra = [*common, "--profile"] if args.profile or missed else common
                ours = run_role("ours-rebuild", ours_env[db], *extra)
                theirs = run_role("es-rebuild", es_env[db], *common) if theirs_on[db] else None
                results["rebuild"][db] = {"ours": ours, "theirs": theirs}
                report_rebuild(db, ours, theirs)
    finally:
        for name in (pg_ours, pg_es):
            try:
                pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception as exc:  # noqa: BLE001 - report and go on cleaning up
                print(f"could not drop {name}: {exc}", file=sys.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
    results["total_s"] = time.perf_counter() - started
    report_targets(results, args)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


def report_appends(db: str, n: int, ours: dict, theirs: dict | None) -> None:
    line = (
        f"  {db:8} {n} writer{'s' if n > 1 else ' '}: ours {ours['per_s']:8.0f} appends/s "
        f"({ours['conflicts']} conflicts{spread(ours)})"
    )
    if theirs is not None:
        ratio = ours["per_s"] / theirs["per_s"] if theirs["per_s"] else float("inf")
        errors = f", {theirs['errors']} lock errors" if theirs["errors"] else ""
        line += (
            f" | eventsourcing {theirs['per_s']:8.0f} appends/s "
            f"({theirs['conflicts']} conflicts{errors}{spread(theirs)}) | ours/theirs {ratio:5.2f}"
        )
    print(line, flush=True)


def spread(run: dict) -> str:
    """Each slice's rate, and how evenly the writers got their appends in (fewest..most)."""
    text = "; slices " + "/".join(f"{rate:.0f}" for rate in run["per_round"])
    if run["writers"] > 1:
        text += f"; per writer {min(run['per_writer'])}..{max(run['per_writer'])}"
    return text


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def report_rebuild(db: str, ours: dict, theirs: dict | None) -> None:
    parts = ours["snap_parts"]
    print(f"  {db}: {ours['events']} events (built in {ours['build_s']:.1f} s)", flush=True)
    print(
        f"    ours   from nothing  median {ms(statistics.median(ours['full_s']))} "
        f"(min {ms(min(ours['full_s']))}; read {ms(ours['full_read_s'])} + "
        f"fold {ms(ours['full_fold_s'])})"
    )
    print(
        f"    ours   from snapshot median {ms(statistics.median(ours['snap_s']))} "
        f"(min {ms(min(ours['snap_s']))}; snapshot {ours['snapshot_json_bytes'] / 1e6:.1f} MB "
        f"JSON, saved in {ms(ours['snapshot_save_s'])})"
    )
    print(
        f"           parts: read+decode the snapshot row {ms(parts['fetch_and_decode_s'])} "
        f"({ms(parts['fetch_and_decode_gc_paused_s'])} with the garbage collector paused), "
        f"read tail {ms(parts['read_tail_s'])}, fold tail {ms(parts['fold_tail_s'])}"
    )
    print(
        f"           a deep copy of this state (load_state(private=True), every command): "
        f"{ms(parts['deep_copy_s'])} ({ms(parts['deep_copy_gc_paused_s'])} with the "
        f"garbage collector paused)"
    )
    if theirs is not None:
        report_theirs_rebuild(theirs)
    print(
        f"    context: one add_note through service.execute: {ms(ours['execute_big_s'])} at "
        f"{ours['events']} events, {ms(ours['execute_fresh_s'])} on a fresh game"
    )
    if ours.get("append_profile"):
        print("    profile of 2,000 single-event store.append calls (one writer):")
        for line in ours["append_profile"]:
            print(f"      {line}")
    if ours.get("profile"):
        print("    profile of one rebuild from the snapshot (rebuild.load_state):")
        for line in ours["profile"]:
            print(f"      {line}")
    sys.stdout.flush()


def report_theirs_rebuild(theirs: dict) -> None:
    print(
        f"    theirs from nothing  median {ms(statistics.median(theirs['full_s']))} "
        f"(min {ms(min(theirs['full_s']))}; built in {theirs['build_s']:.1f} s)"
    )
    print(
        f"    theirs from snapshot median {ms(statistics.median(theirs['snap_s']))} "
        f"(min {ms(min(theirs['snap_s']))}; snapshot taken in {ms(theirs['snapshot_take_s'])})"
    )


def report_targets(results: dict, args: argparse.Namespace) -> None:
    appends = results["appends"]
    print("\nTargets")
    one = appends.get("sqlite 1")
    if one:
        rate = one["ours"]["per_s"]
        verdict = "met" if rate >= APPEND_TARGET else "MISSED"
        print(f"  >= {APPEND_TARGET:.0f} appends/s, SQLite, 1 writer: {rate:.0f} -> {verdict}")
        for db in ("sqlite", "postgres"):
            for n in (1, args.writers):
                row = appends.get(f"{db} {n}")
                if row and row.get("theirs"):
                    ahead = row["ours"]["per_s"] > row["theirs"]["per_s"]
                    print(
                        f"  ahead of eventsourcing, {db}, {n} writer(s): "
                        f"{'yes' if ahead else 'NO'} "
                        f"({row['ours']['per_s'] / row['theirs']['per_s']:.2f}x)"
                    )
    for db, row in results["rebuild"].items():
        median = statistics.median(row["ours"]["snap_s"]) * 1000
        verdict = "met" if median < SNAPSHOT_TARGET_MS else "MISSED"
        print(
            f"  rebuild from a snapshot < {SNAPSHOT_TARGET_MS:.0f} ms at {row['ours']['events']} "
            f"events, {db}: {median:.1f} ms -> {verdict}"
        )
    print(f"\nTotal {results['total_s']:.0f} s, load average at the end {load()}")


def load() -> str:
    """The machine's 1, 5 and 15 minute load averages: other work shares these cores."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds", type=float, default=6.0, help="append time of each party in each row"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="slices the append time is cut into, alternating"
    )
    parser.add_argument("--writers", type=int, default=8, help="the concurrent writer count")
    parser.add_argument("--events", type=int, default=100_000, help="events of the rebuild game")
    parser.add_argument("--batch", type=int, default=1000, help="events per append when building")
    parser.add_argument("--repeat-full", type=int, default=2, help="rebuilds from nothing")
    parser.add_argument("--repeat-snap", type=int, default=7, help="rebuilds from a snapshot")
    parser.add_argument(
        "--profile", action="store_true", help="profile appends and the snapshot rebuild anyway"
    )
    parser.add_argument("--no-sync-full", action="store_true", help="skip the synchronous=FULL row")
    parser.add_argument("--json", help="also write every number to this file")
    # Internal: the orchestrator runs this file again in these roles.
    parser.add_argument("--role", help=argparse.SUPPRESS)
    parser.add_argument("--names", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    parser.add_argument("--base", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--tag", default="w", help=argparse.SUPPRESS)
    parser.add_argument("--sync-full", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    roles = {
        "ours-setup": role_ours_setup,
        "ours-writer": role_ours_writer,
        "ours-rebuild": role_ours_rebuild,
        "es-setup": role_es_setup,
        "es-writer": role_es_writer,
        "es-rebuild": role_es_rebuild,
    }
    if args.role:
        roles[args.role](args)
        return
    print(
        f"Event-store benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"{args.seconds:g} s of appends per party and row in {args.rounds} alternating slices, "
        f"load average {load()}"
    )
    print("Appends (single-event appends per second, all writers together)")
    orchestrate(args)


if __name__ == "__main__":
    main()
