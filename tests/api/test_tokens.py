"""Tokens are credentials: they appear in no event, no export and no log line."""

from __future__ import annotations

import json
import logging

import pytest

from tests.api.playbook import Playbook
from wargame.games.models import Event, FacilitatorToken, Seat

pytestmark = pytest.mark.django_db


def test_no_token_is_recorded_exported_or_logged(game, caplog):
    caplog.set_level(logging.DEBUG)
    tokens = [game.control.token, game.observer.token, *(s.token for s in game.seats.values())]
    # Tokens are also sent where they do not belong, as a careless script might.
    game.seats["beijing"].get(f"/api/games/{game.id}/state/?token={tokens[1]}")
    game.control.get("/api/games/", HTTP_AUTHORIZATION=f"Bearer {tokens[0]}x")
    Playbook(game).play()

    recorded = json.dumps(
        list(Event.objects.filter(game_id=game.id).values()), default=str, ensure_ascii=False
    )
    export = b"".join(game.control.get(f"/api/games/{game.id}/export/").streaming_content).decode()
    logged = caplog.text + "\n".join(str(record.__dict__) for record in caplog.records)
    assert recorded and export and logged
    for token in tokens:
        assert token not in recorded
        assert token not in export
        assert token not in logged


def test_only_hashes_of_tokens_are_stored(game):
    stored = [*Seat.objects.values_list("token_hash", flat=True)]
    stored += [*FacilitatorToken.objects.values_list("token_hash", flat=True)]
    tokens = [game.control.token, game.observer.token, *(s.token for s in game.seats.values())]
    assert all(len(value) == 64 for value in stored)
    assert not set(tokens) & set(stored)
