"""The canonical JSON that every hash covers: fast path and reference give the same bytes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from wargame.engine.codec import canonical_json, reference_canonical_json

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
