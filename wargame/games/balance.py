"""Balance check for a scenario: many games of random legal play through the engine alone.

``play_random_game`` plays one game with the engine's own ``decide``/``fold`` (no database):
every seat submits random catalog actions of its own with legal targets (sometimes secret where
the action and the seat's secret quota allow) and locks its orders; other seats argue for or
against some public moves; the White Cell rolls every move at the engine's proposed probability
(no argument counted as strong) and advances. ``balance_report`` plays many such games
and counts how often each seat's objectives were met and how the indicators ended.

Random play is not good play; the report answers a narrower question: can every objective be
reached, and can every objective be missed, when nobody plays well? An objective met in under
5% or over 95% of random games is flagged: it is out of the players' hands.

Scripted injects and narratives whose condition fails at a turn's opening are left out by the
engine itself (``inject_skipped``), so the games follow the same run-sheet a White Cell would.

Everything is reproducible: game ``i`` of a report with seed ``S`` uses the engine seed
``S * 100003 + i`` and a ``random.Random`` seeded from the same pair for the players' choices.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

from wargame.engine import CONTROL, Rejection, create_game, decide, fold
from wargame.engine.rules import action_available, log_facts

NOW = "2024-06-01T12:00:00+00:00"
ACTORS = {CONTROL: {"role": CONTROL, "name": "Balance check"}}
LOW, HIGH = 0.05, 0.95
SECRET_SHARE = 0.3  # how often a random seat makes an allowed move secret
ARGUMENT_SHARE = 0.15  # how often another seat argues on a public move


class PlayError(RuntimeError):
    """The engine refused a command the random players had every right to send."""


def _actor(role: str) -> dict[str, Any]:
    return ACTORS.get(role) or {"role": role, "name": None}


class _Table:
    """One game's state, advanced in place (the log is not kept)."""

    def __init__(self, scenario: dict[str, Any], seed: int) -> None:
        self.state: dict[str, Any] | None = None
        self.seq = 0
        drafts = create_game(
            scenario, title="Balance check", seed=seed, actor=_actor(CONTROL), now=NOW
        )
        self._apply(drafts)

    def _apply(self, drafts: list[dict[str, Any]]) -> None:
        events = []
        for draft in drafts:
            self.seq += 1
            events.append(dict(draft, seq=self.seq))
        self.state = fold(self.state, events, copy=False)

    def send(self, role: str, command: dict[str, Any]) -> Rejection | None:
        result = decide(self.state, command, actor=_actor(role), now=NOW)
        if isinstance(result, Rejection):
            return result
        self._apply(result)
        return None

    def must(self, role: str, command: dict[str, Any]) -> None:
        rejection = self.send(role, command)
        if rejection is not None:
            raise PlayError(f"{role} {command.get('type')}: {rejection.code}: {rejection.message}")


def _available_actions(table: _Table, seat: str) -> list[dict[str, Any]]:
    """The seat's catalog actions whose condition holds now."""
    assert table.state is not None
    facts = log_facts(table.state)
    catalog = table.state["scenario"]["seats"][seat]["actions"]
    return [a for a in catalog if action_available(table.state, a, facts)]


def _random_targets(
    rng: random.Random, action: dict[str, Any], seat: str, seats: list[str]
) -> list[str]:
    if action["targets"]:
        pool = list(action["targets"])
        return sorted(rng.sample(pool, rng.randint(1, len(pool))))
    others = [s for s in seats if s != seat]
    return sorted(rng.sample(others, rng.randint(0, min(2, len(others)))))


def _orders(table: _Table, rng: random.Random, secrets_used: dict[str, int]) -> None:
    assert table.state is not None
    scenario = table.state["scenario"]
    seats = scenario["roles"]
    for seat in seats:
        choices = _available_actions(table, seat)
        rng.shuffle(choices)
        submitted = 0
        for action in choices:
            if submitted >= scenario["move_quota"]:
                break
            secret = (
                action["secret_allowed"]
                and secrets_used[seat] < scenario["secret_moves_per_game"]
                and rng.random() < SECRET_SHARE
            )
            command = {
                "type": "submit_move",
                "action": action["id"],
                "targets": _random_targets(rng, action, seat, seats),
                "visibility": "secret" if secret else "public",
                "rationale": "random play",
            }
            rejection = table.send(seat, command)
            if rejection is not None:
                if rejection.code == "action_unavailable":
                    continue
                raise PlayError(
                    f"{seat} submit_move {action['id']}: {rejection.code}: {rejection.message}"
                )
            submitted += 1
            secrets_used[seat] += secret
        table.must(seat, {"type": "lock_orders"})


def _arguments(table: _Table, rng: random.Random, turn: int) -> None:
    """Other seats argue for or against some public moves. The White Cell rolls at the
    proposed odds without strong arguments, so they change no outcome; they exercise the
    phase as players would."""
    assert table.state is not None
    seats = table.state["scenario"]["roles"]
    for move in list(table.state["moves"].values()):
        if move["turn"] != turn or move["status"] != "announced" or move["visibility"] != "public":
            continue
        for seat in seats:
            if seat != move["seat"] and rng.random() < ARGUMENT_SHARE:
                stance = rng.choice(("pro", "con"))
                table.must(
                    seat,
                    {"type": "add_argument", "move_id": move["id"], "stance": stance, "text": "x"},
                )


def _advance_to(table: _Table, phase: str) -> None:
    assert table.state is not None
    turn = table.state["turn"]
    while table.state["phase"] != phase:
        table.must(CONTROL, {"type": "advance_phase", "force": True})
        if table.state["turn"] != turn:
            raise PlayError(f"turn {turn} has no {phase!r} phase")


def play_random_game(scenario: dict[str, Any], seed: int, rng: random.Random) -> dict[str, Any]:
    """Play one game to its end; return ``{"values": {indicator: value}, "scores": {...},
    "issued": [ids of the scripted narratives and injects issued]}``."""
    table = _Table(scenario, seed)
    talk = random.Random(f"arguments:{seed}")  # apart from ``rng``: arguments change no choice
    table.must(CONTROL, {"type": "start_game"})
    secrets_used = {seat: 0 for seat in scenario["roles"]}
    assert table.state is not None
    for turn in range(1, scenario["turns"] + 1):
        _advance_to(table, "orders")
        _orders(table, rng, secrets_used)
        _advance_to(table, "adjudication")
        _arguments(table, talk, turn)
        for move in list(table.state["moves"].values()):
            if (
                move["turn"] == turn
                and move["status"] == "announced"
                and move["adjudication"] is None
            ):
                table.must(CONTROL, {"type": "adjudicate", "move_id": move["id"], "method": "roll"})
        if turn < scenario["turns"]:
            while table.state["turn"] == turn:
                table.must(CONTROL, {"type": "advance_phase", "force": True})
    table.must(CONTROL, {"type": "end_game"})
    state = table.state
    return {
        "values": {key: entry["value"] for key, entry in state["indicators"].items()},
        "scores": state["scores"],
        "issued": [i["id"] for i in state["injects"] if i["scripted"]]
        + [n["id"] for n in state["narratives"] if n["scripted"] and n.get("id")],
    }


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for a proportion (95% by default)."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def quartiles(values: list[int]) -> tuple[int, float, float, float, int]:
    """(min, first quartile, median, third quartile, max), quartiles by linear interpolation."""
    ordered = sorted(values)

    def at(q: float) -> float:
        pos = q * (len(ordered) - 1)
        low = math.floor(pos)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)

    return ordered[0], at(0.25), at(0.5), at(0.75), ordered[-1]


@dataclass
class ObjectiveResult:
    seat: str
    id: str
    text: str
    met: int
    games: int

    @property
    def share(self) -> float:
        return self.met / self.games if self.games else 0.0

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.met, self.games)

    @property
    def flagged(self) -> bool:
        return self.share < LOW or self.share > HIGH


@dataclass
class Report:
    slug: str
    games: int
    seed: int
    objectives: list[ObjectiveResult] = field(default_factory=list)
    indicators: dict[str, tuple[int, float, float, float, int]] = field(default_factory=dict)
    indicator_names: dict[str, str] = field(default_factory=dict)
    injects_issued: dict[str, int] = field(default_factory=dict)

    @property
    def flagged(self) -> list[ObjectiveResult]:
        return [o for o in self.objectives if o.flagged]

    def lines(self) -> list[str]:
        out = [
            f"{self.slug}: {self.games} games of random legal play, seed {self.seed}",
            "",
            "Objectives (share of games met, 95% interval; flagged under 5% or over 95%)",
        ]
        for o in self.objectives:
            low, high = o.interval
            flag = "  << FLAGGED" if o.flagged else ""
            out.append(
                f"  {o.seat:<12} {o.id:<22} {100 * o.share:5.1f}%  "
                f"[{100 * low:5.1f}, {100 * high:5.1f}]{flag}"
            )
        out += ["", "Indicators at the end (min, first quartile, median, third quartile, max)"]
        for key, (lo, q1, q2, q3, hi) in self.indicators.items():
            out.append(f"  {key:<28} {lo:>4} {q1:>6.1f} {q2:>6.1f} {q3:>6.1f} {hi:>4}")
        skipped = {k: v for k, v in self.injects_issued.items() if v < self.games}
        if skipped:
            out += ["", "Scripted narratives and injects not issued in every game (issued in)"]
            for key, count in skipped.items():
                out.append(f"  {key:<28} {count}/{self.games}")
        out += [
            "",
            f"{len(self.flagged)} objective(s) flagged"
            + (": " + ", ".join(f"{o.seat}.{o.id}" for o in self.flagged) if self.flagged else ""),
        ]
        return out


def balance_report(scenario: dict[str, Any], *, games: int = 300, seed: int = 1) -> Report:
    """Play ``games`` random games of a validated scenario and summarise them."""
    if games < 1:
        raise ValueError("games must be at least 1")
    met: dict[tuple[str, str], int] = {}
    finals: dict[str, list[int]] = {i["id"]: [] for i in scenario["indicators"]}
    issued: dict[str, int] = {i["id"]: 0 for i in [*scenario["narratives"], *scenario["injects"]]}
    for n in range(games):
        game_seed = seed * 100003 + n
        result = play_random_game(scenario, game_seed, random.Random(f"{seed}:{n}"))
        for seat, score in result["scores"].items():
            for objective in score["objectives"]:
                key = (seat, objective["id"])
                met[key] = met.get(key, 0) + bool(objective["met"])
        for key, value in result["values"].items():
            finals[key].append(value)
        for inject_id in result["issued"]:
            if inject_id in issued:
                issued[inject_id] += 1
    report = Report(slug=scenario["slug"], games=games, seed=seed, injects_issued=issued)
    for seat in scenario["roles"]:
        for objective in scenario["seats"][seat]["objectives"]:
            report.objectives.append(
                ObjectiveResult(
                    seat=seat,
                    id=objective["id"],
                    text=objective["text"],
                    met=met.get((seat, objective["id"]), 0),
                    games=games,
                )
            )
    for indicator in scenario["indicators"]:
        report.indicators[indicator["id"]] = quartiles(finals[indicator["id"]])
        report.indicator_names[indicator["id"]] = indicator["name"]
    return report
