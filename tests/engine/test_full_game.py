"""A scripted full game, run on every shipped scenario: every phase and every kind of move.

The script picks its actions by scanning the scenario, so a new scenario file is exercised
without changes here. It looks for a seed whose draws produce a detection, so the script can
assert the intelligence report deterministically.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

import pytest

from wargame.engine import (
    CONTROL,
    OBSERVER,
    Rejection,
    canonical_json,
    fold,
    load_scenario_file,
    state_hash,
    validate_scenario,
)
from wargame.engine.expressions import Facts, evaluate_condition
from wargame.engine.rules import detection_chances

from .harness import SCENARIOS, Game


def _targets(action: dict[str, Any]) -> list[str]:
    return action["targets"][:1]


def _offered_at_start(scenario: dict[str, Any], action: dict[str, Any]) -> bool:
    """Whether an action is offered in turn 1 (its condition holds on the starting values
    and an empty log)."""
    condition = action.get("condition")
    start = {i["id"]: i["start"] for i in scenario["indicators"]}
    return condition is None or evaluate_condition(condition, start, Facts())


def _first_offered(scenario: dict[str, Any], seat: str) -> dict[str, Any]:
    return next(a for a in scenario["seats"][seat]["actions"] if _offered_at_start(scenario, a))


def _detectable(scenario: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The (seat, action) offered in turn 1 with the highest base detection chance, if any."""
    best = None
    for seat, seat_doc in scenario["seats"].items():
        for action in seat_doc["actions"]:
            if not _offered_at_start(scenario, action):
                continue
            if action["secret_allowed"] and action["detection"]:
                chance = max(d["chance"] for d in action["detection"].values())
                if best is None or chance > best[0]:
                    best = (chance, seat, action)
    return (best[1], best[2]) if best and best[0] > 0 else None


class Script:
    """The full-game script; ``play`` returns the finished game and what it observed."""

    def __init__(self, scenario: dict[str, Any], seed: int) -> None:
        self.scenario = scenario
        self.game = Game(scenario, seed=seed)
        self.seats = list(scenario["seats"])
        self.detected = False
        self.markers: dict[str, set[str]] = {}

    def mark(self, text: str, *allowed: str) -> str:
        """Record that ``text`` may appear only in the views of ``allowed`` roles (and control)."""
        self.markers[text] = {CONTROL, *allowed}
        return text

    def check_secrets(self) -> None:
        assert self.game.state is not None
        if self.game.state["record_open"]:
            return
        for role in [CONTROL, OBSERVER, *self.seats]:
            text = self.game.view_text(role)
            events = canonical_json(self.game.projected(role)).decode()
            for marker, allowed in self.markers.items():
                if role not in allowed:
                    assert marker not in text, (role, marker)
                    assert marker not in events, (role, marker)
            assert str(self.game.state["rng"]["seed"]) not in text
            for move in self.game.state["moves"].values():
                if move["salt"]:
                    assert move["salt"] not in text, role

    def messaging_round(self, turn: int) -> None:
        assert self.game.state is not None
        if self.game.state["phase"] not in self.scenario["messaging_phases"]:
            self.game.rejected(
                self.seats[0],
                "messaging_closed",
                type="send_message",
                to=[self.seats[1]],
                text="closed?",
            )
            return
        a, b, c = self.seats[0], self.seats[1], self.seats[2]
        text = self.mark(f"MSG-{turn}-{self.game.state['phase']}-AB#", a, b)
        self.game.ok(a, type="send_message", to=[b], text=text)
        text = self.mark(f"MSG-{turn}-{self.game.state['phase']}-ABC#", a, b, c)
        self.game.ok(c, type="send_message", to=[a, b], text=text)

    def run_phase_until_orders(self, turn: int) -> None:
        g = self.game
        assert g.state is not None
        while g.state["phase"] != "orders":
            self.messaging_round(turn)
            g.ok(CONTROL, type="advance_phase")

    def play(self) -> Game:
        g = self.game
        seats = self.seats
        scenario = self.scenario
        g.rejected(seats[0], "not_running", type="lock_orders")
        g.rejected(seats[0], "forbidden", type="start_game")
        g.rejected(OBSERVER, "forbidden", type="send_message", to=[seats[0]], text="hi")
        g.ok(CONTROL, type="start_game")
        assert g.state is not None
        scripted = [i for i in scenario["injects"] if i["turn"] == 1]
        assert [i["id"] for i in g.state["injects"]] == [i["id"] for i in scripted]
        g.ok(CONTROL, type="set_deadline", deadline="2024-06-01T13:00:00Z")
        self.run_phase_until_orders(1)

        # ---- turn 1 orders --------------------------------------------------------------
        detectable = _detectable(scenario)
        secret_seat = detectable[0] if detectable else seats[0]
        others = [s for s in seats if s != secret_seat]
        public_seat, free_seat, opposed_seat = others[0], others[1], others[2]
        secret_allowed = scenario["secret_moves_per_game"] > 0
        if detectable and secret_allowed:
            action = detectable[1]
            self.secret_move = g.ok(
                secret_seat,
                type="submit_move",
                action=action["id"],
                targets=_targets(action),
                visibility="secret",
                rationale=self.mark("RATIONALE-SECRET-1#", secret_seat),
            )[0]["data"]["move_id"]
        else:
            self.secret_move = None
        first = _first_offered(scenario, public_seat)
        draft = g.ok(
            public_seat,
            type="submit_move",
            action=first["id"],
            targets=_targets(first),
            visibility="public",
            rationale="first draft",
        )[0]["data"]["move_id"]
        # An edit keeps the move id and does not use more quota.
        g.ok(
            public_seat,
            type="submit_move",
            move_id=draft,
            action=first["id"],
            targets=_targets(first),
            visibility="public",
            rationale=self.mark("RATIONALE-PUBLIC-1#", public_seat),
        )
        public_move = draft
        # A withdrawn move frees its quota.
        withdrawn = g.ok(
            free_seat,
            type="submit_move",
            action="free",
            argument={"action": "a", "result": "b", "reasons": ["c"]},
            rationale="to be withdrawn",
        )[0]["data"]["move_id"]
        # Sealed orders: another seat cannot even tell the move exists.
        g.rejected(public_seat, "unknown_move", type="withdraw_move", move_id=withdrawn)
        g.ok(free_seat, type="withdraw_move", move_id=withdrawn)
        free_move = g.ok(
            free_seat,
            type="submit_move",
            action="free",
            argument={
                "action": "Offer a summit",
                "result": "Tension falls",
                "reasons": ["Both sides need calm", "Markets are nervous"],
            },
            targets=[public_seat],
            visibility="public",
            rationale=self.mark("RATIONALE-FREE-1#", free_seat),
        )[0]["data"]["move_id"]
        opposed_action = _first_offered(scenario, opposed_seat)
        opposed_move = g.ok(
            opposed_seat,
            type="submit_move",
            action=opposed_action["id"],
            targets=_targets(opposed_action),
            visibility="public",
            rationale=self.mark("RATIONALE-OPPOSED-1#", opposed_seat),
        )[0]["data"]["move_id"]
        quota = scenario["move_quota"]
        if quota == 1:
            g.rejected(
                opposed_seat,
                "quota_exhausted",
                type="submit_move",
                action="free",
                argument={"action": "x", "result": "y"},
                rationale="one too many",
            )
        # Sealed orders: nobody else sees a submitted move yet.
        for seat in seats:
            if seat != public_seat:
                assert public_move not in {m["id"] for m in g.view(seat)["moves"]}
        self.check_secrets()
        for seat in seats:
            g.ok(seat, type="lock_orders")
        g.rejected(seats[0], "already_locked", type="lock_orders")
        g.ok(CONTROL, type="advance_phase")
        assert g.state["phase"] == "adjudication"

        # Public moves announced to all; the secret one only as a commitment.
        observer_moves = {m["id"]: m for m in g.view(OBSERVER)["moves"]}
        assert observer_moves[public_move]["action"] == first["id"]
        assert "rationale" not in observer_moves[public_move]
        if self.secret_move:
            stub = observer_moves[self.secret_move]
            assert set(stub) >= {"commitment", "seat"} and "action" not in stub

        # ---- turn 1 adjudication ----------------------------------------------------------
        pro = g.ok(
            free_seat, type="add_argument", move_id=public_move, stance="pro", text="It will work"
        )[0]["data"]["argument_id"]
        con = g.ok(
            opposed_seat,
            type="add_argument",
            move_id=public_move,
            stance="con",
            text="It will backfire",
        )[0]["data"]["argument_id"]
        g.ok(secret_seat, type="add_argument", move_id=public_move, stance="pro", text="Agreed")
        g.rejected(
            public_seat,
            "own_move",
            type="add_argument",
            move_id=public_move,
            stance="pro",
            text="mine",
        )
        proposal = g.ok(
            CONTROL, type="propose_probability", move_id=public_move, strong=[pro, con]
        )[0]["data"]
        assert proposal["strong_pros"] == 1 and proposal["strong_cons"] == 1
        assert 5 <= proposal["proposed"] <= 95
        assert g.view(public_seat)["moves"][0].get("proposal") is None
        g.rejected(
            CONTROL,
            "reason_required",
            type="propose_probability",
            move_id=public_move,
            probability=proposal["proposed"] % 90 + 3,
        )
        g.ok(
            CONTROL,
            type="propose_probability",
            move_id=public_move,
            probability=proposal["proposed"] % 90 + 3,
            reason=self.mark("OVERRIDE-REASON-1#"),
        )
        # The opposed pair: one record, both moves, both roll.
        opposed = g.ok(
            CONTROL,
            type="adjudicate",
            move_id=public_move,
            method="roll",
            opposed_move_id=opposed_move,
            narrative="The two efforts collide",
        )
        record = opposed[0]["data"]
        assert record["opposed"] and record["moves"] == [public_move, opposed_move]
        outcomes = {e["outcome"] for e in record["entries"]}
        assert outcomes == {"success", "failure"}
        assert len(record["entries"][0]["draws"]) == len(record["entries"][1]["draws"]) >= 1
        # The free argument: control decides, with effects.
        indicator = scenario["indicators"][0]["id"]
        decided = g.ok(
            CONTROL,
            type="adjudicate",
            move_id=free_move,
            method="decide",
            outcome="success",
            reason="A plausible argument",
            narrative="Agreed",
            effects=[{"indicator": indicator, "delta": 3}],
        )
        adjudication_id = decided[0]["data"]["adjudication_id"]
        before_void = g.state["indicators"][indicator]["value"]
        g.ok(
            CONTROL,
            type="void_adjudication",
            adjudication_id=adjudication_id,
            reason="Wrong indicator",
        )
        g.rejected(
            CONTROL,
            "already_voided",
            type="void_adjudication",
            adjudication_id=adjudication_id,
            reason="again",
        )
        assert g.state["adjudications"][adjudication_id]["voided"]
        assert g.state["moves"][free_move]["outcome"] is None
        delta = before_void - g.state["indicators"][indicator]["value"]
        assert (
            delta
            == g.state["adjudications"][adjudication_id]["changes"][0]["after"]
            - (g.state["adjudications"][adjudication_id]["changes"][0]["before"])
        )
        g.ok(
            CONTROL,
            type="adjudicate",
            move_id=free_move,
            method="roll",
            probability=50,
            reason="Even odds",
            narrative="Re-adjudicated",
            effects={"success": [{"indicator": indicator, "delta": 2}], "failure": []},
        )
        if self.secret_move:
            result = g.ok(
                CONTROL,
                type="adjudicate",
                move_id=self.secret_move,
                method="roll",
                narrative="Quiet work",
            )
            reports = [e for e in result if e["type"] == "intelligence_report"]
            self.detected = bool(reports)
            for report in reports:
                seat = report["audience"][0]
                assert any(i["move_id"] == self.secret_move for i in g.view(seat)["intelligence"])
                # The detecting seat learns the move, never the rationale.
                assert "RATIONALE-SECRET-1#" not in g.view_text(seat)
                self.markers["RATIONALE-SECRET-1#"].discard(seat)
        self.check_secrets()
        g.ok(
            CONTROL,
            type="adjust_indicator",
            indicator=indicator,
            delta=-1,
            reason="Correction after review",
        )
        history = g.state["indicators"][indicator]["history"]
        assert history[-1]["cause"] == {"kind": "adjustment", "reason": "Correction after review"}
        g.ok(
            CONTROL,
            type="issue_inject",
            title="Rumour",
            audience=[seats[0]],
            text=self.mark("INJECT-PRIVATE-1#", seats[0]),
            effects=[{"indicator": indicator, "delta": 1}],
        )
        if self.secret_move:
            reveal = g.ok(
                CONTROL, type="reveal_move", move_id=self.secret_move, reason="Satellite photos"
            )[0]
            self._verify_commitment(reveal)
        g.ok(CONTROL, type="add_note", text=self.mark("CONTROL-NOTE-1#"))
        g.ok(OBSERVER, type="add_note", text=self.mark("OBSERVER-NOTE-1#", OBSERVER))
        g.ok(CONTROL, type="advance_phase")
        assert g.state["phase"] == "results"
        self.check_secrets()
        if scenario["turns"] == 1:
            return self.finish()

        # ---- turn 2: pause, forced close, a secret free move ---------------------------
        g.ok(CONTROL, type="advance_phase")
        assert g.state["turn"] == 2
        assert not any(g.state["locks"].values())
        g.ok(CONTROL, type="pause", reason="Coffee")
        g.rejected(seats[0], "game_paused", type="lock_orders")
        if g.state["phase"] in scenario["messaging_phases"]:
            g.ok(
                seats[0],
                type="send_message",
                to=[seats[1]],
                text=self.mark("MSG-PAUSED#", seats[0], seats[1]),
            )
        g.ok(CONTROL, type="resume")
        self.run_phase_until_orders(2)
        used = sum(
            1
            for m in g.state["moves"].values()
            if m["seat"] == free_seat and m["visibility"] == "secret"
        )
        secret_free = None
        if used < scenario["secret_moves_per_game"]:
            secret_free = g.ok(
                free_seat,
                type="submit_move",
                action="free",
                argument={
                    "action": self.mark("SECRET-ARG-ACTION#", free_seat),
                    "result": self.mark("SECRET-ARG-RESULT#", free_seat),
                    "reasons": [self.mark("SECRET-ARG-REASON#", free_seat)],
                },
                visibility="secret",
                rationale=self.mark("RATIONALE-SECRET-2#", free_seat),
            )[0]["data"]["move_id"]
        g.ok(public_seat, type="lock_orders")
        g.rejected(CONTROL, "orders_open", type="advance_phase")
        closed = g.ok(CONTROL, type="advance_phase", force=True)[0]
        assert closed["type"] == "orders_closed" and closed["data"]["forced"]
        assert public_seat not in closed["data"]["unlocked"]
        g.rejected(
            free_seat,
            "wrong_phase",
            type="submit_move",
            action="free",
            argument={"action": "late", "result": "late"},
            rationale="late",
        )
        self.check_secrets()
        if secret_free:
            g.rejected(CONTROL, "moves_pending", type="advance_phase")
            g.ok(CONTROL, type="adjudicate", move_id=secret_free, method="roll")
        self.check_secrets()
        g.advance_to("results", turn=scenario["turns"])
        return self.finish()

    def finish(self) -> Game:
        g = self.game
        assert g.state is not None
        g.rejected(CONTROL, "last_turn", type="advance_phase", force=True)
        ended = g.ok(CONTROL, type="end_game")
        assert ended[-1]["type"] == "game_ended"
        for reveal in (e for e in ended if e["type"] == "move_revealed"):
            self._verify_commitment(reveal)
        # Revealed at the end: the move itself is public now, its rationale still is not.
        for marker in [m for m in self.markers if m.startswith("SECRET-ARG")]:
            del self.markers[marker]
        scores = g.state["scores"]
        assert set(scores) == set(self.seats)
        for seat in self.seats:
            view = g.view(seat)
            assert view["scores"] == scores
            assert set(view["objectives"]) == set(self.seats)
        g.rejected(
            self.seats[0], "not_running", type="send_message", to=[self.seats[1]], text="after"
        )
        self.check_secrets()
        g.ok(CONTROL, type="open_record")
        observer = g.view_text(OBSERVER)
        assert "RATIONALE-PUBLIC-1#" in observer and "CONTROL-NOTE-1#" in observer
        return g

    def _verify_commitment(self, reveal: dict[str, Any]) -> None:
        g = self.game
        projected = next(e for e in g.projected(self.seats[0]) if e["seq"] == reveal["seq"])["data"]
        content = {
            key: projected[key]
            for key in ("move_id", "seat", "turn", "action", "argument", "targets")
        }
        digest = hashlib.sha256(
            canonical_json({"move": content, "salt": projected["salt"]})
        ).hexdigest()
        assert digest == projected["commitment"]


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_full_game(path) -> None:
    """A whole game plays through on the scenario; the log folds back to the same state."""
    scenario = load_scenario_file(path)
    detectable = _detectable(scenario) is not None and scenario["secret_moves_per_game"] > 0
    for seed in range(1, 200):
        script = Script(scenario, 918_273_645_500 + seed)
        game = script.play()
        if script.detected or not detectable:
            break
    assert script.detected or not detectable, "no seed produced a detection"
    assert game.state is not None and game.state["status"] == "ended"
    assert state_hash(fold(None, game.events)) == game.hashes[-1]
    middle = len(game.events) // 2
    resumed = fold(fold(None, game.events[:middle]), game.events[middle:])
    assert state_hash(resumed) == game.hashes[-1]
    phases_seen = {e["data"]["phase"] for e in game.events if e["type"] == "phase_advanced"}
    assert phases_seen | {scenario["phases"][0]} == set(scenario["phases"])
    seqs = [e["seq"] for e in game.events]
    assert seqs == list(range(1, len(seqs) + 1))
    assert not isinstance(game.decide(CONTROL, {"type": "end_game"}), list)


def test_detection_chances_use_modifiers() -> None:
    """Detection chances come from the scenario plus modifiers, clamped to 0..100."""
    scenario = load_scenario_file(SCENARIOS[0].parent / "tutorial.yaml")
    game = Game(scenario)
    assert game.state is not None
    move = {"id": "m1", "seat": "pyongyang", "action": "pyongyang.covert_mobilisation"}
    chances = dict(detection_chances(game.state, move))
    assert chances == {"beijing": 30, "washington": 40}
    game.state["indicators"]["beijing_leverage"]["value"] = 90
    assert dict(detection_chances(game.state, move))["beijing"] == 50


def test_rejection_is_a_value() -> None:
    """decide returns a Rejection with a stable code and an HTTP-mappable kind."""
    game = Game(load_scenario_file(SCENARIOS[0].parent / "tutorial.yaml"))
    result = game.decide("beijing", {"type": "submit_move"})
    assert isinstance(result, Rejection) and result.kind == "invalid"


VARIANTS = {
    "one-move-no-secrets": {"move_quota": 1, "secret_moves_per_game": 0},
    "diplomacy-only-messages": {
        "messaging_phases": ["diplomacy"],
        "turns": 3,
        "turn_labels": ["A", "B", "C"],
    },
    "three-phases": {"phases": ["orders", "adjudication", "results"], "messaging_phases": None},
}


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_full_game_on_variants(name: str) -> None:
    """The script copes with the settings other scenarios may choose."""
    doc = copy.deepcopy(load_scenario_file(SCENARIOS[0].parent / "tutorial.yaml"))
    doc.update(VARIANTS[name])
    scenario = validate_scenario(doc)
    game = Script(scenario, 918_273_645_501).play()
    assert game.state is not None and game.state["status"] == "ended"
    assert state_hash(fold(None, game.events)) == game.hashes[-1]
