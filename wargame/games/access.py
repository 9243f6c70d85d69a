"""Who may see and do what in a game: the rules the API and the socket both apply.

A caller is a :class:`Principal`: a facilitator (an API token or a browser session), a seat or
the observer (a game's token). :func:`role_in_game` turns it into the role the engine knows
(``control``, a seat, ``observer``) for one game; :func:`role_to_view` decides whose view it may
see (``?as=``: control always, everyone once the record is open for the replay); the ``require_*``
functions guard what only the game's facilitator may do. A refusal is an :class:`AccessDenied`
whose ``reason`` each side translates: the API into an HTTP status and its JSON error body
(``wargame/api/errors.py``), the socket into a close code (``wargame/live/consumers.py``).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import F

from wargame.games.models import (
    Analyst,
    CredentialsGeneration,
    Event,
    FacilitatorToken,
    Game,
    Member,
    Seat,
)
from wargame.games.tokens import hash_token

FACILITATOR = "facilitator"
OBSERVER = "observer"
CONTROL = "control"
ANALYST = "analyst"
# What an analyst's grant opens: the public record (the analyst's own view), or everything.
ANALYST_GRANTS = ("public", "all")
# A named adjudicator of the White Cell: a link that opens only the blind estimates
# (``wargame/games/adjudicators.py``), never a view of the game nor any other command.
ADJUDICATOR = "adjudicator"
# The longest name an event records for whoever acted.
MAX_NAME_LENGTH = Event._meta.get_field("actor_name").max_length

# Why access is refused: the caller is not who may do it, or ``?as=`` names no role of the game.
FORBIDDEN = "forbidden"
NO_ROLE = "no_role"


class AccessDenied(Exception):
    """A refusal: ``reason`` is FORBIDDEN or NO_ROLE, ``message`` says why in plain words."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: ``user`` for facilitators, ``game_id`` and ``role`` otherwise."""

    kind: str  # "facilitator" | "seat" | "observer" | "analyst"
    user: object | None = None
    game_id: object | None = None
    role: str | None = None
    token_hash: str | None = None
    # A named member of the seat, for a member's own join link (None for the seat's link).
    member_id: str | None = None
    member_name: str | None = None
    # An analyst's grant (``ANALYST_GRANTS``); None for every other caller.
    analyst_grant: str | None = None

    # DRF and Django's throttles ask the request's user these two questions.
    is_authenticated = True
    is_anonymous = False

    @property
    def display_name(self) -> str | None:
        """The facilitator's name as recorded in events (which keep at most 120 characters)."""
        return self.user.get_username()[:MAX_NAME_LENGTH] if self.user is not None else None

    @property
    def member(self) -> dict | None:
        """The member as an event's actor records it, or None."""
        if self.member_id is None:
            return None
        return {"id": self.member_id, "name": self.member_name or ""}

    @property
    def caller_id(self) -> str:
        """Who sent a request, as idempotency keys are scoped: the token, or the session's
        user (a facilitator's API token and their browser session are two callers)."""
        if self.token_hash:
            return f"token:{self.token_hash}"
        return f"user:{getattr(self.user, 'pk', '')}"

    @property
    def throttle_key(self) -> str:
        if self.token_hash:
            return self.token_hash
        return f"user-{getattr(self.user, 'pk', '')}"


# Token lookups, cached per process: token hash -> the principal, valid while the credentials
# generation (one row, read by primary key on every lookup) is the one read when it was cached.
# A change that can end a credential increases the generation in its own transaction
# (:func:`connect_signals`), so every process sees the token end as soon as the change commits.
# Unknown tokens are not cached (a new token is looked up once, then cached).
MAX_CACHED_TOKENS = 10_000
_tokens: dict[str, Principal] = {}
_tokens_generation: int | None = None
_tokens_lock = threading.Lock()


def credentials_generation() -> int:
    return CredentialsGeneration.objects.filter(pk=1).values_list("value", flat=True).first() or 0


def credentials_changed() -> None:
    """Count a change that can end a credential, in the caller's transaction."""
    CredentialsGeneration.objects.bulk_create(
        [CredentialsGeneration(pk=1, value=0)], ignore_conflicts=True
    )
    CredentialsGeneration.objects.filter(pk=1).update(value=F("value") + 1)


def forget_tokens() -> None:
    """Forget this process's cached token lookups (the next lookups read the tables)."""
    global _tokens_generation
    with _tokens_lock:
        _tokens.clear()
        _tokens_generation = None


def principal_for_token(token: str) -> Principal | None:
    """The caller a bearer token stands for, or None for an unknown or revoked token."""
    global _tokens_generation
    digest = hash_token(token)
    generation = credentials_generation()
    with _tokens_lock:
        if generation != _tokens_generation:
            _tokens.clear()
            _tokens_generation = generation
        cached = _tokens.get(digest)
    if cached is not None:
        return cached
    principal = _lookup(digest)
    if principal is not None:
        with _tokens_lock:
            # Cached only under the generation read before the lookup: a change counted
            # since then may have ended the credential the lookup found.
            if _tokens_generation == generation:
                if len(_tokens) >= MAX_CACHED_TOKENS:
                    _tokens.clear()
                _tokens[digest] = principal
    return principal


def _lookup(digest: str) -> Principal | None:
    facilitator = FacilitatorToken.objects.select_related("user").filter(token_hash=digest).first()
    if facilitator is not None:
        if not facilitator.user.is_active:
            return None
        return Principal(kind=FACILITATOR, user=facilitator.user, token_hash=digest)
    member = Member.objects.filter(token_hash=digest).first()
    if member is not None:
        return Principal(
            kind=ADJUDICATOR if member.role == ADJUDICATOR else "seat",
            game_id=member.game_id,
            role=member.role,
            token_hash=digest,
            member_id=member.member_id,
            member_name=member.name,
        )
    analyst = Analyst.objects.filter(token_hash=digest).first()
    if analyst is not None:
        # An analyst acts under its own name and id, recorded as a member's are.
        return Principal(
            kind=ANALYST,
            game_id=analyst.game_id,
            role=ANALYST,
            token_hash=digest,
            member_id=analyst.analyst_id,
            member_name=analyst.name,
            analyst_grant=analyst.grant,
        )
    seat = Seat.objects.filter(token_hash=digest).first()
    if seat is not None:
        kind = OBSERVER if seat.role == OBSERVER else "seat"
        return Principal(kind=kind, game_id=seat.game_id, role=seat.role, token_hash=digest)
    return None


def _seat_or_token_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_seen_seq"}:
        return  # what a member's page last showed ends nothing
    if not created:  # a rotated seat token: the old one ends (a new token ends nothing)
        credentials_changed()


def _credential_deleted(sender, instance, **kwargs) -> None:
    credentials_changed()


def _user_saved(sender, instance, created, update_fields=None, **kwargs) -> None:
    # A cached facilitator holds the user as it was: any change but a login's last_login may
    # matter (is_active, is_superuser, the password).
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    credentials_changed()


def connect_signals() -> None:
    """Count every change that can end a credential (GamesConfig.ready connects these)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save

    for model in (Seat, FacilitatorToken, Member, Analyst):
        post_save.connect(_seat_or_token_saved, sender=model, dispatch_uid=f"access-{model}")
        post_delete.connect(_credential_deleted, sender=model, dispatch_uid=f"access-del-{model}")
    user_model = get_user_model()
    post_save.connect(_user_saved, sender=user_model, dispatch_uid="access-user")
    post_delete.connect(_credential_deleted, sender=user_model, dispatch_uid="access-user-del")


def seat_token_still_valid(token_hash: str) -> bool:
    """Whether a seat's, the observer's or a member's token still opens its game (an open
    socket asks when told that a token of its role ended)."""
    return (
        Seat.objects.filter(token_hash=token_hash).exists()
        or Member.objects.filter(token_hash=token_hash).exists()
    )


def analyst_token_still_valid(token_hash: str, grant: str | None) -> bool:
    """Whether an analyst's token still opens its game with the grant it opened it with (a
    changed grant ends the socket, which comes back with the new one)."""
    return Analyst.objects.filter(token_hash=token_hash, grant=grant).exists()


def facilitates(principal: Principal, game: Game) -> bool:
    user = principal.user
    return principal.kind == FACILITATOR and (
        game.created_by_id == getattr(user, "pk", None) or getattr(user, "is_superuser", False)
    )


def role_in_game(principal: Principal, game: Game) -> str:
    """The caller's role in ``game``: control, a seat or observer; refused for another
    facilitator's game or another game's token."""
    if principal.kind == FACILITATOR:
        if facilitates(principal, game):
            return CONTROL
        raise AccessDenied(FORBIDDEN, "this game belongs to another facilitator")
    if principal.kind == ADJUDICATOR:
        raise AccessDenied(FORBIDDEN, "an adjudicator's link opens only the estimates")
    if principal.game_id != game.id:
        raise AccessDenied(FORBIDDEN, "this token belongs to another game")
    return principal.role


def adjudicator_in_game(principal: Principal, game: Game) -> str | None:
    """The adjudicator id of a caller holding an adjudicator's link to ``game``; None for the
    game's facilitator; refused for anyone else."""
    if principal.kind == ADJUDICATOR and principal.game_id == game.id:
        return principal.member_id
    if principal.kind == FACILITATOR and facilitates(principal, game):
        return None
    raise AccessDenied(FORBIDDEN, "only the game's White Cell sees the estimates")


def is_role_name(text: str) -> bool:
    """Whether ``text`` could name a role at all: short printable text. A NUL (which PostgreSQL
    cannot store, nor compare) or a lone surrogate is no role, refused before any query."""
    return 0 < len(text) <= 40 and text.isprintable()


def role_to_view(
    game: Game, role: str, wanted: str | None, principal: Principal | None = None
) -> str:
    """The role whose view to show a caller of ``role``: its own, or ``wanted`` (another role)
    for control always (the projector shows the public view) and for everyone once control
    has opened the record for the replay. The API and the socket both ask this.

    An analyst's own view is the analyst role's (the public record, with the plan and the
    observations), or control's for an analyst granted everything, who may then also view the
    game as any role, as control may."""
    sees_all = role == CONTROL
    if role == ANALYST:
        sees_all = principal is not None and principal.analyst_grant == "all"
        if not wanted or wanted == role:
            return CONTROL if sees_all else ANALYST
    if not wanted or wanted == role:
        return role
    if not sees_all and not game.replay_open:
        raise AccessDenied(
            FORBIDDEN, "only control may view the game as another role until the replay opens"
        )
    if wanted != CONTROL and not (is_role_name(wanted) and game.seats.filter(role=wanted).exists()):
        raise AccessDenied(NO_ROLE, f"no role {wanted!r} in this game")
    return wanted


def require_control(role: str, doing: str) -> None:
    """Only the game's facilitator (control) may do ``doing``, e.g. "export its log"."""
    if role != CONTROL:
        raise AccessDenied(FORBIDDEN, f"only the game's facilitator may {doing}")


def require_facilitator(principal: Principal) -> None:
    """Only a facilitator may do this (create, list or import games)."""
    if principal.kind != FACILITATOR:
        raise AccessDenied(FORBIDDEN, "only a facilitator may do this")


def require_facilitates(principal: Principal, game: Game, doing: str) -> None:
    """Only the facilitator who created ``game`` (or a superuser) may do ``doing``."""
    if not facilitates(principal, game):
        raise AccessDenied(FORBIDDEN, f"only the game's facilitator may {doing}")
