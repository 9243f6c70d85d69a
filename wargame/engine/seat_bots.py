"""Bot seats: the White Cell puts a bot in a seat of a live game (``assign_bot``) and takes it
out (``remove_bot``).

A bot plays its seat with one of the seat's doctrines (``bots.py``): the server has it act
after each command that leaves the seat something to do, through the same write path as a
team, as an actor marked ``"bot": true`` (an actor may say so only for a seat that has a bot).

The state holds the seats with a bot under ``bots`` (``{seat: doctrine id}``) only once the
first bot is assigned, so the state of a game without bots (and every state hash recorded
before bots existed) is what it always was. Both events are seen by control and the seat.
"""

from __future__ import annotations

from typing import Any, Literal

from .bots import bot_name, doctrines_of
from .common import CONTROL, invalid, rules
from .context import CommandSpec, Context, Draft, Event, Evolver, Journal, State, command
from .fields import CommandModel, Identifier, Seat
from .journal import note


class AssignBot(CommandModel):
    """Control: a bot plays the seat with one of the seat's doctrines until it is taken out."""

    type: Literal["assign_bot"]
    seat: Seat
    doctrine: Identifier


class RemoveBot(CommandModel):
    """Control: the seat's bot stops playing; the team plays the seat again."""

    type: Literal["remove_bot"]
    seat: Seat


def bot_seats(state: State) -> dict[str, str]:
    """``{seat: doctrine id}`` of the seats a bot plays."""
    found: dict[str, str] | None = state.get("bots")
    return found if found is not None else {}


def _seat(ctx: Context, seat: str) -> str:
    if seat not in ctx.seats:
        raise invalid(f"unknown seat {seat[:40]!r}", "unknown_seat")
    return seat


@command(AssignBot, {CONTROL}, while_paused=True, emits="`bot_assigned` (audience the seat)")
def assign_bot(ctx: Context, cmd: AssignBot) -> list[Draft]:
    seat = _seat(ctx, cmd.seat)
    doctrines = doctrines_of(ctx.scenario, seat)
    if cmd.doctrine not in doctrines:
        known = ", ".join(sorted(doctrines)) or "none"
        raise invalid(
            f"{seat} has no doctrine {cmd.doctrine[:40]!r} (it has: {known})", "unknown_doctrine"
        )
    current = bot_seats(ctx.state).get(seat)
    if current == cmd.doctrine:
        raise rules("already_bot", f"a bot already plays {seat} with {cmd.doctrine}")
    data = {
        "seat": seat,
        "doctrine": cmd.doctrine,
        "name": bot_name(cmd.doctrine, doctrines[cmd.doctrine]),
    }
    return [ctx.event("bot_assigned", data, [seat])]


@command(RemoveBot, {CONTROL}, while_paused=True, emits="`bot_removed` (audience the seat)")
def remove_bot(ctx: Context, cmd: RemoveBot) -> list[Draft]:
    seat = _seat(ctx, cmd.seat)
    doctrine = bot_seats(ctx.state).get(seat)
    if doctrine is None:
        raise rules("no_bot", f"no bot plays {seat}")
    return [ctx.event("bot_removed", {"seat": seat, "doctrine": doctrine}, [seat])]


def _bot_assigned(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state.setdefault("bots", {})[data["seat"]] = data["doctrine"]
    note(out, state, event, {"seat": data["seat"], "name": data["name"]})


def _bot_removed(state: State, event: Event, out: Journal) -> None:
    data = event["data"]
    state.setdefault("bots", {}).pop(data["seat"], None)
    note(out, state, event, {"seat": data["seat"], "doctrine": data["doctrine"]})


COMMANDS: list[CommandSpec[Any]] = [assign_bot, remove_bot]
EVOLVERS: dict[str, Evolver] = {"bot_assigned": _bot_assigned, "bot_removed": _bot_removed}
