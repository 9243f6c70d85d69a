"""The tables of the game log: games, their events, snapshots and the credentials of seats."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import orjson
from django.conf import settings
from django.db import models

# Above this size a document is decoded with the garbage collector paused: decoding creates
# millions of objects, and the collections they trigger cost more than the decoding itself.
LARGE_DOCUMENT = 1 << 20


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while decoding many documents: decoding creates
    objects by the hundred thousand, none of them in a cycle, and the collections they would
    trigger cost more than the decoding itself."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class LogJSONField(models.JSONField):
    """A JSONField read back with orjson: rebuilding a game decodes every row it folds."""

    def from_db_value(self, value, expression, connection):
        if isinstance(value, str | bytes):
            try:
                if len(value) < LARGE_DOCUMENT:
                    return orjson.loads(value)
                with gc_paused():
                    return orjson.loads(value)
            except orjson.JSONDecodeError:
                pass  # not JSON text: let Django say what it is
        return super().from_db_value(value, expression, connection)


class Game(models.Model):
    """A game. Its truth is its events; the columns below ``seq`` are a summary kept with them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=200)
    scenario = models.CharField(max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Head of the log, updated in the same transaction as every append.
    seq = models.PositiveIntegerField(default=0)
    head_hash = models.CharField(max_length=64, default="")
    status = models.CharField(max_length=20, default="setup")
    turn = models.PositiveIntegerField(default=0)
    phase = models.CharField(max_length=40, blank=True, default="")
    replay_open = models.BooleanField(default=False)
    # Where the log came from: recorded on this server, or imported from an export whose
    # signature a trusted key made ("verified"), or imported with --unverified ("unverified":
    # unsigned or signed by a key this server does not trust). `origin_key` is the key that
    # signed it, `origin_note` says it in words.
    origin = models.CharField(max_length=20, default="recorded")
    origin_key = models.CharField(max_length=100, blank=True, default="")
    origin_note = models.CharField(max_length=400, blank=True, default="")
    # A branch: the game it was started from and the seq of that game it starts at, as its
    # first event (game_branched) names them, kept here for the family tree. Not a foreign
    # key: an imported branch names a parent that may be on another server.
    parent_id = models.UUIDField(null=True, blank=True, db_index=True)
    fork_seq = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.title} ({self.scenario})"


class Event(models.Model):
    """One entry of a game's log. Never updated or deleted: the database refuses both."""

    game = models.ForeignKey(Game, on_delete=models.PROTECT, related_name="events")
    seq = models.PositiveIntegerField()
    type = models.CharField(max_length=60)
    schema_version = models.PositiveSmallIntegerField(default=1)
    data = LogJSONField()
    actor_role = models.CharField(max_length=40)
    actor_name = models.CharField(max_length=120, blank=True, null=True)
    # The named member of a seat who acted, ``{"id", "name"}``, when one did (a member's own
    # join link); part of the actor, and so of the hash chain, only when present.
    actor_member = LogJSONField(null=True, blank=True)
    # A bot playing its seat acted (``seat_bots``); part of the actor, and so of the hash
    # chain, only when true.
    actor_bot = models.BooleanField(default=False)
    audience = LogJSONField()
    # Set on the first event of the batch one command appended; `batch` names that first seq.
    # The key as stored is scoped to the caller (store.scoped_key); logs recorded before that
    # hold the client's key as sent. Neither column is part of the hash chain.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)
    # On the same first event: SHA-256 of the command the key was first used with, so that the
    # key reused with another body is refused rather than answered with the first result.
    request_hash = models.CharField(max_length=64, null=True, blank=True)
    batch = models.PositiveIntegerField()
    recorded_at = models.DateTimeField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    state_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        ordering = ["game", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["game", "seq"], name="event_unique_game_seq"),
            models.UniqueConstraint(
                fields=["game", "idempotency_key"], name="event_unique_game_idempotency_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.game_id}#{self.seq} {self.type}"


class Snapshot(models.Model):
    """A cached fold of a game's events up to ``seq``: the state there, and the journal entries
    of the events after ``journal_after`` (the previous snapshot's seq when it was taken), so
    that a chain of snapshots holds the whole journal. Deleting any snapshot changes nothing:
    what it held is folded again from the log."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="snapshots")
    seq = models.PositiveIntegerField()
    engine_version = models.CharField(max_length=40)
    state = LogJSONField()
    state_hash = models.CharField(max_length=64)
    journal_after = models.PositiveIntegerField(default=0)
    journal = LogJSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["game", "seq", "engine_version"], name="snapshot_unique"
            )
        ]


class Seat(models.Model):
    """A role's credential in one game: a seat's join token or the game's observer token."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="seats")
    role = models.CharField(max_length=40)
    # Only a hash of the token is kept; the token itself is shown once when issued.
    token_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["game", "role"], name="seat_unique_role")]

    def __str__(self) -> str:
        return f"{self.role} in {self.game_id}"


class Member(models.Model):
    """A named member of a seat: the join link of the member's own (stored hashed), and the
    last seq the member's page showed. The roster itself is in the log (``member_added``);
    this row is the credential, and it goes when the link is revoked or the member leaves."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="members")
    role = models.CharField(max_length=40)
    member_id = models.CharField(max_length=100)
    name = models.CharField(max_length=120)
    token_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(auto_now=True)
    # The newest seq a page of this member was shown (recorded by its socket, not per frame).
    last_seen_seq = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["game", "member_id"], name="member_unique_id")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role} in {self.game_id})"


class Analyst(models.Model):
    """An analyst's own link (stored hashed) and the grant it opens: the public record or
    everything. The analysts themselves are in the log (``analyst_added``, ``analyst_granted``);
    this row is the credential, and it goes when the link is revoked or the analyst leaves."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="analysts")
    analyst_id = models.CharField(max_length=100)
    name = models.CharField(max_length=120)
    grant = models.CharField(max_length=10, default="public")
    token_hash = models.CharField(max_length=64, unique=True)
    issued_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["game", "analyst_id"], name="analyst_unique_id")
        ]

    def __str__(self) -> str:
        return f"{self.name} (analyst in {self.game_id})"


class FacilitatorToken(models.Model):
    """A facilitator's API token, stored hashed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class CredentialsGeneration(models.Model):
    """One row counting the changes that can end a credential: a token rotated or deleted, a
    facilitator's account saved (deactivated, a new password, no longer a superuser). Each
    process caches token lookups while it reads the same count (``wargame/games/access.py``);
    the change and the count's increase commit together, so every process sees both at once."""

    value = models.BigIntegerField(default=0)


class Scenario(models.Model):
    """A validated scenario document, loaded by ``manage.py loadscenarios``.

    A game copies the document into its first event, so reloading a scenario never changes a
    game already recorded.
    """

    slug = models.SlugField(primary_key=True, max_length=100)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    document = models.JSONField()
    source = models.CharField(max_length=500, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.title


class SimulationRun(models.Model):
    """Simulated iterations of a game (from ``from_seq`` of ``game``) or of a scenario from its
    start: the parameters, the progress and, once every chunk is done, the results
    (``games/simulations.py``)."""

    STATUSES = ("running", "done", "cancelled", "failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    game = models.ForeignKey(
        Game, null=True, blank=True, on_delete=models.CASCADE, related_name="simulations"
    )
    scenario = models.CharField(max_length=100)
    from_seq = models.PositiveIntegerField(default=0)
    runs = models.PositiveIntegerField()
    seed = models.BigIntegerField()
    chunk_size = models.PositiveIntegerField()
    doctrines = models.JSONField(default=dict)  # seat -> [doctrine ids] chosen (empty: all)
    status = models.CharField(max_length=20, default="running")
    requested_by = models.CharField(max_length=200, blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    results = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class SimulationChunk(models.Model):
    """Runs ``first`` .. ``first + count - 1`` of a simulation, played by one task; a worker
    holds its lease while playing it and renews it as it goes."""

    run = models.ForeignKey(SimulationRun, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    first = models.PositiveIntegerField()
    count = models.PositiveIntegerField()
    status = models.CharField(max_length=20, default="queued")  # queued, running, done
    attempts = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=200, blank=True, default="")
    lease_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    results = LogJSONField(null=True, blank=True)

    class Meta:
        ordering = ["run", "index"]
        constraints = [
            models.UniqueConstraint(fields=["run", "index"], name="one_chunk_per_index"),
        ]


# Notifications (wargame/games/notify.py). Kept beside the log, not in it: an email address is
# personal data a member may change or delete, and a log is append-only, exported and, once the
# record is open, read by everyone; what a member chose to be told changes nothing in the game.
NOTIFICATION_KINDS = ("phase", "deadline", "message", "inject", "results")


def all_kinds() -> list[str]:
    return list(NOTIFICATION_KINDS)


def default_leads() -> list[int]:
    return [60, 10]


class NotificationPreference(models.Model):
    """What one member of a seat chose to be told, and how: by email to an address of the
    member's, in the browser while a page of the game is open; for which kinds of happening."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="notification_prefs")
    member_id = models.CharField(max_length=100)
    email = models.EmailField(max_length=254, blank=True, default="")
    email_on = models.BooleanField(default=False)
    browser_on = models.BooleanField(default=False)
    kinds = models.JSONField(default=all_kinds)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["game", "member_id"], name="notification_pref_member")
        ]


class NotificationSettings(models.Model):
    """The White Cell's choices for a game's notifications: whether they carry the game's text
    (by default only what happened and a link), the lead times of "a deadline is near" in
    minutes, and each seat's webhook URL (a JSON POST to the team's chat room)."""

    game = models.OneToOneField(
        Game, on_delete=models.CASCADE, primary_key=True, related_name="notification_settings"
    )
    include_text = models.BooleanField(default=False)
    lead_minutes = models.JSONField(default=default_leads)
    webhooks = models.JSONField(default=dict)  # seat -> URL
    updated_at = models.DateTimeField(auto_now=True)


class Notification(models.Model):
    """The outbox: one row per (happening, recipient, channel), so that nothing is sent twice.
    ``happening`` names what happened: ``seq:<n>`` for a committed event, or
    ``deadline:<id>:<minutes>`` for a reminder. ``recipient`` is ``member:<id>`` or
    ``webhook:<seat>``. The row holds what is sent, built from the recipient's role's view."""

    game = models.ForeignKey(Game, on_delete=models.CASCADE, related_name="notifications")
    happening = models.CharField(max_length=160)
    kind = models.CharField(max_length=20)
    recipient = models.CharField(max_length=140)
    channel = models.CharField(max_length=20)  # email, webhook
    address = models.CharField(max_length=2000)
    subject = models.CharField(max_length=300, blank=True, default="")
    body = models.TextField()
    status = models.CharField(max_length=20, default="pending")  # pending, sending, sent, failed
    attempts = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["game", "happening", "recipient", "channel"],
                name="notification_once",
            )
        ]
        indexes = [models.Index(fields=["status"], name="notification_status")]
