"""A YAML reader for files nobody vouched for: no aliases, bounded size, depth and numbers.

PyYAML's safe loader still expands aliases: a kilobyte of nested ``*a`` references (the
"billion laughs") unfolds into gigabytes. A scenario never needs them, so an alias is refused
where it stands, before anything is expanded. Nesting is bounded (the engine's own checks
recurse over the document), and so are numbers: a 5,000-digit integer would otherwise stop
Python's ``int`` with a ValueError, or cost quadratic time to convert.
"""

from __future__ import annotations

from typing import Any

import yaml

MAX_FILE_BYTES = 1 << 20  # the shipped scenarios are under 70 KB
MAX_DEPTH = 40  # mappings and lists inside each other
MAX_NUMBER_CHARS = 24  # digits (and sign, point, exponent) of one number


class YamlRefused(Exception):
    """What is wrong and where: ``where`` is "line L, column C" (or "")."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(problem)
        self.where = where
        self.problem = problem


def _where(mark: Any) -> str:
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise YamlRefused(
                _where(event.start_mark),
                f"an alias (*{event.anchor}) is not allowed in a scenario file: "
                "write the value out where it is used",
            )
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                event = self.peek_event()  # type: ignore[no-untyped-call]
                raise YamlRefused(
                    _where(event.start_mark), f"nested more than {MAX_DEPTH} levels deep"
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _bounded_number(self, node: Any) -> Any:
        text = self.construct_scalar(node)
        if len(text.replace("_", "")) > MAX_NUMBER_CHARS:
            raise YamlRefused(
                _where(node.start_mark),
                f"a number of {len(text)} characters (at most {MAX_NUMBER_CHARS})",
            )
        return text

    def construct_yaml_int(self, node: Any) -> Any:
        self._bounded_number(node)
        return super().construct_yaml_int(node)

    def construct_yaml_float(self, node: Any) -> Any:
        self._bounded_number(node)
        return super().construct_yaml_float(node)


_BoundedLoader.add_constructor("tag:yaml.org,2002:int", _BoundedLoader.construct_yaml_int)
_BoundedLoader.add_constructor("tag:yaml.org,2002:float", _BoundedLoader.construct_yaml_float)


def decode(raw: bytes) -> str:
    """The file's text; YamlRefused when it is too large or not UTF-8."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlRefused("", f"the file is {len(raw):,} bytes (at most {MAX_FILE_BYTES:,})")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlRefused(
            f"line {line}, byte {exc.start}", "not UTF-8 text (save the file as UTF-8)"
        ) from None


def load(text: str) -> Any:
    """The document in ``text``; YamlRefused for aliases, deep nesting or huge numbers,
    yaml.YAMLError for text that is not YAML."""
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    except RecursionError:
        raise YamlRefused("", "nested too deeply") from None
    finally:
        loader.dispose()
