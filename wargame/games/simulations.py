"""Simulated iterations: the rest of a game played many times by bots, engine only.

``play`` takes a starting state (a new game of a scenario, or a real game's state at some seq),
gives every seat a doctrine (``engine/bots.py``), and plays to the end through the engine's own
``decide`` and ``fold`` (no database per move, as in ``balance.py``): each bot decides from its
seat's view, control rolls every move at the engine's proposed odds and advances. A run is fixed
by its seed: the game's dice come from ``run_seed`` (set into the copied state's random stream),
and each bot draws from its own ``random.Random`` seeded from ``run_seed`` and its seat. So a run
can be played again, command for command, as a real game in the database (``recreate``).

Run ``i`` of a simulation with seed ``S`` has the seed ``S * 100003 + i`` and the doctrine pairing
``pairings[i % len(pairings)]``: the product of the doctrines chosen per seat (every doctrine of
a seat when none is chosen), so each pairing gets an equal share of the runs.

A simulation is split into chunks of runs (``SimulationChunk``), each a background task through
Django's Tasks API (``django-tasks``, database backend), so any number of workers on any number of
machines share one. A chunk holds a lease while a worker plays it; a worker killed mid-chunk
stops renewing it, and ``watch_simulation`` (a task that re-enqueues itself while the simulation
runs) puts a chunk whose lease has run out back on the queue. A chunk is deterministic, so a
chunk played twice (a slow worker and its replacement) writes the same result.

Over 400 lines because it holds one feature's three stages, each needing the others' data
shapes: playing runs, summarising them (spreads, Wilson intervals, pairings, the real game's
percentile) and the tasks with their leases. The bots' decisions are in ``engine/bots.py``.
"""

from __future__ import annotations

import itertools
import logging
import os
import random
import socket
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from wargame.engine import CONTROL, Rejection, bots, create_game, decide, fold
from wargame.engine.codec import deep_copy
from wargame.engine.rules import unadjudicated_moves
from wargame.engine.views import view
from wargame.games.balance import NOW, quartiles, wilson

logger = logging.getLogger(__name__)

CONTROL_ACTOR = {"role": CONTROL, "name": "Simulation (automatic adjudication)"}
MAX_RUNS = 100_000
MAX_CHUNK = 10_000
# A simulation's seed is below 2**46, so that every run's seed (seed * 100003 + i) is below
# 2**63: the range a game's seed is stored and checked in (engine.MAX_SEED).
SEED_LIMIT = 2**46


class PlayError(RuntimeError):
    """The engine refused a command a bot had every right to send."""


class SimulationError(ValueError):
    """A simulation asked for with bad parameters; the message says which and why."""


def run_seed(seed: int, index: int) -> int:
    return seed * 100003 + index


def pairings(scenario: dict[str, Any], chosen: dict[str, list[str]]) -> list[dict[str, str]]:
    """Every combination of the doctrines chosen per seat (all of a seat's doctrines when it has
    none chosen), in scenario seat order. Raises SimulationError naming what is wrong."""
    seats = scenario["roles"]
    problems = [f"no seat {seat!r} in {scenario['slug']}" for seat in chosen if seat not in seats]
    options = []
    for seat in seats:
        known = list(bots.doctrines_of(scenario, seat))
        names = chosen.get(seat) or known
        if not names:
            problems.append(f"{seat} has no doctrines in {scenario['slug']}")
        for name in names:
            if name not in known:
                problems.append(
                    f"{seat} has no doctrine {name!r} (it has: {', '.join(known) or 'none'})"
                )
        options.append(names)
    if problems:
        raise SimulationError("; ".join(problems))
    return [dict(zip(seats, combo, strict=True)) for combo in itertools.product(*options)]


class _Table:
    """One game's state, advanced in place; optionally the commands sent, for ``recreate``."""

    def __init__(self, state: dict[str, Any], seq: int, record: bool) -> None:
        self.state = state
        self.seq = seq
        self.commands: list[tuple[dict[str, Any], dict[str, Any]]] | None = [] if record else None

    def send(self, actor: dict[str, Any], command: dict[str, Any]) -> Rejection | None:
        result = decide(self.state, command, actor=actor, now=NOW)
        if isinstance(result, Rejection):
            return result
        events = []
        for draft in result:
            self.seq += 1
            events.append(dict(draft, seq=self.seq))
        self.state = fold(self.state, events, copy=False)
        if self.commands is not None:
            self.commands.append((actor, command))
        return None

    def must(self, actor: dict[str, Any], command: dict[str, Any]) -> None:
        rejection = self.send(actor, command)
        if rejection is not None:
            raise PlayError(
                f"{actor['role']} {command.get('type')}: {rejection.code}: {rejection.message}"
            )


@dataclass
class RunResult:
    index: int
    seed: int
    pairing: dict[str, str]
    final: list[int]
    trajectory: list[list[int]]  # the indicator values at the end of each turn played
    turns: list[int]
    met: list[int]  # one 0/1 per objective, in scenario seat and objective order
    commands: list[tuple[dict[str, Any], dict[str, Any]]] | None = None

    def compact(self) -> list[Any]:
        return [self.index, self.seed, self.final, self.trajectory, self.met]


def _may_argue(state: dict[str, Any], seat: str, doctrine: dict[str, Any]) -> bool:
    """Whether any argument rule of the seat's doctrine names a move the seat could argue on
    now (another seat's public move of this turn, still open). The runner asks this, not the
    bot, to spare building a view the bot would answer with nothing; the rule's condition is
    still the bot's to read, from its view."""
    rules = doctrine["argue"]
    if not rules:
        return False
    turn = state["turn"]
    for move in state["moves"].values():
        if (
            move["seat"] == seat
            or move["turn"] != turn
            or move["status"] != "announced"
            or move["adjudication"] is not None
            or (move["visibility"] != "public" and not move["revealed"])
        ):
            continue
        for rule in rules:
            if rule["seat"] not in (None, move["seat"]):
                continue
            if rule["action"] not in (None, move["action"]):
                continue
            return True
    return False


def new_game_state(scenario: dict[str, Any], seed: int, title: str) -> dict[str, Any]:
    drafts = create_game(scenario, title=title, seed=seed, actor=CONTROL_ACTOR, now=NOW)
    events = [dict(draft, seq=n) for n, draft in enumerate(drafts, start=1)]
    state = fold(None, events, copy=False)
    assert state is not None
    return state


def play(
    start: dict[str, Any],
    pairing: dict[str, str],
    seed: int,
    *,
    index: int = 0,
    record: bool = False,
) -> RunResult:
    """Play the rest of the game in ``start`` (left untouched) with the doctrine ``pairing``
    and the dice of ``seed``; return its result."""
    # The scenario, which no event changes, is shared; the rest is the run's own.
    state = {key: value if key == "scenario" else deep_copy(value) for key, value in start.items()}
    state["rng"]["seed"] = seed
    table = _Table(state, state["seq"], record)
    scenario = state["scenario"]
    seats = scenario["roles"]
    doctrines = {seat: bots.doctrines_of(scenario, seat)[pairing[seat]] for seat in seats}
    actors = {
        seat: {"role": seat, "name": bots.bot_name(pairing[seat], doctrines[seat])}
        for seat in seats
    }
    rngs = {seat: random.Random(f"bots:{seed}:{seat}") for seat in seats}
    phases = scenario["phases"]
    last_turn = scenario["turns"]
    trajectory: list[list[int]] = []
    turns: list[int] = []
    ids = [i["id"] for i in scenario["indicators"]]
    argued_turn = 0
    for _ in range(10_000):
        state = table.state
        status = state["status"]
        if status == "ended":
            break
        if status == "setup":
            table.must(CONTROL_ACTOR, {"type": "start_game"})
            continue
        if state["paused"]:
            table.must(CONTROL_ACTOR, {"type": "resume"})
            continue
        phase, turn = state["phase"], state["turn"]
        if phase == "orders":
            for seat in seats:
                seen = view(table.state, seat, parts=bots.PARTS)
                for command in bots.orders(seen, doctrines[seat], rngs[seat]):
                    rejection = table.send(actors[seat], command)
                    if rejection is not None and rejection.code != "action_unavailable":
                        raise PlayError(f"{seat} {command['type']}: {rejection.code}")
            table.must(CONTROL_ACTOR, {"type": "advance_phase", "force": True})
            continue
        if phase == "adjudication":
            if argued_turn != turn:
                argued_turn = turn
                for seat in seats:
                    if not _may_argue(table.state, seat, doctrines[seat]):
                        continue  # no rule of its doctrine names a move it could argue on
                    for command in bots.arguments(
                        view(table.state, seat, parts=bots.ARGUMENT_PARTS), doctrines[seat]
                    ):
                        table.must(actors[seat], command)
            for move_id in unadjudicated_moves(table.state):
                table.must(
                    CONTROL_ACTOR, {"type": "adjudicate", "move_id": move_id, "method": "roll"}
                )
            values = table.state["indicators"]
            trajectory.append([values[key]["value"] for key in ids])
            turns.append(turn)
            if turn == last_turn:
                table.must(CONTROL_ACTOR, {"type": "end_game"})
            else:
                table.must(CONTROL_ACTOR, {"type": "advance_phase", "force": True})
                # Leave this turn's later phases, if any, without acting in them.
                while table.state["turn"] == turn and table.state["status"] == "running":
                    table.must(CONTROL_ACTOR, {"type": "advance_phase", "force": True})
            continue
        if turn == last_turn and phases.index(phase) > phases.index("adjudication"):
            table.must(CONTROL_ACTOR, {"type": "end_game"})
            continue
        table.must(CONTROL_ACTOR, {"type": "advance_phase", "force": True})
    else:
        raise PlayError("the game did not end")
    state = table.state
    met = [
        int(objective["met"]) for seat in seats for objective in state["scores"][seat]["objectives"]
    ]
    return RunResult(
        index=index,
        seed=seed,
        pairing=dict(pairing),
        final=[state["indicators"][key]["value"] for key in ids],
        trajectory=trajectory,
        turns=turns,
        met=met,
        commands=table.commands,
    )


# ---------------------------------------------------------------------------------------------
# The starting point, the results


def starting_state(run: Any) -> dict[str, Any]:
    """The state a simulation plays from: the game's at ``from_seq``, or a new game of the
    scenario (its document as loaded now) before its start."""
    from wargame.games import rebuild
    from wargame.games.models import Scenario

    if run.game_id is not None:
        state = rebuild.load_state(run.game_id, at_seq=run.from_seq)
        if state is None:
            raise SimulationError(f"game {run.game_id} has no events")
        return state
    scenario = Scenario.objects.filter(slug=run.scenario).first()
    if scenario is None:
        raise SimulationError(f"no scenario {run.scenario!r} is loaded")
    return new_game_state(scenario.document, run.seed, "Simulated game")


def scenario_of(run: Any) -> dict[str, Any]:
    """The scenario document a simulation plays (the game's own, or the loaded one)."""
    from wargame.games import rebuild
    from wargame.games.models import Scenario

    if run.game_id is not None:
        state = rebuild.load_state(run.game_id)
        if state is None:
            raise SimulationError(f"game {run.game_id} has no events")
        scenario: dict[str, Any] = state["scenario"]
        return scenario
    found = Scenario.objects.filter(slug=run.scenario).first()
    if found is None:
        raise SimulationError(f"no scenario {run.scenario!r} is loaded")
    document: dict[str, Any] = found.document
    return document


def play_runs(
    start: dict[str, Any],
    chosen: dict[str, list[str]],
    seed: int,
    first: int,
    count: int,
    *,
    progress: Any = None,
) -> list[list[Any]]:
    """Runs ``first`` .. ``first + count - 1`` as compact results (``RunResult.compact``);
    ``progress(done)`` is called after each run when given and may raise to stop."""
    combos = pairings(start["scenario"], chosen)
    out = []
    for index in range(first, first + count):
        result = play(start, combos[index % len(combos)], run_seed(seed, index), index=index)
        out.append(result.compact())
        if progress is not None:
            progress(index - first + 1)
    return out


@dataclass
class Summary:
    """What many runs say: per indicator the spread of final values and of each turn's values,
    per objective how often met (Wilson interval), per doctrine pairing the same counts, and
    where the real game's values fall."""

    runs: int
    # The turn the runs' first trajectory point is the end of (every run ends on the last).
    first_turn: int = 1
    indicators: list[dict[str, Any]] = field(default_factory=list)
    objectives: list[dict[str, Any]] = field(default_factory=list)
    pairings: list[dict[str, Any]] = field(default_factory=list)
    doctrines: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "runs": self.runs,
            "first_turn": self.first_turn,
            "indicators": self.indicators,
            "objectives": self.objectives,
            "pairings": self.pairings,
            "doctrines": self.doctrines,
        }


def summarise(
    scenario: dict[str, Any],
    chosen: dict[str, list[str]],
    rows: list[list[Any]],
    *,
    real: dict[str, int] | None = None,
) -> dict[str, Any]:
    """Results of compact runs (in any order; they are sorted by index)."""
    rows = sorted(rows, key=lambda row: row[0])
    combos = pairings(scenario, chosen)
    seats = scenario["roles"]
    objective_keys = [
        (seat, objective["id"], objective["text"])
        for seat in seats
        for objective in scenario["seats"][seat]["objectives"]
    ]
    longest = max((len(row[3]) for row in rows), default=0)
    summary = Summary(runs=len(rows), first_turn=max(1, scenario["turns"] - longest + 1))
    for k, spec in enumerate(scenario["indicators"]):
        finals = [row[2][k] for row in rows]
        entry: dict[str, Any] = {
            "id": spec["id"],
            "name": spec["name"],
            "audience": spec["audience"],
            "final": list(quartiles(finals)) if finals else None,
            "mean": sum(finals) / len(finals) if finals else None,
            "turns": [],
        }
        for t in range(longest):
            values = [row[3][t][k] for row in rows if len(row[3]) > t]
            entry["turns"].append(list(quartiles(values)))
        if real is not None and spec["id"] in real and finals:
            value = real[spec["id"]]
            below = sum(1 for v in finals if v < value)
            equal = sum(1 for v in finals if v == value)
            entry["real"] = {
                "value": value,
                "percentile": round(100 * (below + equal / 2) / len(finals), 1),
            }
        summary.indicators.append(entry)
    for j, (seat, objective_id, text) in enumerate(objective_keys):
        met = sum(row[4][j] for row in rows)
        low, high = wilson(met, len(rows))
        summary.objectives.append(
            {
                "seat": seat,
                "id": objective_id,
                "text": text,
                "met": met,
                "share": met / len(rows) if rows else 0.0,
                "interval": [low, high],
            }
        )
    by_pairing: dict[int, list[list[Any]]] = {}
    for row in rows:
        by_pairing.setdefault(row[0] % len(combos), []).append(row)
    for p, combo in enumerate(combos):
        members = by_pairing.get(p, [])
        objectives = {}
        for j, (seat, objective_id, _text) in enumerate(objective_keys):
            met = sum(row[4][j] for row in members)
            objectives[f"{seat}.{objective_id}"] = met / len(members) if members else None
        summary.pairings.append(
            {
                "doctrines": combo,
                "runs": len(members),
                "objectives": objectives,
                "means": {
                    spec["id"]: (
                        sum(row[2][k] for row in members) / len(members) if members else None
                    )
                    for k, spec in enumerate(scenario["indicators"])
                },
            }
        )
    summary.doctrines = _by_doctrine(scenario, combos, rows, objective_keys)
    return summary.as_dict()


def _by_doctrine(
    scenario: dict[str, Any],
    combos: list[dict[str, str]],
    rows: list[list[Any]],
    objective_keys: list[tuple[str, str, str]],
) -> list[dict[str, Any]]:
    """For each seat with more than one doctrine in play, each doctrine against the others
    (whatever the other seats played): runs, objectives met with intervals, final indicators."""
    out = []
    for seat in scenario["roles"]:
        names = list(dict.fromkeys(combo[seat] for combo in combos))
        if len(names) < 2:
            continue
        for name in names:
            members = [row for row in rows if combos[row[0] % len(combos)][seat] == name]
            objectives = []
            for j, (owner, objective_id, _text) in enumerate(objective_keys):
                met = sum(row[4][j] for row in members)
                low, high = wilson(met, len(members))
                objectives.append(
                    {
                        "seat": owner,
                        "id": objective_id,
                        "met": met,
                        "share": met / len(members) if members else 0.0,
                        "interval": [low, high],
                    }
                )
            out.append(
                {
                    "seat": seat,
                    "doctrine": name,
                    "runs": len(members),
                    "objectives": objectives,
                    "final": {
                        spec["id"]: list(quartiles([row[2][k] for row in members]))
                        for k, spec in enumerate(scenario["indicators"])
                        if members
                    },
                }
            )
    return out


def lines(results: dict[str, Any]) -> list[str]:
    """The results as text for the command line."""
    out = [f"{results['runs']} runs", "", "Indicators at the end (min, q1, median, q3, max)"]
    for entry in results["indicators"]:
        if entry["final"] is None:
            continue
        lo, q1, q2, q3, hi = entry["final"]
        real = ""
        if "real" in entry:
            shown = entry["real"]
            real = f"   real game {shown['value']} (percentile {shown['percentile']})"
        out.append(f"  {entry['id']:<28} {lo:>4} {q1:>6.1f} {q2:>6.1f} {q3:>6.1f} {hi:>4}{real}")
    out += ["", "Objectives (share of runs met, 95% Wilson interval)"]
    for o in results["objectives"]:
        low, high = o["interval"]
        out.append(
            f"  {o['seat']:<12} {o['id']:<22} {100 * o['share']:5.1f}%  "
            f"[{100 * low:5.1f}, {100 * high:5.1f}]"
        )
    if results.get("doctrines"):
        out += ["", "Each doctrine of a seat against its others (share of runs met, 95% interval)"]
        for entry in results["doctrines"]:
            out.append(f"  {entry['seat']}={entry['doctrine']}  ({entry['runs']} runs)")
            for o in entry["objectives"]:
                low, high = o["interval"]
                out.append(
                    f"      {o['seat']:<12} {o['id']:<22} {100 * o['share']:5.1f}%  "
                    f"[{100 * low:5.1f}, {100 * high:5.1f}]"
                )
            medians = ", ".join(f"{key} {q[2]:g}" for key, q in entry["final"].items())
            out.append(f"      final medians: {medians}")
    out += ["", "Doctrine pairings (runs; objectives met, per seat)"]
    for p in results["pairings"]:
        names = ", ".join(f"{seat}={name}" for seat, name in p["doctrines"].items())
        out.append(f"  {names}  ({p['runs']} runs)")
        per_seat: dict[str, list[str]] = {}
        for key, share in p["objectives"].items():
            seat, _, objective_id = key.partition(".")
            if share is not None:
                per_seat.setdefault(seat, []).append(f"{objective_id} {100 * share:.0f}%")
        for seat, parts in per_seat.items():
            out.append(f"      {seat:<12} " + ", ".join(parts))
    return out


# ---------------------------------------------------------------------------------------------
# Simulations as background tasks

LEASE_SECONDS = int(os.environ.get("WARGAME_SIMULATION_LEASE", "60"))
# Runs per chunk unless asked: about twenty chunks, so the progress a page shows moves in
# steps of about 5%, but no fewer than 10 runs per task (each costs a database round trip) and
# no more than 100 (a killed worker loses at most that much).
CHUNKS_WANTED, SMALLEST_CHUNK, LARGEST_CHUNK = 20, 10, 100


def default_chunk(runs: int) -> int:
    """The runs per chunk of a simulation of ``runs`` runs when none is asked for."""
    return max(SMALLEST_CHUNK, min(LARGEST_CHUNK, -(-runs // CHUNKS_WANTED)))


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def create(
    *,
    game: Any = None,
    scenario: dict[str, Any] | None = None,
    slug: str | None = None,
    from_seq: int = 0,
    runs: int,
    seed: int,
    chosen: dict[str, list[str]],
    chunk_size: int | None = None,
    requested_by: str = "",
) -> Any:
    """Check the parameters, record the simulation and its chunks, and (after commit) enqueue
    one task per chunk and the watch (``chunk_size`` runs each, by default
    ``default_chunk(runs)``). Raises SimulationError saying what is wrong."""
    from wargame.games.models import SimulationChunk, SimulationRun

    if not 1 <= runs <= MAX_RUNS:
        raise SimulationError(f"runs must be from 1 to {MAX_RUNS}")
    if chunk_size is None:
        chunk_size = default_chunk(runs)
    if not 1 <= chunk_size <= MAX_CHUNK:
        raise SimulationError(f"the chunk size must be from 1 to {MAX_CHUNK}")
    if not 0 <= seed < SEED_LIMIT:
        raise SimulationError(f"the seed must be a whole number from 0 to {SEED_LIMIT - 1}")
    if game is not None:
        if not 0 < from_seq <= game.seq:
            raise SimulationError(f"from_seq must be from 1 to the game's seq ({game.seq})")
        from wargame.games import rebuild

        start = rebuild.load_state(game.id, at_seq=from_seq)
        if start is None:
            raise SimulationError("the game has no events")
        if start["status"] == "ended":
            raise SimulationError(f"the game has ended by seq {from_seq}: nothing is left to play")
        scenario = start["scenario"]
        slug = scenario["slug"]
    if scenario is None or slug is None:
        raise SimulationError("a simulation needs a game or a scenario")
    pairings(scenario, chosen)  # raises on unknown seats and doctrines
    with transaction.atomic():
        run = SimulationRun.objects.create(
            game=game,
            scenario=slug,
            from_seq=from_seq if game is not None else 0,
            runs=runs,
            seed=seed,
            chunk_size=chunk_size,
            doctrines=chosen,
            requested_by=requested_by[:200],
        )
        SimulationChunk.objects.bulk_create(
            [
                SimulationChunk(run=run, index=k, first=first, count=min(chunk_size, runs - first))
                for k, first in enumerate(range(0, runs, chunk_size))
            ]
        )
        transaction.on_commit(lambda: _enqueue_all(run.id))
    return run


def _enqueue_all(run_id: Any) -> None:
    from wargame.games.models import SimulationChunk

    for index in SimulationChunk.objects.filter(run_id=run_id).values_list("index", flat=True):
        play_chunk.enqueue(str(run_id), index)
    watch_simulation.using(run_after=timezone.now() + timedelta(seconds=LEASE_SECONDS)).enqueue(
        str(run_id)
    )


class _Cancelled(Exception):
    pass


class _LeaseLost(Exception):
    pass


@task()
def play_chunk(run_id: str, index: int) -> str:
    """Play one chunk of a simulation, holding its lease; store its compact results."""
    from wargame.games.models import SimulationChunk, SimulationRun

    worker = _worker_name()
    now = timezone.now()
    with transaction.atomic():
        run = SimulationRun.objects.filter(pk=run_id).first()
        if run is None:
            return "no such simulation"
        chunk = SimulationChunk.objects.select_for_update().get(run_id=run_id, index=index)
        if chunk.status == "done":
            return "already done"
        if run.status != "running":
            return f"simulation {run.status}"
        if chunk.status == "running" and chunk.lease_until and chunk.lease_until > now:
            return f"held by {chunk.worker}"
        chunk.status = "running"
        chunk.attempts += 1
        chunk.worker = worker
        chunk.lease_until = now + timedelta(seconds=LEASE_SECONDS)
        chunk.save(update_fields=["status", "attempts", "worker", "lease_until"])
    try:
        start = starting_state(run)
    except SimulationError as exc:
        _fail(run_id, str(exc))
        return "failed"
    renew_every = max(1, min(10, chunk.count // 4))

    def progress(done: int) -> None:
        if done % renew_every:
            return
        renewed = SimulationChunk.objects.filter(
            pk=chunk.pk, worker=worker, status="running", run__status="running"
        ).update(lease_until=timezone.now() + timedelta(seconds=LEASE_SECONDS))
        if not renewed:
            if SimulationRun.objects.filter(pk=run_id, status="cancelled").exists():
                raise _Cancelled
            raise _LeaseLost

    try:
        rows = play_runs(
            start, run.doctrines, run.seed, chunk.first, chunk.count, progress=progress
        )
    except _Cancelled:
        return "cancelled"
    except _LeaseLost:
        return "lease lost"
    except PlayError as exc:
        _fail(run_id, f"chunk {index}: {exc}")
        raise
    # The result is the same whoever plays the chunk: the first to finish writes it.
    SimulationChunk.objects.filter(pk=chunk.pk).exclude(status="done").update(
        status="done", results=rows, finished_at=timezone.now(), worker=worker
    )
    finish_if_complete(run_id)
    return f"chunk {index} done"


def _fail(run_id: str, error: str) -> None:
    from wargame.games.models import SimulationRun

    SimulationRun.objects.filter(pk=run_id, status="running").update(
        status="failed", error=error[:2000], finished_at=timezone.now()
    )


def finish_if_complete(run_id: str) -> bool:
    """Once every chunk is done: summarise and mark the simulation done (once)."""
    from wargame.games.models import SimulationChunk, SimulationRun

    if SimulationChunk.objects.filter(run_id=run_id).exclude(status="done").exists():
        return False
    with transaction.atomic():
        run = SimulationRun.objects.select_for_update().get(pk=run_id)
        if run.status != "running":
            return run.status == "done"
        rows = [
            row
            for results in SimulationChunk.objects.filter(run_id=run_id).values_list(
                "results", flat=True
            )
            for row in results
        ]
        start = starting_state(run)
        real = None
        if run.game_id is not None:
            from wargame.games import rebuild

            head = rebuild.load_state(run.game_id)
            if head is not None:
                real = {key: entry["value"] for key, entry in head["indicators"].items()}
        run.results = summarise(start["scenario"], run.doctrines, rows, real=real)
        run.status = "done"
        run.finished_at = timezone.now()
        run.save(update_fields=["results", "status", "finished_at"])
    return True


@task()
def watch_simulation(run_id: str) -> str:
    """Put back on the queue every chunk of a running simulation whose lease has run out (its
    worker died or lost the database), then look again later, until the simulation ends."""
    from wargame.games.models import SimulationChunk, SimulationRun

    run = SimulationRun.objects.filter(pk=run_id).first()
    if run is None or run.status != "running":
        return "simulation over"
    if finish_if_complete(run_id):
        return "simulation done"
    now = timezone.now()
    stale = list(
        SimulationChunk.objects.filter(
            run_id=run_id, status="running", lease_until__lt=now
        ).values_list("index", flat=True)
    )
    for index in stale:
        logger.warning("simulation %s: chunk %s lost its worker; queued again", run_id, index)
        play_chunk.enqueue(run_id, index)
    watch_simulation.using(run_after=now + timedelta(seconds=LEASE_SECONDS)).enqueue(run_id)
    return f"{len(stale)} chunk(s) queued again"


def cancel(run: Any) -> bool:
    """Stop a running simulation: chunks not started never start, a chunk being played stops
    at its next lease renewal. False if it had already ended."""
    from wargame.games.models import SimulationRun

    return bool(
        SimulationRun.objects.filter(pk=run.pk, status="running").update(
            status="cancelled", finished_at=timezone.now()
        )
    )


def progress_of(run: Any) -> dict[str, Any]:
    """Chunks and runs done so far."""
    from wargame.games.models import SimulationChunk

    chunks = list(SimulationChunk.objects.filter(run=run).values("status", "count"))
    done = [c for c in chunks if c["status"] == "done"]
    return {
        "chunks": len(chunks),
        "chunks_done": len(done),
        "runs_done": sum(c["count"] for c in done),
        "chunks_running": sum(1 for c in chunks if c["status"] == "running"),
    }


def run_seeds(run: Any) -> list[int]:
    """The seed of every run of a simulation, by index."""
    return [run_seed(run.seed, i) for i in range(run.runs)]


def recreate(run: Any, index: int, *, title: str | None = None, created_by: Any = None) -> Any:
    """Play run ``index`` of a simulation again as a real game in the database: the same seed,
    the same bots' commands through the one write path, so the replay shows the run move by
    move. A run from a scenario's start becomes a new game of the scenario; a run from a seq of
    a game becomes a branch of that game at the seq, whose ``branch_started`` gives it the
    run's seed (the simulation played that state with the same seed and dice counter).
    Call it inside a transaction: a run the log no longer plays raises SimulationError."""
    from wargame.games import service
    from wargame.games.models import Game, Scenario

    if not 0 <= index < run.runs:
        raise SimulationError(f"run must be from 0 to {run.runs - 1}")
    seed = run_seed(run.seed, index)
    name = title or f"Simulation {str(run.id)[:8]}, run {index}"
    start = starting_state(run)
    combos = pairings(start["scenario"], run.doctrines)
    if run.game_id is None:
        scenario = Scenario.objects.get(slug=run.scenario)
        start = new_game_state(scenario.document, seed, "Simulated game")
        result = play(start, combos[index % len(combos)], seed, index=index, record=True)
        game = service.create_game(
            scenario=scenario,
            title=name,
            actor_name=CONTROL_ACTOR["name"],
            seed=seed,
            created_by=created_by,
        )
    else:
        parent = Game.objects.get(pk=run.game_id)
        result = play(start, combos[index % len(combos)], seed, index=index, record=True)
        try:
            game = service.create_branch(
                parent=parent,
                at=run.from_seq,
                title=name,
                seed=seed,
                created_by=created_by,
                actor_name=CONTROL_ACTOR["name"],
            )
        except service.BranchRefused as exc:
            raise SimulationError(str(exc)) from None
    for n, (actor, command) in enumerate(result.commands or [], start=1):
        try:
            service.execute(game=game, command=command, actor=actor)
        except service.CommandRejected as exc:
            # Not as the simulation played it (a scenario reloaded since, say): said, and the
            # caller's transaction leaves no half game.
            raise SimulationError(
                f"run {index} cannot be played again: its command {n} ({actor['role']} "
                f"{command['type']}) is refused now: {exc}"
            ) from None
    game.refresh_from_db()
    return game
