"""Bearer tokens: issued once in the clear, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from wargame.games import broadcast
from wargame.games.models import FacilitatorToken, Game, Seat


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token(prefix: str) -> str:
    # The prefix tells a person which kind of token they hold; it carries no authority.
    return f"{prefix}_{secrets.token_urlsafe(24)}"


def issue_facilitator_token(*, username: str) -> tuple[object, str, bool]:
    """Create or find the facilitator ``username`` and give them a fresh API token."""
    user_model = get_user_model()
    with transaction.atomic():
        # A facilitator is no staff: the Django admin is for superusers only.
        user, created = user_model.objects.get_or_create(username=username)
        if created:
            user.set_unusable_password()
            user.save()
        token = new_token("fac")
        FacilitatorToken.objects.create(user=user, token_hash=hash_token(token))
    return user, token, created


def issue_seat_token(*, game: Game, role: str) -> str:
    """A fresh token for ``role`` in ``game``; any earlier token of that role stops working,
    and sockets still open with it are closed once this commits."""
    token = new_token("obs" if role == "observer" else "seat")
    _, created = Seat.objects.update_or_create(
        game=game, role=role, defaults={"token_hash": hash_token(token)}
    )
    if not created:
        transaction.on_commit(lambda: broadcast.revoke(game.id, role))
    return token
