"""The scheduling of deadlines the server acts on: which committed commands enqueue a task, for
which instant, and that a failure to enqueue never fails the command."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.players import iso
from wargame.games.deadlines import expire_deadline

pytestmark = pytest.mark.store


def deadline_of(game) -> dict | None:
    return game.control.get(f"/api/games/{game.id}/state/").json()["view"]["game"]["deadline"]


def scheduled(game) -> list[tuple[str, datetime]]:
    """(deadline id, run_after) of every task enqueued for the game, oldest first."""
    rows = DBTaskResult.objects.filter(task_path=expire_deadline.module_path).order_by(
        "enqueued_at"
    )
    return [
        (row.args_kwargs["args"][1], row.run_after)
        for row in rows
        if row.args_kwargs["args"][0] == game.id
    ]


def command(game, body: dict) -> dict:
    response = game.control.command(game.id, body)
    assert response.status_code == 201, response.content
    return response.json()


def test_a_deadline_that_acts_is_scheduled_at_its_instant_and_an_alert_is_not(running_game):
    game = running_game
    at = datetime.now(UTC) + timedelta(minutes=5)
    command(game, {"type": "set_deadline", "deadline": iso(at), "on_expiry": "alert"})
    assert scheduled(game) == []

    command(game, {"type": "set_deadline", "deadline": iso(at), "on_expiry": "advance"})
    deadline = deadline_of(game)
    assert deadline["on_expiry"] == "advance"
    assert scheduled(game) == [
        (deadline["id"], at.replace(microsecond=at.microsecond // 1000 * 1000))
    ]

    command(game, {"type": "set_deadline", "deadline": None})
    command(game, {"type": "add_note", "text": "nothing to schedule"})
    assert len(scheduled(game)) == 1


def test_a_paused_deadline_is_scheduled_again_when_play_resumes(running_game):
    game = running_game
    at = datetime.now(UTC) + timedelta(minutes=5)
    command(game, {"type": "set_deadline", "deadline": iso(at), "on_expiry": "advance"})
    first = deadline_of(game)
    command(game, {"type": "pause"})
    assert deadline_of(game)["at"] is None and len(scheduled(game)) == 1
    command(game, {"type": "resume"})
    resumed = deadline_of(game)
    assert resumed["id"] != first["id"]
    instant = datetime.fromisoformat(resumed["at"].replace("Z", "+00:00"))
    assert [deadline_id for deadline_id, _ in scheduled(game)] == [first["id"], resumed["id"]]
    assert scheduled(game)[1][1] == instant


def test_a_failure_to_enqueue_is_logged_and_the_command_stands(running_game, caplog):
    game = running_game
    table = DBTaskResult._meta.db_table
    at = datetime.now(UTC) + timedelta(minutes=5)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        with caplog.at_level(logging.ERROR, logger="wargame.games.deadlines"):
            body = command(
                game, {"type": "set_deadline", "deadline": iso(at), "on_expiry": "advance"}
            )
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")
    assert [event["type"] for event in body["events"]] == ["deadline_set"]
    assert deadline_of(game)["on_expiry"] == "advance"
    assert "could not schedule the deadline" in caplog.text
    assert scheduled(game) == []

    # What the failure left out is made good when the task workers start; once, not twice.
    call_command("schedule_deadlines", verbosity=0)
    call_command("schedule_deadlines", verbosity=0)
    assert scheduled(game) == [
        (deadline_of(game)["id"], at.replace(microsecond=at.microsecond // 1000 * 1000))
    ]


def test_a_deadline_that_closes_the_orders_is_scheduled_too(running_game):
    game = running_game
    command(game, {"type": "advance_phase"})  # diplomacy
    command(game, {"type": "advance_phase"})  # orders
    command(game, {"type": "set_deadline", "minutes": 5, "on_expiry": "lock_orders"})
    deadline = deadline_of(game)
    assert deadline["on_expiry"] == "lock_orders" and deadline["phase"] == "orders"
    assert scheduled(game) == [
        (deadline["id"], datetime.fromisoformat(deadline["at"].replace("Z", "+00:00")))
    ]
