"""Drafts over the API: two members of Beijing draft, comment, approve and the lead submits,
through the one write path; Moscow never reads a draft, in its state, its events or its
replay at any seq, until the White Cell opens the record."""

from __future__ import annotations

import pytest

from tests.players import Caller

pytestmark = pytest.mark.django_db

SECRET_TEXT = "DRAFT-TEXT-a91c"
SECRET_COMMENT = "DRAFT-COMMENT-b27d"


def _member(game, name: str) -> tuple[str, Caller]:
    response = game.control.post(
        f"/api/games/{game.id}/members/", {"seat": "beijing", "name": name}
    )
    assert response.status_code == 201, response.content
    return response.json()["id"], Caller(response.json()["token"])


def test_two_members_draft_and_the_lead_submits_seen_by_their_team_only(game):
    base = f"/api/games/{game.id}"
    ada_id, ada = _member(game, "Ada")
    _, bo = _member(game, "Bo")
    assert ada.command(game.id, {"type": "choose_lead", "member": ada_id}).status_code == 201
    assert game.control.command(game.id, {"type": "start_game"}).status_code == 201
    policy = {"type": "set_draft_policy", "submitter": "lead"}
    assert ada.command(game.id, policy).status_code == 201
    while game.control.get(f"{base}/").json()["phase"] != "orders":
        game.control.command(game.id, {"type": "advance_phase", "force": True})

    written = bo.command(
        game.id,
        {"type": "draft_move", "action": "beijing.trade_squeeze", "rationale": SECRET_TEXT},
    )
    assert written.status_code == 201, written.content
    draft_id = written.json()["events"][0]["data"]["draft_id"]
    comment = {"type": "comment_draft", "draft_id": draft_id, "text": SECRET_COMMENT}
    assert ada.command(game.id, comment).status_code == 201
    assert ada.command(game.id, {"type": "approve_draft", "draft_id": draft_id}).status_code == 201

    # Bo may not submit: the team chose its lead; the refusal says why.
    refused = bo.command(game.id, {"type": "submit_draft", "draft_id": draft_id})
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "lead_only"
    assert "lead" in refused.json()["error"]["message"]
    # Bad input gets a reason, never a 500.
    for body, status in (
        ({"type": "submit_draft"}, 400),
        ({"type": "submit_draft", "draft_id": 7}, 400),
        ({"type": "approve_draft", "draft_id": "dr-none"}, 400),
        ({"type": "set_draft_policy", "submitter": "everyone"}, 400),
    ):
        response = ada.command(game.id, body)
        assert response.status_code == status, (body, response.content)
        assert response.json()["error"]["message"]

    submitted = ada.command(game.id, {"type": "submit_draft", "draft_id": draft_id})
    assert submitted.status_code == 201, submitted.content
    events = submitted.json()["events"]
    assert [e["type"] for e in events] == ["move_submitted", "draft_submitted"]
    assert events[1]["data"]["move_id"] == events[0]["data"]["move_id"]

    view = game.seats["beijing"].get(f"{base}/state/").json()["view"]
    (draft,) = view["drafts"]
    assert draft["status"] == "submitted"
    assert [c["author"]["name"] for c in draft["comments"]] == ["Ada"]
    assert [a["name"] for a in draft["approvals"]] == ["Ada"]
    control = game.control.get(f"{base}/state/").json()["view"]
    assert control["drafts"][0]["id"] == draft_id

    # Moscow: not in its view, its events, nor in its replay at any seq; nor may it look
    # through Beijing's chair.
    moscow = game.seats["moscow"]
    head = control["seq"]
    assert moscow.get(f"{base}/state/?as=beijing").status_code == 403
    seen = [moscow.get(f"{base}/state/").content, moscow.get(f"{base}/events/").content]
    seen += [moscow.get(f"{base}/state/?at={seq}").content for seq in range(1, head + 1)]
    for raw in seen:
        for secret in (SECRET_TEXT, SECRET_COMMENT, draft_id, '"type":"draft_'):
            assert secret.encode() not in raw, secret
    assert moscow.get(f"{base}/state/").json()["view"]["drafts"] == []

    # Once the game ends and the record opens, the replay shows how Beijing decided.
    assert game.control.command(game.id, {"type": "end_game"}).status_code == 201
    assert game.control.command(game.id, {"type": "open_record"}).status_code == 201
    replay = moscow.get(f"{base}/state/?as=beijing&at={head}")
    assert replay.status_code == 200, replay.content
    assert SECRET_COMMENT in replay.content.decode()
    timeline = [t["text"] for t in replay.json()["view"]["timeline"]]
    assert f"Ada approved draft {draft_id}" in timeline
