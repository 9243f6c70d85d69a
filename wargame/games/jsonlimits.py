"""How deep any JSON the server reads may nest: request bodies, socket frames, imported logs.

Python's json module recurses once per level: a text of a thousand ``[`` is a RecursionError,
not a refusal. The nesting is measured on the text before it is parsed, so a deep document is
refused with a message that says so and never reaches the parser. The API (its JSON parser),
the socket (its frames) and the import of logs (each line) all ask :func:`too_deep`.
"""

from __future__ import annotations

import re

MAX_DEPTH = 64  # no command, game, frame or exported event needs more

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")

TOO_DEEP = f"the JSON is nested too deep: at most {MAX_DEPTH} levels"


def nesting_depth(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest (strings do not count)."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def too_deep(text: str | bytes) -> bool:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return nesting_depth(text) > MAX_DEPTH
