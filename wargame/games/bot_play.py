"""Bots in the seats of a live game: after a committed command that leaves a seat a bot plays
(``assign_bot``, ``engine/seat_bots.py``) something to do, a task has the bot act.

Something to do is: the orders phase with the seat's orders not locked, or the adjudication
phase with an argument the seat's doctrine would make (``bots.arguments``). The task (the same
``django-tasks`` database backend as the deadlines, enqueued once the command has committed)
names the game, the seat and the seq it was enqueued at. It acts only while that seq is still
the log's head: a later commit enqueued a later task, which decides on the newer state. It
reads the seat's view alone (``engine.view(state, seat, journal)``), decides with the seat's
doctrine (``engine/bots.py``) from a random stream seeded by game, seat and seq, and sends each
command through ``service.execute`` as the seat, with an actor marked ``"bot": true`` and the
idempotency key ``bot:<seat>:<seq>:<n>``: a task run twice for the same seq decides the same
commands and appends them once. Each command is valid only at the seq the bot decided on, or
the seq its own previous command made (``expected_seq``): if anything else was appended in
between (a team, the White Cell, or the task of a later seq on another worker), the command is
refused as stale and this task stops, so two workers never both act on one decision; the task
of the newest seq decides again.
"""

from __future__ import annotations

import logging
import random
from typing import Any

from django_tasks import task

from wargame import engine
from wargame.engine import bots
from wargame.engine.seat_bots import bot_seats

logger = logging.getLogger(__name__)

# Rejections a bot's command may meet because the game moved on under it; the task stops.
EXPECTED = frozenset(
    {
        "action_unavailable",
        "already_adjudicated",
        "already_locked",
        "game_paused",
        "not_running",
        "orders_locked",
        "quota_exhausted",
        "wrong_phase",
        "wrong_turn",
    }
)


def bot_actor(seat: str, doctrine_id: str, doctrine: dict[str, Any]) -> dict[str, Any]:
    """The actor a bot's commands are sent as: its seat, its name, and marked a bot."""
    return {"role": seat, "name": bots.bot_name(doctrine_id, doctrine), "bot": True}


def to_do(state: dict, seat: str) -> list[dict[str, Any]]:
    """What the bot of ``seat`` would send on ``state`` (and its journal-free view): empty when
    it has nothing to do. Orders are decided with a throwaway random stream here; the task
    decides again with its own."""
    doctrine_id = bot_seats(state).get(seat)
    if doctrine_id is None or state.get("status") != "running" or state.get("paused"):
        return []
    doctrine = bots.doctrines_of(state["scenario"], seat).get(doctrine_id)
    if doctrine is None:
        return []
    if state["phase"] == "orders":
        if state["locks"].get(seat):
            return []
        return [{"type": "lock_orders"}]
    if state["phase"] == "adjudication":
        return bots.arguments(engine.view(state, seat, parts=bots.ARGUMENT_PARTS), doctrine)
    return []


def schedule(game_id: object, state: dict) -> None:
    """After a commit on a game with bots: enqueue a task for each bot seat with something to
    do. Never raises: the command stands whatever happens here (a failure is logged)."""
    try:
        for seat in sorted(bot_seats(state)):
            if to_do(state, seat):
                play_bot.enqueue(str(game_id), seat, state["seq"])
    except Exception:
        logger.exception("could not schedule the bots of game %s", game_id)


@task()
def play_bot(game_id: str, seat: str, seq: int) -> str:
    """The bot of ``seat`` acts on the game as it was at ``seq``, if that is still its head."""
    from wargame.games import rebuild, service, store
    from wargame.games.models import Game

    game = Game.objects.filter(pk=game_id).first()
    if game is None:
        return "no such game"
    state = rebuild.load_state(game.id)
    if state is None or state["seq"] != seq:
        return "stale: a later commit has its own task"
    doctrine_id = bot_seats(state).get(seat)
    if doctrine_id is None:
        return "no bot in this seat"
    doctrine = bots.doctrines_of(state["scenario"], seat)[doctrine_id]
    if not to_do(state, seat):
        return "nothing to do"
    journal = rebuild.load_journal(game.id, seq)
    if state["phase"] == "orders":
        seen = engine.view(state, seat, journal, parts=bots.PARTS)
        commands = bots.orders(seen, doctrine, random.Random(f"bot:{game_id}:{seat}:{seq}"))
    else:
        seen = engine.view(state, seat, journal, parts=bots.ARGUMENT_PARTS)
        commands = bots.arguments(seen, doctrine)
    actor = bot_actor(seat, doctrine_id, doctrine)
    sent, head = 0, seq
    for number, command in enumerate(commands):
        try:
            result = service.execute(
                game=game,
                command=command,
                actor=actor,
                idempotency_key=f"bot:{seat}:{seq}:{number}",
                expected_seq=head,
            )
        except store.StaleSeq:
            return f"stopped after {sent}: the log moved past seq {head}; a later task decides"
        except service.CommandRejected as rejected:
            code = rejected.rejection.code
            if code in EXPECTED and command["type"] != "lock_orders":
                continue  # that move or argument is not open any more; the others may be
            (logger.info if code in EXPECTED else logger.warning)(
                "bot of %s in game %s stopped: %s", seat, game_id, code
            )
            return f"stopped: {code}"
        sent, head = sent + 1, result.seq
    return f"sent {sent} at seq {seq}"
