"""A command is decided on the newest state the process holds, without reading the log; a state
another writer has moved past is never what a command is accepted or refused on."""

from __future__ import annotations

import pytest

from tests.games.helpers import CONTROL, tutorial_game
from wargame.games import caches, rebuild, service, store

pytestmark = pytest.mark.django_db


@pytest.fixture
def behind(loaded_scenarios):
    """A running game whose process holds the state from before another writer started it."""
    game = tutorial_game()
    before = rebuild.load_state(game.id, private=True)
    service.execute(game=game, command={"type": "start_game"}, actor=CONTROL)
    caches.latest_states.put(game.id, before)
    assert caches.latest_states.get(game.id)["status"] == "setup"
    return game


def test_a_command_refused_on_a_state_held_behind_the_log_is_decided_again(behind):
    # On the held state (setup) a deadline is refused: the game is not running. It is.
    result = service.execute(
        game=behind, command={"type": "set_deadline", "minutes": 30}, actor=CONTROL
    )
    assert result.events[-1]["type"] == "deadline_set"
    assert result.seq == store.head_seq(behind.id)


def test_a_command_accepted_on_a_state_held_behind_the_log_is_decided_again(behind):
    head = store.head_seq(behind.id)
    result = service.execute(game=behind, command={"type": "add_note", "text": "x"}, actor=CONTROL)
    assert result.seq == head + 1
    assert [e["seq"] for e in store.read_events(game_id=behind.id)] == list(range(1, head + 2))


def test_a_refusal_on_the_current_state_stands(behind):
    service.execute(game=behind, command={"type": "add_note", "text": "x"}, actor=CONTROL)
    with pytest.raises(service.CommandRejected):
        service.execute(game=behind, command={"type": "start_game"}, actor=CONTROL)
