"""Every error status of the contract, each with the one error body and never a 500."""

from __future__ import annotations

import json

import pytest

from tests.players import Caller

pytestmark = pytest.mark.django_db


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["code"] and body["error"]["message"]
    return body["error"]


def test_malformed_json_is_400(game):
    response = game.control.request("post", f"/api/games/{game.id}/commands/", "{not json")
    assert response.status_code == 400
    error_of(response)


@pytest.mark.parametrize("body", [[], "text", 5, None])
def test_a_body_that_is_not_an_object_is_400(game, body):
    response = game.control.request("post", f"/api/games/{game.id}/commands/", json.dumps(body))
    assert response.status_code == 400
    error_of(response)


@pytest.mark.parametrize(
    "command",
    [
        {},
        {"type": 7},
        {"type": "no_such_command"},
        {"type": "add_note", "text": ["not", "text"]},
        {"type": "add_note", "text": "x", "expected_seq": "three"},
        {"type": "add_note", "text": "x", "expected_seq": -1},
        # PostgreSQL stores no NUL character: refused with a reason on every database.
        {"type": "add_note", "text": "before\u0000after"},
        {"type": "add_note", "text": "x", "display_name": "Li\u0000Wei"},
    ],
)
def test_invalid_fields_are_400_with_a_reason(game, command):
    response = game.control.command(game.id, command)
    assert response.status_code == 400, response.content
    error_of(response)


def test_no_token_is_401(game):
    response = Caller(None).get(f"/api/games/{game.id}/state/")
    assert response.status_code == 401
    assert error_of(response)["code"] == "not_authenticated"


def test_unknown_token_is_401(game):
    response = Caller("seat_forged").get(f"/api/games/{game.id}/state/")
    assert response.status_code == 401


def test_another_scheme_is_401(game):
    response = Caller(None).get(f"/api/games/{game.id}/state/", HTTP_AUTHORIZATION="Basic eDp5")
    assert response.status_code == 401


def test_a_seat_issuing_a_control_command_is_403(game):
    response = game.seats["beijing"].command(game.id, {"type": "start_game"})
    assert response.status_code == 403
    error_of(response)


def test_a_token_of_another_game_is_403(game, other_game):
    response = other_game.seats["beijing"].get(f"/api/games/{game.id}/state/")
    assert response.status_code == 403


@pytest.mark.parametrize("game_id", ["4f1c2a3b-0000-4000-8000-00000000dead", "not-a-uuid"])
def test_no_such_game_is_404(facilitator, game_id):
    response = facilitator.get(f"/api/games/{game_id}/")
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_stale_expected_seq_is_409_with_the_current_seq(game):
    response = game.control.command(game.id, {"type": "start_game", "expected_seq": 0})
    assert response.status_code == 409
    error = error_of(response)
    current = game.control.get(f"/api/games/{game.id}/").json()["seq"]
    assert error["current_seq"] == current and str(current) in error["message"]


def test_matching_expected_seq_is_accepted(game):
    current = game.control.get(f"/api/games/{game.id}/").json()["seq"]
    response = game.control.command(game.id, {"type": "start_game", "expected_seq": current})
    assert response.status_code == 201, response.content
    assert response.json()["seq"] > current


def test_a_body_over_64_kib_is_413(game):
    response = game.control.command(game.id, {"type": "add_note", "text": "x" * 70_000})
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"


def test_a_rule_forbidding_the_command_now_is_422(game):
    # Orders cannot be locked before the game has started.
    response = game.seats["beijing"].command(game.id, {"type": "lock_orders"})
    assert response.status_code == 422
    error_of(response)


def test_too_many_requests_is_429(game, settings):
    from django.core.cache import cache

    cache.clear()
    settings.WARGAME_THROTTLE_RATE = "3/min"
    codes = [game.observer.get(f"/api/games/{game.id}/").status_code for _ in range(5)]
    cache.clear()
    assert codes == [200, 200, 200, 429, 429]


def test_a_throttled_caller_gets_one_more_request_each_period_over_the_rate(
    game, settings, monkeypatch
):
    """3/min: three at once, then one every 20 s, and Retry-After says when."""
    from django.core.cache import cache

    from wargame.games.throttling import TokenRateThrottle

    clock = [1000.0]
    monkeypatch.setattr(TokenRateThrottle, "timer", lambda self: clock[0])
    cache.clear()
    settings.WARGAME_THROTTLE_RATE = "3/min"
    path = f"/api/games/{game.id}/"
    try:
        assert [game.observer.get(path).status_code for _ in range(3)] == [200, 200, 200]
        refused = game.observer.get(path)
        assert refused.status_code == 429
        assert refused["Retry-After"] == "20"
        clock[0] += 19
        assert game.observer.get(path).status_code == 429
        clock[0] += 1
        assert game.observer.get(path).status_code == 200
        assert game.observer.get(path).status_code == 429
        clock[0] += 60  # a quiet minute: the whole allowance again
        assert [game.observer.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    finally:
        cache.clear()


def test_idempotency_key_returns_the_first_result(game):
    first = game.control.command(
        game.id, {"type": "add_note", "text": "once"}, HTTP_IDEMPOTENCY_KEY="k1"
    )
    again = game.control.command(
        game.id, {"type": "add_note", "text": "once"}, HTTP_IDEMPOTENCY_KEY="k1"
    )
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert again["Idempotent-Replayed"] == "true"
    assert game.control.get(f"/api/games/{game.id}/").json()["seq"] == first.json()["seq"]


def test_a_database_that_stays_busy_is_503_and_appends_nothing(game, committed_db):
    """Another writer holds SQLite's write lock past the busy timeout: the command gets a 503
    telling the client to try again, not a 500, and the log is as it was."""
    import sqlite3

    from django.db import connection

    before = game.control.get(f"/api/games/{game.id}/").json()["seq"]
    connection.ensure_connection()
    connection.connection.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        response = game.control.command(game.id, {"type": "add_note", "text": "blocked"})
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert response.status_code == 503, response.content
    assert error_of(response)["code"] == "unavailable"
    assert response["Retry-After"] == "1"
    assert game.control.get(f"/api/games/{game.id}/").json()["seq"] == before
    again = game.control.command(game.id, {"type": "add_note", "text": "blocked"})
    assert again.status_code == 201


def test_a_facilitator_with_a_long_user_name_can_create_and_run_a_game(loaded_scenarios):
    """Django allows user names of 150 characters; events record the first 120."""
    from tests.players import create_game
    from wargame.games.models import Event
    from wargame.games.tokens import issue_facilitator_token

    long_name = "f" * 150
    _, token, _ = issue_facilitator_token(username=long_name)
    game = create_game(Caller(token))
    response = game.control.command(game.id, {"type": "add_note", "text": "from a long name"})
    assert response.status_code == 201, response.content
    names = set(Event.objects.filter(game_id=game.id).values_list("actor_name", flat=True))
    assert names == {long_name[:120]}


DEEP = "[" * 1100 + "]" * 1100


@pytest.mark.parametrize("depth", [65, 1100, 20_000])
def test_a_deeply_nested_command_is_400_not_a_server_error(game, depth):
    body = '{"type": "add_note", "text": ' + "[" * depth + "]" * depth + "}"
    response = game.control.request("post", f"/api/games/{game.id}/commands/", body)
    assert response.status_code in (400, 413), response.content
    if response.status_code == 400:
        assert "nested" in error_of(response)["message"]


def test_a_deeply_nested_game_creation_is_400(facilitator):
    body = '{"scenario": "tutorial", "title": ' + DEEP[:2000] + DEEP[-2000:] + "}"
    response = facilitator.request("post", "/api/games/", body)
    assert response.status_code == 400, response.content
    assert "nested" in error_of(response)["message"]


def test_nesting_within_the_bound_and_brackets_in_text_are_fine(game):
    text = "[" * 500 + "{"  # brackets inside a string are text, not nesting
    response = game.control.command(game.id, {"type": "add_note", "text": text})
    assert response.status_code == 201, response.content
    shallow = '{"type": "add_note", "text": "x", "extra": ' + "[" * 60 + "]" * 60 + "}"
    response = game.control.request("post", f"/api/games/{game.id}/commands/", shallow)
    assert response.status_code != 500 and "nested" not in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/api/nothing/", "/api/games/x/y/z/", "/api/games/00000000-0000-0000-0000-000000000000/nope/"],
)
def test_an_unknown_path_under_api_is_the_json_404(game, path):
    response = game.control.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert error_of(response)["code"] == "not_found"


def test_a_method_not_allowed_is_the_json_405(game):
    response = game.control.request("delete", f"/api/games/{game.id}/state/")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


# The NUL cases run again on PostgreSQL (which stores no NUL) with the store tests.
@pytest.mark.store
@pytest.mark.parametrize("endpoint", ["state", "events", "report", "indicators"])
@pytest.mark.parametrize("role", ["a\u0000b", "\u0000", "moscow\u0000"])
def test_a_nul_in_as_is_a_clean_refusal(game, endpoint, role):
    from urllib.parse import quote

    response = game.control.get(f"/api/games/{game.id}/{endpoint}/?as={quote(role)}")
    assert response.status_code == 404, response.content  # no role of the game
    assert error_of(response)["code"] == "not_found"


@pytest.mark.store
def test_a_nul_in_a_seat_path_is_a_404(game):
    response = game.control.post(f"/api/games/{game.id}/seats/mos%00cow/token/")
    assert response.status_code == 404, response.content
    assert error_of(response)["code"] == "not_found"
