"""Initiative: for each seat and turn, whether the seat opened or answered, the leverage it held
against the leverage it used, its secret and public moves, and how long it took to lock its
orders; beside it, the scenario's own indicator of Beijing's initiative.

Everything is computed from one role's record (``record.RoleRecord``: its view and the events
it may see), so a chair learns nothing here it could not read in its replay. The definitions
are in docs/analysis.md ("Initiative"); in short:

* A move of seat A in turn t **answers** seat B when it names B among its targets and B made a
  move in turn t-1 that every seat knew of when A's orders of turn t opened: a public move
  (announced when the orders of t-1 closed) or a secret move revealed before that opening.
  Every other move A's chair sees **opens**. A move the chair sees only as a sealed secret (no
  action, no targets) is **undisclosed**.
* **Leverage held**: the seat's catalog actions whose conditions held when the turn's orders
  phase opened. **Leverage used**: the distinct catalog actions among its moves of the turn.
  The catalog is the seat's own and the White Cell's to see (everyone's once the record is
  open): other chairs get no figure for held leverage.
* **Lock time**: seconds (wall clock, pauses included) from the orders phase opening to the
  seat's ``orders_locked``; blank when the orders closed before the seat locked them.
"""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings

from wargame.engine.rules import action_available, log_facts
from wargame.games import rebuild
from wargame.games.record import RoleRecord

TEMPLATE = Path(settings.BASE_DIR) / "frontend" / "src" / "replay" / "initiative.vl.json"

# The scenario's own indicator of Beijing's initiative. korea-1950 has none by that name: the
# closest is Beijing's readiness to act on its own plan (the Taiwan campaign), which is what it
# would set aside to act first in Korea. Any other scenario: an indicator whose id ends in
# "_initiative", if it has one.
INITIATIVE_INDICATORS = {
    "triangle-2024": ("beijing_initiative", "the scenario's indicator of Beijing's initiative"),
    "korea-1950": (
        "taiwan_readiness",
        "korea-1950 has no initiative indicator; the closest is Beijing's readiness to act on "
        "its own plan (the Taiwan campaign)",
    ),
}

KINDS = ("opened", "answered", "undisclosed")


@cache
def template() -> dict:
    """The chart's Vega-Lite specification without its data, shared with the replay page."""
    return json.loads(TEMPLATE.read_text(encoding="utf-8"))


def _seconds(start: str | None, end: str | None) -> float | None:
    if not start or not end:
        return None
    delta = datetime.fromisoformat(end) - datetime.fromisoformat(start)
    return round(delta.total_seconds(), 1)


def _orders_openings(record: RoleRecord) -> dict[int, dict]:
    """Per turn, the event that opened its orders phase (seq and time)."""
    opened: dict[int, dict] = {}
    for event in record.events:
        if event["type"] == "phase_advanced" and event["data"].get("phase") == "orders":
            opened.setdefault(event["data"]["turn"], event)
    return opened


def _locks(record: RoleRecord) -> dict[tuple[str, int], dict]:
    locks: dict[tuple[str, int], dict] = {}
    for event in record.events:
        if event["type"] == "orders_locked":
            key = (event["data"]["seat"], event["data"]["turn"])
            locks.setdefault(key, event)
    return locks


def _revealed_at(record: RoleRecord) -> dict[str, int]:
    return {
        event["data"]["move_id"]: event["seq"]
        for event in record.events
        if event["type"] == "move_revealed"
    }


def catalog_seats(record: RoleRecord) -> list[str]:
    """The seats whose catalog (and what of it was available) this chair may see."""
    view = record.view
    seats = [seat["role"] for seat in view["seats"]]
    if record.role == "control" or view["game"]["record_open"]:
        return seats
    return [record.role] if record.role in seats else []


def _held(record: RoleRecord, openings: dict[int, dict]) -> dict[tuple[str, int], int]:
    """Per (seat, turn), the seat's catalog actions available when the turn's orders opened,
    for the seats whose catalog this chair may see."""
    seats = catalog_seats(record)
    held: dict[tuple[str, int], int] = {}
    if not seats:
        return held
    for turn, event in openings.items():
        state = rebuild.load_state(record.game_id, at_seq=event["seq"])
        if state is None:
            continue
        facts = log_facts(state)
        for seat in seats:
            actions = state["scenario"]["seats"][seat]["actions"]
            held[(seat, turn)] = sum(1 for a in actions if action_available(state, a, facts))
    return held


def move_kinds(record: RoleRecord) -> dict[str, dict]:
    """Each move this chair sees (withdrawn ones left out): ``kind`` (opened, answered,
    undisclosed) and ``answered`` (the seats it answered)."""
    openings = _orders_openings(record)
    revealed = _revealed_at(record)
    moves = [m for m in record.view["moves"] if m["status"] != "withdrawn"]
    seats = {seat["role"] for seat in record.view["seats"]}

    def known_before(move: dict, seq: int) -> bool:
        if "action" not in move:  # a sealed secret: this chair cannot tell
            return False
        if move["visibility"] == "public":
            return move["status"] != "submitted"
        return move["id"] in revealed and revealed[move["id"]] < seq

    result: dict[str, dict] = {}
    for move in moves:
        if "action" not in move:
            result[move["id"]] = {"kind": "undisclosed", "answered": []}
            continue
        turn = move["turn"]
        opening = openings.get(turn)
        answered = []
        if opening is not None:
            for target in move.get("targets") or []:
                if target == move["seat"] or target not in seats:
                    continue
                if any(
                    other["seat"] == target
                    and other["turn"] == turn - 1
                    and known_before(other, opening["seq"])
                    for other in moves
                ):
                    answered.append(target)
        result[move["id"]] = {"kind": "answered" if answered else "opened", "answered": answered}
    return result


def indicator_of(record: RoleRecord) -> tuple[dict | None, str]:
    """The scenario's indicator of Beijing's initiative, as this chair sees it (None when it
    has none or may not see it), and a note saying which it is."""
    view = record.view
    slug = view["scenario"]["slug"]
    wanted, note = INITIATIVE_INDICATORS.get(slug, (None, ""))
    if wanted is None:
        for indicator_id in (spec["id"] for spec in view["indicators"]):
            if indicator_id.endswith("_initiative"):
                wanted, note = indicator_id, "the scenario's initiative indicator"
                break
    if wanted is None:
        return None, "this scenario has no indicator of initiative"
    found = next((i for i in view["indicators"] if i["id"] == wanted), None)
    if found is None:
        return None, f"{note}: not visible to this chair"
    return found, note


def _value_at_turn(indicator: dict, turn: int) -> int | None:
    value = None
    for point in indicator["history"]:
        if point["turn"] <= turn:
            value = point["value"]
    return value


def initiative(record: RoleRecord) -> dict:
    """The initiative table of the game as ``record``'s chair sees it (docs/analysis.md)."""
    view = record.view
    openings = _orders_openings(record)
    locks = _locks(record)
    held = _held(record, openings)
    kinds = move_kinds(record)
    seats = [seat["role"] for seat in view["seats"]]
    names = {seat["role"]: seat["name"] for seat in view["seats"]}
    turns = sorted(openings)
    rows = []
    for turn in turns:
        for seat in seats:
            moves = [
                m
                for m in view["moves"]
                if m["seat"] == seat and m["turn"] == turn and m["status"] != "withdrawn"
            ]
            counts = dict.fromkeys(KINDS, 0)
            answered: set[str] = set()
            for move in moves:
                counts[kinds[move["id"]]["kind"]] += 1
                answered.update(kinds[move["id"]]["answered"])
            lock = locks.get((seat, turn))
            rows.append(
                {
                    "seat": seat,
                    "team": names[seat],
                    "turn": turn,
                    "moves": len(moves),
                    **counts,
                    "answered_seats": sorted(answered),
                    "public": sum(1 for m in moves if m["visibility"] == "public"),
                    "secret": sum(1 for m in moves if m["visibility"] == "secret"),
                    "free": sum(1 for m in moves if m.get("action") == "free"),
                    "leverage_held": held.get((seat, turn)),
                    "leverage_used": len(
                        {m["action"] for m in moves if m.get("action") not in (None, "free")}
                    ),
                    "locked_by": (
                        None
                        if lock is None
                        else ("seat" if lock["actor"]["role"] == seat else "white_cell")
                    ),
                    "lock_seconds": (
                        _seconds(openings[turn]["at"], lock["at"]) if lock is not None else None
                    ),
                }
            )
    indicator, note = indicator_of(record)
    return {
        "role": record.role,
        "seq": view["seq"],
        "turns": turns,
        "seats": [{"role": seat, "name": names[seat]} for seat in seats],
        "catalog_seats": catalog_seats(record),
        "rows": rows,
        "indicator": (
            {
                "id": indicator["id"],
                "name": indicator["name"],
                "min": indicator["min"],
                "max": indicator["max"],
                "note": note,
                "values": [
                    {"turn": turn, "value": value}
                    for turn in range(view["game"]["turn"] + 1)
                    if (value := _value_at_turn(indicator, turn)) is not None
                ],
            }
            if indicator is not None
            else None
        ),
        "indicator_note": note,
    }


# ---- the chart --------------------------------------------------------------------------------

MEASURES = [
    ("Moves", "opened", "opened"),
    ("Moves", "answered", "answered"),
    ("Moves", "undisclosed", "undisclosed"),
    ("Leverage", "leverage_held", "held"),
    ("Leverage", "leverage_used", "used"),
    ("Secrecy", "public", "public"),
    ("Secrecy", "secret", "secret"),
    ("Lock time (min)", "lock_seconds", "to lock"),
]


def chart_rows(table: dict) -> list[dict]:
    """The chart's data: one row per (panel, seat, turn, measure) with a value, and the
    indicator's value at the end of each turn (panel "indicator"). The replay page builds the
    same rows (frontend/src/replay/initiativeSpec.ts)."""
    rows: list[dict] = []
    for row in table["rows"]:
        for panel, key, measure in MEASURES:
            value = row[key]
            if value is None:
                continue
            if key == "lock_seconds":
                value = round(value / 60, 1)
            rows.append(
                {
                    "panel": panel,
                    "seat": row["team"],
                    "turn": row["turn"],
                    "measure": measure,
                    "value": value,
                }
            )
    indicator = table["indicator"]
    if indicator is not None:
        for point in indicator["values"]:
            rows.append(
                {
                    "panel": "indicator",
                    "seat": indicator["name"],
                    "turn": point["turn"],
                    "measure": indicator["name"],
                    "value": point["value"],
                }
            )
    return rows


def chart_spec(table: dict) -> dict:
    """The template with the table's rows; without the indicator's panel when the chair has no
    initiative indicator to show."""
    spec = {**template(), "data": {"values": chart_rows(table)}}
    if table["indicator"] is None:
        spec["vconcat"] = spec["vconcat"][:1]
    return spec


def chart_svg(table: dict) -> str:
    return _svg(json.dumps(chart_spec(table), sort_keys=True))


@lru_cache(maxsize=64)
def _svg(spec: str) -> str:
    """The SVG of a specification (as JSON): the same table is drawn once per process."""
    import vl_convert

    return vl_convert.vegalite_to_svg(json.loads(spec))


def report_lines(table: dict) -> list[str]:
    """The report's Initiative section in words."""
    if not table["rows"]:
        return ["No orders phase yet."]
    lines = []
    for row in table["rows"]:
        parts = [f"{row['opened']} opened, {row['answered']} answered"]
        if row["answered_seats"]:
            names = {s["role"]: s["name"] for s in table["seats"]}
            parts[0] += f" ({', '.join(names[s] for s in row['answered_seats'])})"
        if row["undisclosed"]:
            parts.append(f"{row['undisclosed']} undisclosed")
        parts.append(f"{row['public']} public, {row['secret']} secret")
        if row["leverage_held"] is not None:
            parts.append(f"leverage used {row['leverage_used']} of {row['leverage_held']} held")
        else:
            parts.append(f"leverage used {row['leverage_used']}")
        if row["lock_seconds"] is not None:
            who = "" if row["locked_by"] == "seat" else " (by the White Cell's deadline)"
            parts.append(f"locked after {row['lock_seconds']:g} s{who}")
        else:
            parts.append("orders not locked")
        lines.append(f"Turn {row['turn']}, {row['team']}: " + "; ".join(parts))
    indicator = table["indicator"]
    if indicator is not None:
        values = ", ".join(f"T{p['turn']} {p['value']}" for p in indicator["values"])
        lines.append(f"{indicator['name']} ({indicator['note']}): {values}")
    else:
        lines.append(f"Initiative indicator: {table['indicator_note']}")
    return lines
