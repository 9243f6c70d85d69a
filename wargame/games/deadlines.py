"""The server's clock: a deadline that acts (closes orders, advances the phase) is acted on by
a background task when it passes.

When a committed command leaves the game with such a deadline (``deadline_set``, or
``game_resumed`` giving a paused deadline its new instant), a task is enqueued through
Django's Tasks API (the ``django-tasks`` backport, database backend) to run at the deadline.
Any task worker (``manage.py db_worker``) then sends ``expire_deadline`` through the one write
path, as control's "Server clock", with the idempotency key ``deadline:<id>``: across workers
and retries it is appended at most once. A deadline moved, paused or cleared since has another
id or none, so the engine refuses the stale one (422 ``deadline_not_due``) and the task drops
it. A transient database error enqueues the task again a little later.

A worker killed while it runs a deadline's task leaves that task's row RUNNING for good (the
backend retries nothing), and a process killed between a commit and its enqueue leaves a
deadline with no task. ``watch_deadlines``, a task that enqueues its own next run every
``WARGAME_CLOCK_SWEEP_SECONDS`` (30) before it looks, enqueues the task of every such
deadline again (``schedule_missing``); the idempotency key keeps the deadline acting once
whichever task gets there first. The same sweep enqueues again the planning and the sending
of notifications whose worker died while at them (``notify.plan_abandoned``,
``notify_send.resend_abandoned``). ``manage.py
schedule_deadlines`` (run as workers start) and
every scheduled deadline start the watch if none is waiting.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, close_old_connections
from django_tasks import task

logger = logging.getLogger(__name__)

CLOCK = {"role": "control", "name": "Server clock"}
# The events after which a game may hold a deadline with a new instant.
SCHEDULING_EVENTS = frozenset({"deadline_set", "game_resumed"})
# Transient database errors: a lost connection, a database restarting or busy.
TRANSIENT = (OperationalError, InterfaceError)
MAX_ATTEMPTS = 20
RETRY_DELAYS = (1, 2, 5, 10, 30)  # seconds before the next attempt; the last one repeats


def pending_deadline(state: dict | None) -> tuple[str, datetime] | None:
    """``(deadline id, instant)`` of the game's deadline if the server must act on it: one whose
    ``on_expiry`` is not ``alert``, with an instant, while the game is not paused. Read from the
    state's ``deadline`` (what every view's ``game.deadline`` copies), defensively: anything
    else is no deadline to act on."""
    if not state:
        return None
    deadline = state.get("deadline")
    if not isinstance(deadline, dict) or deadline.get("expired") or state.get("paused"):
        return None
    deadline_id, at = deadline.get("id"), deadline.get("at")
    if deadline.get("on_expiry", "alert") in (None, "alert") or not deadline_id or not at:
        return None
    try:
        instant = datetime.fromisoformat(str(at).replace("Z", "+00:00"))
    except ValueError:
        return None
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return str(deadline_id), instant


def schedule(game_id: object, state: dict) -> None:
    """After a command that set or resumed a deadline has committed: enqueue the task that acts
    on it. Never raises: the command stands whatever happens here (a failure is logged)."""
    try:
        due = pending_deadline(state)
        if due is None:
            return
        deadline_id, instant = due
        expire_deadline.using(run_after=instant).enqueue(str(game_id), deadline_id)
        ensure_watch()
    except Exception:
        logger.exception("could not schedule the deadline of game %s", game_id)


def _watch_waiting() -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=watch_deadlines.module_path, status="READY"
    ).exists()


def ensure_watch() -> bool:
    """Enqueue ``watch_deadlines`` unless a run of it is waiting. True if it enqueued one."""
    if _watch_waiting():
        return False
    watch_deadlines.using(run_after=_next_sweep()).enqueue()
    return True


def _next_sweep() -> datetime:
    return datetime.now(UTC) + timedelta(seconds=settings.WARGAME_CLOCK_SWEEP_SECONDS)


def schedule_missing() -> int:
    """Enqueue a task for every running game's deadline that the server must act on and that
    has no task waiting: after an enqueue that failed, or a worker that died while running one.
    Safe at any time (a deadline acts at most once). Returns how many were enqueued."""
    from django_tasks_db.models import DBTaskResult

    from wargame.games import rebuild
    from wargame.games.models import Game

    waiting = {
        tuple(args[:2])
        for args in DBTaskResult.objects.filter(
            task_path=expire_deadline.module_path, status="READY"
        ).values_list("args_kwargs__args", flat=True)
    }
    enqueued = 0
    for game_id in Game.objects.filter(status="running").values_list("id", flat=True):
        due = pending_deadline(rebuild.load_state(game_id))
        if due is None or (str(game_id), due[0]) in waiting:
            continue
        expire_deadline.using(run_after=due[1]).enqueue(str(game_id), due[0])
        enqueued += 1
    return enqueued


@task()
def watch_deadlines() -> str:
    """Every sweep period while workers run: first the next run (unless one is waiting, so two
    watches started at once become one), then a task for each deadline that has none waiting
    (its worker died, or its enqueue never happened), and for each planning or sending of
    notifications abandoned by a worker that died at it."""
    if not _watch_waiting():
        watch_deadlines.using(run_after=_next_sweep()).enqueue()
    from wargame.games.notify import plan_abandoned
    from wargame.games.notify_send import resend_abandoned

    enqueued = schedule_missing()
    if enqueued:
        logger.warning("%s deadline task(s) enqueued again", enqueued)
    if plan_abandoned():
        logger.warning("the planning of notifications abandoned by a worker enqueued again")
    sends = resend_abandoned()
    if sends:
        logger.warning("%s notification(s) abandoned by a worker enqueued again", sends)
    return f"{enqueued} deadline task(s) enqueued" + (f", {sends} send(s)" if sends else "")


@task()
def expire_deadline(game_id: str, deadline_id: str, attempt: int = 1) -> str:
    """Act on a deadline that has passed: ``expire_deadline`` through the one write path."""
    from wargame.games import service
    from wargame.games.models import Game

    try:
        game = Game.objects.filter(pk=game_id).first()
        if game is None:
            return "no such game"
        result = service.execute(
            game=game,
            command={"type": "expire_deadline", "deadline_id": deadline_id},
            actor=CLOCK,
            idempotency_key=f"deadline:{deadline_id}",
        )
    except service.CommandRejected as rejected:
        # Moved, paused or cleared since it was scheduled (deadline_not_due), or the game has
        # moved on in some other way: there is nothing to act on.
        code = rejected.rejection.code
        log = logger.info if code in ("deadline_not_due", "not_running") else logger.warning
        log("deadline %s of game %s dropped: %s", deadline_id, game_id, code)
        return f"dropped: {code}"
    except TRANSIENT:
        if attempt >= MAX_ATTEMPTS:
            raise
        logger.warning("deadline %s of game %s: database error, trying again", deadline_id, game_id)
        _retry(game_id, deadline_id, attempt)
        return "retrying"
    if result.replayed:
        return f"already expired at seq {result.seq}"
    return f"expired at seq {result.seq}"


def _retry(game_id: str, deadline_id: str, attempt: int) -> None:
    """Enqueue the next attempt; while the database cannot take even that, wait and try again
    (on a connection opened afresh), then give up by raising."""
    delay = RETRY_DELAYS[min(attempt, len(RETRY_DELAYS)) - 1]
    for pause in (0, *RETRY_DELAYS):
        time.sleep(pause)
        close_old_connections()
        try:
            expire_deadline.using(run_after=datetime.now(UTC) + timedelta(seconds=delay)).enqueue(
                game_id, deadline_id, attempt + 1
            )
            return
        except TRANSIENT:
            if pause == RETRY_DELAYS[-1]:
                raise
