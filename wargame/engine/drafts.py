"""Drafts: a team works out a move or a message together before it is sent.

A member of a seat (or the seat's shared link) drafts a move (``draft_move``, the fields of
``submit_move``) or a message (``draft_message``, the fields of ``send_message``). Teammates
comment on it (``comment_draft``) and approve it (``approve_draft``, taken back with
``withdraw_approval``); its author revises it (the same command with ``draft_id``: every
revision is kept, and the approvals, which were for the text before, start again) or
withdraws it (``withdraw_draft``). ``submit_draft`` sends it: it decides the real
``submit_move`` or ``send_message`` exactly as if it were sent directly, in the same decision,
and records which draft it came from (``draft_submitted``).

Who may submit, withdraw and lock a team's orders, and send its messages, is the team's
choice (``set_draft_policy``, by its lead or the White Cell): any member (the default) or
only the lead (``members.submitter_refusal``). The seat's shared link acts for the whole team.

A move draft is for the orders phase of the turn it was written (or last revised) in, or of
the next turn when that turn's orders have passed: it can be submitted only then, and once
that phase has passed it is shown as stale until its author revises it. A message draft can
be sent whenever messaging is open.

The state holds the drafts under ``drafts`` only once the first is written (or a policy is
set), so the state of a game without drafts, and every state hash recorded before drafts
existed, is what it always was. Drafts and their comments are seen by their own seat and the
White Cell (by everyone once the record is open): every event's audience is the seat.

Over 400 lines because a draft's rules (what makes it stale, why it cannot be sent now) are
read by its commands and by its view alike, and stay one text beside the events they fold.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from . import orders, talk
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
    require_not_ended,
    seat_list,
)
from .fields import (
    CommandModel,
    FreeArgumentField,
    Identifier,
    OptionalIdentifier,
    OptionalSeats,
    Required,
    Seats,
    Text,
    Visibility,
    _choice,
    _one_of,
    required_check,
)
from .journal import copy_argument, note
from .members import draft_policy, roster, submitter_refusal
from .rules import action_name

# The most drafts (of every status) a seat may have written in one game.
MAX_DRAFTS_PER_SEAT = 500
# The most comments one draft may gather.
MAX_COMMENTS_PER_DRAFT = 200

Submitter = Annotated[
    Literal["lead", "any"],
    BeforeValidator(
        required_check(_choice("lead", "any"), "'{key}' is required " + _one_of("lead", "any"))
    ),
    Required("'{key}' is required " + _one_of("lead", "any")),
]


class DraftMove(CommandModel):
    """Seat: a move for the team to discuss (the fields of submit_move); with draft_id, a new
    revision of the author's own open draft."""

    type: Literal["draft_move"]
    action: Identifier = Field(description="a catalog action id, or 'free'")
    argument: FreeArgumentField = None
    targets: OptionalSeats = None
    visibility: Visibility = None
    rationale: Text = Field(description="the team's own reasoning")
    draft_id: OptionalIdentifier = Field(default=None, description="the draft to revise")


class DraftMessage(CommandModel):
    """Seat: a message for the team to discuss (the fields of send_message); with draft_id, a
    new revision of the author's own open draft."""

    type: Literal["draft_message"]
    to: Seats
    text: Text
    draft_id: OptionalIdentifier = Field(default=None, description="the draft to revise")


class CommentDraft(CommandModel):
    """Seat: a comment on one of the team's drafts."""

    type: Literal["comment_draft"]
    draft_id: Identifier
    text: Text


class ApproveDraft(CommandModel):
    """Seat: approve the current revision of a teammate's open draft."""

    type: Literal["approve_draft"]
    draft_id: Identifier


class WithdrawApproval(CommandModel):
    """Seat: take back one's approval of a draft."""

    type: Literal["withdraw_approval"]
    draft_id: Identifier


class WithdrawDraft(CommandModel):
    """Seat: the author takes back an open draft; it stays in the record."""

    type: Literal["withdraw_draft"]
    draft_id: Identifier


class SubmitDraft(CommandModel):
    """Seat: send an open draft as the real submit_move or send_message, as if sent directly."""

    type: Literal["submit_draft"]
    draft_id: Identifier


class SetDraftPolicy(CommandModel):
    """Seat (its lead) or control: whether only the lead or any member may submit drafts,
    moves and messages and lock the team's orders."""

    type: Literal["set_draft_policy"]
    submitter: Submitter = Field(description="who submits and locks")
    seat: OptionalIdentifier = Field(default=None, description="the seat (control must name it)")


# ---- the state -----------------------------------------------------------------------------


def drafts_of(state: State) -> dict[str, Any]:
    """``{"count", "comments", "items": {id: draft}, "policy": {seat: "lead"|"any"}}``."""
    found: dict[str, Any] | None = state.get("drafts")
    return found if found is not None else {"count": 0, "comments": 0, "items": {}, "policy": {}}


def _drafts_state(state: State) -> dict[str, Any]:
    if "drafts" not in state:
        state["drafts"] = {"count": 0, "comments": 0, "items": {}, "policy": {}}
    found: dict[str, Any] = state["drafts"]
    return found


def _who(ctx: Context) -> dict[str, Any]:
    """The one acting: a member of the seat, or (member None) the seat's shared link."""
    member = ctx.actor.get("member")
    if member is not None:
        return {"member": member["id"], "name": member["name"]}
    return {"member": None, "name": ctx.actor.get("name")}


def _same_person(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["member"] == b["member"])


def _get(ctx: Context, draft_id: str) -> dict[str, Any]:
    """A draft of the sender's own seat (another seat's drafts are not known to it)."""
    draft: dict[str, Any] | None = drafts_of(ctx.state)["items"].get(draft_id)
    if draft is None or draft["seat"] != ctx.role:
        raise invalid(f"there is no draft {draft_id[:40]!r}", "unknown_draft")
    return draft


def _open(draft: dict[str, Any]) -> None:
    if draft["status"] != "open":
        raise rules("draft_closed", f"draft {draft['id']} was {draft['status']}")


def _phase_index(state: State, phase: str | None) -> int:
    phases: list[str] = state["scenario"]["phases"]
    return phases.index(phase) if phase in phases else -1


def is_stale(state: State, draft: dict[str, Any]) -> bool:
    """Whether an open move draft's orders phase has passed (its turn's, or the game ended)."""
    if draft["status"] != "open" or draft["kind"] != "move":
        return False
    if state["status"] == "ended":
        return True
    turn = state["turn"]
    if turn != draft["for_turn"]:
        return bool(turn > draft["for_turn"])
    return _phase_index(state, state["phase"]) > _phase_index(state, "orders")


def _orders_turn(state: State) -> int:
    """The turn whose orders a move drafted now is for: this turn's, or once they have passed,
    the next turn's (the first turn's before the game starts)."""
    turn: int = state["turn"]
    if not turn:
        return 1
    return turn + 1 if _phase_index(state, state["phase"]) > _phase_index(state, "orders") else turn


def blocked_reason(state: State, draft: dict[str, Any]) -> str | None:
    """Why an open draft cannot be submitted now, whoever sends it (None: it can be)."""
    if draft["status"] != "open":
        return f"the draft was {draft['status']}"
    if state["status"] != "running":
        return "the game is not running"
    if draft["kind"] == "move":
        if is_stale(state, draft):
            return (
                f"written for the orders of turn {draft['for_turn']}, which have passed: "
                "revise it to submit it now"
            )
        if state["phase"] != "orders":
            return "a move can be submitted only in the orders phase"
        if state["locks"][draft["seat"]]:
            return "the team's orders are locked for this turn"
    elif state["phase"] not in state["scenario"]["messaging_phases"]:
        return f"messaging is closed in the {state['phase']} phase"
    return None


# ---- deciding ------------------------------------------------------------------------------


def _move_content(ctx: Context, cmd: DraftMove) -> dict[str, Any]:
    """The move a draft holds, checked as far as it can be before the orders phase."""
    action, argument, targets = orders.move_fields(ctx, cmd)
    if action is None and not ctx.scenario["free_moves"]:
        raise rules("free_moves_disabled", "this scenario allows catalog actions only")
    visibility = cmd.visibility or "public"
    if visibility == "secret" and action is not None and not action["secret_allowed"]:
        raise rules("secret_not_allowed", f"{action['name']} cannot be made in secret")
    return {
        "action": cmd.action,
        "argument": argument,
        "targets": targets,
        "visibility": visibility,
        "rationale": cmd.rationale,
    }


def _write(ctx: Context, kind: str, content: dict[str, Any], draft_id: str | None) -> list[Draft]:
    require_not_ended(ctx)
    seat = ctx.role
    if draft_id is not None:
        draft = _get(ctx, draft_id)
        _open(draft)
        if not _same_person(draft["author"], _who(ctx)):
            raise rules("not_author", "only the draft's author may revise it")
        if draft["kind"] != kind:
            raise invalid(f"draft {draft['id']} is a {draft['kind']} draft", "wrong_draft_kind")
        data = {
            "draft_id": draft["id"],
            "seat": seat,
            "kind": kind,
            "revision": draft["revision"] + 1,
            "content": content,
        }
        return [ctx.event("draft_revised", data, [seat])]
    items = drafts_of(ctx.state)["items"].values()
    if sum(1 for d in items if d["seat"] == seat) >= MAX_DRAFTS_PER_SEAT:
        raise rules("too_many_drafts", f"a team may write at most {MAX_DRAFTS_PER_SEAT} drafts")
    new = new_id(ctx.state, "dr", drafts_of(ctx.state)["count"] + 1)
    data = {"draft_id": new, "seat": seat, "kind": kind, "author": _who(ctx), "content": content}
    return [ctx.event("draft_created", data, [seat])]


WRITTEN = "`draft_created` or `draft_revised` (audience the seat)"


@command(DraftMove, {SEAT}, while_paused=True, emits=WRITTEN)
def draft_move(ctx: Context, cmd: DraftMove) -> list[Draft]:
    return _write(ctx, "move", _move_content(ctx, cmd), cmd.draft_id)


@command(DraftMessage, {SEAT}, while_paused=True, emits=WRITTEN)
def draft_message(ctx: Context, cmd: DraftMessage) -> list[Draft]:
    to = seat_list(ctx, cmd.to, "to", required=True, exclude=ctx.role)
    return _write(ctx, "message", {"to": to, "text": cmd.text}, cmd.draft_id)


@command(CommentDraft, {SEAT}, while_paused=True, emits="`draft_commented` (audience the seat)")
def comment_draft(ctx: Context, cmd: CommentDraft) -> list[Draft]:
    draft = _get(ctx, cmd.draft_id)
    require_not_ended(ctx)
    if len(draft["comments"]) >= MAX_COMMENTS_PER_DRAFT:
        raise rules("too_many_comments", f"a draft takes at most {MAX_COMMENTS_PER_DRAFT} comments")
    comment_id = new_id(ctx.state, "dc", drafts_of(ctx.state)["comments"] + 1)
    data = {
        "draft_id": draft["id"],
        "seat": ctx.role,
        "comment_id": comment_id,
        "revision": draft["revision"],
        "text": cmd.text,
    }
    return [ctx.event("draft_commented", data, [ctx.role])]


@command(ApproveDraft, {SEAT}, while_paused=True, emits="`draft_approved` (audience the seat)")
def approve_draft(ctx: Context, cmd: ApproveDraft) -> list[Draft]:
    draft = _get(ctx, cmd.draft_id)
    _open(draft)
    who = _who(ctx)
    if _same_person(draft["author"], who):
        raise rules("own_draft", "the author's own draft needs a teammate's approval")
    if any(_same_person(a, who) for a in draft["approvals"]):
        raise rules("already_approved", f"you already approved draft {draft['id']}")
    data = {"draft_id": draft["id"], "seat": ctx.role, "revision": draft["revision"]}
    return [ctx.event("draft_approved", data, [ctx.role])]


@command(
    WithdrawApproval,
    {SEAT},
    while_paused=True,
    emits="`draft_approval_withdrawn` (audience the seat)",
)
def withdraw_approval(ctx: Context, cmd: WithdrawApproval) -> list[Draft]:
    draft = _get(ctx, cmd.draft_id)
    _open(draft)
    if not any(_same_person(a, _who(ctx)) for a in draft["approvals"]):
        raise rules("not_approved", f"you have not approved draft {draft['id']}")
    data = {"draft_id": draft["id"], "seat": ctx.role, "revision": draft["revision"]}
    return [ctx.event("draft_approval_withdrawn", data, [ctx.role])]


@command(WithdrawDraft, {SEAT}, while_paused=True, emits="`draft_withdrawn` (audience the seat)")
def withdraw_draft(ctx: Context, cmd: WithdrawDraft) -> list[Draft]:
    draft = _get(ctx, cmd.draft_id)
    _open(draft)
    if not _same_person(draft["author"], _who(ctx)):
        raise rules("not_author", "only the draft's author may withdraw it")
    data = {"draft_id": draft["id"], "seat": ctx.role}
    return [ctx.event("draft_withdrawn", data, [ctx.role])]


@command(
    SubmitDraft,
    {SEAT},
    emits="the command's own events (`move_submitted` or `message_sent`), then "
    "`draft_submitted` (audience the seat)",
)
def submit_draft(ctx: Context, cmd: SubmitDraft) -> list[Draft]:
    draft = _get(ctx, cmd.draft_id)
    _open(draft)
    refusal = submitter_refusal(ctx.state, ctx.actor)
    if refusal is not None:
        raise forbidden(refusal, "lead_only")
    if is_stale(ctx.state, draft):
        raise rules("stale_draft", f"draft {draft['id']}: {blocked_reason(ctx.state, draft)}")
    content = draft["revisions"][-1]["content"]
    result: dict[str, Any]
    if draft["kind"] == "move":
        if ctx.state["status"] == "running" and ctx.state["turn"] != draft["for_turn"]:
            raise rules("stale_draft", f"draft {draft['id']} is for turn {draft['for_turn']}")
        body = orders.SubmitMove.model_validate({"type": "submit_move", **content})
        sent = orders.submit_move.handler(ctx, body)
        result = {"move_id": sent[-1]["data"]["move_id"]}
    else:
        message = talk.SendMessage.model_validate({"type": "send_message", **content})
        sent = talk.send_message.handler(ctx, message)
        result = {"message_id": sent[-1]["data"]["message_id"]}
    data = {
        "draft_id": draft["id"],
        "seat": ctx.role,
        "kind": draft["kind"],
        "revision": draft["revision"],
        **result,
    }
    return [*sent, ctx.event("draft_submitted", data, [ctx.role])]


@command(
    SetDraftPolicy,
    {SEAT, CONTROL},
    while_paused=True,
    emits="`draft_policy_set` (audience the seat)",
)
def set_draft_policy(ctx: Context, cmd: SetDraftPolicy) -> list[Draft]:
    if ctx.role == CONTROL:
        if cmd.seat is None:
            raise invalid("'seat' is required: the team whose rule this is")
        if cmd.seat not in ctx.seats:
            raise invalid(f"unknown seat {cmd.seat[:40]!r}", "unknown_seat")
        seat = cmd.seat
    else:
        seat = ctx.role
        if cmd.seat is not None and cmd.seat != seat:
            raise forbidden("a team chooses only its own rule", "not_your_seat")
        member = ctx.actor.get("member")
        lead = roster(ctx.state)["leads"].get(seat)
        if member is not None and member["id"] != lead:
            raise forbidden("only the team's lead (or the White Cell) chooses this", "lead_only")
    if cmd.submitter == "lead" and roster(ctx.state)["leads"].get(seat) is None:
        raise rules("no_lead", "the team has no lead yet: choose one first")
    if draft_policy(ctx.state, seat) == cmd.submitter:
        raise rules("policy_unchanged", f"the rule is already '{cmd.submitter}'")
    data = {"seat": seat, "submitter": cmd.submitter}
    return [ctx.event("draft_policy_set", data, [seat])]


# ---- evolving ------------------------------------------------------------------------------


def _copy_content(content: dict[str, Any]) -> dict[str, Any]:
    copied = dict(content)
    if "argument" in copied:
        copied["argument"] = copy_argument(copied["argument"])
    for key in ("targets", "to"):
        if key in copied:
            copied[key] = list(copied[key])
    return copied


def _revision(state: State, event: Event, number: int) -> dict[str, Any]:
    return {
        "revision": number,
        "seq": event["seq"],
        "at": event["at"],
        "turn": state["turn"],
        "phase": state["phase"],
        "content": _copy_content(event["data"]["content"]),
    }


def _fact(draft: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"seat": draft["seat"], "draft_id": draft["id"], "kind": draft["kind"], **more}


def _author_of(event: Event) -> dict[str, Any]:
    member = event["actor"].get("member")
    if isinstance(member, dict):
        return {"member": member["id"], "name": member["name"]}
    return {"member": None, "name": event["actor"].get("name")}


def _draft_created(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    drafts = _drafts_state(state)
    drafts["count"] += 1
    draft = {
        "id": data["draft_id"],
        "n": drafts["count"],
        "seat": data["seat"],
        "kind": data["kind"],
        "author": dict(data["author"]),
        "status": "open",
        "turn": state["turn"],
        "phase": state["phase"],
        "for_turn": _orders_turn(state) if data["kind"] == "move" else None,
        "revision": 1,
        "revisions": [_revision(state, event, 1)],
        "comments": [],
        "approvals": [],
        "created_seq": event["seq"],
        "closed_seq": None,
        "result": None,
    }
    drafts["items"][draft["id"]] = draft
    note(out, state, event, _fact(draft))


def _draft_revised(state: State, event: Event, out: Journal) -> None:
    draft = _drafts_state(state)["items"][event["data"]["draft_id"]]
    draft["revision"] = event["data"]["revision"]
    draft["revisions"].append(_revision(state, event, draft["revision"]))
    draft["turn"], draft["phase"] = state["turn"], state["phase"]
    if draft["kind"] == "move":
        draft["for_turn"] = _orders_turn(state)
    draft["approvals"] = []  # an approval is of the text approved
    note(out, state, event, _fact(draft, revision=draft["revision"]))


def _draft_commented(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    drafts = _drafts_state(state)
    drafts["comments"] += 1
    draft = drafts["items"][data["draft_id"]]
    draft["comments"].append(
        {
            "id": data["comment_id"],
            "seq": event["seq"],
            "at": event["at"],
            "author": _author_of(event),
            "revision": data["revision"],
            "text": data["text"],
        }
    )
    note(out, state, event, _fact(draft))


def _draft_approved(state: State, event: Event, out: Journal) -> None:
    draft = _drafts_state(state)["items"][event["data"]["draft_id"]]
    draft["approvals"].append(_author_of(event) | {"seq": event["seq"]})
    note(out, state, event, _fact(draft))


def _draft_approval_withdrawn(state: State, event: Event, out: Journal) -> None:
    draft = _drafts_state(state)["items"][event["data"]["draft_id"]]
    who = _author_of(event)
    draft["approvals"] = [a for a in draft["approvals"] if not _same_person(a, who)]
    note(out, state, event, _fact(draft))


def _draft_withdrawn(state: State, event: Event, out: Journal) -> None:
    draft = _drafts_state(state)["items"][event["data"]["draft_id"]]
    draft["status"] = "withdrawn"
    draft["closed_seq"] = event["seq"]
    note(out, state, event, _fact(draft))


def _draft_submitted(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    draft = _drafts_state(state)["items"][data["draft_id"]]
    draft["status"] = "submitted"
    draft["closed_seq"] = event["seq"]
    result = {key: data[key] for key in ("move_id", "message_id") if key in data}
    draft["result"] = result | {"by": _author_of(event)}
    note(out, state, event, _fact(draft, **result))


def _draft_policy_set(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    _drafts_state(state)["policy"][data["seat"]] = data["submitter"]
    note(out, state, event, {"seat": data["seat"], "submitter": data["submitter"]})


COMMANDS: list[CommandSpec[Any]] = [
    draft_move,
    draft_message,
    comment_draft,
    approve_draft,
    withdraw_approval,
    withdraw_draft,
    submit_draft,
    set_draft_policy,
]
EVOLVERS: dict[str, Evolver] = {
    "draft_created": _draft_created,
    "draft_revised": _draft_revised,
    "draft_commented": _draft_commented,
    "draft_approved": _draft_approved,
    "draft_approval_withdrawn": _draft_approval_withdrawn,
    "draft_withdrawn": _draft_withdrawn,
    "draft_submitted": _draft_submitted,
    "draft_policy_set": _draft_policy_set,
}


# ---- viewing -------------------------------------------------------------------------------


def _view_content(content: dict[str, Any]) -> dict[str, Any]:
    return _copy_content(content)


def drafts_view(state: State, seat: str | None, full: bool) -> list[dict[str, Any]]:
    """The drafts a role sees: its own seat's, or every seat's for the White Cell (and for
    everyone once the record is open), oldest first. ``stale``: a move draft whose orders
    phase has passed; ``blocked``: why it cannot be submitted now, whoever sends it."""
    result = []
    for draft in sorted(drafts_of(state)["items"].values(), key=lambda d: d["n"]):
        if not (full or draft["seat"] == seat):
            continue
        current = draft["revisions"][-1]["content"]
        entry: dict[str, Any] = {
            "id": draft["id"],
            "seat": draft["seat"],
            "kind": draft["kind"],
            "status": draft["status"],
            "author": dict(draft["author"]),
            "turn": draft["turn"],
            "phase": draft["phase"],
            "for_turn": draft["for_turn"],
            "revision": draft["revision"],
            "content": _view_content(current),
            "revisions": [
                {key: rev[key] for key in ("revision", "seq", "at", "turn", "phase")}
                | {"content": _view_content(rev["content"])}
                for rev in draft["revisions"]
            ],
            "comments": [
                {key: c[key] for key in ("id", "seq", "at", "revision", "text")}
                | {"author": dict(c["author"])}
                for c in draft["comments"]
            ],
            "approvals": [dict(a) for a in draft["approvals"]],
            "created_seq": draft["created_seq"],
            "closed_seq": draft["closed_seq"],
            "result": dict(draft["result"]) if draft["result"] is not None else None,
            "stale": is_stale(state, draft),
            "blocked": blocked_reason(state, draft) if draft["status"] == "open" else None,
        }
        if draft["kind"] == "move":
            entry["content"]["action_name"] = action_name(state, current["action"])
        result.append(entry)
    return result


def policies_view(state: State, seat: str | None, full: bool) -> dict[str, str]:
    """Who submits in each team the role may see (``members.draft_policy``)."""
    return {
        role: draft_policy(state, role)
        for role in state["scenario"]["roles"]
        if full or role == seat
    }
