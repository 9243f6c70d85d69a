"""What changed between two views of one role, and a digest a browser can check cheaply.

A change is a list of operations that turns the older view into the newer one
(docs/protocol.md, "Change frames"):

- ``["s", path, value]`` sets the key or index at ``path`` to ``value`` (``[]``: the whole view);
- ``["d", path]`` deletes the key at ``path`` from its object;
- ``["x", path, start, delete_count, items]`` splices the list at ``path``: removes
  ``delete_count`` items from ``start`` and inserts ``items`` there.

Every value an operation carries is taken from the newer view, and a deletion carries only the
path of something the older view held: a change shows nothing the newer full view does not.

The digest is a Merkle CRC-32 of the view: each value's hash is computed from its children's
hashes, so a page that shares unchanged parts between its views (and remembers their hashes
by identity) rehashes only what a change touched, whatever the size of the view.
"""

from __future__ import annotations

import functools
import json
import struct
import zlib
from typing import Any

import orjson

_NULL = zlib.crc32(b"n")
_TRUE = zlib.crc32(b"t")
_FALSE = zlib.crc32(b"f")
_double = struct.Struct("<d")


def diff(old: Any, new: Any) -> list[list]:
    """The operations that turn ``old`` into ``new``."""
    ops: list[list] = []
    _diff(old, new, [], ops)
    return ops


def diff_into(old: Any, new: Any, path: list, ops: list[list]) -> None:
    """Add to ``ops`` the operations that turn ``old``, the value at ``path`` of a view, into
    ``new``: what ``diff`` of the whole views gives for that path."""
    _diff(old, new, path, ops)


def _same(old: Any, new: Any) -> bool:
    # ``1 == True == 1.0`` in Python, inside lists and objects too; a change of type is a
    # change of view. Equal containers are told apart by their canonical JSON, written fast.
    if type(old) is not type(new) or old != new:
        return False
    if type(old) is dict or type(old) is list:
        return _strict(old) == _strict(new)
    return True


def _strict(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
    except TypeError:  # integers beyond 64 bits: the standard library's form
        return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def _diff(old: Any, new: Any, path: list, ops: list[list]) -> None:
    if _same(old, new):
        return
    if type(old) is dict and type(new) is dict:
        for key in old:
            if key not in new:
                ops.append(["d", [*path, key]])
        for key, value in new.items():
            if key in old:
                _diff(old[key], value, [*path, key], ops)
            else:
                ops.append(["s", [*path, key], value])
    elif type(old) is list and type(new) is list:
        _diff_list(old, new, path, ops)
    else:
        ops.append(["s", path, new])


def _diff_list(old: list, new: list, path: list, ops: list[list]) -> None:
    if len(old) == len(new):
        for index, (before, after) in enumerate(zip(old, new, strict=True)):
            _diff(before, after, [*path, index], ops)
        return
    # Unchanged items at either end; in between, items that kept their place are changed in
    # place, and the rest inserted or removed by one splice (an appended entry, a new move).
    shortest = min(len(old), len(new))
    head = 0
    while head < shortest and _same(old[head], new[head]):
        head += 1
    tail = 0
    while tail < shortest - head and _same(old[-1 - tail], new[-1 - tail]):
        tail += 1
    old_middle = old[head : len(old) - tail]
    new_middle = new[head : len(new) - tail]
    kept = min(len(old_middle), len(new_middle))
    for offset in range(kept):
        _diff(old_middle[offset], new_middle[offset], [*path, head + offset], ops)
    ops.append(["x", path, head + kept, len(old_middle) - kept, new_middle[kept:]])


def digest(value: Any) -> str:
    """The view's digest: eight hex digits (docs/protocol.md, "The digest")."""
    return f"{_walk(value) if type(value) is dict else _hash(value):08x}"


# Hashes of small lists and objects by their canonical JSON: most of a view (its timeline
# entries, messages, moves) is as it was at the seq before, and orjson writes the bytes that find
# a hash again far faster than Python walks the tree. Larger ones (the timeline itself) are
# walked, each of their items found here. Bounded by the bytes of its keys.
_memo: dict[bytes, int] = {}
_memo_bytes = 0
MEMO_MAX_BYTES = 16 << 20
MEMO_MAX_KEY = 4096


def _memo_hash(value: Any, key: bytes | None = None) -> int:
    global _memo_bytes
    kept = key is not None  # the caller's encoding, which it keeps itself
    if key is None:
        try:
            key = orjson.dumps(value, option=orjson.OPT_SORT_KEYS)
        except TypeError:  # what orjson refuses (integers beyond 64 bits): walk it
            return _walk(value)
    if len(key) > MEMO_MAX_KEY:
        return _walk(value)
    found = _memo.get(key)
    if found is None:
        found = _walk(value)
        if _memo_bytes + len(key) > MEMO_MAX_BYTES:
            _memo.clear()
            _memo_bytes = 0
        # A key of orjson's own is kept in a block of its length (engine.kept_json).
        _memo[key if kept else memoryview(key).tobytes()] = found
        _memo_bytes += len(key)
    return found


def value_hash(value: Any, encoded: bytes | None = None) -> int:
    """The hash of one value of a view (the digest's own, as a number); ``encoded``, its
    canonical JSON when the caller has it, spares encoding it again."""
    if encoded is not None and (type(value) is dict or type(value) is list):
        return _memo_hash(value, encoded)
    return _hash(value)


def list_hash(item_hashes: bytes = b"", start: int | None = None) -> int:
    """The hash of a list from its items' hashes (``u32`` each, little-endian, in order); with
    ``start``, the hash of a list whose earlier items gave ``start``, ``item_hashes`` being
    those of the items after them. CRC-32 runs on: a list that grows by appending is hashed
    by what it appends."""
    if start is None:
        return zlib.crc32(b"a" + item_hashes)
    return zlib.crc32(item_hashes, start)


def object_digest(hashes: dict[str, int]) -> str:
    """The digest of an object from the hashes of its values (by key): ``digest`` of a view
    whose parts' hashes are known."""
    parts = bytearray(b"o")
    for key, key_hash in _key_order(tuple(hashes)):
        parts += key_hash
        parts += hashes[key].to_bytes(4, "little")
    return f"{zlib.crc32(parts):08x}"


@functools.lru_cache(maxsize=64)
def _key_order(keys: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    """An object's keys in the digest's order, each with its hash as four bytes."""
    ordered = sorted(keys)
    if not all(key.isascii() for key in ordered):
        ordered.sort(key=_utf16)
    return tuple((key, zlib.crc32(b"s" + key.encode()).to_bytes(4, "little")) for key in ordered)


def _utf16(key: str) -> bytes:
    return key.encode("utf-16-be")


def _hash(value: Any) -> int:
    kind = type(value)
    if kind is dict or kind is list:
        return _memo_hash(value)
    return _walk(value)


def _walk(value: Any) -> int:
    kind = type(value)
    if kind is str:
        return zlib.crc32(b"s" + value.encode())
    if kind is dict:
        keys = sorted(value)
        if not all(key.isascii() for key in keys):
            keys.sort(key=_utf16)  # the order of a browser's sort: UTF-16 code units
        parts = bytearray(b"o")
        for key in keys:
            parts += (zlib.crc32(b"s" + key.encode())).to_bytes(4, "little")
            parts += _hash(value[key]).to_bytes(4, "little")
        return zlib.crc32(parts)
    if kind is list:
        parts = bytearray(b"a")
        for item in value:
            parts += _hash(item).to_bytes(4, "little")
        return zlib.crc32(parts)
    if value is None:
        return _NULL
    if value is True:
        return _TRUE
    if value is False:
        return _FALSE
    if kind is int or kind is float:
        return zlib.crc32(b"d" + _double.pack(float(value)))
    raise TypeError(f"not a JSON value: {kind.__name__}")


def apply(view: Any, ops: list[list]) -> Any:
    """``view`` with the operations applied, in place where it can be (the reference for the
    pages' own, frontend/src/server/changes.ts; tests fold a socket's frames with it)."""
    for op in ops:
        kind, path = op[0], op[1]
        if kind == "s" and not path:
            view = op[2]
            continue
        container = view
        for step in path[:-1] if kind != "x" else path:
            container = container[step]
        if kind == "s":
            container[path[-1]] = op[2]
        elif kind == "d":
            del container[path[-1]]
        elif kind == "x":
            start, count, items = op[2], op[3], op[4]
            container[start : start + count] = items
        else:
            raise ValueError(f"unknown operation {kind!r}")
    return view
