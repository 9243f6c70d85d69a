"""Every command type through the API, in a whole game of the tutorial."""

from __future__ import annotations

import pytest

from tests.api.playbook import Playbook
from wargame import engine

pytestmark = pytest.mark.django_db


def test_a_whole_game_uses_every_command_type(game):
    playbook = Playbook(game)
    playbook.play()
    assert playbook.commands_sent == set(engine.COMMAND_TYPES)
    summary = game.control.get(f"/api/games/{game.id}/").json()
    assert summary["status"] == "ended"
    view = game.control.get(f"/api/games/{game.id}/state/").json()["view"]
    assert view["scores"]


def test_a_command_answers_with_the_events_it_appended(game):
    body = game.control.command(game.id, {"type": "start_game"}).json()
    events = body["events"]
    assert events and events[-1]["seq"] == body["seq"]
    assert events[0]["type"] == "game_started"
    for event in events:
        assert set(event) == {"seq", "type", "actor", "at", "data"}
        assert event["actor"]["role"] == "control"


def test_a_seat_may_name_who_in_the_team_acted(game):
    game.control.command(game.id, {"type": "start_game"})
    while game.control.get(f"/api/games/{game.id}/").json()["phase"] != "diplomacy":
        game.control.command(game.id, {"type": "advance_phase"})
    body = (
        game.seats["moscow"]
        .command(
            game.id,
            {"type": "send_message", "to": ["pyongyang"], "text": "hi", "display_name": "Olga"},
        )
        .json()
    )
    assert body["events"][0]["actor"] == {"role": "moscow", "name": "Olga"}


def state(caller, path: str) -> dict:
    """A /state/ body without its server_time, which says when it was sent, not what."""
    body = caller.get(path).json()
    assert body.pop("server_time")
    return body


def test_state_at_an_earlier_seq_is_what_the_role_saw_then(game):
    before = state(game.observer, f"/api/games/{game.id}/state/")
    game.control.command(game.id, {"type": "start_game"})
    then = state(game.observer, f"/api/games/{game.id}/state/?at={before['seq']}")
    assert then == before
    # A seq the game has not reached is not found; 0 is no seq at all.
    assert game.observer.get(f"/api/games/{game.id}/state/?at=999").status_code == 404
    assert game.observer.get(f"/api/games/{game.id}/state/?at=0").status_code == 400
    assert game.observer.get(f"/api/games/{game.id}/state/?at=abc").status_code == 400


def test_control_may_view_as_another_role_and_a_seat_may_not(game):
    as_observer = state(game.control, f"/api/games/{game.id}/state/?as=observer")
    assert as_observer == state(game.observer, f"/api/games/{game.id}/state/")
    assert game.seats["moscow"].get(f"/api/games/{game.id}/state/?as=beijing").status_code == 403
    assert game.control.get(f"/api/games/{game.id}/state/?as=atlantis").status_code == 404


def test_events_page_after_a_seq(game):
    game.control.command(game.id, {"type": "start_game"})
    everything = game.control.get(f"/api/games/{game.id}/events/").json()
    seqs = [e["seq"] for e in everything["events"]]
    assert seqs == sorted(seqs) and seqs[0] == 1
    later = game.control.get(f"/api/games/{game.id}/events/?after={seqs[1]}").json()
    assert [e["seq"] for e in later["events"]] == seqs[2:]
    assert everything["next_after"] is None and everything["seq"] == seqs[-1]


def test_export_is_json_lines_of_the_whole_log_once_the_game_has_ended(game):
    import json

    game.control.command(game.id, {"type": "start_game"})
    running = game.control.get(f"/api/games/{game.id}/export/")
    assert running.status_code == 422
    assert running.json()["error"]["code"] == "game_not_ended"
    game.control.command(game.id, {"type": "end_game"})
    response = game.control.get(f"/api/games/{game.id}/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/jsonl"
    *lines, signature = b"".join(response.streaming_content).decode().splitlines()
    head = game.control.get(f"/api/games/{game.id}/").json()
    assert head["status"] == "ended" and len(lines) == head["seq"]
    assert [json.loads(line)["seq"] for line in lines] == list(range(1, head["seq"] + 1))
    assert json.loads(lines[-1])["state_hash"] == head["state_hash"]
    # The last line signs the head of the chain with the server's key (docs/protocol.md).
    signed = json.loads(signature)["signature"]
    assert signed["head_hash"] == head["head_hash"] == json.loads(lines[-1])["hash"]
    assert signed["seq"] == head["seq"] and signed["game_id"] == game.id
