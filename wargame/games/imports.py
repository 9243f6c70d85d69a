"""Importing an exported log as a new game: parse, check the signature and the chain, copy,
refold, compare every state hash.

Every refusal is an :class:`ImportError_` (a ValueError) whose message names the line (or the
seq) and the field: the management command and the API print it as it is, never a traceback.

What is accepted (docs/protocol.md, "Exported logs"):

- every line is an event with exactly the exported fields, of the right types, nested at most
  ``MAX_DEPTH`` deep, with integers within 64 bits; the last line may be the signature;
- the chain holds, and every event has a state hash;
- a signature by a trusted key (this server's, or ``WARGAME_TRUSTED_KEYS``) over the log's
  head makes the import *verified*; an unsigned log, or one signed by a key not trusted here,
  imports only with ``unverified=True`` and is marked "origin not verified"; a signature that
  does not match the log is refused either way;
- the state hashes are recomputed and compared when this engine's version recorded them. A log
  recorded by another engine version cannot have its states checked here, so it is accepted
  only when signed by a trusted key (a server vouching for its own record), never unverified.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import datetime

from django.db import transaction

from wargame import engine
from wargame.games import signing, store
from wargame.games.jsonlimits import MAX_DEPTH, too_deep
from wargame.games.models import Game
from wargame.games.rebuild import load_state, verify_game
from wargame.games.service import summary_of

FIELDS = (
    "seq",
    "type",
    "schema_version",
    "actor",
    "at",
    "data",
    "audience",
    "state_hash",
    "prev_hash",
    "hash",
)
MAX_LINE_CHARS = 8 << 20
# The integers the canonical JSON (orjson) and the database take: 64 bits (the dice's seed).
MIN_INTEGER, MAX_INTEGER = -(2**63), 2**64 - 1
HEX64 = re.compile(r"[0-9a-f]{64}")
UNVERIFIED_HINT = "import it with --unverified (the game is then marked 'origin not verified')"


class ImportRefused(ValueError):
    """A log that is refused, and why; the message names the line or seq and the field.
    ``code`` is ``origin_not_verified`` when only the missing --unverified stands in the way."""

    def __init__(self, message: str, code: str = "invalid_log") -> None:
        super().__init__(message)
        self.code = code


def _depth_and_numbers(value: object, path: str) -> str | None:
    """The first problem of nesting or numbers in ``value``, iteratively (no recursion)."""
    stack: list[tuple[object, str, int]] = [(value, path, 1)]
    while stack:
        item, where, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"{where}: nested more than {MAX_DEPTH} levels deep"
        if isinstance(item, str):
            if "\x00" in item:
                return f"{where}: a NUL character in a text"
            continue
        if isinstance(item, bool) or item is None:
            continue
        if isinstance(item, int):
            if not MIN_INTEGER <= item <= MAX_INTEGER:
                return f"{where}: the number {str(item)[:20]}… is out of range"
        elif isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                return f"{where}: not a finite number"
        elif isinstance(item, dict):
            for key, inner in item.items():
                if "\x00" in key:
                    return f"{where}: a NUL character in a field name"
                stack.append((inner, f"{where}.{key}" if where else key, depth + 1))
        elif isinstance(item, list):
            for index, inner in enumerate(item):
                stack.append((inner, f"{where}[{index}]", depth + 1))
    return None


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _load_line(number: int, line: str) -> object:
    if len(line) > MAX_LINE_CHARS:
        raise ImportRefused(f"line {number}: longer than {MAX_LINE_CHARS:,} characters")
    if too_deep(line):  # refused before the parser, which would recurse once per level
        raise ImportRefused(f"line {number}: nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(line, parse_constant=_reject_constant)
    except ValueError as exc:
        problem = str(exc)
        if "digits" in problem:  # Python's limit on converting very long integers
            raise ImportRefused(f"line {number}: a number with too many digits") from None
        raise ImportRefused(f"line {number}: not JSON ({problem})") from None


def _check_event(number: int, event: dict) -> None:
    def bad(field: str, problem: str) -> ImportRefused:
        return ImportRefused(f"line {number}: field {field!r}: {problem}")

    missing = [name for name in FIELDS if name not in event]
    if missing:
        raise bad(missing[0], "missing")
    unknown = sorted(set(event) - set(FIELDS))
    if unknown:
        raise bad(unknown[0], "not a field of an exported event")
    problem = _depth_and_numbers(event, "")
    if problem is not None:
        field, _, rest = problem.partition(": ")
        raise bad(field, rest)
    for name in ("seq", "schema_version"):
        value = event[name]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise bad(name, "not a whole number of at least 1")
    if event["schema_version"] != store.SCHEMA_VERSION:
        raise bad("schema_version", f"unknown schema version {event['schema_version']}")
    if not isinstance(event["type"], str) or event["type"] not in engine.EVENT_TYPES:
        raise bad("type", "not an event type of this engine")
    actor = event["actor"]
    if not isinstance(actor, dict):
        raise bad("actor", "not an object with a role and a name")
    if set(actor) - {"role", "name", "member"}:
        unknown = sorted(set(actor) - {"role", "name", "member"})[0]
        raise bad("actor", f"unknown field {unknown!r}")
    member = actor.get("member", {"id": "-", "name": "-"})
    if not (
        isinstance(member, dict)
        and set(member) == {"id", "name"}
        and all(isinstance(member[k], str) and 0 < len(member[k]) <= 120 for k in member)
    ):
        raise bad("actor.member", "not an object with a member's id and name")
    if not isinstance(actor.get("role"), str) or not 0 < len(actor["role"]) <= 40:
        raise bad("actor.role", "not a role name")
    name = actor.get("name")
    if name is not None and (not isinstance(name, str) or len(name) > 120):
        raise bad("actor.name", "not a name of at most 120 characters")
    if not isinstance(event["at"], str) or len(event["at"]) > 40:
        raise bad("at", "not a time")
    try:
        moment = datetime.fromisoformat(event["at"].replace("Z", "+00:00"))
    except ValueError:
        raise bad("at", "not an ISO 8601 time") from None
    if moment.tzinfo is None:
        raise bad("at", "a time without its UTC offset")
    if not isinstance(event["data"], dict):
        raise bad("data", "not an object")
    audience = event["audience"]
    if audience != "all" and not (
        isinstance(audience, list) and all(isinstance(r, str) and len(r) <= 40 for r in audience)
    ):
        raise bad("audience", 'neither "all" nor a list of roles')
    for name in ("prev_hash", "hash"):
        if not isinstance(event[name], str) or not HEX64.fullmatch(event[name]):
            raise bad(name, "not a SHA-256 hash (64 lowercase hex digits)")
    if not isinstance(event["state_hash"], str) or not HEX64.fullmatch(event["state_hash"]):
        raise bad(
            "state_hash",
            "blank or not a SHA-256 hash: a log without its state hashes cannot be checked",
        )


def parse_lines(text: str) -> tuple[list[dict], dict | None, int | None]:
    """(events, the signature line's object or None, the signature's line number)."""
    events: list[dict] = []
    signature: dict | None = None
    signature_line: int | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if signature is not None:
            raise ImportRefused(f"line {number}: a line after the signature line")
        item = _load_line(number, line)
        if not isinstance(item, dict):
            raise ImportRefused(f"line {number}: not an exported event (a JSON object)")
        if set(item) == {"signature"}:
            problem = _depth_and_numbers(item, "")
            if problem is not None:
                raise ImportRefused(f"line {number}: {problem}")
            signature, signature_line = item, number
            if not isinstance(signature["signature"], dict):
                raise ImportRefused(f"line {number}: field 'signature': not an object")
            continue
        _check_event(number, item)
        events.append(item)
    return events, signature, signature_line


def _provenance(
    events: list[dict], signature: dict | None, line: int | None, *, unverified: bool
) -> tuple[str, str, str]:
    """(origin, origin_key, origin_note) for the import, or ImportRefused."""
    version = engine.recorded_engine_version(events[0])
    same_version = version == engine.ENGINE_VERSION
    head = events[-1]
    signed: signing.Signature | None = None
    if signature is not None:
        try:
            signed = signing.check(signature["signature"])
        except signing.BadSignature as exc:
            raise ImportRefused(f"line {line}: {exc}") from None
        if signed.seq != head["seq"] or signed.head_hash != head["hash"]:
            raise ImportRefused(
                f"line {line}: the signature is over seq {signed.seq} with another head hash "
                f"than the log's (seq {head['seq']}): the log was changed after it was signed"
            )
        if signed.engine_version != version:
            raise ImportRefused(
                f"line {line}: the signature names engine version {signed.engine_version!r}, "
                f"the log's first event {version!r}"
            )
    trusted = signed is not None and signed.key in signing.trusted_keys()
    if not same_version and not trusted:
        raise ImportRefused(
            f"seq 1: field 'data.engine_version': the log was recorded by engine version "
            f"{version!r}; this server (engine version {engine.ENGINE_VERSION}) cannot check "
            "its state hashes, so it accepts such a log only signed by a trusted key"
        )
    if trusted:
        who = "this server" if signed.key == signing.own_key() else f"trusted key {signed.key}"
        note = f"signed by {who} (game {signed.game_id}, {signed.signed_at})"
        if not same_version:
            note += (
                f"; recorded by engine version {version}: chain and folding checked, "
                "state hashes not compared"
            )
        return "verified", signed.key, note
    reason = (
        "the log is unsigned"
        if signed is None
        else f"the log is signed by a key this server does not trust ({signed.key})"
    )
    if not unverified:
        raise ImportRefused(f"{reason}: {UNVERIFIED_HINT}", code="origin_not_verified")
    return "unverified", signed.key if signed else "", f"origin not verified: {reason}"


def _lineage(events: list[dict]) -> tuple[uuid.UUID, int]:
    """The parent game and fork seq a branch's first event names, or ImportRefused."""
    seq = events[0]["seq"]
    parent = events[0]["data"].get("parent")
    try:
        parent_id = uuid.UUID(str(parent["game"]))  # type: ignore[index]
    except (TypeError, KeyError, ValueError):
        raise ImportRefused(f"seq {seq}: field 'data.parent.game': not a game id") from None
    if parent.get("seq") != seq:
        raise ImportRefused(f"seq {seq}: field 'data.parent.seq': not the seq the log begins at")
    return parent_id, seq


def import_log(text: str, *, facilitator=None, unverified: bool = False) -> Game:
    """A new game holding the exported events, owned by ``facilitator``; ImportRefused names
    what is wrong and where."""
    events, signature, line = parse_lines(text)
    if not events:
        raise ImportRefused("the log has no events")
    broken = store.first_broken_link(events)
    if broken is not None:
        raise ImportRefused(f"seq {broken[0]}: {broken[1]}")
    if events[0]["type"] not in engine.FIRST_EVENTS:
        raise ImportRefused(
            f"seq {events[0]['seq']}: field 'type': the first event must be game_created "
            "or game_branched"
        )
    origin, origin_key, origin_note = _provenance(events, signature, line, unverified=unverified)
    first = events[0]["data"]
    parent_id, fork_seq = None, None
    if events[0]["type"] == "game_branched":
        # A branch keeps its lineage: the parent it names, checked by verify_game against the
        # parent when that game is on this server too.
        parent_id, fork_seq = _lineage(events)
        carried = first.get("state")
        first = {
            "title": events[1]["data"].get("title") if len(events) > 1 else None,
            "scenario": carried.get("scenario") if isinstance(carried, dict) else None,
        }
    scenario = first.get("scenario") if isinstance(first.get("scenario"), dict) else {}
    try:
        with transaction.atomic():
            game = Game.objects.create(
                title=str(first.get("title") or "Imported game")[:200],
                scenario=str(scenario.get("slug") or "imported")[:100],
                created_by=facilitator,
                origin=origin,
                origin_key=origin_key,
                origin_note=origin_note[:400],
                parent_id=parent_id,
                fork_seq=fork_seq,
            )
            store.import_events(game=game, events=events)
            game.refresh_from_db()
            fault = verify_game(game)
            if fault is not None:
                raise store.ImportRefused(fault.seq, fault.reason)
            for name, value in summary_of(load_state(game.id)).items():
                setattr(game, name, value)
            game.save(update_fields=["status", "turn", "phase", "replay_open"])
    except store.ImportRefused as refused:
        raise ImportRefused(str(refused)) from None
    return game
