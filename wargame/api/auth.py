"""Who is calling, for DRF: facilitators (API token or browser session), seats and observers
(game tokens). What each caller may see and do is decided in ``wargame/games/access.py``; its
refusals become HTTP errors in ``wargame/api/errors.py``.
"""

from __future__ import annotations

from rest_framework import authentication, permissions
from rest_framework.request import Request

from wargame.api.errors import ApiError
from wargame.games.access import (
    FACILITATOR,
    Principal,
    principal_for_token,
    require_facilitator,
)


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
        require_facilitator(request.user)
        return True
