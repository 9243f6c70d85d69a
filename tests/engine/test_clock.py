"""The deadline clock: set (instant or minutes), frozen by pause, re-instated by resume with a
new id, cleared on a phase change, and expire_deadline with each on_expiry."""

from __future__ import annotations

from typing import Any

import pytest

from wargame.engine import CONTROL, OBSERVER, Rejection, decide

from .harness import Game, load

T0 = "2024-06-01T12:00:00+00:00"
CLOCK = {"role": CONTROL, "name": "Server clock"}


@pytest.fixture
def game() -> Game:
    game = Game(load("tutorial"))
    game.ok(CONTROL, type="start_game")
    return game


def _at(game: Game, now: str, command: dict[str, Any], actor: dict[str, Any] | None = None):
    assert game.state is not None
    result = decide(game.state, command, actor=actor or {"role": CONTROL, "name": "Ann"}, now=now)
    if isinstance(result, Rejection):
        return result
    return game.append(result)


def _deadline(game: Game, role: str = "beijing") -> dict[str, Any] | None:
    return game.view(role)["game"]["deadline"]


def test_set_a_deadline_by_instant_or_minutes(game: Game) -> None:
    events = _at(game, T0, {"type": "set_deadline", "minutes": 10, "on_expiry": "advance"})
    assert not isinstance(events, Rejection)
    assert events[0]["data"]["deadline"] == "2024-06-01T12:10:00.000+00:00"
    for role in ("beijing", OBSERVER, CONTROL):
        assert _deadline(game, role) == {
            "id": "dl1",
            "at": "2024-06-01T12:10:00.000+00:00",
            "remaining_seconds": None,
            "on_expiry": "advance",
            "turn": 1,
            "phase": "briefing",
            "expired": False,
        }
    _at(game, T0, {"type": "set_deadline", "deadline": "2024-06-01T14:00:00"})
    deadline = _deadline(game)
    assert deadline is not None
    assert deadline["id"] == "dl2" and deadline["on_expiry"] == "alert"
    assert deadline["at"] == "2024-06-01T14:00:00.000+00:00"  # a naive time is UTC
    game.ok(CONTROL, type="set_deadline", deadline=None)
    assert _deadline(game) is None
    assert game.view("beijing")["game"]["phase_started_at"] == game.events[1]["at"]


@pytest.mark.parametrize(
    ("command", "code"),
    [
        ({"deadline": "soon"}, "invalid_command"),
        ({"deadline": "0001-01-01T00:00:00+14:00"}, "invalid_command"),
        ({"deadline": "2200-01-01T00:00:00Z"}, "invalid_command"),  # too far ahead
        ({"minutes": 0}, "invalid_command"),
        ({"minutes": "ten"}, "invalid_command"),
        ({"minutes": 5, "deadline": "2024-06-01T14:00:00Z"}, "invalid_command"),
        ({"minutes": 5, "on_expiry": "explode"}, "invalid_command"),
        ({"minutes": 5, "on_expiry": "lock_orders"}, "wrong_phase"),
        ({"minutes": 5, "on_expiry": "roll"}, "wrong_phase"),
    ],
)
def test_set_deadline_refusals(game: Game, command: dict[str, Any], code: str) -> None:
    game.rejected(CONTROL, code, type="set_deadline", **command)


def test_advance_at_the_last_phase_of_the_last_turn_ends_the_game(game: Game) -> None:
    game.advance_to("results", turn=2)
    _at(game, T0, {"type": "set_deadline", "minutes": 5, "on_expiry": "advance"})
    events = _at(
        game, "2024-06-01T12:05:00+00:00", {"type": "expire_deadline", "deadline_id": "dl1"}, CLOCK
    )
    assert not isinstance(events, Rejection)
    assert [e["type"] for e in events] == ["deadline_expired", "game_ended"]
    assert all(e["actor"] == CLOCK for e in events)
    assert game.view(OBSERVER)["game"]["status"] == "ended"


def test_a_phase_change_clears_the_deadline(game: Game) -> None:
    game.ok(CONTROL, type="set_deadline", minutes=5)
    events = game.ok(CONTROL, type="advance_phase")
    assert _deadline(game) is None
    assert game.view(CONTROL)["game"]["phase_started_at"] == events[-1]["at"]


def test_pause_freezes_and_resume_reinstates_with_a_new_id(game: Game) -> None:
    _at(game, T0, {"type": "set_deadline", "minutes": 10, "on_expiry": "advance"})
    _at(game, "2024-06-01T12:04:00.250+00:00", {"type": "pause", "reason": "coffee"})
    frozen = _deadline(game)
    assert frozen is not None
    assert frozen["id"] == "dl1" and frozen["at"] is None
    assert frozen["remaining_seconds"] == 360  # 5 min 59.75 s, rounded up
    assert game.view(OBSERVER)["game"]["paused_at"] == "2024-06-01T12:04:00.250+00:00"
    # While paused the deadline cannot expire, even long after its instant.
    refused = _at(
        game, "2024-06-01T13:00:00+00:00", {"type": "expire_deadline", "deadline_id": "dl1"}, CLOCK
    )
    assert isinstance(refused, Rejection) and refused.code == "deadline_not_due"
    _at(game, "2024-06-01T12:30:00+00:00", {"type": "resume"})
    resumed = _deadline(game)
    assert resumed == {
        "id": "dl2",
        "at": "2024-06-01T12:36:00.000+00:00",
        "remaining_seconds": None,
        "on_expiry": "advance",
        "turn": 1,
        "phase": "briefing",
        "expired": False,
    }
    assert game.view(OBSERVER)["game"]["paused_at"] is None
    stale = _at(
        game, "2024-06-01T12:40:00+00:00", {"type": "expire_deadline", "deadline_id": "dl1"}, CLOCK
    )
    assert isinstance(stale, Rejection) and stale.code == "deadline_not_due"
    early = _at(
        game, "2024-06-01T12:35:59+00:00", {"type": "expire_deadline", "deadline_id": "dl2"}, CLOCK
    )
    assert isinstance(early, Rejection) and early.code == "deadline_not_due"
    events = _at(
        game, "2024-06-01T12:36:00+00:00", {"type": "expire_deadline", "deadline_id": "dl2"}, CLOCK
    )
    assert not isinstance(events, Rejection)
    assert [e["type"] for e in events] == ["deadline_expired", "phase_advanced"]
    assert events[0]["data"] == {"deadline_id": "dl2", "on_expiry": "advance", "cause": "deadline"}
    assert events[0]["actor"] == CLOCK
    assert events[1]["data"]["cause"] == "deadline" and events[1]["data"]["forced"] is False
    assert game.view(CONTROL)["game"]["phase"] == "diplomacy"
    assert _deadline(game) is None


def test_a_deadline_set_while_paused_starts_frozen(game: Game) -> None:
    game.ok(CONTROL, type="pause")
    _at(game, T0, {"type": "set_deadline", "minutes": 3})
    frozen = _deadline(game)
    assert frozen is not None and frozen["at"] is None and frozen["remaining_seconds"] == 180
    _at(game, "2024-06-01T13:00:00+00:00", {"type": "resume"})
    resumed = _deadline(game)
    assert resumed is not None and resumed["at"] == "2024-06-01T13:03:00.000+00:00"


def test_expire_with_alert_only_marks_it(game: Game) -> None:
    _at(game, T0, {"type": "set_deadline", "minutes": 1})
    events = _at(
        game, "2024-06-01T12:01:00+00:00", {"type": "expire_deadline", "deadline_id": "dl1"}, CLOCK
    )
    assert not isinstance(events, Rejection)
    assert [e["type"] for e in events] == ["deadline_expired"]
    deadline = _deadline(game)
    assert deadline is not None and deadline["expired"] is True
    again = _at(
        game, "2024-06-01T12:02:00+00:00", {"type": "expire_deadline", "deadline_id": "dl1"}, CLOCK
    )
    assert isinstance(again, Rejection) and again.code == "deadline_not_due"
    assert any(t["text"].startswith("The deadline passed") for t in game.view("moscow")["timeline"])


def test_expire_with_lock_orders_closes_unlocked_seats(game: Game) -> None:
    game.advance_to("orders")
    game.ok("beijing", type="lock_orders")
    _at(game, T0, {"type": "set_deadline", "minutes": 10, "on_expiry": "lock_orders"})
    events = _at(
        game, "2024-06-01T12:10:00+00:00", {"type": "expire_deadline", "deadline_id": "dl1"}, CLOCK
    )
    assert not isinstance(events, Rejection)
    assert [e["type"] for e in events] == ["deadline_expired"] + ["orders_locked"] * 3
    assert [e["data"]["seat"] for e in events[1:]] == ["moscow", "pyongyang", "washington"]
    assert all(e["data"]["cause"] == "deadline" for e in events[1:])
    assert all(seat["locked"] for seat in game.view(OBSERVER)["seats"])
    game.rejected(
        "moscow",
        "orders_locked",
        type="submit_move",
        action="moscow.arms_for_shells",
        rationale="r",
    )
    game.ok(CONTROL, type="advance_phase")  # every seat locked: no force needed


def test_expire_deadline_refusals(game: Game) -> None:
    game.rejected(CONTROL, "invalid_command", type="expire_deadline")
    game.rejected(CONTROL, "deadline_not_due", type="expire_deadline", deadline_id="dl1")
    game.rejected("beijing", "forbidden", type="expire_deadline", deadline_id="dl1")
