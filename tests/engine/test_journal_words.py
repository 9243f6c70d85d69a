"""The journal records facts, and a view writes the words: no sentence is frozen into the
journal (so into no snapshot), and an entry recorded with its text before keeps showing it."""

from __future__ import annotations

from wargame.engine import CONTROL, EVENT_TYPES
from wargame.engine.words import SENTENCES

from .harness import Game, load


def played() -> Game:
    game = Game(load("tutorial"), seed=4)
    game.ok(CONTROL, type="start_game")
    game.ok(CONTROL, type="pause", reason="coffee")
    game.ok(CONTROL, type="resume")
    game.advance_to("orders")
    move = game.ok("beijing", type="submit_move", action="beijing.trade_squeeze", rationale="r")
    game.advance_to("adjudication")
    game.ok(CONTROL, type="adjudicate", move_id=move[0]["data"]["move_id"], method="roll")
    return game


def test_timeline_entries_hold_facts_and_no_sentence():
    game = played()
    timeline = [entry for entry in game.journal if entry["kind"] == "timeline"]
    assert timeline
    for entry in timeline:
        assert "text" not in entry["item"]
        assert isinstance(entry["item"]["fact"], dict)


def test_the_view_writes_each_sentence_from_the_facts():
    game = played()
    texts = [item["text"] for item in game.view(CONTROL)["timeline"]]
    assert "Game paused: coffee" in texts
    assert any(text.startswith("Beijing submitted move m-") for text in texts), texts
    assert any(text.startswith("Adjudicated (roll): m-") for text in texts), texts
    assert all("fact" not in item for item in game.view("beijing")["timeline"])


def test_an_entry_recorded_with_its_text_shows_that_text():
    game = played()
    for entry in game.journal:
        if entry["kind"] == "timeline" and entry["item"]["type"] == "game_paused":
            del entry["item"]["fact"]
            entry["item"]["text"] = "Game paused (as an older engine wrote it)"
    texts = [item["text"] for item in game.view(CONTROL)["timeline"]]
    assert "Game paused (as an older engine wrote it)" in texts


def test_every_event_type_has_its_sentence():
    assert set(SENTENCES) == set(EVENT_TYPES)
