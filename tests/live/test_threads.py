"""The threads that run a process's database work: a game's requests and sockets on one thread,
different games spread over all of them, each thread kept for the life of the process."""

from __future__ import annotations

import threading
import uuid

from wargame.threads import SyncThreads


def test_a_games_requests_and_sockets_share_one_thread_and_games_spread_over_all():
    threads = SyncThreads(4)
    games = [uuid.uuid4() for _ in range(40)]
    for game in games:
        paths = [
            f"/api/games/{game}/commands/",
            f"/api/games/{game}/state/",
            f"/ws/games/{game}/",
            f"/api/games/{game.hex}/",
        ]
        assert len({id(threads.for_path(path)) for path in paths}) == 1
    assert {id(threads.for_path(f"/ws/games/{g}/")) for g in games} == {
        id(e) for e in threads.executors
    }
    # Paths without a game take the threads in turn.
    assert len({id(threads.for_path("/api/scenarios/")) for _ in range(4)}) == 4


def test_each_thread_is_one_long_lived_thread():
    threads = SyncThreads(2)
    executor = threads.for_path(f"/ws/games/{uuid.uuid4()}/")
    idents = {executor.submit(threading.get_ident).result() for _ in range(20)}
    assert len(idents) == 1
    assert idents != {threading.get_ident()}
