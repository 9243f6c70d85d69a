"""Targeted rules: quotas, pause, messaging, fog of war, proposals, opposed pairs, corrections."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from wargame.engine import (
    CONTROL,
    OBSERVER,
    Rejection,
    canonical_json,
    create_game,
    decide,
    evolve,
    fold,
    project_event,
    state_hash,
    validate_scenario,
    view,
)
from wargame.engine.rng import draw

from .harness import Game, load


@pytest.fixture
def scenario() -> dict[str, Any]:
    return load("tutorial")


@pytest.fixture
def game(scenario: dict[str, Any]) -> Game:
    game = Game(scenario, seed=11)
    game.ok(CONTROL, type="start_game")
    return game


def _orders(game: Game) -> None:
    game.advance_to("orders")


def _submit(game: Game, seat: str, action: str, **extra: Any) -> str:
    command = {"type": "submit_move", "action": action, "rationale": f"why {seat}", **extra}
    events = game.do(seat, command)
    assert not isinstance(events, Rejection), events
    return events[0]["data"]["move_id"]


def test_create_game_copies_the_scenario(scenario: dict[str, Any]) -> None:
    """Editing the scenario dict afterwards never changes the recorded game."""
    drafts = create_game(scenario, title="T", seed=1, actor={"role": CONTROL}, now="x")
    recorded = copy.deepcopy(drafts[0]["data"]["scenario"])
    scenario["title"] = "changed"
    assert drafts[0]["data"]["scenario"] == recorded
    with pytest.raises(ValueError):
        create_game(scenario, title=" ", seed=1, actor={"role": CONTROL}, now="x")


def test_move_quota_and_secret_limit(game: Game) -> None:
    """A seat gets move_quota moves per turn and secret_moves_per_game secret ones."""
    _orders(game)
    _submit(game, "pyongyang", "pyongyang.covert_mobilisation", visibility="secret")
    game.rejected(
        "pyongyang",
        "secret_quota_exhausted",
        type="submit_move",
        action="free",
        argument={"action": "a", "result": "b"},
        visibility="secret",
        rationale="r",
    )
    _submit(game, "pyongyang", "pyongyang.missile_test", targets=["washington"])
    game.rejected(
        "pyongyang",
        "quota_exhausted",
        type="submit_move",
        action="pyongyang.court_beijing",
        rationale="r",
    )
    game.rejected(
        "beijing",
        "secret_not_allowed",
        type="submit_move",
        action="beijing.trade_squeeze",
        visibility="secret",
        rationale="r",
    )
    game.rejected(
        "beijing",
        "invalid_target",
        type="submit_move",
        action="beijing.trade_squeeze",
        targets=["moscow"],
        rationale="r",
    )
    game.rejected(
        "beijing",
        "unknown_action",
        type="submit_move",
        action="moscow.arms_for_shells",
        rationale="r",
    )
    game.rejected(
        "beijing",
        "invalid_command",
        type="submit_move",
        action="beijing.trade_squeeze",
        rationale="  ",
    )
    rejection = game.rejected(
        "beijing",
        "text_too_long",
        type="submit_move",
        action="beijing.trade_squeeze",
        rationale="x" * 4001,
    )
    assert rejection.kind == "invalid"


def test_edit_keeps_the_id_and_changes_the_commitment(game: Game) -> None:
    _orders(game)
    move_id = _submit(game, "moscow", "moscow.arms_for_shells", visibility="secret")
    first = game.state["moves"][move_id]["commitment"]
    _submit(
        game,
        "moscow",
        "moscow.arms_for_shells",
        visibility="secret",
        move_id=move_id,
        targets=["pyongyang"],
    )
    move = game.state["moves"][move_id]
    assert move["revision"] == 2 and move["commitment"] != first
    assert len(game.state["moves"]) == 1


def test_rejection_kinds_by_role(game: Game) -> None:
    """Wrong role → forbidden; unknown role → forbidden; malformed → invalid."""
    assert game.rejected("beijing", "forbidden", type="adjudicate").kind == "forbidden"
    assert game.rejected(OBSERVER, "forbidden", type="lock_orders").kind == "forbidden"
    assert game.rejected(CONTROL, "forbidden", type="submit_move").kind == "forbidden"
    assert game.rejected("seoul", "unknown_role", type="lock_orders").kind == "forbidden"
    assert game.rejected(CONTROL, "unknown_command", type="explode").kind == "invalid"
    state = game.state
    for command in (None, [], "x", {"type": 5}, {}):
        result = decide(state, command, actor={"role": CONTROL}, now="t")
        assert isinstance(result, Rejection) and result.kind == "invalid"
    result = decide(state, {"type": "pause"}, actor="control", now="t")
    assert isinstance(result, Rejection) and result.kind == "forbidden"


def test_pause_allows_only_control_and_messages(game: Game) -> None:
    game.ok(CONTROL, type="pause", reason="lunch")
    game.rejected(CONTROL, "already_paused", type="pause")
    game.rejected("beijing", "game_paused", type="lock_orders")
    game.rejected(OBSERVER, "game_paused", type="add_note", text="n")
    game.ok("beijing", type="send_message", to=["moscow"], text="still talking")
    game.ok(CONTROL, type="advance_phase")
    assert game.view("beijing")["game"]["paused"] is True
    game.ok(CONTROL, type="resume")
    game.rejected(CONTROL, "not_paused", type="resume")


def test_messaging_phases_are_enforced(scenario: dict[str, Any]) -> None:
    doc = dict(scenario, messaging_phases=["diplomacy"])
    game = Game(validate_scenario(doc))
    game.ok(CONTROL, type="start_game")
    game.rejected("beijing", "messaging_closed", type="send_message", to=["moscow"], text="hi")
    game.ok(CONTROL, type="advance_phase")
    game.ok("beijing", type="send_message", to=["moscow", "pyongyang"], text="hi")
    game.rejected("beijing", "invalid_command", type="send_message", to=["beijing"], text="hi")
    game.rejected("beijing", "unknown_seat", type="send_message", to=["seoul"], text="hi")
    assert game.view("washington")["messages"] == []
    assert game.view(OBSERVER)["messages"] == []
    assert len(game.view("pyongyang")["messages"]) == 1
    assert len(game.view(CONTROL)["messages"]) == 1


def test_sealed_orders_and_announcement(game: Game) -> None:
    """Moves stay sealed until orders close; then public ones are announced without rationale."""
    _orders(game)
    public = _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    secret = _submit(game, "moscow", "moscow.arms_for_shells", visibility="secret")
    assert [m["id"] for m in game.view("washington")["moves"]] == []
    assert [m["id"] for m in game.view("beijing")["moves"]] == [public]
    game.advance_to("adjudication")
    moves = {m["id"]: m for m in game.view("washington")["moves"]}
    assert moves[public]["action"] == "beijing.trade_squeeze"
    assert "rationale" not in moves[public]
    assert set(moves[secret]) == {
        "id",
        "seat",
        "turn",
        "visibility",
        "status",
        "commitment",
        "revealed",
        "detected",
        "number",
    }
    assert moves[public]["number"] == 1 and moves[secret]["number"] == 1  # each seat's first
    assert game.view(CONTROL)["moves"][1]["rationale"] == "why moscow"


def test_proposal_terms_and_strong_arguments(game: Game) -> None:
    _orders(game)
    move_id = _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    game.advance_to("adjudication")
    pro = game.ok("washington", type="add_argument", move_id=move_id, stance="pro", text="yes")[0][
        "data"
    ]["argument_id"]
    game.ok("moscow", type="add_argument", move_id=move_id, stance="con", text="no")
    proposal = game.ok(CONTROL, type="propose_probability", move_id=move_id, strong=[pro])[0][
        "data"
    ]
    # base 45, leverage 55 (< 60: no bonus), alignment 62 (< 70: no malus), +5 strong pro.
    assert proposal["proposed"] == 50
    assert [t["points"] for t in proposal["terms"]] == [45, 5]
    control_move = game.view(CONTROL)["moves"][0]
    assert control_move["proposal"]["terms"][1]["label"].startswith("strong pro")
    assert "proposal" not in game.view("washington")["moves"][0]
    assert project_event(game.events[-1], "beijing") is None
    args = game.view(CONTROL)["moves"][0]["arguments"]
    assert [a["strong"] for a in args] == [True, False]
    assert "strong" not in game.view("beijing")["moves"][0]["arguments"][0]


def test_proposal_is_clamped(game: Game) -> None:
    _orders(game)
    move_id = _submit(game, "washington", "washington.trilateral_drill", targets=["pyongyang"])
    game.advance_to("adjudication")
    strong = [
        game.ok(seat, type="add_argument", move_id=move_id, stance="pro", text=f"{seat} {n}")[0][
            "data"
        ]["argument_id"]
        for seat in ("beijing", "moscow", "pyongyang")
        for n in range(2)
    ]
    proposal = game.ok(CONTROL, type="propose_probability", move_id=move_id, strong=strong)[0][
        "data"
    ]
    assert proposal["proposed"] == 95
    assert proposal["terms"][-1]["points"] == -5


def test_roll_records_the_draw_and_applies_effects(game: Game) -> None:
    _orders(game)
    move_id = _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    game.advance_to("adjudication")
    counter = game.state["rng"]["counter"]
    events = game.ok(
        CONTROL,
        type="adjudicate",
        move_id=move_id,
        method="roll",
        probability=60,
        reason="Pyongyang is short of fuel",
        narrative="Trucks wait at Dandong",
    )
    record = events[0]["data"]
    expected = draw(game.state["rng"]["seed"], counter)
    assert record["entries"][0]["draws"] == [expected]
    assert record["entries"][0]["outcome"] == ("success" if expected <= 60 else "failure")
    assert game.state["rng"]["counter"] == counter + 1
    changes = events[1]["data"]["changes"]
    leverage = next(c for c in changes if c["indicator"] == "beijing_leverage")
    assert leverage["after"] == game.state["indicators"]["beijing_leverage"]["value"]
    history = game.state["indicators"]["beijing_leverage"]["history"]
    assert history[-1]["seq"] == events[1]["seq"]
    assert "override_reason" not in project_event(events[0], "washington")["data"]["entries"][0]
    game.rejected(CONTROL, "already_adjudicated", type="adjudicate", move_id=move_id, method="roll")


def test_opposed_pair_rerolls_ties(game: Game) -> None:
    """Equal margins roll again; every round is recorded in one linked record."""
    _orders(game)
    first = _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    second = _submit(game, "pyongyang", "pyongyang.court_beijing", targets=["beijing"])
    game.advance_to("adjudication")
    counter = game.state["rng"]["counter"]
    seed = next(s for s in range(100_000) if draw(s, counter) == draw(s, counter + 1))
    state = copy.deepcopy(game.state)
    state["rng"]["seed"] = seed
    result = decide(
        state,
        {
            "type": "adjudicate",
            "move_id": first,
            "method": "roll",
            "probability": 50,
            "opposed_move_id": second,
            "opposed_probability": 50,
            "reason": "even",
        },
        actor={"role": CONTROL, "name": None},
        now="t",
    )
    assert not isinstance(result, Rejection)
    entries = result[0]["data"]["entries"]
    assert len(entries[0]["draws"]) >= 2 and len(entries[0]["draws"]) == len(entries[1]["draws"])
    assert entries[0]["draws"][0] == entries[1]["draws"][0]
    assert {e["outcome"] for e in entries} == {"success", "failure"}
    assert result[0]["data"]["moves"] == [first, second]


def test_void_and_adjust_keep_the_history(game: Game) -> None:
    _orders(game)
    move_id = _submit(game, "pyongyang", "pyongyang.missile_test", targets=["washington"])
    game.advance_to("adjudication")
    game.ok(
        CONTROL,
        type="adjudicate",
        move_id=move_id,
        method="decide",
        outcome="success",
        reason="Launch confirmed",
    )
    assert game.state["indicators"]["escalation"]["value"] == 6
    adjudication = game.state["moves"][move_id]["adjudication"]
    game.ok(CONTROL, type="void_adjudication", move_id=move_id, reason="It was a dud")
    assert game.state["indicators"]["escalation"]["value"] == 4
    values = [h["value"] for h in game.state["indicators"]["escalation"]["history"]]
    assert values == [4, 6, 4]
    record = game.view("beijing")["adjudications"][0]
    assert record["voided"] and record["void_reason"] == "It was a dud"
    assert record["id"] == adjudication
    game.ok(
        CONTROL,
        type="adjudicate",
        move_id=move_id,
        method="decide",
        outcome="failure",
        reason="Dud",
    )
    game.ok(CONTROL, type="adjust_indicator", indicator="escalation", value=40, reason="War")
    assert game.state["indicators"]["escalation"]["value"] == 20
    game.rejected(
        CONTROL,
        "invalid_command",
        type="adjust_indicator",
        indicator="escalation",
        delta=1,
        value=3,
        reason="both",
    )
    game.rejected(
        CONTROL, "invalid_command", type="adjust_indicator", indicator="escalation", delta=1
    )


def test_hidden_indicator_stays_hidden(game: Game) -> None:
    """The hidden indicator and every change to it stay with its audience."""
    _orders(game)
    move_id = _submit(game, "pyongyang", "pyongyang.covert_mobilisation", visibility="secret")
    game.advance_to("adjudication")
    events = game.ok(
        CONTROL,
        type="adjudicate",
        move_id=move_id,
        method="decide",
        outcome="success",
        reason="Quiet",
    )
    for role in ("beijing", "washington", OBSERVER):
        text = game.view_text(role)
        assert "pyongyang_readiness" not in text and "military readiness" not in text
    assert any(i["id"] == "pyongyang_readiness" for i in game.view("moscow")["indicators"])
    changed = next(e for e in events if e["type"] == "indicators_changed")
    beijing = project_event(changed, "beijing")
    assert beijing is not None
    assert {c["indicator"] for c in beijing["data"]["changes"]} == {"escalation"}
    assert beijing["data"]["cause"] == {"kind": "undisclosed"}
    assert project_event(changed, "moscow")["data"]["cause"] == {"kind": "undisclosed"}
    assert project_event(changed, "pyongyang")["data"]["cause"]["move_id"] == move_id


def test_detection_reaches_only_the_detecting_seat(scenario: dict[str, Any]) -> None:
    doc = copy.deepcopy(scenario)
    action = doc["seats"]["moscow"]["actions"][0]
    action["detection"] = {
        "washington": {"chance": 100, "modifiers": []},
        "beijing": {"chance": 0, "modifiers": []},
    }
    game = Game(validate_scenario(doc))
    game.ok(CONTROL, type="start_game")
    _orders(game)
    move_id = _submit(game, "moscow", "moscow.arms_for_shells", visibility="secret")
    game.advance_to("adjudication")
    events = game.ok(CONTROL, type="adjudicate", move_id=move_id, method="roll")
    reports = [e for e in events if e["type"] == "intelligence_report"]
    assert [r["audience"] for r in reports] == [["washington"]]
    assert game.view("washington")["intelligence"][0]["action"] == "moscow.arms_for_shells"
    assert game.view("washington")["moves"][0]["detected"] is True
    assert game.view("beijing")["intelligence"] == []
    assert "detection" in game.view(CONTROL)["adjudications"][0]
    assert "detection" not in game.view("moscow")["adjudications"][0]
    assert project_event(events[0], "washington") is None
    # Voiding and re-adjudicating does not roll detection again.
    game.ok(CONTROL, type="void_adjudication", move_id=move_id, reason="redo")
    again = game.ok(CONTROL, type="adjudicate", move_id=move_id, method="roll")
    assert again[0]["data"]["detection"] == []


def test_salts_only_in_the_reveal(game: Game) -> None:
    _orders(game)
    move_id = _submit(game, "moscow", "moscow.arms_for_shells", visibility="secret")
    salt = game.state["moves"][move_id]["salt"]
    submitted = game.events[-1]
    for role in (CONTROL, "moscow"):
        assert "salt" not in project_event(submitted, role)["data"]
        assert salt not in game.view_text(role)
    game.advance_to("adjudication")
    reveal = game.ok(CONTROL, type="reveal_move", move_id=move_id)[0]
    assert project_event(reveal, "beijing")["data"]["salt"] == salt
    assert salt not in game.view_text("beijing")
    game.rejected(CONTROL, "already_revealed", type="reveal_move", move_id=move_id)
    moves = {m["id"]: m for m in game.view("beijing")["moves"]}
    assert moves[move_id]["action"] == "moscow.arms_for_shells"
    created = project_event(game.events[0], CONTROL)
    assert "seed" not in created["data"] and "scenario" in created["data"]
    assert set(project_event(game.events[0], "beijing")["data"]["scenario"]) == {
        "slug",
        "title",
        "summary",
        "turns",
    }


def test_objectives_private_until_the_end(game: Game) -> None:
    assert set(game.view("beijing")["objectives"]) == {"beijing"}
    assert game.view(OBSERVER)["objectives"] == {}
    assert set(game.view(CONTROL)["objectives"]) == set(game.seats)
    moscow = game.view("moscow")["objectives"]["moscow"]
    assert moscow[1]["condition"] == "pyongyang_readiness >= 50"
    game.ok(CONTROL, type="end_game")
    beijing = game.view("beijing")
    assert set(beijing["objectives"]) == set(game.seats)
    assert beijing["objectives"]["moscow"][1]["condition"] is None
    assert beijing["scores"]["beijing"]["max"] == 3


def test_observer_notes_and_open_record(game: Game) -> None:
    game.ok(OBSERVER, type="add_note", text="Observer sees a pattern")
    game.ok(CONTROL, type="add_note", text="Control only")
    assert [n["text"] for n in game.view(OBSERVER)["notes"]] == ["Observer sees a pattern"]
    assert len(game.view(CONTROL)["notes"]) == 2
    assert game.view("beijing")["notes"] == []
    game.rejected(CONTROL, "not_ended", type="open_record")
    game.ok(CONTROL, type="end_game")
    game.ok(CONTROL, type="open_record")
    opened = game.view(OBSERVER)
    assert len(opened["notes"]) == 2 and opened["role"] == OBSERVER
    assert project_event(game.events[-3], "beijing", record_open=True) is not None


def test_deadline_and_narrative(game: Game) -> None:
    game.rejected(CONTROL, "invalid_command", type="set_deadline", deadline="soon")
    game.ok(CONTROL, type="set_deadline", deadline="2024-06-01T14:00:00Z")
    deadline = game.view("beijing")["game"]["deadline"]
    assert deadline["at"] == "2024-06-01T14:00:00.000+00:00"
    assert deadline["on_expiry"] == "alert" and deadline["remaining_seconds"] is None
    game.ok(CONTROL, type="publish_narrative", text="The rains came early.")
    assert game.view(OBSERVER)["narratives"][-1]["scripted"] is False
    game.ok(CONTROL, type="advance_phase")
    assert game.view("beijing")["game"]["deadline"] is None


def test_ending_the_game_reveals_only_secret_moves_that_were_announced(game: Game) -> None:
    """A secret move still only submitted when the game ends never happened: it stays its
    seat's own, while an announced one is revealed to everyone."""
    _orders(game)
    announced = _submit(game, "moscow", "moscow.arms_for_shells", visibility="secret")
    game.advance_to("orders", turn=2)
    pending = _submit(game, "pyongyang", "pyongyang.covert_mobilisation", visibility="secret")
    assert game.view(CONTROL)["pending"]["unadjudicated"] == []  # turn 2's orders are open
    events = game.ok(CONTROL, type="end_game")
    revealed = [e["data"]["move_id"] for e in events if e["type"] == "move_revealed"]
    assert revealed == [announced]
    assert game.view(CONTROL)["pending"] == {
        "unlocked": [],
        "unadjudicated": [],
        "adjudicable": [],
        "rollable": [],
        "run_sheet_due": [],
        "next_phase": None,
    }
    for role in ("beijing", "washington", OBSERVER):
        text = game.view_text(role)
        assert pending not in [m["id"] for m in game.view(role)["moves"]]
        assert "covert_mobilisation" not in text, role


def test_injects_scripted_and_ad_hoc(game: Game) -> None:
    scripted = {i["id"]: i for i in game.view(CONTROL)["injects"]}
    assert set(scripted) == {"t1.test_site", "t1.shell_shortage"}
    assert all(i["scripted"] for i in scripted.values())
    assert [i["id"] for i in game.view("beijing")["injects"]] == ["t1.test_site"]
    assert len(game.view("moscow")["injects"]) == 2
    game.ok(
        CONTROL,
        type="issue_inject",
        text="A defector talks",
        audience=["washington"],
        effects=[{"indicator": "us_china_tension", "delta": 4}],
    )
    inject = game.view("washington")["injects"][-1]
    assert inject["scripted"] is False and re.fullmatch(r"adhoc:[0-9a-f]{12}", inject["id"])
    history = game.view("beijing")["indicators"][2]["history"]
    assert history[-1]["cause"] == {"kind": "undisclosed"}
    game.advance_to("briefing", turn=2)
    assert [i["id"] for i in game.view(CONTROL)["injects"]][-1] == "t2.floods"


def test_evolve_is_pure_and_fold_matches(game: Game) -> None:
    _orders(game)
    _submit(game, "beijing", "beijing.trade_squeeze", targets=["pyongyang"])
    state = game.state
    before = canonical_json(state)
    draft = game.decide("beijing", {"type": "lock_orders"})
    event = dict(draft[0], seq=state["seq"] + 1)
    event_before = canonical_json(event)
    after = evolve(state, event)
    assert canonical_json(state) == before and canonical_json(event) == event_before
    assert after["locks"]["beijing"] is True
    assert state_hash(fold(None, [*game.events, event])) == state_hash(after)
    with pytest.raises(ValueError):
        evolve(state, dict(event, seq=state["seq"] + 5))
    with pytest.raises(ValueError):
        evolve(None, event)


def test_view_rejects_unknown_roles(game: Game) -> None:
    with pytest.raises(ValueError):
        view(game.state, "seoul")
