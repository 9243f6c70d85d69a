"""Players for tests: API callers holding tokens, a facilitator, created games (fixtures)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from rest_framework.test import APIClient

from wargame.games.tokens import issue_facilitator_token

SEATS = ["beijing", "moscow", "pyongyang", "washington"]


@dataclass
class Caller:
    """An API client holding one bearer token."""

    token: str | None

    def request(self, method: str, path: str, body=None, **headers):
        client = APIClient()
        if self.token:
            headers["HTTP_AUTHORIZATION"] = f"Bearer {self.token}"
        payload = json.dumps(body) if body is not None and not isinstance(body, str) else body
        return getattr(client, method)(
            path, data=payload, content_type="application/json", **headers
        )

    def get(self, path: str, **headers):
        return self.request("get", path, **headers)

    def post(self, path: str, body=None, **headers):
        return self.request("post", path, body if body is not None else {}, **headers)

    def command(self, game_id: str, body: dict, **headers):
        return self.post(f"/api/games/{game_id}/commands/", body, **headers)


@dataclass
class GameHandle:
    id: str
    control: Caller
    seats: dict[str, Caller]
    observer: Caller
    created: dict


@pytest.fixture
def facilitator(loaded_scenarios) -> Caller:
    _, token, _ = issue_facilitator_token(username="alice")
    return Caller(token)


def create_game(
    facilitator: Caller,
    title: str = "API game",
    scenario: str = "tutorial",
    clock: list[dict] | None = None,
) -> GameHandle:
    body = {"scenario": scenario, "title": title}
    if clock is not None:
        body["clock"] = clock  # the game's clock settings (set_clock's phases)
    response = facilitator.post("/api/games/", body)
    assert response.status_code == 201, response.content
    body = response.json()
    return GameHandle(
        id=body["id"],
        control=facilitator,
        seats={seat["role"]: Caller(seat["token"]) for seat in body["seats"]},
        observer=Caller(body["observer"]["token"]),
        created=body,
    )


@pytest.fixture
def game(facilitator) -> GameHandle:
    return create_game(facilitator)


@pytest.fixture
def other_game(loaded_scenarios) -> GameHandle:
    _, token, _ = issue_facilitator_token(username="bob")
    return create_game(Caller(token), "Bob's game")


@pytest.fixture
def running_game(committed_db) -> GameHandle:
    """A tutorial game, started, whose writes really commit (for workers and other processes)."""
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    game = create_game(Caller(token), "Deadlines")
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    return game


def iso(moment: datetime) -> str:
    """An instant as the engine writes deadlines: UTC, milliseconds, a Z."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
