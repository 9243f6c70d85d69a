"""Closing a facilitator's sockets when their credentials end.

Logging out, deactivating the account or changing its password sends a message to the group of
the facilitator's sockets (``broadcast.user_group``), through the channel layer and so to every
process: each socket checks its own credentials again and closes with 4401 if they no longer
hold. A password change ends every other session (Django's session hash); the session that
changed it stays, and so do its sockets.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model, user_logged_out
from django.db import transaction
from django.db.models.signals import post_save, pre_save
from django.utils.crypto import constant_time_compare

from wargame.games import broadcast
from wargame.games.models import FacilitatorToken


def session_still_valid(session_key: str | None, user_pk: object) -> bool:
    """Whether this session still logs ``user_pk`` in, as Django's own get_user would judge."""
    if not session_key:
        return False
    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    data = store.load()
    if str(data.get(SESSION_KEY)) != str(user_pk):
        return False
    user = get_user_model().objects.filter(pk=user_pk, is_active=True).first()
    stored = data.get(HASH_SESSION_KEY)
    return bool(user and stored and constant_time_compare(stored, user.get_session_auth_hash()))


def token_still_valid(token_hash: str) -> bool:
    return FacilitatorToken.objects.filter(token_hash=token_hash, user__is_active=True).exists()


def _logged_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        broadcast.revoke_user(user.pk, session_key=request.session.session_key)


def _before_user_saved(sender, instance, **kwargs) -> None:
    if instance.pk is None:
        return
    fields = kwargs.get("update_fields")
    if fields is not None and not {"password", "is_active"} & set(fields):
        return  # e.g. the last_login of every login
    old = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    instance._wargame_revoke = old is not None and (
        old["password"] != instance.password or old["is_active"] != instance.is_active
    )


def _user_saved(sender, instance, created, **kwargs) -> None:
    if getattr(instance, "_wargame_revoke", False):
        instance._wargame_revoke = False
        pk = instance.pk
        transaction.on_commit(lambda: broadcast.revoke_user(pk))


def connect_signals() -> None:
    user_model = get_user_model()
    user_logged_out.connect(_logged_out, dispatch_uid="wargame-logged-out")
    pre_save.connect(_before_user_saved, sender=user_model, dispatch_uid="wargame-user-pre")
    post_save.connect(_user_saved, sender=user_model, dispatch_uid="wargame-user-post")
