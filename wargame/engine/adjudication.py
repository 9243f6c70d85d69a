"""Adjudication: the White Cell's judgement of the turn's moves. A probability is proposed
(base, modifiers, strong arguments) and maybe overridden with a reason; a move is rolled or
decided, alone or as an opposed pair, its effects applied and any secret move's detection
rolled (an intelligence report to each seat that detects it); an adjudication's narrative is
written or amended; an adjudication is voided, its effects reverted.

Over 400 lines because the roll of an opposed pair, detection and the effects are one
decision, kept together so that it reads top to bottom.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from .common import CONTROL, PUBLIC, copy_audience, invalid, rules
from .context import (
    CommandSpec,
    Context,
    Draft,
    Event,
    Evolver,
    Journal,
    State,
    announce,
    command,
    effects_of,
    get_move,
    new_id,
    require_phase,
    require_running,
    scratch,
)
from .estimates import estimates_for
from .fields import (
    CommandModel,
    EffectsByOutcome,
    Flag,
    Method,
    MoveId,
    OptionalIdentifier,
    OptionalMoveId,
    OptionalReason,
    OptionalText,
    Outcome,
    OutcomeEffects,
    Probability,
    Reason,
    Text,
    fail,
    optional_check,
)
from .journal import actor_name, copy_argument, note
from .rng import Stream
from .rules import (
    ADJUDICATION_PHASES,
    apply_effects,
    detection_chances,
    find_action,
    indicator_values,
    propose,
    rollable_moves,
)

OPPOSED_MAX_ROUNDS = 50


def _argument_ids(value: Any, key: str) -> list[str]:
    if not isinstance(value, list):
        raise fail("'strong' must be a list of argument ids")
    for item in value:
        if not isinstance(item, str):
            raise fail("'strong' names an argument that is not on this move", "unknown_argument")
    return value


ArgumentIds = Annotated[
    list[str] | None,
    Field(description="argument ids"),
    BeforeValidator(optional_check(_argument_ids)),
]


class ProposeProbability(CommandModel):
    """Control: the engine's proposal for a move (base + modifiers + 5 per strong pro - 5 per
    strong con, clamped to 5..95) with its explanation; or another probability, with a
    reason."""

    type: Literal["propose_probability"]
    move_id: MoveId
    strong: ArgumentIds = None
    probability: Probability = None
    reason: OptionalReason = None


class Adjudicate(CommandModel):
    """Control: roll (a recorded draw against the probability) or decide outright, with an
    optional narrative (or write it afterwards with amend_narrative); with opposed_move_id,
    an opposed pair resolved in one record."""

    type: Literal["adjudicate"]
    move_id: MoveId
    method: Method
    probability: Probability = None
    narrative: OptionalText = None
    reason: OptionalReason = None
    outcome: Outcome = None
    opposed_move_id: OptionalMoveId = None
    opposed_probability: Probability = None
    effects: EffectsByOutcome = None
    opposed_effects: EffectsByOutcome = None


class VoidAdjudication(CommandModel):
    """Control: void an adjudication (named, or the standing one of move_id), with a reason;
    nothing is deleted, its effects are reverted unless revert_effects is false."""

    type: Literal["void_adjudication"]
    adjudication_id: OptionalIdentifier = None
    move_id: OptionalMoveId = None
    reason: Reason
    revert_effects: Flag = None


class AmendNarrative(CommandModel):
    """Control: write or replace the narrative of an adjudicated move; the earlier texts stay
    in its history."""

    type: Literal["amend_narrative"]
    move_id: MoveId
    text: Text


class RollRemaining(CommandModel):
    """Control, adjudication phase: roll every catalog move of the turn not yet adjudicated,
    each at its proposed probability; free arguments are left for the White Cell. 422
    nothing_to_roll when there is none."""

    type: Literal["roll_remaining"]


def _adjudicable(ctx: Context, move: dict[str, Any]) -> None:
    state = ctx.state
    if move["turn"] != state["turn"]:
        raise rules("wrong_turn", f"move {move['id']} belongs to turn {move['turn']}")
    if move["status"] != "announced":
        raise rules("not_announced", f"move {move['id']} is not closed into the turn's orders")
    if move["adjudication"] is not None:
        raise rules(
            "already_adjudicated",
            f"move {move['id']} is already adjudicated ({move['adjudication']}); void it first",
        )


def _strong_arguments(strong: list[str] | None, move: dict[str, Any]) -> list[str]:
    result: list[str] = []
    for item in strong or []:
        if item not in move["arguments"]:
            raise invalid("'strong' names an argument that is not on this move", "unknown_argument")
        if item not in result:
            result.append(item)
    return result


@command(
    ProposeProbability,
    {CONTROL},
    emits="`probability_proposed` (control only)",
)
def propose_probability(ctx: Context, cmd: ProposeProbability) -> list[Draft]:
    move = get_move(ctx, cmd.move_id)
    strong = _strong_arguments(cmd.strong, move)
    probability = cmd.probability
    reason = cmd.reason or ""
    require_running(ctx)
    require_phase(ctx, *ADJUDICATION_PHASES)
    _adjudicable(ctx, move)
    proposal = propose(ctx.state, move, strong)
    final = proposal["proposed"] if probability is None else probability
    if final != proposal["proposed"] and not reason:
        raise invalid(
            f"setting {final} instead of the proposed {proposal['proposed']} needs a 'reason'",
            "reason_required",
        )
    data = {"move_id": move["id"], **proposal, "probability": final, "reason": reason or None}
    given = estimates_for(ctx.state, move["id"])
    if given:
        # The adjudicators' blind estimates, kept beside the probability they led to (only
        # when there are some, so proposals recorded before estimates keep their hashes).
        data["estimates"] = [
            {"adjudicator": e["adjudicator"], "name": e["name"], "probability": e["probability"]}
            for e in given
        ]
    return [ctx.event("probability_proposed", data, [])]


def _probability_for(
    ctx: Context, move: dict[str, Any], given: int | None, reason: str
) -> tuple[int, int, str | None]:
    """(proposed, probability, override reason) for a move about to be adjudicated."""
    proposal = move["proposal"]
    if proposal is not None:
        proposed, current, stored_reason = (
            proposal["proposed"],
            proposal["probability"],
            proposal["reason"],
        )
    else:
        proposed = propose(ctx.state, move, [])["proposed"]
        current, stored_reason = proposed, None
    probability = current if given is None else given
    if probability == proposed:
        return proposed, probability, None
    if reason:
        return proposed, probability, reason
    if probability == current and stored_reason:
        return proposed, probability, stored_reason
    raise invalid(
        f"probability {probability} for {move['id']} differs from the proposed {proposed}: "
        "give a 'reason'",
        "reason_required",
    )


def _move_effects(
    ctx: Context, move: dict[str, Any], given: Any, key: str
) -> dict[str, list[dict[str, Any]]]:
    """The effects a move's adjudication applies, by outcome: a catalog action's own, or
    those control gives a free argument (a list: on success; or {success, failure})."""
    if move["action"] == "free":
        if given is None:
            return {"success": [], "failure": []}
        if isinstance(given, OutcomeEffects):
            return {
                outcome: effects_of(ctx, getattr(given, outcome), f"{key}.{outcome}")
                for outcome in ("success", "failure")
            }
        return {"success": effects_of(ctx, given, key), "failure": []}
    if given is not None:
        raise invalid(
            f"'{key}' applies only to free arguments; catalog actions have their own effects "
            "(use adjust_indicator for anything else)"
        )
    action = find_action(ctx.state, move["action"])
    assert action is not None
    effects: dict[str, list[dict[str, Any]]] = action["effects"]
    return effects


def _adjudication_audience(moves: list[dict[str, Any]]) -> Any:
    if all(m["visibility"] == "public" or m["revealed"] for m in moves):
        return PUBLIC
    owners: list[str] = []
    for move in moves:
        if move["seat"] not in owners:
            owners.append(move["seat"])
    return owners


def _adjudicate(ctx: Context, cmd: Adjudicate) -> list[Draft]:
    state = ctx.state
    move = get_move(ctx, cmd.move_id)
    method = cmd.method
    probability = cmd.probability
    narrative = cmd.narrative or ""
    reason = cmd.reason or ""
    outcome_given = cmd.outcome
    other: dict[str, Any] | None = None
    if cmd.opposed_move_id is not None:
        other = get_move(ctx, cmd.opposed_move_id)
        if other["id"] == move["id"]:
            raise invalid("a move cannot be opposed to itself")
        if method != "roll":
            raise invalid("an opposed pair is resolved by rolling: use method 'roll'")
    elif cmd.opposed_probability is not None or cmd.opposed_effects is not None:
        raise invalid("'opposed_probability' and 'opposed_effects' need 'opposed_move_id'")
    other_probability = cmd.opposed_probability
    if method == "decide":
        if outcome_given is None:
            raise invalid("method 'decide' needs an 'outcome' (success or failure)")
        if not reason:
            raise invalid("method 'decide' needs a 'reason'", "reason_required")
    elif outcome_given is not None:
        raise invalid("'outcome' is given only with method 'decide'; a roll decides it")
    effects = _move_effects(ctx, move, cmd.effects, "effects")
    other_effects = (
        _move_effects(ctx, other, cmd.opposed_effects, "opposed_effects") if other else None
    )
    require_running(ctx)
    require_phase(ctx, *ADJUDICATION_PHASES)
    _adjudicable(ctx, move)
    if other is not None:
        _adjudicable(ctx, other)

    stream = Stream(state["rng"]["seed"], state["rng"]["counter"])
    proposed, final, override = _probability_for(ctx, move, probability, reason)
    entry = {
        "move_id": move["id"],
        "seat": move["seat"],
        "proposed": proposed,
        "probability": final,
        "override_reason": override,
        "draws": [],
        "outcome": outcome_given,
    }
    entries = [entry]
    if other is not None:
        other_proposed, other_final, other_override = _probability_for(
            ctx, other, other_probability, reason
        )
        other_entry = {
            "move_id": other["id"],
            "seat": other["seat"],
            "proposed": other_proposed,
            "probability": other_final,
            "override_reason": other_override,
            "draws": [],
            "outcome": None,
        }
        entries.append(other_entry)
        for _ in range(OPPOSED_MAX_ROUNDS):
            first, second = stream.draw(), stream.draw()
            entry["draws"].append(first)
            other_entry["draws"].append(second)
            if final - first != other_final - second:
                break
        margin = final - entry["draws"][-1] - (other_final - other_entry["draws"][-1])
        first_wins = margin > 0 or (margin == 0 and final >= other_final)
        entry["outcome"] = "success" if first_wins else "failure"
        other_entry["outcome"] = "failure" if first_wins else "success"
    elif method == "roll":
        draw = stream.draw()
        entry["draws"].append(draw)
        entry["outcome"] = "success" if draw <= final else "failure"

    moves = [move] if other is None else [move, other]
    detection: list[dict[str, Any]] = []
    reports: list[Draft] = []
    for subject in moves:
        if subject["visibility"] != "secret" or subject["revealed"] or subject["detection_rolled"]:
            continue
        for seat, chance in detection_chances(state, subject):
            draw = stream.draw()
            detected = draw <= chance
            detection.append(
                {
                    "move_id": subject["id"],
                    "seat": seat,
                    "chance": chance,
                    "draw": draw,
                    "detected": detected,
                }
            )
            if detected and seat not in subject["detected_by"]:
                report = announce(state, subject)
                report.pop("visibility")
                report["about"] = report.pop("seat")
                report["seat"] = seat
                reports.append(report)

    adjudication_id = new_id(state, "adj", state["counters"]["adjudication"] + 1)
    drafts = [
        ctx.event(
            "move_adjudicated",
            {
                "adjudication_id": adjudication_id,
                "turn": state["turn"],
                "method": method,
                "opposed": other is not None,
                "moves": [m["id"] for m in moves],
                "entries": entries,
                "narrative": narrative,
                "reason": reason or None,
                "detection": detection,
                "rng_counter": stream.counter,
            },
            _adjudication_audience(moves),
        )
    ]
    audience = drafts[0]["audience"]
    working = indicator_values(state)
    for subject, subject_entry, subject_effects in zip(
        moves, entries, [effects, other_effects], strict=False
    ):
        assert subject_effects is not None
        changes = apply_effects(state, subject_effects[subject_entry["outcome"]], working)
        if changes:
            cause = {
                "kind": "adjudication",
                "adjudication_id": adjudication_id,
                "move_id": subject["id"],
                "audience": audience,
            }
            drafts.append(ctx.event("indicators_changed", {"cause": cause, "changes": changes}))
    for report in reports:
        report["adjudication_id"] = adjudication_id
        drafts.append(ctx.event("intelligence_report", report, [report["seat"]]))
    return drafts


@command(
    AmendNarrative,
    {CONTROL},
    emits="`narrative_amended`",
)
def amend_narrative(ctx: Context, cmd: AmendNarrative) -> list[Draft]:
    move = get_move(ctx, cmd.move_id)
    text = cmd.text
    if ctx.state["status"] == "setup":
        raise rules("not_running", "the game has not started")
    adjudication_id = move["adjudication"]
    if adjudication_id is None:
        raise rules("not_adjudicated", f"move {move['id']} has no standing adjudication")
    adjudication = ctx.state["adjudications"][adjudication_id]
    data = {
        "adjudication_id": adjudication_id,
        "move_id": move["id"],
        "text": text,
        "previous": adjudication["narrative"],
    }
    return [ctx.event("narrative_amended", data, adjudication["audience"])]


@command(
    RollRemaining,
    {CONTROL},
    emits=(
        "per unadjudicated catalog move of the turn, in move order: what `adjudicate` with "
        "`method: roll` gives it (at control's set probability if `propose_probability` set one, "
        "else the engine's proposal)"
    ),
)
def roll_remaining(ctx: Context, cmd: RollRemaining) -> list[Draft]:
    """Every unadjudicated catalog move of the turn rolled at its proposed probability, one
    adjudication each, in move order, each decided on the state the previous one left."""
    require_running(ctx)
    require_phase(ctx, "adjudication")
    if not rollable_moves(ctx.state):
        raise rules("nothing_to_roll", "no catalog move of this turn is waiting to be rolled")
    return roll_waiting(ctx)


def roll_waiting(ctx: Context) -> list[Draft]:
    """What ``roll_remaining`` appends (nothing when no move waits): also what the clock does
    when an adjudication deadline set to roll passes."""
    drafts: list[Draft] = []
    current = ctx.state
    for move_id in rollable_moves(current):
        step = _adjudicate(
            Context(current, ctx.actor, ctx.now),
            Adjudicate(type="adjudicate", move_id=move_id, method="roll"),
        )
        drafts.extend(step)
        current = scratch(current, step)
    return drafts


@command(
    VoidAdjudication,
    {CONTROL},
    emits="`adjudication_voided`, `indicators_changed`?",
)
def void_adjudication(ctx: Context, cmd: VoidAdjudication) -> list[Draft]:
    state = ctx.state
    adjudication_id = cmd.adjudication_id
    if adjudication_id is None:
        if cmd.move_id is None:
            raise invalid("'move_id' is required")
        move = get_move(ctx, cmd.move_id)
        adjudication_id = move["adjudication"]
        if adjudication_id is None:
            raise rules("not_adjudicated", f"move {move['id']} has no standing adjudication")
    adjudication = state["adjudications"].get(adjudication_id)
    if adjudication is None:
        raise invalid(f"there is no adjudication {adjudication_id!r}", "unknown_adjudication")
    reason = cmd.reason
    revert = True if cmd.revert_effects is None else cmd.revert_effects
    require_running(ctx)
    if adjudication["voided"]:
        raise rules("already_voided", f"adjudication {adjudication_id} is already void")
    drafts = [
        ctx.event(
            "adjudication_voided",
            {
                "adjudication_id": adjudication_id,
                "moves": list(adjudication["moves"]),
                "reason": reason,
                "revert_effects": revert,
            },
            adjudication["audience"],
        )
    ]
    if revert and adjudication["changes"]:
        undo = [
            {"indicator": c["indicator"], "delta": c["before"] - c["after"]}
            for c in reversed(adjudication["changes"])
            if c["before"] != c["after"]
        ]
        changes = apply_effects(state, undo)
        if changes:
            cause = {
                "kind": "void",
                "adjudication_id": adjudication_id,
                "reason": reason,
                "audience": adjudication["audience"],
            }
            drafts.append(ctx.event("indicators_changed", {"cause": cause, "changes": changes}))
    return drafts


def _probability_proposed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    move = state["moves"][data["move_id"]]
    strong = set(data["strong"])
    for argument_id in move["arguments"]:
        state["arguments"][argument_id]["strong"] = argument_id in strong
    move["proposal"] = {
        "seq": event["seq"],
        "base": data["base"],
        "terms": [dict(term) for term in data["terms"]],
        "strong": list(data["strong"]),
        "strong_pros": data["strong_pros"],
        "strong_cons": data["strong_cons"],
        "proposed": data["proposed"],
        "probability": data["probability"],
        "reason": data["reason"],
    }
    note(
        out,
        state,
        event,
        {
            "move_id": data["move_id"],
            "proposed": data["proposed"],
            "probability": data["probability"],
        },
        move_id=data["move_id"],
    )


def _move_adjudicated(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    adjudication_id = data["adjudication_id"]
    state["counters"]["adjudication"] += 1
    state["rng"]["counter"] = data["rng_counter"]
    entries = []
    for entry in data["entries"]:
        entries.append(
            {
                "move_id": entry["move_id"],
                "seat": entry["seat"],
                "proposed": entry["proposed"],
                "probability": entry["probability"],
                "override_reason": entry["override_reason"],
                "draws": list(entry["draws"]),
                "outcome": entry["outcome"],
            }
        )
        move = state["moves"][entry["move_id"]]
        move["outcome"] = entry["outcome"]
        move["adjudication"] = adjudication_id
    detection = [dict(item) for item in data["detection"]]
    for item in detection:
        move = state["moves"][item["move_id"]]
        move["detection_rolled"] = True
        if item["detected"] and item["seat"] not in move["detected_by"]:
            move["detected_by"].append(item["seat"])
    state["adjudications"][adjudication_id] = {
        "id": adjudication_id,
        "n": state["counters"]["adjudication"],
        "seq": event["seq"],
        "turn": data["turn"],
        "method": data["method"],
        "opposed": data["opposed"],
        "moves": list(data["moves"]),
        "entries": entries,
        "narrative": data["narrative"],
        "narrative_history": (
            [{"text": data["narrative"], "at": event["at"], "by": actor_name(event)}]
            if data["narrative"]
            else []
        ),
        "reason": data["reason"],
        "detection": detection,
        "audience": copy_audience(event["audience"]),
        "changes": [],
        "voided": False,
        "void_reason": None,
        "void_seq": None,
    }
    fact = {
        "method": data["method"],
        "opposed": data["opposed"],
        "outcomes": [[e["move_id"], e["outcome"]] for e in entries],
    }
    note(
        out,
        state,
        event,
        fact,
        adjudication_id=adjudication_id,
    )


def _narrative_amended(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    adjudication = state["adjudications"][data["adjudication_id"]]
    adjudication["narrative"] = data["text"]
    adjudication["narrative_history"].append(
        {"text": data["text"], "at": event["at"], "by": actor_name(event)}
    )
    note(
        out,
        state,
        event,
        {"amended": bool(data["previous"]), "move_id": data["move_id"]},
        adjudication_id=data["adjudication_id"],
        move_id=data["move_id"],
    )


def _intelligence_report(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    report = {
        "seq": event["seq"],
        "seat": data["seat"],
        "move_id": data["move_id"],
        "about": data["about"],
        "turn": data["turn"],
        "action": data["action"],
        "action_name": data["action_name"],
        "argument": copy_argument(data["argument"]),
        "targets": list(data["targets"]),
        "adjudication_id": data["adjudication_id"],
    }
    state["intelligence"].append(report)
    note(
        out,
        state,
        event,
        {
            "seat": data["seat"],
            "about": data["about"],
            "action_name": data["action_name"],
            "move_id": data["move_id"],
        },
        move_id=data["move_id"],
    )


def _adjudication_voided(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    adjudication = state["adjudications"][data["adjudication_id"]]
    adjudication["voided"] = True
    adjudication["void_reason"] = data["reason"]
    adjudication["void_seq"] = event["seq"]
    for move_id in adjudication["moves"]:
        move = state["moves"][move_id]
        if move["adjudication"] == data["adjudication_id"]:
            move["adjudication"] = None
            move["outcome"] = None
    note(
        out,
        state,
        event,
        {"adjudication_id": data["adjudication_id"], "reason": data["reason"]},
        adjudication_id=data["adjudication_id"],
    )


adjudicate = command(
    Adjudicate,
    {CONTROL},
    emits=(
        "`move_adjudicated`, `indicators_changed` per move with effects, `intelligence_report` "
        "per detection"
    ),
)(_adjudicate)
COMMANDS: list[CommandSpec[Any]] = [
    propose_probability,
    adjudicate,
    void_adjudication,
    amend_narrative,
    roll_remaining,
]
EVOLVERS: dict[str, Evolver] = {
    "probability_proposed": _probability_proposed,
    "move_adjudicated": _move_adjudicated,
    "narrative_amended": _narrative_amended,
    "intelligence_report": _intelligence_report,
    "adjudication_voided": _adjudication_voided,
}
