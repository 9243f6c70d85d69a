"""``/api/games/{id}/notifications/``: what a member is told and how, and the game's choices.

``notifications/me/`` is a member's own (a member's join link only: the seat's shared link has
no person to tell): an email address and whether to use it, whether the member's pages show
browser notifications, and for which kinds of happening. ``notifications/`` is the White
Cell's: whether notifications carry the game's text, the lead times of "a deadline is near",
and each seat's webhook URL. Both answer ``GET`` and take the whole document by ``PUT``.
"""

from __future__ import annotations

import re

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from wargame.api.errors import ApiError
from wargame.api.schema import errors
from wargame.api.views.base import GameView
from wargame.games import notify, rebuild
from wargame.games.access import CONTROL, require_facilitates
from wargame.games.models import NOTIFICATION_KINDS, NotificationPreference, NotificationSettings
from wargame.games.notify_send import MAX_WEBHOOK, WEBHOOK_PATTERN, web_address_problem

# An address as the HTML standard's email input accepts it; the document gives the same pattern.
EMAIL_PATTERN = (
    r"^([A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+)?$"
)
MAX_LEADS = 5
MAX_LEAD_MINUTES = 7 * 24 * 60

KINDS = {"type": "array", "items": {"type": "string", "enum": list(NOTIFICATION_KINDS)}}
PREFERENCES = {
    "type": "object",
    "additionalProperties": False,
    "required": ["email", "email_on", "browser_on", "kinds"],
    "properties": {
        "email": {"type": "string", "maxLength": 254, "pattern": EMAIL_PATTERN},
        "email_on": {"type": "boolean"},
        "browser_on": {"type": "boolean"},
        "kinds": {**KINDS, "uniqueItems": True},
    },
}
# What a member reads back: the choices, and the game's lead times of "a deadline is near" (the
# member's pages remind the member at the same times).
PREFERENCES_SEEN = {
    **PREFERENCES,
    "required": [*PREFERENCES["required"], "lead_minutes"],
    "properties": {
        **PREFERENCES["properties"],
        "lead_minutes": {"type": "array", "items": {"type": "integer"}},
    },
}
GAME_SETTINGS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["include_text", "lead_minutes", "webhooks"],
    "properties": {
        "include_text": {"type": "boolean"},
        "lead_minutes": {
            "type": "array",
            "maxItems": MAX_LEADS,
            "items": {"type": "integer", "minimum": 1, "maximum": MAX_LEAD_MINUTES},
        },
        "webhooks": {
            "type": "object",
            "additionalProperties": {
                "type": "string",
                "maxLength": MAX_WEBHOOK,
                "pattern": WEBHOOK_PATTERN,
            },
        },
    },
}


def _body(request, fields: set[str]) -> dict:
    body = request.data
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_request", "the body must be a JSON object")
    unknown = sorted(set(body) - fields)
    if unknown:
        raise ApiError(400, "invalid_request", f"unknown field {unknown[0]!r}")
    missing = sorted(fields - set(body))
    if missing:
        raise ApiError(400, "invalid_request", f"'{missing[0]}' is required")
    return body


def _flag(body: dict, name: str) -> bool:
    if not isinstance(body[name], bool):
        raise ApiError(400, "invalid_request", f"'{name}' must be true or false")
    return body[name]


def _whole(value: object) -> bool:
    """A JSON integer (``10.0`` is one too, as JSON Schema counts), not a boolean."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _preferences(row: NotificationPreference | None, game_id: object) -> dict:
    leads = sorted(set(notify.settings_of(game_id).lead_minutes), reverse=True)
    if row is None:
        return {
            "email": "",
            "email_on": False,
            "browser_on": False,
            "kinds": [*NOTIFICATION_KINDS],
            "lead_minutes": leads,
        }
    return {
        "email": row.email,
        "email_on": row.email_on,
        "browser_on": row.browser_on,
        "kinds": list(row.kinds),
        "lead_minutes": leads,
    }


class MyNotifications(GameView):
    def _member_id(self, request) -> str:
        member_id = getattr(request.user, "member_id", None)
        if self.role == CONTROL or member_id is None:
            raise ApiError(
                403, "forbidden", "only a member's own join link has notification settings"
            )
        return member_id

    @extend_schema(
        operation_id="notifications_me",
        summary="What the calling member is told, and how",
        request=None,
        responses={200: PREFERENCES_SEEN, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        member_id = self._member_id(request)
        row = NotificationPreference.objects.filter(game=self.game, member_id=member_id).first()
        return Response(_preferences(row, self.game.id))

    @extend_schema(
        operation_id="notifications_me_set",
        summary="Choose what the calling member is told, and how",
        request={"application/json": PREFERENCES},
        responses={200: PREFERENCES_SEEN, **errors(400, 401, 403, 404, 422)},
    )
    def put(self, request, game_id):
        member_id = self._member_id(request)
        body = _body(request, {"email", "email_on", "browser_on", "kinds"})
        email_on, browser_on = _flag(body, "email_on"), _flag(body, "browser_on")
        email = body["email"]
        if not isinstance(email, str) or len(email) > 254:
            raise ApiError(400, "invalid_request", "'email' must be an address or empty")
        if re.fullmatch(EMAIL_PATTERN[1:-1], email) is None:
            raise ApiError(400, "invalid_request", "'email' is not an email address")
        if email_on and not email:
            # Well-formed, but nothing to send to: the choice is refused, not the body.
            raise ApiError(422, "email_needed", "email notifications need an address")
        kinds = body["kinds"]
        if (
            not isinstance(kinds, list)
            or not all(isinstance(kind, str) and kind in NOTIFICATION_KINDS for kind in kinds)
            or len(set(kinds)) != len(kinds)
        ):
            raise ApiError(
                400,
                "invalid_request",
                f"'kinds' must list some of {', '.join(NOTIFICATION_KINDS)}, each once",
            )
        row, _ = NotificationPreference.objects.update_or_create(
            game=self.game,
            member_id=member_id,
            defaults={
                "email": email,
                "email_on": email_on,
                "browser_on": browser_on,
                "kinds": [kind for kind in NOTIFICATION_KINDS if kind in kinds],
            },
        )
        return Response(_preferences(row, self.game.id))


def _settings(row: NotificationSettings) -> dict:
    return {
        "include_text": row.include_text,
        "lead_minutes": sorted(set(row.lead_minutes), reverse=True),
        "webhooks": dict(row.webhooks),
    }


class GameNotifications(GameView):
    @extend_schema(
        operation_id="notifications_settings",
        summary="The game's notification settings and each seat's webhook (the White Cell's)",
        request=None,
        responses={200: GAME_SETTINGS, **errors(401, 403, 404)},
    )
    def get(self, request, game_id):
        require_facilitates(request.user, self.game, "see the notification settings")
        return Response(_settings(notify.settings_of(self.game.id)))

    @extend_schema(
        operation_id="notifications_settings_set",
        summary="Set the game's notification settings and each seat's webhook",
        request={"application/json": GAME_SETTINGS},
        responses={200: GAME_SETTINGS, **errors(400, 401, 403, 404, 422)},
    )
    def put(self, request, game_id):
        require_facilitates(request.user, self.game, "change the notification settings")
        body = _body(request, {"include_text", "lead_minutes", "webhooks"})
        include_text = _flag(body, "include_text")
        leads = body["lead_minutes"]
        if (
            not isinstance(leads, list)
            or len(leads) > MAX_LEADS
            or not all(_whole(lead) and 1 <= lead <= MAX_LEAD_MINUTES for lead in leads)
        ):
            raise ApiError(
                400,
                "invalid_request",
                f"'lead_minutes' must list at most {MAX_LEADS} whole numbers of minutes "
                f"from 1 to {MAX_LEAD_MINUTES}",
            )
        hooks = body["webhooks"]
        if not isinstance(hooks, dict):
            raise ApiError(400, "invalid_request", "'webhooks' must map seats to URLs")
        for url in hooks.values():
            problem = web_address_problem(url)
            if problem is not None:
                raise ApiError(400, "invalid_request", problem)
        state = rebuild.load_state(self.game.id)
        seats = set(state["scenario"]["roles"]) if state is not None else set()
        unknown = sorted(set(hooks) - seats)
        if unknown:
            raise ApiError(422, "unknown_seat", f"the game has no seat {unknown[0][:40]!r}")
        row, _ = NotificationSettings.objects.update_or_create(
            game=self.game,
            defaults={
                "include_text": include_text,
                "lead_minutes": sorted({int(lead) for lead in leads}, reverse=True),
                "webhooks": dict(hooks),
            },
        )
        if state is not None:
            # New lead times apply to the game's deadline now too (once each).
            notify.schedule_reminders(self.game.id, state, skip=notify.waiting_reminders())
        return Response(_settings(row))
