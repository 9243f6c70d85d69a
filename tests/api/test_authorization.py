"""The authorization matrix: every endpoint against every kind of caller."""

from __future__ import annotations

import pytest

from tests.players import Caller

pytestmark = pytest.mark.django_db

CALLERS = [
    "nobody",
    "other_seat",
    "other_facilitator",
    "beijing",
    "moscow",
    "pyongyang",
    "washington",
    "observer",
    "facilitator",
]
SEATS = {"beijing", "moscow", "pyongyang", "washington"}


def expected(endpoint: str, caller: str) -> int:
    if caller == "nobody":
        return 200 if endpoint == "scenarios" else 401
    if endpoint == "scenarios":
        return 200
    if endpoint in {"list_games", "create_game"}:
        if caller in {"facilitator", "other_facilitator"}:
            return 201 if endpoint == "create_game" else 200
        return 403
    if caller in {"other_seat", "other_facilitator"}:
        return 403
    if endpoint in {"detail", "state", "events", "initiative", "dataset"}:
        return 200
    if endpoint == "export":  # the facilitator's, once the game has ended (this one has not)
        return 422 if caller == "facilitator" else 403
    if endpoint == "presence":
        return 200 if caller == "facilitator" else 403
    if endpoint in {"control_command", "reissue"}:
        return 201 if caller == "facilitator" else 403
    if endpoint == "note":
        return 201 if caller in {"facilitator", "observer"} else 403
    raise AssertionError(endpoint)


def call(endpoint: str, caller: Caller, game_id: str):
    base = f"/api/games/{game_id}"
    return {
        "scenarios": lambda: caller.get("/api/scenarios/"),
        "list_games": lambda: caller.get("/api/games/"),
        "create_game": lambda: caller.post("/api/games/", {"scenario": "tutorial", "title": "t"}),
        "detail": lambda: caller.get(f"{base}/"),
        "state": lambda: caller.get(f"{base}/state/"),
        "events": lambda: caller.get(f"{base}/events/"),
        "initiative": lambda: caller.get(f"{base}/initiative/"),
        "dataset": lambda: caller.get(f"{base}/dataset/"),
        "export": lambda: caller.get(f"{base}/export/"),
        "control_command": lambda: caller.command(game_id, {"type": "pause"}),
        "note": lambda: caller.command(game_id, {"type": "add_note", "text": "a note"}),
        "reissue": lambda: caller.post(f"{base}/seats/observer/token/"),
        "presence": lambda: caller.get(f"{base}/presence/"),
    }[endpoint]()


ENDPOINTS = [
    "scenarios",
    "list_games",
    "create_game",
    "detail",
    "state",
    "events",
    "initiative",
    "dataset",
    "export",
    "control_command",
    "note",
    "reissue",
    "presence",
]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_authorization_matrix(endpoint, game, other_game):
    callers = {
        "nobody": Caller(None),
        "other_seat": other_game.seats["beijing"],
        "other_facilitator": other_game.control,
        **game.seats,
        "observer": game.observer,
        "facilitator": game.control,
    }
    if endpoint == "control_command":
        assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    seen = {name: call(endpoint, callers[name], game.id).status_code for name in CALLERS}
    assert seen == {name: expected(endpoint, name) for name in CALLERS}
