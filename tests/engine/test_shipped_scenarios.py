"""The shipped historical scenarios: scripted text follows what the teams did.

Each test plays a few moves of ``triangle-2024`` or ``korea-1950`` with outcomes decided by the
White Cell, then reads the run-sheet: the branch that matches play is issued, the other one is
skipped with its condition, and actions that would contradict the calendar are not offered.
"""

from __future__ import annotations

from typing import Any

import pytest

from wargame.engine import CONTROL

from .harness import Game, load


def _play_turn(game: Game, moves: list[tuple[str, str, list[str], str, str]]) -> None:
    """Submit (seat, action, targets, visibility, outcome) moves, lock, decide each outcome,
    and advance to the next turn's opening."""
    game.advance_to("orders")
    ids = []
    for seat, action, targets, visibility, _ in moves:
        event = game.ok(
            seat,
            type="submit_move",
            action=action,
            targets=targets,
            visibility=visibility,
            rationale="test",
        )
        ids.append(event[0]["data"]["move_id"])
    game.advance_to("adjudication")
    for move_id, (*_, outcome) in zip(ids, moves, strict=True):
        game.ok(
            CONTROL,
            type="adjudicate",
            move_id=move_id,
            method="decide",
            outcome=outcome,
            reason="test",
        )
    turn = game.state["turn"]
    game.advance_to("briefing", turn=turn + 1)


def _status(game: Game) -> dict[str, str]:
    return {item_id: item["status"] for item_id, item in game.state["run_sheet"].items()}


def _offered(game: Game, seat: str) -> dict[str, bool]:
    return {a["id"]: a["available"] for a in game.view(seat)["actions"]}


def _start(slug: str, seed: int = 5) -> Game:
    game = Game(load(slug), seed=seed)
    game.ok(CONTROL, type="start_game")
    return game


def _to_turn(game: Game, turn: int) -> None:
    while game.state["turn"] < turn:
        game.advance_to("briefing", turn=game.state["turn"] + 1)


@pytest.mark.parametrize("sent", [True, False])
def test_triangle_troops_follow_pyongyang(sent: bool) -> None:
    game = _start("triangle-2024")
    outcome = "success" if sent else "failure"
    _play_turn(
        game,
        [
            ("pyongyang", "pyongyang.send_troops", ["moscow"], "secret", outcome),
            ("moscow", "moscow.fast_ratify", ["pyongyang"], "public", "success"),
        ],
    )
    _to_turn(game, 6)
    status = _status(game)
    troops = ["t3.kursk_manpower_korean", "t5.troops_reported", "t6.kursk_combat", "t6.casualties"]
    no_troops = ["t3.kursk_manpower", "t5.troops_rumoured", "t6.their_own_matter_treaty"]
    for item in troops:
        assert status[item] == ("issued" if sent else "skipped"), item
    for item in no_troops:
        assert status[item] == ("skipped" if sent else "issued"), item
    assert status["narrative:5"] == ("issued" if sent else "skipped")
    assert status["narrative:5:no_troops"] == ("skipped" if sent else "issued")
    # Moscow fast-tracked the treaty in June: no Duma vote in October, the treaty binds early.
    assert status["narrative:2:ratified"] == "issued" and status["narrative:2"] == "skipped"
    assert status["t5.duma"] == "skipped" and status["t6.ratified"] == "skipped"
    assert status["t6.in_force_early"] == "issued"
    skipped = game.state["run_sheet"]["t5.duma"]
    assert skipped["skip_reason"].startswith("condition not met: ")
    assert "Fast-track the treaty's ratification" in skipped["skip_reason"]
    assert _offered(game, "moscow")["moscow.fast_ratify"] is False


def test_triangle_monitoring_team_built_by_washington() -> None:
    game = _start("triangle-2024")
    _play_turn(
        game,
        [("washington", "washington.monitoring_team", ["moscow"], "public", "success")],
    )
    assert _offered(game, "washington")["washington.monitoring_team"] is False
    _to_turn(game, 5)
    status = _status(game)
    assert status["t5.monitoring_team"] == "skipped"
    assert status["t5.monitoring_report"] == "issued"


@pytest.mark.parametrize("want_detected", [True, False])
def test_korea_beijing_forewarned_only_if_it_saw_the_go_ahead(want_detected: bool) -> None:
    for seed in range(1, 400):
        game = _start("korea-1950", seed=seed)
        _play_turn(game, [("moscow", "moscow.green_light", ["pyongyang"], "secret", "success")])
        move = next(m for m in game.state["moves"].values() if m["action"] == "moscow.green_light")
        if ("beijing" in move["detected_by"]) == want_detected:
            break
    else:
        pytest.fail("no seed gave the wanted detection")
    status = _status(game)
    assert status["t2.invasion"] == "issued"
    assert status["t2.beijing_forewarned"] == ("issued" if want_detected else "skipped")
    assert status["t2.beijing_told"] == ("skipped" if want_detected else "issued")
    # The public narrative is the same either way: it must not tell the others what Beijing saw.
    assert status["narrative:2"] == "issued"


def test_korea_war_actions_follow_the_calendar() -> None:
    game = _start("korea-1950")
    game.advance_to("orders")
    washington = _offered(game, "washington")
    assert washington["washington.cross_parallel"] is False
    assert washington["washington.ground_troops"] is False
    assert _offered(game, "pyongyang")["pyongyang.secret_mobilisation"] is True
    rejection = game.rejected(
        "washington",
        "action_unavailable",
        type="submit_move",
        action="washington.cross_parallel",
        targets=["pyongyang"],
        rationale="pre-empt",
    )
    # The invasion inject is still to come: its title would give it away.
    assert "25 June" not in rejection.message
    assert rejection.message.endswith("Not available in the present situation.")
    game.advance_to("briefing", turn=2)
    game.advance_to("orders")
    assert _offered(game, "pyongyang")["pyongyang.secret_mobilisation"] is False
    assert _offered(game, "pyongyang")["pyongyang.offensive"] is True
    # The KPA holds Seoul after the invasion (position 7): no crossing of the parallel yet.
    assert game.state["indicators"]["kpa_position"]["value"] == 7
    assert _offered(game, "washington")["washington.cross_parallel"] is False
    assert _offered(game, "washington")["washington.ground_troops"] is True


def _items(game: Game, turn: int) -> dict[str, Any]:
    return {k: v["status"] for k, v in game.state["run_sheet"].items() if v["turn"] == turn}


def test_korea_inchon_and_the_parallel_follow_the_front() -> None:
    game = _start("korea-1950")
    _to_turn(game, 3)  # nobody moves: the KPA holds Seoul and more (position 7)
    turn3 = _items(game, 3)
    assert turn3["t3.inchon"] == "issued" and turn3["t3.collapse"] == "issued"
    assert turn3["t3.inchon_behind"] == "skipped" and turn3["t3.landing_diverted"] == "skipped"
    assert game.state["indicators"]["kpa_position"]["value"] == 3
    _play_turn(
        game, [("washington", "washington.cross_parallel", ["pyongyang"], "public", "success")]
    )
    turn4 = _items(game, 4)
    assert turn4["t4.rok_crosses"] == "skipped" and turn4["t4.rok_follow"] == "issued"
    assert turn4["t4.zhou_warning_sent"] == "skipped"
    assert turn4["t4.zhou_warning_late_received"] == "issued"
    assert turn4["narrative:4:north"] == "issued"
