"""Changes built from what is new equal the diff of the whole views, over whole games.

Each shipped scenario is played through by the engine's full-game script (every phase and every
kind of command, the record opened at the end); its log is then fed to the projections seq by
seq, or a few seqs at a time as a command's batch is, with every role's view built at each
step. The change each step gets, built by a builder from the new journal entries and the
state's parts that moved, must be exactly the diff of the role's two whole views, with the
digest of the newer view, and the view's bytes those of the whole view.
"""

from __future__ import annotations

import random
import uuid

import orjson
import pytest

from tests.engine.harness import SCENARIOS
from tests.engine.test_full_game import Script
from wargame import engine
from wargame.games import caches, projections, view_changes


@pytest.fixture
def fresh_caches():
    caches.clear()
    yield
    caches.clear()


def played(path) -> list[dict]:
    return Script(engine.load_scenario_file(path), 918_273_645_501).play().events


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_each_change_is_the_diff_of_the_whole_views(path, fresh_caches):
    events = played(path)
    roles = [engine.CONTROL, engine.OBSERVER, *engine.fold(None, events[:1])["scenario"]["roles"]]
    game_id = str(uuid.uuid4())
    strides = random.Random(path.stem)
    state: dict | None = None
    journal: engine.Journal = []
    before: dict[str, dict] = {}
    lists: dict[str, set[int]] = {role: set() for role in roles}
    steps = 0
    done = 0
    while done < len(events):
        batch = events[done : done + strides.choice([1, 1, 1, 2, 3])]
        done += len(batch)
        # A new state object per step, as the service publishes one per command.
        state = engine.fold(state, batch, journal=journal)
        assert state is not None
        for role in roles:
            shown = engine.view(state, role, journal)
            built = projections.view_of(game_id, state, role, journal)
            assert built.seq == state["seq"]
            assert built.encoded == engine.canonical_json(shown), (role, state["seq"])
            assert built.size == len(built.encoded)
            assert built.digest == view_changes.digest(shown), (role, state["seq"])
            if role in before:
                assert built.change is not None, (role, state["seq"])
                frame = orjson.loads(built.change.frame)
                # The older view as a page holds it: decoded from its canonical JSON.
                older = orjson.loads(engine.canonical_json(before[role]))
                expected = view_changes.diff(older, shown)
                assert frame["ops"] == orjson.loads(engine.canonical_json(expected)), (
                    role,
                    state["seq"],
                )
                assert frame["base"] == before[role]["seq"] and frame["seq"] == state["seq"]
                assert frame["digest"] == built.digest
            before[role] = shown
            lists[role].add(id(caches.builders.get((game_id, role)).lists))
        steps += 1
    assert steps > 40 and state is not None and state["record_open"]
    # Built from what was new at every step: one builder per role from the start, and one more
    # for a team once the record opened (it then sees the whole journal).
    assert {role: len(held) for role, held in lists.items()} == {
        role: 1 if role == engine.CONTROL else 2 for role in roles
    }


def test_a_view_of_the_past_is_whole_and_leaves_the_builder_where_it_was(fresh_caches):
    events = played(SCENARIOS[0])
    game_id = str(uuid.uuid4())
    journal: engine.Journal = []
    middle = engine.fold(None, events[:40], journal=journal)
    later = engine.fold(middle, events[40:60], journal=journal)
    head = projections.view_of(game_id, later, "moscow", journal)
    past = projections.view_of(game_id, middle, "moscow", journal)
    assert past.change is None and past.seq == 40
    assert past.view == engine.view(middle, "moscow", journal)
    assert caches.builders.get((game_id, "moscow")).seq == head.seq == 60
    newest = engine.fold(later, events[60:61], journal=journal)
    step = projections.view_of(game_id, newest, "moscow", journal)
    assert step.change is not None and step.change.base == 60
