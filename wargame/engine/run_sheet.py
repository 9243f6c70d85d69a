"""The run-sheet: the scenario's scripted narratives and injects, issued as their turn opens
(when their condition holds; skipped when it does not), and what the White Cell does to them
before that: hold, edit, release now, or skip.

``turn_opening`` is called by the lifecycle when a turn opens; ``issue_item`` issues one item
(the events are the world's: ``narrative_published``, ``inject_issued``).
"""

from __future__ import annotations

from typing import Any, Literal

from .common import CONTROL, PUBLIC, copy_audience, invalid, rules
from .context import (
    CommandSpec,
    Context,
    Draft,
    Event,
    Evolver,
    Journal,
    State,
    audience_of,
    command,
    require_not_ended,
    require_running,
)
from .expressions import condition_atoms, evaluate_condition
from .fields import Audience, CommandModel, Identifier, NewText, OptionalTitle, Reason
from .journal import actor_name, note
from .rules import apply_effects, condition_words, indicator_values, log_facts


class HoldInject(CommandModel):
    """Control: hold a due scripted inject or narrative; it is not issued when its turn
    opens."""

    type: Literal["hold_inject"]
    inject_id: Identifier


class EditInject(CommandModel):
    """Control: change the title, text or audience of a due or held scripted inject (a
    narrative's text) before it is issued; the record keeps the scripted text."""

    type: Literal["edit_inject"]
    inject_id: Identifier
    title: OptionalTitle = None
    text: NewText = None
    audience: Audience = None


class ReleaseInject(CommandModel):
    """Control: issue a due or held scripted inject or narrative now, as edited; its effects
    apply now."""

    type: Literal["release_inject"]
    inject_id: Identifier


class SkipInject(CommandModel):
    """Control: skip a due or held scripted inject or narrative, with a reason."""

    type: Literal["skip_inject"]
    inject_id: Identifier
    reason: Reason


def issue_item(
    ctx: Context, item: dict[str, Any], working: dict[str, int], *, released: bool = False
) -> list[Draft]:
    """The events that issue a run-sheet item now, with its current (possibly edited) title,
    text and audience; an inject's scripted effects apply."""
    state = ctx.state
    edited = item["edited_by"] is not None
    turn = state["turn"]
    if item["kind"] == "narrative":
        data: dict[str, Any] = {
            "narrative_id": item["id"],
            "turn": turn,
            "text": item["text"],
            "scripted": True,
        }
        if released:
            data["released"] = True
        if edited:
            data["edited"] = True
        return [ctx.event("narrative_published", data)]
    inject = next(i for i in ctx.scenario["injects"] if i["id"] == item["id"])
    audience = item["audience"]
    data = {
        "inject_id": item["id"],
        "scripted": True,
        "title": item["title"],
        "text": item["text"],
        "audience": audience,
        "turn": turn,
    }
    if released:
        data["released"] = True
    if edited:
        data["edited"] = True
    drafts = [ctx.event("inject_issued", data, audience)]
    changes = apply_effects(state, inject["effects"], working)
    if changes:
        cause = {"kind": "inject", "inject_id": item["id"], "audience": audience}
        drafts.append(ctx.event("indicators_changed", {"cause": cause, "changes": changes}))
    return drafts


def turn_opening(ctx: Context, turn: int) -> list[Draft]:
    """The run-sheet items of a turn that has just opened: each due item whose condition
    holds is issued (narratives first, then injects, in scenario order); one whose condition
    fails is recorded as skipped; held items stay held. Conditions are read as the opening
    goes: an inject's effects and an earlier item's issue count for the next item."""
    drafts: list[Draft] = []
    state = ctx.state
    working = indicator_values(state)
    facts = log_facts(state)
    items = sorted(
        (i for i in state["run_sheet"].values() if i["turn"] == turn and i["status"] == "due"),
        key=lambda i: i["n"],
    )
    for item in items:
        condition = _item_spec(ctx, item)["condition"]
        if condition is not None and not evaluate_condition(condition, working, facts):
            words = condition_words(state, condition)
            data = {
                "inject_id": item["id"],
                "kind": item["kind"],
                "turn": item["turn"],
                "reason": f"condition not met: {words}",
                "cause": "condition",
            }
            drafts.append(ctx.event("inject_skipped", data, []))
            continue
        drafts.extend(issue_item(ctx, item, working))
        facts.issued.add(item["id"])
    return drafts


def _item_spec(ctx: Context, item: dict[str, Any]) -> dict[str, Any]:
    """The scenario's narrative or inject a run-sheet item was made from."""
    pool = ctx.scenario["narratives"] if item["kind"] == "narrative" else ctx.scenario["injects"]
    return next(spec for spec in pool if spec["id"] == item["id"])


def _run_sheet_item(ctx: Context, item_id: str) -> dict[str, Any]:
    """The run-sheet item a command names (its status is checked by _require_item_status)."""
    item: dict[str, Any] | None = ctx.state["run_sheet"].get(item_id)
    if item is None:
        raise invalid(f"there is no scripted inject or narrative {item_id!r}", "unknown_inject")
    return item


def _require_item_status(item: dict[str, Any], *allowed: str) -> None:
    if item["status"] in allowed:
        return
    label = item["title"] or item["id"]
    raise rules(f"already_{item['status']}", f"'{label}' is already {item['status']}")


@command(
    HoldInject,
    {CONTROL},
    emits="`inject_held`",
)
def hold_inject(ctx: Context, cmd: HoldInject) -> list[Draft]:
    item = _run_sheet_item(ctx, cmd.inject_id)
    require_not_ended(ctx)
    _require_item_status(item, "due")
    return [ctx.event("inject_held", {"inject_id": item["id"], "turn": item["turn"]}, [])]


def _check_audience_keeps_readers(ctx: Context, item_id: str, audience: Any) -> None:
    """A seat whose actions are offered by whether this item was issued must keep seeing it:
    otherwise its list of actions would tell it about an inject it was not shown."""
    if audience == PUBLIC:
        return
    for seat, spec in ctx.scenario["seats"].items():
        if seat in audience:
            continue
        for action in spec["actions"]:
            condition = action.get("condition")
            if condition and any(
                atom.get("issued") == item_id for atom in condition_atoms(condition)
            ):
                raise rules(
                    "audience_needed",
                    f"{seat}'s action {action['name']!r} depends on whether this inject was "
                    f"issued, so {seat} must stay in its audience",
                )


@command(
    EditInject,
    {CONTROL},
    emits="`inject_edited`",
)
def edit_inject(ctx: Context, cmd: EditInject) -> list[Draft]:
    item = _run_sheet_item(ctx, cmd.inject_id)
    title = item["title"]
    text = item["text"]
    audience = item["audience"]
    changed: list[str] = []
    if cmd.title is not None:
        title = cmd.title
        changed.append("title")
    if cmd.text is not None:
        text = cmd.text
        changed.append("text")
    if cmd.audience is not None:
        if item["kind"] == "narrative" and cmd.audience != PUBLIC:
            raise invalid("a narrative is published to everyone: its audience is 'all'")
        audience = audience_of(ctx, cmd.audience)
        _check_audience_keeps_readers(ctx, item["id"], audience)
        changed.append("audience")
    if not changed:
        raise invalid("give at least one of 'title', 'text' or 'audience'")
    require_not_ended(ctx)
    _require_item_status(item, "due", "held")
    spec = _item_spec(ctx, item)
    data = {
        "inject_id": item["id"],
        "kind": item["kind"],
        "turn": item["turn"],
        "title": title,
        "text": text,
        "audience": audience,
        "changed": changed,
        "previous": {"title": item["title"], "text": item["text"], "audience": item["audience"]},
        "scripted": {
            "title": spec["title"],
            "text": spec["text"],
            "audience": spec.get("audience", PUBLIC),
        },
    }
    return [ctx.event("inject_edited", data, [])]


@command(
    ReleaseInject,
    {CONTROL},
    emits="`inject_issued` (+ `indicators_changed`) or `narrative_published`",
)
def release_inject(ctx: Context, cmd: ReleaseInject) -> list[Draft]:
    item = _run_sheet_item(ctx, cmd.inject_id)
    require_running(ctx)
    _require_item_status(item, "due", "held")
    return issue_item(ctx, item, indicator_values(ctx.state), released=True)


@command(
    SkipInject,
    {CONTROL},
    emits='`inject_skipped` (`cause: "control"`)',
)
def skip_inject(ctx: Context, cmd: SkipInject) -> list[Draft]:
    item = _run_sheet_item(ctx, cmd.inject_id)
    reason = cmd.reason
    require_not_ended(ctx)
    _require_item_status(item, "due", "held")
    data = {
        "inject_id": item["id"],
        "kind": item["kind"],
        "turn": item["turn"],
        "reason": reason,
        "cause": "control",
    }
    return [ctx.event("inject_skipped", data, [])]


def new_run_sheet(scenario: dict[str, Any]) -> dict[str, Any]:
    """The scripted narratives and injects, each with its status (due, held, issued, skipped),
    its current text and audience (edits included) and its place in the order of issue."""
    items: list[dict[str, Any]] = []
    for index, narrative in enumerate(scenario["narratives"]):
        items.append(
            {
                "id": narrative["id"],
                "kind": "narrative",
                "turn": narrative["turn"],
                "order": (narrative["turn"], 0, index),
                "title": narrative["title"],
                "text": narrative["text"],
                "audience": "all",
            }
        )
    for index, inject in enumerate(scenario["injects"]):
        items.append(
            {
                "id": inject["id"],
                "kind": "inject",
                "turn": inject["turn"],
                "order": (inject["turn"], 1, index),
                "title": inject["title"],
                "text": inject["text"],
                "audience": copy_audience(inject["audience"]),
            }
        )
    items.sort(key=lambda item: item["order"])
    sheet: dict[str, Any] = {}
    for n, item in enumerate(items, start=1):
        del item["order"]
        item.update(
            {
                "n": n,
                "status": "due",
                "edited_by": None,
                "edited_seq": None,
                "skip_reason": None,
                "skip_cause": None,
                "issued_seq": None,
                "held_seq": None,
            }
        )
        sheet[item["id"]] = item
    return sheet


def scripted_item(state: State, data: dict[str, Any], kind: str) -> dict[str, Any] | None:
    """The run-sheet item an issued scripted narrative or inject is (logs recorded before
    narratives had ids name none: the turn's first due narrative is taken)."""
    if not data.get("scripted"):
        return None
    sheet: dict[str, dict[str, Any]] = state.get("run_sheet", {})
    item_id = data.get("narrative_id") if kind == "narrative" else data.get("inject_id")
    if item_id is not None:
        return sheet.get(item_id)
    for item in sorted(sheet.values(), key=lambda i: i["n"]):
        if item["kind"] == kind and item["turn"] == data["turn"] and item["status"] == "due":
            return item
    return None


def mark_issued(state: State, event: Event, item: dict[str, Any] | None) -> None:
    if item is not None:
        item["status"] = "issued"
        item["issued_seq"] = event["seq"]


def _item_label(item: dict[str, Any]) -> str:
    return str(item["title"] or item["id"])


def _inject_held(state: State, event: Event, out: Journal) -> None:
    item = state["run_sheet"][event["data"]["inject_id"]]
    item["status"] = "held"
    item["held_seq"] = event["seq"]
    note(out, state, event, {"label": _item_label(item)})


def _inject_edited(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    item = state["run_sheet"][data["inject_id"]]
    item["title"] = data["title"]
    item["text"] = data["text"]
    item["audience"] = copy_audience(data["audience"])
    item["edited_by"] = actor_name(event)
    item["edited_seq"] = event["seq"]
    note(out, state, event, {"label": _item_label(item), "changed": list(data["changed"])})


def _inject_skipped(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    item = state["run_sheet"][data["inject_id"]]
    item["status"] = "skipped"
    item["skip_reason"] = data["reason"]
    item["skip_cause"] = data["cause"]
    fact = {"label": _item_label(item), "cause": data["cause"], "reason": data["reason"]}
    note(out, state, event, fact)


COMMANDS: list[CommandSpec[Any]] = [hold_inject, edit_inject, release_inject, skip_inject]
EVOLVERS: dict[str, Evolver] = {
    "inject_held": _inject_held,
    "inject_edited": _inject_edited,
    "inject_skipped": _inject_skipped,
}
