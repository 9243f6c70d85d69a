"""The comparison of games of one scenario in the after-action report: the indicator
trajectories as the comparison page draws them, rendered to SVG on the server.

The Vega-Lite specification is the page's own template (``frontend/src/compare/
trajectory.vl.json``) with the same rows (each indicator's value at the end of each turn, one
line per game), rendered by ``vl-convert-python``: the report and the page draw the same chart.
Every game's rows come from a role's view, so the chart holds nothing its reader may not see.
"""

from __future__ import annotations

import base64
import json
from functools import cache
from html import escape
from pathlib import Path

from django.conf import settings

from wargame.games.access import AccessDenied, role_in_game, role_to_view
from wargame.games.models import Game
from wargame.games.projections import role_view

TEMPLATE = Path(settings.BASE_DIR) / "frontend" / "src" / "compare" / "trajectory.vl.json"


@cache
def _template() -> dict:
    return json.loads(TEMPLATE.read_text(encoding="utf-8"))


def value_at_turn(indicator: dict, turn: int) -> int | None:
    value = None
    for point in indicator["history"]:
        if point["turn"] <= turn:
            value = point["value"]
    return value


def trajectory_rows(games: list[tuple[str, dict]]) -> list[dict]:
    """One row per (game, indicator its view shows, turn reached), as the page makes them."""
    rows = []
    for label, view in games:
        for indicator in view["indicators"]:
            for turn in range(view["game"]["turn"] + 1):
                value = value_at_turn(indicator, turn)
                if value is not None:
                    name = indicator["name"]
                    rows.append({"game": label, "indicator": name, "turn": turn, "value": value})
    return rows


def trajectory_spec(games: list[tuple[str, dict]]) -> dict:
    return {**_template(), "data": {"values": trajectory_rows(games)}}


def trajectory_svg(games: list[tuple[str, dict]]) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(trajectory_spec(games))


def svg_image(svg: str, alt: str) -> str:
    """An <img> of the SVG as a data: URL: the report's CSP allows data: images, and styles
    inside an image never touch the page's."""
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="comparison" alt="{escape(alt)}" src="data:image/svg+xml;base64,{data}">'


def family_of(game: Game) -> list[Game]:
    """The game's family on this server: its oldest ancestor here and every branch below it,
    oldest first."""
    root, seen = game, {game.id}
    while root.parent_id is not None and root.parent_id not in seen:
        parent = Game.objects.filter(pk=root.parent_id).first()
        if parent is None:
            break
        seen.add(parent.id)
        root = parent
    members = {root.id: root}
    frontier = [root.id]
    while frontier:
        children = list(Game.objects.filter(parent_id__in=frontier).exclude(pk__in=members))
        members.update((child.id, child) for child in children)
        frontier = [child.id for child in children]
    return sorted(members.values(), key=lambda g: g.created_at)


def readable(principal, game: Game) -> bool:
    try:
        role_in_game(principal, game)
    except AccessDenied:
        return False
    return True


def family_views(principal, game: Game, role: str) -> list[tuple[str, dict]]:
    """The views, from ``role``'s chair, of the game's family members of its scenario that the
    caller may read and may see from that chair (the replay's rules, game by game), labelled
    with their titles (numbered when two share one). Empty unless there are two or more."""
    found: list[tuple[str, dict]] = []
    for member in family_of(game):
        if member.scenario != game.scenario or not readable(principal, member):
            continue
        try:
            chair = role_to_view(member, role_in_game(principal, member), role, principal)
        except AccessDenied:
            continue
        if chair != role:
            continue
        found.append((member.title, role_view(member.id, role).view))
    if len(found) < 2:
        return []
    counts: dict[str, int] = {}
    labelled = []
    for title, view in found:
        counts[title] = counts.get(title, 0) + 1
        labelled.append((title if counts[title] == 1 else f"{title} ({counts[title]})", view))
    return labelled
