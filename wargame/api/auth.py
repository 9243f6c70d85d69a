"""Who is calling: facilitators (API token or browser session), seats and observers (game tokens).

A request's principal says which kind of caller it is; :func:`role_in_game` turns it into the
role the engine knows (``control``, a seat, ``observer``) for one game, or refuses.
"""

from __future__ import annotations

from dataclasses import dataclass

from rest_framework import authentication, permissions
from rest_framework.request import Request

from wargame.api.errors import ApiError
from wargame.games.models import Event, FacilitatorToken, Game, Seat
from wargame.games.tokens import hash_token

FACILITATOR = "facilitator"
OBSERVER = "observer"
CONTROL = "control"
# The longest name an event records for whoever acted.
MAX_NAME_LENGTH = Event._meta.get_field("actor_name").max_length


@dataclass(frozen=True)
class Principal:
    """An authenticated caller: ``user`` for facilitators, ``game_id`` and ``role`` otherwise."""

    kind: str  # "facilitator" | "seat" | "observer"
    user: object | None = None
    game_id: object | None = None
    role: str | None = None
    token_hash: str | None = None

    # DRF and Django's throttles ask the request's user these two questions.
    is_authenticated = True
    is_anonymous = False

    @property
    def display_name(self) -> str | None:
        """The facilitator's name as recorded in events (which keep at most 120 characters)."""
        return self.user.get_username()[:MAX_NAME_LENGTH] if self.user is not None else None

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


def principal_for_token(token: str) -> Principal | None:
    digest = hash_token(token)
    facilitator = FacilitatorToken.objects.select_related("user").filter(token_hash=digest).first()
    if facilitator is not None:
        if not facilitator.user.is_active:
            return None
        return Principal(kind=FACILITATOR, user=facilitator.user, token_hash=digest)
    seat = Seat.objects.filter(token_hash=digest).first()
    if seat is not None:
        kind = OBSERVER if seat.role == OBSERVER else "seat"
        return Principal(kind=kind, game_id=seat.game_id, role=seat.role, token_hash=digest)
    return None


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer <token>`` with a facilitator, seat or observer token."""

    keyword = "Bearer"

    def authenticate(self, request: Request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != self.keyword.lower() or not token.strip():
            raise ApiError(
                401, "not_authenticated", "use the header 'Authorization: Bearer <token>'"
            )
        principal = principal_for_token(token.strip())
        if principal is None:
            raise ApiError(401, "not_authenticated", "unknown or revoked token")
        return principal, principal

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class FacilitatorSessionAuthentication(authentication.SessionAuthentication):
    """A facilitator logged in with a browser session (CSRF-checked like any session)."""

    def authenticate(self, request: Request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, _ = result
        return Principal(kind=FACILITATOR, user=user), None


class IsAuthenticated(permissions.BasePermission):
    def has_permission(self, request: Request, view) -> bool:
        if isinstance(request.user, Principal):
            return True
        raise ApiError(
            401, "not_authenticated", "this needs a token: 'Authorization: Bearer <token>'"
        )


class IsFacilitator(IsAuthenticated):
    def has_permission(self, request: Request, view) -> bool:
        super().has_permission(request, view)
        if request.user.kind != FACILITATOR:
            raise ApiError(403, "forbidden", "only a facilitator may do this")
        return True


def facilitates(principal: Principal, game: Game) -> bool:
    user = principal.user
    return principal.kind == FACILITATOR and (
        game.created_by_id == getattr(user, "pk", None) or getattr(user, "is_superuser", False)
    )


def role_in_game(principal: Principal, game: Game) -> str:
    """The caller's role in ``game``: control, a seat or observer; 403 for another game's token."""
    if principal.kind == FACILITATOR:
        if facilitates(principal, game):
            return CONTROL
        raise ApiError(403, "forbidden", "this game belongs to another facilitator")
    if principal.game_id != game.id:
        raise ApiError(403, "forbidden", "this token belongs to another game")
    return principal.role


def is_role_name(text: str) -> bool:
    """Whether ``text`` could name a role at all: short printable text. A NUL (which PostgreSQL
    cannot store, nor compare) or a lone surrogate is no role, refused before any query."""
    return 0 < len(text) <= 40 and text.isprintable()


def role_to_view(game: Game, role: str, wanted: str | None) -> str:
    """The role whose view to show a caller of ``role``: its own, or ``wanted`` (another role)
    for control always (the projector shows the public view) and for everyone once control
    has opened the record for the replay. The API and the socket both ask this."""
    if not wanted or wanted == role:
        return role
    if role != CONTROL and not game.replay_open:
        raise ApiError(
            403,
            "forbidden",
            "only control may view the game as another role until the replay opens",
        )
    if wanted != CONTROL and not (is_role_name(wanted) and game.seats.filter(role=wanted).exists()):
        raise ApiError(400, "invalid_request", f"no role {wanted!r} in this game")
    return wanted
