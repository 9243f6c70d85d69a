"""schemathesis against the served OpenAPI document: generated requests never get a 5xx.

Requests go to the real Django application (in process) with real tokens of a real game, so
the generated bodies reach the engine's validation rather than stopping at a 401 or a 404.
"""

from __future__ import annotations

from contextlib import contextmanager

import jsonschema
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from wargame import engine
from wargame.engine.describe import command_schema
from wargame.engine.fields import rejection_of

pytestmark = pytest.mark.django_db

EXAMPLES_PER_OPERATION = 40


@contextmanager
def handler_keeps_connection():
    """Like Django's test client: the handler must not close the test's database connection."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_no_generated_request_gets_a_server_error(game):
    # Some state to exercise: a running game with a message in it.
    game.control.command(game.id, {"type": "start_game"})
    with handler_keeps_connection():
        fuzz_every_operation(game)


def fuzz_every_operation(game) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
    tokens = [
        None,
        game.control.token,
        game.observer.token,
        *(s.token for s in game.seats.values()),
    ]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 9

    for operation in operations:

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(), token=st.sampled_from(tokens), real=st.booleans())
        def call(case, token, real):
            if real and "game_id" in (case.path_parameters or {}):
                case.path_parameters["game_id"] = game.id
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            response = case.call(headers=headers)
            assert response.status_code < 500, (
                f"{case.method} {case.formatted_path} -> {response.status_code}: "
                f"{response.text[:500]}"
            )

        call()


def served_command_bodies(client) -> dict[str, dict]:
    document = client.get("/api/schema/?format=json").json()
    body = document["paths"]["/api/games/{game_id}/commands/"]["post"]["requestBody"]
    variants = body["content"]["application/json"]["schema"]["oneOf"]
    return {variant["properties"]["type"]["enum"][0]: variant for variant in variants}


def test_the_schema_describes_the_body_of_every_command_type(client):
    assert set(served_command_bodies(client)) == set(engine.COMMAND_TYPES)


def test_the_schema_gives_each_command_the_fields_of_its_model(client):
    for kind, variant in served_command_bodies(client).items():
        model = engine.MODELS[kind]
        fields = model.model_fields
        assert set(variant["properties"]) == set(fields), kind
        required = {name for name, field in fields.items() if field.is_required()}
        assert set(variant["required"]) == required, kind
        assert variant["additionalProperties"] is False, kind
        assert variant == command_schema(model), kind


def test_every_body_the_schema_allows_the_model_accepts(client):
    """Bodies drawn from the served schema's command variants, each checked by the model of
    its type: whatever the document calls valid, the engine's fields accept (what the game's
    state refuses, such as an unknown seat, is not a matter of the body's shape)."""
    document = client.get("/api/schema/?format=json").json()
    operation = schemathesis.openapi.from_dict(document)["/api/games/{game_id}/commands/"]["POST"]
    seen: set[str] = set()

    @settings(
        max_examples=400, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(case=operation.as_strategy())
    def check(case):
        assume(isinstance(case.body, dict))  # the body may be left out: a 400 of its own
        kind = case.body["type"]
        seen.add(kind)
        try:
            engine.MODELS[kind].model_validate(case.body)
        except ValidationError as error:
            rejection = rejection_of(engine.MODELS[kind], error).rejection
            raise AssertionError(f"{case.body!r}: {rejection.message}") from None

    check()
    assert len(seen) > len(engine.COMMAND_TYPES) // 2


def test_every_field_of_the_body_the_model_refuses_the_schema_refuses_too():
    """The reverse, for what the models check beyond types: a body the model refuses for a
    field's shape breaks the served schema as well (a too-long text, an empty one, a NUL)."""
    variant = command_schema(engine.MODELS["add_argument"])
    good = {"type": "add_argument", "move_id": "m-1", "stance": "pro", "text": "yes"}
    engine.MODELS["add_argument"].model_validate(good)
    jsonschema.validate(good, variant)
    for field, value in [
        ("text", "x" * 4001),
        ("text", "   "),
        ("text", "a\x00b"),
        ("move_id", ""),
        ("stance", "maybe"),
        ("colour", "red"),
    ]:
        body = {**good, field: value}
        with pytest.raises(ValidationError):
            engine.MODELS["add_argument"].model_validate(body)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(body, variant)


DEEP_BODIES = st.integers(min_value=60, max_value=5000).flatmap(
    lambda depth: st.sampled_from(
        [
            "[" * depth + "]" * depth,
            '{"a":' * depth + "1" + "}" * depth,
            '{"type": "add_note", "text": ' + "[" * depth + "]" * depth + "}",
            "[" * depth,  # unclosed
        ]
    )
)


def test_no_deeply_nested_body_gets_a_server_error(game):
    """Every JSON endpoint, every caller: a body nested deep is a 400 (or 413), never a 5xx."""
    posts = [
        ("/api/games/", game.control),
        (f"/api/games/{game.id}/commands/", game.control),
        (f"/api/games/{game.id}/commands/", game.seats["beijing"]),
        (f"/api/games/{game.id}/commands/", game.observer),
        (f"/api/games/{game.id}/seats/moscow/token/", game.control),
    ]

    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(body=DEEP_BODIES, target=st.sampled_from(posts))
    def call(body, target):
        path, caller = target
        response = caller.request("post", path, body)
        assert response.status_code < 500, (path, response.status_code, response.content[:300])

    call()
