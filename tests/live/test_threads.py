"""The threads that run a process's database work: each game's socket commands on one thread,
different games spread over all of them; requests on the threads in turn; each thread kept for
the life of the process."""

from __future__ import annotations

import threading
import uuid

from wargame.threads import SyncThreads


def test_a_games_commands_keep_to_one_thread_and_games_spread_over_all():
    threads = SyncThreads(4)
    games = [uuid.uuid4() for _ in range(40)]
    for game in games:
        assert len({id(threads.for_game(key)) for key in (game, str(game), game.hex)}) == 1
    assert {id(threads.for_game(game)) for game in games} == {id(e) for e in threads.executors}
    # Requests take the threads in turn.
    assert len({id(threads.next()) for _ in range(4)}) == 4


def test_each_thread_is_one_long_lived_thread():
    threads = SyncThreads(2)
    executor = threads.for_game(uuid.uuid4())
    idents = {executor.submit(threading.get_ident).result() for _ in range(20)}
    assert len(idents) == 1
    assert idents != {threading.get_ident()}
