"""Hostile imports, generated: any value in any field of any line, any line replaced by any JSON
value or by bytes, through the upload endpoint. The answer is a 201 or a 4xx naming the
line, never a 500 and never a traceback."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from tests.games.helpers import note, tutorial_game
from wargame.games.exports import export_lines
from wargame.games.imports import FIELDS
from wargame.games.models import Game

pytestmark = pytest.mark.django_db

JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@pytest.fixture
def export(facilitator) -> list[str]:
    game = tutorial_game("Fuzzed")
    note(game, "a note")
    return "".join(export_lines(Game.objects.get(pk=game.pk))).splitlines()


def post(facilitator, text: bytes):
    return APIClient().post(
        "/api/games/import/?unverified=true",
        data=text,
        content_type="application/jsonl",
        HTTP_AUTHORIZATION=f"Bearer {facilitator.token}",
    )


def check(response) -> None:
    assert response.status_code in {201, 400, 422}, response.content
    if response.status_code != 201:
        error = response.json()["error"]
        assert error["code"] in {"invalid_log", "origin_not_verified"}
        assert error["message"]


@settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_any_value_in_any_field_is_answered_cleanly(facilitator, export, data):
    index = data.draw(st.integers(min_value=0, max_value=len(export) - 2), label="line")
    event = json.loads(export[index])
    field = data.draw(st.sampled_from([*FIELDS, "actor.role", "actor.name", "data.text"]))
    value = data.draw(JSON_VALUES, label="value")
    if "." in field:
        outer, inner = field.split(".")
        if isinstance(event.get(outer), dict):
            event[outer][inner] = value
    else:
        event[field] = value
    lines = list(export)
    lines[index] = json.dumps(event)
    if data.draw(st.booleans(), label="keep signature"):
        lines = lines[:-1]
    check(post(facilitator, ("\n".join(lines) + "\n").encode()))


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    data=st.data(),
    replacement=st.one_of(
        JSON_VALUES.map(lambda v: json.dumps(v).encode()),
        st.binary(max_size=40),
        st.integers(min_value=1, max_value=3000).map(lambda n: b"[" * n + b"]" * n),
        st.integers(min_value=1, max_value=3000).map(lambda n: b'{"a":' * n + b"1" + b"}" * n),
    ),
)
def test_any_line_replaced_is_answered_cleanly(facilitator, export, data, replacement):
    lines = [line.encode() for line in export]
    index = data.draw(st.integers(min_value=0, max_value=len(lines) - 1), label="line")
    lines[index] = replacement
    check(post(facilitator, b"\n".join(lines) + b"\n"))
