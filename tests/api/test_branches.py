"""``POST /api/games/{id}/branches/`` and ``GET /api/games/{id}/family/``: who may branch, the
new game's links, the family tree, and a clear 4xx for every bad request."""

from __future__ import annotations

import pytest

from tests.api.playbook import Playbook
from tests.players import SEATS, Caller, create_game
from wargame.games.models import Event

pytestmark = pytest.mark.django_db


def branch(caller: Caller, game_id: str, body: dict):
    return caller.post(f"/api/games/{game_id}/branches/", body)


@pytest.fixture
def running(game):
    """The tutorial game, started and in its second phase."""
    game.control.command(game.id, {"type": "start_game"})
    game.control.command(game.id, {"type": "advance_phase", "force": True})
    return game


def test_the_white_cell_branches_and_gets_new_links(running):
    at = running.control.get(f"/api/games/{running.id}/").json()["seq"] - 1
    response = branch(running.control, running.id, {"at": at, "title": "What if"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["title"] == "What if"
    assert (body["parent_id"], body["fork_seq"], body["seq"]) == (running.id, at, at + 1)
    assert sorted(seat["role"] for seat in body["seats"]) == sorted(SEATS)
    assert body["observer"]["join_url"].endswith(
        f"/plenary/{body['id']}/#token={body['observer']['token']}"
    )
    # The branch's own seat token plays the branch, not the parent.
    seat = Caller(body["seats"][0]["token"])
    assert seat.get(f"/api/games/{body['id']}/state/").status_code == 200
    assert seat.get(f"/api/games/{running.id}/state/").status_code == 403
    # The parent's control is the branch's too, and its state at the fork is the parent's.
    parent = Event.objects.get(game_id=running.id, seq=at)
    detail = running.control.get(f"/api/games/{body['id']}/").json()
    assert detail["state_hash"] != "" and detail["seq"] == at + 1
    first = Event.objects.get(game_id=body["id"], seq=at)
    assert first.state_hash == parent.state_hash
    # Seqs before the fork are the parent's: a clear 404 saying so.
    early = running.control.get(f"/api/games/{body['id']}/state/?at={at - 1}")
    assert early.status_code == 404 and "begins at seq" in early.json()["error"]["message"]
    at_fork = running.control.get(f"/api/games/{body['id']}/state/?at={at}")
    assert at_fork.status_code == 200
    # The lobby lists it with its parent.
    listed = {g["id"]: g for g in running.control.get("/api/games/").json()}
    assert listed[body["id"]]["parent_id"] == running.id
    assert listed[running.id]["parent_id"] is None


def test_the_family_tree_shows_parent_children_and_grandchildren(running):
    seq = running.control.get(f"/api/games/{running.id}/").json()["seq"]
    one = branch(running.control, running.id, {"at": seq, "title": "One"}).json()
    two = branch(running.control, running.id, {"at": 2, "title": "Two", "keep_dice": True}).json()
    grand = branch(running.control, one["id"], {"at": seq + 1, "title": "Grand"}).json()
    for member in (running.id, one["id"], grand["id"]):
        family = running.control.get(f"/api/games/{member}/family/").json()
        assert family["root"] == running.id and family["game"] == member
        tree = {g["id"]: (g["parent_id"], g["fork_seq"]) for g in family["games"]}
        assert tree == {
            running.id: (None, None),
            one["id"]: (running.id, seq),
            two["id"]: (running.id, 2),
            grand["id"]: (one["id"], seq + 1),
        }
    # A seat of the branch sees only what it may read: its own game.
    seat = Caller(one["seats"][0]["token"])
    family = seat.get(f"/api/games/{one['id']}/family/").json()
    assert [g["id"] for g in family["games"]] == [one["id"]]


def test_seats_may_branch_only_once_the_record_is_open(facilitator):
    handle = create_game(facilitator, "Played")
    seat = handle.seats["beijing"]
    refused = branch(seat, handle.id, {"at": 1, "title": "Mine"})
    assert refused.status_code == 403
    assert "record is open" in refused.json()["error"]["message"]
    Playbook(handle).play()
    allowed = branch(seat, handle.id, {"at": 10, "title": "Mine"})
    assert allowed.status_code == 201, allowed.content
    # Its White Cell is the parent's facilitator.
    assert facilitator.get(f"/api/games/{allowed.json()['id']}/").json()["state_hash"]


def test_another_facilitators_game_cannot_be_branched(running, other_game):
    response = branch(other_game.control, running.id, {"at": 1, "title": "x"})
    assert response.status_code == 403
    assert branch(running.control, "no-such-game", {"at": 1, "title": "x"}).status_code == 404


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ({"at": 0, "title": "x"}, "at:"),
        ({"at": "2", "title": "x"}, "at:"),
        ({"at": 2.0, "title": "x"}, "at:"),
        ({"at": 2, "title": ""}, "title:"),
        ({"at": 2, "title": 5}, "title:"),
        ({"at": 2}, "title:"),
        ({"title": "x"}, "at:"),
        ({"at": 2, "title": "x", "keep_dice": "yes"}, "keep_dice:"),
        ({"at": 2, "title": "x" * 201}, "title:"),
    ],
)
def test_bad_requests_get_a_400_with_the_reason(running, body, says):
    response = branch(running.control, running.id, body)
    assert response.status_code == 400, response.content
    assert says in response.json()["error"]["message"]


def test_a_seq_the_game_does_not_have_is_refused_with_a_422(running):
    response = branch(running.control, running.id, {"at": 99, "title": "x"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "branch_refused"
    assert "'at' must be a seq of the game, from 1 to" in response.json()["error"]["message"]


def test_the_last_seq_of_an_ended_game_cannot_be_branched(facilitator):
    handle = create_game(facilitator, "Played")
    Playbook(handle).play()
    ended = Event.objects.get(game_id=handle.id, type="game_ended").seq
    response = branch(handle.control, handle.id, {"at": ended, "title": "x"})
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "branch_refused"
    assert "had ended" in response.json()["error"]["message"]


def test_the_report_shows_the_game_beside_its_what_ifs_from_the_same_chair(running):
    import base64
    import re

    seq = running.control.get(f"/api/games/{running.id}/").json()["seq"]
    child = branch(running.control, running.id, {"at": seq, "title": "Envoy first"}).json()
    page = running.control.get(f"/api/games/{running.id}/report/?format=html")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Beside its family of what-ifs" in text
    images = [
        base64.b64decode(found).decode()
        for found in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', text)
    ]
    # The comparison's chart among the report's images (its indicators' charts are others).
    assert any(
        svg.startswith("<svg") and "Envoy first" in svg and "API game" in svg for svg in images
    )
    assert "img-src 'self' data:" in page["Content-Security-Policy"]
    markdown = running.control.get(f"/api/games/{child['id']}/report/?format=md").content.decode()
    assert "## Beside its family of what-ifs" in markdown
    assert f"- Envoy first: turn 1, running, a what-if from seq {seq} of API game" in markdown
    # A seat of the parent reads only its own game: no comparison, nothing of the branch.
    seat = running.seats["beijing"].get(f"/api/games/{running.id}/report/?format=html")
    assert "Beside its family" not in seat.content.decode()
    assert "Envoy first" not in seat.content.decode()
