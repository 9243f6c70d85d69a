"""A bot in a seat of a live game: after a commit that leaves its seat something to do, a real
task worker has it act through the one write path as that seat, marked a bot in every event,
once per seq, from the seat's own view and nothing more."""

from __future__ import annotations

import copy

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.players import Caller, GameHandle, create_game
from wargame.engine import bots, canonical_json, view
from wargame.games import bot_play, rebuild
from wargame.games.tokens import issue_facilitator_token

pytestmark = pytest.mark.store

BOT = "beijing"


def triangle(committed_db) -> GameHandle:
    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    return create_game(Caller(token), "Bots", scenario="triangle-2024")


@pytest.fixture
def game(committed_db) -> GameHandle:
    return triangle(committed_db)


def ok(caller: Caller, game: GameHandle, body: dict) -> dict:
    response = caller.command(game.id, body)
    assert response.status_code == 201, response.content
    return response.json()


def state_view(caller: Caller, game: GameHandle) -> dict:
    return caller.get(f"/api/games/{game.id}/state/").json()["view"]


def to_orders(game: GameHandle) -> None:
    ok(game.control, game, {"type": "start_game"})
    while state_view(game.control, game)["game"]["phase"] != "orders":
        ok(game.control, game, {"type": "advance_phase", "force": True})


def bot_tasks(game: GameHandle) -> list[tuple[str, int]]:
    rows = DBTaskResult.objects.filter(task_path=bot_play.play_bot.module_path)
    return [
        tuple(row.args_kwargs["args"][1:])
        for row in rows.order_by("enqueued_at")
        if row.args_kwargs["args"][0] == game.id
    ]


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def events(game: GameHandle) -> list[dict]:
    return game.control.get(f"/api/games/{game.id}/events/").json()["events"]


def secret_move(game: GameHandle, seat: str) -> dict:
    seen = state_view(game.seats[seat], game)
    action = next(a for a in seen["actions"] if a["available"] and a["secret_allowed"])
    body = {
        "type": "submit_move",
        "action": action["id"],
        "targets": list(action["targets"] or [])[:1],
        "visibility": "secret",
        "rationale": "A rationale no other seat may read",
    }
    ok(game.seats[seat], game, body)
    return action


def test_a_bot_locks_its_orders_in_a_real_task_marked_a_bot_and_sees_only_its_seat(
    game, monkeypatch
):
    ok(game.control, game, {"type": "assign_bot", "seat": BOT, "doctrine": "assertive"})
    assert bot_tasks(game) == []  # nothing to do before the orders phase
    to_orders(game)
    assert [seat for seat, _ in bot_tasks(game)] == [BOT]
    secret = secret_move(game, "washington")

    given: list[tuple[dict, dict]] = []
    original = bots.orders

    def witness(seen, doctrine, rng):
        state = rebuild.load_state(game.id)
        given.append((copy.deepcopy(seen), copy.deepcopy(state)))
        return original(seen, doctrine, rng)

    monkeypatch.setattr(bots, "orders", witness)
    run_worker()

    assert len(given) == 1  # the task of the older seq found the log moved on and left it
    seen, state = given[0]
    journal = rebuild.load_journal(game.id, state["seq"])
    assert seen == view(state, BOT, journal, parts=bots.PARTS)
    text = canonical_json(seen).decode()
    assert "A rationale no other seat may read" not in text
    assert secret["id"] not in text
    assert all("private_briefing" not in s for s in seen["seats"] if s["role"] != BOT)

    mine = next(s for s in state_view(game.control, game)["seats"] if s["role"] == BOT)
    assert mine["locked"] and mine["bot"] == "assertive"
    acted = [e for e in events(game) if e["actor"]["role"] == BOT]
    assert acted[-1]["type"] == "orders_locked"
    for event in acted:
        assert event["actor"]["bot"] is True
        assert event["actor"]["name"].startswith("Bot (assertive")
    assert all("bot" not in e["actor"] for e in events(game) if e["actor"]["role"] != BOT)
    # The team console shows the seat is played by a bot, the other seats do not learn it.
    own = next(s for s in state_view(game.seats[BOT], game)["seats"] if s["role"] == BOT)
    assert own["bot"] == "assertive"
    other = next(s for s in state_view(game.seats["moscow"], game)["seats"] if s["role"] == BOT)
    assert "bot" not in other
    # Once locked, the bot has nothing to do: its own lock enqueued no task.
    count = len(bot_tasks(game))
    ok(game.seats["moscow"], game, {"type": "lock_orders"})
    assert len(bot_tasks(game)) == count


def test_a_task_run_twice_for_the_same_seq_acts_once(game, monkeypatch):
    to_orders(game)
    ok(game.control, game, {"type": "assign_bot", "seat": BOT, "doctrine": "assertive"})
    ((seat, seq),) = bot_tasks(game)
    original = bots.orders
    runs: list[str] = []

    def twice(seen, doctrine, rng):
        decided = original(seen, doctrine, rng)
        if not runs:
            # Another worker runs the same task in the meantime, all the way through.
            runs.append("running")
            runs[0] = bot_play.play_bot.call(game.id, seat, seq)
        return decided

    monkeypatch.setattr(bots, "orders", twice)
    assert bot_play.play_bot.call(game.id, seat, seq).startswith("sent")
    assert runs[0].startswith("sent")
    acted = [e for e in events(game) if e["actor"]["role"] == BOT]
    assert [e["type"] for e in acted].count("orders_locked") == 1
    moves = [e["data"]["move_id"] for e in acted if e["type"] == "move_submitted"]
    assert len(moves) == len(set(moves))
    assert bot_play.play_bot.call(game.id, seat, seq).startswith("stale")


def test_a_bot_whose_log_moved_under_it_stops_and_the_newest_task_decides(game, monkeypatch):
    """Two workers never both act on one decision: a command appended between the bot's
    decision and its first command makes the bot's command stale, and the task of the newest
    seq decides again."""
    to_orders(game)
    ok(game.control, game, {"type": "assign_bot", "seat": BOT, "doctrine": "assertive"})
    ((seat, seq),) = bot_tasks(game)
    original = bots.orders

    def moved(seen, doctrine, rng):
        decided = original(seen, doctrine, rng)
        monkeypatch.setattr(bots, "orders", original)
        # Meanwhile a team appends (its commit enqueues the bot's task for the new seq).
        ok(game.seats["moscow"], game, {"type": "send_message", "to": [BOT], "text": "Well?"})
        return decided

    monkeypatch.setattr(bots, "orders", moved)
    assert bot_play.play_bot.call(game.id, seat, seq).startswith("stopped after 0")
    assert all(e["actor"]["role"] != BOT for e in events(game))
    run_worker()
    acted = [e for e in events(game) if e["actor"]["role"] == BOT]
    assert [e["type"] for e in acted].count("orders_locked") == 1
    assert all(e["actor"].get("bot") for e in acted)


def test_a_bot_taken_out_no_longer_acts(game):
    to_orders(game)
    ok(game.control, game, {"type": "assign_bot", "seat": BOT, "doctrine": "cautious"})
    ok(game.control, game, {"type": "remove_bot", "seat": BOT})
    run_worker()
    mine = next(s for s in state_view(game.control, game)["seats"] if s["role"] == BOT)
    assert not mine["locked"] and "bot" not in mine
    assert all(e["actor"]["role"] != BOT for e in events(game))


def test_only_control_puts_a_bot_in_a_seat(game):
    body = {"type": "assign_bot", "seat": BOT, "doctrine": "cautious"}
    refused = game.seats[BOT].command(game.id, body)
    assert refused.status_code == 403, refused.content
    assert game.observer.command(game.id, body).status_code == 403
    wrong = game.control.command(game.id, {**body, "doctrine": "reckless"})
    assert wrong.status_code == 400, wrong.content
    assert wrong.json()["error"]["code"] == "unknown_doctrine"
    assert "cautious" in wrong.json()["error"]["message"]
    assert game.control.command(game.id, {"type": "remove_bot", "seat": BOT}).status_code == 422
