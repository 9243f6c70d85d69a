"""Changes between views, and the digest: folding a change gives the newer view exactly, and
the pages' implementation (frontend/src/server/changes.ts) agrees on the cases in a shared
fixture."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from wargame.games import view_changes

FIXTURE = Path(__file__).parents[2] / "frontend" / "src" / "server" / "fixtures" / "changes.json"

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=4), children, max_size=5)
    ),
    max_leaves=30,
)


def fixture_cases() -> list[dict]:
    """Views as a page sees them: appended entries, changed fields, removed keys, text in any
    script, numbers of both kinds."""
    before = {
        "seq": 4,
        "game": {"phase": "briefing", "turn": 1, "deadline": None, "paused": False},
        "timeline": [{"id": "t1", "text": "Start"}, {"id": "t2", "text": "Brief"}],
        "messages": [{"id": "m1", "text": "你好, Москва 👋", "to": ["moscow"]}],
        "indicators": {"tension": 2.5, "trade": -3, "Ünïcode": 1e-07, "big": 1e21},
        "moves": [{"id": "a", "status": "submitted"}, {"id": "b", "status": "submitted"}],
        "scores": None,
    }
    after = copy.deepcopy(before)
    after["seq"] = 9
    after["game"]["phase"] = "diplomacy"
    del after["game"]["deadline"]
    after["timeline"].append({"id": "t3", "text": "Talks"})
    after["messages"].insert(0, {"id": "m0", "text": "é\u2028\x00", "to": []})
    after["indicators"]["tension"] = 3.25
    after["moves"][0]["status"] = "adjudicated"
    after["moves"].pop()
    after["scores"] = {"beijing": 4}
    cases = [(before, after), ({}, before), (before, before), ([1, 2, 3], [0, 1, 2, 3, 4])]
    return [
        {
            "before": old,
            "after": new,
            "ops": view_changes.diff(old, new),
            "digest_before": view_changes.digest(old),
            "digest": view_changes.digest(new),
        }
        for old, new in cases
    ]


def test_the_shared_fixture_is_what_this_implementation_computes():
    """``python -m tests.games.test_view_changes`` writes it afresh after a change here."""
    assert json.loads(FIXTURE.read_text()) == json.loads(json.dumps(fixture_cases()))


@given(json_values, json_values)
def test_applying_the_change_gives_the_newer_value(old, new):
    ops = view_changes.diff(copy.deepcopy(old), new)
    folded = view_changes.apply(copy.deepcopy(old), ops)
    assert json.dumps(folded, sort_keys=True) == json.dumps(new, sort_keys=True)
    assert view_changes.digest(folded) == view_changes.digest(new)


@given(json_values)
def test_a_change_carries_only_values_of_the_newer_view(new):
    """Whatever the older view held, every value a change sets or inserts is part of the newer
    one: nothing rides on a change that the full view would not show."""
    old = {"secret": "only-the-old-view", "list": ["only-the-old-view"], "value": new}
    ops = view_changes.diff(old, {"value": new, "list": []})
    assert "only-the-old-view" not in json.dumps([op[2:] for op in ops])


def test_a_change_of_type_inside_a_list_or_an_object_is_a_change():
    """``[False, 0] == [0, False]`` in Python; the pages see ``false`` and ``0``."""
    for old, new in [([False, False, False], [False, False, 0]), ({"a": [1]}, {"a": [1.0]})]:
        folded = view_changes.apply(copy.deepcopy(old), view_changes.diff(old, new))
        assert json.dumps(folded) == json.dumps(new)
        assert view_changes.digest(folded) == view_changes.digest(new)


def test_the_digest_tells_views_apart():
    views = [None, True, False, 0, 1, 1.5, "", "1", [], {}, [None], {"": None}, {"a": 1}, [1]]
    assert len({view_changes.digest(v) for v in views}) == len(views)
    assert view_changes.digest({"a": 1, "b": [2]}) == view_changes.digest({"b": [2], "a": 1})
    assert view_changes.digest(1) == view_changes.digest(1.0)  # as a browser parses them


if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(fixture_cases(), ensure_ascii=False, indent=1) + "\n")
