"""Declarative conditions and probability modifiers over indicators, parsed without eval.

A condition is either a dict or a short string:

    {"indicator": "beijing_leverage", "gte": 60}          one or more comparators, all must hold
    {"all": [cond, ...]}   {"any": [cond, ...]}   {"not": cond}
    "beijing_leverage >= 60 and not (us_china_tension > 70 or escalation >= 10)"

Strings are parsed by a small recursive-descent parser into the dict form, so the engine only
ever evaluates dicts. A modifier adds points to a proposed probability:

    {"if": cond, "add": 10, "label": "leverage is high"}
    {"per": {"indicator": "escalation", "from": 5, "step": 2}, "add": -3, "min": -15, "max": 0}

The second form adds ``add`` for every whole ``step`` the indicator stands above ``from``
(negative below it, truncated towards zero), then clamps the term to [min, max] when given.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

COMPARATORS: dict[str, Callable[[int, int], bool]] = {
    "gte": lambda a, b: a >= b,
    "gt": lambda a, b: a > b,
    "lte": lambda a, b: a <= b,
    "lt": lambda a, b: a < b,
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
}
_SYMBOLS = {">=": "gte", ">": "gt", "<=": "lte", "<": "lt", "==": "eq", "!=": "ne"}
_COMPARATOR_TEXT = {v: k for k, v in _SYMBOLS.items()}
_TOKEN = re.compile(r"\s*(?:(>=|<=|==|!=|>|<|\(|\))|(-?\d+)|([A-Za-z_][A-Za-z0-9_]*))")


class ExpressionError(ValueError):
    """A malformed condition or modifier; ``path`` is relative to the expression's own place."""

    def __init__(self, problem: str, path: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.path = path


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    stripped = text.rstrip()
    while pos < len(stripped):
        match = _TOKEN.match(stripped, pos)
        if not match or match.end() == pos:
            raise ExpressionError(f"cannot read {text!r} at character {pos + 1}")
        tokens.append(match.group(match.lastindex or 0))
        pos = match.end()
    return tokens


class _Parser:
    """Grammar: or_expr := and_expr ("or" and_expr)*; and_expr := unary ("and" unary)*;
    unary := "not" unary | "(" or_expr ")" | NAME OP INT."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenize(text)
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ExpressionError(f"{self.text!r} ends too early")
        self.pos += 1
        return token

    def parse(self) -> dict[str, Any]:
        if not self.tokens:
            raise ExpressionError("empty condition")
        result = self.or_expr()
        if self.peek() is not None:
            raise ExpressionError(f"unexpected {self.peek()!r} in {self.text!r}")
        return result

    def or_expr(self) -> dict[str, Any]:
        parts = [self.and_expr()]
        while self.peek() == "or":
            self.take()
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else {"any": parts}

    def and_expr(self) -> dict[str, Any]:
        parts = [self.unary()]
        while self.peek() == "and":
            self.take()
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else {"all": parts}

    def unary(self) -> dict[str, Any]:
        token = self.take()
        if token == "not":
            return {"not": self.unary()}
        if token == "(":
            inner = self.or_expr()
            if self.take() != ")":
                raise ExpressionError(f"missing ')' in {self.text!r}")
            return inner
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", token) or token in ("and", "or"):
            raise ExpressionError(f"expected an indicator id, got {token!r} in {self.text!r}")
        op = self.take()
        if op not in _SYMBOLS:
            raise ExpressionError(f"expected a comparison after {token!r} in {self.text!r}")
        number = self.take()
        if not re.fullmatch(r"-?\d+", number):
            raise ExpressionError(f"expected a whole number after {op!r} in {self.text!r}")
        return {"indicator": token, _SYMBOLS[op]: int(number)}


def parse_condition(raw: Any, indicators: Mapping[str, Any], path: str = "") -> dict[str, Any]:
    """Validate a condition and return its normalised dict form; raise ExpressionError."""
    if isinstance(raw, str):
        try:
            raw = _Parser(raw).parse()
        except ExpressionError as exc:
            raise ExpressionError(exc.problem, path) from None
    if not isinstance(raw, dict):
        raise ExpressionError("a condition must be a mapping or a string like 'x >= 60'", path)
    if "indicator" in raw:
        indicator = raw["indicator"]
        if not isinstance(indicator, str):
            raise ExpressionError("indicator must be a string", _join(path, "indicator"))
        if indicator not in indicators:
            raise ExpressionError(f"unknown indicator {indicator!r}", _join(path, "indicator"))
        result: dict[str, Any] = {"indicator": indicator}
        for key, value in raw.items():
            if key == "indicator":
                continue
            if key not in COMPARATORS:
                raise ExpressionError(
                    f"unknown comparator {key!r} (use one of {', '.join(COMPARATORS)})",
                    _join(path, key),
                )
            if not _is_int(value):
                raise ExpressionError("a comparison needs a whole number", _join(path, key))
            result[key] = value
        if len(result) == 1:
            raise ExpressionError("a comparison needs one of gte, gt, lte, lt, eq, ne", path)
        return result
    if len(raw) != 1:
        keys = ", ".join(sorted(map(str, raw))) or "nothing"
        raise ExpressionError(
            f"a condition needs 'indicator' or exactly one of all/any/not (got {keys})", path
        )
    ((key, value),) = raw.items()
    if key in ("all", "any"):
        if not isinstance(value, list) or not value:
            raise ExpressionError(f"'{key}' needs a non-empty list of conditions", _join(path, key))
        return {
            key: [
                parse_condition(item, indicators, _join(_join(path, key), i))
                for i, item in enumerate(value)
            ]
        }
    if key == "not":
        return {"not": parse_condition(value, indicators, _join(path, "not"))}
    raise ExpressionError(f"unknown condition keyword {key!r}", _join(path, str(key)))


def parse_modifier(raw: Any, indicators: Mapping[str, Any], path: str = "") -> dict[str, Any]:
    """Validate a modifier and return its normalised dict form; raise ExpressionError."""
    if not isinstance(raw, dict):
        raise ExpressionError("a modifier must be a mapping with 'if' or 'per', and 'add'", path)
    allowed = {"if", "per", "add", "label", "min", "max"}
    for key in raw:
        if key not in allowed:
            raise ExpressionError(f"unknown modifier field {key!r}", _join(path, str(key)))
    if ("if" in raw) == ("per" in raw):
        raise ExpressionError("a modifier needs exactly one of 'if' or 'per'", path)
    if "add" not in raw:
        raise ExpressionError("a modifier needs 'add' (a whole number of points)", path)
    if not _is_int(raw["add"]):
        raise ExpressionError("'add' must be a whole number", _join(path, "add"))
    label = raw.get("label", "")
    if not isinstance(label, str):
        raise ExpressionError("'label' must be a string", _join(path, "label"))
    result: dict[str, Any] = {"add": raw["add"], "label": label}
    if "if" in raw:
        if "min" in raw or "max" in raw:
            raise ExpressionError("'min' and 'max' apply only to 'per' modifiers", path)
        result["if"] = parse_condition(raw["if"], indicators, _join(path, "if"))
    else:
        per = raw["per"]
        per_path = _join(path, "per")
        if not isinstance(per, dict):
            raise ExpressionError("'per' must be a mapping with indicator, from, step", per_path)
        for key in per:
            if key not in ("indicator", "from", "step"):
                raise ExpressionError(f"unknown field {key!r}", _join(per_path, str(key)))
        indicator = per.get("indicator")
        if indicator not in indicators:
            raise ExpressionError(f"unknown indicator {indicator!r}", _join(per_path, "indicator"))
        start = per.get("from", 0)
        step = per.get("step", 1)
        if not _is_int(start):
            raise ExpressionError("'from' must be a whole number", _join(per_path, "from"))
        if not _is_int(step) or step <= 0:
            raise ExpressionError("'step' must be a positive whole number", _join(per_path, "step"))
        result["per"] = {"indicator": indicator, "from": start, "step": step}
        for bound in ("min", "max"):
            if bound in raw:
                if not _is_int(raw[bound]):
                    raise ExpressionError(f"'{bound}' must be a whole number", _join(path, bound))
                result[bound] = raw[bound]
        if "min" in result and "max" in result and result["min"] > result["max"]:
            raise ExpressionError("'min' is greater than 'max'", path)
    if not result["label"]:
        result["label"] = describe_modifier(result)
    return result


def evaluate_condition(condition: Mapping[str, Any], values: Mapping[str, int]) -> bool:
    """Evaluate a normalised condition against indicator values."""
    if "indicator" in condition:
        value = values[condition["indicator"]]
        for key, bound in condition.items():
            if key != "indicator" and not COMPARATORS[key](value, bound):
                return False
        return True
    if "all" in condition:
        return all(evaluate_condition(c, values) for c in condition["all"])
    if "any" in condition:
        return any(evaluate_condition(c, values) for c in condition["any"])
    return not evaluate_condition(condition["not"], values)


def evaluate_modifier(modifier: Mapping[str, Any], values: Mapping[str, int]) -> int:
    """The points a normalised modifier adds given indicator values."""
    if "if" in modifier:
        return modifier["add"] if evaluate_condition(modifier["if"], values) else 0
    per = modifier["per"]
    difference = values[per["indicator"]] - per["from"]
    steps = abs(difference) // per["step"]
    points = modifier["add"] * (steps if difference >= 0 else -steps)
    if "min" in modifier:
        points = max(points, modifier["min"])
    if "max" in modifier:
        points = min(points, modifier["max"])
    return points


def condition_indicators(condition: Mapping[str, Any]) -> set[str]:
    """Every indicator id a normalised condition reads."""
    if "indicator" in condition:
        return {condition["indicator"]}
    if "not" in condition:
        return condition_indicators(condition["not"])
    found: set[str] = set()
    for part in condition.get("all", condition.get("any", [])):
        found |= condition_indicators(part)
    return found


def modifier_indicators(modifier: Mapping[str, Any]) -> set[str]:
    """Every indicator id a normalised modifier reads."""
    if "if" in modifier:
        return condition_indicators(modifier["if"])
    return {modifier["per"]["indicator"]}


def describe_condition(condition: Mapping[str, Any]) -> str:
    """Human-readable text of a normalised condition, e.g. 'leverage >= 60 and tension < 50'."""
    if "indicator" in condition:
        return " and ".join(
            f"{condition['indicator']} {_COMPARATOR_TEXT[key]} {bound}"
            for key, bound in condition.items()
            if key != "indicator"
        )
    if "not" in condition:
        return f"not ({describe_condition(condition['not'])})"
    word = " and " if "all" in condition else " or "
    parts = condition.get("all", condition.get("any", []))
    return word.join(f"({describe_condition(p)})" for p in parts)


def describe_modifier(modifier: Mapping[str, Any]) -> str:
    """Human-readable text of a normalised modifier."""
    if "if" in modifier:
        return f"{modifier['add']:+d} if {describe_condition(modifier['if'])}"
    per = modifier["per"]
    return f"{modifier['add']:+d} per {per['step']} of {per['indicator']} from {per['from']}"
