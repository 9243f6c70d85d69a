"""The Django admin for games, seats, (read-only) events and the notifications' outbox."""

from django.contrib import admin

from wargame.games.models import Event, Game, Notification, Scenario, Seat, Snapshot


def superusers_only(request) -> bool:
    """The admin is the operator's: facilitators run games from the pages, not from here."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only


class SeatInline(admin.TabularInline):
    model = Seat
    fields = ["role", "issued_at"]
    readonly_fields = ["role", "issued_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Game)
class GameAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "scenario",
        "status",
        "turn",
        "phase",
        "seq",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "scenario"]
    search_fields = ["title", "id"]
    readonly_fields = [
        "id",
        "scenario",
        "seq",
        "head_hash",
        "status",
        "turn",
        "phase",
        "replay_open",  # follows the log's record_opened event, like the columns above
        "created_at",
    ]
    inlines = [SeatInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ShownOnly(admin.ModelAdmin):
    """Rows shown, never added or changed here (the log and what is derived from it)."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(ShownOnly):
    """Events are shown, never changed: the database refuses it anyway."""

    list_display = ["game", "seq", "type", "actor_role", "actor_name", "recorded_at"]
    list_filter = ["type", "actor_role"]
    search_fields = ["game__id", "type"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ["slug", "title", "source", "loaded_at"]
    readonly_fields = ["slug", "document", "source", "loaded_at"]


@admin.register(Snapshot)
class SnapshotAdmin(ShownOnly):
    """Snapshots are caches: they may be deleted (the next rebuild folds the log again), never
    edited."""

    list_display = ["game", "seq", "engine_version", "created_at"]
    exclude = ["state", "journal"]

    def get_readonly_fields(self, request, obj=None):
        shown = super().get_readonly_fields(request, obj)
        return [name for name in shown if name not in self.exclude]


@admin.register(Notification)
class NotificationAdmin(ShownOnly):
    """The outbox, for an operator to see what was sent, what waits and why a send failed.
    Shown, never changed: a row changed by hand could be sent twice, or never."""

    list_display = ["game", "happening", "kind", "recipient", "channel", "status", "attempts"]
    list_filter = ["status", "channel", "kind"]
    search_fields = ["game__id", "recipient", "happening"]
