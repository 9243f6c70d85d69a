"""The event store: optimistic appends, idempotency, the hash chain and the append-only guard."""

from __future__ import annotations

import asyncio

import pytest
from django.db import DatabaseError, connection, transaction

from tests.games.helpers import CONTROL, note, tutorial_game
from wargame.games import store
from wargame.games.guard import install_guard, remove_guard
from wargame.games.models import Event

pytestmark = [pytest.mark.store, pytest.mark.django_db]


@pytest.fixture
def game(loaded_scenarios):
    return tutorial_game()


def test_appends_run_in_seq_order_and_chain(game):
    start = game.seq
    for n in range(5):
        note(game, f"note {n}")
    events = store.read_events(game_id=game.id)
    assert [e["seq"] for e in events] == list(range(1, start + 6))
    assert store.first_broken_link(events) is None
    game.refresh_from_db()
    assert game.seq == start + 5 and game.head_hash == events[-1]["hash"]


def test_stale_seq_is_refused_with_the_current_seq(game):
    draft = {"type": "note_added", "data": {"text": "x"}, "audience": "all", "actor": CONTROL}
    with pytest.raises(store.StaleSeq) as caught:
        store.append(game_id=game.id, expected_seq=game.seq - 1, drafts=[draft])
    assert caught.value.current_seq == game.seq
    assert Event.objects.filter(game=game).count() == game.seq


def test_expected_seq_that_moved_is_a_conflict_not_a_retry(game):
    before = game.seq
    note(game, "someone else got there first")
    with pytest.raises(store.StaleSeq):
        note(game, "based on an old picture", expected_seq=before)


def test_repeated_idempotency_key_returns_the_first_result_and_appends_nothing(game):
    first = note(game, "once", idempotency_key="key-1")
    again = note(game, "once", idempotency_key="key-1")
    assert again.replayed and not first.replayed
    assert [e["hash"] for e in again.events] == [e["hash"] for e in first.events]
    assert Event.objects.filter(game=game).count() == first.seq


def test_a_batch_is_atomic(game):
    good = {"type": "note_added", "data": {"text": "x"}, "audience": "all", "actor": CONTROL}
    bad = {**good, "data": {"not json": object()}}
    with pytest.raises(TypeError):
        store.append(game_id=game.id, expected_seq=game.seq, drafts=[good, bad])
    assert Event.objects.filter(game=game).count() == game.seq


def test_raw_sql_cannot_change_or_remove_events(game):
    statements = ["UPDATE games_event SET type = 'forged'", "DELETE FROM games_event"]
    if connection.vendor == "postgresql":
        # Run the test's pending foreign-key checks first, or PostgreSQL refuses any TRUNCATE.
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        statements.append("TRUNCATE games_event CASCADE")
    for sql in statements:
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert Event.objects.filter(game=game).count() == game.seq


def test_tampered_row_is_reported_at_its_seq(game, capsys):
    from django.core.management import CommandError, call_command

    for n in range(4):
        note(game, f"note {n}")
    target = game.seq + 2
    remove_guard(connection)
    try:
        Event.objects.filter(game=game, seq=target).update(data={"text": "forged"})
    finally:
        install_guard(connection)
    with pytest.raises(CommandError) as caught:
        call_command("verify_log", str(game.id))
    assert caught.value.returncode == 1
    assert f"FAULT at seq {target}" in capsys.readouterr().out


def test_verify_log_passes_a_sound_log(game, capsys):
    from django.core.management import call_command

    note(game, "fine")
    call_command("verify_log", str(game.id))
    assert f"{game.id}: ok" in capsys.readouterr().out


def test_verify_log_rejects_an_unknown_game():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="no such game"):
        call_command("verify_log", "not-a-game")


class HeardSocket:
    """A socket of the game as live/watch.py sees one: what reaches it is queued."""

    def __init__(self) -> None:
        self.heard: asyncio.Queue = asyncio.Queue()

    def hint(self, seq: int) -> None:
        self.heard.put_nowait(seq)

    def group_message(self, message: dict) -> None:
        self.heard.put_nowait(message)


def test_announces_the_new_seq_to_the_game_s_sockets_after_commit(
    game, django_capture_on_commit_callbacks, settings, monkeypatch
):
    """A process's sockets of the game hear the new seq after the commit, not before: through
    Redis when it is the layer, handed straight to this process's member on the in-memory one."""
    from asgiref.sync import async_to_sync, sync_to_async
    from channels.layers import get_channel_layer

    from wargame.live import watch

    # No tick of the head poller within the test: what the socket hears is the announcement.
    settings.WARGAME_HEARTBEAT_SECONDS = 600
    monkeypatch.setattr(watch, "WATCH_SECONDS", 300)

    async def heard(socket: HeardSocket, timeout: float) -> object:
        try:
            return await asyncio.wait_for(socket.heard.get(), timeout)
        except TimeoutError:
            return None

    def command_in_a_transaction():
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            result = note(game, "tell everyone")
        return result, callbacks

    async def scenario():
        # One event loop throughout: the Redis layer binds its queues to the loop that made them.
        socket = HeardSocket()
        await watch.join(str(game.id), socket, get_channel_layer())
        try:
            result, callbacks = await sync_to_async(command_in_a_transaction)()
            before_commit = await heard(socket, 0.2)
            for callback in callbacks:
                await sync_to_async(callback)()
            return result, before_commit, await heard(socket, 5)
        finally:
            await watch.leave(str(game.id), socket)

    result, before_commit, seq = async_to_sync(scenario)()
    assert before_commit is None  # nothing is announced before the commit
    assert seq == result.seq


def test_an_idempotency_key_is_scoped_to_its_caller(game):
    first = note(game, "by one caller", idempotency_key="shared", caller="token:a")
    other = note(game, "by another", idempotency_key="shared", caller="token:b")
    assert not other.replayed and other.seq == first.seq + 1
    again = note(game, "by one caller", idempotency_key="shared", caller="token:a")
    assert again.replayed and again.seq == first.seq


def test_an_idempotency_key_reused_for_another_command_is_refused(game):
    note(game, "first", idempotency_key="k", caller="token:a")
    before = Event.objects.filter(game=game).count()
    with pytest.raises(store.IdempotencyKeyReused):
        note(game, "second", idempotency_key="k", caller="token:a")
    assert Event.objects.filter(game=game).count() == before


def test_a_reused_key_that_races_past_the_first_check_is_still_refused(game):
    """The key check inside the append (not only the service's early look-up) compares bodies."""
    draft = {"type": "note_added", "data": {"text": "x"}, "audience": "all", "actor": CONTROL}
    key = store.scoped_key("token:a", "k")
    store.append(
        game_id=game.id,
        expected_seq=game.seq,
        drafts=[draft],
        idempotency_key=key,
        request_hash="1" * 64,
    )
    with pytest.raises(store.IdempotencyKeyReused):
        store.append(
            game_id=game.id,
            expected_seq=game.seq + 1,
            drafts=[draft],
            idempotency_key=key,
            request_hash="2" * 64,
        )
    replay = store.append(
        game_id=game.id,
        expected_seq=game.seq + 1,
        drafts=[draft],
        idempotency_key=key,
        request_hash="1" * 64,
    )
    assert replay.replayed


def test_the_columns_passed_as_they_are_are_what_their_fields_would_prepare(game):
    """The append prepares only its JSON and time columns; every other value must already be
    what the field's own preparation gives, on this database."""
    note(game, "prepared")
    record = store.read_events(game_id=game.id)[-1]
    key = Event._meta.get_field("game").get_db_prep_save(game.id, connection)
    params = store._event_params(key, record, ("key", "hash"), record["seq"])
    for name, value in zip(store._Statements.EVENT_FIELDS, params, strict=True):
        field = Event._meta.get_field(name)
        if name not in store._ADAPTED:
            prepared = field.get_db_prep_save(value, connection)
            # (PostgreSQL's own preparation wraps integers in psycopg's Int4 and Int8, which are
            # ints: psycopg sends a plain int as the same number.)
            assert prepared == value and isinstance(prepared, type(value)), name
