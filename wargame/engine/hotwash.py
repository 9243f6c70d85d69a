"""Hotwash: questions put to the players while they remember, and their answers.

Questions come from two places. The scenario writes some (``questionnaires``: at the end of a
turn, or at the end of the game; to every seat or to chosen seats), which open by themselves
when their moment comes and need no event. The White Cell asks others as the game goes
(``ask_question``), to chosen seats or named members, optionally tied to a decision: given
moves, or "that seat's moves of turn N" (the question's text may name it, "Why did you not
restrict trade in turn 2?"). A question is free text, a scale with labelled ends, or a choice.

Players answer in their console (``answer_question``), each member for themselves; the seat's
shared link answers as the seat. An answer's audience is its team (and control, who asked):
another team sees it only once the record is open, like every other team secret.

The state holds ``hotwash`` only once the first question is asked or answered, so the state of
a game without (and every state hash recorded before questionnaires existed) is unchanged.

Over 400 lines because a question's fields, when the scenario's questions open, who may answer
and what each role sees of the answers are one rule of who is asked what, kept in one place.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from .common import CONTROL, MAX_SHORT_TEXT, can_see, invalid, rules
from .context import (
    SEAT,
    CommandSpec,
    Context,
    Draft,
    Event,
    Evolver,
    Journal,
    State,
    command,
    new_id,
    seat_list,
)
from .fields import (
    MAX_IDENTIFIER,
    NO_NUL,
    SOME_TEXT,
    CommandModel,
    Identifier,
    OptionalSeats,
    OptionalText,
    Text,
    _text_check,
    fail,
    identifier_value,
    optional_check,
)
from .journal import note
from .members import roster

KINDS = ("text", "scale", "choice")
MAX_CHOICES = 12
MAX_QUESTION_MOVES = 20


def _kind(value: Any, key: str) -> str:
    if value not in KINDS:
        raise fail(f"'{key}' must be one of {', '.join(KINDS)}")
    return str(value)


def _id_list(most: int) -> Any:
    def check(value: Any, key: str) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise fail(f"'{key}' must be a list of strings")
        if len(value) > most:
            raise fail(f"'{key}' names at most {most}")
        for item in value:
            identifier_value(item, key)
        return value

    return check


def _choices(value: Any, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise fail(f"'{key}' must be a list of strings")
    if not 2 <= len(value) <= MAX_CHOICES:
        raise fail(f"'{key}' must list 2 to {MAX_CHOICES} choices")
    return [str(_text_check(MAX_SHORT_TEXT, required=True)(item, key)) for item in value]


def _bounded(low: int, high: int) -> Any:
    def check(value: Any, key: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise fail(f"'{key}' must be a whole number from {low} to {high}")
        return value

    return check


_scale_bound = _bounded(-100, 100)
IdText = Annotated[str, Field(min_length=1, max_length=MAX_IDENTIFIER, pattern=NO_NUL)]
QuestionKind = Annotated[
    Literal["text", "scale", "choice"] | None,
    BeforeValidator(optional_check(_kind)),
]
Choices = Annotated[
    Annotated[
        list[Annotated[str, Field(min_length=1, max_length=MAX_SHORT_TEXT, pattern=SOME_TEXT)]],
        Field(min_length=2, max_length=MAX_CHOICES),
    ]
    | None,
    BeforeValidator(optional_check(_choices)),
]
ScaleBound = Annotated[
    Annotated[int, Field(ge=-100, le=100)] | None,
    BeforeValidator(optional_check(_scale_bound)),
]
Label = Annotated[
    Annotated[str, Field(max_length=MAX_SHORT_TEXT, pattern=NO_NUL)] | None,
    BeforeValidator(optional_check(_text_check(MAX_SHORT_TEXT, required=False))),
]
MemberIds = Annotated[
    Annotated[list[IdText], Field(max_length=50)] | None,
    BeforeValidator(optional_check(_id_list(50))),
]
MoveIds = Annotated[
    Annotated[list[IdText], Field(max_length=MAX_QUESTION_MOVES)] | None,
    BeforeValidator(optional_check(_id_list(MAX_QUESTION_MOVES))),
]
Turn = Annotated[
    Annotated[int, Field(ge=1, le=50)] | None,
    BeforeValidator(optional_check(_bounded(1, 50))),
]


class AskQuestion(CommandModel):
    """Control: a question to chosen seats and/or named members: free text, a scale from
    scale_min to scale_max with labelled ends, or a choice; tied to a decision with about_moves
    (move ids) or about_turn (the asked seat's moves of that turn), asked then of one seat."""

    type: Literal["ask_question"]
    text: Text
    kind: QuestionKind = None
    seats: OptionalSeats = None
    members: MemberIds = None
    choices: Choices = None
    scale_min: ScaleBound = None
    scale_max: ScaleBound = None
    low_label: Label = None
    high_label: Label = None
    about_moves: MoveIds = None
    about_turn: Turn = None


class AnswerQuestion(CommandModel):
    """Seat (each member for themselves; the shared link as the seat): answer a question put
    to it: 'text' for free text (and as a comment on any kind), 'value' on a scale, 'choice'
    one of the choices."""

    type: Literal["answer_question"]
    question_id: Identifier
    text: OptionalText = None
    value: ScaleBound = None
    choice: Label = None


def hotwash_of(state: State) -> dict[str, Any]:
    found: dict[str, Any] | None = state.get("hotwash")
    return found if found is not None else {"count": 0, "questions": {}, "answers": []}


def _turn_over(state: State, turn: int) -> bool:
    """Whether turn ``turn`` has been played out (its last phase reached, or later; a game
    ended early leaves the turns it never reached unplayed)."""
    if state["turn"] > turn:
        return True
    if state["status"] == "ended":
        return bool(state["turn"] == turn)
    phases = state["scenario"]["phases"]
    return bool(state["turn"] == turn and state["phase"] == phases[-1])


def scenario_questions(state: State) -> list[dict[str, Any]]:
    """The scenario's questions that have opened so far, one per turn for those asked at the
    end of each turn: ids ``q:<id>:<turn>`` and ``q:<id>:end``."""
    found: list[dict[str, Any]] = []
    if state["status"] == "setup":
        return found
    scenario = state["scenario"]
    seats = list(scenario["roles"])
    for spec in scenario.get("questionnaires") or []:
        asked = seats if spec["to"] == "all" else list(spec["to"])
        base = {
            "text": spec["text"],
            "kind": spec["kind"],
            "choices": list(spec["choices"]),
            "scale": dict(spec["scale"]) if spec["scale"] else None,
            "seats": asked,
            "members": [],
            "source": "scenario",
            "seq": None,
        }
        if spec["when"] == "end_of_game":
            if state["status"] == "ended":
                about = {"own_moves": True, "turn": None} if spec["about"] == "own_moves" else None
                found.append({**base, "id": f"q:{spec['id']}:end", "turn": None, "about": about})
            continue
        turns = spec["turns"] or list(range(1, scenario["turns"] + 1))
        for turn in turns:
            if _turn_over(state, turn):
                about = {"own_moves": True, "turn": turn} if spec["about"] == "own_moves" else None
                question = {**base, "id": f"q:{spec['id']}:{turn}", "turn": turn, "about": about}
                found.append(question)
    return found


def all_questions(state: State) -> list[dict[str, Any]]:
    asked = sorted(hotwash_of(state)["questions"].values(), key=lambda q: q["seq"])
    return scenario_questions(state) + asked


def find_question(state: State, question_id: str) -> dict[str, Any] | None:
    for question in all_questions(state):
        if question["id"] == question_id:
            return question
    return None


def decision_moves(state: State, question: dict[str, Any], seat: str) -> list[str]:
    """The moves a question asks ``seat`` about (none when it is tied to no decision)."""
    about = question.get("about")
    if not about:
        return []
    if about.get("move_ids"):
        return [m for m in about["move_ids"] if state["moves"][m]["seat"] == seat]
    moves = [
        move
        for move in state["moves"].values()
        if move["seat"] == seat
        and (about.get("turn") is None or move["turn"] == about["turn"])
        and move["status"] not in ("submitted", "withdrawn")
    ]
    return [m["id"] for m in sorted(moves, key=lambda m: (m["turn"], m["id"]))]


def _shape(cmd: AskQuestion) -> dict[str, Any]:
    kind = cmd.kind or "text"
    if kind == "choice":
        if not cmd.choices or len(set(cmd.choices)) != len(cmd.choices):
            raise invalid("a 'choice' question needs 'choices': 2 or more, each once")
    elif cmd.choices is not None:
        raise invalid("'choices' belong to a 'choice' question")
    scale = None
    if kind == "scale":
        low = 1 if cmd.scale_min is None else cmd.scale_min
        high = 5 if cmd.scale_max is None else cmd.scale_max
        if high <= low:
            raise invalid("'scale_max' must be above 'scale_min'")
        scale = {"min": low, "max": high, "low": cmd.low_label or "", "high": cmd.high_label or ""}
    elif any(v is not None for v in (cmd.scale_min, cmd.scale_max, cmd.low_label, cmd.high_label)):
        raise invalid("'scale_min', 'scale_max' and the labels belong to a 'scale' question")
    return {"kind": kind, "choices": list(cmd.choices or []), "scale": scale}


@command(AskQuestion, {CONTROL}, emits="`question_asked` (audience the seats asked)")
def ask_question(ctx: Context, cmd: AskQuestion) -> list[Draft]:
    if ctx.state["status"] == "setup":
        raise rules("not_running", "the game has not started")
    seats = seat_list(ctx, cmd.seats, "seats", required=False)
    people = roster(ctx.state)["people"]
    members: list[dict[str, str]] = []
    for member_id in cmd.members or []:
        person = people.get(member_id)
        if person is None:
            raise invalid(f"there is no member {member_id[:40]!r}", "unknown_member")
        if any(m["id"] == member_id for m in members):
            raise invalid(f"'members' names {member_id[:40]!r} twice")
        members.append({"id": member_id, "name": person["name"], "seat": person["seat"]})
    asked = list(seats)
    for member in members:
        if member["seat"] not in asked:
            asked.append(member["seat"])
    if not asked:
        raise invalid("a question is asked of 'seats' or 'members' (name at least one)")
    about: dict[str, Any] | None = None
    if cmd.about_moves is not None or cmd.about_turn is not None:
        if len(asked) != 1:
            raise invalid(
                "a question tied to a decision is asked of one seat, whose decision it is"
            )
        seat = asked[0]
        if cmd.about_moves is not None and cmd.about_turn is not None:
            raise invalid("tie a question to 'about_moves' or to 'about_turn', not both")
        if cmd.about_moves is not None:
            if not 0 < len(cmd.about_moves) <= MAX_QUESTION_MOVES:
                raise invalid(f"'about_moves' names 1 to {MAX_QUESTION_MOVES} moves")
            for move_id in cmd.about_moves:
                move = ctx.state["moves"].get(move_id)
                if move is None or move["seat"] != seat:
                    raise invalid(f"{seat} made no move {move_id[:40]!r}", "unknown_move")
            about = {"move_ids": list(dict.fromkeys(cmd.about_moves)), "turn": None}
        else:
            assert cmd.about_turn is not None
            if not 1 <= cmd.about_turn <= ctx.state["turn"]:
                raise invalid(
                    f"'about_turn' must be a turn played so far (1 to {ctx.state['turn']})"
                )
            about = {"own_moves": True, "turn": cmd.about_turn}
    question_id = new_id(ctx.state, "q", hotwash_of(ctx.state)["count"] + 1)
    data = {
        "question_id": question_id,
        "text": cmd.text,
        **_shape(cmd),
        "seats": asked,
        "members": members,
        "about": about,
        "turn": ctx.state["turn"],
    }
    return [ctx.event("question_asked", data, asked)]


def _answer(question: dict[str, Any], cmd: AnswerQuestion) -> dict[str, Any]:
    kind = question["kind"]
    if kind == "scale":
        scale = question["scale"]
        if cmd.value is None:
            raise invalid(f"this question asks for a 'value' from {scale['min']} to {scale['max']}")
        if not scale["min"] <= cmd.value <= scale["max"]:
            raise invalid(f"'value' must be from {scale['min']} to {scale['max']}")
    elif cmd.value is not None:
        raise invalid("'value' answers a scale question")
    if kind == "choice":
        if cmd.choice not in question["choices"]:
            raise invalid(f"'choice' must be one of: {', '.join(question['choices'])}")
    elif cmd.choice is not None:
        raise invalid("'choice' answers a choice question")
    if kind == "text" and not (cmd.text or "").strip():
        raise invalid("'text' is required (the answer)")
    return {"text": cmd.text or "", "value": cmd.value, "choice": cmd.choice}


@command(
    AnswerQuestion,
    {SEAT},
    while_paused=True,
    emits="`question_answered` (audience the seat)",
)
def answer_question(ctx: Context, cmd: AnswerQuestion) -> list[Draft]:
    seat = ctx.role
    question = find_question(ctx.state, cmd.question_id)
    if question is None or seat not in question["seats"]:
        raise invalid(f"there is no question {cmd.question_id[:40]!r}", "unknown_question")
    member = ctx.actor.get("member")
    named = [m["id"] for m in question["members"] if m["seat"] == seat]
    if seat not in _whole_seats(question) and (member is None or member["id"] not in named):
        raise rules("not_asked", "this question was put to named members of the team")
    respondent = member["id"] if member else None
    for answer in hotwash_of(ctx.state)["answers"]:
        if (
            answer["question_id"] == question["id"]
            and answer["seat"] == seat
            and answer["member"] == respondent
        ):
            raise rules("already_answered", "you have answered this question")
    data = {
        "question_id": question["id"],
        "seat": seat,
        "member": respondent,
        **_answer(question, cmd),
    }
    return [ctx.event("question_answered", data, [seat])]


def _whole_seats(question: dict[str, Any]) -> list[str]:
    """The seats a question was put to as a whole (not only through named members)."""
    if question["source"] == "scenario":
        return list(question["seats"])
    member_seats = {m["seat"] for m in question["members"]}
    return [s for s in question["seats"] if s not in member_seats or s in question["asked_seats"]]


def _hotwash(state: State) -> dict[str, Any]:
    if "hotwash" not in state:
        state["hotwash"] = {"count": 0, "questions": {}, "answers": []}
    found: dict[str, Any] = state["hotwash"]
    return found


def _question_asked(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    hotwash = _hotwash(state)
    hotwash["count"] += 1
    member_seats = {m["seat"] for m in data["members"]}
    hotwash["questions"][data["question_id"]] = {
        "id": data["question_id"],
        "text": data["text"],
        "kind": data["kind"],
        "choices": list(data["choices"]),
        "scale": dict(data["scale"]) if data["scale"] else None,
        "seats": list(data["seats"]),
        # Seats asked as a whole, besides those asked only through named members.
        "asked_seats": [s for s in data["seats"] if s not in member_seats],
        "members": [dict(m) for m in data["members"]],
        "about": dict(data["about"]) if data["about"] else None,
        "turn": data["turn"],
        "source": "white_cell",
        "seq": event["seq"],
    }
    note(out, state, event, {"seats": list(data["seats"]), "text": data["text"][:120]})


def _question_answered(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    actor_member = event["actor"].get("member")
    _hotwash(state)["answers"].append(
        {
            "question_id": data["question_id"],
            "seat": data["seat"],
            "member": data["member"],
            "name": actor_member["name"] if actor_member else None,
            "text": data["text"],
            "value": data["value"],
            "choice": data["choice"],
            "seq": event["seq"],
            "at": event["at"],
        }
    )
    note(out, state, event, {"seat": data["seat"], "question_id": data["question_id"]})


def questionnaire_view(state: State, role: str, full: bool) -> list[dict[str, Any]]:
    """The questions ``role`` was asked (every question for control and once the record is
    open), each with the answers it may see and, per seat, the decision it is tied to."""
    answers = hotwash_of(state)["answers"]
    result = []
    for question in all_questions(state):
        if not can_see(question["seats"], role, full=full):
            continue
        seats = question["seats"] if full or role == CONTROL else [role]
        shown = {
            key: question[key]
            for key in ("id", "text", "kind", "choices", "scale", "turn", "source", "seq")
        }
        shown["seats"] = list(question["seats"]) if full else [role]
        shown["members"] = [
            {"id": m["id"], "name": m["name"], "seat": m["seat"]}
            for m in question["members"]
            if m["seat"] in seats
        ]
        shown["whole_seats"] = [s for s in _whole_seats(question) if s in seats]
        shown["about"] = {seat: decision_moves(state, question, seat) for seat in seats}
        shown["tied"] = question["about"] is not None
        shown["answers"] = [
            dict(answer)
            for answer in answers
            if answer["question_id"] == question["id"] and answer["seat"] in seats
        ]
        result.append(shown)
    return result


COMMANDS: list[CommandSpec[Any]] = [ask_question, answer_question]
EVOLVERS: dict[str, Evolver] = {
    "question_asked": _question_asked,
    "question_answered": _question_answered,
}
