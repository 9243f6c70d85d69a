"""The game of three turns played by the clock alone (test_clock_game.py), now with people to
tell: every seat has members who chose email, read by a real SMTP server (aiosmtpd) started by
the test, and a webhook to a real local HTTP server; the game's "include text" option is on.
Two daphne processes and two task workers on PostgreSQL and Redis, one of each killed in the
middle: the worker while it sends an email the SMTP server has not yet accepted, so that the
other takes that email up once its lease runs out. Every deadline acts exactly once, every
member and every room is told of each happening exactly once (also when everything is planned
and sent again afterwards), and no email or webhook body holds a marker string of what its seat
may not see: another seat's message, inject, draft or move.

(A worker killed after the SMTP server accepted an email but before the row was marked sent
sends it again: the documented limit of an outbox, which no kill here may land in.)"""

from __future__ import annotations

import json
import os
from collections import Counter

import psutil
import pytest
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_tasks_db.models import DBTaskResult

from tests.conftest import require
from tests.games.test_notifications import (  # noqa: F401 (fixtures)
    game_settings,
    hooks,
    member,
    smtp,
)
from tests.live.servers import Daphne, ResumingClient, TaskWorker, post_command
from tests.live.test_clock_game import (  # noqa: F401 (a fixture)
    SERVER_CLOCK,
    TURNS,
    log,
    three_turns,
    until,
)
from tests.players import SEATS, create_game
from wargame.games import notify, notify_send
from wargame.games.models import Notification

pytestmark = [pytest.mark.live, pytest.mark.asyncio, pytest.mark.services]

PORTS = (8807, 8817)
# Long enough phases for the commands the test sends through the daphne that will die.
CLOCK = [
    {"phase": "briefing", "seconds": 2, "on_expiry": "advance"},
    {"phase": "diplomacy", "seconds": 3, "on_expiry": "advance"},
    {"phase": "orders", "seconds": 3, "on_expiry": "advance"},
    {"phase": "adjudication", "seconds": 1, "on_expiry": "roll"},
    {"phase": "results", "seconds": 1, "on_expiry": "advance"},
]
KINDS = ["phase", "deadline", "message", "inject", "results"]
# Marker strings, and the seats that may read each (the White Cell always may).
TO_PYONGYANG = "Moscow to Pyongyang only MARK-7q2"
TO_WASHINGTON = "For Washington alone MARK-w9c"
SHELLS = "artillery shells will run short"  # the tutorial's inject to Moscow alone
DRAFTED = "Beijing's unsent draft MARK-d4b"
RATIONALE = "Beijing's secret reasons MARK-r8k"
ALLOWED = {
    TO_PYONGYANG: {"moscow", "pyongyang"},
    TO_WASHINGTON: {"washington"},
    SHELLS: {"moscow"},
    DRAFTED: {"beijing"},
    RATIONALE: {"beijing"},
}
SENDING = notify_send.send_notification.module_path
TOLD = {TO_PYONGYANG: "pyongyang", TO_WASHINGTON: "washington", SHELLS: "moscow"}


def expected(
    game_id: str, events: list[dict], people: dict[str, list[str]]
) -> tuple[Counter, Counter]:
    """Who is to be told what, from the log by the rules of the product docs: a phase in which
    a team acts or the results, to every seat; a message, to the seats it was sent to; an
    inject, to its audience. Emails as (address, header), webhook posts as (seat, happening)."""
    emails: Counter = Counter()
    posts: Counter = Counter()
    for event in events:
        data, seats = event["data"], []
        if event["type"] == "phase_advanced" and data["phase"] in (
            "diplomacy",
            "orders",
            "adjudication",
            "results",
        ):
            seats = SEATS
        elif event["type"] == "message_sent":
            seats = data["to"]
        elif event["type"] == "inject_issued":
            seats = SEATS if event["audience"] == "all" else event["audience"]
        happening = f"seq:{event['seq']}"
        for seat in seats:
            posts[(seat, happening)] += 1
            for address in people[seat]:
                emails[(address, f"{game_id} {happening}")] += 1
    return emails, posts


def sending_to(peer: tuple[str, int], workers: list[TaskWorker]) -> TaskWorker:
    """The worker holding the connection that ``peer`` (host, port) is the far end of."""
    for worker in workers:
        assert worker.process is not None
        connections = psutil.Process(worker.process.pid).net_connections(kind="tcp")
        if any(tuple(c.laddr) == tuple(peer) for c in connections):
            return worker
    raise AssertionError(f"no task worker is connected from {peer}")


async def test_three_turns_by_the_clock_tell_every_member_once_and_no_secret(
    three_turns,  # noqa: F811 (the fixtures imported above)
    subprocess_env,
    smtp,  # noqa: F811
    hooks,  # noqa: F811
):
    require(
        connection.vendor == "postgresql" and bool(os.environ.get("WARGAME_REDIS_URL")),
        "two processes need PostgreSQL and Redis: set WARGAME_DATABASE_URL and WARGAME_REDIS_URL",
    )
    env = {
        **subprocess_env,
        "WARGAME_CLOCK_SWEEP_SECONDS": "1",
        # What the killed worker was planning or sending is taken up by the other in seconds;
        # long enough that a live send slowed by a busy machine is not taken up as abandoned.
        "WARGAME_NOTIFICATION_LEASE": "10",
        "WARGAME_EMAIL_HOST": "127.0.0.1",
        "WARGAME_EMAIL_PORT": str(settings.EMAIL_PORT),
    }
    game = await sync_to_async(create_game)(three_turns, "Told by the clock", "tutorial-3", CLOCK)

    def people() -> dict[str, object]:
        members = {}
        for seat in SEATS:
            members[f"Ann-{seat}"] = member(game, seat, f"Ann{seat}")
        members["Bo-beijing"] = member(game, "beijing", "Bo")
        game_settings(
            game,
            include_text=True,
            lead_minutes=[60],
            webhooks={seat: f"{hooks.url}/hook/{seat}" for seat in SEATS},
        )
        return members

    members = await sync_to_async(people)()
    addresses = {seat: [f"ann{seat}@{seat}.example.org"] for seat in SEATS}
    addresses["beijing"].append("bo@beijing.example.org")

    first, second = Daphne(env, port=PORTS[0]).start(), Daphne(env, port=PORTS[1]).start()
    workers = [TaskWorker(env).start(), TaskWorker(env).start()]
    watcher = ResumingClient(second.port, game.id, game.observer.token)
    watcher.start()

    def phase_is(phase: str, turn: int = 1):
        async def check() -> bool:
            view = (watcher.view or {}).get("game", {})
            return view.get("turn") == turn and view.get("phase") == phase

        return check

    def send(token: str, body: dict) -> dict:
        return post_command(first, game.id, token, body)

    try:
        await sync_to_async(send)(game.control.token, {"type": "start_game"})
        # Turn 1, through the daphne that will die: secrets of one seat or two.
        await until(phase_is("diplomacy"), 30, "the clock never opened the diplomacy of turn 1")
        await sync_to_async(send)(
            game.seats["moscow"].token,
            {"type": "send_message", "to": ["pyongyang"], "text": TO_PYONGYANG},
        )
        await sync_to_async(send)(
            members["Bo-beijing"].token,
            {"type": "draft_message", "to": ["moscow"], "text": DRAFTED},
        )
        await sync_to_async(send)(
            game.control.token,
            {"type": "issue_inject", "text": TO_WASHINGTON, "audience": ["washington"]},
        )
        await until(phase_is("orders"), 30, "the clock never opened the orders of turn 1")
        await sync_to_async(send)(
            members["Ann-beijing"].token,
            {"type": "submit_move", "action": "beijing.trade_squeeze", "rationale": RATIONALE},
        )
        # In the middle of the game, one daphne and one worker are killed: the worker whose
        # email the SMTP server holds unanswered.
        await until(phase_is("orders", 2), 60, "the clock never reached the orders of turn 2")
        smtp.hold = True

        async def holding() -> bool:
            return smtp.held is not None

        await until(holding, 30, "no email was sent after the orders of turn 2")
        first.kill()
        sender = sending_to(smtp.held, workers)
        sender.kill()
        smtp.released.set()

        async def ended() -> bool:
            return (watcher.view or {}).get("game", {}).get("status") == "ended"

        await until(ended, 90, f"the game did not end: socket at {watcher.seq}")
        events = await sync_to_async(log)(game.id)
        emails, posts = expected(game.id, events, addresses)

        async def all_told() -> bool:
            return len(smtp.messages) >= emails.total() and len(hooks.posts) >= posts.total()

        try:
            await until(all_told, 60, "not everyone was told")
        except TimeoutError:
            got = Counter((m["X-To"], m["X-Wargame-Notification"]) for m in smtp.messages)
            rows = await sync_to_async(
                lambda: list(
                    Notification.objects.filter(game_id=game.id)
                    .exclude(status="sent")
                    .values_list("recipient", "happening", "status", "attempts", "last_error")
                )
            )()
            raise AssertionError(("missing", emails - got, "rows not sent", rows)) from None

        # Everything again, as after a crash: the planning of every event, the sending of
        # every row; a worker still runs. Nothing more is sent.
        def again() -> int:
            notify.plan_events.enqueue(game.id, 1, events[-1]["seq"])
            rows = list(Notification.objects.filter(game_id=game.id).values_list("id", flat=True))
            for row_id in rows:
                notify_send.enqueue(row_id)
            call_command("send_notifications", verbosity=0)
            return len(rows)

        rows = await sync_to_async(again)()

        def waiting() -> bool:
            return DBTaskResult.objects.filter(
                task_path__in=[notify.plan_events.module_path, SENDING], status="READY"
            ).exists()

        async def settled() -> bool:
            return not await sync_to_async(waiting)()

        await until(settled, 60, "the tasks enqueued again were never run")
    finally:
        await watcher.stop()
        for worker in workers:
            worker.kill()
        smtp.released.set()
        first.kill()
        second.kill()

    # Every deadline acted exactly once, by the clock.
    kinds = Counter(event["type"] for event in events)
    set_by_clock = [
        e for e in events if e["type"] == "deadline_set" and e["data"].get("cause") == "clock"
    ]
    assert len(set_by_clock) == TURNS * len(CLOCK) == kinds["deadline_set"]
    assert [e["data"]["deadline_id"] for e in events if e["type"] == "deadline_expired"] == [
        e["data"]["deadline_id"] for e in set_by_clock
    ]
    assert kinds["game_ended"] == 1
    assert all(e["actor"] == SERVER_CLOCK for e in events if e["type"] == "phase_advanced")

    # Every member and every room told of each happening exactly once, and of nothing else.
    got_emails = Counter((m["X-To"], m["X-Wargame-Notification"]) for m in smtp.messages)
    got_posts = Counter((body["seat"], body["happening"]) for _, body in hooks.posts)
    assert got_emails == emails
    assert got_posts == posts
    assert [path for path, _ in hooks.posts] == [f"/hook/{b['seat']}" for _, b in hooks.posts]
    sent = await sync_to_async(
        lambda: Counter(
            Notification.objects.filter(game_id=game.id).values_list("status", flat=True)
        )
    )()
    assert sent == {"sent": rows} and rows == emails.total() + posts.total()

    # No body carries what its seat may not see; what it may see does reach it (text is on).
    told = [(m["X-To"].split("@")[1].split(".")[0], m.as_string()) for m in smtp.messages] + [
        (body["seat"], json.dumps(body)) for _, body in hooks.posts
    ]
    reached = Counter()
    for seat, text in told:
        for marker, allowed in ALLOWED.items():
            if marker in text:
                assert seat in allowed, (marker, seat)
                reached[(marker, seat)] += 1
    # Each told to its seat's members (Ann, and Bo for Beijing) by email and to its room.
    assert set(reached) == set(TOLD.items()), reached
    assert all(count == 2 for count in reached.values()), reached
    await sync_to_async(call_command)("verify_log", game.id, verbosity=0)
