"""OpenAPI descriptions of the command bodies, one per command type (docs/protocol.md)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiExample

from wargame.engine.describe import command_schemas

# Generated from the command models (wargame/engine/, one per command): what the engine checks
# is what the document says.
COMMANDS = command_schemas()
# The clock settings a new game may carry: set_clock's phases, as its model says them.
CLOCK_SETTINGS = {
    **COMMANDS["set_clock"]["properties"]["phases"],
    "nullable": True,
    "description": "the game's clock settings (set_clock's phases), recorded with its first events",
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
        "phases": {"type": "array", "items": STRING},
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
        "parent_id": {
            "type": "string",
            "nullable": True,
            "description": "a branch: the game it was started from",
        },
        "fork_seq": {
            "type": "integer",
            "nullable": True,
            "description": "a branch: the seq of its parent it starts from (its first seq)",
        },
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
NULLABLE_STRING = {"type": "string", "nullable": True}
NULLABLE_INTEGER = {"type": "integer", "nullable": True}
MEMBER = _object(
    {
        "id": STRING,
        "seat": STRING,
        "name": STRING,
        "lead": {"type": "boolean"},
        "link_issued_at": {**NULLABLE_STRING, "description": "null: the member has no link"},
        "last_seen_seq": {**NULLABLE_INTEGER, "description": "the last seq its pages showed"},
    }
)
MEMBER_LINK = _object(
    {
        "id": STRING,
        "seat": STRING,
        "name": STRING,
        "token": STRING,
        "join_url": STRING,
    }
)
MEMBER_BODY = {
    "type": "object",
    "required": ["seat", "name"],
    "additionalProperties": False,
    "properties": {
        "seat": {"type": "string", "minLength": 1, "maxLength": 40},
        "name": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "\\S"},
    },
}
ANALYST = _object(
    {
        "id": STRING,
        "name": STRING,
        "grant": {"type": "string", "enum": ["public", "all"]},
        "link_issued_at": {**NULLABLE_STRING, "description": "null: the analyst has no link"},
    }
)
ANALYST_LINK = _object(
    {
        "id": STRING,
        "name": STRING,
        "grant": {"type": "string", "enum": ["public", "all"]},
        "token": STRING,
        "join_url": STRING,
    }
)
ANALYST_BODY = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "\\S"},
        "grant": {
            "type": "string",
            "enum": ["public", "all"],
            "description": "public (default): what the observer sees; all: everything",
        },
    },
}
ANALYST_GRANT = {
    "type": "object",
    "required": ["grant"],
    "additionalProperties": False,
    "properties": {"grant": {"type": "string", "enum": ["public", "all"]}},
}
ANALYSIS = _object(
    {
        "seq": {"type": "integer"},
        "me": {
            **_object({"id": STRING, "name": STRING, "grant": STRING}),
            "nullable": True,
        },
        "collection_plan": {"type": "array", "items": {"type": "object"}},
        "analysts": {
            "type": "array",
            "items": _object(
                {"id": STRING, "name": STRING, "grant": STRING, "removed": {"type": "boolean"}}
            ),
        },
        "observations": {"type": "array", "items": {"type": "object"}},
    }
)
ME = _object(
    {
        "role": STRING,
        "member": {
            **_object({"id": STRING, "name": STRING, "lead": {"type": "boolean"}}),
            "nullable": True,
        },
        "last_seen_seq": NULLABLE_INTEGER,
    }
)
GAME_CREATED = {
    **GAME,
    "properties": {
        **GAME["properties"],
        "seats": {"type": "array", "items": SEAT_TOKEN},
        "observer": _object({"token": STRING, "join_url": STRING}),
    },
}
FAMILY = _object(
    {
        "game": STRING,
        "root": {"type": "string", "description": "the oldest ancestor on this server"},
        "games": {
            "type": "array",
            "items": GAME_LISTED,
            "description": "the family's games the caller may read, oldest first",
        },
    }
)
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
    bodies drf-spectacular reads from the code. A command's body is required, and so are a
    simulation's, a new member's, a new analyst's and an analyst's new grant. For a new game,
    ``scenario`` is one of the slugs this server has loaded (another is a 400
    unknown_scenario); ``title`` is trimmed, so it needs a character other than spaces, and
    may hold no NUL (DRF refuses it)."""
    from wargame.games.models import Scenario

    # A command is a JSON body, never none (drf-spectacular marks a serializer's body only).
    for path in (
        "/api/games/{game_id}/commands/",
        "/api/games/{game_id}/simulations/",
        "/api/games/{game_id}/members/",
        "/api/games/{game_id}/analysts/",
    ):
        operation = result["paths"].get(path, {}).get("post")
        if operation is not None:
            operation["requestBody"]["required"] = True
    # The notification settings are replaced whole: a PUT without a body is refused.
    for path in (
        "/api/games/{game_id}/notifications/",
        "/api/games/{game_id}/notifications/me/",
    ):
        operation = result["paths"].get(path, {}).get("put")
        if operation is not None:
            operation["requestBody"]["required"] = True
    analyst = result["paths"].get("/api/games/{game_id}/analysts/{analyst_id}/", {}).get("patch")
    if analyst is not None:  # a new grant's body is required too
        analyst["requestBody"]["required"] = True
    branch = result.get("components", {}).get("schemas", {}).get("BranchBody")
    if branch is not None:
        branch["properties"]["title"]["pattern"] = "^[^\\u0000]*\\S[^\\u0000]*$"
    body = result.get("components", {}).get("schemas", {}).get("CreateGameBody")
    if body is None:
        return result
    slugs = sorted(Scenario.objects.values_list("slug", flat=True))
    if slugs:
        body["properties"]["scenario"]["enum"] = slugs
    body["properties"]["title"]["pattern"] = "^[^\\u0000]*\\S[^\\u0000]*$"
    if "clock" in body["properties"]:
        body["properties"]["clock"] = CLOCK_SETTINGS
    return result


ADJUDICATOR = _object(
    {
        "id": STRING,
        "name": STRING,
        "link_issued_at": {**NULLABLE_STRING, "description": "null: the adjudicator has no link"},
    }
)
ADJUDICATOR_LINK = _object({"id": STRING, "name": STRING, "token": STRING, "join_url": STRING})
ADJUDICATOR_BODY = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {"name": {"type": "string", "minLength": 1, "maxLength": 80, "pattern": "\\S"}},
}
_ESTIMATE_MOVE = _object(
    {
        "id": STRING,
        "seat": STRING,
        "team": STRING,
        "turn": INTEGER,
        "what": STRING,
        "outcome": NULLABLE_STRING,
        "proposed": NULLABLE_INTEGER,
    }
)
ESTIMATE_BOARD = _object(
    {
        "game": _object({"id": STRING, "title": STRING, "turn": INTEGER}),
        "phase": NULLABLE_STRING,
        "me": {**_object({"id": STRING, "name": STRING}), "nullable": True},
        "adjudicators": {
            "type": "array",
            "items": _object({"id": STRING, "name": STRING, "active": {"type": "boolean"}}),
        },
        "waiting": {"type": "array", "items": _ESTIMATE_MOVE},
        "estimated": {"type": "array", "items": _ESTIMATE_MOVE},
        "moves": {
            "type": "object",
            "description": "per move id: who has answered, whether all have, the estimates the "
            "caller may see (its own; everyone's once all have answered) and their spread",
            "additionalProperties": {"type": "object"},
        },
    }
)
ESTIMATE_BODY = {
    "type": "object",
    "required": ["move_id", "probability"],
    "additionalProperties": False,
    "properties": {
        "move_id": {"type": "string", "minLength": 1, "maxLength": 100},
        "probability": {"type": "integer", "minimum": 0, "maximum": 100},
        "reason": {"type": "string", "maxLength": 4000},
        "adjudicator": {
            "type": "string",
            "minLength": 1,
            "maxLength": 100,
            "description": "the facilitator only: whose estimate (written on paper) this is",
        },
    },
}
CALIBRATION = _object(
    {
        "adjudicators": {
            "type": "array",
            "items": _object(
                {
                    "adjudicator": STRING,
                    "name": STRING,
                    "estimates": INTEGER,
                    "scored": INTEGER,
                    "brier": {"type": "number", "nullable": True},
                }
            ),
        },
        "disagreements": {"type": "array", "items": {"type": "object"}},
    }
)
