"""The kinds of field a command carries, as pydantic types, and the base of every command model.

Each kind checks a value the way the engine always has and says so in the same words: a
check fails with a ``PydanticCustomError`` whose type is the rejection code and whose message
is the rejection's. What needs the game state (a seat exists, a move id is known) is not
checked here but by the decide handler. ``rejection_of`` turns the first error of a failed
validation into the Rejection ``decide`` returns.

Over 400 lines because every kind of field is here once, its check, its words and its
schema side by side, so that a limit is written in one place for the engine, the OpenAPI
document, the docs and the pages.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic import ValidationError as ValidationError
from pydantic_core import PydanticCustomError

from .common import MAX_SHORT_TEXT, MAX_TEXT, PUBLIC, Reject, invalid

MAX_EFFECTS = 20
MAX_DELTA = 1000
MAX_REASONS = 3
MAX_IDENTIFIER = 100
MAX_DISPLAY_NAME = 120
INVALID = "invalid_command"
# What the checks below accept, said as JSON Schema patterns: no NUL character anywhere, and a
# required text has something besides white space (it is trimmed).
NO_NUL = r"^[^\x00]*$"
SOME_TEXT = r"^[^\x00]*[^\x00\s][^\x00]*$"
CODES: set[str] = {INVALID}  # the rejection codes the checks here raise (see ``fail``)


def fail(message: str, code: str = INVALID) -> PydanticCustomError:
    """An error whose type is the rejection code (kept as the message's own words)."""
    CODES.add(code)
    return PydanticCustomError(code, message)  # no context: the message is taken as written


class Required:
    """Marks a field with the words said when it is missing (default: "'{key}' is required")."""

    def __init__(self, message: str) -> None:
        self.message = message


def _name(info: ValidationInfo) -> str:
    return info.field_name or "?"


def check_encodable(value: str, key: str) -> None:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise fail(f"'{key}' contains characters that are not valid Unicode") from None
    if "\x00" in value:  # PostgreSQL stores no NUL character, in text or in jsonb
        raise fail(f"'{key}' contains a NUL character")


def text_value(value: Any, key: str, *, required: bool, max_len: int) -> str | None:
    """A string of at most ``max_len`` characters, stripped; a required one must not be empty."""
    if value is None:
        if required:
            raise fail(f"'{key}' is required")
        return None
    if not isinstance(value, str):
        raise fail(f"'{key}' must be a string")
    if len(value) > max_len:
        raise fail(f"'{key}' is longer than {max_len} characters", "text_too_long")
    check_encodable(value, key)
    value = value.strip()
    if required and not value:
        raise fail(f"'{key}' must not be empty")
    return str(value)


def required_check(
    check: Callable[[Any, str], Any], message: str | None = None
) -> Callable[[Any, ValidationInfo], Any]:
    """``check`` for a field that must be given: null is refused as a missing field is."""

    def validate(value: Any, info: ValidationInfo) -> Any:
        key = _name(info)
        if value is None:
            raise fail((message or "'{key}' is required").replace("{key}", key))
        return check(value, key)

    return validate


def optional_check(check: Callable[[Any, str], Any]) -> Callable[[Any, ValidationInfo], Any]:
    """``check`` for a field that may be left out or null."""

    def validate(value: Any, info: ValidationInfo) -> Any:
        return None if value is None else check(value, _name(info))

    return validate


def identifier_value(value: Any, key: str) -> str:
    if not isinstance(value, str) or not value or len(value) > MAX_IDENTIFIER:
        raise fail(f"'{key}' must be a non-empty string of at most {MAX_IDENTIFIER} characters")
    check_encodable(value, key)
    return value


def _whole(low: int, high: int) -> Callable[[Any, str], int]:
    def check(value: Any, key: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise fail(f"'{key}' must be a whole number")
        if not low <= value <= high:
            raise fail(f"'{key}' must be between {low} and {high}")
        return value

    return check


def _flag(value: Any, key: str) -> bool:
    if not isinstance(value, bool):
        raise fail(f"'{key}' must be true or false")
    return value


def _choice(*choices: str) -> Callable[[Any, str], str]:
    def check(value: Any, key: str) -> str:
        if not isinstance(value, str) or value not in choices:
            raise fail(f"'{key}' must be one of {', '.join(choices)}")
        return value

    return check


def _one_of(*choices: str) -> str:
    return f"(one of {', '.join(choices)})"


def seat_names(value: Any, key: str) -> list[str]:
    """A list of strings; which of them are seats, the decide handler checks."""
    if not isinstance(value, list):
        raise fail(f"'{key}' must be a list of seats")
    for item in value:
        if not isinstance(item, str):
            raise fail(f"'{key}' names an unknown seat '?'", "unknown_seat")
    return value


def _some_seats(value: Any, key: str) -> list[str]:
    seats = seat_names(value, key)
    if not seats:
        raise fail(f"'{key}' must name at least one seat")
    return seats


def _audience(value: Any, key: str) -> Any:
    return value if value == PUBLIC else seat_names(value, key)


def effects_value(value: Any, key: str) -> list[dict[str, Any]]:
    """A list of {indicator, delta}; which indicators exist, the decide handler checks."""
    if not isinstance(value, list):
        raise fail(f"'{key}' must be a list of {{indicator, delta}}")
    if len(value) > MAX_EFFECTS:
        raise fail(f"'{key}' has more than {MAX_EFFECTS} entries")
    for item in value:
        if not isinstance(item, dict) or set(item) - {"indicator", "delta"}:
            raise fail(f"each entry of '{key}' must be {{indicator, delta}}")
        indicator, delta = item.get("indicator"), item.get("delta")
        if not isinstance(indicator, str):
            raise fail(f"'{key}' names an unknown indicator", "unknown_indicator")
        if not isinstance(delta, int) or isinstance(delta, bool) or abs(delta) > MAX_DELTA:
            raise fail(f"each delta in '{key}' must be a whole number within ±{MAX_DELTA}")
    return value


def _outcome_effects(value: Any, key: str) -> Any:
    """A list (the effects on success) or {success, failure} (each side a list)."""
    if isinstance(value, dict):
        if set(value) - {"success", "failure"}:
            raise fail(f"'{key}' may only have 'success' and 'failure'")
        return {
            outcome: effects_value(value.get(outcome) or [], f"{key}.{outcome}")
            for outcome in ("success", "failure")
        }
    return effects_value(value, key)


def _free_argument(value: Any, key: str) -> Any:
    if not isinstance(value, dict):
        raise fail("a free move needs 'argument': {action, result, reasons}")
    reasons = value.get("reasons")
    if reasons is not None:
        if not isinstance(reasons, list) or len(reasons) > MAX_REASONS:
            raise fail(f"'reasons' must be a list of at most {MAX_REASONS} strings")
        for reason in reasons:
            if not isinstance(reason, str) or len(reason) > MAX_TEXT:
                raise fail(f"each reason must be a string of at most {MAX_TEXT} characters")
            check_encodable(reason, "reasons")
    return value


def _reasons(value: Any, key: str) -> list[str]:
    return [reason.strip() for reason in value if reason.strip()]


def _text_check(max_len: int, *, required: bool) -> Callable[[Any, str], Any]:
    def check(value: Any, key: str) -> Any:
        return text_value(value, key, required=required, max_len=max_len)

    return check


# ---- the field kinds -----------------------------------------------------------------------
# Each kind is a type alias: the type mypy and the schema see, the check that keeps today's
# words, and (for a required one) the words said when it is missing.

Text = Annotated[
    str,
    Field(min_length=1, max_length=MAX_TEXT, pattern=SOME_TEXT),
    BeforeValidator(required_check(_text_check(MAX_TEXT, required=True))),
]
OptionalText = Annotated[
    Annotated[str, Field(max_length=MAX_TEXT, pattern=NO_NUL)] | None,
    BeforeValidator(optional_check(_text_check(MAX_TEXT, required=False))),
]
NewText = Annotated[
    Annotated[
        str,
        Field(
            min_length=1, max_length=MAX_TEXT, pattern=SOME_TEXT, description="left out: unchanged"
        ),
    ]
    | None,
    BeforeValidator(optional_check(_text_check(MAX_TEXT, required=True))),
]
OptionalTitle = Annotated[
    Annotated[str, Field(max_length=MAX_SHORT_TEXT, pattern=NO_NUL)] | None,
    BeforeValidator(optional_check(_text_check(MAX_SHORT_TEXT, required=False))),
]
Reason = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_TEXT,
        pattern=SOME_TEXT,
        description="why: kept in the record for the replay",
    ),
    BeforeValidator(required_check(_text_check(MAX_TEXT, required=True))),
]
OptionalReason = Annotated[
    Annotated[
        str,
        Field(
            max_length=MAX_TEXT,
            pattern=NO_NUL,
            description="why: kept in the record for the replay",
        ),
    ]
    | None,
    BeforeValidator(optional_check(_text_check(MAX_TEXT, required=False))),
]
Identifier = Annotated[
    str,
    Field(min_length=1, max_length=MAX_IDENTIFIER, pattern=NO_NUL),
    BeforeValidator(required_check(identifier_value)),
]
OptionalIdentifier = Annotated[
    Annotated[str, Field(min_length=1, max_length=MAX_IDENTIFIER, pattern=NO_NUL)] | None,
    BeforeValidator(optional_check(identifier_value)),
]
MoveId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_IDENTIFIER,
        pattern=NO_NUL,
        description="a move id, from the move_submitted event",
    ),
    BeforeValidator(required_check(identifier_value)),
]
OptionalMoveId = Annotated[
    Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_IDENTIFIER,
            pattern=NO_NUL,
            description="a move id, from the move_submitted event",
        ),
    ]
    | None,
    BeforeValidator(optional_check(identifier_value)),
]
Probability = Annotated[
    Annotated[int, Field(ge=0, le=100)] | None,
    BeforeValidator(optional_check(_whole(0, 100))),
]
Delta = Annotated[
    Annotated[int, Field(ge=-MAX_DELTA, le=MAX_DELTA)] | None,
    BeforeValidator(optional_check(_whole(-MAX_DELTA, MAX_DELTA))),
]
IndicatorValue = Annotated[
    Annotated[int, Field(ge=-(10**9), le=10**9)] | None,
    BeforeValidator(optional_check(_whole(-(10**9), 10**9))),
]
Flag = Annotated[bool | None, BeforeValidator(optional_check(_flag))]
Seat = Annotated[str, Field(description="a seat id such as beijing, or observer")]
Seats = Annotated[
    list[Seat],
    BeforeValidator(required_check(_some_seats, "'{key}' is required (a list of seats)")),
    Required("'{key}' is required (a list of seats)"),
    Field(min_length=1),
]
OptionalSeats = Annotated[list[Seat] | None, BeforeValidator(optional_check(seat_names))]
Audience = Annotated[
    Literal["all"] | list[Seat] | None,
    Field(description="'all', or a list of seats"),
    BeforeValidator(optional_check(_audience)),
]
Stance = Annotated[
    Literal["pro", "con"],
    BeforeValidator(
        required_check(_choice("pro", "con"), "'{key}' is required " + _one_of("pro", "con"))
    ),
    Required("'{key}' is required " + _one_of("pro", "con")),
]
Method = Annotated[
    Literal["roll", "decide"],
    BeforeValidator(
        required_check(
            _choice("roll", "decide"), "'{key}' is required " + _one_of("roll", "decide")
        )
    ),
    Required("'{key}' is required " + _one_of("roll", "decide")),
]
Outcome = Annotated[
    Literal["success", "failure"] | None,
    BeforeValidator(optional_check(lambda value, key: _outcome(value))),
]
Visibility = Annotated[
    Literal["public", "secret"] | None, BeforeValidator(optional_check(_choice("public", "secret")))
]
ON_EXPIRY = ("alert", "lock_orders", "advance", "roll")
OnExpiry = Annotated[
    Literal["alert", "lock_orders", "advance", "roll"] | None,
    BeforeValidator(optional_check(_choice(*ON_EXPIRY))),
]


def _outcome(value: Any) -> str:
    if value not in ("success", "failure"):
        raise fail("'outcome' must be success or failure")
    return str(value)


class Effect(BaseModel):
    """An indicator change: the indicator's id and a whole-number delta."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    indicator: str
    delta: int = Field(ge=-MAX_DELTA, le=MAX_DELTA)


class OutcomeEffects(BaseModel):
    """The effects of a free argument's success and of its failure."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    success: list[Effect] = Field(default_factory=list, max_length=MAX_EFFECTS)
    failure: list[Effect] = Field(default_factory=list, max_length=MAX_EFFECTS)


Effects = Annotated[
    Annotated[list[Effect], Field(max_length=MAX_EFFECTS)] | None,
    BeforeValidator(optional_check(effects_value)),
]
EffectsByOutcome = Annotated[
    Annotated[list[Effect], Field(max_length=MAX_EFFECTS)] | OutcomeEffects | None,
    Field(description="for a free argument: a list (on success) or {success, failure}"),
    BeforeValidator(optional_check(_outcome_effects)),
]


class FreeArgument(BaseModel):
    """A matrix-game argument: the action, the result it aims at, and up to three reasons."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    action: Text
    result: Text
    reasons: Annotated[
        list[Annotated[str, Field(max_length=MAX_TEXT, pattern=NO_NUL)]],
        BeforeValidator(lambda value: [] if value is None else value),
        AfterValidator(lambda value: _reasons(value, "reasons")),
        Field(max_length=MAX_REASONS),
    ] = []


FreeArgumentField = Annotated[
    FreeArgument | None,
    Field(description="for 'free': the matrix-game argument"),
    BeforeValidator(optional_check(_free_argument)),
]


# ---- the base of every command -------------------------------------------------------------


class CommandModel(BaseModel):
    """A command's body. ``type`` names the command; ``expected_seq`` and ``display_name`` are
    read by the API before the engine sees the command, and every command may carry them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    TYPE: ClassVar[str]

    expected_seq: Annotated[int, Field(ge=0)] | None = Field(
        default=None, description="refuse with 409 unless the game is still at this seq"
    )
    display_name: Annotated[str, Field(max_length=MAX_DISPLAY_NAME)] | None = None

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        field = cls.model_fields.get("type")
        if field is not None:
            cls.TYPE = get_args(field.annotation)[0]


def _missing_message(model: type[BaseModel], key: str) -> str:
    field = model.model_fields.get(key)
    for marker in field.metadata if field else ():
        if isinstance(marker, Required):
            return marker.message.replace("{key}", key)
    return f"'{key}' is required"


def _path(loc: tuple[int | str, ...]) -> str:
    """Where in the body: ``argument.reasons`` (list positions left out), at most 60 characters
    of it (a client's unknown field may be any length)."""
    path = ".".join(str(part) for part in loc if not isinstance(part, int) or part is loc[0])
    return path if len(path) <= 60 else path[:60] + "..."


def rejection_of(model: type[BaseModel], error: ValidationError) -> Reject:
    """The rejection for a command that failed validation: its first error, in the words the
    engine has always used, an unknown field named (with the field it may have meant)."""
    first = error.errors(include_url=False)[0]
    kind, loc = first["type"], tuple(first["loc"])
    key = _path(loc)
    if kind == "extra_forbidden":
        fields = [name for name in model.model_fields if name != "type"]
        if len(loc) > 1:  # a field inside a nested object
            return invalid(f"'{key}' is not a field of this command", "unknown_field")
        close = difflib.get_close_matches(str(loc[-1])[:100], fields, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        command = getattr(model, "TYPE", "this command")
        return invalid(f"'{key}' is not a field of {command}{hint}", "unknown_field")
    if kind == "missing":
        if len(loc) == 1:
            return invalid(_missing_message(model, str(loc[0])))
        return invalid(f"'{loc[-1]}' is required")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return invalid(f"'{key}' must be an object")
    if kind in CODES:  # one of the checks above, in its own words
        return invalid(first["msg"], kind)
    # A check pydantic made itself (a type or a limit the kinds above did not catch first).
    return invalid(f"'{key}': {first['msg'][:1].lower()}{first['msg'][1:]}")


# A person's name: a member of a team, an analyst, an adjudicator of the White Cell. An event's
# actor keeps at most 120 characters of a name.
MAX_PERSON_NAME = 80
PersonName = Annotated[
    str,
    Field(min_length=1, max_length=MAX_PERSON_NAME, pattern=SOME_TEXT),
    BeforeValidator(required_check(_text_check(MAX_PERSON_NAME, required=True))),
]
