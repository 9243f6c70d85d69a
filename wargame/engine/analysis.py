"""Analysis: the collection plan, the analysts, and their tagged observations.

The White Cell replaces the game's collection plan before the start
(``set_collection_plan``); it adds analysts by name (``add_analyst``), each with a grant: the
public record (what the observer sees) or everything (an analyst sitting in the White Cell),
changes a grant (``grant_analyst``) and removes an analyst (``remove_analyst``). The server
issues each analyst a link of its own once the analyst is in the log (a credential, kept
outside the log). An analyst, or the White Cell, adds observations (``add_observation``): a
text, tags from the plan or free ones, and the seq of the event it is about.

All of it is for analysts and the White Cell alone: the events' audience is ``["analyst"]``
(control sees every event), and ``views.project_event`` and the views keep them from seats and
the observer even once the record is opened to everyone. Nothing here goes into a timeline.

The state holds ``analysts``, ``observations`` (a counter; the observations themselves go to
the journal) and ``collection_plan`` only once first used, so the state of a game without them
(and every state hash recorded before they existed) is what it always was.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .codec import deep_copy
from .common import ANALYST, CONTROL, invalid, rules
from .context import CommandSpec, Context, Draft, Event, Evolver, Journal, State, command, new_id
from .fields import (
    CommandModel,
    Identifier,
    PersonName,
    Text,
)
from .plan import MAX_ITEMS, MAX_QUESTIONS, TAG_PATTERN, is_tag, normalised, plan_problems

AUDIENCE = [ANALYST]  # and control, which sees every event
GRANTS = ("public", "all")
MAX_ANALYSTS = 50
MAX_TAGS = 10

Grant = Annotated[
    Literal["public", "all"],
    Field(description="public: what the observer sees; all: everything the White Cell sees"),
]
Tag = Annotated[str, Field(pattern=TAG_PATTERN, max_length=40)]


class PlanQuestion(BaseModel):
    """One of the study's questions, and what will answer it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, Field(min_length=1, max_length=100)]
    question: Annotated[str, Field(min_length=1, max_length=2000)]
    indicators: Annotated[list[str], Field(max_length=MAX_ITEMS)] = []
    decisions: Annotated[list[str], Field(max_length=MAX_ITEMS)] = []
    tags: Annotated[list[str], Field(max_length=MAX_ITEMS)] = []
    questionnaire: Annotated[list[str], Field(max_length=MAX_ITEMS)] = []


class SetCollectionPlan(CommandModel):
    """Control, before the start: replace the game's collection plan (the study's questions)."""

    type: Literal["set_collection_plan"]
    questions: Annotated[list[PlanQuestion], Field(max_length=MAX_QUESTIONS)]


class AddAnalyst(CommandModel):
    """Control: a named analyst; the server then issues the analyst's own link."""

    type: Literal["add_analyst"]
    name: PersonName
    grant: Grant = "public"


class GrantAnalyst(CommandModel):
    """Control: change what an analyst sees (the public record, or everything)."""

    type: Literal["grant_analyst"]
    analyst: Identifier
    grant: Grant


class RemoveAnalyst(CommandModel):
    """Control: the analyst leaves the game; the analyst's link stops working."""

    type: Literal["remove_analyst"]
    analyst: Identifier


class AddObservation(CommandModel):
    """Analyst or control: an observation, tagged, about the event at a seq."""

    type: Literal["add_observation"]
    text: Text
    tags: Annotated[list[Tag], Field(max_length=MAX_TAGS)] = []
    seq: Annotated[int, Field(ge=1, description="the seq of the event it is about")] | None = None


def analysts(state: State) -> dict[str, Any]:
    """``{"count": analysts ever added, "people": {id: {name, grant}}}`` (the analysts in the
    game), and ``"gone"`` (the same, for those removed) once one was."""
    found: dict[str, Any] | None = state.get("analysts")
    return found if found is not None else {"count": 0, "people": {}}


def collection_plan(state: State) -> list[dict[str, Any]]:
    """The game's plan: the White Cell's, else the scenario's, else none."""
    plan: list[dict[str, Any]] | None = state.get("collection_plan")
    if plan is None:
        plan = state["scenario"].get("collection_plan", [])
    return plan


def record(state: State, journal: Journal) -> dict[str, Any]:
    """The study's record, for analysts and the White Cell alone (never in a role's view): the
    plan, the analysts and every observation, in seq order, from the journal up to the state."""
    seq = state["seq"]
    return {
        "collection_plan": deep_copy(collection_plan(state)),
        "analysts": [
            {"id": analyst_id, "name": person["name"], "grant": person["grant"], "removed": gone}
            for gone, key in ((False, "people"), (True, "gone"))
            for analyst_id, person in analysts(state).get(key, {}).items()
        ],
        "observations": [
            deep_copy(entry["item"])
            for entry in journal
            if entry["kind"] == "observation" and entry["seq"] <= seq
        ],
    }


def _analyst(ctx: Context, analyst_id: str) -> dict[str, Any]:
    person: dict[str, Any] | None = analysts(ctx.state)["people"].get(analyst_id)
    if person is None:
        raise rules("no_analyst", "no such analyst in this game")
    return person


@command(
    SetCollectionPlan,
    {CONTROL},
    while_paused=True,
    emits='`collection_plan_set` (audience `["analyst"]`)',
)
def set_collection_plan(ctx: Context, cmd: SetCollectionPlan) -> list[Draft]:
    if ctx.state["status"] != "setup":
        raise rules("plan_fixed", "the collection plan can only be changed before the game starts")
    plan = [question.model_dump() for question in cmd.questions]
    indicators = [spec["id"] for spec in ctx.scenario["indicators"]]
    problems = plan_problems(plan, ctx.seats, indicators, "questions")
    if problems:
        where, what = problems[0]
        raise invalid(f"'{where}' {what}", "invalid_plan")
    return [ctx.event("collection_plan_set", {"questions": normalised(plan)}, AUDIENCE)]


@command(AddAnalyst, {CONTROL}, while_paused=True, emits='`analyst_added` (audience `["analyst"]`)')
def add_analyst(ctx: Context, cmd: AddAnalyst) -> list[Draft]:
    roster = analysts(ctx.state)
    if len(roster["people"]) >= MAX_ANALYSTS:
        raise rules("too_many_analysts", f"a game has at most {MAX_ANALYSTS} analysts")
    analyst_id = new_id(ctx.state, "an", roster["count"] + 1)
    data = {"analyst": analyst_id, "name": cmd.name, "grant": cmd.grant}
    return [ctx.event("analyst_added", data, AUDIENCE)]


@command(
    GrantAnalyst, {CONTROL}, while_paused=True, emits='`analyst_granted` (audience `["analyst"]`)'
)
def grant_analyst(ctx: Context, cmd: GrantAnalyst) -> list[Draft]:
    person = _analyst(ctx, cmd.analyst)
    if person["grant"] == cmd.grant:
        raise rules("already_granted", f"{person['name']} already has the {cmd.grant} grant")
    data = {"analyst": cmd.analyst, "name": person["name"], "grant": cmd.grant}
    return [ctx.event("analyst_granted", data, AUDIENCE)]


@command(
    RemoveAnalyst, {CONTROL}, while_paused=True, emits='`analyst_removed` (audience `["analyst"]`)'
)
def remove_analyst(ctx: Context, cmd: RemoveAnalyst) -> list[Draft]:
    person = _analyst(ctx, cmd.analyst)
    return [
        ctx.event("analyst_removed", {"analyst": cmd.analyst, "name": person["name"]}, AUDIENCE)
    ]


@command(
    AddObservation,
    {ANALYST, CONTROL},
    while_paused=True,
    emits='`observation_added` (audience `["analyst"]`)',
)
def add_observation(ctx: Context, cmd: AddObservation) -> list[Draft]:
    if cmd.seq is not None and cmd.seq > ctx.state["seq"]:
        raise invalid(f"there is no event at seq {cmd.seq} yet", "unknown_seq")
    tags: list[str] = []
    for tag in cmd.tags:
        tag = tag.strip()
        if not is_tag(tag):
            raise invalid("a tag is 1 to 40 letters, digits, spaces or _ . : -", "invalid_tag")
        if tag not in tags:
            tags.append(tag)
    count = ctx.state.get("observations", {"count": 0})["count"]
    data = {
        "observation": new_id(ctx.state, "ob", count + 1),
        "text": cmd.text,
        "tags": tags,
        "about_seq": cmd.seq,
    }
    return [ctx.event("observation_added", data, AUDIENCE)]


def _analysts_of(state: State) -> dict[str, Any]:
    if "analysts" not in state:
        state["analysts"] = {"count": 0, "people": {}}
    found: dict[str, Any] = state["analysts"]
    return found


def _collection_plan_set(state: State, event: Event, out: Journal) -> None:
    state["collection_plan"] = [dict(q) for q in event["data"]["questions"]]


def _analyst_added(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    roster = _analysts_of(state)
    roster["count"] += 1
    roster["people"][data["analyst"]] = {"name": data["name"], "grant": data["grant"]}


def _analyst_granted(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    _analysts_of(state)["people"][data["analyst"]]["grant"] = data["grant"]


def _analyst_removed(state: State, event: Event, out: Journal) -> None:
    roster = _analysts_of(state)
    person = roster["people"].pop(event["data"]["analyst"], None)
    if person is not None:  # kept for the record: who studied the game, if no longer
        roster.setdefault("gone", {})[event["data"]["analyst"]] = person


def _observation_added(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    if "observations" not in state:
        state["observations"] = {"count": 0}
    state["observations"]["count"] += 1
    actor = event["actor"]
    analyst = actor.get("member")  # an analyst acts under its own id, as a member does
    out.append(
        {
            "kind": "observation",
            "seq": event["seq"],
            "item": {
                "id": data["observation"],
                "seq": event["seq"],
                "at": event["at"],
                "turn": state["turn"],
                "phase": state["phase"],
                "role": actor.get("role"),
                "analyst": analyst["id"] if isinstance(analyst, dict) else None,
                "author": actor.get("name"),
                "text": data["text"],
                "tags": list(data["tags"]),
                "about_seq": data["about_seq"],
            },
        }
    )


COMMANDS: list[CommandSpec[Any]] = [
    set_collection_plan,
    add_analyst,
    grant_analyst,
    remove_analyst,
    add_observation,
]
EVOLVERS: dict[str, Evolver] = {
    "collection_plan_set": _collection_plan_set,
    "analyst_added": _analyst_added,
    "analyst_granted": _analyst_granted,
    "analyst_removed": _analyst_removed,
    "observation_added": _observation_added,
}
# The events only analysts and the White Cell may ever see (views.project_event).
ANALYSTS_ONLY = frozenset(EVOLVERS)
