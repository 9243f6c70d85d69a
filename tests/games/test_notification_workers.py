"""Notifications sent by two real task workers (``manage.py db_worker`` processes) at once, each
send enqueued several times over: every member and room is told of each happening once, and a
room whose server fails once is told on the next attempt, by whichever worker takes it."""

from __future__ import annotations

import time
from collections import Counter

import pytest
from django.core.management import call_command

from tests.games.test_notifications import Hooks, Mailbox, free_port, game_settings, member
from tests.live.servers import TaskWorker
from tests.players import SEATS, Caller, create_game
from wargame.games import notify, notify_send
from wargame.games.models import Notification
from wargame.games.tokens import issue_facilitator_token

pytestmark = pytest.mark.concurrency


def test_two_workers_running_every_send_three_times_tell_each_once(committed_db, subprocess_env):
    from aiosmtpd.controller import Controller

    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    game = create_game(Caller(token), "Two workers")
    mailbox, hooks = Mailbox(), Hooks()
    smtp = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    hooks.thread.start()
    env = {
        **subprocess_env,
        "WARGAME_EMAIL_HOST": "127.0.0.1",
        "WARGAME_EMAIL_PORT": str(smtp.port),
    }
    workers = [TaskWorker(env), TaskWorker(env)]
    try:
        for seat in SEATS:
            member(game, seat, f"Ann{seat}")
            member(game, seat, f"Bo{seat}")
        game_settings(
            game,
            webhooks={
                "beijing": f"{hooks.url}/hook/beijing",
                "moscow": f"{hooks.url}/flaky/moscow",
            },
        )
        assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
        for sender, to in [("moscow", "beijing"), ("beijing", "moscow"), ("pyongyang", "moscow")]:
            body = {"type": "send_message", "to": [to], "text": "hello"}
            assert game.seats[sender].command(game.id, body).status_code == 201
        advanced = game.control.command(game.id, {"type": "advance_phase", "force": True})
        assert advanced.status_code == 201
        # Planned here (the planning tasks are still queued too, and will find it done), and
        # before the workers start every send is in the queue three times more.
        last = game.control.get(f"/api/games/{game.id}/").json()["seq"]
        assert notify.plan_events.call(game.id, 1, last).endswith("to send")
        rows = list(Notification.objects.filter(game_id=game.id).values_list("id", flat=True))
        assert len(rows) > 10
        for row_id in rows:
            for _ in range(3):
                notify_send.enqueue(row_id)
        for worker in workers:
            worker.start()
        limit = time.monotonic() + 120
        while Notification.objects.filter(game_id=game.id).exclude(status="sent").exists():
            assert time.monotonic() < limit, list(
                Notification.objects.exclude(status="sent").values("recipient", "status")
            )
            time.sleep(0.1)
    finally:
        for worker in workers:
            worker.kill()
        smtp.stop()
        hooks.server.shutdown()
        hooks.server.server_close()
    sent = list(Notification.objects.filter(game_id=game.id))
    emails = Counter((m["X-To"], m["X-Wargame-Notification"]) for m in mailbox.messages)
    posts = Counter((path, body["happening"]) for path, body in hooks.posts)
    assert max(emails.values()) == 1 and max(posts.values()) == 1
    assert len(emails) == sum(1 for row in sent if row.channel == "email")
    assert len(posts) == sum(1 for row in sent if row.channel == "webhook")
    flaky = [row for row in sent if row.recipient == "webhook:moscow"]
    assert flaky and sorted(row.attempts for row in flaky)[-1] == 2
    # Each of Beijing's two members was told of the inject, Moscow's message and the phase.
    for name in ("annbeijing", "bobeijing"):
        told = sorted(m["Subject"] for m in mailbox.messages if m["X-To"].startswith(name))
        assert told == [
            "Wargame: A message reached your team",
            "Wargame: An inject reached your team",
            "Wargame: The diplomacy phase of turn 1 opened",
        ]
