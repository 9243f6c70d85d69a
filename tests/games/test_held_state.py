"""A command is decided on the newest state the process holds, without reading the log; a state
another writer has moved past is never what a command is accepted or refused on."""

from __future__ import annotations

import pytest

from tests.engine.harness import SCENARIOS
from tests.engine.test_full_game import Script
from tests.games.helpers import CONTROL, tutorial_game
from wargame import engine
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


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_no_event_changes_a_states_scenario(path):
    """A command's own copy of the held state shares the scenario with it (service._own_copy):
    over a whole game of every kind of command, no event may change the scenario in place."""
    events = Script(engine.load_scenario_file(path), 918_273_645_501).play().events
    state = engine.fold(None, events[:1])
    scenario = state["scenario"]
    created = engine.canonical_json(scenario)
    for event in events[1:]:
        state = engine.fold(state, [event], copy=False)
        assert state["scenario"] is scenario, event["type"]
        assert engine.canonical_json(scenario) == created, event["type"]


def test_a_command_shares_the_scenario_and_leaves_the_held_state_as_it_was(
    loaded_scenarios, django_capture_on_commit_callbacks
):
    game = tutorial_game()
    held = rebuild.load_state(game.id)
    before = engine.canonical_json(held)
    with django_capture_on_commit_callbacks(execute=True):
        service.execute(game=game, command={"type": "start_game"}, actor=CONTROL)
    after = caches.latest_states.get(game.id)
    assert after is not held and after["status"] == "running"
    assert after["scenario"] is held["scenario"]
    assert engine.canonical_json(held) == before  # the held state itself did not move
