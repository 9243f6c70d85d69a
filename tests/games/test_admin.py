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
