"""Members: the named people of a seat, and the one each team marks as its lead.

The White Cell adds a member to a seat (``add_member``) and removes one (``remove_member``);
the server issues each member a join link of its own once the member is in the log (the link
is a credential, kept outside the log). A seat, or the White Cell, marks one of the seat's
members as its lead (``choose_lead``).

The state holds the roster under ``members`` only once the first member is added, so the
state of a game without members (and every state hash recorded before members existed) is
what it always was. A member's name is seen by its own seat and the White Cell (and by
everyone once the record is open); the events say so in their audience.
"""

from __future__ import annotations

from typing import Any, Literal

from .common import CONTROL, forbidden, invalid, rules
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
)
from .fields import (
    CommandModel,
    Identifier,
    PersonName,
    Seat,
)
from .journal import note

# The most members one seat may have at once.
MAX_MEMBERS_PER_SEAT = 50


class AddMember(CommandModel):
    """Control: a named member of a seat; the server then issues the member's own join link."""

    type: Literal["add_member"]
    seat: Seat
    name: PersonName


class RemoveMember(CommandModel):
    """Control: the member leaves the seat; the member's join link stops working."""

    type: Literal["remove_member"]
    member: Identifier


class ChooseLead(CommandModel):
    """Seat (its own members) or control: mark one member of the seat as the team's lead."""

    type: Literal["choose_lead"]
    member: Identifier


def roster(state: State) -> dict[str, Any]:
    """``{"count": members ever added, "people": {id: {seat, name}}, "leads": {seat: id}}``."""
    found: dict[str, Any] | None = state.get("members")
    return found if found is not None else {"count": 0, "people": {}, "leads": {}}


def draft_policy(state: State, seat: str) -> str:
    """Who in ``seat`` may submit and lock: "any" member (the default) or only its "lead"
    (``drafts.set_draft_policy``; kept with the team's drafts)."""
    policy: str = state.get("drafts", {}).get("policy", {}).get(seat, "any")
    return policy


def submitter_refusal(state: State, actor: dict[str, Any]) -> str | None:
    """Why the acting member may not submit (a move, a message, a draft) or lock the seat's
    orders, or None if they may. The team's shared link acts for the whole team, and a bot
    for its seat: only a named member who is not the lead is ever refused."""
    member = actor.get("member")
    role = actor["role"]
    if not isinstance(member, dict) or draft_policy(state, role) != "lead":
        return None
    lead = roster(state)["leads"].get(role)
    if lead is None:
        return "the team chose that only its lead submits, and it has no lead now"
    if lead != member["id"]:
        return "the team chose that only its lead submits and locks"
    return None


def require_submitter(ctx: Context) -> None:
    refusal = submitter_refusal(ctx.state, ctx.actor)
    if refusal is not None:
        raise forbidden(refusal, "lead_only")


def _member(ctx: Context, member_id: str) -> dict[str, Any]:
    person: dict[str, Any] | None = roster(ctx.state)["people"].get(member_id)
    if person is None or (ctx.role != CONTROL and person["seat"] != ctx.role):
        raise rules("no_member", "no such member in this seat")
    return person


@command(AddMember, {CONTROL}, while_paused=True, emits="`member_added` (audience the seat)")
def add_member(ctx: Context, cmd: AddMember) -> list[Draft]:
    if cmd.seat not in ctx.seats:
        raise invalid(f"unknown seat {cmd.seat[:40]!r}", "unknown_seat")
    people = roster(ctx.state)["people"]
    if sum(1 for p in people.values() if p["seat"] == cmd.seat) >= MAX_MEMBERS_PER_SEAT:
        raise rules("too_many_members", f"a seat has at most {MAX_MEMBERS_PER_SEAT} members")
    member_id = new_id(ctx.state, "mb", roster(ctx.state)["count"] + 1)
    data = {"member": member_id, "seat": cmd.seat, "name": cmd.name}
    return [ctx.event("member_added", data, [cmd.seat])]


@command(RemoveMember, {CONTROL}, while_paused=True, emits="`member_removed` (audience the seat)")
def remove_member(ctx: Context, cmd: RemoveMember) -> list[Draft]:
    person = _member(ctx, cmd.member)
    data = {"member": cmd.member, "seat": person["seat"], "name": person["name"]}
    return [ctx.event("member_removed", data, [person["seat"]])]


@command(
    ChooseLead,
    {SEAT, CONTROL},
    while_paused=True,
    emits="`lead_chosen` (audience the seat)",
)
def choose_lead(ctx: Context, cmd: ChooseLead) -> list[Draft]:
    person = _member(ctx, cmd.member)
    if roster(ctx.state)["leads"].get(person["seat"]) == cmd.member:
        raise rules("already_lead", f"{person['name']} is already the lead")
    data = {"member": cmd.member, "seat": person["seat"], "name": person["name"]}
    return [ctx.event("lead_chosen", data, [person["seat"]])]


def _roster_of(state: State) -> dict[str, Any]:
    if "members" not in state:
        state["members"] = {"count": 0, "people": {}, "leads": {}}
    found: dict[str, Any] = state["members"]
    return found


def _member_added(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    members = _roster_of(state)
    members["count"] += 1
    members["people"][data["member"]] = {"seat": data["seat"], "name": data["name"]}
    note(out, state, event, {"name": data["name"], "seat": data["seat"]})


def _member_removed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    members = _roster_of(state)
    members["people"].pop(data["member"], None)
    if members["leads"].get(data["seat"]) == data["member"]:
        del members["leads"][data["seat"]]
    note(out, state, event, {"name": data["name"], "seat": data["seat"]})


def _lead_chosen(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    _roster_of(state)["leads"][data["seat"]] = data["member"]
    note(out, state, event, {"name": data["name"], "seat": data["seat"]})


COMMANDS: list[CommandSpec[Any]] = [add_member, remove_member, choose_lead]
EVOLVERS: dict[str, Evolver] = {
    "member_added": _member_added,
    "member_removed": _member_removed,
    "lead_chosen": _lead_chosen,
}
