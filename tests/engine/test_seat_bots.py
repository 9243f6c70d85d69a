"""Bots in the seats of a live game: control puts one in a seat and takes it out, the state
keeps which seats a bot plays, only control and that seat hear of it, and only a seat a bot
plays may act as a bot."""

from __future__ import annotations

from wargame.engine import CONTROL, OBSERVER, decide, state_hash
from wargame.engine.seat_bots import bot_seats

from .harness import NOW, Game, load


def _game() -> Game:
    game = Game(load("triangle-2024"), seed=3)
    game.ok(CONTROL, type="start_game")
    game.advance_to("orders")
    return game


def test_a_bot_is_assigned_and_removed_and_the_state_keeps_it() -> None:
    game = _game()
    before = state_hash(game.state)
    assert "bots" not in game.state  # a game without bots keeps the state it always had
    event = game.ok(CONTROL, type="assign_bot", seat="beijing", doctrine="cautious")[0]
    assert event["type"] == "bot_assigned"
    assert event["data"]["seat"] == "beijing" and event["data"]["doctrine"] == "cautious"
    assert event["data"]["name"].startswith("Bot (cautious")
    assert event["audience"] == ["beijing"]
    assert bot_seats(game.state) == {"beijing": "cautious"}
    assert state_hash(game.state) != before
    # Another doctrine replaces the first; the same one again is refused.
    game.ok(CONTROL, type="assign_bot", seat="beijing", doctrine="assertive")
    assert bot_seats(game.state) == {"beijing": "assertive"}
    game.rejected(CONTROL, "already_bot", type="assign_bot", seat="beijing", doctrine="assertive")
    removed = game.ok(CONTROL, type="remove_bot", seat="beijing")[0]
    assert removed["type"] == "bot_removed" and removed["data"]["doctrine"] == "assertive"
    assert bot_seats(game.state) == {}
    game.rejected(CONTROL, "no_bot", type="remove_bot", seat="beijing")


def test_bad_seats_doctrines_and_roles_are_refused_with_a_reason() -> None:
    game = _game()
    rejection = game.rejected(
        CONTROL, "unknown_doctrine", type="assign_bot", seat="beijing", doctrine="reckless"
    )
    assert "cautious" in rejection.message  # it says which doctrines the seat has
    game.rejected(CONTROL, "unknown_seat", type="assign_bot", seat="nowhere", doctrine="cautious")
    game.rejected(CONTROL, "unknown_seat", type="remove_bot", seat="nowhere")
    missing = game.rejected(CONTROL, "invalid_command", type="assign_bot", seat="beijing")
    assert "doctrine" in missing.message
    game.rejected("beijing", "forbidden", type="assign_bot", seat="beijing", doctrine="cautious")
    game.rejected(OBSERVER, "forbidden", type="remove_bot", seat="beijing")


def test_only_control_and_the_seat_see_that_a_bot_plays_it() -> None:
    game = _game()
    game.ok(CONTROL, type="assign_bot", seat="beijing", doctrine="cautious")
    other = next(seat for seat in game.seats if seat != "beijing")

    def seat_entry(role: str) -> dict:
        return next(s for s in game.view(role)["seats"] if s["role"] == "beijing")

    assert seat_entry(CONTROL)["bot"] == "cautious"
    assert seat_entry("beijing")["bot"] == "cautious"
    assert "bot" not in seat_entry(other)
    assert "bot_assigned" not in game.view_text(other)
    assert all(e["type"] != "bot_assigned" for e in game.projected(other))
    timeline = game.view("beijing")["timeline"]
    assert any("plays" in item["text"] and "Bot (" in item["text"] for item in timeline)


def test_only_a_seat_a_bot_plays_may_act_as_a_bot_and_its_events_say_so() -> None:
    game = _game()
    actor = {"role": "beijing", "name": "Bot (cautious)", "bot": True}
    refused = decide(game.state, {"type": "lock_orders"}, actor=actor, now=NOW)
    assert getattr(refused, "code", None) == "not_a_bot_seat"
    game.ok(CONTROL, type="assign_bot", seat="beijing", doctrine="cautious")
    drafts = decide(game.state, {"type": "lock_orders"}, actor=actor, now=NOW)
    assert isinstance(drafts, list)
    event = game.append(drafts)[0]
    assert event["actor"] == {"role": "beijing", "name": "Bot (cautious)", "bot": True}
    item = next(i for i in game.view(CONTROL)["timeline"] if i["seq"] == event["seq"])
    assert item["actor"]["bot"] is True
    # A person's event carries no bot mark at all, as before bots existed.
    person = game.ok("moscow", type="lock_orders")[0]
    assert "bot" not in person["actor"]
