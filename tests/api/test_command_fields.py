"""A command carries the fields of its model and no others: a field the model does not have is
a 400 that names it, for every command type, and nothing is appended."""

from __future__ import annotations

import pytest

from wargame import engine
from wargame.engine.describe import command_schema
from wargame.engine.registry import COMMANDS

pytestmark = pytest.mark.django_db


def sample(schema: dict):
    """A value of the shape ``schema`` asks for (the game's state may still refuse it)."""
    if "enum" in schema:
        return schema["enum"][0]
    if "oneOf" in schema:
        return sample(schema["oneOf"][0])
    kind = schema.get("type")
    if kind == "array":
        return [sample(schema.get("items", {}))] * max(1, schema.get("minItems", 0))
    if kind == "object":
        return {key: sample(schema["properties"][key]) for key in schema.get("required", [])}
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return True
    return "x"


def body_with_required_fields(kind: str) -> dict:
    schema = command_schema(engine.MODELS[kind])
    return {key: sample(schema["properties"][key]) for key in schema["required"]}


def sender(game, kind: str):
    roles = COMMANDS[kind].roles
    if engine.CONTROL in roles:
        return game.control
    if "seat" in roles:
        return next(iter(game.seats.values()))
    return game.observer


@pytest.mark.parametrize("kind", sorted(engine.COMMAND_TYPES))
def test_every_command_with_a_field_it_does_not_have_is_a_400_naming_it(game, kind):
    before = game.control.get(f"/api/games/{game.id}/").json()["seq"]
    body = {**body_with_required_fields(kind), "colour": "red"}
    response = sender(game, kind).command(game.id, body)
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "unknown_field"
    assert "'colour'" in error["message"] and kind in error["message"]
    assert game.control.get(f"/api/games/{game.id}/").json()["seq"] == before


def test_a_misspelt_field_is_named_with_the_field_it_may_have_meant(game):
    game.control.command(game.id, {"type": "start_game"})
    response = game.control.command(
        game.id,
        {"type": "adjudicate", "move_id": "m-1", "method": "roll", "opposed_move": "m-2"},
    )
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "unknown_field",
        "message": "'opposed_move' is not a field of adjudicate (did you mean 'opposed_move_id'?)",
    }


def test_a_field_inside_a_free_argument_is_checked_too(game):
    game.control.command(game.id, {"type": "start_game"})
    seat = next(iter(game.seats.values()))
    body = {
        "type": "submit_move",
        "action": "free",
        "argument": {"action": "a", "result": "b", "reason": ["typo for reasons"]},
        "rationale": "why",
    }
    response = seat.command(game.id, body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_field"
    assert "'argument.reason'" in response.json()["error"]["message"]


def test_the_fields_every_command_may_carry_are_accepted(game):
    body = {"type": "start_game", "expected_seq": 1, "display_name": "Alice"}
    response = game.control.command(game.id, body)
    assert response.status_code == 201, response.content
