"""The server's ASGI application, except that the process dies the moment a command has been
committed and before it is announced: the test build of a daphne killed between the two.

Only the tests load this module (``daphne tests.live.crash_after_commit_asgi:application``);
the server's own code has no such switch.
"""

import os

from wargame.asgi import application  # noqa: F401  (sets Django up first)
from wargame.games import broadcast


def _die_instead_of_announcing(game_id, seq):
    os._exit(17)


broadcast.announce = _die_instead_of_announcing
