"""People in a team: members added and their links issued and revoked by the White Cell, the
member named in what they do, and the last seq a member's page showed."""

from __future__ import annotations

import pytest

from tests.players import Caller
from wargame.games import members as team
from wargame.games.models import Event, Member

pytestmark = pytest.mark.django_db


def add(game, seat: str, name: str) -> tuple[dict, Caller]:
    response = game.control.post(f"/api/games/{game.id}/members/", {"seat": seat, "name": name})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["join_url"].endswith(f"/play/{game.id}/#token={body['token']}")
    return body, Caller(body["token"])


def test_a_member_acts_through_a_link_of_their_own_and_the_event_names_them(game):
    ada, ada_link = add(game, "beijing", "Ada Quill")
    bo, bo_link = add(game, "beijing", "Bo")
    assert ada["id"] != bo["id"] and ada["seat"] == "beijing"
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201

    sent = ada_link.command(
        game.id, {"type": "send_message", "to": ["moscow"], "text": "From Ada"}
    ).json()
    assert sent["events"][0]["actor"] == {
        "role": "beijing",
        "name": None,
        "member": {"id": ada["id"], "name": "Ada Quill"},
    }
    # The shared link of the seat keeps working, and names no member.
    shared = game.seats["beijing"].command(
        game.id, {"type": "send_message", "to": ["moscow"], "text": "From the room"}
    )
    assert shared.status_code == 201
    assert shared.json()["events"][0]["actor"] == {"role": "beijing", "name": None}
    stored = Event.objects.get(game_id=game.id, seq=sent["seq"])
    assert stored.actor_member == {"id": ada["id"], "name": "Ada Quill"}

    # Moscow received the message, but never learns who in Beijing wrote it.
    moscow_events = game.seats["moscow"].get(f"/api/games/{game.id}/events/").content
    assert b"From Ada" in moscow_events and b"Ada Quill" not in moscow_events
    assert ada["id"].encode() not in moscow_events
    own = game.seats["beijing"].get(f"/api/games/{game.id}/events/").json()
    assert any(e["actor"].get("member", {}).get("name") == "Ada Quill" for e in own["events"])

    # The team marks Bo as its lead; the roster says so to the team and the White Cell.
    lead = bo_link.command(game.id, {"type": "choose_lead", "member": bo["id"]})
    assert lead.status_code == 201, lead.content
    listed = game.seats["beijing"].get(f"/api/games/{game.id}/members/").json()
    assert [(m["name"], m["lead"]) for m in listed] == [("Ada Quill", False), ("Bo", True)]
    assert game.seats["moscow"].get(f"/api/games/{game.id}/members/").json() == []
    assert len(game.control.get(f"/api/games/{game.id}/members/").json()) == 2
    me = bo_link.get(f"/api/games/{game.id}/members/me/").json()
    assert me["member"] == {"id": bo["id"], "name": "Bo", "lead": True}
    assert game.seats["beijing"].get(f"/api/games/{game.id}/members/me/").json() == {
        "role": "beijing",
        "member": None,
        "last_seen_seq": None,
    }


def test_a_revoked_link_stops_at_once_and_a_new_one_can_be_issued(game):
    ada, ada_link = add(game, "moscow", "Ada")
    bo, bo_link = add(game, "moscow", "Bo")
    state = f"/api/games/{game.id}/state/"
    assert ada_link.get(state).status_code == 200  # cached now
    response = game.control.request("delete", f"/api/games/{game.id}/members/{ada['id']}/link/")
    assert response.status_code == 204
    refused = ada_link.get(state)
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "not_authenticated"
    assert bo_link.get(state).status_code == 200
    assert game.seats["moscow"].get(state).status_code == 200
    listed = {m["name"]: m for m in game.control.get(f"/api/games/{game.id}/members/").json()}
    assert listed["Ada"]["link_issued_at"] is None and listed["Bo"]["link_issued_at"]

    again = game.control.post(f"/api/games/{game.id}/members/{ada['id']}/link/")
    assert again.status_code == 201
    assert Caller(again.json()["token"]).get(state).status_code == 200
    # Re-issuing ends the link before it.
    newest = game.control.post(f"/api/games/{game.id}/members/{ada['id']}/link/").json()["token"]
    assert Caller(again.json()["token"]).get(state).status_code == 401
    assert Caller(newest).get(state).status_code == 200

    # Taken out of the seat: the link ends too, and the member leaves the roster.
    gone = game.control.request("delete", f"/api/games/{game.id}/members/{bo['id']}/")
    assert gone.status_code == 204
    assert bo_link.get(state).status_code == 401
    names = [m["name"] for m in game.control.get(f"/api/games/{game.id}/members/").json()]
    assert names == ["Ada"]
    assert not Member.objects.filter(member_id=bo["id"]).exists()


def test_bad_requests_are_refused_with_reasons(game):
    path = f"/api/games/{game.id}/members/"
    cases = [
        ({"seat": "atlantis", "name": "Ada"}, 400, "unknown_seat"),
        ({"seat": "beijing"}, 400, "invalid_command"),
        ({"seat": "beijing", "name": "  "}, 400, "invalid_command"),
        ({"seat": "beijing", "name": "x" * 81}, 400, "text_too_long"),
        ({"seat": "beijing", "name": "Ada", "role": "x"}, 400, "invalid_request"),
        ([], 400, "invalid_request"),
    ]
    for body, status, code in cases:
        response = game.control.post(path, body)
        assert response.status_code == status, (body, response.content)
        assert response.json()["error"]["code"] == code, (body, response.content)
        assert response.json()["error"]["message"]
    seat = game.seats["beijing"].post(path, {"seat": "beijing", "name": "Ada"})
    assert seat.status_code == 403
    assert game.observer.get(path).status_code == 403
    for method, tail in (("post", "nobody/link/"), ("delete", "nobody/link/"), ("delete", "x/")):
        response = game.control.request(method, f"{path}{tail}")
        assert response.status_code == 404, (method, tail, response.content)
    ada, ada_link = add(game, "beijing", "Ada")
    # A member of one seat is no member of another, nor may another seat choose her.
    other = game.seats["moscow"].command(game.id, {"type": "choose_lead", "member": ada["id"]})
    assert other.status_code == 422 and other.json()["error"]["code"] == "no_member"
    assert ada_link.post(f"{path}{ada['id']}/link/").status_code == 403


def test_the_last_seq_a_member_saw_only_moves_forward(game):
    ada, ada_link = add(game, "beijing", "Ada")
    team.record_seen(game.id, ada["id"], 5)
    team.record_seen(game.id, ada["id"], 3)
    me = ada_link.get(f"/api/games/{game.id}/members/me/").json()
    assert me["last_seen_seq"] == 5
    listed = game.control.get(f"/api/games/{game.id}/members/").json()
    assert listed[0]["last_seen_seq"] == 5
