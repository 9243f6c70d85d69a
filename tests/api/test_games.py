"""Creating games, handing out seats, listing and reading them."""

from __future__ import annotations

import pytest

from tests.players import SEATS, Caller, create_game

pytestmark = pytest.mark.django_db


def test_scenarios_are_listed_for_anyone(loaded_scenarios):
    response = Caller(None).get("/api/scenarios/")
    assert response.status_code == 200
    assert response.json()[0]["slug"] == "tutorial"  # the shortest first, for a first game
    by_slug = {s["slug"]: s for s in response.json()}
    tutorial = by_slug["tutorial"]
    assert sorted(tutorial["roles"]) == SEATS
    assert tutorial["turns"] == 2 and tutorial["title"] and tutorial["summary"]


def test_creating_a_game_hands_out_one_token_per_seat_and_an_observer_token(game):
    body = game.created
    assert body["scenario"] == "tutorial" and body["title"] == "API game"
    assert sorted(seat["role"] for seat in body["seats"]) == SEATS
    tokens = [seat["token"] for seat in body["seats"]] + [body["observer"]["token"]]
    assert len(set(tokens)) == 5
    for seat in body["seats"]:
        assert seat["join_url"] == f"http://testserver/play/{game.id}/#token={seat['token']}"
    observer = body["observer"]
    assert observer["join_url"] == f"http://testserver/plenary/{game.id}/#token={observer['token']}"


def test_join_links_use_the_public_address_when_one_is_set(facilitator, settings):
    settings.WARGAME_PUBLIC_URL = "https://wargame.example.org/"
    body = create_game(facilitator).created
    for entry in [*body["seats"], body["observer"]]:
        assert entry["join_url"].startswith("https://wargame.example.org/")


def test_the_facilitator_lists_only_their_own_games(facilitator, game, other_game):
    response = facilitator.get("/api/games/")
    assert response.status_code == 200
    assert [g["id"] for g in response.json()] == [game.id]


def test_every_token_of_the_game_reads_it_and_only_control_gets_the_state_hash(game):
    for caller in [*game.seats.values(), game.observer]:
        body = caller.get(f"/api/games/{game.id}/").json()
        assert body["id"] == game.id and body["status"] == "setup"
        assert "state_hash" not in body
    body = game.control.get(f"/api/games/{game.id}/").json()
    assert len(body["state_hash"]) == 64 and body["seq"] >= 1


def test_reissuing_a_seat_token_revokes_the_old_one(game):
    old = game.seats["moscow"]
    response = game.control.post(f"/api/games/{game.id}/seats/moscow/token/")
    assert response.status_code == 201
    new = Caller(response.json()["token"])
    assert old.get(f"/api/games/{game.id}/").status_code == 401
    assert new.get(f"/api/games/{game.id}/").json()["id"] == game.id


def test_a_seat_cannot_reissue_tokens(game):
    response = game.seats["moscow"].post(f"/api/games/{game.id}/seats/beijing/token/")
    assert response.status_code == 403


def test_unknown_scenario_is_a_clear_400(facilitator):
    response = facilitator.post("/api/games/", {"scenario": "atlantis", "title": "x"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_scenario"


def test_two_games_do_not_share_tokens(facilitator):
    first, second = create_game(facilitator, "one"), create_game(facilitator, "two")
    assert first.seats["beijing"].token != second.seats["beijing"].token
