"""Snapshots are caches: a rebuild from any snapshot plus the tail equals folding everything."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.games.helpers import CONTROL, tutorial_game
from wargame import engine
from wargame.games import rebuild, service, store
from wargame.games.models import Snapshot

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def play_a_little(game) -> None:
    """A realistic mix of events: phases, messages, moves, locks, notes."""

    def run(role: str, **command) -> None:
        service.execute(game=game, command=command, actor={"role": role, "name": None})

    run("control", type="start_game")
    run("control", type="add_note", text="opening")
    while rebuild.load_state(game.id)["phase"] != "orders":
        state = rebuild.load_state(game.id)
        if state["phase"] in state["scenario"]["messaging_phases"]:
            run("moscow", type="send_message", to=["pyongyang"], text="a word in private")
            run("beijing", type="send_message", to=["moscow", "washington"], text="three-way")
        run("control", type="advance_phase")
    scenario = rebuild.load_state(game.id)["scenario"]
    for seat in ("beijing", "moscow", "washington"):
        action = scenario["seats"][seat]["actions"][0]
        run(
            seat,
            type="submit_move",
            action=action["id"],
            targets=action["targets"][:1],
            visibility="public",
            rationale=f"{seat} reasons",
        )
        run(seat, type="lock_orders")
    run("control", type="advance_phase", force=True)
    run("control", type="add_note", text="closing")


@pytest.fixture
def events(loaded_scenarios):
    game = tutorial_game("Snapshots")
    play_a_little(game)
    return game, store.read_events(game_id=game.id)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_rebuild_from_any_snapshot_equals_folding_everything(events, data):
    game, log = events
    target = data.draw(st.integers(min_value=1, max_value=len(log)), label="target seq")
    snapshot_at = data.draw(st.integers(min_value=1, max_value=target), label="snapshot seq")
    Snapshot.objects.filter(game=game).delete()
    rebuild.save_snapshot(game.id, engine.fold(None, log[:snapshot_at]))
    rebuild.latest_states.clear()

    expected = engine.fold(None, log[:target])
    rebuilt = rebuild.load_state(game.id, at_seq=target)
    assert engine.state_hash(rebuilt) == engine.state_hash(expected)
    assert rebuilt == expected
    # The recorded state hash of the target event is the same state.
    assert log[target - 1]["state_hash"] == engine.state_hash(expected)


def test_deleting_every_snapshot_changes_no_result(events):
    game, log = events
    rebuild.save_snapshot(game.id, engine.fold(None, log[: len(log) // 2]))
    rebuild.latest_states.clear()
    with_snapshot = rebuild.load_state(game.id)
    Snapshot.objects.filter(game=game).delete()
    rebuild.latest_states.clear()
    assert rebuild.load_state(game.id) == with_snapshot == engine.fold(None, log)


def test_snapshots_of_another_engine_version_are_ignored(events):
    game, log = events
    Snapshot.objects.create(
        game=game, seq=len(log), engine_version="obsolete", state={"seq": len(log)}, state_hash=""
    )
    rebuild.latest_states.clear()
    assert rebuild.load_state(game.id) == engine.fold(None, log)


def test_the_service_takes_snapshots_every_n_events(loaded_scenarios, settings):
    settings.WARGAME_SNAPSHOT_EVERY = 5
    game = tutorial_game("Every five")
    for n in range(12):
        service.execute(game=game, command={"type": "add_note", "text": f"n{n}"}, actor=CONTROL)
    game.refresh_from_db()
    seqs = sorted(Snapshot.objects.filter(game=game).values_list("seq", flat=True))
    assert seqs == list(range(5, game.seq + 1, 5))
