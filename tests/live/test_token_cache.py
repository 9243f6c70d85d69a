"""Token lookups are cached per process, and a credential that ends stops working at once on
every process: two daphnes on one database, each with the token cached, then the change made
through one of them (or outside both) and the next request to the other refused."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.live.servers import Daphne
from tests.players import Caller, create_game
from wargame.games.access import principal_for_token
from wargame.games.models import FacilitatorToken
from wargame.games.tokens import hash_token, issue_facilitator_token

pytestmark = pytest.mark.live


def status(server: Daphne, path: str, token: str, method: str = "GET") -> int:
    request = urllib.request.Request(
        f"{server.url}{path}", headers={"Authorization": f"Bearer {token}"}, method=method
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def rotate(server: Daphne, game_id: str, control: str, role: str) -> str:
    request = urllib.request.Request(
        f"{server.url}/api/games/{game_id}/seats/{role}/token/",
        headers={"Authorization": f"Bearer {control}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())["token"]


@pytest.fixture
def two_servers(committed_db, subprocess_env, tmp_path):
    from django.core.management import call_command

    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    game = create_game(Caller(token), "Cached")
    with (
        Daphne(subprocess_env, log=tmp_path / "a.log") as first,
        Daphne(subprocess_env, log=tmp_path / "b.log") as second,
    ):
        yield game, first, second


def test_a_rotated_seat_token_stops_at_once_on_the_other_process(two_servers):
    game, first, second = two_servers
    old = game.seats["beijing"].token
    state = f"/api/games/{game.id}/state/"
    for server in (first, second):  # cached on both, and asked twice (the second from cache)
        assert status(server, state, old) == 200
        assert status(server, state, old) == 200

    new = rotate(first, game.id, game.control.token, "beijing")

    assert status(second, state, old) == 401
    assert status(first, state, old) == 401
    assert status(second, state, new) == 200
    assert status(first, state, new) == 200


def test_a_deactivated_facilitator_or_deleted_token_stops_at_once_everywhere(two_servers):
    game, first, second = two_servers
    user, extra, _ = issue_facilitator_token(username="second-chair")
    mine = f"/api/games/{game.id}/"
    for server in (first, second):
        assert status(server, "/api/games/", extra) == 200
        assert status(server, mine, game.control.token) == 200

    # A change made outside both servers (the admin, a management command).
    user.is_active = False
    user.save()
    assert status(second, "/api/games/", extra) == 401
    assert status(first, "/api/games/", extra) == 401

    FacilitatorToken.objects.filter(token_hash=hash_token(game.control.token)).delete()
    assert status(first, mine, game.control.token) == 401
    assert status(second, mine, game.control.token) == 401


def test_a_superuser_demoted_loses_other_games_at_once(two_servers):
    game, first, second = two_servers
    admin, token, _ = issue_facilitator_token(username="chief")
    admin.is_superuser = True
    admin.save()
    mine = f"/api/games/{game.id}/"
    for server in (first, second):
        assert status(server, mine, token) == 200

    admin.is_superuser = False
    admin.save()
    assert status(second, mine, token) == 403
    assert status(first, mine, token) == 403


@pytest.mark.django_db
def test_a_cached_lookup_costs_one_query_by_primary_key(loaded_scenarios):
    _, token, _ = issue_facilitator_token(username="white-cell")
    game = create_game(Caller(token), "Counted")
    seat = game.seats["moscow"].token
    first = principal_for_token(seat)
    with CaptureQueriesContext(connection) as queries:
        again = principal_for_token(seat)
    assert again == first and again.role == "moscow"
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "credentialsgeneration" in queries[0]["sql"].lower()
