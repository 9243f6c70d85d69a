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

Conditions of scenario injects, narratives and catalog actions may also read what the game's
log holds (``LogRefs`` says which ids exist; ``Facts`` holds what happened so far):

    {"succeeded": action}  {"failed": action}  {"adjudicated": action}  {"submitted": action}
    {"detected": action}   {"detected": action, "by": seat}   {"issued": inject or narrative id}
    "succeeded(pyongyang.send_troops) and not detected(pyongyang.go_ahead by beijing)"

Over 400 lines because the grammar, its parser, the dict form's checks and the evaluator
are one language and change together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
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
ATOMS = ("succeeded", "failed", "adjudicated", "submitted", "detected", "issued")
_TOKEN = re.compile(
    rf"\s*(?:((?:{'|'.join(ATOMS)})\([^()]*\))|(>=|<=|==|!=|>|<|\(|\))|(-?\d+)"
    r"|([A-Za-z_][A-Za-z0-9_]*))"
)
_ATOM_CALL = re.compile(r"([a-z]+)\(\s*([^()\s]+)(?:\s+by\s+([^()\s]+))?\s*\)")


@dataclass(frozen=True)
class LogRefs:
    """The ids a condition over the log may name: catalog actions, inject and narrative ids
    (one id space), seats."""

    actions: frozenset[str]
    items: frozenset[str]
    seats: frozenset[str]


@dataclass
class Facts:
    """What the log holds so far, for evaluating conditions over it."""

    succeeded: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    submitted: set[str] = field(default_factory=set)
    detected: set[str] = field(default_factory=set)
    detected_by: set[tuple[str, str]] = field(default_factory=set)
    issued: set[str] = field(default_factory=set)


NO_FACTS = Facts()


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
        call = _ATOM_CALL.fullmatch(token)
        if call:
            return _atom_from_call(call, self.text)
        if token.endswith(")") and "(" in token:
            raise ExpressionError(
                f"cannot read {token!r} in {self.text!r} (write e.g. succeeded(seat.action) "
                "or detected(seat.action by other_seat))"
            )
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


def _atom_from_call(call: re.Match[str], text: str) -> dict[str, Any]:
    name, subject, by = call.group(1), call.group(2), call.group(3)
    if name not in ATOMS:
        raise ExpressionError(
            f"unknown condition {name!r} in {text!r} (use one of {', '.join(ATOMS)})"
        )
    atom: dict[str, Any] = {name: subject}
    if by is not None:
        atom["by"] = by
    return atom


def _parse_atom(raw: dict[str, Any], refs: LogRefs | None, path: str) -> dict[str, Any]:
    kinds = [key for key in raw if key in ATOMS]
    if len(kinds) != 1:
        raise ExpressionError(f"a condition over the log names one of {', '.join(ATOMS)}", path)
    (kind,) = kinds
    allowed = {kind, "by"} if kind == "detected" else {kind}
    for key in raw:
        if key not in allowed:
            raise ExpressionError(
                f"unknown field {key!r} in a '{kind}' condition", _join(path, str(key))
            )
    subject = raw[kind]
    if not isinstance(subject, str) or not subject:
        raise ExpressionError(f"'{kind}' needs an id", _join(path, kind))
    if refs is None:
        raise ExpressionError(
            f"'{kind}' reads the game's log: it is allowed only in the conditions of injects, "
            "narratives and actions",
            _join(path, kind),
        )
    if kind == "issued":
        if subject not in refs.items:
            raise ExpressionError(f"unknown inject or narrative {subject!r}", _join(path, kind))
    elif subject not in refs.actions:
        raise ExpressionError(f"unknown action {subject!r}", _join(path, kind))
    result: dict[str, Any] = {kind: subject}
    if "by" in raw:
        seat = raw["by"]
        if not isinstance(seat, str) or seat not in refs.seats:
            shown = seat if isinstance(seat, str) else "?"
            raise ExpressionError(f"unknown seat {shown!r}", _join(path, "by"))
        if seat == subject.partition(".")[0]:
            raise ExpressionError("a seat cannot detect its own action", _join(path, "by"))
        result["by"] = seat
    return result


def parse_condition(
    raw: Any, indicators: Mapping[str, Any], path: str = "", refs: LogRefs | None = None
) -> dict[str, Any]:
    """Validate a condition and return its normalised dict form; raise ExpressionError.

    ``refs`` allows conditions over the log (and says which ids they may name); without it
    only indicator conditions are allowed."""
    if isinstance(raw, str):
        try:
            raw = _Parser(raw).parse()
        except ExpressionError as exc:
            raise ExpressionError(exc.problem, path) from None
    if not isinstance(raw, dict):
        raise ExpressionError("a condition must be a mapping or a string like 'x >= 60'", path)
    if any(key in ATOMS for key in raw):
        return _parse_atom(raw, refs, path)
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
                parse_condition(item, indicators, _join(_join(path, key), i), refs)
                for i, item in enumerate(value)
            ]
        }
    if key == "not":
        return {"not": parse_condition(value, indicators, _join(path, "not"), refs)}
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


def evaluate_condition(
    condition: Mapping[str, Any], values: Mapping[str, int], facts: Facts | None = None
) -> bool:
    """Evaluate a normalised condition against indicator values and what the log holds."""
    if "indicator" in condition:
        value = values[condition["indicator"]]
        for key, bound in condition.items():
            if key != "indicator" and not COMPARATORS[key](value, bound):
                return False
        return True
    if "all" in condition:
        return all(evaluate_condition(c, values, facts) for c in condition["all"])
    if "any" in condition:
        return any(evaluate_condition(c, values, facts) for c in condition["any"])
    if "not" in condition:
        return not evaluate_condition(condition["not"], values, facts)
    known = facts or NO_FACTS
    if "succeeded" in condition:
        return condition["succeeded"] in known.succeeded
    if "failed" in condition:
        return condition["failed"] in known.failed
    if "adjudicated" in condition:
        action = condition["adjudicated"]
        return action in known.succeeded or action in known.failed
    if "submitted" in condition:
        return condition["submitted"] in known.submitted
    if "detected" in condition:
        if "by" in condition:
            return (condition["detected"], condition["by"]) in known.detected_by
        return condition["detected"] in known.detected
    return condition["issued"] in known.issued


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
    return int(points)


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


def condition_atoms(condition: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every condition over the log inside a normalised condition."""
    if "indicator" in condition:
        return []
    if "not" in condition:
        return condition_atoms(condition["not"])
    if "all" in condition or "any" in condition:
        found: list[dict[str, Any]] = []
        for part in condition.get("all", condition.get("any", [])):
            found.extend(condition_atoms(part))
        return found
    return [dict(condition)]


def modifier_indicators(modifier: Mapping[str, Any]) -> set[str]:
    """Every indicator id a normalised modifier reads."""
    if "if" in modifier:
        return condition_indicators(modifier["if"])
    return {modifier["per"]["indicator"]}


def describe_condition(condition: Mapping[str, Any]) -> str:
    """Human-readable text of a normalised condition, e.g. 'leverage >= 60 and tension < 50'
    (the string form, which parse_condition reads back)."""
    if "indicator" in condition:
        return " and ".join(
            f"{condition['indicator']} {_COMPARATOR_TEXT[key]} {bound}"
            for key, bound in condition.items()
            if key != "indicator"
        )
    if "not" in condition:
        return f"not ({describe_condition(condition['not'])})"
    if "all" in condition or "any" in condition:
        word = " and " if "all" in condition else " or "
        parts = condition.get("all", condition.get("any", []))
        return word.join(f"({describe_condition(p)})" for p in parts)
    kind = next(key for key in condition if key in ATOMS)
    by = f" by {condition['by']}" if "by" in condition else ""
    return f"{kind}({condition[kind]}{by})"


_COMPARATOR_WORDS = {
    "gte": "is at least",
    "gt": "is above",
    "lte": "is at most",
    "lt": "is below",
    "eq": "is",
    "ne": "is not",
}


@dataclass(frozen=True)
class Names:
    """Display names for describing a condition in words."""

    indicators: Mapping[str, str]
    actions: Mapping[str, str]
    seats: Mapping[str, str]
    items: Mapping[str, str]


def _compound(condition: Mapping[str, Any]) -> bool:
    """Whether a part's words need brackets inside an and/or."""
    if "all" in condition or "any" in condition:
        return True
    return "indicator" in condition and len(condition) > 2


_NEGATED_COMPARATOR = {"gte": "lt", "gt": "lte", "lte": "gt", "lt": "gte", "eq": "ne", "ne": "eq"}


def describe_words(condition: Mapping[str, Any], names: Names, *, negate: bool = False) -> str:
    """A normalised condition in words for the people at the table, e.g.
    "Beijing's leverage is at least 60 and Pyongyang's move 'Send troops' succeeded".
    ``negate`` words a single comparison or log condition as its opposite ("did not
    succeed"); anything larger is wrapped in "not (...)"."""
    if "not" in condition:
        return describe_words(condition["not"], names, negate=not negate)
    if "indicator" in condition:
        name = names.indicators.get(condition["indicator"], condition["indicator"])
        comparisons = [(key, bound) for key, bound in condition.items() if key != "indicator"]
        if negate and len(comparisons) == 1:
            comparisons = [(_NEGATED_COMPARATOR[comparisons[0][0]], comparisons[0][1])]
        elif negate:
            return f"not ({describe_words(condition, names)})"
        return " and ".join(
            f"{name} {_COMPARATOR_WORDS[key]} {bound}" for key, bound in comparisons
        )
    if "all" in condition or "any" in condition:
        if negate:
            return f"not ({describe_words(condition, names)})"
        word = " and " if "all" in condition else " or "
        parts = condition.get("all", condition.get("any", []))
        texts = [describe_words(p, names) for p in parts]
        if len(texts) == 1:
            return texts[0]
        return word.join(
            f"({text})" if _compound(p) else text for p, text in zip(parts, texts, strict=True)
        )
    if "issued" in condition:
        item = condition["issued"]
        verb = "has not been issued" if negate else "has been issued"
        return f"'{names.items.get(item, item)}' {verb}"
    kind = next(key for key in condition if key in ATOMS)
    action = condition[kind]
    seat = action.partition(".")[0]
    move = f"{names.seats.get(seat, seat)}'s move '{names.actions.get(action, action)}'"
    if kind == "succeeded":
        return f"{move} did not succeed" if negate else f"{move} succeeded"
    if kind == "failed":
        return f"{move} did not fail" if negate else f"{move} failed"
    if kind == "adjudicated":
        return f"{move} has {'not ' if negate else ''}been adjudicated"
    if kind == "submitted":
        return f"{move} has {'not ' if negate else ''}been made"
    by = f" by {names.seats.get(condition['by'], condition['by'])}" if "by" in condition else ""
    return f"{move} was {'not ' if negate else ''}detected{by}"


def describe_modifier_words(modifier: Mapping[str, Any], names: Names) -> str:
    """When a normalised modifier applies, in words."""
    if "if" in modifier:
        return f"{modifier['add']:+d} if {describe_words(modifier['if'], names)}"
    per = modifier["per"]
    name = names.indicators.get(per["indicator"], per["indicator"])
    text = f"{modifier['add']:+d} for every {per['step']} points {name} stands above {per['from']}"
    text += " (and the opposite below it)"
    bounds = []
    if "min" in modifier:
        bounds.append(f"at least {modifier['min']:+d}")
    if "max" in modifier:
        bounds.append(f"at most {modifier['max']:+d}")
    if bounds:
        text += f", {' and '.join(bounds)} in all"
    return text


def describe_modifier(modifier: Mapping[str, Any]) -> str:
    """Human-readable text of a normalised modifier."""
    if "if" in modifier:
        return f"{modifier['add']:+d} if {describe_condition(modifier['if'])}"
    per = modifier["per"]
    return f"{modifier['add']:+d} per {per['step']} of {per['indicator']} from {per['from']}"
