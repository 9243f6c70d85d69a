"""evolve and fold: apply recorded events to the game state and its journal.

Each event is applied by the evolve handler of the family that emits it (``registry``).

``fold`` copies its starting state once and then applies every event in place; ``evolve`` is
``fold`` of one event. Handlers never keep references to event data they might later mutate
(they copy what they store), so folding never alters the caller's events.

The state holds what the rules decide on: it grows with the moves, adjudications, injects and
indicator changes a game's turns bring, not with its talk. What grows with every event (the
timeline, the messages, the analyst notes) goes to the *journal*: entries each folded event
adds, in seq order, which the caller keeps if it asks for them (``fold(..., journal=entries)``).
Views read both; a rebuild of the state never decodes the journal, so a long game of messages
and notes rebuilds as fast as a short one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from .codec import deep_copy
from .lifecycle import branch_state, create_state
from .registry import EVOLVERS

State = dict[str, Any]
Event = dict[str, Any]
Journal = list[dict[str, Any]]
# The events that begin a log: a new game, or a branch of another at one of its seqs.
FIRST_EVENTS = ("game_created", "game_branched")
EVENT_TYPES = frozenset(EVOLVERS) | set(FIRST_EVENTS)


def _apply(state: State | None, event: Event, out: Journal) -> State:
    """Apply one event to ``state`` in place (or create the state), adding its journal entries
    to ``out``, and return it."""
    kind = event["type"]
    if state is None:
        if kind == "game_branched":
            return branch_state(event, out)
        if kind != "game_created":
            raise ValueError(f"the first event must be game_created or game_branched, got {kind!r}")
        return create_state(event, out)
    if kind in FIRST_EVENTS:
        raise ValueError(f"{kind} can only begin a log")
    if event["seq"] != state["seq"] + 1:
        raise ValueError(f"event seq {event['seq']} does not follow state seq {state['seq']}")
    handler = EVOLVERS.get(kind)
    if handler is None:
        raise ValueError(f"unknown event type {kind!r}")
    handler(state, event, out)
    state["seq"] = event["seq"]
    return state


def recorded_engine_version(first_event: Event) -> str:
    """The engine version a log's state hashes were recorded with (its game_created or
    game_branched event names it; logs from before it did were recorded by version 1)."""
    return str(first_event.get("data", {}).get("engine_version", "1"))


def evolve(state: State | None, event: Event, *, journal: Journal | None = None) -> State:
    """The state after ``event``; ``state`` itself is left untouched. The event's journal
    entries are added to ``journal`` when given."""
    return fold(state, (event,), journal=journal)  # type: ignore[return-value]


def fold(
    state: State | None,
    events: Iterable[Event],
    *,
    copy: bool = True,
    journal: Journal | None = None,
) -> State | None:
    """Apply events in order; equal to repeated ``evolve`` but copies only once (not at all
    with ``copy=False``, for a caller that owns ``state`` and lets it change). The events'
    journal entries are added to ``journal`` when given."""
    current = deep_copy(state) if state is not None and copy else state
    for step in fold_steps(current, events, copy=False, journal=journal):
        current = step
    return current


def fold_steps(
    state: State | None,
    events: Iterable[Event],
    *,
    copy: bool = True,
    journal: Journal | None = None,
) -> Iterator[State]:
    """Like ``fold``, yielding the state after each event, for hashing every step.

    The state is copied once (not at all with ``copy=False``, for a caller that owns it) and
    then changed in place: each yielded value is the same object, valid until the next step.
    """
    current = deep_copy(state) if state is not None and copy else state
    for event in events:
        # Without a journal to keep, each event's entries are dropped as soon as made.
        current = _apply(current, event, journal if journal is not None else [])
        yield current
