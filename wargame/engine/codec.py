"""Canonical JSON, state hashes, and a fast deep copy for plain JSON-shaped data."""

from __future__ import annotations

import hashlib
import json
import marshal
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
    """Hex SHA-256 of the canonical JSON of a state (or any JSON-compatible value)."""
    return hashlib.sha256(canonical_json(state)).hexdigest()


def deep_copy(obj: T) -> T:
    """Copy nested dicts, lists, str, int, bool and None.

    marshal round-trips exactly these types, keeps dict order, and is several times faster than
    copy.deepcopy; anything else in a state is a bug and fails loudly here.
    """
    copied: T = marshal.loads(marshal.dumps(obj))  # type: ignore[arg-type]
    return copied
