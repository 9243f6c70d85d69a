"""Idempotency keys are scoped to the caller and the game, and bound to the command they came
with (docs/protocol.md)."""

from __future__ import annotations

import pytest

from tests.api.playbook import Playbook
from wargame.games.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders_game(game):
    book = Playbook(game)
    book.send("control", {"type": "start_game"})
    book.advance_to("orders")
    return game


def test_a_key_another_seat_used_is_an_independent_command(orders_game):
    game = orders_game
    first = game.seats["washington"].command(
        game.id, {"type": "lock_orders"}, HTTP_IDEMPOTENCY_KEY="lock-1"
    )
    assert first.status_code == 201, first.content
    second = game.seats["moscow"].command(
        game.id, {"type": "lock_orders"}, HTTP_IDEMPOTENCY_KEY="lock-1"
    )
    assert second.status_code == 201, second.content
    assert "Idempotent-Replayed" not in second
    assert second.json()["seq"] > first.json()["seq"]
    pending = game.control.get(f"/api/games/{game.id}/state/").json()["view"]["pending"]
    assert "moscow" not in pending["unlocked"] and "washington" not in pending["unlocked"]


def test_the_same_seat_retrying_its_key_gets_the_first_result(orders_game):
    game = orders_game
    first = game.seats["moscow"].command(
        game.id, {"type": "lock_orders"}, HTTP_IDEMPOTENCY_KEY="lock-2"
    )
    again = game.seats["moscow"].command(
        game.id, {"type": "lock_orders"}, HTTP_IDEMPOTENCY_KEY="lock-2"
    )
    assert first.status_code == again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()


def test_a_key_reused_with_another_body_is_refused(game):
    first = game.control.command(
        game.id, {"type": "add_note", "text": "first"}, HTTP_IDEMPOTENCY_KEY="note-1"
    )
    assert first.status_code == 201
    before = Event.objects.filter(game_id=game.id).count()
    reused = game.control.command(
        game.id, {"type": "add_note", "text": "second"}, HTTP_IDEMPOTENCY_KEY="note-1"
    )
    assert reused.status_code == 422, reused.content
    assert reused.json()["error"]["code"] == "idempotency_key_reused"
    assert Event.objects.filter(game_id=game.id).count() == before


def test_the_observer_and_control_do_not_share_keys(game):
    by_control = game.control.command(
        game.id, {"type": "add_note", "text": "control's"}, HTTP_IDEMPOTENCY_KEY="n"
    )
    by_observer = game.observer.command(
        game.id, {"type": "add_note", "text": "observer's"}, HTTP_IDEMPOTENCY_KEY="n"
    )
    assert by_control.status_code == by_observer.status_code == 201
    assert "Idempotent-Replayed" not in by_observer
    assert by_observer.json()["seq"] == by_control.json()["seq"] + 1


def test_a_keyed_command_with_text_that_is_not_unicode_is_a_400(game):
    """A lone surrogate is valid JSON but no Unicode text: the engine refuses it, and the key's
    bookkeeping must not turn that into a 500 first."""
    response = game.control.post(
        f"/api/games/{game.id}/commands/",
        '{"type": "add_note", "text": "\\ud800"}',
        HTTP_IDEMPOTENCY_KEY="note-surrogate",
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_command"
