"""The registry: joins the command families into the one table ``decide`` dispatches on and
the one table of evolve handlers ``fold`` applies events with.

A family is a module listing ``COMMANDS`` (a CommandSpec per command: its model, its decide
handler, who may send it) and ``EVOLVERS`` (the evolve handler of each event it emits). A new
command goes into the family of the part of the game it changes; a new family is added to
FAMILIES here.
"""

from __future__ import annotations

from typing import Any

from . import (
    adjudication,
    analysis,
    clock,
    debate,
    drafts,
    estimates,
    hotwash,
    lifecycle,
    members,
    orders,
    phase_clock,
    reveal,
    run_sheet,
    seat_bots,
    talk,
    world,
)
from .codec import deep_copy
from .common import (
    ANALYST,
    CONTROL,
    MAX_SHORT_TEXT,
    OBSERVER,
    Reject,
    Rejection,
    forbidden,
    invalid,
    rules,
)
from .context import SEAT, CommandSpec, Context, Draft, Evolver, State
from .fields import CommandModel, ValidationError, rejection_of

FAMILIES = (
    lifecycle,
    clock,
    orders,
    debate,
    adjudication,
    reveal,
    world,
    run_sheet,
    talk,
    members,
    seat_bots,
    drafts,
    phase_clock,
    analysis,
    hotwash,
    estimates,
)

COMMANDS: dict[str, CommandSpec[Any]] = {
    spec.type: spec for family in FAMILIES for spec in family.COMMANDS
}
EVOLVERS: dict[str, Evolver] = {
    kind: handler for family in FAMILIES for kind, handler in family.EVOLVERS.items()
}
MODELS: dict[str, type[CommandModel]] = {kind: spec.model for kind, spec in COMMANDS.items()}


def _actor(state: State, actor: Any) -> dict[str, Any]:
    if not isinstance(actor, dict):
        raise forbidden("unknown actor")
    role = actor.get("role")
    if not isinstance(role, str) or (
        role not in (CONTROL, OBSERVER, ANALYST) and role not in state["scenario"]["seats"]
    ):
        raise forbidden("unknown role", "unknown_role")
    name = actor.get("name")
    if not isinstance(name, str):
        name = None
    else:
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            name = None
    checked: dict[str, Any] = {"role": role, "name": name[:MAX_SHORT_TEXT] if name else name}
    member = actor.get("member")
    if (
        role not in (CONTROL, OBSERVER)
        and isinstance(member, dict)
        and isinstance(member.get("id"), str)
        and isinstance(member.get("name"), str)
    ):
        # The named member of the seat who acted (a member's own join link); absent for the
        # seat's shared link, so events recorded without members keep their hashes.
        checked["member"] = {"id": member["id"], "name": member["name"][:MAX_SHORT_TEXT]}
    if role == ANALYST:
        # An analyst acts under its own name, as a member does (``analysis``): one the White
        # Cell added and has not removed.
        found = checked.get("member")
        if found is None or found["id"] not in analysis.analysts(state)["people"]:
            raise forbidden("no such analyst in this game", "no_analyst")
    if (
        role == CONTROL
        and isinstance(member, dict)
        and member.get("id") in estimates.estimates_of(state)["adjudicators"]
        and isinstance(member.get("name"), str)
    ):
        # A named adjudicator of the White Cell (their own link, ``estimates``); absent for
        # the facilitator, so events recorded before adjudicators existed keep their hashes.
        checked["member"] = {"id": member["id"], "name": member["name"][:MAX_SHORT_TEXT]}
    if actor.get("bot") is True:
        # A bot playing its seat (``seat_bots``); absent for people, so events recorded before
        # bots existed keep their hashes. Only a seat a bot plays may act as one.
        if role not in seat_bots.bot_seats(state):
            raise forbidden(f"no bot plays {role}", "not_a_bot_seat")
        checked["bot"] = True
    return checked


def _decide(state: State | None, command: Any, actor: Any, now: str) -> list[Draft]:
    if state is None:
        raise rules("no_game", "there is no game yet")
    if not isinstance(command, dict):
        raise invalid("a command must be a JSON object with a 'type'")
    kind = command.get("type")
    if not isinstance(kind, str):
        raise invalid("a command needs a 'type' string")
    spec = COMMANDS.get(kind)
    if spec is None:
        shown = kind if len(kind) <= 40 else kind[:40] + "..."
        raise invalid(f"unknown command type {shown!r}", "unknown_command")
    checked = _actor(state, actor)
    role = checked["role"]
    role_class = role if role in (CONTROL, OBSERVER, ANALYST) else SEAT
    if role_class not in spec.roles:
        raise forbidden(f"the {role} role may not {kind.replace('_', ' ')}")
    if state["paused"] and role != CONTROL and not spec.while_paused:
        raise rules("game_paused", "the game is paused")
    try:
        body = spec.model.model_validate(command)
    except ValidationError as error:
        raise rejection_of(spec.model, error) from None
    return spec.handler(Context(state, checked, now), body)


def decide(state: State | None, command: Any, *, actor: Any, now: str) -> list[Draft] | Rejection:
    """The events a command produces, or a Rejection saying why it may not happen."""
    try:
        drafts = _decide(state, command, actor, now)
    except Reject as exc:
        return exc.rejection
    # Drafts may quote parts of the state; a copy keeps the two from ever sharing objects.
    result: list[Draft] = deep_copy(drafts)
    return result
