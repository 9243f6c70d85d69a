"""Importing an exported log as a new game: parse, check the chain, copy, refold, compare."""

from __future__ import annotations

import json

from django.db import transaction

from wargame.games import store
from wargame.games.models import Game
from wargame.games.rebuild import load_state, verify_game
from wargame.games.service import summary_of

FIELDS = {
    "seq",
    "type",
    "schema_version",
    "actor",
    "at",
    "data",
    "audience",
    "state_hash",
    "prev_hash",
    "hash",
}


def parse_lines(text: str) -> list[dict]:
    events = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            event = json.loads(line)
        except ValueError:
            raise ValueError(f"line {number} is not JSON") from None
        if not isinstance(event, dict) or not event.keys() >= FIELDS:
            raise ValueError(f"line {number} is not an exported event")
        events.append(event)
    return events


def import_log(text: str) -> Game:
    """A new game holding the exported events; ValueError names what is wrong and where."""
    events = parse_lines(text)
    if not events:
        raise ValueError("the log is empty")
    first = events[0].get("data") or {}
    scenario = first.get("scenario") if isinstance(first.get("scenario"), dict) else {}
    try:
        with transaction.atomic():
            game = Game.objects.create(
                title=str(first.get("title") or "Imported game")[:200],
                scenario=str(scenario.get("slug") or "imported")[:100],
            )
            store.import_events(game=game, events=events)
            game.refresh_from_db()
            fault = verify_game(game)
            if fault is not None:
                raise store.ImportRefused(fault.seq, fault.reason)
            for name, value in summary_of(load_state(game.id)).items():
                setattr(game, name, value)
            game.save(update_fields=["status", "turn", "phase", "replay_open"])
    except store.ImportRefused as refused:
        raise ValueError(str(refused)) from None
    return game
