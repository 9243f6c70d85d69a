"""A game's data for notebooks: a zip of tidy CSV tables (one row per observation, one column
per variable) and a data dictionary, as one role sees the game.

Every table is built from the role's record (``record.RoleRecord``: its view and its projected
events), never from the raw log, so a seat's dataset holds what its replay shows and nothing
more. The tables and their columns are declared below; ``dictionary.csv`` in the zip is written
from the same declarations, so it cannot drift from the data.

A table of one kind of event is an ``event_table``: adding a kind of event to the dataset is
one entry in ``EVENT_TABLES`` (its name, the event types, its columns). A table with no rows is
still written, with its header.

Over 400 lines because the tables' declarations, column by column with what each holds, are
the data dictionary itself: they read best beside the code that fills them.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from wargame.games.initiative import initiative, move_kinds
from wargame.games.record import RoleRecord
from wargame.games.report import csv_cell

Row = dict[str, object]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: list[tuple[str, str]]  # (name, what it holds)
    rows: Callable[[RoleRecord, list[dict]], Iterable[Row]] = field(repr=False)


def _joined(values: Iterable[object] | None) -> str:
    return ";".join(str(v) for v in values or [])


def _json(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _timed_events(record: RoleRecord) -> list[dict]:
    """The role's events, each with the turn and phase the game was in when it was recorded."""
    turn, phase = 0, None
    out = []
    for event in record.events:
        data = event["data"]
        if event["type"] in ("game_started", "phase_advanced"):
            turn, phase = data.get("turn", turn), data.get("phase", phase)
        out.append({**event, "turn": turn, "phase": phase})
    return out


# ---- the tables drawn from the role's view ------------------------------------------------------


def _game_rows(record: RoleRecord, events: list[dict]) -> Iterable[Row]:
    view = record.view
    game = view["game"]
    yield {
        "game_id": record.game_id,
        "title": game["title"],
        "scenario": view["scenario"]["slug"],
        "role": record.role,
        "seq": view["seq"],
        "status": game["status"],
        "turn": game["turn"],
        "turns": game["turns"],
        "record_open": game["record_open"],
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _event_rows(record: RoleRecord, events: list[dict]) -> Iterable[Row]:
    for event in events:
        actor = event.get("actor") or {}
        yield {
            "seq": event["seq"],
            "type": event["type"],
            "turn": event["turn"],
            "phase": event["phase"],
            "at": event["at"],
            "actor_role": actor.get("role"),
            "actor_name": actor.get("name"),
            "actor_member": (actor.get("member") or {}).get("name"),
            "actor_bot": bool(actor.get("bot")),
            "data": _json(event["data"]),
        }


def _move_rows(record: RoleRecord, events: list[dict]) -> Iterable[Row]:
    kinds = move_kinds(record)
    submitted = {
        e["data"]["move_id"]: e for e in events if e["type"] == "move_submitted"
    }  # the role's own moves (and every move for control)
    for move in record.view["moves"]:
        argument = move.get("argument") or {}
        first = submitted.get(move["id"])
        kind = kinds.get(move["id"], {"kind": None, "answered": []})
        yield {
            "move_id": move["id"],
            "seat": move["seat"],
            "turn": move["turn"],
            "number": move.get("number"),
            "status": move["status"],
            "visibility": move["visibility"],
            "disclosed": "action" in move,
            "action": move.get("action"),
            "action_name": move.get("action_name"),
            "free_action": argument.get("action"),
            "free_result": argument.get("result"),
            "targets": _joined(move.get("targets")),
            "revealed": move.get("revealed"),
            "detected": move.get("detected"),
            "outcome": move.get("outcome"),
            "adjudication_id": move.get("adjudication_id"),
            "initiative": kind["kind"],
            "answered_seats": _joined(kind["answered"]),
            "rationale": move.get("rationale"),
            "submitted_seq": first["seq"] if first else None,
        }


def _adjudication_rows(record: RoleRecord, events: list[dict]) -> Iterable[Row]:
    for adjudication in record.view["adjudications"]:
        for entry in adjudication["entries"]:
            yield {
                "adjudication_id": adjudication["id"],
                "seq": adjudication["seq"],
                "turn": adjudication["turn"],
                "method": adjudication["method"],
                "opposed": adjudication["opposed"],
                "move_id": entry["move_id"],
                "seat": entry["seat"],
                "proposed": entry.get("proposed"),
                "probability": entry["probability"],
                "override_reason": entry.get("override_reason"),
                "draws": _joined(entry["draws"]),
                "outcome": entry["outcome"],
                "reason": adjudication["reason"],
                "narrative": adjudication["narrative"],
                "voided": adjudication["voided"],
                "void_reason": adjudication["void_reason"],
            }


def _indicator_rows(record: RoleRecord, events: list[dict]) -> Iterable[Row]:
    for indicator in record.view["indicators"]:
        for point in indicator["history"]:
            cause = point.get("cause") or {}
            yield {
                "indicator": indicator["id"],
                "name": indicator["name"],
                "seq": point["seq"],
                "turn": point["turn"],
                "value": point["value"],
                "delta": point["delta"],
                "min": indicator["min"],
                "max": indicator["max"],
                "cause": cause.get("kind"),
                "cause_move_id": cause.get("move_id"),
                "cause_inject_id": cause.get("inject_id"),
                "cause_adjudication_id": cause.get("adjudication_id"),
            }


def _message_rows(record: RoleRecord, events: list[dict]) -> Iterable[Row]:
    for message in record.view["messages"]:
        yield {
            "message_id": message["id"],
            "seq": message["seq"],
            "turn": message["turn"],
            "phase": message["phase"],
            "at": message["at"],
            "from": message["from"],
            "to": _joined(message["to"]),
            "recipients": len(message["to"]),
            "length": len(message["text"]),
            "text": message["text"],
        }


def _note_rows(record: RoleRecord, events: list[dict]) -> Iterable[Row]:
    for item in record.view["notes"]:
        yield {
            "note_id": item["id"],
            "seq": item["seq"],
            "turn": item["turn"],
            "at": item["at"],
            "role": item["role"],
            "author": item["author"],
            "text": item["text"],
        }


def _initiative_rows(record: RoleRecord, events: list[dict]) -> Iterable[Row]:
    table = initiative(record)
    indicator = table["indicator"]
    values = {p["turn"]: p["value"] for p in indicator["values"]} if indicator else {}
    for row in table["rows"]:
        yield {
            **{key: row[key] for key in INITIATIVE_KEYS},
            "answered_seats": _joined(row["answered_seats"]),
            "initiative_indicator": indicator["id"] if indicator else None,
            "initiative_value": values.get(row["turn"]),
        }


INITIATIVE_KEYS = (
    "seat",
    "turn",
    "moves",
    "opened",
    "answered",
    "undisclosed",
    "public",
    "secret",
    "free",
    "leverage_held",
    "leverage_used",
    "locked_by",
    "lock_seconds",
)


# ---- the estimates: every probability the record holds for a move ------------------------------


def _proposal_estimates(event: dict) -> Iterable[Row]:
    data = event["data"]
    yield {
        "move_id": data.get("move_id"),
        "source": "proposal",
        "by": (event.get("actor") or {}).get("name"),
        "engine_probability": data.get("proposed"),
        "probability": data.get("probability"),
        "reason": data.get("reason"),
    }


def _final_estimates(event: dict) -> Iterable[Row]:
    for entry in event["data"].get("entries", []):
        yield {
            "move_id": entry.get("move_id"),
            "source": "final",
            "by": (event.get("actor") or {}).get("name"),
            "engine_probability": entry.get("proposed"),
            "probability": entry.get("probability"),
            "reason": entry.get("override_reason"),
        }


def _blind_estimates(event: dict) -> Iterable[Row]:
    data = event["data"]
    yield {
        "move_id": data.get("move_id"),
        "source": "adjudicator",
        "by": ((event.get("actor") or {}).get("member") or {}).get("name")
        or (event.get("actor") or {}).get("name"),
        "engine_probability": None,
        "probability": data.get("probability"),
        "reason": data.get("reason"),
    }


# event type -> the estimates it records (one small addition per new kind of estimate)
ESTIMATE_EVENTS: dict[str, Callable[[dict], Iterable[Row]]] = {
    "probability_estimated": _blind_estimates,
    "probability_proposed": _proposal_estimates,
    "move_adjudicated": _final_estimates,
}


def _estimate_rows(record: RoleRecord, events: list[dict]) -> Iterable[Row]:
    for event in events:
        rows = ESTIMATE_EVENTS.get(event["type"])
        if rows is None:
            continue
        for row in rows(event):
            yield {"seq": event["seq"], "turn": event["turn"], "at": event["at"], **row}


# ---- tables of one kind of event ---------------------------------------------------------------

EVENT_COLUMNS = [
    ("seq", "the event's place in the log"),
    ("turn", "the turn the game was in"),
    ("at", "when it was recorded (UTC, ISO 8601)"),
    ("actor_role", "the role that sent the command (a seat, control, observer, analyst)"),
    ("actor_name", "the name the actor signed with, if any"),
]


def event_table(
    name: str, description: str, types: set[str], columns: list[tuple[str, str, str]]
) -> Table:
    """A table with one row per event of ``types`` the role sees: the common event columns,
    then ``columns`` (name, the key in the event's data, what it holds); lists are joined with
    ';', objects written as JSON."""

    def rows(record: RoleRecord, events: list[dict]) -> Iterable[Row]:
        for event in events:
            if event["type"] not in types:
                continue
            data = event["data"]
            row: Row = {
                "seq": event["seq"],
                "turn": event["turn"],
                "at": event["at"],
                "actor_role": (event.get("actor") or {}).get("role"),
                "actor_name": (event.get("actor") or {}).get("name"),
            }
            for column, key, _ in columns:
                value = data.get(key)
                if isinstance(value, list):
                    value = _joined(_json(v) if isinstance(v, dict) else v for v in value)
                elif isinstance(value, dict):
                    value = _json(value)
                row[column] = value
            yield row

    return Table(
        name,
        description,
        [*EVENT_COLUMNS, *((column, text) for column, _, text in columns)],
        rows,
    )


EVENT_TABLES = [
    event_table(
        "observations",
        "Analysts' tagged observations (events observation_added), as this role may see them.",
        {"observation_added"},
        [
            ("observation_id", "observation", "the observation's id"),
            ("tags", "tags", "its tags, separated by ';'"),
            ("about_seq", "about_seq", "the seq of the event it is about, if any"),
            ("text", "text", "what the analyst wrote"),
        ],
    ),
    event_table(
        "answers",
        "Answers to questionnaires and hotwash questions (events question_answered), as this "
        "role may see them.",
        {"question_answered"},
        [
            ("question_id", "question_id", "the question answered"),
            ("seat", "seat", "the seat of the team that answered"),
            ("member", "member", "the member who answered, if named (else the seat's link)"),
            ("value", "value", "a scale question's value"),
            ("choice", "choice", "a choice question's choice"),
            ("text", "text", "the free-text answer"),
        ],
    ),
]


# ---- the dataset --------------------------------------------------------------------------------

TABLES = [
    Table(
        "game",
        "The game and the chair this dataset was taken from (one row).",
        [
            ("game_id", "the game's id"),
            ("title", "its title"),
            ("scenario", "the scenario's slug"),
            ("role", "the chair whose record this is: every table holds only what it may see"),
            ("seq", "the last seq of the log included"),
            ("status", "setup, running or ended"),
            ("turn", "the turn reached"),
            ("turns", "the turns the scenario plans"),
            ("record_open", "True once the White Cell opened the whole record to every chair"),
            ("exported_at", "when this dataset was made (UTC)"),
        ],
        _game_rows,
    ),
    Table(
        "events",
        "Every event of the log this chair may see, as the engine projects it for the chair.",
        [
            ("seq", "the event's place in the log (1, 2, ...)"),
            ("type", "the kind of event (docs/engine.md)"),
            ("turn", "the turn the game was in"),
            ("phase", "the phase the game was in (briefing, diplomacy, orders, ...)"),
            ("at", "when it was recorded (UTC, ISO 8601)"),
            ("actor_role", "the role that sent the command"),
            ("actor_name", "the name the actor signed with, if any"),
            ("actor_member", "the member of the team who acted, if this chair may know it"),
            ("actor_bot", "True when a bot played the command"),
            ("data", "the event's data as JSON, as this chair may see it"),
        ],
        _event_rows,
    ),
    Table(
        "moves",
        "Every move this chair sees (a sealed secret move: seat, turn and status only).",
        [
            ("move_id", "the move's id"),
            ("seat", "the seat that made it"),
            ("turn", "its turn"),
            ("number", "its place among its seat's moves of the turn (blank if withdrawn)"),
            ("status", "submitted, withdrawn or announced"),
            ("visibility", "public or secret"),
            ("disclosed", "False for a secret move this chair sees sealed (no action, no target)"),
            ("action", "the catalog action's id, or 'free' for a free argument"),
            ("action_name", "the action's name"),
            ("free_action", "a free argument's action"),
            ("free_result", "a free argument's claimed result"),
            ("targets", "the seats it targets, separated by ';'"),
            ("revealed", "True once a secret move was revealed"),
            ("detected", "for a sealed move: True if this chair's seat detected it"),
            ("outcome", "success or failure once adjudicated"),
            ("adjudication_id", "its standing adjudication"),
            ("initiative", "opened, answered or undisclosed (docs/analysis.md, Initiative)"),
            ("answered_seats", "the seats whose move of the turn before it answered"),
            ("rationale", "the team's own reasoning (its seat and the White Cell only)"),
            ("submitted_seq", "the seq of its first move_submitted, where this chair sees it"),
        ],
        _move_rows,
    ),
    Table(
        "adjudications",
        "One row per move of each adjudication this chair sees (voided ones included).",
        [
            ("adjudication_id", "the adjudication's id"),
            ("seq", "when it was recorded"),
            ("turn", "its turn"),
            ("method", "roll (a recorded draw) or decide"),
            ("opposed", "True for an opposed pair resolved together"),
            ("move_id", "the move"),
            ("seat", "the move's seat"),
            ("proposed", "the engine's proposed probability (White Cell's record only)"),
            ("probability", "the final probability, in percent"),
            ("override_reason", "why the White Cell set another probability (its record only)"),
            ("draws", "the draws (1-100), separated by ';'"),
            ("outcome", "success or failure"),
            ("reason", "the White Cell's reason, if given"),
            ("narrative", "the narrative as it stands"),
            ("voided", "True if voided later"),
            ("void_reason", "why it was voided"),
        ],
        _adjudication_rows,
    ),
    Table(
        "estimates",
        "Every probability the record holds for a move, as this chair may see it: each named "
        "adjudicator's blind estimate (source adjudicator), the White Cell's proposals "
        "(proposal) and the probability of the adjudication (final).",
        [
            ("seq", "the event that recorded it"),
            ("turn", "the turn"),
            ("at", "when (UTC)"),
            ("move_id", "the move estimated"),
            ("source", "adjudicator, proposal or final"),
            ("by", "who gave it"),
            ("engine_probability", "the engine's proposal at that point (if this chair sees it)"),
            ("probability", "the probability given, in percent"),
            ("reason", "the reason given for a probability other than the engine's"),
        ],
        _estimate_rows,
    ),
    Table(
        "indicators",
        "Each visible indicator over time: its starting value and one row per change.",
        [
            ("indicator", "the indicator's id"),
            ("name", "its name"),
            ("seq", "the seq of the change"),
            ("turn", "its turn"),
            ("value", "the value after the change"),
            ("delta", "the change"),
            ("min", "the indicator's lowest value"),
            ("max", "its highest value"),
            ("cause", "start, adjudication, inject, adjustment, void or undisclosed"),
            ("cause_move_id", "the move whose result changed it"),
            ("cause_inject_id", "the inject that changed it"),
            ("cause_adjudication_id", "the adjudication (or voided adjudication)"),
        ],
        _indicator_rows,
    ),
    Table(
        "messages",
        "The messages this chair sent or received (every message for the White Cell).",
        [
            ("message_id", "the message's id"),
            ("seq", "when it was sent"),
            ("turn", "its turn"),
            ("phase", "its phase"),
            ("at", "when (UTC)"),
            ("from", "the sender (a seat or control)"),
            ("to", "the recipients, separated by ';'"),
            ("recipients", "how many recipients"),
            ("length", "the text's length in characters"),
            ("text", "the text"),
        ],
        _message_rows,
    ),
    Table(
        "notes",
        "The analysts' notes this chair may see.",
        [
            ("note_id", "the note's id"),
            ("seq", "when it was written"),
            ("turn", "its turn"),
            ("at", "when (UTC)"),
            ("role", "the role that wrote it"),
            ("author", "its author's name"),
            ("text", "the note"),
        ],
        _note_rows,
    ),
    Table(
        "initiative",
        "Per seat and turn: moves that opened against moves that answered, leverage held "
        "against used, public against secret, time to lock the orders (docs/analysis.md).",
        [
            ("seat", "the seat"),
            ("turn", "the turn"),
            ("moves", "its moves of the turn this chair sees (withdrawn ones left out)"),
            ("opened", "moves that opened"),
            ("answered", "moves that answered a seat's move of the turn before"),
            ("undisclosed", "sealed secret moves this chair cannot classify"),
            ("public", "public moves"),
            ("secret", "secret moves"),
            ("free", "free arguments"),
            ("leverage_held", "catalog actions available as the orders opened (blank: unseen)"),
            ("leverage_used", "distinct catalog actions used (of the moves this chair sees)"),
            ("locked_by", "seat, white_cell (a deadline), or blank if never locked"),
            ("lock_seconds", "seconds from the orders phase opening to the lock"),
            ("answered_seats", "the seats answered, separated by ';'"),
            ("initiative_indicator", "the scenario's indicator of Beijing's initiative"),
            ("initiative_value", "its value at the end of the turn (blank: not visible)"),
        ],
        _initiative_rows,
    ),
    *EVENT_TABLES,
]


def _cell(value: object) -> object:
    if value is None:
        return ""
    return csv_cell(value)


def table_csv(table: Table, record: RoleRecord, events: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = [name for name, _ in table.columns]
    writer.writerow(names)
    for row in table.rows(record, events):
        writer.writerow([_cell(row.get(name)) for name in names])
    return out.getvalue()


def dictionary_csv() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "column", "description"])
    for table in TABLES:
        writer.writerow([f"{table.name}.csv", "", table.description])
        for name, description in table.columns:
            writer.writerow([f"{table.name}.csv", name, description])
    return out.getvalue()


README = """\
A game's record as tidy CSV tables, as the chair named in game.csv sees it.
dictionary.csv describes every table and column. Empty cells are missing values; lists are
joined with ';'; a text cell that starts with = + - @ has a ' put before it (so a spreadsheet
does not run it as a formula). With pandas:

    import zipfile, pandas as pd
    z = zipfile.ZipFile("dataset.zip")
    moves = pd.read_csv(z.open("moves.csv"))
"""


def dataset_zip(record: RoleRecord) -> bytes:
    """The zip: README.txt, dictionary.csv and one CSV per table."""
    events = _timed_events(record)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", README)
        archive.writestr("dictionary.csv", dictionary_csv())
        for table in TABLES:
            archive.writestr(f"{table.name}.csv", table_csv(table, record, events))
    return buffer.getvalue()
