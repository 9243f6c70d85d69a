"""Request bodies and socket frames: JSON, nested at most MAX_DEPTH deep.

Python's json module recurses once per level: a body of a thousand ``[`` is a RecursionError,
not a refusal. The nesting is measured on the text before it is parsed, so a deep document is
a 400 that says so (a socket frame: an error frame) and never reaches the parser.
"""

from __future__ import annotations

import io
import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from wargame.games.imports import MAX_DEPTH  # no command, game or frame needs more

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


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


TOO_DEEP = f"the JSON is nested too deep: at most {MAX_DEPTH} levels"


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing documents nested deeper than MAX_DEPTH with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if too_deep(raw):
            raise ParseError(TOO_DEEP)
        return super().parse(io.BytesIO(raw), media_type, parser_context)
