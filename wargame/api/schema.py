"""OpenAPI descriptions of the command bodies, one per command type (docs/protocol.md)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

ROLE = {"type": "string", "description": "a seat id such as beijing, or observer"}
TEXT = {"type": "string", "maxLength": 4000}


def _command(type_: str, description: str, properties: dict | None = None, required=()) -> dict:
    return {
        "type": "object",
        "description": description,
        "properties": {
            "type": {"type": "string", "enum": [type_]},
            "expected_seq": {
                "type": "integer",
                "minimum": 0,
                "description": "refuse with 409 unless the game is still at this seq",
            },
            "display_name": {"type": "string", "maxLength": 120},
            **(properties or {}),
        },
        "required": ["type", *required],
    }


EFFECT = {
    "type": "object",
    "properties": {"indicator": {"type": "string"}, "delta": {"type": "integer"}},
    "required": ["indicator", "delta"],
}

COMMANDS = {
    "start_game": _command("start_game", "Control: leave setup; turn 1 opens."),
    "advance_phase": _command(
        "advance_phase",
        "Control: close the current phase and open the next (orders: force closes unlocked seats).",
        {"force": {"type": "boolean"}},
    ),
    "set_deadline": _command(
        "set_deadline",
        "Control: a deadline for the current phase (ISO-8601), or null to clear it.",
        {"deadline": {"type": ["string", "null"], "format": "date-time"}},
        ["deadline"],
    ),
    "submit_move": _command(
        "submit_move",
        "Seat, orders phase: a catalog action or a free argument.",
        {
            "action": {"type": "string", "description": "a catalog action id, or 'free'"},
            "argument": {
                "type": "object",
                "properties": {
                    "action": TEXT,
                    "result": TEXT,
                    "reasons": {"type": "array", "items": TEXT, "maxItems": 3},
                },
            },
            "targets": {"type": "array", "items": ROLE},
            "visibility": {"type": "string", "enum": ["public", "secret"]},
            "rationale": TEXT,
        },
        ["action", "visibility", "rationale"],
    ),
    "withdraw_move": _command(
        "withdraw_move",
        "Seat: take back a move before locking.",
        {"move_id": {"type": "string"}},
        ["move_id"],
    ),
    "lock_orders": _command("lock_orders", "Seat: no more changes to this turn's moves."),
    "add_argument": _command(
        "add_argument",
        "Seat, adjudication phase: a pro or con on another seat's public move.",
        {
            "move_id": {"type": "string"},
            "stance": {"type": "string", "enum": ["pro", "con"]},
            "text": TEXT,
        },
        ["move_id", "stance", "text"],
    ),
    "send_message": _command(
        "send_message",
        "Seat or control: a message to a set of seats; only they and control see it.",
        {"to": {"type": "array", "items": ROLE, "minItems": 1}, "text": TEXT},
        ["to", "text"],
    ),
    "propose_probability": _command(
        "propose_probability",
        "Control: set the probability for a move, with a reason when it differs from the "
        "engine's proposal; mark arguments as strong.",
        {
            "move_id": {"type": "string"},
            "probability": {"type": "integer", "minimum": 0, "maximum": 100},
            "reason": TEXT,
            "strong_arguments": {"type": "array", "items": {"type": "string"}},
        },
        ["move_id"],
    ),
    "adjudicate": _command(
        "adjudicate",
        "Control: roll (a recorded draw against the probability) or decide outright.",
        {
            "move_id": {"type": "string"},
            "method": {"type": "string", "enum": ["roll", "decide"]},
            "probability": {"type": "integer", "minimum": 0, "maximum": 100},
            "outcome": {"type": "string", "enum": ["success", "failure"]},
            "narrative": TEXT,
            "reason": TEXT,
            "opposed_by": {"type": "string", "description": "move id of an opposed move"},
            "effects": {"type": "array", "items": EFFECT},
        },
        ["move_id", "method"],
    ),
    "void_adjudication": _command(
        "void_adjudication",
        "Control: void an adjudication, with a reason; nothing is deleted.",
        {"move_id": {"type": "string"}, "reason": TEXT},
        ["move_id", "reason"],
    ),
    "adjust_indicator": _command(
        "adjust_indicator",
        "Control: change an indicator, with a reason.",
        {"indicator": {"type": "string"}, "delta": {"type": "integer"}, "reason": TEXT},
        ["indicator", "reason"],
    ),
    "issue_inject": _command(
        "issue_inject",
        "Control: an ad-hoc inject (or a scripted one from the scenario by id).",
        {
            "inject_id": {"type": "string"},
            "text": TEXT,
            "audience": {
                "oneOf": [{"type": "string", "enum": ["all"]}, {"type": "array", "items": ROLE}]
            },
            "effects": {"type": "array", "items": EFFECT},
        },
    ),
    "reveal_move": _command(
        "reveal_move",
        "Control: reveal a secret move with its salt.",
        {"move_id": {"type": "string"}},
        ["move_id"],
    ),
    "pause": _command("pause", "Control: only control commands and messages are accepted."),
    "resume": _command("resume", "Control: play goes on."),
    "end_game": _command("end_game", "Control: score the objectives and end the game."),
    "add_note": _command(
        "add_note",
        "Control or observer: an analyst note, visible to control.",
        {"text": TEXT},
        ["text"],
    ),
}

COMMAND_REQUEST = {
    "oneOf": list(COMMANDS.values()),
    "discriminator": {"propertyName": "type"},
}

EVENT = {
    "type": "object",
    "properties": {
        "seq": {"type": "integer"},
        "type": {"type": "string"},
        "actor": {"type": "object"},
        "at": {"type": "string", "format": "date-time"},
        "data": {"type": "object"},
    },
}

COMMAND_RESPONSE = {
    "type": "object",
    "properties": {"seq": {"type": "integer"}, "events": {"type": "array", "items": EVENT}},
}

EXAMPLES = [
    OpenApiExample("start the game", value={"type": "start_game"}),
    OpenApiExample(
        "a secret catalog move",
        value={
            "type": "submit_move",
            "action": "beijing.trade_squeeze",
            "targets": ["pyongyang"],
            "visibility": "secret",
            "rationale": "Remind Pyongyang who keeps the lights on.",
        },
    ),
]
