"""Sending the outbox (``models.Notification``): by email through Django's email framework, by
webhook as a JSON POST; each row once, with retries and backoff.

A task first claims its row: it moves the row from ``pending`` (or from ``sending`` whose lease
has run out: a worker died while sending it) to ``sending`` in one conditional update, and only
the task that moved it sends it. Sent, the row is ``sent`` and any later task for it does
nothing. A send that fails puts the row back to ``pending`` and enqueues another attempt after
a growing delay; after MAX_ATTEMPTS, or at once for an address that can never work, the row is
``failed`` with the reason. Nothing here runs inside a command: a failure never touches the
game.

A webhook is an ``http`` or ``https`` URL; it is sent with a timeout, and a redirect to another
host (or to another scheme than http/https) is not followed.
"""

from __future__ import annotations

import logging
import re
import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F, Q
from django_tasks import task

from wargame.games.models import Notification

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY_DELAYS = (5, 30, 120, 600, 1800)  # seconds before the next attempt; the last one repeats


def lease() -> timedelta:
    """How long a send (or a planning) may run before another worker takes it up: a row being
    sent by a worker that died is sent again after this (``WARGAME_NOTIFICATION_LEASE``)."""
    return timedelta(seconds=settings.WARGAME_NOTIFICATION_LEASE)


class Permanent(Exception):
    """A send that can never work (an address refused by its form): not tried again."""


def enqueue(row_id: int, *, after: float = 0) -> None:
    if after:
        run_after = datetime.now(UTC) + timedelta(seconds=after)
        send_notification.using(run_after=run_after).enqueue(row_id)
    else:
        send_notification.enqueue(row_id)


# A webhook: http or https, a host name (or IPv4 address) and an optional port, then anything
# without spaces. The OpenAPI document gives the same pattern (api/views/notifications.py).
WEBHOOK_PATTERN = r"^https?://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?([/?#]\S*)?$"
MAX_WEBHOOK = 2000


def web_address_problem(url: object) -> str | None:
    """Why ``url`` cannot be a webhook, or None: an absolute http(s) URL with a host."""
    if not isinstance(url, str) or not url:
        return "a webhook must be a URL"
    if len(url) > MAX_WEBHOOK:
        return f"a webhook URL has at most {MAX_WEBHOOK} characters"
    if not url.startswith(("http://", "https://")):
        return "a webhook URL must start with http:// or https://"
    if re.fullmatch(WEBHOOK_PATTERN[1:-1], url) is None:
        return "a webhook URL must name a host, then a path without spaces"
    return None


def _claim(row_id: int) -> Notification | None:
    now = datetime.now(UTC)
    claimed = (
        Notification.objects.filter(pk=row_id)
        .filter(Q(status="pending") | Q(status="sending", lease_until__lt=now))
        .update(status="sending", lease_until=now + lease(), attempts=F("attempts") + 1)
    )
    return Notification.objects.get(pk=row_id) if claimed else None


@task()
def send_notification(row_id: int) -> str:
    """Send one outbox row, unless another task has it or has sent it."""
    row = _claim(row_id)
    if row is None:
        return "already sent or being sent"
    try:
        if row.channel == "email":
            send_email(row)
        elif row.channel == "webhook":
            send_webhook(row)
        else:
            raise Permanent(f"unknown channel {row.channel!r}")
    except Permanent as refused:
        _finish(row, "failed", str(refused))
        logger.warning("notification %s not sent: %s", row.id, refused)
        return f"failed: {refused}"
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"[:500]
        if row.attempts >= MAX_ATTEMPTS:
            _finish(row, "failed", reason)
            logger.warning("notification %s failed %s times: %s", row.id, row.attempts, reason)
            return "failed"
        Notification.objects.filter(pk=row.id, status="sending").update(
            status="pending", lease_until=None, last_error=reason
        )
        delay = RETRY_DELAYS[min(row.attempts, len(RETRY_DELAYS)) - 1]
        logger.info("notification %s: %s; trying again in %ss", row.id, reason, delay)
        enqueue(row.id, after=delay)
        return "retrying"
    _finish(row, "sent", "")
    return "sent"


def _finish(row: Notification, status: str, reason: str) -> None:
    Notification.objects.filter(pk=row.id).update(
        status=status,
        lease_until=None,
        last_error=reason[:500],
        sent_at=datetime.now(UTC) if status == "sent" else None,
    )


def send_email(row: Notification) -> None:
    EmailMessage(
        subject=row.subject,
        body=row.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.address],
        headers={"X-Wargame-Notification": f"{row.game_id} {row.happening}"},
    ).send(fail_silently=False)


class _SameHostRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to the same host, over http or https."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        old, new = urlsplit(req.full_url), urlsplit(newurl)
        if new.scheme not in ("http", "https") or new.hostname != old.hostname:
            raise Permanent(f"the webhook redirected to another host ({code})")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_SameHostRedirects)


def send_webhook(row: Notification) -> None:
    problem = web_address_problem(row.address)
    if problem is not None:
        raise Permanent(problem)
    request = urllib.request.Request(
        row.address,
        data=row.body.encode(),
        method="POST",
        headers={"Content-Type": "application/json", "User-Agent": "Wargame notifications"},
    )
    try:
        with _opener.open(request, timeout=settings.WARGAME_WEBHOOK_TIMEOUT) as response:
            response.read(1 << 16)
    except urllib.error.HTTPError as error:
        if 400 <= error.code < 500 and error.code not in (408, 429):
            raise Permanent(f"the webhook answered {error.code}") from None
        raise


def resend_pending() -> int:
    """Enqueue a send for every row still waiting: after an enqueue that failed, or a worker
    that died while sending one. Safe at any time (a row is sent once). Returns how many."""
    now = datetime.now(UTC)
    waiting = Notification.objects.filter(
        Q(status="pending") | Q(status="sending", lease_until__lt=now)
    ).values_list("id", flat=True)
    count = 0
    for row_id in waiting:
        enqueue(row_id)
        count += 1
    return count


def resend_abandoned() -> int:
    """Enqueue a send for every row whose worker died while sending it (its lease has run out),
    and every send task a worker died in before it claimed its row; and only those: a row
    waiting for its next attempt keeps its backoff. The deadlines' sweep
    (``deadlines.watch_deadlines``) runs this, so that a worker killed mid-send is made good by
    the workers still running, not only when one starts. Returns how many."""
    now = datetime.now(UTC)
    count = retake_abandoned(send_notification)
    for row_id in Notification.objects.filter(status="sending", lease_until__lt=now).values_list(
        "id", flat=True
    ):
        enqueue(row_id)
        count += 1
    return count


def retake_abandoned(chosen: Any) -> int:
    """Enqueue again, with the same arguments, every task of ``chosen`` that a worker left
    running when it died (the backend retries nothing): started longer ago than the lease.
    Each is marked failed first, in one conditional update, so that it is taken up once.
    Returns how many were enqueued."""
    from django_tasks_db.models import DBTaskResult

    now = datetime.now(UTC)
    abandoned = DBTaskResult.objects.filter(
        task_path=chosen.module_path, status="RUNNING", started_at__lt=now - lease()
    )
    enqueued = 0
    for result_id, args in abandoned.values_list("id", "args_kwargs__args"):
        taken = DBTaskResult.objects.filter(pk=result_id, status="RUNNING").update(
            status="FAILED",
            finished_at=now,
            traceback="abandoned by a task worker that stopped while running it",
        )
        if taken:
            chosen.enqueue(*args)
            enqueued += 1
    return enqueued
