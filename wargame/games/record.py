"""One role's record of a game: its view now and the events it may see, each as the engine
projects it (``engine.view``, ``engine.project_event``). The analyses (initiative.py) and the
dataset (dataset.py) read only this, so they hold nothing the role may not see."""

from __future__ import annotations

from dataclasses import dataclass

from wargame import engine
from wargame.games import store
from wargame.games.models import Game
from wargame.games.projections import role_view


@dataclass(frozen=True)
class RoleRecord:
    game_id: str
    role: str
    view: dict
    events: list[dict]


def role_record(game: Game, role: str, *, analysis: bool | None = None) -> RoleRecord:
    """``role``'s record. ``analysis`` says whether the reader may see the study's own events
    (the plan, analysts, observations): by default whether ``role`` is control or analyst; a
    seat reading control's chair once the record is open may not (``engine.project_event``)."""
    view = role_view(game.id, role).view
    events = []
    for event in store.iter_events(game_id=game.id, upto=view["seq"]):
        projected = engine.project_event(
            event, role, record_open=view["game"]["record_open"], analysis=analysis
        )
        if projected is not None:
            events.append(projected)
    return RoleRecord(game_id=str(game.id), role=role, view=view, events=events)
