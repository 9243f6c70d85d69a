"""``POST /api/games/{id}/simulations/``, ``GET /api/simulations/{id}/`` and cancelling: who
may, what a bad request is told, and the progress and results a client reads."""

from __future__ import annotations

import pytest

from tests.players import Caller, GameHandle, create_game
from wargame.games import simulations
from wargame.games.models import SimulationRun

pytestmark = pytest.mark.django_db


@pytest.fixture
def triangle(facilitator) -> GameHandle:
    return create_game(facilitator, "What if", scenario="triangle-2024")


def start(game: GameHandle, caller: Caller, body: dict):
    return caller.post(f"/api/games/{game.id}/simulations/", body)


def test_the_white_cell_starts_a_simulation_and_reads_its_progress_and_results(
    triangle, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = start(
            triangle,
            triangle.control,
            {"runs": 6, "seed": 5, "chunk_size": 3, "doctrines": {"beijing": "assertive"}},
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "running"
    assert body["progress"] == {"chunks": 2, "chunks_done": 0, "chunks_running": 0, "runs_done": 0}
    assert body["doctrines"] == {"beijing": ["assertive"]}
    assert {p["beijing"] for p in body["pairings"]} == {"assertive"}
    assert len(body["pairings"]) == 8
    assert body["from_seq"] == triangle.created["seq"]  # the game's newest seq by default
    assert body["results"] is None
    simulations.play_chunk.call(body["id"], 0)
    shown = triangle.control.get(f"/api/simulations/{body['id']}/").json()
    assert shown["progress"]["chunks_done"] == 1 and shown["progress"]["runs_done"] == 3
    simulations.play_chunk.call(body["id"], 1)
    shown = triangle.control.get(f"/api/simulations/{body['id']}/").json()
    assert shown["status"] == "done"
    assert shown["results"]["runs"] == 6
    assert {o["seat"] for o in shown["results"]["objectives"]} == set(triangle.seats)
    assert all("real" in entry for entry in shown["results"]["indicators"])


def test_any_run_opens_as_a_game_for_the_replay(triangle, django_capture_on_commit_callbacks):
    from wargame.games import rebuild

    with django_capture_on_commit_callbacks(execute=True):
        body = start(triangle, triangle.control, {"runs": 3, "seed": 9, "chunk_size": 3}).json()
    simulations.play_chunk.call(body["id"], 0)
    opened = triangle.control.post(f"/api/simulations/{body['id']}/runs/2/game/")
    assert opened.status_code == 201, opened.content
    game = opened.json()
    # A branch of the game at the simulation's seq, with its own links, played to the end
    # with the run's seed.
    assert game["parent_id"] == triangle.id and game["fork_seq"] == body["from_seq"]
    assert {seat["role"] for seat in game["seats"]} == set(triangle.seats)
    assert game["observer"]["join_url"]
    state = rebuild.load_state(game["id"])
    assert state["status"] == "ended"
    assert state["rng"]["seed"] == simulations.run_seed(9, 2)
    # The White Cell's own game: its replay opens for the facilitator.
    assert triangle.control.get(f"/api/games/{game['id']}/events/").status_code == 200
    refused = triangle.control.post(f"/api/simulations/{body['id']}/runs/3/game/")
    assert refused.status_code == 422
    assert refused.json()["error"]["message"] == "run must be from 0 to 2"
    assert (
        triangle.seats["beijing"].post(f"/api/simulations/{body['id']}/runs/0/game/").status_code
        == 403
    )


def test_seats_may_not_simulate_before_the_record_is_open(triangle):
    response = start(triangle, triangle.seats["beijing"], {"runs": 5})
    assert response.status_code == 403
    assert "White Cell" in response.json()["error"]["message"]
    run = simulations.create(game=game_row(triangle), from_seq=1, runs=1, seed=1, chosen={})
    assert triangle.seats["beijing"].get(f"/api/simulations/{run.id}/").status_code == 403
    assert triangle.observer.post(f"/api/simulations/{run.id}/cancel/").status_code == 403
    assert SimulationRun.objects.count() == 1  # only the White Cell's


def game_row(handle: GameHandle):
    from wargame.games.models import Game

    return Game.objects.get(pk=handle.id)


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({}, 400, "'runs' is required"),
        ({"runs": "ten"}, 400, "'runs' must be a whole number"),
        ({"runs": 0}, 400, "'runs' must be from 1 to 10000"),
        ({"runs": 10001}, 400, "'runs' must be from 1 to 10000"),
        ({"runs": True}, 400, "'runs' must be a whole number"),
        ({"runs": 5, "from_seq": 0}, 400, "'from_seq' must be from 1"),
        ({"runs": 5, "from_seq": 10**9}, 422, "from_seq must be from 1 to the game's seq"),
        ({"runs": 5, "seed": -2}, 400, "'seed' must be from 0"),
        ({"runs": 5, "chunk_size": 0}, 400, "'chunk_size' must be from 1"),
        ({"runs": 5, "doctrines": ["cautious"]}, 400, "'doctrines' must map seats"),
        ({"runs": 5, "doctrines": {"beijing": 3}}, 400, "doctrines.beijing"),
        ({"runs": 5, "doctrines": {"beijing": []}}, 400, "doctrines.beijing"),
        ({"runs": 5, "doctrines": {"beijing": "bold"}}, 422, "no doctrine 'bold'"),
        ({"runs": 5, "doctrines": {"paris": "bold"}}, 422, "no seat 'paris'"),
        ({"runs": 5, "speed": "max"}, 400, "unknown field 'speed'"),
        ([1, 2], 400, "must be a JSON object"),
    ],
)
def test_a_bad_request_is_told_why(triangle, body, status, words):
    response = start(triangle, triangle.control, body)
    assert response.status_code == status, response.content
    assert words in response.json()["error"]["message"]
    assert not SimulationRun.objects.exists()


def test_a_game_of_a_scenario_without_doctrines_cannot_be_simulated(game):
    response = start(game, game.control, {"runs": 3})
    assert response.status_code == 422
    assert "has no doctrines" in response.json()["error"]["message"]


def test_cancel(triangle):
    body = start(triangle, triangle.control, {"runs": 4, "chunk_size": 2}).json()
    cancelled = triangle.control.post(f"/api/simulations/{body['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    again = triangle.control.post(f"/api/simulations/{body['id']}/cancel/")
    assert again.status_code == 409
    assert "cancelled" in again.json()["error"]["message"]
    assert simulations.play_chunk.call(body["id"], 0) == "simulation cancelled"


def test_an_unknown_simulation_is_a_404(triangle, other_game):
    assert triangle.control.get("/api/simulations/nope/").status_code == 404
    missing = "00000000-0000-0000-0000-000000000000"
    assert triangle.control.get(f"/api/simulations/{missing}/").status_code == 404
    body = start(triangle, triangle.control, {"runs": 2}).json()
    # Another game's facilitator does not see it.
    assert other_game.control.get(f"/api/simulations/{body['id']}/").status_code in (403, 404)
