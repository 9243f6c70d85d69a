"""A game's log as JSON Lines: one stored event per line, in seq order, then a signature line.

The event lines hold exactly what the hash chain covers plus the hashes, so another server can
import them and check every link. The last line signs the head of the chain with this server's
Ed25519 key (``signing.py``), so an importer can tell where the log came from. Tokens and other
credentials live outside the log and never appear.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from wargame import engine
from wargame.games import signing, store
from wargame.games.models import Game


def export_lines(game: Game) -> Iterator[str]:
    last: dict | None = None
    version = ""
    for event in store.iter_events(game_id=game.id):
        if last is None:  # the first event (seq 1, or a branch's fork seq) names the version
            version = engine.recorded_engine_version(event)
        line = {**store.chain_record(event), "prev_hash": event["prev_hash"], "hash": event["hash"]}
        last = event
        yield json.dumps(line, sort_keys=True, ensure_ascii=False) + "\n"
    if last is None or game.origin == "unverified":
        # This server vouches only for what it recorded or verified: an import it took
        # unverified leaves unsigned, and stays unverified wherever it goes.
        return
    signature = signing.signature_line(
        game_id=str(game.id),
        title=game.title,
        engine_version=version,
        seq=last["seq"],
        head=last["hash"],
    )
    yield json.dumps(signature, sort_keys=True, ensure_ascii=False) + "\n"
