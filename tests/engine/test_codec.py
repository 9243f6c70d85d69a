"""The canonical JSON that every hash covers: fast path and reference give the same bytes."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.engine import create_game, decide, fold, load_scenario_file
from wargame.engine.codec import canonical_json, reference_canonical_json, state_hash

ROOT = Path(__file__).resolve().parents[2]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**64 - 1)
    | st.text(alphabet=st.characters(exclude_categories=["Cs"])),
    lambda children: (
        st.lists(children, max_size=5)
        | st.dictionaries(
            st.text(alphabet=st.characters(exclude_categories=["Cs"])), children, max_size=5
        )
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_canonical_json_is_the_reference_form(value):
    assert canonical_json(value) == reference_canonical_json(value)


def test_values_orjson_refuses_still_get_the_reference_form():
    for value in ({"big": 2**70}, {1: "int key"}):
        assert canonical_json(value) == reference_canonical_json(value)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text(alphabet=st.characters(exclude_categories=["Cs"])), json_values),
    st.dictionaries(st.text(alphabet=st.characters(exclude_categories=["Cs"])), json_values),
)
def test_a_state_hash_covers_the_canonical_bytes_of_the_whole_state(state, scenario):
    """The scenario's bytes are kept and the rest written around them: the same digest as the
    whole state's canonical JSON, whatever keys come before or after "scenario"."""
    state = {**state, "scenario": scenario}
    expected = hashlib.sha256(reference_canonical_json(state)).hexdigest()
    assert state_hash(state) == expected
    assert state_hash(state) == expected  # with the scenario's bytes kept


def test_the_states_of_a_played_game_hash_as_their_canonical_bytes():
    scenario = load_scenario_file(ROOT / "scenarios" / "triangle-2024.yaml")
    actor = {"role": "control", "name": "t"}
    now = "2026-01-01T00:00:00Z"
    drafts = create_game(scenario, title="hashes", seed=7, actor=actor, now=now)
    state = fold(None, [{**draft, "seq": n + 1} for n, draft in enumerate(drafts)])
    seats = ["beijing", "moscow", "pyongyang", "washington"]
    commands = [("control", {"type": "start_game"})] + [
        (seat, {"type": "send_message", "to": [s for s in seats if s != seat], "text": seat})
        for seat in seats
    ]
    for role, command in commands:
        events = decide(state, command, actor={"role": role, "name": role}, now=now)
        assert isinstance(events, list), events
        numbered = [{**e, "seq": state["seq"] + 1 + n} for n, e in enumerate(events)]
        state = fold(state, numbered)
        assert state_hash(state) == hashlib.sha256(canonical_json(state)).hexdigest()
    # Another scenario object, equal or not, is hashed from its own bytes.
    changed = {**state, "scenario": {**state["scenario"], "title": "Another title"}}
    assert state_hash(changed) == hashlib.sha256(canonical_json(changed)).hexdigest()
    assert state_hash(changed) != state_hash(state)
    assert (
        state_hash({**state, "extra": 2**70})
        == hashlib.sha256(reference_canonical_json({**state, "extra": 2**70})).hexdigest()
    )
