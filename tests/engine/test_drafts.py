"""Drafts inside a team: members draft a move or a message, comment, approve, revise and
withdraw; the lead (or any member, as the team chooses) submits it as the real command."""

from __future__ import annotations

from typing import Any

from wargame.engine import CONTROL, OBSERVER, Rejection, canonical_json, decide, state_hash

from .harness import NOW, Game, load

OWN = "beijing"
OTHER = "moscow"
ACTION = "beijing.trade_squeeze"


class Team:
    """A game whose Beijing has three members: Ada (the lead), Bo and Cy."""

    def __init__(self) -> None:
        self.game = Game(load("tutorial"), seed=5)
        self.ids: dict[str, str] = {}
        for name in ("Ada", "Bo", "Cy"):
            added = self.game.ok(CONTROL, type="add_member", seat=OWN, name=name)
            self.ids[name] = added[0]["data"]["member"]
        self.game.ok(CONTROL, type="choose_lead", member=self.ids["Ada"])
        self.game.ok(CONTROL, type="start_game")

    def actor(self, name: str | None) -> dict[str, Any]:
        if name is None:  # the seat's shared link
            return {"role": OWN, "name": None}
        return {"role": OWN, "name": None, "member": {"id": self.ids[name], "name": name}}

    def decide(self, name: str | None, **command: Any) -> Any:
        assert self.game.state is not None
        return decide(self.game.state, command, actor=self.actor(name), now=NOW)

    def ok(self, name: str | None, **command: Any) -> list[dict[str, Any]]:
        result = self.decide(name, **command)
        assert not isinstance(result, Rejection), (name, command, result)
        return self.game.append(result)

    def rejected(self, name: str | None, code: str, **command: Any) -> Rejection:
        result = self.decide(name, **command)
        assert isinstance(result, Rejection), (name, command, result)
        assert result.code == code, result
        return result

    def drafts(self, role: str = OWN) -> list[dict[str, Any]]:
        shown: list[dict[str, Any]] = self.game.view(role)["drafts"]
        return shown


def _move(**more: Any) -> dict[str, Any]:
    return {"type": "draft_move", "action": ACTION, "rationale": "press them", **more}


def test_a_draft_is_discussed_approved_and_submitted_as_the_real_move() -> None:
    team = Team()
    team.game.advance_to("diplomacy")
    draft_id = team.ok("Bo", **_move())[0]["data"]["draft_id"]
    team.ok("Cy", type="comment_draft", draft_id=draft_id, text="too soon?")
    team.ok("Ada", type="approve_draft", draft_id=draft_id)
    team.rejected("Ada", "already_approved", type="approve_draft", draft_id=draft_id)
    team.rejected("Bo", "own_draft", type="approve_draft", draft_id=draft_id)
    (draft,) = team.drafts()
    assert draft["author"] == {"member": team.ids["Bo"], "name": "Bo"}
    assert [c["text"] for c in draft["comments"]] == ["too soon?"]
    assert [a["name"] for a in draft["approvals"]] == ["Ada"]
    assert draft["blocked"] == "a move can be submitted only in the orders phase"
    # Not yet the orders phase: the real command refuses it in its own words.
    team.rejected("Ada", "wrong_phase", type="submit_draft", draft_id=draft_id)

    team.game.advance_to("orders")
    assert team.drafts()[0]["blocked"] is None
    events = team.ok("Ada", type="submit_draft", draft_id=draft_id)
    assert [e["type"] for e in events] == ["move_submitted", "draft_submitted"]
    move_id = events[0]["data"]["move_id"]
    assert events[1]["data"]["move_id"] == move_id
    assert events[0]["data"]["rationale"] == "press them"
    assert events[0]["actor"]["member"]["name"] == "Ada"
    (draft,) = team.drafts()
    assert draft["status"] == "submitted"
    assert draft["result"]["move_id"] == move_id
    assert draft["result"]["by"]["name"] == "Ada"
    assert team.game.view(OWN)["moves"][0]["id"] == move_id
    team.rejected("Ada", "draft_closed", type="submit_draft", draft_id=draft_id)
    team.rejected("Ada", "draft_closed", type="approve_draft", draft_id=draft_id)


def test_only_the_lead_submits_and_locks_once_the_team_chooses_so() -> None:
    team = Team()
    team.game.advance_to("orders")
    draft_id = team.ok("Bo", **_move())[0]["data"]["draft_id"]
    # Any member may by default.
    assert team.game.view(OWN)["draft_policy"] == {OWN: "any"}
    team.rejected("Bo", "lead_only", type="set_draft_policy", submitter="lead")
    team.ok("Ada", type="set_draft_policy", submitter="lead")
    team.rejected("Ada", "policy_unchanged", type="set_draft_policy", submitter="lead")
    assert team.game.view(OWN)["draft_policy"] == {OWN: "lead"}
    assert team.game.view(CONTROL)["draft_policy"][OWN] == "lead"
    for command in (
        {"type": "submit_draft", "draft_id": draft_id},
        {"type": "submit_move", "action": ACTION, "rationale": "r"},
        {"type": "lock_orders"},
        {"type": "send_message", "to": [OTHER], "text": "hi"},
    ):
        refused = team.rejected("Bo", "lead_only", **command)
        assert refused.kind == "forbidden"
        assert "lead" in refused.message
    # The lead may; and the seat's shared link acts for the whole team.
    team.ok("Ada", type="submit_draft", draft_id=draft_id)
    team.ok(None, type="lock_orders")
    # The White Cell sets a team's rule too (it must name the team).
    team.game.rejected(CONTROL, "invalid_command", type="set_draft_policy", submitter="any")
    team.game.ok(CONTROL, type="set_draft_policy", submitter="any", seat=OWN)
    assert team.game.view(OWN)["draft_policy"] == {OWN: "any"}
    team.game.rejected(OTHER, "no_lead", type="set_draft_policy", submitter="lead")
    team.rejected("Ada", "invalid_command", type="set_draft_policy", submitter="some")


def test_a_lead_removed_leaves_a_lead_only_team_to_its_shared_link() -> None:
    team = Team()
    team.game.advance_to("orders")
    team.ok("Ada", type="set_draft_policy", submitter="lead")
    team.game.ok(CONTROL, type="remove_member", member=team.ids["Ada"])
    refused = team.rejected("Bo", "lead_only", type="lock_orders")
    assert "no lead" in refused.message
    team.ok(None, type="lock_orders")


def test_revisions_keep_the_history_and_ask_for_approval_again() -> None:
    team = Team()
    team.game.advance_to("diplomacy")
    draft_id = team.ok("Bo", type="draft_message", to=[OTHER], text="first words")[0]["data"][
        "draft_id"
    ]
    team.ok("Cy", type="approve_draft", draft_id=draft_id)
    team.rejected("Cy", "not_author", type="draft_message", to=[OTHER], text="x", draft_id=draft_id)
    team.rejected("Bo", "wrong_draft_kind", **_move(draft_id=draft_id))
    team.ok("Bo", type="draft_message", to=[OTHER], text="better words", draft_id=draft_id)
    (draft,) = team.drafts()
    assert draft["revision"] == 2
    assert [r["content"]["text"] for r in draft["revisions"]] == ["first words", "better words"]
    assert draft["content"]["text"] == "better words"
    assert draft["approvals"] == []
    team.ok("Cy", type="approve_draft", draft_id=draft_id)
    team.ok("Cy", type="withdraw_approval", draft_id=draft_id)
    team.rejected("Cy", "not_approved", type="withdraw_approval", draft_id=draft_id)
    # A message draft is sent as the real message, to its recipients.
    events = team.ok("Cy", type="submit_draft", draft_id=draft_id)
    assert [e["type"] for e in events] == ["message_sent", "draft_submitted"]
    assert events[0]["data"]["text"] == "better words"
    assert [m["text"] for m in team.game.view(OTHER)["messages"]] == ["better words"]


def test_the_author_withdraws_a_draft_and_it_stays_in_the_record() -> None:
    team = Team()
    draft_id = team.ok("Bo", **_move())[0]["data"]["draft_id"]
    team.rejected("Cy", "not_author", type="withdraw_draft", draft_id=draft_id)
    team.ok("Bo", type="withdraw_draft", draft_id=draft_id)
    team.rejected("Bo", "draft_closed", type="withdraw_draft", draft_id=draft_id)
    team.rejected("Bo", "draft_closed", **_move(draft_id=draft_id))
    (draft,) = team.drafts()
    assert draft["status"] == "withdrawn"
    assert draft["blocked"] is None
    # Comments still come, for the record of how the team decided.
    team.ok("Cy", type="comment_draft", draft_id=draft_id, text="good call")


def test_a_move_draft_of_a_past_orders_phase_is_stale_until_revised() -> None:
    team = Team()
    team.game.advance_to("orders")
    draft_id = team.ok("Bo", **_move())[0]["data"]["draft_id"]
    team.game.advance_to("adjudication")
    (draft,) = team.drafts()
    assert draft["stale"] is True
    assert "revise it" in draft["blocked"]
    team.rejected("Ada", "stale_draft", type="submit_draft", draft_id=draft_id)
    team.game.advance_to("orders", turn=2)
    team.rejected("Ada", "stale_draft", type="submit_draft", draft_id=draft_id)
    team.ok("Bo", **_move(draft_id=draft_id, rationale="still right"))
    (draft,) = team.drafts()
    assert (draft["stale"], draft["turn"], draft["blocked"]) == (False, 2, None)
    events = team.ok("Ada", type="submit_draft", draft_id=draft_id)
    assert events[0]["data"]["turn"] == 2


def test_a_move_drafted_after_the_orders_is_for_the_next_turns_orders() -> None:
    team = Team()
    team.game.advance_to("results")
    draft_id = team.ok("Bo", **_move())[0]["data"]["draft_id"]
    (draft,) = team.drafts()
    assert (draft["turn"], draft["for_turn"], draft["stale"]) == (1, 2, False)
    assert draft["blocked"] == "a move can be submitted only in the orders phase"
    team.game.advance_to("orders", turn=2)
    events = team.ok("Ada", type="submit_draft", draft_id=draft_id)
    assert events[0]["data"]["turn"] == 2


def test_a_move_drafted_before_the_start_is_for_the_first_orders() -> None:
    game = Game(load("tutorial"), seed=5)
    draft_id = game.ok(OWN, **_move())[0]["data"]["draft_id"]
    assert game.view(OWN)["drafts"][0]["for_turn"] == 1
    game.ok(CONTROL, type="start_game")
    game.advance_to("orders")
    assert game.view(OWN)["drafts"][0]["stale"] is False
    game.ok(OWN, type="submit_draft", draft_id=draft_id)


def test_the_real_command_refuses_a_draft_in_its_own_words() -> None:
    team = Team()
    team.game.advance_to("orders")
    quota = team.game.state["scenario"]["move_quota"]  # type: ignore[index]
    ids = [team.ok("Bo", **_move())[0]["data"]["draft_id"] for _ in range(quota + 1)]
    for draft_id in ids[:quota]:
        team.ok("Ada", type="submit_draft", draft_id=draft_id)
    team.rejected("Ada", "quota_exhausted", type="submit_draft", draft_id=ids[-1])
    assert team.drafts()[-1]["status"] == "open"


def test_drafts_are_checked_when_written() -> None:
    team = Team()
    team.rejected("Bo", "unknown_action", **_move(action="moscow.gas_cutoff"))
    team.rejected("Bo", "invalid_command", type="draft_move", action="free", rationale="r")
    team.rejected("Bo", "unknown_seat", type="draft_message", to=["atlantis"], text="x")
    team.rejected("Bo", "unknown_draft", type="comment_draft", draft_id="dr-nope", text="x")
    team.game.rejected(CONTROL, "forbidden", **_move())
    team.game.rejected(OBSERVER, "forbidden", type="comment_draft", draft_id="dr-1", text="x")


def test_no_other_seat_sees_a_draft_or_its_comments() -> None:
    team = Team()
    team.game.advance_to("orders")
    draft_id = team.ok("Bo", **_move(rationale="DRAFT-RATIONALE#"))[0]["data"]["draft_id"]
    team.ok("Cy", type="comment_draft", draft_id=draft_id, text="DRAFT-COMMENT#")
    team.ok("Ada", type="approve_draft", draft_id=draft_id)
    team.ok("Bo", type="draft_message", to=[OTHER], text="DRAFT-MESSAGE#")
    # Another seat cannot even name the draft.
    team.game.rejected(OTHER, "unknown_draft", type="comment_draft", draft_id=draft_id, text="x")
    for role in (OWN, CONTROL):
        text = team.game.view_text(role)
        for marker in ("DRAFT-RATIONALE#", "DRAFT-COMMENT#", "DRAFT-MESSAGE#"):
            assert marker in text, (role, marker)
    assert any(e["type"] == "draft_commented" for e in team.game.projected(OWN))
    for role in (OTHER, OBSERVER):
        text = team.game.view_text(role)
        projected = canonical_json(team.game.projected(role)).decode()
        for marker in ("DRAFT-RATIONALE#", "DRAFT-COMMENT#", "DRAFT-MESSAGE#", draft_id):
            assert marker not in text, (role, marker)
            assert marker not in projected, (role, marker)
        assert team.game.view(role)["drafts"] == []
        assert not any(e["type"].startswith("draft_") for e in team.game.projected(role))
    # Once the record is open, everyone sees how the team decided.
    team.game.ok(CONTROL, type="end_game")
    team.game.ok(CONTROL, type="open_record")
    assert "DRAFT-COMMENT#" in team.game.view_text(OTHER)
    assert any(e["type"] == "draft_commented" for e in team.game.projected(OTHER))


def test_the_timeline_of_the_team_tells_the_drafts_story() -> None:
    team = Team()
    team.game.advance_to("orders")
    draft_id = team.ok("Bo", **_move())[0]["data"]["draft_id"]
    team.ok("Ada", type="approve_draft", draft_id=draft_id)
    team.ok("Ada", type="submit_draft", draft_id=draft_id)
    texts = [item["text"] for item in team.game.view(OWN)["timeline"]]
    assert f"Bo drafted a move ({draft_id})" in texts
    assert f"Ada approved draft {draft_id}" in texts
    assert any(t.startswith(f"Ada submitted draft {draft_id} as move ") for t in texts)
    assert not any(draft_id in item["text"] for item in team.game.view(OTHER)["timeline"])


def test_a_game_without_drafts_keeps_its_state_hashes() -> None:
    team = Team()
    assert team.game.state is not None
    assert "drafts" not in team.game.state
    before = state_hash(team.game.state)
    team.ok("Bo", **_move())
    assert state_hash(team.game.state) != before
    assert "drafts" in team.game.state
