"""Bearer tokens: issued once in the clear, stored only as SHA-256 hashes."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from wargame.games import broadcast
from wargame.games.models import Analyst, FacilitatorToken, Game, Member, Seat


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


def issue_member_token(*, game: Game, role: str, member_id: str, name: str) -> str:
    """A fresh join link of a member's own; any earlier link of that member stops working, and
    sockets still open with it are closed once this commits."""
    token = new_token("member")
    _, created = Member.objects.update_or_create(
        game=game,
        member_id=member_id,
        defaults={"role": role, "name": name, "token_hash": hash_token(token)},
    )
    if not created:
        transaction.on_commit(lambda: broadcast.revoke(game.id, role))
    return token


def revoke_member_token(*, game: Game, member_id: str) -> bool:
    """End a member's join link at once (on every process: the credentials generation; and its
    open sockets once this commits). False if the member had no link."""
    member = Member.objects.filter(game=game, member_id=member_id).first()
    if member is None:
        return False
    role = member.role
    member.delete()
    transaction.on_commit(lambda: broadcast.revoke(game.id, role))
    return True


def issue_analyst_token(*, game: Game, analyst_id: str, name: str, grant: str) -> str:
    """A fresh link of an analyst's own; any earlier link of that analyst stops working, and
    sockets still open with it are closed once this commits."""
    token = new_token("analyst")
    _, created = Analyst.objects.update_or_create(
        game=game,
        analyst_id=analyst_id,
        defaults={"name": name, "grant": grant, "token_hash": hash_token(token)},
    )
    if not created:
        transaction.on_commit(lambda: broadcast.revoke(game.id, "analyst"))
    return token


def revoke_analyst_token(*, game: Game, analyst_id: str) -> bool:
    """End an analyst's link at once (as a member's). False if the analyst had no link."""
    deleted, _ = Analyst.objects.filter(game=game, analyst_id=analyst_id).delete()
    if deleted:
        transaction.on_commit(lambda: broadcast.revoke(game.id, "analyst"))
    return bool(deleted)


def regrant_analyst_token(*, game: Game, analyst_id: str, grant: str) -> None:
    """The analyst's link opens what the new grant opens; its open sockets close once this
    commits, and come back seeing what the new grant shows."""
    if Analyst.objects.filter(game=game, analyst_id=analyst_id).update(grant=grant):
        from wargame.games.access import credentials_changed

        credentials_changed()  # a cached lookup holds the old grant
        transaction.on_commit(lambda: broadcast.revoke(game.id, "analyst"))


def end_links_of_removed(*, game: Game, events: list[dict]) -> None:
    """A member or analyst taken out of the game (``member_removed``, ``analyst_removed``), or
    an adjudicator out of the White Cell (``adjudicator_removed``), loses the link at once, and
    an analyst's new grant (``analyst_granted``) holds at once, whichever door the command came
    through."""
    for event in events:
        if event["type"] == "member_removed":
            revoke_member_token(game=game, member_id=event["data"]["member"])
        elif event["type"] == "adjudicator_removed":
            revoke_member_token(game=game, member_id=event["data"]["adjudicator"])
        elif event["type"] == "analyst_removed":
            revoke_analyst_token(game=game, analyst_id=event["data"]["analyst"])
        elif event["type"] == "analyst_granted":
            data = event["data"]
            regrant_analyst_token(game=game, analyst_id=data["analyst"], grant=data["grant"])
