"""What a simulation shows, and to whom: the one body the API answers with and the socket of
its progress pushes (``live/simulation_progress.py``), and the rule of who may see it.

A simulation of a game is for its White Cell, or for anyone with the game once its record is
open (the results show every indicator, hidden ones included, so the record must be open). A
simulation of a scenario (from the command line) is for facilitators.
"""

from __future__ import annotations

import uuid
from typing import Any

from wargame.games import simulations
from wargame.games.access import CONTROL, FACILITATOR, FORBIDDEN, AccessDenied, role_in_game
from wargame.games.models import Game, SimulationRun
from wargame.games.selectors import game_by_id


class NoSuchSimulation(LookupError):
    """No simulation with that id that the caller may know of."""


def may_simulate(principal: Any, game: Game) -> None:
    """The White Cell, or anyone with the game once its record is open; else AccessDenied."""
    role = role_in_game(principal, game)
    if role != CONTROL and not game.replay_open:
        raise AccessDenied(
            FORBIDDEN, "only the White Cell may simulate a game before its record is open"
        )


def readable_simulation(principal: Any, simulation_id: object) -> SimulationRun:
    """The simulation ``simulation_id`` if ``principal`` may see it. NoSuchSimulation for an id
    that is none (or a scenario's simulation asked for by a token of a game); AccessDenied
    (from the game's rules) for a game's simulation the caller may not see."""
    try:
        key = uuid.UUID(str(simulation_id))
    except ValueError:
        raise NoSuchSimulation from None
    run = SimulationRun.objects.filter(pk=key).first()
    if run is None:
        raise NoSuchSimulation
    if run.game_id is None:
        if getattr(principal, "kind", None) != FACILITATOR:
            raise NoSuchSimulation
        return run
    game = game_by_id(str(run.game_id))
    if game is None:
        raise NoSuchSimulation
    may_simulate(principal, game)
    return run


def describe(run: SimulationRun) -> dict[str, Any]:
    """A simulation as the API and the progress socket show it (docs/protocol.md)."""
    try:
        combos = simulations.pairings(simulations.scenario_of(run), run.doctrines)
    except simulations.SimulationError:
        combos = []  # the scenario is gone or no longer has the doctrines
    return {
        "id": str(run.id),
        "game": str(run.game_id) if run.game_id else None,
        "scenario": run.scenario,
        "from_seq": run.from_seq,
        "runs": run.runs,
        "seed": run.seed,
        "doctrines": run.doctrines,
        "pairings": combos,
        "status": run.status,
        "progress": simulations.progress_of(run),
        "created_at": run.created_at.isoformat(),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "error": run.error,
        "results": run.results,
    }
