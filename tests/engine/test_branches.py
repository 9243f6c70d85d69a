"""Branches in the engine: a branch's first event gives its parent's state at the fork, byte for
byte; the second gives it its title and, unless asked to keep them, fresh dice."""

from __future__ import annotations

import pytest

from wargame.engine import (
    CONTROL,
    branch_game,
    create_game,
    decide,
    fold,
    fold_steps,
    project_event,
    state_hash,
    view,
)

from .harness import NOW, Game, load

ANN = {"role": CONTROL, "name": "Ann"}


def played(turns: int = 2) -> Game:
    """A triangle-2024 game of ``turns`` turns: talk, public moves, rolls, forced advances."""
    game = Game(load("triangle-2024"), seed=11)
    game.ok(CONTROL, type="start_game")
    seats = game.seats
    for turn in range(1, turns + 1):
        game.advance_to("diplomacy", turn=turn)
        game.ok(seats[0], type="send_message", to=[seats[1]], text=f"turn {turn}")
        game.advance_to("orders", turn=turn)
        for seat in seats:
            for action in game.state["scenario"]["seats"][seat]["actions"]:
                done = game.do(
                    seat,
                    {
                        "type": "submit_move",
                        "action": action["id"],
                        "targets": action["targets"][:1],
                        "visibility": "public",
                        "rationale": "why",
                    },
                )
                if isinstance(done, list):
                    break
        game.advance_to("adjudication", turn=turn)
        for move in list(game.state["moves"].values()):
            if move["turn"] == turn and move["status"] == "announced" and not move["outcome"]:
                game.ok(CONTROL, type="adjudicate", move_id=move["id"], method="roll")
        game.ok(CONTROL, type="add_note", text=f"hotwash {turn}")
    return game


def branch_at(game: Game, seq: int, *, seed: int | None = 99) -> list[dict]:
    journal: list[dict] = []
    state = fold(None, game.events[:seq], journal=journal)
    parent = {
        "game": "parent-id",
        "title": "Parent",
        "seq": seq,
        "hash": "a" * 64,
        "state_hash": game.hashes[seq - 1],
    }
    drafts = branch_game(
        state, journal, parent=parent, title="What if", seed=seed, actor={"name": "Ann"}, now=NOW
    )
    return [{**draft, "seq": seq + offset} for offset, draft in enumerate(drafts)]


@pytest.fixture(scope="module")
def game() -> Game:
    return played()


def test_a_branch_starts_from_its_parents_state_at_every_seq(game):
    assert len(game.events) > 50
    for seq in range(1, len(game.events) + 1):
        events = branch_at(game, seq)
        first = next(fold_steps(None, events[:1]))
        assert state_hash(first) == game.hashes[seq - 1], seq
        assert first["seq"] == seq


def test_the_branch_takes_its_title_and_fresh_dice_in_its_second_event(game):
    seq = 40
    events = branch_at(game, seq, seed=12345)
    journal: list[dict] = []
    state = fold(None, events, journal=journal)
    assert state["seq"] == seq + 1
    assert state["title"] == "What if"
    assert state["rng"]["seed"] == 12345
    assert state["rng"]["counter"] == fold(None, game.events[:seq])["rng"]["counter"]
    # The timeline holds the parent's history up to the fork, then the branch's start.
    timeline = view(state, CONTROL, journal)["timeline"]
    parents = [item for item in game.view(CONTROL)["timeline"] if item["seq"] <= seq]
    assert timeline[: len(parents)] == parents
    assert [item["text"] for item in timeline[len(parents) :]] == [
        "Branched here from 'Parent' (its seq 40)",
        "What-if 'What if' begins (with fresh dice)",
    ]


def test_keeping_the_dice_keeps_the_parents_stream(game):
    events = branch_at(game, 30, seed=None)
    state = fold(None, events)
    assert state["rng"] == fold(None, game.events[:30])["rng"]
    assert "seed" not in events[1]["data"]


def test_a_branch_plays_on_through_the_same_commands(game):
    events = branch_at(game, len(game.events))
    state = fold(None, events)
    drafts = decide(state, {"type": "add_note", "text": "in the branch"}, actor=ANN, now=NOW)
    assert isinstance(drafts, list)
    after = fold(state, [{**drafts[0], "seq": state["seq"] + 1}])
    assert after["seq"] == len(game.events) + 2
    assert after["title"] == "What if"


def test_no_role_sees_the_carried_state_or_the_new_seed(game):
    events = branch_at(game, 25, seed=424242)
    for role in [CONTROL, "observer", *game.seats]:
        for record_open in (False, True):
            first = project_event(events[0], role, record_open=record_open)
            second = project_event(events[1], role, record_open=record_open)
            assert set(first["data"]) == {"parent", "engine_version"}
            assert "seed" not in second["data"]
            assert "424242" not in str(first) + str(second)


def test_a_branch_cannot_start_from_the_end_or_at_another_seq(game):
    journal: list[dict] = []
    state = fold(None, game.events[:10], journal=journal)
    parent = {"game": "p", "title": "P", "seq": 9, "hash": "a" * 64, "state_hash": "b" * 64}
    with pytest.raises(ValueError, match="not the fork's seq"):
        branch_game(state, journal, parent=parent, title="x", seed=1, actor={}, now=NOW)
    ended = fold(state, game.events[10:])
    ended["status"] = "ended"
    parent = {**parent, "seq": ended["seq"]}
    with pytest.raises(ValueError, match="had ended"):
        branch_game(ended, journal, parent=parent, title="x", seed=1, actor={}, now=NOW)
    with pytest.raises(ValueError, match="title"):
        branch_game(
            state, journal, parent={**parent, "seq": 10}, title=" ", seed=1, actor={}, now=NOW
        )


@pytest.mark.parametrize("seed", [-1, 2**63, 360813699492536588239, 1.0, True])
def test_a_seed_is_a_whole_number_every_store_keeps_exactly(game, seed):
    # Above 2**63 some JSON readers give a float back, and the branch's dice would change.
    journal: list[dict] = []
    state = fold(None, game.events[:10], journal=journal)
    parent = {"game": "p", "title": "P", "seq": 10, "hash": "a" * 64, "state_hash": "b" * 64}
    with pytest.raises(ValueError, match="seed must be"):
        branch_game(state, journal, parent=parent, title="x", seed=seed, actor={}, now=NOW)
    with pytest.raises(ValueError, match="seed must be"):
        create_game(load("triangle-2024"), title="x", seed=seed, actor={}, now=NOW)
    assert branch_game(state, journal, parent=parent, title="x", seed=2**63 - 1, actor={}, now=NOW)


def test_a_first_event_cannot_come_later_in_a_log(game):
    events = branch_at(game, 5)
    with pytest.raises(ValueError, match="can only begin a log"):
        fold(fold(None, game.events[:4]), [dict(events[0], seq=5)])
