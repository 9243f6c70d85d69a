"""The game's clock settings (set_clock): each phase that opens gets its deadline from them, and
a game plays from start to end on expire_deadline alone, each automatic action an event naming
its cause."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from wargame.engine import CONTROL, OBSERVER, Rejection, decide

from .harness import Game, load

T0 = datetime.fromisoformat("2024-06-01T12:00:00+00:00")
CLOCK = {"role": CONTROL, "name": "Server clock"}
EVERY_PHASE = [
    {"phase": "briefing", "seconds": 60, "on_expiry": "advance"},
    {"phase": "diplomacy", "seconds": 2 * 3600, "on_expiry": "advance"},
    {"phase": "orders", "seconds": 86400, "on_expiry": "advance"},
    {"phase": "adjudication", "seconds": 30, "on_expiry": "roll"},
    {"phase": "results", "seconds": 90, "on_expiry": "advance"},
]


def _at(game: Game, now: datetime, command: dict[str, Any], actor: dict[str, Any] | None = None):
    assert game.state is not None
    result = decide(
        game.state, command, actor=actor or {"role": CONTROL, "name": "Ann"}, now=now.isoformat()
    )
    if isinstance(result, Rejection):
        return result
    return game.append(result)


def _deadline(game: Game, role: str = "moscow") -> dict[str, Any] | None:
    return game.view(role)["game"]["deadline"]


@pytest.fixture
def game() -> Game:
    return Game(load("tutorial"))


@pytest.mark.parametrize(
    ("phases", "code"),
    [
        ([{"phase": "lunch", "seconds": 60, "on_expiry": "alert"}], "invalid_command"),
        ([{"phase": "orders", "seconds": 0, "on_expiry": "alert"}], "invalid_command"),
        ([{"phase": "orders", "seconds": 31 * 86400, "on_expiry": "alert"}], "invalid_command"),
        ([{"phase": "orders", "seconds": 1.5, "on_expiry": "alert"}], "invalid_command"),
        ([{"phase": "orders", "seconds": 60, "on_expiry": "explode"}], "invalid_command"),
        ([{"phase": "orders", "seconds": 60, "on_expiry": "roll"}], "wrong_phase"),
        ([{"phase": "briefing", "seconds": 60, "on_expiry": "lock_orders"}], "wrong_phase"),
        ([{"phase": "orders", "seconds": 60, "on_expiry": "alert", "x": 1}], "unknown_field"),
        (
            [
                {"phase": "orders", "seconds": 60, "on_expiry": "alert"},
                {"phase": "orders", "seconds": 90, "on_expiry": "advance"},
            ],
            "duplicate_phase",
        ),
        ("orders", "invalid_command"),
    ],
)
def test_set_clock_refusals(game: Game, phases: Any, code: str) -> None:
    game.rejected(CONTROL, code, type="set_clock", phases=phases)


def test_a_phase_the_scenario_does_not_have_is_refused() -> None:
    scenario = load("tutorial")
    scenario["phases"] = ["briefing", "orders", "adjudication", "results"]
    scenario["messaging_phases"] = ["briefing"]
    game = Game(scenario)
    game.rejected(
        CONTROL,
        "unknown_phase",
        type="set_clock",
        phases=[{"phase": "diplomacy", "seconds": 60, "on_expiry": "advance"}],
    )


def test_only_control_sets_the_clock_and_not_after_the_end(game: Game) -> None:
    game.rejected("beijing", "forbidden", type="set_clock", phases=EVERY_PHASE)
    game.rejected(OBSERVER, "forbidden", type="set_clock", phases=EVERY_PHASE)
    game.ok(CONTROL, type="set_clock", phases=EVERY_PHASE)
    game.rejected(CONTROL, "clock_unchanged", type="set_clock", phases=list(EVERY_PHASE))
    game.ok(CONTROL, type="start_game")
    game.ok(CONTROL, type="end_game")
    game.rejected(CONTROL, "not_running", type="set_clock", phases=[])


def test_a_game_without_settings_keeps_the_state_it_always_had(game: Game) -> None:
    game.ok(CONTROL, type="start_game")
    game.ok(CONTROL, type="advance_phase")
    assert game.state is not None and "clock" not in game.state
    assert [e["type"] for e in game.events].count("deadline_set") == 0
    assert game.view("beijing")["game"]["clock"] is None


def test_each_phase_opens_with_its_deadline_from_the_settings(game: Game) -> None:
    settings = [
        {"phase": "briefing", "seconds": 300, "on_expiry": "advance"},
        {"phase": "orders", "seconds": 2 * 86400, "on_expiry": "lock_orders"},
    ]
    game.ok(CONTROL, type="set_clock", phases=list(reversed(settings)))
    expected = {
        "briefing": {"seconds": 300, "on_expiry": "advance"},
        "orders": {"seconds": 2 * 86400, "on_expiry": "lock_orders"},
    }
    for role in ("beijing", OBSERVER, CONTROL):
        assert game.view(role)["game"]["clock"] == expected
    assert list(game.view(CONTROL)["game"]["clock"]) == ["briefing", "orders"]  # phase order
    assert game.view("moscow")["timeline"][-1]["text"] == (
        "Clock settings: briefing 5 minutes (advance), orders 2 days (close the orders not locked)"
    )

    events = _at(game, T0, {"type": "start_game"})
    assert not isinstance(events, Rejection)
    assert events[-1]["type"] == "deadline_set"
    assert events[-1]["data"] == {
        "deadline": "2024-06-01T12:05:00.000+00:00",
        "turn": 1,
        "phase": "briefing",
        "deadline_id": "dl1",
        "on_expiry": "advance",
        "cause": "clock",
        "remaining_seconds": None,
    }
    assert _deadline(game) == {
        "id": "dl1",
        "at": "2024-06-01T12:05:00.000+00:00",
        "remaining_seconds": None,
        "on_expiry": "advance",
        "turn": 1,
        "phase": "briefing",
        "expired": False,
    }
    assert game.view("moscow")["timeline"][-1]["text"].startswith(
        "Deadline set by the clock settings: 2024-06-01T12:05:00.000+00:00; then the phase"
    )

    # Diplomacy has no duration: it opens with no deadline (the briefing's is cleared).
    events = _at(game, T0 + timedelta(minutes=1), {"type": "advance_phase"})
    assert not isinstance(events, Rejection)
    assert [e["type"] for e in events] == ["phase_advanced"]
    assert _deadline(game) is None
    # Orders opened by hand: its deadline counts from then, with the settings' action.
    later = T0 + timedelta(hours=3)
    events = _at(game, later, {"type": "advance_phase"})
    assert not isinstance(events, Rejection)
    assert [e["type"] for e in events] == ["phase_advanced", "deadline_set"]
    assert events[-1]["actor"] == {"role": CONTROL, "name": "Ann"}
    deadline = _deadline(game)
    assert deadline is not None
    assert deadline["at"] == "2024-06-03T15:00:00.000+00:00"
    assert (deadline["id"], deadline["on_expiry"]) == ("dl2", "lock_orders")


def test_settings_changed_during_the_game_apply_from_the_next_phase(game: Game) -> None:
    game.ok(CONTROL, type="start_game")
    game.ok(CONTROL, type="set_clock", phases=EVERY_PHASE)
    assert _deadline(game) is None  # the current phase keeps its (lack of a) deadline
    _at(game, T0, {"type": "advance_phase"})
    deadline = _deadline(game)
    assert deadline is not None and deadline["at"] == "2024-06-01T14:00:00.000+00:00"
    game.ok(CONTROL, type="set_clock", phases=[])
    assert game.view(CONTROL)["game"]["clock"] == {}
    assert game.view(CONTROL)["timeline"][-1]["text"].startswith("Clock settings cleared")
    assert _deadline(game) is not None
    game.ok(CONTROL, type="advance_phase")
    assert _deadline(game) is None


def test_a_phase_opened_while_paused_gets_a_frozen_deadline(game: Game) -> None:
    game.ok(CONTROL, type="set_clock", phases=EVERY_PHASE)
    game.ok(CONTROL, type="start_game")
    game.ok(CONTROL, type="pause")
    _at(game, T0, {"type": "advance_phase"})
    frozen = _deadline(game)
    assert frozen is not None
    assert (frozen["at"], frozen["remaining_seconds"]) == (None, 7200)
    _at(game, T0 + timedelta(hours=1), {"type": "resume"})
    resumed = _deadline(game)
    assert resumed is not None and resumed["at"] == "2024-06-01T15:00:00.000+00:00"


def _expire(game: Game, now: datetime) -> list[dict[str, Any]]:
    deadline = _deadline(game, CONTROL)
    assert deadline is not None and deadline["at"] is not None
    due = datetime.fromisoformat(deadline["at"])
    early = _at(game, due - timedelta(seconds=1), _expiry(deadline), CLOCK)
    assert isinstance(early, Rejection) and early.code == "deadline_not_due"
    events = _at(game, max(now, due), _expiry(deadline), CLOCK)
    assert not isinstance(events, Rejection), events
    again = _at(game, max(now, due), _expiry(deadline), CLOCK)
    assert isinstance(again, Rejection)
    ended = events[-1]["type"] == "game_ended"
    assert again.code == ("not_running" if ended else "deadline_not_due")
    return events


def _expiry(deadline: dict[str, Any]) -> dict[str, Any]:
    return {"type": "expire_deadline", "deadline_id": deadline["id"]}


def test_a_game_runs_from_start_to_end_on_the_clock_alone(game: Game) -> None:
    game.ok(CONTROL, type="set_clock", phases=EVERY_PHASE)
    now = T0
    _at(game, now, {"type": "start_game"})
    expiries = 0
    moves: list[str] = []
    while game.view(CONTROL)["game"]["status"] == "running":
        state = game.state
        assert state is not None
        if state["phase"] == "orders" and moves[-1:] != [f"turn {state['turn']}"]:
            submitted = game.ok(
                "beijing", type="submit_move", action="beijing.trade_squeeze", rationale="r"
            )
            moves += [submitted[0]["data"]["move_id"], f"turn {state['turn']}"]
        deadline = _deadline(game, CONTROL)
        assert deadline is not None and deadline["phase"] == state["phase"]
        now = datetime.fromisoformat(deadline["at"])
        phase, turn = state["phase"], state["turn"]
        events = _expire(game, now)
        expiries += 1
        assert events[0]["type"] == "deadline_expired"
        assert all(e["actor"] == CLOCK for e in events)
        kinds = [e["type"] for e in events]
        if phase == "adjudication":
            rolled = [e for e in events if e["type"] == "move_adjudicated"]
            assert len(rolled) == 1
            (entry,) = rolled[0]["data"]["entries"]
            assert entry["probability"] == entry["proposed"]  # at its proposed odds
            assert entry["move_id"] == moves[-2]
        if (phase, turn) == ("results", 2):
            assert kinds == ["deadline_expired", "game_ended"]
        else:
            advanced = next(e for e in events if e["type"] == "phase_advanced")
            assert advanced["data"]["cause"] == "deadline"
            assert kinds[-1] == "deadline_set" and events[-1]["data"]["cause"] == "clock"
            opened = game.view(CONTROL)["game"]
            assert _deadline(game) == {
                "id": f"dl{expiries + 1}",
                "at": (
                    now + timedelta(seconds=opened["clock"][opened["phase"]]["seconds"])
                ).isoformat(timespec="milliseconds"),
                "remaining_seconds": None,
                "on_expiry": opened["clock"][opened["phase"]]["on_expiry"],
                "turn": opened["turn"],
                "phase": opened["phase"],
                "expired": False,
            }
    assert expiries == 10  # five phases, two turns: every deadline acted once
    assert [e["type"] for e in game.events].count("deadline_expired") == 10
    assert game.view(OBSERVER)["scores"] is not None
    assert all(
        game.state is not None and m["adjudication"] is not None
        for m in game.state["moves"].values()
    )


def test_roll_with_nothing_waiting_only_advances(game: Game) -> None:
    game.ok(CONTROL, type="start_game")
    game.advance_to("adjudication")
    _at(game, T0, {"type": "set_deadline", "minutes": 1, "on_expiry": "roll"})
    events = _at(
        game,
        T0 + timedelta(minutes=1),
        {"type": "expire_deadline", "deadline_id": "dl1"},
        CLOCK,
    )
    assert not isinstance(events, Rejection)
    assert [e["type"] for e in events] == ["deadline_expired", "phase_advanced"]
    assert events[0]["data"]["on_expiry"] == "roll"
    assert game.view("beijing")["timeline"][-2]["text"] == (
        "The deadline passed: the moves still waiting are rolled and the phase advances"
    )


def test_a_branch_keeps_the_settings_but_not_the_deadline(game: Game) -> None:
    from wargame.engine import branch_game, fold

    game.ok(CONTROL, type="set_clock", phases=EVERY_PHASE)
    game.ok(CONTROL, type="start_game")
    assert _deadline(game) is not None
    seq = len(game.events)
    journal: list[dict[str, Any]] = []
    state = fold(None, game.events, journal=journal)
    assert state is not None
    parent = {"game": "p", "title": "Parent", "seq": seq, "hash": "a" * 64, "state_hash": "b"}
    drafts = branch_game(
        state, journal, parent=parent, title="What if", seed=5, actor={}, now=T0.isoformat()
    )
    branch = fold(None, [{**d, "seq": seq + i} for i, d in enumerate(drafts)])
    assert branch is not None
    assert branch["deadline"] is None and branch["clock"] == state["clock"]
    opened = decide(
        branch,
        {"type": "advance_phase"},
        actor={"role": CONTROL, "name": "Ann"},
        now=T0.isoformat(),
    )
    assert not isinstance(opened, Rejection)
    assert [d["type"] for d in opened] == ["phase_advanced", "deadline_set"]
