"""Members of a team: the roster, the lead, and the member named in what they do, seen only
by their own seat and the White Cell."""

from __future__ import annotations

from wargame.engine import CONTROL, OBSERVER, decide, state_hash

from .harness import NOW, Game, load


def _game() -> tuple[Game, str, str]:
    game = Game(load("tutorial"), seed=11)
    own = "beijing"
    other = next(seat for seat in game.seats if seat != own)
    return game, own, other


def test_members_are_added_removed_and_one_leads() -> None:
    game, own, other = _game()
    ada = game.ok(CONTROL, type="add_member", seat=own, name="Ada")[0]["data"]["member"]
    bo = game.ok(CONTROL, type="add_member", seat=own, name="Bo")[0]["data"]["member"]
    assert ada != bo
    game.ok(own, type="choose_lead", member=bo)
    members = next(s for s in game.view(own)["seats"] if s["role"] == own)["members"]
    assert members == [
        {"id": ada, "name": "Ada", "lead": False},
        {"id": bo, "name": "Bo", "lead": True},
    ]
    game.rejected(own, "already_lead", type="choose_lead", member=bo)
    game.rejected(other, "no_member", type="choose_lead", member=ada)
    game.rejected(own, "forbidden", type="add_member", seat=own, name="Cy")
    game.rejected(CONTROL, "unknown_seat", type="add_member", seat="nowhere", name="Cy")
    game.ok(CONTROL, type="remove_member", member=bo)
    members = next(s for s in game.view(CONTROL)["seats"] if s["role"] == own)["members"]
    assert members == [{"id": ada, "name": "Ada", "lead": False}]
    game.rejected(CONTROL, "no_member", type="remove_member", member=bo)


def test_no_other_seat_sees_the_names_of_a_teams_members() -> None:
    game, own, other = _game()
    game.ok(CONTROL, type="add_member", seat=own, name="Zelda Quist")
    member = game.state["members"]["people"]
    (member_id,) = member
    game.ok(CONTROL, type="start_game")
    game.advance_to("orders")
    action = "beijing.trade_squeeze"
    drafts = decide(
        game.state,
        {"type": "submit_move", "action": action, "rationale": "why"},
        actor={"role": own, "name": None, "member": {"id": member_id, "name": "Zelda Quist"}},
        now=NOW,
    )
    assert not hasattr(drafts, "code"), drafts
    stored = game.append(drafts)
    assert stored[0]["actor"]["member"] == {"id": member_id, "name": "Zelda Quist"}
    assert "Zelda Quist" in game.view_text(own)
    assert "Zelda Quist" in game.view_text(CONTROL)
    for role in (other, OBSERVER):
        assert "Zelda Quist" not in game.view_text(role)
        assert member_id not in game.view_text(role)
        assert all("member" not in e["actor"] for e in game.projected(role))
    own_events = [e for e in game.projected(own) if e["type"] == "move_submitted"]
    assert own_events[0]["actor"]["member"]["name"] == "Zelda Quist"


def test_a_game_without_members_keeps_its_state_hashes() -> None:
    game, own, _ = _game()
    before = state_hash(game.state)
    assert "members" not in game.state
    game.ok(CONTROL, type="add_member", seat=own, name="Ada")
    assert state_hash(game.state) != before
