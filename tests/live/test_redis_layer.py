"""The Redis channel layer as the settings make it: a receive that is cancelled ends, whenever
the cancel comes. (A socket's receive that outlived its socket would poll Redis for the life of
the process, and an event loop being closed would wait for it for ever.)"""

from __future__ import annotations

import asyncio
import os

import pytest
from django.conf import settings

from tests.conftest import require

pytestmark = [pytest.mark.live, pytest.mark.services]

# Enough loop turns after a message to cover the layer's whole way back to its next blocking
# read (about a dozen on redis-py 8): a cancel lands on each turn in turn.
TURNS = 40


def step(loop: asyncio.AbstractEventLoop) -> None:
    """One turn of ``loop``: what is ready runs, and the loop stops, as a loop being closed
    stops wherever its last task left it."""
    loop.call_soon(loop.stop)
    loop.run_forever()


def run_until(loop: asyncio.AbstractEventLoop, done, limit: float = 10.0) -> None:
    """Turns of ``loop`` until ``done()``, one at a time: none is skipped."""
    deadline = loop.time() + limit
    while not done():
        assert loop.time() < deadline, "the layer did not get there in time"
        step(loop)


def cancel_after(turns: int) -> list[asyncio.Task]:
    """A receive holding the layer's read of this process's channels, a message for another
    channel of the process, ``turns`` turns, then every task cancelled as asyncio.run does at
    its end; the tasks still running after that, which must be none."""
    from channels_redis.core import RedisChannelLayer

    layer = RedisChannelLayer(**settings.CHANNEL_LAYERS["default"]["CONFIG"])
    loop = asyncio.new_event_loop()
    try:
        mine, other = (loop.run_until_complete(layer.new_channel()) for _ in range(2))
        reading = loop.create_task(layer.receive(mine))
        run_until(loop, lambda: layer.receive_lock is not None and layer.receive_lock.locked())
        heard = loop.create_task(layer.receive(other))
        loop.run_until_complete(layer.send(other, {"type": "hint", "seq": turns}))
        run_until(loop, heard.done)
        assert heard.result() == {"type": "hint", "seq": turns}
        for _ in range(turns):
            step(loop)
        tasks = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in tasks:
            task.cancel()
        # Far longer than a cancelled task takes to end; one that swallowed its cancel goes
        # back to Redis for a blocking read of brpop_timeout seconds, again and again.
        loop.run_until_complete(asyncio.wait(tasks, timeout=layer.brpop_timeout + 2))
        left = [task for task in tasks if not task.done()]
        assert reading in tasks
        for task in left:  # so that the loop can close: a second cancel ends them
            task.cancel()
        loop.run_until_complete(asyncio.wait(tasks, timeout=layer.brpop_timeout + 2))
        return left
    finally:
        loop.run_until_complete(layer.close_pools())
        loop.close()


def test_a_receive_cancelled_at_any_turn_of_the_loop_ends():
    require(bool(os.environ.get("WARGAME_REDIS_URL")), "the Redis layer needs WARGAME_REDIS_URL")
    stuck = {turns: left for turns in range(TURNS) if (left := cancel_after(turns))}
    assert stuck == {}
