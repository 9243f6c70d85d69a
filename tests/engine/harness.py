"""A tiny in-memory event store for engine tests: decide, number, evolve, keep the log."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from wargame.engine import (
    CONTROL,
    Rejection,
    canonical_json,
    create_game,
    decide,
    evolve,
    load_scenario_file,
    project_event,
    state_hash,
    view,
)

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
NOW = "2024-06-01T12:00:00+00:00"


def load(name: str) -> dict[str, Any]:
    return load_scenario_file(ROOT / "scenarios" / f"{name}.yaml")


class Game:
    """Holds the log, the folded state and its journal; every appended event goes through
    evolve."""

    def __init__(self, scenario: dict[str, Any], *, seed: int = 7, title: str = "Test game"):
        self.events: list[dict[str, Any]] = []
        self.state: dict[str, Any] | None = None
        self.journal: list[dict[str, Any]] = []
        self.hashes: list[str] = []
        self.append(
            create_game(
                scenario, title=title, seed=seed, actor={"role": CONTROL, "name": "Ann"}, now=NOW
            )
        )

    @property
    def seats(self) -> list[str]:
        assert self.state is not None
        return list(self.state["scenario"]["seats"])

    def append(self, drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        stored = []
        for draft in drafts:
            event = dict(draft, seq=len(self.events) + 1)
            self.events.append(event)
            self.state = evolve(self.state, event, journal=self.journal)
            self.hashes.append(state_hash(self.state))
            stored.append(event)
        return stored

    def decide(self, role: str, command: dict[str, Any], name: str | None = None):
        assert self.state is not None
        return decide(self.state, command, actor={"role": role, "name": name}, now=NOW)

    def do(self, role: str, command: dict[str, Any]) -> list[dict[str, Any]] | Rejection:
        result = self.decide(role, command)
        if isinstance(result, Rejection):
            return result
        return self.append(result)

    def ok(self, role: str, **command: Any) -> list[dict[str, Any]]:
        result = self.do(role, command)
        assert not isinstance(result, Rejection), (role, command, result)
        return result

    def rejected(self, role: str, code: str, **command: Any) -> Rejection:
        result = self.decide(role, command)
        assert isinstance(result, Rejection), (role, command, result)
        assert result.code == code, (role, command, result)
        return result

    def view(self, role: str) -> dict[str, Any]:
        assert self.state is not None
        return view(self.state, role, self.journal)

    def view_text(self, role: str) -> str:
        return canonical_json(self.view(role)).decode()

    def projected(self, role: str) -> list[dict[str, Any]]:
        assert self.state is not None
        is_open = self.state["record_open"]
        shown = (project_event(e, role, record_open=is_open) for e in self.events)
        return [e for e in shown if e is not None]

    def advance_to(self, phase: str, *, turn: int | None = None) -> None:
        """Advance (forcing) until the game is in ``phase`` of ``turn`` (default: this turn)."""
        assert self.state is not None
        target_turn = turn or self.state["turn"]
        for _ in range(100):
            if self.state["turn"] == target_turn and self.state["phase"] == phase:
                return
            self.ok(CONTROL, type="advance_phase", force=True)
        raise AssertionError(f"never reached {phase} of turn {target_turn}")


def like_jsonb(value: Any) -> Any:
    """A copy with mapping keys in PostgreSQL jsonb order (shorter keys first)."""
    if isinstance(value, dict):
        return {k: like_jsonb(value[k]) for k in sorted(value, key=lambda k: (len(k), k))}
    if isinstance(value, list):
        return [like_jsonb(item) for item in value]
    return value


def as_version_2(event: dict[str, Any]) -> None:
    """Rewrite, in place, an event as engine version 2 wrote it: scenarios without conditions,
    narrative ids, notes or timing; no deadline ids, expiry actions or causes."""
    data = event["data"]
    kind = event["type"]
    if kind == "game_created":
        data["engine_version"] = "2"
        scenario = data["scenario"]
        for key in ("facilitator_notes", "turn_notes", "timing"):
            scenario.pop(key, None)
        for inject in scenario["injects"]:
            inject.pop("condition", None)
        for narrative in scenario["narratives"]:
            for key in ("id", "title", "condition"):
                narrative.pop(key, None)
        for seat in scenario["seats"].values():
            for action in seat["actions"]:
                action.pop("condition", None)
    elif kind == "narrative_published":
        data.pop("narrative_id", None)
    elif kind in ("phase_advanced", "orders_locked"):
        data.pop("cause", None)
    elif kind == "deadline_set":
        event["data"] = {"deadline": data["deadline"], "turn": data["turn"], "phase": data["phase"]}
    elif kind == "game_paused":
        data.pop("remaining_seconds", None)
    elif kind == "game_resumed":
        data.pop("deadline", None)
    elif kind == "probability_proposed":
        for term in data["terms"]:
            term.pop("modifier", None)
