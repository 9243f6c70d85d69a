"""Simulated iterations: start one from a game, read its progress and results, cancel it, and
open any of its runs as a full game (played again from its seed, for the replay).

The request only records the simulation and enqueues its chunks (``games/simulations.py``);
task workers (``manage.py db_worker``) play them. Starting, reading and cancelling are for the
game's White Cell, or for anyone with the game once its record is open (everything is shown
then, hidden indicators included, so the results hold nothing the caller may not see).
"""

from __future__ import annotations

import secrets

from django.db import transaction
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from wargame.api.errors import ApiError
from wargame.api.schema import GAME_CREATED, INTEGER, MAX_SEQ, STRING, _object, errors
from wargame.api.views.base import GameView, WargameView
from wargame.api.views.branches import roles_of
from wargame.api.views.games import game_created
from wargame.games import simulations
from wargame.games.access import FACILITATOR
from wargame.games.models import Game, SimulationRun
from wargame.games.simulation_views import (
    NoSuchSimulation,
    describe,
    may_simulate,
    readable_simulation,
)

MAX_API_RUNS = 10_000
SEED_LIMIT = simulations.SEED_LIMIT

DOCTRINES = {
    "type": "object",
    "description": "seat -> a doctrine id, or a list of them (runs share the pairings); a seat "
    "left out plays every one of its doctrines in turn",
    "additionalProperties": {
        "oneOf": [
            {"type": "string", "minLength": 1, "maxLength": 64},
            {
                "type": "array",
                "items": {"type": "string", "minLength": 1, "maxLength": 64},
                "minItems": 1,
                "maxItems": 20,
            },
        ]
    },
}
START_BODY = {
    "type": "object",
    "properties": {
        "runs": {"type": "integer", "minimum": 1, "maximum": MAX_API_RUNS},
        "doctrines": DOCTRINES,
        "from_seq": {
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_SEQ,
            "description": "the seq to play on from (default: the game's newest)",
        },
        "seed": {"type": "integer", "minimum": 0, "maximum": SEED_LIMIT - 1},
        "chunk_size": {"type": "integer", "minimum": 1, "maximum": simulations.MAX_CHUNK},
    },
    "required": ["runs"],
    "additionalProperties": False,
}
SIMULATION = _object(
    {
        "id": STRING,
        "game": {"type": "string", "nullable": True},
        "scenario": STRING,
        "from_seq": INTEGER,
        "runs": INTEGER,
        "seed": {**INTEGER, "description": "run i was played with the seed seed * 100003 + i"},
        "doctrines": {"type": "object"},
        "pairings": {"type": "array", "items": {"type": "object"}},
        "status": {"type": "string", "enum": list(SimulationRun.STATUSES)},
        "progress": _object(
            {
                "chunks": INTEGER,
                "chunks_done": INTEGER,
                "chunks_running": INTEGER,
                "runs_done": INTEGER,
            }
        ),
        "created_at": STRING,
        "finished_at": {"type": "string", "nullable": True},
        "error": STRING,
        "results": {"type": "object", "nullable": True},
    }
)


def _whole(body: dict, name: str, low: int, high: int, default: int | None) -> int | None:
    value = body.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ApiError(400, "invalid_request", f"'{name}' must be a whole number")
    if not low <= value <= high:
        raise ApiError(400, "invalid_request", f"'{name}' must be from {low} to {high}")
    return value


def _doctrines(raw) -> dict[str, list[str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ApiError(400, "invalid_request", "'doctrines' must map seats to doctrine ids")
    chosen: dict[str, list[str]] = {}
    for seat, names in raw.items():
        if isinstance(names, str):
            names = [names]
        if (
            not isinstance(names, list)
            or not names
            or len(names) > 20
            or not all(isinstance(n, str) and 0 < len(n) <= 64 for n in names)
        ):
            raise ApiError(
                400, "invalid_request", f"doctrines.{seat}: a doctrine id or a list of them"
            )
        chosen[str(seat)[:64]] = list(dict.fromkeys(names))
    return chosen


class GameSimulations(GameView):
    @extend_schema(
        operation_id="simulations_create",
        summary="Start simulated iterations of the rest of the game (played by task workers)",
        request={"application/json": START_BODY},
        responses={201: SIMULATION, **errors(400, 401, 403, 404, 422)},
    )
    def post(self, request, game_id):
        may_simulate(request.user, self.game)
        body = request.data
        if not isinstance(body, dict):
            raise ApiError(400, "invalid_request", "the body must be a JSON object")
        unknown = sorted(set(body) - set(START_BODY["properties"]))
        if unknown:
            raise ApiError(400, "invalid_request", f"unknown field {unknown[0]!r}")
        if "runs" not in body:
            raise ApiError(400, "invalid_request", "'runs' is required")
        runs = _whole(body, "runs", 1, MAX_API_RUNS, None)
        from_seq = _whole(body, "from_seq", 1, MAX_SEQ, self.game.seq)
        seed = _whole(body, "seed", 0, SEED_LIMIT - 1, secrets.randbelow(SEED_LIMIT))
        chunk = (
            _whole(body, "chunk_size", 1, simulations.MAX_CHUNK, None)
            if "chunk_size" in body
            else None
        )
        try:
            run = simulations.create(
                game=self.game,
                from_seq=from_seq,
                runs=runs,
                seed=seed,
                chosen=_doctrines(body.get("doctrines")),
                chunk_size=chunk,
                requested_by=getattr(request.user, "display_name", "") or "",
            )
        except simulations.SimulationError as exc:
            # Schema-valid, refused for what the game or its scenario holds now.
            raise ApiError(422, "invalid_simulation", str(exc)) from None
        return Response(describe(run), status=status.HTTP_201_CREATED)


class _SimulationView(WargameView):
    run: SimulationRun

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        try:
            self.run = readable_simulation(request.user, kwargs.get("simulation_id"))
        except NoSuchSimulation:
            raise ApiError(404, "not_found", "no such simulation") from None


class SimulationDetail(_SimulationView):
    @extend_schema(
        operation_id="simulations_retrieve",
        summary="A simulation's progress (chunks done) and, once done, its results",
        responses={200: SIMULATION, **errors(401, 403, 404)},
    )
    def get(self, request, simulation_id):
        return Response(describe(self.run))


class SimulationCancel(_SimulationView):
    @extend_schema(
        operation_id="simulations_cancel",
        summary="Cancel a running simulation: its chunks not yet played never start",
        request=None,
        responses={200: SIMULATION, **errors(401, 403, 404, 409)},
    )
    def post(self, request, simulation_id):
        if not simulations.cancel(self.run):
            self.run.refresh_from_db()
            raise ApiError(409, "not_running", f"the simulation is {self.run.status}")
        self.run.refresh_from_db()
        return Response(describe(self.run))


class SimulationRunGame(_SimulationView):
    @extend_schema(
        operation_id="simulations_open_run",
        summary="Play run n of a simulation again as a full game (a branch of the game at the "
        "simulation's seq, or a new game of the scenario), with the run's seed and the bots' "
        "commands, for the replay; its seat and observer tokens are shown only here",
        request=None,
        responses={201: GAME_CREATED, **errors(401, 403, 404, 422)},
    )
    def post(self, request, simulation_id, index):
        run = self.run
        principal = request.user
        owner = principal.user if principal.kind == FACILITATOR else None
        if owner is None and run.game_id is not None:
            owner = Game.objects.filter(pk=run.game_id).values_list("created_by", flat=True)[0]
        try:
            with transaction.atomic():
                game = simulations.recreate(run, index, created_by=owner)
                created = game_created(request, game, roles_of(game))
        except simulations.SimulationError as exc:
            raise ApiError(422, "invalid_simulation", str(exc)) from None
        return Response(created, status=status.HTTP_201_CREATED)
