"""Simulated iterations: the same seeds give the same results, chunks played by tasks give
what one pass gives, a chunk whose worker is gone goes back on the queue, a run can be played
again as a real game, and a simulation can start from a seq of a real game."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from wargame.engine import load_scenario_file
from wargame.games import rebuild, simulations, store
from wargame.games.models import Scenario, SimulationChunk, SimulationRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def triangle() -> dict:
    return load_scenario_file("scenarios/triangle-2024.yaml")


def test_the_same_seeds_give_the_same_results(triangle):
    start = simulations.new_game_state(triangle, 4, "Seeds")
    chosen = {"beijing": ["cautious", "assertive"]}
    first = simulations.play_runs(start, chosen, 4, 0, 12)
    again = simulations.play_runs(start, chosen, 4, 0, 12)
    assert first == again
    assert simulations.summarise(triangle, chosen, first) == simulations.summarise(
        triangle, chosen, again
    )
    # Runs are independent of the chunk they are played in.
    assert simulations.play_runs(start, chosen, 4, 5, 4) == first[5:9]
    other = simulations.play_runs(start, chosen, 5, 0, 12)
    assert [row[2] for row in other] != [row[2] for row in first]
    assert [row[1] for row in first] == [4 * 100003 + i for i in range(12)]


def test_results_give_spreads_intervals_and_pairings(triangle):
    start = simulations.new_game_state(triangle, 2, "Results")
    chosen = {"beijing": ["cautious", "assertive"], "moscow": ["front_first"]}
    rows = simulations.play_runs(start, chosen, 2, 0, 16)
    real = {"beijing_leverage": 1000}
    results = simulations.summarise(triangle, chosen, rows, real=real)
    assert results["runs"] == 16
    leverage = next(i for i in results["indicators"] if i["id"] == "beijing_leverage")
    low, q1, median, q3, high = leverage["final"]
    assert low <= q1 <= median <= q3 <= high
    assert len(leverage["turns"]) == triangle["turns"]
    assert leverage["real"] == {"value": 1000, "percentile": 100.0}
    objectives = results["objectives"]
    assert len(objectives) == sum(len(s["objectives"]) for s in triangle["seats"].values())
    for o in objectives:
        low, high = o["interval"]
        assert 0 <= low <= o["share"] <= high <= 1
        assert o["met"] == round(o["share"] * 16)
    # 2 Beijing x 1 Moscow x 2 Pyongyang x 2 Washington doctrines, two runs each.
    beijing = [p["doctrines"]["beijing"] for p in results["pairings"]]
    assert beijing == ["cautious"] * 4 + ["assertive"] * 4
    assert [p["runs"] for p in results["pairings"]] == [2] * 8
    assert all(p["doctrines"]["moscow"] == "front_first" for p in results["pairings"])


@pytest.fixture
def loaded(db):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)


def _tasks(path: str) -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at"))


def test_chunks_played_as_tasks_give_what_one_pass_gives(
    loaded, django_capture_on_commit_callbacks
):
    scenario = Scenario.objects.get(slug="triangle-2024").document
    with django_capture_on_commit_callbacks(execute=True):
        run = simulations.create(
            scenario=scenario,
            slug="triangle-2024",
            runs=10,
            seed=3,
            chosen={"beijing": ["cautious", "assertive"]},
            chunk_size=4,
        )
    chunks = list(run.chunks.order_by("index"))
    assert [(c.first, c.count) for c in chunks] == [(0, 4), (4, 4), (8, 2)]
    queued = _tasks(simulations.play_chunk.module_path)
    assert sorted(t.args_kwargs["args"][1] for t in queued) == [0, 1, 2]
    assert len(_tasks(simulations.watch_simulation.module_path)) == 1
    for index in (2, 0, 1):  # in any order, as workers take them
        assert simulations.play_chunk.call(str(run.id), index) == f"chunk {index} done"
        assert simulations.play_chunk.call(str(run.id), index) == "already done"
    run.refresh_from_db()
    assert run.status == "done"
    assert simulations.progress_of(run) == {
        "chunks": 3,
        "chunks_done": 3,
        "runs_done": 10,
        "chunks_running": 0,
    }
    start = simulations.new_game_state(scenario, 3, "Simulated game")
    rows = simulations.play_runs(start, run.doctrines, 3, 0, 10)
    assert run.results == simulations.summarise(scenario, run.doctrines, rows)


@pytest.mark.parametrize(
    ("runs", "chunks", "largest"),
    [(1, 1, 1), (60, 6, 10), (200, 20, 10), (1000, 20, 50), (10_000, 100, 100)],
)
def test_a_simulation_is_cut_in_about_twenty_chunks_unless_asked(loaded, runs, chunks, largest):
    """So the progress bar moves in steps of about 5%, and no task is tiny or huge."""
    scenario = Scenario.objects.get(slug="triangle-2024").document
    run = simulations.create(scenario=scenario, slug="triangle-2024", runs=runs, seed=1, chosen={})
    counts = list(
        SimulationChunk.objects.filter(run=run).order_by("index").values_list("count", flat=True)
    )
    assert (len(counts), max(counts), sum(counts)) == (chunks, largest, runs)


def test_a_chunk_whose_lease_ran_out_goes_back_on_the_queue(loaded):
    scenario = Scenario.objects.get(slug="triangle-2024").document
    run = simulations.create(
        scenario=scenario, slug="triangle-2024", runs=4, seed=1, chosen={}, chunk_size=2
    )
    # A worker took chunk 0 and died: its lease is over. Chunk 1 is held by a live worker.
    past, future = timezone.now() - timedelta(seconds=5), timezone.now() + timedelta(minutes=5)
    SimulationChunk.objects.filter(run=run, index=0).update(
        status="running", attempts=1, worker="gone:1", lease_until=past
    )
    SimulationChunk.objects.filter(run=run, index=1).update(
        status="running", attempts=1, worker="alive:2", lease_until=future
    )
    before = len(_tasks(simulations.play_chunk.module_path))
    assert simulations.watch_simulation.call(str(run.id)) == "1 chunk(s) queued again"
    again = _tasks(simulations.play_chunk.module_path)[before:]
    assert [t.args_kwargs["args"] for t in again] == [[str(run.id), 0]]
    assert simulations.play_chunk.call(str(run.id), 1) == "held by alive:2"
    assert simulations.play_chunk.call(str(run.id), 0) == "chunk 0 done"
    assert SimulationChunk.objects.get(run=run, index=0).attempts == 2


def test_a_cancelled_simulation_plays_no_more(loaded):
    scenario = Scenario.objects.get(slug="triangle-2024").document
    run = simulations.create(
        scenario=scenario, slug="triangle-2024", runs=4, seed=1, chosen={}, chunk_size=2
    )
    assert simulations.cancel(run)
    assert not simulations.cancel(run)
    assert simulations.play_chunk.call(str(run.id), 0) == "simulation cancelled"
    assert simulations.watch_simulation.call(str(run.id)) == "simulation over"
    assert not SimulationChunk.objects.filter(run=run, status="done").exists()


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"runs": 0}, "runs must be from 1"),
        ({"runs": 10**6}, "runs must be from 1"),
        ({"chunk_size": 0}, "chunk size"),
        ({"seed": -1}, "seed"),
        ({"chosen": {"beijing": ["bold"]}}, "no doctrine 'bold'"),
        ({"chosen": {"rome": ["cautious"]}}, "no seat 'rome'"),
    ],
)
def test_bad_parameters_are_refused_with_the_reason(loaded, params, words):
    scenario = Scenario.objects.get(slug="triangle-2024").document
    arguments = {"runs": 4, "seed": 1, "chosen": {}, "chunk_size": 2, **params}
    with pytest.raises(simulations.SimulationError, match=words):
        simulations.create(scenario=scenario, slug="triangle-2024", **arguments)
    assert not SimulationRun.objects.exists()


def test_a_run_is_played_again_as_a_real_game(loaded):
    scenario = Scenario.objects.get(slug="triangle-2024").document
    run = simulations.create(
        scenario=scenario,
        slug="triangle-2024",
        runs=6,
        seed=8,
        chosen={"beijing": ["assertive"]},
        chunk_size=6,
    )
    assert simulations.play_chunk.call(str(run.id), 0) == "chunk 0 done"
    row = SimulationChunk.objects.get(run=run).results[4]
    game = simulations.recreate(run, 4)
    state = rebuild.load_state(game.id)
    assert state["status"] == "ended"
    assert state["rng"]["seed"] == simulations.run_seed(8, 4) == row[1]
    ids = [i["id"] for i in scenario["indicators"]]
    assert [state["indicators"][key]["value"] for key in ids] == row[2]
    events = store.read_events(game_id=game.id, after=0)
    seats = {e["actor"]["role"]: e["actor"]["name"] for e in events}
    assert seats["beijing"].startswith("Bot (assertive")
    assert all(
        e["actor"]["name"].startswith("Bot (")
        for e in events
        if e["actor"]["role"] not in ("control",)
    )
    # The seats' moves carry the doctrine's reasons.
    moves = [e for e in events if e["type"] == "move_submitted" and e["actor"]["role"] == "beijing"]
    assert moves and all("Deng's line" in e["data"]["rationale"] for e in moves)


def test_a_simulation_from_a_seq_of_a_real_game(loaded, django_capture_on_commit_callbacks):
    scenario = Scenario.objects.get(slug="triangle-2024").document
    source = simulations.create(
        scenario=scenario, slug="triangle-2024", runs=1, seed=2, chosen={}, chunk_size=1
    )
    game = simulations.recreate(source, 0)
    middle = next(
        e["seq"]
        for e in store.read_events(game_id=game.id, after=0)
        if e["type"] == "phase_advanced" and e["data"].get("turn") == 3
    )
    with pytest.raises(simulations.SimulationError, match="has ended"):
        simulations.create(game=game, from_seq=game.seq, runs=2, seed=1, chosen={})
    with pytest.raises(simulations.SimulationError, match="from_seq must be from 1"):
        simulations.create(game=game, from_seq=game.seq + 1, runs=2, seed=1, chosen={})
    with django_capture_on_commit_callbacks(execute=True):
        run = simulations.create(
            game=game, from_seq=middle, runs=8, seed=1, chosen={}, chunk_size=8
        )
    assert simulations.play_chunk.call(str(run.id), 0) == "chunk 0 done"
    run.refresh_from_db()
    assert run.status == "done"
    final = rebuild.load_state(game.id)["indicators"]
    for entry in run.results["indicators"]:
        assert entry["real"]["value"] == final[entry["id"]]["value"]
        assert 0 <= entry["real"]["percentile"] <= 100
        # From turn 3 on: the turns already played are not played again.
        assert len(entry["turns"]) == scenario["turns"] - 2
    assert run.results["first_turn"] == 3
    start = rebuild.load_state(game.id, at_seq=middle)
    rows = simulations.play_runs(start, {}, 1, 0, 8)
    assert run.results == simulations.summarise(
        scenario, {}, rows, real={k: v["value"] for k, v in final.items()}
    )
    # The real game's own log is untouched.
    assert rebuild.load_state(game.id)["seq"] == game.seq
    # Any run opens as a full game: a branch at the seq with the run's seed, which ends where
    # the run ended and whose log checks out, lineage included.
    ids = [i["id"] for i in scenario["indicators"]]
    for index in (0, 5):
        opened = simulations.recreate(run, index)
        assert opened.parent_id == game.id and opened.fork_seq == middle
        state = rebuild.load_state(opened.id)
        assert state["status"] == "ended"
        assert state["rng"]["seed"] == simulations.run_seed(1, index) == rows[index][1]
        assert [state["indicators"][key]["value"] for key in ids] == rows[index][2]
        assert rebuild.verify_game(opened) is None
    with pytest.raises(simulations.SimulationError, match="run must be from 0 to 7"):
        simulations.recreate(run, 8)


def test_manage_py_simulate_prints_progress_and_results(capsys):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    call_command(
        "simulate",
        "triangle-2024",
        "--runs",
        "8",
        "--chunk",
        "4",
        "--seed",
        "3",
        "--doctrine",
        "beijing=cautious,assertive",
        "--doctrine=moscow=front_first",
        "--doctrine=pyongyang=two_patrons",
        "--doctrine=washington=pressure",
    )
    out, err = capsys.readouterr()
    assert "8/8 runs" in err
    assert "triangle-2024: seed 3; run i has the seed 3 * 100003 + i" in out
    assert "beijing      keep_leverage" in out
    assert "beijing=cautious  (4 runs)" in out and "beijing=assertive  (4 runs)" in out
    scenario = load_scenario_file("scenarios/triangle-2024.yaml")
    chosen = {
        "beijing": ["cautious", "assertive"],
        "moscow": ["front_first"],
        "pyongyang": ["two_patrons"],
        "washington": ["pressure"],
    }
    start = simulations.new_game_state(scenario, 3, "Simulated game")
    results = simulations.summarise(scenario, chosen, simulations.play_runs(start, chosen, 3, 0, 8))
    assert "\n".join(simulations.lines(results)) in out
    with pytest.raises(CommandError, match="no doctrine 'bold'"):
        call_command("simulate", "triangle-2024", "--runs", "2", "--doctrine", "beijing=bold")
    with pytest.raises(CommandError, match="write SEAT=NAME"):
        call_command("simulate", "triangle-2024", "--runs", "2", "--doctrine", "beijing")
    with pytest.raises(CommandError, match="no such game, scenario or file"):
        call_command("simulate", "atlantis", "--runs", "2")
