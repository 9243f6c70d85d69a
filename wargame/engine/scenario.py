"""Scenario schema (pydantic v2), semantic checks, and the YAML loader.

``validate_scenario`` returns the normalised document: every default filled in, every
condition and modifier in its dict form, detection shorthands expanded. That document is what
``create_game`` copies into a game's first event, so the engine never reads the file again.
Errors name the path inside the document, e.g. ``seats.beijing.actions[3].effects.success[0]``.

Over 400 lines because the schema's models and the cross-reference checks over them (ids,
audiences, conditions naming what a seat may know) are read together when a rule changes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from . import yamlsafe
from .common import can_see
from .expressions import (
    ExpressionError,
    LogRefs,
    condition_atoms,
    condition_indicators,
    parse_condition,
    parse_modifier,
)
from .plan import normalised as normalised_plan
from .plan import plan_problems

PHASES = ("briefing", "diplomacy", "orders", "adjudication", "results")
RESERVED_ROLES = frozenset({"control", "observer", "analyst", "all", "free", "none"})
MAX_TEXT = 20_000

Phase = Literal["briefing", "diplomacy", "orders", "adjudication", "results"]
Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Probability = Annotated[int, Field(ge=0, le=100)]
Text = Annotated[str, Field(max_length=MAX_TEXT)]


class ScenarioError(Exception):
    """A scenario document that does not validate: where it is and what is wrong."""

    def __init__(
        self,
        file: str,
        path: str,
        problem: str,
        errors: list[tuple[str, str]] | None = None,
    ) -> None:
        self.file = file
        self.path = path
        self.problem = problem
        self.errors = errors or [(path, problem)]
        super().__init__(f"{file}: {path or '<top>'}: {problem}")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Effect(_Model):
    indicator: str
    delta: int


class Effects(_Model):
    success: list[Effect] = []
    failure: list[Effect] = []


class Detection(_Model):
    chance: Probability
    modifiers: list[Any] = []


class Action(_Model):
    id: Annotated[str, Field(max_length=100)]
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: Text = ""
    targets: list[str] = []
    base_probability: Probability = 50
    modifiers: list[Any] = []
    effects: Effects = Effects()
    secret_allowed: bool = False
    detection: dict[str, Detection] = {}
    condition: Any = None

    @field_validator("detection", mode="before")
    @classmethod
    def _expand_shorthand(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                seat: {"chance": entry}
                if isinstance(entry, int) and not isinstance(entry, bool)
                else entry
                for seat, entry in value.items()
            }
        return value


class Objective(_Model):
    id: Identifier
    text: Annotated[str, Field(min_length=1, max_length=2000)]
    condition: Any
    points: Annotated[int, Field(ge=0, le=1000)] = 1


class Preference(_Model):
    """A doctrine's leaning towards (weight > 0) or away from (weight < 0) one of its seat's
    actions, while ``when`` holds; ``because`` is the reason the record gives."""

    action: Annotated[str, Field(max_length=100)]
    weight: Annotated[int, Field(ge=-100, le=100)]
    when: Any = None
    targets: list[str] | None = None
    because: Annotated[str, Field(min_length=1, max_length=1000)]


class Argue(_Model):
    """What a doctrine says, for or against, about another seat's public moves (of ``seat``,
    or of one ``action``) while ``when`` holds."""

    stance: Literal["pro", "con"]
    seat: str | None = None
    action: Annotated[str, Field(max_length=100)] | None = None
    when: Any = None
    text: Annotated[str, Field(min_length=1, max_length=2000)]


class Risk(_Model):
    """How a doctrine weighs the odds it can see: never below ``floor``; ``appetite`` 0 lets
    the odds count in full, 100 ignores them."""

    floor: Probability = 0
    appetite: Probability = 50


class Doctrine(_Model):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    summary: Text = ""
    moves: Annotated[int, Field(ge=0, le=20)] | None = None
    secrecy: Probability = 0
    risk: Risk = Risk()
    prefer: Annotated[list[Preference], Field(min_length=1)]
    argue: list[Argue] = []


class Seat(_Model):
    name: Annotated[str, Field(min_length=1, max_length=100)]
    briefing: Text = ""
    private_briefing: Text = ""
    objectives: list[Objective] = []
    actions: list[Action] = []
    doctrines: dict[Identifier, Doctrine] = {}


class Indicator(_Model):
    id: Identifier
    name: Annotated[str, Field(min_length=1, max_length=200)]
    description: Text = ""
    min: int = 0
    max: int = 100
    start: int
    audience: Any = "all"


ItemId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=100)]


class Inject(_Model):
    id: ItemId
    turn: Annotated[int, Field(ge=1)]
    title: Annotated[str, Field(max_length=200)] = ""
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    audience: Any = "all"
    effects: list[Effect] = []
    condition: Any = None


class Narrative(_Model):
    # A narrative's default id is narrative:<turn> (or narrative:<turn>:<k>).
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.:-]*$", max_length=100)] | None = None
    turn: Annotated[int, Field(ge=1)]
    title: Annotated[str, Field(max_length=200)] = ""
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    condition: Any = None


PhaseMinutes = Annotated[int, Field(ge=0, le=1440)]


class ScaleSpec(_Model):
    min: Annotated[int, Field(ge=-100, le=100)] = 1
    max: Annotated[int, Field(ge=-100, le=100)] = 5
    low: Annotated[str, Field(max_length=200)] = ""
    high: Annotated[str, Field(max_length=200)] = ""


class Questionnaire(_Model):
    """A question the players are asked at the end of a turn (each, or those in ``turns``)
    or at the end of the game; ``about: own_moves`` ties it to the answering seat's moves."""

    id: ItemId
    when: Literal["end_of_turn", "end_of_game"]
    turns: list[Annotated[int, Field(ge=1)]] = []
    to: Any = "all"
    kind: Literal["text", "scale", "choice"] = "text"
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    choices: list[Annotated[str, Field(min_length=1, max_length=200)]] = []
    scale: ScaleSpec | None = None
    about: Literal["own_moves"] | None = None


class Scenario(_Model):
    slug: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
    title: Annotated[str, Field(min_length=1, max_length=200)]
    summary: Text = ""
    notes: Text = ""
    turns: Annotated[int, Field(ge=1, le=50)]
    turn_length: Annotated[str, Field(max_length=100)] = ""
    turn_labels: list[Annotated[str, Field(max_length=100)]] = []
    phases: list[Phase] = list(PHASES)  # type: ignore[arg-type]
    messaging_phases: list[Phase] | None = None
    move_quota: Annotated[int, Field(ge=1, le=20)] = 2
    secret_moves_per_game: Annotated[int, Field(ge=0, le=100)] = 2
    free_moves: bool = True
    free_move_probability: Probability = 50
    seats: dict[str, Seat]
    roles: list[str] = []
    indicators: list[Indicator]
    injects: list[Inject] = []
    narratives: list[Narrative] = []
    facilitator_notes: Text = ""
    turn_notes: dict[int, Text] = {}
    timing: dict[Phase, PhaseMinutes] = {}
    # The study's questions (plan.py checks them); kept in the game only when there are some.
    collection_plan: list[Any] = []
    questionnaires: list[Questionnaire] = []


def _loc_to_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if part == "[key]":  # pydantic's marker for a bad mapping key
            continue
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path = f"{path}.{part}" if path else str(part)
    return path


def _join(path: str, key: str | int) -> str:
    return f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}"


class _Checker:
    """Cross-reference checks pydantic cannot express; collects (path, problem) pairs."""

    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc
        self.errors: list[tuple[str, str]] = []
        self.seats: list[str] = list(doc["seats"])
        self.indicators: dict[str, dict[str, Any]] = {}
        self.item_ids: dict[str, str] = {}

    def error(self, path: str, problem: str) -> None:
        self.errors.append((path, problem))

    def run(self) -> None:
        doc = self.doc
        if len(self.seats) < 2:
            self.error("seats", "a scenario needs at least two seats")
        for seat in self.seats:
            if not re.fullmatch(r"[a-z][a-z0-9_]*", seat) or len(seat) > 32:
                self.error(f"seats.{seat}", "a seat id must be lower-case letters, digits or _")
            elif seat in RESERVED_ROLES:
                self.error(f"seats.{seat}", f"{seat!r} is reserved and cannot be a seat id")
        roles = self.doc["roles"]
        if roles and sorted(roles) != sorted(self.seats):
            self.error("roles", "when given, roles must list every seat exactly once")
        self.check_phases()
        self.check_indicators()
        if doc["turn_labels"] and len(doc["turn_labels"]) != doc["turns"]:
            self.error(
                "turn_labels",
                f"has {len(doc['turn_labels'])} labels but the scenario has {doc['turns']} turns",
            )
        action_ids: dict[str, str] = {}
        for seat, seat_doc in doc["seats"].items():
            self.check_seat(seat, seat_doc, action_ids)
        self.check_injects()
        self.check_narratives()
        self.check_facilitation()
        self.check_conditions(action_ids)
        self.check_doctrines(action_ids)
        indicator_ids = [spec["id"] for spec in doc["indicators"]]
        for path, problem in plan_problems(doc["collection_plan"], self.seats, indicator_ids):
            self.error(path, problem)
        self.check_questionnaires()

    def check_questionnaires(self) -> None:
        seen: set[str] = set()
        for i, spec in enumerate(self.doc["questionnaires"]):
            path = f"questionnaires[{i}]"
            if spec["id"] in seen:
                self.error(f"{path}.id", f"the question id {spec['id']!r} is used twice")
            seen.add(spec["id"])
            self.check_audience(spec["to"], f"{path}.to")
            for k, turn in enumerate(spec["turns"]):
                self.check_turn(turn, f"{path}.turns[{k}]")
            if spec["turns"] and spec["when"] != "end_of_turn":
                self.error(f"{path}.turns", "'turns' belong to questions asked at the end_of_turn")
            if spec["kind"] == "choice" and len(spec["choices"]) < 2:
                self.error(f"{path}.choices", "a choice question needs at least two choices")
            if spec["kind"] != "choice" and spec["choices"]:
                self.error(f"{path}.choices", "'choices' belong to a choice question")
            if spec["kind"] == "scale":
                scale = spec["scale"] or {"min": 1, "max": 5}
                if scale["max"] <= scale["min"]:
                    self.error(f"{path}.scale", "'max' must be above 'min'")
            elif spec["scale"] is not None:
                self.error(f"{path}.scale", "'scale' belongs to a scale question")

    def check_phases(self) -> None:
        phases = self.doc["phases"]
        if len(set(phases)) != len(phases):
            self.error("phases", "a phase is listed twice")
        for needed in ("orders", "adjudication"):
            if needed not in phases:
                self.error("phases", f"the phases must include {needed!r}")
        both = "orders" in phases and "adjudication" in phases
        if both and phases.index("orders") > phases.index("adjudication"):
            self.error("phases", "'orders' must come before 'adjudication'")
        messaging = self.doc["messaging_phases"]
        if messaging is not None:
            for i, phase in enumerate(messaging):
                if phase not in phases:
                    self.error(f"messaging_phases[{i}]", f"{phase!r} is not one of the phases")

    def check_turn(self, turn: int, path: str) -> None:
        if turn > self.doc["turns"]:
            self.error(path, f"turn {turn} is after the last turn ({self.doc['turns']})")

    def check_audience(self, audience: Any, path: str) -> None:
        if audience == "all":
            return
        if not isinstance(audience, list) or not audience:
            self.error(path, "audience must be 'all' or a non-empty list of seats")
            return
        for i, seat in enumerate(audience):
            if seat not in self.seats:
                self.error(f"{path}[{i}]", f"unknown seat {seat!r}")
        if len(set(map(str, audience))) != len(audience):
            self.error(path, "a seat is listed twice")

    def check_indicators(self) -> None:
        for i, indicator in enumerate(self.doc["indicators"]):
            path = f"indicators[{i}]"
            if indicator["id"] in self.indicators:
                self.error(f"{path}.id", f"duplicate indicator id {indicator['id']!r}")
                continue
            self.indicators[indicator["id"]] = indicator
            if indicator["min"] >= indicator["max"]:
                self.error(path, "min must be less than max")
            elif not indicator["min"] <= indicator["start"] <= indicator["max"]:
                self.error(
                    f"{path}.start",
                    f"start {indicator['start']} is outside {indicator['min']}..{indicator['max']}",
                )
            self.check_audience(indicator["audience"], f"{path}.audience")
        if not self.indicators:
            self.error("indicators", "a scenario needs at least one indicator")

    def check_effects(self, effects: list[dict[str, Any]], path: str) -> None:
        for i, effect in enumerate(effects):
            if effect["indicator"] not in self.indicators:
                self.error(f"{path}[{i}].indicator", f"unknown indicator {effect['indicator']!r}")

    def check_modifiers(self, modifiers: list[Any], path: str) -> list[dict[str, Any]]:
        parsed = []
        for i, modifier in enumerate(modifiers):
            try:
                parsed.append(parse_modifier(modifier, self.indicators, ""))
            except ExpressionError as exc:
                sub = exc.path
                where = f"{path}[{i}]" + (("." + sub) if sub and not sub.startswith("[") else sub)
                self.error(where, exc.problem)
        return parsed

    def check_seat(self, seat: str, seat_doc: dict[str, Any], action_ids: dict[str, str]) -> None:
        base = f"seats.{seat}"
        objective_ids: set[str] = set()
        for i, objective in enumerate(seat_doc["objectives"]):
            path = f"{base}.objectives[{i}]"
            if objective["id"] in objective_ids:
                self.error(f"{path}.id", f"duplicate objective id {objective['id']!r}")
            objective_ids.add(objective["id"])
            try:
                objective["condition"] = parse_condition(objective["condition"], self.indicators)
            except ExpressionError as exc:
                self.error(_sub(f"{path}.condition", exc.path), exc.problem)
        for i, action in enumerate(seat_doc["actions"]):
            path = f"{base}.actions[{i}]"
            action_id = action["id"]
            if not action_id.startswith(f"{seat}.") or not re.fullmatch(
                r"[a-z][a-z0-9_]*\.[a-z0-9_]+", action_id
            ):
                self.error(f"{path}.id", f"an action id must look like '{seat}.some_action'")
            if action_id in action_ids:
                self.error(
                    f"{path}.id",
                    f"duplicate action id {action_id!r} (first at {action_ids[action_id]})",
                )
            else:
                action_ids[action_id] = path
            for j, target in enumerate(action["targets"]):
                if target not in self.seats:
                    self.error(f"{path}.targets[{j}]", f"unknown seat {target!r}")
                elif target == seat:
                    self.error(f"{path}.targets[{j}]", "a seat cannot target itself")
            action["modifiers"] = self.check_modifiers(action["modifiers"], f"{path}.modifiers")
            for outcome in ("success", "failure"):
                self.check_effects(action["effects"][outcome], f"{path}.effects.{outcome}")
            if action["detection"] and not action["secret_allowed"]:
                self.error(f"{path}.detection", "detection applies only to secret_allowed actions")
            for other, detection in action["detection"].items():
                dpath = f"{path}.detection.{other}"
                if other not in self.seats:
                    self.error(dpath, f"unknown seat {other!r}")
                elif other == seat:
                    self.error(dpath, "a seat cannot detect its own action")
                detection["modifiers"] = self.check_modifiers(
                    detection["modifiers"], f"{dpath}.modifiers"
                )

    def check_injects(self) -> None:
        for i, inject in enumerate(self.doc["injects"]):
            path = f"injects[{i}]"
            self.add_item_id(inject["id"], f"{path}.id")
            self.check_turn(inject["turn"], f"{path}.turn")
            self.check_audience(inject["audience"], f"{path}.audience")
            self.check_effects(inject["effects"], f"{path}.effects")

    def add_item_id(self, item_id: str, path: str) -> None:
        """Injects and narratives share one id space."""
        if item_id in self.item_ids:
            self.error(path, f"duplicate id {item_id!r} (first at {self.item_ids[item_id]})")
        else:
            self.item_ids[item_id] = path

    def check_narratives(self) -> None:
        narratives = self.doc["narratives"]
        per_turn: dict[int, int] = {}
        for narrative in narratives:
            per_turn[narrative["turn"]] = per_turn.get(narrative["turn"], 0) + 1
        seen: dict[int, int] = {}
        for i, narrative in enumerate(narratives):
            path = f"narratives[{i}]"
            turn = narrative["turn"]
            self.check_turn(turn, f"{path}.turn")
            seen[turn] = seen.get(turn, 0) + 1
            if narrative["id"] is None:
                narrative["id"] = (
                    f"narrative:{turn}" if per_turn[turn] == 1 else f"narrative:{turn}:{seen[turn]}"
                )
            self.add_item_id(narrative["id"], f"{path}.id")

    def check_facilitation(self) -> None:
        for turn in self.doc["turn_notes"]:
            turn_number = int(turn)
            if not 1 <= turn_number <= self.doc["turns"]:
                self.error(
                    f"turn_notes.{turn}", f"turn {turn} is not one of 1..{self.doc['turns']}"
                )
        for phase in self.doc["timing"]:
            if phase not in self.doc["phases"]:
                self.error(f"timing.{phase}", f"{phase!r} is not one of the phases")

    def check_conditions(self, action_ids: dict[str, str]) -> None:
        """Conditions of injects, narratives and actions, which may read the log, once every
        id they may name is known."""
        refs = LogRefs(
            actions=frozenset(action_ids),
            items=frozenset(self.item_ids),
            seats=frozenset(self.seats),
        )
        places: list[tuple[dict[str, Any], str]] = [
            (inject, f"injects[{i}]") for i, inject in enumerate(self.doc["injects"])
        ]
        places += [(item, f"narratives[{i}]") for i, item in enumerate(self.doc["narratives"])]
        for seat, seat_doc in self.doc["seats"].items():
            places += [
                (action, f"seats.{seat}.actions[{i}]")
                for i, action in enumerate(seat_doc["actions"])
            ]
        for owner, path in places:
            if owner["condition"] is None:
                continue
            try:
                owner["condition"] = parse_condition(owner["condition"], self.indicators, "", refs)
            except ExpressionError as exc:
                self.error(_sub(f"{path}.condition", exc.path), exc.problem)
        for seat, seat_doc in self.doc["seats"].items():
            for i, action in enumerate(seat_doc["actions"]):
                if isinstance(action.get("condition"), dict):
                    self.check_seat_knows(seat, action["condition"], f"seats.{seat}.actions[{i}]")

    def check_seat_knows(
        self, seat: str, condition: dict[str, Any], path: str, key: str = "condition"
    ) -> None:
        """Whether an action is offered is shown to its seat, so its condition may read only
        what that seat knows: indicators it sees, the outcomes of its own actions and of
        actions that can never be secret, what it detected itself, and scripted items issued
        to it. Anything else would tell the seat a secret through its list of actions."""
        where = f"{path}.{key}"
        for indicator in condition_indicators(condition):
            audience = self.indicators.get(indicator, {}).get("audience", "all")
            if not can_see(audience, seat):
                self.error(where, f"reads {indicator!r}, which {seat} cannot see")
        actions = {
            action["id"]: (owner, action.get("secret_allowed", False))
            for owner, seat_doc in self.doc["seats"].items()
            for action in seat_doc["actions"]
        }
        audiences = {inject["id"]: inject["audience"] for inject in self.doc["injects"]}
        for atom in condition_atoms(condition):
            kind = next(key for key in atom if key != "by")
            target = atom[kind]
            if kind == "detected":
                if atom.get("by") != seat:
                    self.error(
                        where,
                        f"{kind} {target!r} must say 'by {seat}': {seat} knows "
                        "only what it detected itself",
                    )
            elif kind == "issued":
                audience = audiences.get(target, "all")
                if not can_see(audience, seat):
                    self.error(
                        where, f"reads whether {target!r} was issued, which {seat} would not see"
                    )
            else:
                owner, secret_allowed = actions.get(target, (seat, False))
                if owner != seat and secret_allowed:
                    self.error(
                        where,
                        f"reads whether {target!r} {kind}: {owner} may make "
                        f"that move in secret, and {seat} would not know",
                    )

    def check_doctrines(self, action_ids: dict[str, str]) -> None:
        """A doctrine names its own seat's actions, other seats and their actions, and its
        conditions read only what its seat knows: a bot decides from its seat's view."""
        refs = LogRefs(
            actions=frozenset(action_ids),
            items=frozenset(self.item_ids),
            seats=frozenset(self.seats),
        )
        quota = self.doc["move_quota"]
        for seat, seat_doc in self.doc["seats"].items():
            catalog = {action["id"]: action for action in seat_doc["actions"]}
            for name, doctrine in seat_doc["doctrines"].items():
                base = f"seats.{seat}.doctrines.{name}"
                if doctrine["moves"] is not None and doctrine["moves"] > quota:
                    self.error(f"{base}.moves", f"more than the move quota ({quota})")
                for i, preference in enumerate(doctrine["prefer"]):
                    path = f"{base}.prefer[{i}]"
                    action = catalog.get(preference["action"])
                    if action is None:
                        self.error(
                            f"{path}.action", f"{preference['action']!r} is not an action of {seat}"
                        )
                    elif preference["targets"] is not None:
                        self.check_preferred_targets(seat, action, preference["targets"], path)
                    self.check_doctrine_condition(seat, preference, path, refs)
                for i, rule in enumerate(doctrine["argue"]):
                    path = f"{base}.argue[{i}]"
                    if rule["seat"] is None and rule["action"] is None:
                        self.error(path, "name the seat or the action whose moves it argues on")
                    if rule["seat"] is not None:
                        if rule["seat"] not in self.seats:
                            self.error(f"{path}.seat", f"unknown seat {rule['seat']!r}")
                        elif rule["seat"] == seat:
                            self.error(f"{path}.seat", "a seat does not argue on its own moves")
                    if rule["action"] is not None:
                        owner = rule["action"].partition(".")[0]
                        if rule["action"] not in action_ids:
                            self.error(f"{path}.action", f"unknown action {rule['action']!r}")
                        elif owner == seat:
                            self.error(f"{path}.action", "a seat does not argue on its own moves")
                        elif rule["seat"] is not None and owner != rule["seat"]:
                            self.error(
                                f"{path}.action", f"{rule['action']!r} is not {rule['seat']}'s"
                            )
                    self.check_doctrine_condition(seat, rule, path, refs)

    def check_preferred_targets(
        self, seat: str, action: dict[str, Any], targets: list[str], path: str
    ) -> None:
        allowed = action["targets"] or [s for s in self.seats if s != seat]
        for j, target in enumerate(targets):
            if target not in allowed:
                self.error(f"{path}.targets[{j}]", f"{target!r} is not a target of {action['id']}")
        if action["targets"] and not targets:
            self.error(f"{path}.targets", f"{action['id']} needs at least one target")

    def check_doctrine_condition(
        self, seat: str, owner: dict[str, Any], path: str, refs: LogRefs
    ) -> None:
        if owner["when"] is None:
            return
        try:
            owner["when"] = parse_condition(owner["when"], self.indicators, "", refs)
        except ExpressionError as exc:
            self.error(_sub(f"{path}.when", exc.path), exc.problem)
            return
        self.check_seat_knows(seat, owner["when"], path, key="when")


def _sub(path: str, sub: str) -> str:
    if not sub:
        return path
    return path + sub if sub.startswith("[") else f"{path}.{sub}"


def validate_scenario(doc: Any, *, source: str = "<document>") -> dict[str, Any]:
    """Validate a scenario document; return its normalised form or raise ScenarioError."""
    if not isinstance(doc, dict):
        raise ScenarioError(source, "", "a scenario must be a mapping at the top level")
    try:
        model = Scenario.model_validate(doc)
    except ValidationError as exc:
        errors = [(_loc_to_path(e["loc"]), e["msg"]) for e in exc.errors()]
        path, problem = errors[0]
        raise ScenarioError(source, path, problem, errors) from None
    normalised = model.model_dump(mode="json")
    checker = _Checker(normalised)
    checker.run()
    if checker.errors:
        path, problem = checker.errors[0]
        raise ScenarioError(source, path, problem, checker.errors)
    # A scenario without a plan is what it was before plans existed (and so are its games).
    if normalised["collection_plan"]:
        normalised["collection_plan"] = normalised_plan(normalised["collection_plan"])
    else:
        del normalised["collection_plan"]
    # Seat order lives in a list because JSON stores (PostgreSQL jsonb) may reorder mapping keys.
    if not normalised["roles"]:
        normalised["roles"] = list(normalised["seats"])
    if not normalised["turn_labels"]:
        normalised["turn_labels"] = [f"Turn {n}" for n in range(1, normalised["turns"] + 1)]
    if normalised["messaging_phases"] is None:
        normalised["messaging_phases"] = list(normalised["phases"])
    if normalised["questionnaires"]:
        for spec in normalised["questionnaires"]:
            if spec["kind"] == "scale" and spec["scale"] is None:
                spec["scale"] = {"min": 1, "max": 5, "low": "", "high": ""}
    else:
        # A scenario without questions is stored as it always was.
        del normalised["questionnaires"]
    return normalised


def load_scenario_file(path: str | Path) -> dict[str, Any]:
    """Read a YAML scenario file and validate it; raise ScenarioError naming the file.

    The file is read with aliases refused and its size, nesting and numbers bounded
    (``yamlsafe``), so a hostile file fails fast with "file: where: problem"."""
    source = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ScenarioError(source, "", f"cannot read the file: {exc.strerror or exc}") from None
    try:
        doc = yamlsafe.load(yamlsafe.decode(raw))
    except yamlsafe.YamlRefused as exc:
        raise ScenarioError(source, exc.where, exc.problem) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(source, where, f"not valid YAML: {problem}") from None
    try:
        return validate_scenario(doc, source=source)
    except RecursionError:
        raise ScenarioError(source, "", "a condition is nested too deeply") from None
