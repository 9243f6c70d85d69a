"""The world: what the players are told of it (narratives, injects, scripted or ad hoc) and
the indicators that measure it, changed by effects or adjusted by the White Cell.

The scripted narratives and injects come from the run-sheet (``run_sheet``), which issues
them as the events of this module.
"""

from __future__ import annotations

from typing import Any, Literal

from .common import CONTROL, copy_audience, invalid
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
    effects_of,
    new_id,
    require_running,
)
from .fields import (
    Audience,
    CommandModel,
    Delta,
    Effects,
    Identifier,
    IndicatorValue,
    OptionalTitle,
    Reason,
    Text,
)
from .journal import copy_cause, note
from .rules import apply_effects
from .run_sheet import mark_issued, scripted_item


class PublishNarrative(CommandModel):
    """Control: a 'state of the world' narrative for everyone."""

    type: Literal["publish_narrative"]
    text: Text


class IssueInject(CommandModel):
    """Control: an ad-hoc inject (marked ad-hoc in the record) to everyone (the default) or
    some seats."""

    type: Literal["issue_inject"]
    text: Text
    title: OptionalTitle = None
    audience: Audience = None
    effects: Effects = None


class AdjustIndicator(CommandModel):
    """Control: change an indicator by delta, or set its value, with a reason."""

    type: Literal["adjust_indicator"]
    indicator: Identifier
    delta: Delta = None
    value: IndicatorValue = None
    reason: Reason


@command(
    PublishNarrative,
    {CONTROL},
    emits="`narrative_published` (`scripted: false`)",
)
def publish_narrative(ctx: Context, cmd: PublishNarrative) -> list[Draft]:
    text = cmd.text
    require_running(ctx)
    data = {"turn": ctx.state["turn"], "text": text, "scripted": False}
    return [ctx.event("narrative_published", data)]


@command(
    IssueInject,
    {CONTROL},
    emits="`inject_issued` (`scripted: false`, id `adhoc:<12 hex>`), `indicators_changed`?",
)
def issue_inject(ctx: Context, cmd: IssueInject) -> list[Draft]:
    text = cmd.text
    title = cmd.title or ""
    audience = audience_of(ctx, cmd.audience)
    effects = effects_of(ctx, cmd.effects or [], "effects")
    require_running(ctx)
    inject_id = new_id(
        ctx.state, "adhoc:", sum(1 for i in ctx.state["injects"] if not i["scripted"]) + 1
    )
    drafts = [
        ctx.event(
            "inject_issued",
            {
                "inject_id": inject_id,
                "scripted": False,
                "title": title,
                "text": text,
                "audience": audience,
                "turn": ctx.state["turn"],
            },
            audience,
        )
    ]
    changes = apply_effects(ctx.state, effects)
    if changes:
        drafts.append(
            ctx.event(
                "indicators_changed",
                {
                    "cause": {"kind": "inject", "inject_id": inject_id, "audience": audience},
                    "changes": changes,
                },
            )
        )
    return drafts


@command(
    AdjustIndicator,
    {CONTROL},
    emits="`indicator_adjusted`",
)
def adjust_indicator(ctx: Context, cmd: AdjustIndicator) -> list[Draft]:
    indicator = cmd.indicator
    if indicator not in ctx.state["indicators"]:
        raise invalid(f"there is no indicator {indicator!r}", "unknown_indicator")
    delta, value = cmd.delta, cmd.value
    if (delta is None) == (value is None):
        raise invalid("give exactly one of 'delta' or 'value'")
    reason = cmd.reason
    require_running(ctx)
    current = ctx.state["indicators"][indicator]["value"]
    effect = {"indicator": indicator, "delta": delta if delta is not None else value - current}
    changes = apply_effects(ctx.state, [effect])
    cause = {"kind": "adjustment", "reason": reason}
    return [ctx.event("indicator_adjusted", {"cause": cause, "changes": changes, "reason": reason})]


def _narrative_published(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    item = scripted_item(state, data, "narrative")
    mark_issued(state, event, item)
    state["narratives"].append(
        {
            "id": item["id"] if item else data.get("narrative_id"),
            "seq": event["seq"],
            "turn": data["turn"],
            "text": data["text"],
            "scripted": data["scripted"],
        }
    )
    note(out, state, event, {"turn": data["turn"]})


def _inject_issued(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    mark_issued(state, event, scripted_item(state, data, "inject"))
    state["counters"]["inject"] += 1
    state["injects"].append(
        {
            "id": data["inject_id"],
            "seq": event["seq"],
            "turn": data["turn"],
            "scripted": data["scripted"],
            "title": data["title"],
            "text": data["text"],
            "audience": copy_audience(data["audience"]),
        }
    )
    label = data["title"] or data["inject_id"]
    note(out, state, event, {"scripted": data["scripted"], "label": label})


def _apply_changes(state: State, event: Event) -> list[dict[str, Any]]:
    data = event["data"]
    cause = data["cause"]
    indicators = state["indicators"]
    seq = event["seq"]
    turn = state["turn"]
    entries = []
    for change in data["changes"]:
        indicator = indicators[change["indicator"]]
        indicator["value"] = change["after"]
        indicator["history"].append(
            {
                "seq": seq,
                "turn": turn,
                "value": change["after"],
                "delta": change["after"] - change["before"],
                "cause": copy_cause(cause),
            }
        )
        entries.append(
            {
                "indicator": change["indicator"],
                "before": change["before"],
                "after": change["after"],
                "audience": copy_audience(change["audience"]),
            }
        )
    return entries


def _indicators_changed(state: State, event: Event, out: Journal) -> None:
    entries = _apply_changes(state, event)
    cause = event["data"]["cause"]
    if cause["kind"] == "adjudication":
        state["adjudications"][cause["adjudication_id"]]["changes"].extend(
            dict(entry) for entry in entries
        )
    note(out, state, event, {}, changes=entries, cause=copy_cause(cause))


def _indicator_adjusted(state: State, event: Event, out: Journal) -> None:
    entries = _apply_changes(state, event)
    note(
        out,
        state,
        event,
        {"reason": event["data"]["reason"]},
        changes=entries,
        cause=copy_cause(event["data"]["cause"]),
    )


COMMANDS: list[CommandSpec[Any]] = [publish_narrative, issue_inject, adjust_indicator]
EVOLVERS: dict[str, Evolver] = {
    "narrative_published": _narrative_published,
    "inject_issued": _inject_issued,
    "indicators_changed": _indicators_changed,
    "indicator_adjusted": _indicator_adjusted,
}
