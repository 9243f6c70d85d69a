"""The game's clock settings on the server: given at creation (refused whole, creating no game,
when the engine refuses them), each phase's deadline scheduled as the phase opens, and the
watch that gives a deadline whose task was lost a new one."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.players import Caller, create_game
from wargame.games.deadlines import expire_deadline, watch_deadlines
from wargame.games.models import Game
from wargame.games.tokens import issue_facilitator_token

pytestmark = pytest.mark.store

CLOCK = [
    {"phase": "briefing", "seconds": 3600, "on_expiry": "advance"},
    {"phase": "adjudication", "seconds": 86400, "on_expiry": "roll"},
]


@pytest.fixture
def white_cell(committed_db) -> Caller:
    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    return Caller(token)


def tasks(path: str, status: str | None = None) -> list[DBTaskResult]:
    rows = DBTaskResult.objects.filter(task_path=path).order_by("enqueued_at")
    return [row for row in rows if status is None or row.status == status]


def test_settings_given_at_creation_are_in_the_first_batch_and_every_role_sees_them(white_cell):
    game = create_game(white_cell, "Over a week", clock=CLOCK)
    events = white_cell.get(f"/api/games/{game.id}/events/").json()["events"]
    assert [e["type"] for e in events] == ["game_created", "clock_set"]
    assert events[1]["data"]["phases"] == {
        "briefing": {"seconds": 3600, "on_expiry": "advance"},
        "adjudication": {"seconds": 86400, "on_expiry": "roll"},
    }
    for caller in (game.seats["beijing"], game.observer):
        shown = caller.get(f"/api/games/{game.id}/state/").json()["view"]["game"]["clock"]
        assert shown == events[1]["data"]["phases"]


@pytest.mark.parametrize(
    ("clock", "status", "code"),
    [
        ([{"phase": "lunch", "seconds": 60, "on_expiry": "advance"}], 400, "invalid_command"),
        ([{"phase": "orders", "seconds": -1, "on_expiry": "advance"}], 400, "invalid_command"),
        ([{"phase": "orders", "seconds": 60}], 400, "invalid_command"),
        ("every day", 400, "invalid_request"),
        ([7], 400, "invalid_request"),
        # What the shape allows but the game does not: a 422.
        ([{"phase": "orders", "seconds": 60, "on_expiry": "roll"}], 422, "wrong_phase"),
        (
            [
                {"phase": "orders", "seconds": 60, "on_expiry": "advance"},
                {"phase": "orders", "seconds": 60, "on_expiry": "alert"},
            ],
            422,
            "duplicate_phase",
        ),
    ],
)
def test_settings_the_engine_refuses_create_no_game(white_cell, clock, status, code):
    body = {"scenario": "tutorial", "title": "T", "clock": clock}
    response = white_cell.post("/api/games/", body)
    assert response.status_code == status, response.content
    assert response.json()["error"]["code"] == code
    assert not Game.objects.exists()


def test_each_timed_phase_schedules_its_deadline_as_it_opens(white_cell):
    game = create_game(white_cell, "Timed", clock=CLOCK)
    assert tasks(expire_deadline.module_path) == []
    body = game.control.command(game.id, {"type": "start_game"}).json()
    assert body["events"][-1]["type"] == "deadline_set"
    assert body["events"][-1]["data"]["cause"] == "clock"
    at = datetime.fromisoformat(body["events"][-1]["data"]["deadline"])
    (row,) = tasks(expire_deadline.module_path)
    assert row.args_kwargs["args"] == [game.id, "dl1"] and row.run_after == at
    # The watch started with the first deadline the server acts on; once, however many follow.
    assert len(tasks(watch_deadlines.module_path, "READY")) == 1
    game.control.command(game.id, {"type": "advance_phase"})  # diplomacy: not timed
    assert len(tasks(expire_deadline.module_path)) == 1
    assert len(tasks(watch_deadlines.module_path, "READY")) == 1


def test_the_watch_gives_a_deadline_whose_worker_died_a_new_task(white_cell):
    game = create_game(white_cell, "Lost task", clock=CLOCK)
    game.control.command(game.id, {"type": "start_game"})
    (lost,) = tasks(expire_deadline.module_path)
    # A worker took the task and was killed: its row stays RUNNING, and nothing retries it.
    DBTaskResult.objects.filter(pk=lost.pk).update(status="RUNNING")
    DBTaskResult.objects.filter(task_path=watch_deadlines.module_path).delete()

    assert watch_deadlines.call() == "1 deadline task(s) enqueued"
    (again,) = tasks(expire_deadline.module_path, "READY")
    assert again.args_kwargs["args"] == [game.id, "dl1"] and again.run_after == lost.run_after
    assert len(tasks(watch_deadlines.module_path, "READY")) == 1  # its own next run
    # A deadline whose task waits is left alone, and the watch does not multiply.
    assert watch_deadlines.call() == "0 deadline task(s) enqueued"
    assert len(tasks(watch_deadlines.module_path, "READY")) == 1
