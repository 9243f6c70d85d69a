"""Engine benchmarks: events folded per second, and one role's view time mid-game.

Run: .venv/bin/python bench/bench_engine.py [--turns 8] [--repeat 20]

A long game is generated on the tutorial scenario stretched to ``--turns`` turns with a busy,
realistic mix per turn: messages between seats, two moves per seat (some secret, some free
arguments), arguments, proposals, adjudications (rolls, decisions, an opposed pair), injects,
an adjustment and a void. Prints numbers; asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from wargame.engine import (  # noqa: E402
    CONTROL,
    Rejection,
    canonical_json,
    create_game,
    decide,
    evolve,
    fold,
    load_scenario_file,
    state_hash,
    validate_scenario,
    view,
)

NOW = "2024-06-01T12:00:00+00:00"


class Log:
    def __init__(self, scenario: dict[str, Any]) -> None:
        self.events: list[dict[str, Any]] = []
        self.state: dict[str, Any] | None = None
        self.turn_starts: dict[int, int] = {}
        self.append(
            create_game(
                scenario,
                title="Bench",
                seed=2024,
                actor={"role": CONTROL, "name": "Bench"},
                now=NOW,
            )
        )

    def append(self, drafts: list[dict[str, Any]]) -> None:
        for draft in drafts:
            event = dict(draft, seq=len(self.events) + 1)
            self.events.append(event)
            self.state = evolve(self.state, event)

    def do(self, role: str, **command: Any) -> list[dict[str, Any]]:
        assert self.state is not None
        result = decide(self.state, command, actor={"role": role, "name": role.title()}, now=NOW)
        if isinstance(result, Rejection):
            return []
        self.append(result)
        return result


def build_game(turns: int) -> Log:
    doc = load_scenario_file(Path(__file__).resolve().parents[1] / "scenarios" / "tutorial.yaml")
    doc["turns"] = turns
    doc["turn_labels"] = [f"Month {n}" for n in range(1, turns + 1)]
    doc["secret_moves_per_game"] = turns * 2
    doc["messaging_phases"] = list(doc["phases"])
    scenario = validate_scenario(doc)
    seats = list(scenario["seats"])
    log = Log(scenario)
    log.do(CONTROL, type="start_game")
    for turn in range(1, turns + 1):
        assert log.state is not None
        log.turn_starts[turn] = len(log.events)
        for phase in ("briefing", "diplomacy"):
            for i, seat in enumerate(seats):
                for j in range(3):
                    to = [seats[(i + 1 + j) % 4]] if j < 2 else [s for s in seats if s != seat]
                    log.do(
                        seat,
                        type="send_message",
                        to=to,
                        text=f"Turn {turn} {phase}: a proposal from {seat}, number {j}.",
                    )
            log.do(CONTROL, type="advance_phase")
        for i, seat in enumerate(seats):
            actions = scenario["seats"][seat]["actions"]
            first = actions[turn % len(actions)]
            secret = first["secret_allowed"] and turn % 2 == 0
            log.do(
                seat,
                type="submit_move",
                action=first["id"],
                targets=first["targets"][:1],
                visibility="secret" if secret else "public",
                rationale=f"Our reasoning for turn {turn}: pressure where it counts.",
            )
            log.do(
                seat,
                type="submit_move",
                action="free",
                argument={
                    "action": "Offer talks",
                    "result": "Tension falls",
                    "reasons": ["Everyone is tired", "Markets", "Elections"],
                },
                targets=[seats[(i + 1) % 4]],
                visibility="public",
                rationale="A cheap signal of good faith.",
            )
            log.do(seat, type="lock_orders")
        log.do(CONTROL, type="advance_phase")
        state = log.state
        announced = [
            m for m in state["moves"].values() if m["turn"] == turn and m["status"] == "announced"
        ]
        public = [m for m in announced if m["visibility"] == "public"]
        for move in public:
            for seat in seats:
                if seat != move["seat"]:
                    log.do(
                        seat,
                        type="add_argument",
                        move_id=move["id"],
                        stance="pro" if seat < move["seat"] else "con",
                        text="This will work because the other side needs a deal.",
                    )
        for k, move in enumerate(announced):
            if log.state["moves"][move["id"]]["adjudication"]:
                continue
            arguments = log.state["moves"][move["id"]]["arguments"][:2]
            log.do(CONTROL, type="propose_probability", move_id=move["id"], strong=arguments)
            if move["action"] == "free":
                log.do(
                    CONTROL,
                    type="adjudicate",
                    move_id=move["id"],
                    method="decide",
                    outcome="success" if k % 2 else "failure",
                    reason="Plausible",
                    narrative="Talks go ahead.",
                    effects=[{"indicator": "us_china_tension", "delta": -1}],
                )
            elif k == 0 and len(public) > 1 and public[1]["action"] != "free":
                log.do(
                    CONTROL,
                    type="adjudicate",
                    move_id=move["id"],
                    method="roll",
                    opposed_move_id=public[1]["id"],
                    narrative="Head to head.",
                )
            else:
                log.do(
                    CONTROL,
                    type="adjudicate",
                    move_id=move["id"],
                    method="roll",
                    narrative="It happens.",
                )
        log.do(
            CONTROL,
            type="adjust_indicator",
            indicator="escalation",
            delta=1,
            reason="Border incident not covered by the moves",
        )
        log.do(
            CONTROL,
            type="issue_inject",
            title="News",
            text="A wire report.",
            audience=["beijing", "moscow"],
            effects=[{"indicator": "beijing_leverage", "delta": 1}],
        )
        adjudications = [
            a for a in log.state["adjudications"].values() if a["turn"] == turn and not a["voided"]
        ]
        if adjudications:
            log.do(
                CONTROL,
                type="void_adjudication",
                adjudication_id=adjudications[-1]["id"],
                reason="Misread the move",
            )
        log.do(CONTROL, type="add_note", text="Analyst: Beijing stays passive again.")
        log.do(CONTROL, type="advance_phase", force=True)
        if turn < turns:
            log.do(CONTROL, type="advance_phase")
    log.do(CONTROL, type="end_game")
    return log


def best(times: list[float]) -> float:
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--turns", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    started = time.perf_counter()
    log = build_game(args.turns)
    built = time.perf_counter() - started
    events = log.events
    kinds = collections.Counter(e["type"] for e in events)
    print(f"game: {args.turns} turns, {len(events)} events (decide + evolve: {built:.2f} s)")
    print("mix: " + ", ".join(f"{k} {n}" for k, n in kinds.most_common()))

    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        folded = fold(None, events, journal=[])  # the state and its journal, as a rebuild does
        times.append(time.perf_counter() - t0)
    rate = len(events) / best(times)
    print(
        f"fold (state and journal): best {best(times) * 1000:.2f} ms, median "
        f"{statistics.median(times) * 1000:.2f} ms for {len(events)} events -> {rate:,.0f} "
        "events/s (target >= 100,000)"
    )
    assert folded is not None and state_hash(folded) == state_hash(log.state)

    t0 = time.perf_counter()
    for _ in range(args.repeat):
        state_hash(folded)
    print(
        f"state_hash of the final state: {(time.perf_counter() - t0) / args.repeat * 1000:.2f} ms"
        f" ({len(canonical_json(folded)) / 1024:.0f} KiB canonical JSON)"
    )

    turn = min(6, args.turns)
    journal: list = []
    at_turn = fold(None, events[: log.turn_starts[turn] + 40], journal=journal)
    assert at_turn is not None
    for role in ("beijing", "observer", CONTROL):
        samples = []
        for _ in range(max(args.repeat, 50)):
            t0 = time.perf_counter()
            view(at_turn, role, journal)
            samples.append(time.perf_counter() - t0)
        size = len(canonical_json(view(at_turn, role, journal))) / 1024
        print(
            f"view({role}) at turn {turn} (seq {at_turn['seq']}): "
            f"best {best(samples) * 1000:.3f} ms, median {statistics.median(samples) * 1000:.3f} ms"
            f", {size:.0f} KiB (target <= 2 ms)"
        )


if __name__ == "__main__":
    main()
