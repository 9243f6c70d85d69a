"""Notifications: telling the members of a team (by email) and the team's chat room (by webhook)
what happened in the game, from what their role may see, once.

After a command commits, ``after_commit`` enqueues ``plan_events`` for the batch when it holds
an event someone may be told of; when it set or resumed a deadline, ``remind_deadline`` tasks
are enqueued at the deadline minus each of the game's lead times. Planning reads the committed
events through each seat's projection (``engine.project_event``: never the raw event) and the
deadline through each seat's view, and records one outbox row (``models.Notification``) per
(happening, recipient, channel); the table's unique constraint makes a planning task that runs
twice record nothing new. Each row is then sent by ``send_notification`` (``notify_send.py``),
which claims it first, so that a row is sent once however many tasks run for it.

What happened (the kinds a member chooses among):

- ``phase``: a phase in which the team acts opened (diplomacy, orders, adjudication);
- ``results``: the results phase opened, the turn's results are published;
- ``message``: a message reached the team; ``inject``: an inject reached the team;
- ``deadline``: the game's deadline is near (``lead_minutes`` before it).

By default a notification says only what happened and gives a link; with the game's
``include_text`` it adds the message's or the inject's text as the team's projection has it.
"""

from __future__ import annotations

import functools
import json
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django_tasks import task

from wargame import engine
from wargame.games.models import (
    Event,
    Game,
    Notification,
    NotificationPreference,
    NotificationSettings,
)

logger = logging.getLogger(__name__)

# Events a notification may come from, and the phases in which a team has something to do.
WATCHED = frozenset({"phase_advanced", "message_sent", "inject_issued"})
TEAM_PHASES = frozenset({"diplomacy", "orders", "adjudication"})
REMINDER_EVENTS = frozenset({"deadline_set", "game_resumed"})
MAX_TEXT = 4000  # the most characters of game text a notification carries


def settings_of(game_id: object) -> NotificationSettings:
    """The game's notification settings (the defaults until the White Cell changes them)."""
    found = NotificationSettings.objects.filter(game_id=game_id).first()
    return found if found is not None else NotificationSettings(game_id=game_id)


def after_commit(game_id: object, before: int, state: dict, types: list[str]) -> None:
    """Once a batch (seqs ``before + 1`` to the state's) has committed: enqueue the planning of
    its notifications, and the reminders of a deadline it set. Never raises: the command stands
    whatever happens here (a failure is logged)."""
    try:
        if WATCHED.intersection(types) and anyone_to_tell(game_id):
            plan_events.enqueue(str(game_id), before + 1, state["seq"])
        if REMINDER_EVENTS.intersection(types):
            schedule_reminders(game_id, state)
    except Exception:
        logger.exception("could not schedule the notifications of game %s", game_id)


def anyone_to_tell(game_id: object) -> bool:
    """Whether any member of the game wants email or any seat has a webhook: a game without
    either has no planning task after each command. Asked after every command that may tell
    someone, so in one statement of plain SQL, written once per database, rather than two ORM
    queries built anew each time."""
    with connection.cursor() as cursor:
        key = Game._meta.pk.get_db_prep_value(game_id, connection)
        cursor.execute(_anyone_sql(connection.vendor), [key, key])
        wants_email, webhooks = cursor.fetchone()
    if wants_email:
        return True
    field = NotificationSettings._meta.get_field("webhooks")
    hooks = field.from_db_value(webhooks, None, connection) if webhooks is not None else None
    return isinstance(hooks, dict) and any(hooks.values())


@functools.cache
def _anyone_sql(vendor: str) -> str:
    quote = connection.ops.quote_name

    def column(model: Any, name: str) -> str:
        return quote(model._meta.get_field(name).column)

    prefs, kept = NotificationPreference, NotificationSettings
    return (
        f"SELECT EXISTS (SELECT 1 FROM {quote(prefs._meta.db_table)}"
        f" WHERE {column(prefs, 'game')} = %s AND {column(prefs, 'email_on')}),"
        f" (SELECT {column(kept, 'webhooks')} FROM {quote(kept._meta.db_table)}"
        f" WHERE {column(kept, 'game')} = %s)"
    )


def waiting_reminders() -> set[tuple]:
    """``(game, deadline, lead)`` of every reminder task waiting to run."""
    from django_tasks_db.models import DBTaskResult

    return {
        tuple(args)
        for args in DBTaskResult.objects.filter(
            task_path=remind_deadline.module_path, status="READY"
        ).values_list("args_kwargs__args", flat=True)
    }


def schedule_reminders(game_id: object, state: dict, skip: frozenset | set = frozenset()) -> int:
    """Enqueue a ``remind_deadline`` task at the deadline minus each lead time still ahead
    (but none whose ``(game, deadline, lead)`` is in ``skip``)."""
    deadline = state.get("deadline")
    if not isinstance(deadline, dict) or not deadline.get("id") or not deadline.get("at"):
        return 0
    if deadline.get("expired") or state.get("paused"):
        return 0
    instant = _instant(deadline["at"])
    if instant is None:
        return 0
    now = datetime.now(UTC)
    enqueued = 0
    for lead in sorted(set(settings_of(game_id).lead_minutes), reverse=True):
        when = instant - timedelta(minutes=lead)
        if when > now and (str(game_id), deadline["id"], lead) not in skip:
            remind_deadline.using(run_after=when).enqueue(str(game_id), deadline["id"], lead)
            enqueued += 1
    return enqueued


def schedule_missing_reminders() -> int:
    """Enqueue the reminders still ahead of every running game's deadline that have no task
    waiting (after an enqueue that failed). Returns how many were enqueued."""
    from wargame.games import rebuild

    waiting = waiting_reminders()
    enqueued = 0
    for game_id in Game.objects.filter(status="running").values_list("id", flat=True):
        state = rebuild.load_state(game_id)
        if state is not None:
            enqueued += schedule_reminders(game_id, state, skip=waiting)
    return enqueued


def plan_abandoned() -> int:
    """Enqueue again the planning of every batch whose task a worker left running when it died
    (``notify_send.retake_abandoned``). Planning twice records nothing new (the outbox's unique
    constraint), so a task that was only slow costs nothing. Returns how many."""
    from wargame.games.notify_send import retake_abandoned

    return retake_abandoned(plan_events)


def _instant(text: object) -> datetime | None:
    try:
        instant = datetime.fromisoformat(str(text).replace("Z", "+00:00"))
    except ValueError:
        return None
    return instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)


def happening_of(event: dict, seat: str, record_open: bool) -> dict[str, Any] | None:
    """What ``seat`` is to be told of ``event``, from the seat's projection of it alone: its
    kind, a sentence of what happened, and (for a message or an inject) the text as the seat
    sees it. None when there is nothing to tell the seat."""
    seen = engine.project_event(event, seat, record_open=record_open)
    if seen is None:
        return None
    kind, data = seen["type"], seen["data"]
    if kind == "phase_advanced":
        phase, turn = data.get("phase"), data.get("turn")
        if phase == "results":
            return {"kind": "results", "what": f"The results of turn {turn} were published"}
        if phase in TEAM_PHASES and data.get("turn") is not None:
            return {"kind": "phase", "what": f"The {phase} phase of turn {turn} opened"}
        return None
    if kind == "message_sent" and seat in data.get("to", []):
        return {"kind": "message", "what": "A message reached your team", "text": data["text"]}
    if kind == "inject_issued":
        title = data.get("title") or ""
        text = f"{title}\n\n{data.get('text', '')}" if title else data.get("text", "")
        return {"kind": "inject", "what": "An inject reached your team", "text": text}
    return None


@task()
def plan_events(game_id: str, first: int, last: int) -> str:
    """Record the outbox rows of the events ``first`` to ``last`` and enqueue their sending."""
    from wargame.games import rebuild, store

    game = Game.objects.filter(pk=game_id).first()
    if game is None:
        return "no such game"
    state = rebuild.load_state(game.id, at_seq=last)
    if state is None:
        return "no state"
    # Each event as the seat saw it when it was appended: open to all only after the White
    # Cell opened the record (so that planning again later tells no one anything new).
    opened = (
        Event.objects.filter(game=game, type="record_opened").values_list("seq", flat=True).first()
        if state.get("record_open")
        else None
    )
    found = []
    for event in store.read_events(game_id=game.id, after=first - 1, upto=last):
        record_open = opened is not None and event["seq"] > opened
        for seat in state["scenario"]["roles"]:
            told = happening_of(event, seat, record_open)
            if told is not None:
                found.append((f"seq:{event['seq']}", seat, told))
    return record(game, state, found)


@task()
def remind_deadline(game_id: str, deadline_id: str, lead: int) -> str:
    """Tell every team that the deadline ``deadline_id`` is ``lead`` minutes away, if it is
    still the game's deadline then (not moved, cleared, paused or passed)."""
    from wargame.games import rebuild

    game = Game.objects.filter(pk=game_id).first()
    if game is None:
        return "no such game"
    state = rebuild.load_state(game.id)
    if state is None or state.get("status") != "running":
        return "not running"
    found = []
    for seat in state["scenario"]["roles"]:
        deadline = engine.view(state, seat, parts=frozenset({"game"}))["game"]["deadline"]
        if (
            not deadline
            or deadline.get("id") != deadline_id
            or deadline.get("expired")
            or not deadline.get("at")
        ):
            continue
        what = f"A deadline is near: {_minutes(lead)} left"
        found.append((f"deadline:{deadline_id}:{lead}", seat, {"kind": "deadline", "what": what}))
    if not found:
        return "the deadline moved on"
    return record(game, state, found)


def _minutes(lead: int) -> str:
    if lead % 60 == 0:
        hours = lead // 60
        return "1 hour" if hours == 1 else f"{hours} hours"
    return "1 minute" if lead == 1 else f"{lead} minutes"


def link_of(game: Game) -> str:
    """The team page's address (the member opens it with the join link the member holds)."""
    base = settings.WARGAME_PUBLIC_URL.rstrip("/")
    return f"{base}/play/{game.id}/"


def record(game: Game, state: dict, found: list[tuple[str, str, dict[str, Any]]]) -> str:
    """Record the outbox rows of what each seat is told (``(happening, seat, told)``), for each
    member of the seat who asked for that kind by email and for the seat's webhook; rows already
    recorded stay as they are. Then enqueue the sending of the rows not yet sent."""
    from wargame.games import notify_send

    if not found:
        return "nothing to tell"
    options = settings_of(game.id)
    people = engine.roster(state)["people"]
    prefs = {
        p.member_id: p
        for p in NotificationPreference.objects.filter(game=game, email_on=True).exclude(email="")
    }
    link = link_of(game)
    rows = []
    for happening, seat, told in found:
        text = told.get("text") if options.include_text else None
        if text is not None:
            text = str(text)[:MAX_TEXT]
        for member_id, person in people.items():
            pref = prefs.get(member_id)
            if person["seat"] != seat or pref is None or told["kind"] not in pref.kinds:
                continue
            body = f"{told['what']}.\n\n" + (f"{text}\n\n" if text else "")
            body += f"Open your team's page with your own join link: {link}\n"
            rows.append(
                Notification(
                    game=game,
                    happening=happening,
                    kind=told["kind"],
                    recipient=f"member:{member_id}",
                    channel="email",
                    address=pref.email,
                    subject=f"Wargame: {told['what']}",
                    body=body,
                )
            )
        url = options.webhooks.get(seat)
        if url:
            payload = {
                "game": str(game.id),
                "seat": seat,
                "kind": told["kind"],
                "happening": happening,
                "text": told["what"],
                "link": link,
            }
            if text:
                payload["detail"] = text
            rows.append(
                Notification(
                    game=game,
                    happening=happening,
                    kind=told["kind"],
                    recipient=f"webhook:{seat}",
                    channel="webhook",
                    address=url,
                    body=json.dumps(payload),
                )
            )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    waiting = Notification.objects.filter(
        game=game, happening__in={h for h, _, _ in found}, status="pending", attempts=0
    ).values_list("id", flat=True)
    for row_id in waiting:
        notify_send.enqueue(row_id)
    return f"{len(rows)} to send"
