"""Request bodies: JSON, nested at most MAX_DEPTH deep (``wargame/games/jsonlimits.py``).

A deep document is a 400 that says so and never reaches the parser.
"""

from __future__ import annotations

import io

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from wargame.games.jsonlimits import TOO_DEEP, too_deep


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, refusing documents nested deeper than MAX_DEPTH with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read() if stream is not None else b""
        if too_deep(raw):
            raise ParseError(TOO_DEEP)
        return super().parse(io.BytesIO(raw), media_type, parser_context)
