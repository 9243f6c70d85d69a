"""Players for tests: API callers holding tokens, a facilitator, created games (fixtures)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.cookies import SimpleCookie

import pytest
from rest_framework.test import APIClient

from wargame.games.tokens import issue_facilitator_token

SEATS = ["beijing", "moscow", "pyongyang", "washington"]


@dataclass
class Caller:
    """An API client holding one bearer token.

    Its test client is kept, so that Django builds the middleware chain once per caller rather
    than once per request (WhiteNoise's, which lists every static file, is most of a small
    request's time); its cookies are dropped before each request, so nothing but the token
    carries from one request to the next."""

    token: str | None
    client: APIClient = field(default_factory=APIClient, repr=False, compare=False)

    def request(self, method: str, path: str, body=None, **headers):
        client = self.client
        client.cookies = SimpleCookie()
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
