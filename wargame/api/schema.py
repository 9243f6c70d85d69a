"""OpenAPI descriptions of the command bodies, one per command type (docs/protocol.md)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

ROLE = {"type": "string", "description": "a seat id such as beijing, or observer"}
TEXT = {"type": "string", "maxLength": 4000}
STRING_ID = {"type": "string"}


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

MOVE_ID = {"type": "string", "description": "a move id, from the move_submitted event"}
REASON = {**TEXT, "description": "why: kept in the record for the replay"}

COMMANDS = {
    "start_game": _command("start_game", "Control: leave setup; turn 1's briefing opens."),
    "advance_phase": _command(
        "advance_phase",
        "Control: close the current phase and open the next. Closing orders while a seat has not "
        "locked needs force: true (unlocked seats then submit nothing further this turn).",
        {"force": {"type": "boolean"}},
    ),
    "set_deadline": _command(
        "set_deadline",
        "Control: a deadline for the current phase, as an instant (ISO-8601) or in minutes from "
        "now; deadline null (without minutes) clears it. on_expiry says what happens when it "
        "passes: alert (the default: the White Cell is alerted), lock_orders (the orders of "
        "seats that have not locked close; orders phase only) or advance (the phase advances). "
        "Pause freezes it; a phase change clears it.",
        {
            "deadline": {"type": "string", "format": "date-time", "nullable": True},
            "minutes": {
                "type": "number",
                "minimum": 0,
                "exclusiveMinimum": True,
                "maximum": 1440,
            },
            "on_expiry": {"type": "string", "enum": ["alert", "lock_orders", "advance"]},
        },
    ),
    "expire_deadline": _command(
        "expire_deadline",
        "Control (the server's clock): the deadline with this id has passed. Refused with 422 "
        "deadline_not_due unless it is the current deadline, the game is not paused and its "
        "instant has passed.",
        {"deadline_id": STRING_ID},
        ["deadline_id"],
    ),
    "hold_inject": _command(
        "hold_inject",
        "Control: hold a due scripted inject or narrative; it is not issued when its turn opens.",
        {"inject_id": STRING_ID},
        ["inject_id"],
    ),
    "edit_inject": _command(
        "edit_inject",
        "Control: change the title, text or audience of a due or held scripted inject (a "
        "narrative's text) before it is issued; the record keeps the scripted text.",
        {
            "inject_id": STRING_ID,
            "title": {"type": "string", "maxLength": 200},
            "text": TEXT,
            "audience": {
                "oneOf": [{"type": "string", "enum": ["all"]}, {"type": "array", "items": ROLE}]
            },
        },
        ["inject_id"],
    ),
    "release_inject": _command(
        "release_inject",
        "Control: issue a due or held scripted inject or narrative now, as edited; its effects "
        "apply now.",
        {"inject_id": STRING_ID},
        ["inject_id"],
    ),
    "skip_inject": _command(
        "skip_inject",
        "Control: skip a due or held scripted inject or narrative, with a reason.",
        {"inject_id": STRING_ID, "reason": REASON},
        ["inject_id", "reason"],
    ),
    "amend_narrative": _command(
        "amend_narrative",
        "Control: write or replace the narrative of an adjudicated move; the earlier texts stay "
        "in its history.",
        {"move_id": MOVE_ID, "text": TEXT},
        ["move_id", "text"],
    ),
    "roll_remaining": _command(
        "roll_remaining",
        "Control, adjudication phase: roll every catalog move of the turn not yet adjudicated, "
        "each at its proposed probability; free arguments are left for the White Cell. 422 "
        "nothing_to_roll when there is none.",
    ),
    "publish_narrative": _command(
        "publish_narrative",
        "Control: a 'state of the world' narrative for everyone.",
        {"text": TEXT},
        ["text"],
    ),
    "submit_move": _command(
        "submit_move",
        "Seat, orders phase: a catalog action or a free argument; with move_id, an edit of the "
        "seat's own unlocked move.",
        {
            "action": {"type": "string", "description": "a catalog action id, or 'free'"},
            "argument": {
                "type": "object",
                "description": "for 'free': the matrix-game argument",
                "properties": {
                    "action": TEXT,
                    "result": TEXT,
                    "reasons": {"type": "array", "items": TEXT, "maxItems": 3},
                },
            },
            "targets": {"type": "array", "items": ROLE},
            "visibility": {"type": "string", "enum": ["public", "secret"]},
            "rationale": {**TEXT, "description": "the team's own reasoning (required)"},
            "move_id": MOVE_ID,
        },
        ["action", "rationale"],
    ),
    "withdraw_move": _command(
        "withdraw_move",
        "Seat: take back a move before locking.",
        {"move_id": MOVE_ID},
        ["move_id"],
    ),
    "lock_orders": _command("lock_orders", "Seat: no more changes to this turn's moves."),
    "add_argument": _command(
        "add_argument",
        "Seat, adjudication phase: a pro or con on another seat's public move.",
        {"move_id": MOVE_ID, "stance": {"type": "string", "enum": ["pro", "con"]}, "text": TEXT},
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
        "Control: the engine's proposal for a move (base + modifiers + 5 per strong pro - 5 per "
        "strong con, clamped to 5..95) with its explanation; or another probability, with a "
        "reason.",
        {
            "move_id": MOVE_ID,
            "strong": {"type": "array", "items": STRING_ID, "description": "argument ids"},
            "probability": {"type": "integer", "minimum": 0, "maximum": 100},
            "reason": REASON,
        },
        ["move_id"],
    ),
    "adjudicate": _command(
        "adjudicate",
        "Control: roll (a recorded draw against the probability) or decide outright, with an "
        "optional narrative (or write it afterwards with amend_narrative); with "
        "opposed_move_id, an opposed pair resolved in one record.",
        {
            "move_id": MOVE_ID,
            "method": {"type": "string", "enum": ["roll", "decide"]},
            "probability": {"type": "integer", "minimum": 0, "maximum": 100},
            "outcome": {"type": "string", "enum": ["success", "failure"]},
            "narrative": TEXT,
            "reason": REASON,
            "effects": {
                "description": "for a free argument: a list (on success) or {success, failure}",
                "oneOf": [
                    {"type": "array", "items": EFFECT},
                    {
                        "type": "object",
                        "properties": {
                            "success": {"type": "array", "items": EFFECT},
                            "failure": {"type": "array", "items": EFFECT},
                        },
                    },
                ],
            },
            "opposed_move_id": MOVE_ID,
            "opposed_probability": {"type": "integer", "minimum": 0, "maximum": 100},
        },
        ["move_id", "method"],
    ),
    "void_adjudication": _command(
        "void_adjudication",
        "Control: void an adjudication, with a reason; nothing is deleted, its effects are "
        "reverted unless revert_effects is false.",
        {"adjudication_id": STRING_ID, "reason": REASON, "revert_effects": {"type": "boolean"}},
        ["adjudication_id", "reason"],
    ),
    "adjust_indicator": _command(
        "adjust_indicator",
        "Control: change an indicator by delta, or set its value, with a reason.",
        {
            "indicator": STRING_ID,
            "delta": {"type": "integer"},
            "value": {"type": "integer"},
            "reason": REASON,
        },
        ["indicator", "reason"],
    ),
    "issue_inject": _command(
        "issue_inject",
        "Control: an ad-hoc inject (marked ad-hoc in the record) to everyone or some seats.",
        {
            "title": TEXT,
            "text": TEXT,
            "audience": {
                "oneOf": [{"type": "string", "enum": ["all"]}, {"type": "array", "items": ROLE}]
            },
            "effects": {"type": "array", "items": EFFECT},
        },
        ["text", "audience"],
    ),
    "reveal_move": _command(
        "reveal_move",
        "Control: reveal a secret move with its salt, so anyone can check it "
        "against its commitment.",
        {"move_id": MOVE_ID, "reason": REASON},
        ["move_id"],
    ),
    "pause": _command(
        "pause", "Control: only control commands and messages are accepted.", {"reason": REASON}
    ),
    "resume": _command("resume", "Control: play goes on."),
    "end_game": _command("end_game", "Control: score the objectives and end the game."),
    "open_record": _command(
        "open_record", "Control, after the end: open the whole record to every role for the replay."
    ),
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


def _object(properties: dict, required: list[str] | None = None) -> dict:
    return {"type": "object", "properties": properties, "required": required or list(properties)}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
ERROR = _object({"error": _object({"code": STRING, "message": STRING})})

SCENARIO = _object(
    {
        "slug": STRING,
        "title": STRING,
        "summary": STRING,
        "roles": {"type": "array", "items": STRING},
        "turns": INTEGER,
    }
)
GAME = _object(
    {
        "id": STRING,
        "title": STRING,
        "scenario": STRING,
        "status": STRING,
        "seq": INTEGER,
        "turn": INTEGER,
        "phase": STRING,
        "replay_open": {"type": "boolean", "description": "control has opened the record"},
        "head_hash": {"type": "string", "description": "the hash of the log's last event"},
        "origin": {"type": "string", "enum": ["recorded", "verified", "unverified"]},
        "origin_note": STRING,
    }
)
GAME_DETAIL = {
    **GAME,
    "properties": {
        **GAME["properties"],
        "state_hash": {"type": "string", "description": "facilitator only"},
    },
}
GAME_LISTED = {**GAME, "properties": {**GAME["properties"], "created_at": STRING}}
SEAT_TOKEN = _object({"role": STRING, "token": STRING, "join_url": STRING})
GAME_CREATED = {
    **GAME,
    "properties": {
        **GAME["properties"],
        "seats": {"type": "array", "items": SEAT_TOKEN},
        "observer": _object({"token": STRING, "join_url": STRING}),
    },
}
SERVER_TIME = {
    "type": "string",
    "format": "date-time",
    "description": "the server's clock when it answered (UTC, milliseconds)",
}
STATE = _object(
    {"seq": INTEGER, "role": STRING, "server_time": SERVER_TIME, "view": {"type": "object"}}
)
PRESENCE = _object(
    {
        "roles": {
            "type": "object",
            "description": "every role of the game (its seats, observer, control)",
            "additionalProperties": _object(
                {
                    "connected": {**INTEGER, "description": "open sockets of this role"},
                    "names": {
                        "type": "array",
                        "items": STRING,
                        "description": "the names the sockets gave, in the order they joined",
                    },
                }
            ),
        }
    }
)
EVENTS = _object(
    {
        "events": {"type": "array", "items": EVENT},
        "seq": INTEGER,
        "next_after": {"type": "integer", "nullable": True},
    }
)


def errors(*statuses: int) -> dict:
    return {status: ERROR for status in statuses}


# Query parameters and headers: exactly what the views accept (wargame/api/views/base.py).
MAX_SEQ = 2**63 - 1  # seqs are 64-bit integers in the database
SEQ_AT = {"type": "integer", "minimum": 1, "maximum": MAX_SEQ}
SEQ_AFTER = {"type": "integer", "minimum": 0, "maximum": MAX_SEQ}
# Any text: a role of the game, or else a 404 (the roles differ from game to game).
ROLE_PARAMETER = {"type": "string"}
IDEMPOTENCY_KEY = {"type": "string", "minLength": 1, "maxLength": 200}


def request_bodies(result, generator, request, public):
    """drf-spectacular postprocessing hook: what the views' validation adds to the request
    bodies drf-spectacular reads from the code. A command's body is required. For a new game,
    ``scenario`` is one of the slugs this server has loaded (another is a 400
    unknown_scenario); ``title`` is trimmed, so it needs a character other than spaces, and
    may hold no NUL (DRF refuses it)."""
    from wargame.games.models import Scenario

    # A command is a JSON body, never none (drf-spectacular marks a serializer's body only).
    command = result["paths"].get("/api/games/{game_id}/commands/", {}).get("post")
    if command is not None:
        command["requestBody"]["required"] = True
    body = result.get("components", {}).get("schemas", {}).get("CreateGameBody")
    if body is None:
        return result
    slugs = sorted(Scenario.objects.values_list("slug", flat=True))
    if slugs:
        body["properties"]["scenario"]["enum"] = slugs
    body["properties"]["title"]["pattern"] = "^[^\\u0000]*\\S[^\\u0000]*$"
    return result
