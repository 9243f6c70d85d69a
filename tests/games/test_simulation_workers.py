"""Simulations on real task workers (``manage.py db_worker`` processes): two workers share a
simulation's chunks, and a worker killed in the middle of a chunk loses only that chunk, which
the other worker plays again once its lease has run out."""

from __future__ import annotations

import time

import pytest

from tests.live.servers import TaskWorker
from wargame.games import simulations
from wargame.games.models import Scenario, SimulationChunk, SimulationRun

pytestmark = pytest.mark.concurrency

LEASE = 3  # seconds, for the workers started here


def wait_for(check, timeout: float, what: str):
    limit = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > limit:
            raise TimeoutError(what)
        time.sleep(0.05)


def test_a_worker_killed_mid_chunk_loses_only_that_chunk(committed_db, subprocess_env):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    scenario = Scenario.objects.get(slug="triangle-2024").document
    env = {**subprocess_env, "WARGAME_SIMULATION_LEASE": str(LEASE)}
    run = simulations.create(
        scenario=scenario,
        slug="triangle-2024",
        runs=120,
        seed=6,
        chosen={"beijing": ["cautious", "assertive"]},
        chunk_size=40,
    )
    doomed, survivor = TaskWorker(env).start(), TaskWorker(env).start()
    try:
        doomed_name = f":{doomed.process.pid}"

        def held_by_doomed():
            return (
                SimulationChunk.objects.filter(
                    run=run, status="running", worker__endswith=doomed_name
                )
                .values_list("index", flat=True)
                .first()
            )

        index = wait_for(
            lambda: (i := held_by_doomed()) is not None and [i], 120, "the worker took no chunk"
        )[0]
        doomed.kill()
        killed = SimulationChunk.objects.get(run=run, index=index)
        assert killed.status == "running"  # killed in the middle of it
        assert killed.attempts == 1

        def finished():
            run.refresh_from_db()
            return run.status != "running"

        wait_for(finished, 300, "the simulation did not finish")
    finally:
        doomed.kill()
        survivor.kill()
    assert run.status == "done", run.error
    chunks = {c.index: c for c in SimulationChunk.objects.filter(run=run)}
    assert all(c.status == "done" for c in chunks.values())
    again = chunks[index]
    assert again.attempts == 2
    assert not again.worker.endswith(doomed_name)
    # The chunk played again is the chunk it would have been: the same runs, the same results.
    start = simulations.new_game_state(scenario, 6, "Simulated game")
    rows = simulations.play_runs(start, run.doctrines, 6, again.first, again.count)
    assert again.results == rows
    # Only the killed chunk was played twice.
    assert [c.attempts for i, c in sorted(chunks.items()) if i != index] == [1, 1]
    assert SimulationRun.objects.get(pk=run.pk).results["runs"] == 120
