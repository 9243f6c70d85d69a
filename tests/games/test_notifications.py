"""Notifications sent for real: emails to an SMTP server and webhooks to an HTTP server, both
started by the test, by real task workers; each member told of each happening once (also when
the tasks run twice, and when a send fails and is retried), and nothing a seat may not see in
any email or webhook body (the marker strings of the no-leak playbook)."""

from __future__ import annotations

import asyncio
import email
import json
import socket
import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.api.playbook import Playbook
from tests.players import SEATS, Caller, GameHandle, create_game, iso
from wargame.games import notify, notify_send
from wargame.games.models import Notification, NotificationPreference
from wargame.games.tokens import issue_facilitator_token

pytestmark = pytest.mark.store


class Mailbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []
        self.refuse = 0  # how many of the next messages to refuse (a 451, tried again later)
        # With ``hold`` set, the next message is left unanswered (its sender waits) until
        # ``released`` is set, then refused; ``held`` is its sender's (host, port).
        self.hold = False
        self.held: tuple[str, int] | None = None
        self.released = threading.Event()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if self.hold:
            self.hold = False
            self.held = session.peer
            await asyncio.get_running_loop().run_in_executor(None, self.released.wait)
            return "451 Try again later"
        if self.refuse:
            self.refuse -= 1
            return "451 Try again later"
        message = email.message_from_bytes(envelope.content)
        message["X-To"] = ",".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    yield mailbox
    controller.stop()


class Hooks:
    """A real HTTP server keeping every POST; a path under /flaky/ answers 500 the first time."""

    def __init__(self) -> None:
        self.posts: list[tuple[str, dict]] = []
        self.failed: set[str] = set()
        hooks = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self.path.startswith("/flaky/") and self.path not in hooks.failed:
                    hooks.failed.add(self.path)
                    self.send_response(500)
                    self.end_headers()
                    return
                if self.path.startswith("/away/"):
                    self.send_response(302)
                    self.send_header("Location", "http://example.invalid/elsewhere")
                    self.end_headers()
                    return
                hooks.posts.append((self.path, json.loads(body)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)


@pytest.fixture
def hooks():
    server = Hooks()
    server.thread.start()
    yield server
    server.server.shutdown()
    server.server.server_close()


@pytest.fixture
def game(committed_db) -> GameHandle:
    call_command("loadscenarios", verbosity=0)
    _, token, _ = issue_facilitator_token(username="white-cell")
    return create_game(Caller(token), "Notified")


def run_worker() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def member(game: GameHandle, seat: str, name: str, prefs: dict | None = None) -> Caller:
    response = game.control.post(f"/api/games/{game.id}/members/", {"seat": seat, "name": name})
    assert response.status_code == 201, response.content
    caller = Caller(response.json()["token"])
    body = {
        "email": f"{name.lower()}@{seat}.example.org",
        "email_on": True,
        "browser_on": False,
        "kinds": ["phase", "deadline", "message", "inject", "results"],
        **(prefs or {}),
    }
    answer = caller.request("put", f"/api/games/{game.id}/notifications/me/", body)
    assert answer.status_code == 200, answer.content
    return caller


def game_settings(game: GameHandle, **body) -> dict:
    whole = {"include_text": False, "lead_minutes": [60, 10], "webhooks": {}, **body}
    answer = game.control.request("put", f"/api/games/{game.id}/notifications/", whole)
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_every_member_and_room_is_told_once_and_never_a_secret(game, smtp, hooks, monkeypatch):
    monkeypatch.setattr(notify_send, "RETRY_DELAYS", (0,))
    for seat in SEATS:
        member(game, seat, f"Ann{seat}")
    member(game, "beijing", "Quiet", {"kinds": ["results"]})
    member(game, "moscow", "Nomail", {"email_on": False})
    # With the text (the worst case for secrets), and a room whose server fails once.
    hook_paths = {seat: f"/hook/{seat}" for seat in SEATS}
    hook_paths["moscow"] = "/flaky/moscow"
    game_settings(
        game,
        include_text=True,
        webhooks={seat: hooks.url + path for seat, path in hook_paths.items()},
    )
    smtp.refuse = 1  # the first email is refused once, and sent on the next attempt

    playbook = Playbook(game)
    playbook.play()
    run_worker()
    run_worker()

    rows = list(Notification.objects.filter(game_id=game.id))
    assert rows and {row.status for row in rows} == {"sent"}, [
        (row.recipient, row.status, row.last_error) for row in rows if row.status != "sent"
    ]
    assert {row.kind for row in rows} >= {"phase", "message", "inject", "results"}
    assert max(row.attempts for row in rows) == 2  # the refused email and the failed webhook

    # Everything again: the planning of every event and the sending of every row.
    last = game.control.get(f"/api/games/{game.id}/").json()["seq"]
    notify.plan_events.enqueue(game.id, 1, last)
    for row in rows:
        notify_send.enqueue(row.id)
    run_worker()
    assert Notification.objects.filter(game_id=game.id).count() == len(rows)

    emails = Counter(
        (message["X-To"], message["X-Wargame-Notification"]) for message in smtp.messages
    )
    posts = Counter((path, body["happening"]) for path, body in hooks.posts)
    assert max(emails.values()) == 1 and max(posts.values()) == 1
    assert set(emails) == {
        (row.address, f"{game.id} {row.happening}") for row in rows if row.channel == "email"
    }
    assert set(posts) == {
        (hook_paths[row.recipient.removeprefix("webhook:")], row.happening)
        for row in rows
        if row.channel == "webhook"
    }
    # Who asked for results alone is told of nothing else; who turned email off, of nothing.
    quiet = [m for m in smtp.messages if m["X-To"] == "quiet@beijing.example.org"]
    assert quiet and all("results" in m["Subject"] for m in quiet)
    assert not [m for m in smtp.messages if "nomail" in m["X-To"]]

    # No marker reaches a seat that may not see it, in any email or webhook body.
    record_opened = next(
        e["seq"]
        for e in game.control.get(f"/api/games/{game.id}/events/").json()["events"]
        if e["type"] == "record_opened"
    )
    told = [
        (m["X-To"].split("@")[1].split(".")[0], m.as_string(), m["X-Wargame-Notification"])
        for m in smtp.messages
    ] + [
        (body["seat"], json.dumps(body), f"{game.id} {body['happening']}")
        for _, body in hooks.posts
    ]
    planted = 0
    for seat, text, happening in told:
        kind, _, seq = happening.split()[1].partition(":")
        if kind == "seq" and int(seq) > record_opened:
            continue  # the White Cell opened the whole record to everyone
        for marker, allowed in playbook.markers.items():
            if marker in text:
                planted += 1
                assert seat in allowed, (marker, seat, happening)
    assert planted  # the text option was on: the markers a seat may see did reach it


def test_by_default_a_notification_says_what_happened_and_carries_no_game_text(game, smtp, hooks):
    member(game, "beijing", "Ann")
    game_settings(game, webhooks={"beijing": hooks.url + "/hook/beijing"})
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    body = {"type": "send_message", "to": ["beijing"], "text": "Secret words WORDS-9k"}
    assert game.seats["moscow"].command(game.id, body).status_code == 201
    run_worker()
    assert Counter(m["Subject"] for m in smtp.messages) == {
        "Wargame: An inject reached your team": 1,  # the scripted inject of turn 1
        "Wargame: A message reached your team": 1,
    }
    assert [body["kind"] for _, body in hooks.posts] == ["inject", "message"]
    message = smtp.messages[1]
    assert message["Subject"] == "Wargame: A message reached your team"
    assert "WORDS-9k" not in message.as_string() and "WORDS-9k" not in json.dumps(hooks.posts)
    assert f"/play/{game.id}/" in message.get_payload()
    assert all("detail" not in body for _, body in hooks.posts)


def test_a_deadline_near_is_told_at_each_lead_time_while_it_is_still_the_deadline(game, smtp):
    member(game, "pyongyang", "Kim", {"kinds": ["deadline"]})
    game_settings(game, lead_minutes=[60, 10])
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    at = datetime.now(UTC) + timedelta(minutes=45)
    body = {"type": "set_deadline", "deadline": iso(at), "on_expiry": "alert"}
    assert game.control.command(game.id, body).status_code == 201
    reminders = DBTaskResult.objects.filter(task_path=notify.remind_deadline.module_path)
    # 60 minutes before has passed already: only the 10 minutes' reminder is scheduled.
    assert [(r.args_kwargs["args"][2], r.run_after) for r in reminders] == [
        (10, at.replace(microsecond=at.microsecond // 1000 * 1000) - timedelta(minutes=10))
    ]
    deadline_id = reminders[0].args_kwargs["args"][1]
    assert notify.remind_deadline.call(game.id, deadline_id, 10) == "1 to send"
    assert notify.remind_deadline.call(game.id, deadline_id, 10) == "1 to send"
    run_worker()
    assert [m["Subject"] for m in smtp.messages] == ["Wargame: A deadline is near: 10 minutes left"]
    # New lead times apply to the deadline already set, once each.
    game_settings(game, lead_minutes=[30, 10])
    game_settings(game, lead_minutes=[30, 10])
    assert sorted(r.args_kwargs["args"][2] for r in reminders.all()) == [10, 30]
    # A deadline cleared since is no reminder.
    assert game.control.command(game.id, {"type": "set_deadline", "deadline": None}).status_code
    assert notify.remind_deadline.call(game.id, deadline_id, 10) == "the deadline moved on"


def test_a_webhook_redirected_to_another_host_is_not_followed(game, hooks):
    game_settings(game, webhooks={"beijing": hooks.url + "/away/beijing"})
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    body = {"type": "send_message", "to": ["beijing"], "text": "hello"}
    assert game.seats["moscow"].command(game.id, body).status_code == 201
    run_worker()
    rows = Notification.objects.filter(game_id=game.id, channel="webhook")
    assert len(rows) == 2  # the scripted inject of turn 1 and the message
    for row in rows:
        assert row.status == "failed" and "another host" in row.last_error and row.attempts == 1
    assert hooks.posts == []


def test_settings_refuse_bad_input_with_reasons(game):
    url = f"/api/games/{game.id}/notifications/"
    settings_body = {"include_text": False, "lead_minutes": [10], "webhooks": {}}
    for bad, words in [
        ({**settings_body, "webhooks": {"beijing": "file:///etc/passwd"}}, "http://"),
        ({**settings_body, "webhooks": {"beijing": "ftp://x.org/"}}, "http://"),
        ({**settings_body, "lead_minutes": [0]}, "lead_minutes"),
        ({**settings_body, "webhooks": {"beijing": "https://chat.example.org/a b"}}, "spaces"),
        ({**settings_body, "webhooks": {"beijing": "http://[::1/x"}}, "host"),
        ({**settings_body, "lead_minutes": "10"}, "lead_minutes"),
        ({**settings_body, "include_text": "yes"}, "include_text"),
        ({"include_text": False}, "required"),
        ({**settings_body, "extra": 1}, "unknown field"),
    ]:
        answer = game.control.request("put", url, bad)
        assert answer.status_code == 400 and words in answer.json()["error"]["message"], bad
    nowhere = {**settings_body, "webhooks": {"atlantis": "https://chat.example.org/x"}}
    assert game.control.request("put", url, nowhere).status_code == 422
    # A seat may not read or change the game's settings (its webhooks are the White Cell's).
    assert game.seats["beijing"].get(url).status_code == 403
    assert game.seats["beijing"].request("put", url, settings_body).status_code == 403

    mine = f"/api/games/{game.id}/notifications/me/"
    # The seat's shared link has no person to tell.
    assert game.seats["beijing"].get(mine).status_code == 403
    ann = member(game, "beijing", "Ann")
    body = {"email": "ann@example.org", "email_on": True, "browser_on": True, "kinds": []}
    for bad, words in [
        ({**body, "email": "not an address"}, "email"),
        ({**body, "kinds": ["gossip"]}, "kinds"),
        ({**body, "kinds": ["phase", "phase"]}, "kinds"),
        ({**body, "browser_on": 1}, "browser_on"),
        ({**body, "email": " ann@example.org"}, "email"),
        ([], "JSON object"),
    ]:
        answer = ann.request("put", mine, bad)
        assert answer.status_code == 400 and words in answer.json()["error"]["message"], bad
    nowhere = ann.request("put", mine, {**body, "email": "", "email_on": True})
    assert nowhere.status_code == 422 and nowhere.json()["error"]["code"] == "email_needed"
    seen = {**body, "lead_minutes": [60, 10]}  # the game's reminders, which the pages use too
    assert ann.request("put", mine, body).json() == seen
    assert ann.get(mine).json() == seen


def test_sends_and_reminders_whose_tasks_were_lost_are_enqueued_again_once(game, smtp, monkeypatch):
    member(game, "beijing", "Ann")
    game_settings(game, lead_minutes=[30])
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    body = {"type": "send_message", "to": ["beijing"], "text": "hello"}
    seq = game.seats["moscow"].command(game.id, body).json()["seq"]
    at = datetime.now(UTC) + timedelta(hours=2)
    body = {"type": "set_deadline", "deadline": iso(at), "on_expiry": "alert"}
    assert game.control.command(game.id, body).status_code == 201
    # The planning's enqueues fail, and the reminder's task is lost.
    DBTaskResult.objects.all().delete()
    monkeypatch.setattr(notify_send, "enqueue", lambda row_id, after=0: None)
    assert notify.plan_events.call(game.id, 1, seq).endswith("to send")
    monkeypatch.undo()
    assert Notification.objects.filter(game_id=game.id, status="pending").count() == 2

    call_command("send_notifications", verbosity=0)
    call_command("send_notifications", verbosity=0)
    reminders = DBTaskResult.objects.filter(task_path=notify.remind_deadline.module_path)
    assert [r.args_kwargs["args"][2] for r in reminders] == [30]
    run_worker()
    assert Counter(m["Subject"] for m in smtp.messages) == {
        "Wargame: An inject reached your team": 1,
        "Wargame: A message reached your team": 1,
    }
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_failure_to_plan_is_logged_and_the_command_stands(game, caplog):
    import logging

    from django.db import connection

    member(game, "beijing", "Ann")
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    table = NotificationPreference._meta.db_table  # who is to be told cannot be read
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} RENAME TO {table}_away")
    try:
        with caplog.at_level(logging.ERROR, logger="wargame.games.notify"):
            body = {"type": "send_message", "to": ["beijing"], "text": "hello"}
            answer = game.seats["moscow"].command(game.id, body)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table}_away RENAME TO {table}")
    assert answer.status_code == 201, answer.content
    assert answer.json()["events"][0]["type"] == "message_sent"
    assert "could not schedule the notifications" in caplog.text


def test_without_an_smtp_server_the_worker_prints_each_email_to_its_log(game, subprocess_env):
    import subprocess
    import sys

    from django.conf import settings as django_settings

    member(game, "beijing", "Ann")
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    body = {"type": "send_message", "to": ["beijing"], "text": "hello"}
    assert game.seats["moscow"].command(game.id, body).status_code == 201
    env = {k: v for k, v in subprocess_env.items() if not k.startswith("WARGAME_EMAIL_")}
    worker = subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert worker.returncode == 0, worker.stderr
    assert "Subject: Wargame: A message reached your team" in worker.stdout
    assert "To: ann@beijing.example.org" in worker.stdout
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_send_abandoned_by_a_dead_worker_is_made_good_by_the_sweep_of_the_others(game, smtp):
    from wargame.games.deadlines import watch_deadlines

    member(game, "beijing", "Ann")
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    body = {"type": "send_message", "to": ["beijing"], "text": "hello"}
    assert game.seats["moscow"].command(game.id, body).status_code == 201
    run_worker()
    assert [m["Subject"] for m in smtp.messages] == [
        "Wargame: An inject reached your team",
        "Wargame: A message reached your team",
    ]
    # A worker claimed the message's row and died: the row is "sending", its task gone.
    row = Notification.objects.get(game_id=game.id, kind="message")
    lease = datetime.now(UTC) + notify_send.lease()
    Notification.objects.filter(pk=row.pk).update(status="sending", lease_until=lease)
    DBTaskResult.objects.all().delete()
    smtp.messages.clear()
    # While its lease runs, the sweep leaves it to the worker that may still be sending it.
    assert watch_deadlines.call() == "0 deadline task(s) enqueued"
    run_worker()
    assert smtp.messages == []
    # Once the lease has run out, the sweep enqueues it again; waiting rows keep their backoff.
    Notification.objects.filter(pk=row.pk).update(lease_until=datetime.now(UTC))
    Notification.objects.exclude(pk=row.pk).update(status="pending", attempts=1)
    assert watch_deadlines.call() == "0 deadline task(s) enqueued, 1 send(s)"
    run_worker()
    assert [m["Subject"] for m in smtp.messages] == ["Wargame: A message reached your team"]
    assert Notification.objects.get(pk=row.pk).status == "sent"
    assert Notification.objects.filter(status="pending").count() == 1
    # A worker that died after taking a send's task, before it claimed the row: the task stays
    # running, the row pending. Once the lease has run out, the sweep takes the task up again.
    notify_send.enqueue(Notification.objects.get(status="pending").pk)
    sends = DBTaskResult.objects.filter(task_path=notify_send.send_notification.module_path)
    started = datetime.now(UTC) - notify_send.lease() - timedelta(seconds=1)
    sends.filter(status="READY").update(status="RUNNING", started_at=started)
    smtp.messages.clear()
    assert watch_deadlines.call() == "0 deadline task(s) enqueued, 1 send(s)"
    run_worker()
    assert [m["Subject"] for m in smtp.messages] == ["Wargame: An inject reached your team"]
    assert set(Notification.objects.values_list("status", flat=True)) == {"sent"}


def test_a_planning_abandoned_by_a_dead_worker_is_planned_again_once(game, smtp):
    from wargame.games.deadlines import watch_deadlines

    member(game, "beijing", "Ann")
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    body = {"type": "send_message", "to": ["beijing"], "text": "hello"}
    assert game.seats["moscow"].command(game.id, body).status_code == 201
    plans = DBTaskResult.objects.filter(task_path=notify.plan_events.module_path)
    assert plans.count() == 2  # the start (its inject) and the message
    # A worker took both plannings and died: they stay "running" for good, nothing recorded.
    now = datetime.now(UTC)
    start, message = plans.order_by("enqueued_at")
    plans.filter(pk=start.pk).update(status="RUNNING", started_at=now)
    plans.filter(pk=message.pk).update(status="RUNNING", started_at=now - timedelta(minutes=6))
    run_worker()
    assert smtp.messages == [] and not Notification.objects.exists()
    # The sweep plans again the one abandoned for longer than a planning takes, once.
    watch_deadlines.call()
    watch_deadlines.call()
    run_worker()
    assert [m["Subject"] for m in smtp.messages] == ["Wargame: A message reached your team"]
    assert plans.filter(status="RUNNING").count() == 1  # the one just started is left alone
    assert plans.filter(status="FAILED").count() == 1


def test_a_game_plans_after_a_command_only_while_someone_is_to_be_told(game):
    """No member wanting email and no room: no planning task after a command. An email chosen,
    or a room's webhook set, by another process too (the question goes to the database)."""
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    body = {"type": "send_message", "to": ["beijing"], "text": "hello"}

    plans = DBTaskResult.objects.filter(task_path=notify.plan_events.module_path)

    def planned_after_a_message() -> int:
        before = plans.count()
        assert game.seats["moscow"].command(game.id, body).status_code == 201
        return plans.count() - before

    assert not notify.anyone_to_tell(game.id)
    assert planned_after_a_message() == 0
    quiet = member(game, "beijing", "Quiet", {"email_on": False})
    game_settings(game, include_text=True)
    assert not notify.anyone_to_tell(game.id)
    assert planned_after_a_message() == 0
    game_settings(game, webhooks={"moscow": "http://127.0.0.1:9/hook"})
    assert notify.anyone_to_tell(game.id)
    assert planned_after_a_message() == 1
    game_settings(game, webhooks={})
    assert not notify.anyone_to_tell(game.id)
    prefs = {
        "email": "quiet@beijing.example.org",
        "email_on": True,
        "browser_on": False,
        "kinds": ["message"],
    }
    answer = quiet.request("put", f"/api/games/{game.id}/notifications/me/", prefs)
    assert answer.status_code == 200, answer.content
    assert notify.anyone_to_tell(game.id)
    assert planned_after_a_message() == 1
