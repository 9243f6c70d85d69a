"""A game's log as JSON Lines: one stored event per line, in seq order.

The lines hold exactly what the hash chain covers plus the hashes, so another server can import
them and check every link. Tokens and other credentials live outside the log and never appear.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from wargame.games import store
from wargame.games.models import Game


def export_lines(game: Game) -> Iterator[str]:
    for event in store.iter_events(game_id=game.id):
        line = {**store.chain_record(event), "prev_hash": event["prev_hash"], "hash": event["hash"]}
        yield json.dumps(line, sort_keys=True, ensure_ascii=False) + "\n"
