"""Branches through the game service: the state at the fork, the lineage verify_log checks, and
an exported branch that keeps its lineage checkable."""

from __future__ import annotations

import contextlib
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.api.playbook import Playbook
from tests.players import create_game
from wargame import engine
from wargame.games import caches, rebuild, service, store
from wargame.games.exports import export_lines
from wargame.games.imports import ImportRefused, import_log
from wargame.games.models import Event, Game
from wargame.games.rebuild import verify_game

pytestmark = pytest.mark.django_db

CONTROL = {"role": "control", "name": "White Cell"}


@pytest.fixture
def played(facilitator) -> Game:
    """The tutorial played through the API with every command, ended, its record open."""
    handle = create_game(facilitator, "Played")
    Playbook(handle).play()
    return Game.objects.get(pk=handle.id)


def ended_at(game: Game) -> int:
    return Event.objects.get(game=game, type="game_ended").seq


def test_a_branch_has_its_parents_state_hash_at_the_fork_for_every_seq(played):
    last = ended_at(played) - 1  # the state at game_ended is over: no game to play on
    assert last > 50
    for at in range(1, last + 1):
        caches.clear()  # each branch rebuilds the parent as a new process would
        branch = service.create_branch(parent=played, at=at, title=f"What if {at}")
        first, second = store.read_events(game_id=branch.id)
        parent = Event.objects.get(game=played, seq=at)
        assert first["seq"] == at and first["type"] == "game_branched"
        assert first["state_hash"] == parent.state_hash
        assert first["prev_hash"] == parent.hash
        assert second["seq"] == at + 1 and second["type"] == "branch_started"
        assert (branch.parent_id, branch.fork_seq, branch.seq) == (played.id, at, at + 1)
        assert verify_game(branch) is None


def test_the_branch_plays_on_with_its_own_title_and_dice(played):
    at = ended_at(played) - 1
    fresh = service.create_branch(parent=played, at=at, title="Fresh")
    same = service.create_branch(parent=played, at=at, title="Same", keep_dice=True)
    parent_rng = rebuild.load_state(played.id, at_seq=at)["rng"]
    assert rebuild.load_state(same.id)["rng"] == parent_rng
    fresh_state = rebuild.load_state(fresh.id)
    assert fresh_state["rng"]["seed"] != parent_rng["seed"]
    assert fresh_state["title"] == "Fresh"
    result = service.execute(game=fresh, command={"type": "add_note", "text": "n"}, actor=CONTROL)
    assert result.seq == at + 2
    fresh.refresh_from_db()
    assert verify_game(fresh) is None
    # Snapshots and the journal work from a log that begins at the fork.
    rebuild.save_snapshot(fresh.id, rebuild.load_state(fresh.id))
    caches.clear()
    journal = rebuild.load_journal(fresh.id, fresh.seq)
    assert [e["seq"] for e in journal if e["kind"] == "timeline"][-3:] == [at, at + 1, at + 2]


def test_a_branch_is_refused_outside_the_game_and_after_its_end(played):
    with pytest.raises(service.BranchRefused, match="from 1 to"):
        service.create_branch(parent=played, at=played.seq + 1, title="x")
    with pytest.raises(service.BranchRefused, match="from 1 to"):
        service.create_branch(parent=played, at=0, title="x")
    with pytest.raises(service.BranchRefused, match="had ended"):
        service.create_branch(parent=played, at=ended_at(played), title="x")
    branch = service.create_branch(parent=played, at=20, title="Child")
    with pytest.raises(service.BranchRefused, match="from 20 to 21"):
        service.create_branch(parent=branch, at=19, title="x")
    grandchild = service.create_branch(parent=branch, at=21, title="Grandchild")
    assert verify_game(grandchild) is None


def verify_output(*games: Game) -> str:
    out = io.StringIO()
    with contextlib.suppress(CommandError):
        call_command("verify_log", *(str(g.id) for g in games), stdout=out)
    return out.getvalue()


def test_verify_log_accepts_a_branch_and_says_it_checked_the_lineage(played):
    branch = service.create_branch(parent=played, at=30, title="Branch")
    text = verify_output(branch)
    assert f"{branch.id}: ok" in text
    assert f"a branch of {played.id} at seq 30 (checked against it)" in text


def rechained(lines: list[str], change) -> str:
    """A branch's exported events after ``change(first event)``, every state hash refolded and
    the chain made valid again from the hash the first event names (what anyone can compute),
    with no signature."""
    events = [json.loads(line) for line in lines if not line.startswith('{"signature"')]
    change(events[0])
    for event, state in zip(events, engine.fold_steps(None, events), strict=True):
        event["state_hash"] = engine.state_hash(state)
    out = []
    prev = events[0]["data"]["parent"]["hash"]
    for event in events:
        event["prev_hash"] = prev
        event["hash"] = prev = store.event_hash(prev, store.chain_record(event))
        out.append(json.dumps(event))
    return "\n".join(out) + "\n"


def test_an_exported_branch_imports_with_its_lineage_checkable(played, facilitator):
    branch = service.create_branch(parent=played, at=30, title="Branch")
    service.execute(game=branch, command={"type": "add_note", "text": "n"}, actor=CONTROL)
    branch.refresh_from_db()
    copy = import_log("".join(export_lines(branch)))
    assert (copy.parent_id, copy.fork_seq, copy.title) == (played.id, 30, "Branch")
    assert copy.seq == branch.seq and copy.head_hash == branch.head_hash
    assert verify_game(copy) is None
    assert "(checked against it)" in verify_output(copy)


def forge_parent_hash(event: dict) -> None:
    event["data"]["parent"]["hash"] = "1" * 64


def forge_carried_state(event: dict) -> None:
    """Another state at the fork, its hash named as the parent's: only the parent can tell."""
    state = event["data"]["state"]
    first = next(iter(state["indicators"].values()))
    first["value"] += 1
    event["data"]["parent"]["state_hash"] = engine.state_hash(state)


def forge_state_only(event: dict) -> None:
    state = event["data"]["state"]
    next(iter(state["indicators"].values()))["value"] += 1


@pytest.mark.parametrize(
    ("forge", "reason"),
    [
        (forge_parent_hash, "has another event hash at seq 30"),
        (forge_carried_state, "has another state hash at seq 30"),
        (forge_state_only, "the state the branch starts from is not the parent's at the fork"),
    ],
)
def test_a_tampered_lineage_is_caught(played, forge, reason):
    branch = service.create_branch(parent=played, at=30, title="Branch")
    text = rechained(list(export_lines(branch)), forge)
    with pytest.raises(ImportRefused, match=reason):
        import_log(text, unverified=True)
    # verify_log reports the same of a log stored as it is (here copied in by the store).
    events = [json.loads(line) for line in text.splitlines()]
    game = Game.objects.create(title="Forged", scenario="tutorial", parent_id=played.id)
    game.fork_seq = 30
    game.save()
    store.import_events(game=game, events=events)
    game.refresh_from_db()
    assert f"FAULT at seq 30: {verify_game(game).reason}" in verify_output(game)
    assert reason in verify_game(game).reason
