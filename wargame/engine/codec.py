"""Canonical JSON, state hashes, and a fast deep copy for plain JSON-shaped data."""

from __future__ import annotations

import hashlib
import json
import marshal
import threading
from collections import OrderedDict
from typing import Any, TypeVar

import orjson

T = TypeVar("T")


def canonical_json(obj: Any) -> bytes:
    """The one byte form used for hashing: sorted keys, no spaces, UTF-8.

    orjson writes exactly these bytes about ten times faster than the standard library, which
    matters because every append hashes the whole state; for what orjson refuses (integers
    beyond 64 bits, non-string keys) the standard library gives the same form.
    """
    try:
        return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
    except TypeError:
        return reference_canonical_json(obj)


def kept_json(obj: Any) -> bytes:
    """:func:`canonical_json` in a block of its own length, for what a cache keeps: orjson's
    bytes stay in the buffer it wrote them into, at least 4 KiB and up to twice their length,
    so a timeline of 200-byte entries kept as they came would hold 4 KiB for each."""
    return memoryview(canonical_json(obj)).tobytes()


def reference_canonical_json(obj: Any) -> bytes:
    """The canonical form as the standard library writes it: the definition orjson must match."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def state_hash(state: Any) -> str:
    """Hex SHA-256 of the canonical JSON of a state (or any JSON-compatible value).

    A state's scenario is most of its bytes and never changes once the game is created, and the
    states of a game share one scenario object: its canonical JSON is written once and the rest
    of the state around it, which hashes the very bytes of ``canonical_json(state)``."""
    if isinstance(state, dict) and isinstance(state.get(_SPLICED), dict):
        return _spliced_hash(state)
    return hashlib.sha256(canonical_json(state)).hexdigest()


_SPLICED = "scenario"
_KEPT_SCENARIOS = 64
# id(scenario) -> (the scenario, its canonical JSON); the scenario is held, so its id stays its.
# Commands of different games hash on threads of their own, hence the lock.
_scenario_json: OrderedDict[int, tuple[dict[str, Any], bytes]] = OrderedDict()
_scenario_lock = threading.Lock()


def _scenario_bytes(scenario: dict[str, Any]) -> bytes:
    with _scenario_lock:
        kept = _scenario_json.get(id(scenario))
        if kept is not None and kept[0] is scenario:
            _scenario_json.move_to_end(id(scenario))
            return kept[1]
    written = kept_json(scenario)
    with _scenario_lock:
        _scenario_json[id(scenario)] = (scenario, written)
        if len(_scenario_json) > _KEPT_SCENARIOS:
            _scenario_json.popitem(last=False)
    return written


def _spliced_hash(state: dict[str, Any]) -> str:
    # Keys are sorted as canonical JSON sorts them, by code point, as str comparison does.
    before = {key: value for key, value in state.items() if key < _SPLICED}
    after = {key: value for key, value in state.items() if key > _SPLICED}
    digest = hashlib.sha256(canonical_json(before)[:-1])
    digest.update(b',"scenario":' if before else b'"scenario":')
    digest.update(_scenario_bytes(state[_SPLICED]))
    if after:
        digest.update(b",")
        digest.update(canonical_json(after)[1:])
    else:
        digest.update(b"}")
    return digest.hexdigest()


def deep_copy(obj: T) -> T:
    """Copy nested dicts, lists, str, int, bool and None.

    marshal round-trips exactly these types, keeps dict order, and is several times faster than
    copy.deepcopy; anything else in a state is a bug and fails loudly here.
    """
    copied: T = marshal.loads(marshal.dumps(obj))  # type: ignore[arg-type]
    return copied
