"""The admin shows the log and what derives from it, and changes none of it."""

from __future__ import annotations

import pytest

from tests.games.helpers import CONTROL, tutorial_game
from wargame.games import rebuild, service
from wargame.games.models import Event, Snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(admin_client, loaded_scenarios):
    game = tutorial_game("Admin")
    service.execute(game=game, command={"type": "start_game"}, actor=CONTROL)
    rebuild.save_snapshot(game.id, rebuild.load_state(game.id))
    return admin_client, game


def test_the_replay_switch_follows_the_log_not_the_admin(staff):
    client, game = staff
    page = client.get(f"/admin/games/game/{game.pk}/change/")
    assert page.status_code == 200
    assert 'name="replay_open"' not in page.content.decode()  # shown, not a form field
    client.post(f"/admin/games/game/{game.pk}/change/", {"title": "Renamed", "replay_open": "on"})
    game.refresh_from_db()
    assert game.replay_open is False


@pytest.mark.parametrize("model", [Event, Snapshot])
def test_log_rows_and_snapshots_are_shown_and_never_changed_or_added(staff, model):
    client, game = staff
    row = model.objects.filter(game=game).first()
    name = model._meta.model_name
    assert client.get(f"/admin/games/{name}/{row.pk}/change/").status_code == 200
    assert client.get(f"/admin/games/{name}/add/").status_code == 403
    before = model.objects.filter(game=game).count()
    changed = client.post(f"/admin/games/{name}/{row.pk}/change/", {"seq": 99})
    assert changed.status_code == 403
    assert model.objects.filter(game=game).count() == before


def test_facilitators_are_not_staff_and_the_admin_is_for_superusers_only(client, loaded_scenarios):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from wargame.games.tokens import issue_facilitator_token

    user, _, _ = issue_facilitator_token(username="fac")
    assert not user.is_staff and not user.is_superuser
    call_command("facilitator", "fac2", "--password", "pw-long-enough", stdout=None)
    assert not get_user_model().objects.get(username="fac2").is_staff
    # Even an account marked staff by hand is not let in: only superusers are.
    user.is_staff = True
    user.save()
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.get("/admin/games/event/").status_code == 302


def test_the_local_facilitator_is_not_staff(tmp_path, settings, db):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    settings.BASE_DIR = tmp_path
    call_command("localfacilitator", "--host", "127.0.0.1", "--port", "8105", stdout=None)
    user = get_user_model().objects.get(username="facilitator")
    assert not user.is_staff and not user.is_superuser


def test_the_migration_takes_staff_from_facilitators(transactional_db):
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    users = get_user_model().objects
    executor = MigrationExecutor(connection)
    executor.migrate([("games", "0005_event_request_hash")])
    users.create(username="old-fac", is_staff=True)
    users.create(username="root", is_staff=True, is_superuser=True)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    try:
        executor.migrate([("games", "0006_facilitators_are_not_staff")])
        assert not users.get(username="old-fac").is_staff
        assert users.get(username="root").is_staff
    finally:  # the tests after this one need every migration
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_outbox_of_notifications_is_shown_and_never_changed(staff):
    from wargame.games.models import Notification

    client, game = staff
    row = Notification.objects.create(
        game=game,
        happening="seq:3",
        kind="message",
        recipient="member:mb-1",
        channel="email",
        address="ann@example.org",
        body="A message reached your team.",
        status="failed",
        last_error="SMTPRecipientsRefused",
    )
    listing = client.get("/admin/games/notification/?status__exact=failed")
    assert listing.status_code == 200 and "member:mb-1" in listing.content.decode()
    page = client.get(f"/admin/games/notification/{row.pk}/change/")
    assert page.status_code == 200 and "SMTPRecipientsRefused" in page.content.decode()
    assert client.get("/admin/games/notification/add/").status_code == 403
    client.post(f"/admin/games/notification/{row.pk}/change/", {"status": "pending"})
    row.refresh_from_db()
    assert row.status == "failed"
