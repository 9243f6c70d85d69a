"""Snapshots are caches: a rebuild from any snapshots plus the tail equals folding everything,
for the state and for the journal."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.games.helpers import CONTROL, tutorial_game
from wargame import engine
from wargame.games import caches, projections, rebuild, service, store
from wargame.games.models import Snapshot

pytestmark = [pytest.mark.store, pytest.mark.django_db]


def play_a_little(game) -> None:
    """A realistic mix of events: phases, messages, moves, locks, notes."""

    def run(role: str, **command) -> None:
        service.execute(game=game, command=command, actor={"role": role, "name": None})

    run("control", type="start_game")
    run("control", type="add_note", text="opening")
    while rebuild.load_state(game.id)["phase"] != "orders":
        state = rebuild.load_state(game.id)
        if state["phase"] in state["scenario"]["messaging_phases"]:
            run("moscow", type="send_message", to=["pyongyang"], text="a word in private")
            run("beijing", type="send_message", to=["moscow", "washington"], text="three-way")
        run("control", type="advance_phase")
    scenario = rebuild.load_state(game.id)["scenario"]
    for seat in ("beijing", "moscow", "washington"):
        action = scenario["seats"][seat]["actions"][0]
        run(
            seat,
            type="submit_move",
            action=action["id"],
            targets=action["targets"][:1],
            visibility="public",
            rationale=f"{seat} reasons",
        )
        run(seat, type="lock_orders")
    run("control", type="advance_phase", force=True)
    run("control", type="add_note", text="closing")


@pytest.fixture
def events(loaded_scenarios):
    game = tutorial_game("Snapshots")
    play_a_little(game)
    return game, store.read_events(game_id=game.id)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_rebuild_from_any_snapshot_equals_folding_everything(events, data):
    game, log = events
    target = data.draw(st.integers(min_value=1, max_value=len(log)), label="target seq")
    snapshot_at = data.draw(st.integers(min_value=1, max_value=target), label="snapshot seq")
    Snapshot.objects.filter(game=game).delete()
    rebuild.save_snapshot(game.id, engine.fold(None, log[:snapshot_at]))
    caches.clear()

    expected = engine.fold(None, log[:target])
    rebuilt = rebuild.load_state(game.id, at_seq=target)
    assert engine.state_hash(rebuilt) == engine.state_hash(expected)
    assert rebuilt == expected
    # The recorded state hash of the target event is the same state.
    assert log[target - 1]["state_hash"] == engine.state_hash(expected)


def test_deleting_every_snapshot_changes_no_result(events):
    game, log = events
    rebuild.save_snapshot(game.id, engine.fold(None, log[: len(log) // 2]))
    caches.clear()
    with_snapshot = rebuild.load_state(game.id)
    Snapshot.objects.filter(game=game).delete()
    caches.clear()
    assert rebuild.load_state(game.id) == with_snapshot == engine.fold(None, log)


def test_snapshots_of_another_engine_version_are_ignored(events):
    game, log = events
    Snapshot.objects.create(
        game=game, seq=len(log), engine_version="obsolete", state={"seq": len(log)}, state_hash=""
    )
    caches.clear()
    assert rebuild.load_state(game.id) == engine.fold(None, log)


def test_the_service_takes_snapshots_every_n_events(
    loaded_scenarios, settings, django_capture_on_commit_callbacks
):
    settings.WARGAME_SNAPSHOT_EVERY = 5
    game = tutorial_game("Every five")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(12):
            note = {"type": "add_note", "text": f"n{n}"}
            service.execute(game=game, command=note, actor=CONTROL)
    game.refresh_from_db()
    seqs = sorted(Snapshot.objects.filter(game=game).values_list("seq", flat=True))
    assert seqs == list(range(5, game.seq + 1, 5))


def test_a_snapshot_that_fails_leaves_the_command_standing(
    loaded_scenarios, settings, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    """A snapshot is a cache: when taking one fails, the committed command is still answered
    as done, and the next command goes on."""
    settings.WARGAME_SNAPSHOT_EVERY = 2
    game = tutorial_game("Snapshots fail")

    def broken(game_id, state):
        raise RuntimeError("disk full")

    monkeypatch.setattr(rebuild, "save_snapshot", broken)
    with django_capture_on_commit_callbacks(execute=True):
        first = service.execute(game=game, command={"type": "add_note", "text": "a"}, actor=CONTROL)
        second = service.execute(
            game=game, command={"type": "add_note", "text": "b"}, actor=CONTROL
        )
    assert second.seq == first.seq + 1
    assert "disk full" in caplog.text
    assert not Snapshot.objects.filter(game=game).exists()


def folded_journal(log: list[dict]) -> list[dict]:
    journal: list[dict] = []
    engine.fold(None, log, journal=journal)
    return journal


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_journal_from_any_snapshots_equals_folding_everything(events, data):
    """Snapshots taken at any seqs, in any order, some of them deleted afterwards: the journal
    and every role's view at any seq are those of a fold of the whole log."""
    game, log = events
    Snapshot.objects.filter(game=game).delete()
    seqs = data.draw(st.lists(st.integers(1, len(log)), max_size=6, unique=True), label="snaps")
    for seq in seqs:
        rebuild.save_snapshot(game.id, engine.fold(None, log[:seq]))
    dropped = data.draw(st.lists(st.sampled_from(seqs), unique=True) if seqs else st.just([]))
    Snapshot.objects.filter(game=game, seq__in=dropped).delete()
    target = data.draw(st.integers(min_value=1, max_value=len(log)), label="target seq")
    role = data.draw(st.sampled_from(["control", "observer", "moscow", "washington"]))
    caches.clear()

    expected = folded_journal(log[:target])
    journal = rebuild.load_journal(game.id, target)
    assert [entry for entry in journal if entry["seq"] <= target] == expected
    shown = projections.role_view(game.id, role, at_seq=target).view
    assert shown == engine.view(engine.fold(None, log[:target]), role, expected)


def test_the_journal_follows_commands_made_in_this_process(
    events, django_capture_on_commit_callbacks
):
    """Once loaded, a game's journal is extended by each command, never rebuilt."""
    game, _ = events
    game.refresh_from_db()
    caches.clear()
    rebuild.load_state(game.id)
    rebuild.load_journal(game.id, game.seq)
    held = caches.journals.get(game.id)
    with django_capture_on_commit_callbacks(execute=True):
        service.execute(game=game, command={"type": "add_note", "text": "later"}, actor=CONTROL)
    game.refresh_from_db()
    assert caches.journals.get(game.id) is held and held.seq == game.seq
    assert held.entries == folded_journal(store.read_events(game_id=game.id))
    view = projections.cached_role_view(game.id, "control", min_seq=game.seq)
    assert view is not None and view.view["notes"][-1]["text"] == "later"


def test_a_snapshot_does_not_grow_with_the_journal(
    loaded_scenarios, settings, django_capture_on_commit_callbacks
):
    """Messages and notes go to the journal, not the state: the state a rebuild decodes is as
    small after many of them as after a few."""
    settings.WARGAME_SNAPSHOT_EVERY = 100
    game = tutorial_game("Talkative")
    with django_capture_on_commit_callbacks(execute=True):
        service.execute(game=game, command={"type": "start_game"}, actor=CONTROL)
        for n in range(500):
            note = {"type": "add_note", "text": f"note {n} " + "x" * 200}
            service.execute(game=game, command=note, actor=CONTROL)
    sizes = [
        len(engine.canonical_json(snapshot.state))
        for snapshot in Snapshot.objects.filter(game=game).order_by("seq")
    ]
    assert len(sizes) == 5
    assert max(sizes) - min(sizes) < 50, sizes  # a few digits of counters, not 400 notes
    segments = Snapshot.objects.filter(game=game).order_by("seq").values_list("journal", flat=True)
    assert [len(segment) for segment in segments][1:] == [200, 200, 200, 200]  # note + timeline


def test_the_journal_keeps_step_with_the_state_through_private_reads(events):
    """A command's private read folds events this process had not seen; the journal takes
    them then, and the next shared read still brings both to the head, so the sockets' views
    are built from memory."""
    game, _ = events
    game.refresh_from_db()
    caches.clear()
    rebuild.load_journal(game.id, rebuild.load_state(game.id)["seq"])
    note = {"type": "add_note", "text": "from elsewhere"}
    # Appended with no commit callbacks run, as by another process: nothing here hears of it.
    service.execute(game=game, command=note, actor=CONTROL)
    rebuild.load_state(game.id, private=True)  # a command deciding on the newer state
    service.execute(game=game, command=note, actor=CONTROL)
    head = rebuild.load_state(game.id)
    game.refresh_from_db()
    assert head["seq"] == game.seq
    view = projections.cached_role_view(game.id, "control", min_seq=game.seq)
    assert view is not None
    assert (
        view.view["timeline"]
        == engine.view(head, "control", folded_journal(store.read_events(game_id=game.id)))[
            "timeline"
        ]
    )


def test_the_view_cache_is_bounded_by_bytes_as_well_as_by_count():
    """A long game's views grow with its timeline: the cache evicts by bytes, oldest first."""
    cache = caches.Bounded(size=100, max_bytes=10_000)
    for seq in range(1, 21):
        view = projections.RoleView(seq, "control", "", encoded=b"x" * 500)
        cache.put(("g", seq, "control"), view)
    assert cache.bytes <= 10_000
    assert cache.get(("g", 20, "control")) is not None
    assert cache.get(("g", 1, "control")) is None
    cache.put(("g", 21, "control"), projections.RoleView(21, "control", "", encoded=b"y" * 50_000))
    assert cache.get(("g", 21, "control")) is not None  # the newest stays, however large
