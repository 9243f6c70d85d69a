"""The command models described for others: an OpenAPI 3.0 schema per command, the command
tables of docs/engine.md, and the TypeScript ``Command`` union of the pages.

All three are derived from the models in the family modules (``registry.COMMANDS``); the
``commanddocs`` management command writes the two files and checks that they are current.
"""

from __future__ import annotations

import json
from typing import Any

from .common import CONTROL, OBSERVER
from .context import SEAT
from .fields import CommandModel
from .registry import COMMANDS, FAMILIES

Schema = dict[str, Any]

BASE_FIELDS = ("expected_seq", "display_name")  # every command may carry them


# ---- OpenAPI ---------------------------------------------------------------------------------


def _openapi(node: Any, defs: dict[str, Any]) -> Any:
    """A pydantic JSON Schema (2020-12) node as OpenAPI 3.0: references inlined, ``const`` as
    a one-value enum, an optional value's null as ``nullable``, no titles or null defaults."""
    if isinstance(node, list):
        return [_openapi(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _openapi(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
    result: Schema = {}
    for key, value in node.items():
        if key in ("title", "$defs") or (key == "default" and value is None):
            continue
        if key == "properties":  # names, not keywords: every one kept
            result[key] = {name: _openapi(field, defs) for name, field in value.items()}
        elif key == "const":
            result["enum"] = [value]
        elif key in ("exclusiveMinimum", "exclusiveMaximum"):  # a number in 2020-12
            result["minimum" if key == "exclusiveMinimum" else "maximum"] = value
            result[key] = True
        elif key == "anyOf":
            options = [option for option in value if option != {"type": "null"}]
            if len(options) < len(value):
                result["nullable"] = True
            if len(options) == 1:
                result.update(_openapi(options[0], defs))
            else:
                result["oneOf"] = _openapi(options, defs)
        else:
            result[key] = _openapi(value, defs)
    return result


def command_schema(model: type[CommandModel]) -> Schema:
    """The OpenAPI 3.0 schema of one command's body: ``type`` first, then its own fields, then
    the fields every command may carry."""
    document = model.model_json_schema()
    schema: Schema = _openapi(document, document.get("$defs", {}))
    properties = schema["properties"]
    order = ["type", *(k for k in properties if k not in ("type", *BASE_FIELDS)), *BASE_FIELDS]
    schema["properties"] = {key: properties[key] for key in order}
    schema["description"] = " ".join(schema.get("description", "").split())
    schema["required"] = ["type", *(k for k in schema.get("required", []) if k != "type")]
    return schema


def command_schemas() -> dict[str, Schema]:
    """Every command's schema, by type, in the order of the families."""
    return {kind: command_schema(spec.model) for kind, spec in COMMANDS.items()}


# ---- docs/engine.md --------------------------------------------------------------------------

ROLE_WORDS = {SEAT: "seat", CONTROL: "control", OBSERVER: "observer"}


def _words(schema: Schema) -> str:
    """A field's type and limits, briefly, as the tables show them."""
    if "enum" in schema:
        kind = " | ".join(f"`{value}`" for value in schema["enum"])
    elif "oneOf" in schema:
        kind = " or ".join(_words(option) for option in schema["oneOf"])
    elif schema.get("type") == "array":
        kind = f"[{_words(schema.get('items', {}))}]"
        if "maxItems" in schema:
            kind += f" (≤ {schema['maxItems']})"
    elif schema.get("type") == "object" and "properties" in schema:
        required = set(schema.get("required", []))
        inner = ", ".join(
            f"`{key}`{'*' if key in required else ''}" for key in schema["properties"]
        )
        kind = "{" + inner + "}"
    else:
        plain = str(schema.get("type", ""))
        kind = {"integer": "int", "number": "number", "boolean": "bool"}.get(plain, plain)
        low, high = schema.get("minimum"), schema.get("maximum")
        if schema.get("exclusiveMinimum"):
            low = f">{low}"
        if low is not None and high is not None:
            kind += f" {low}..{high}"
        if schema.get("type") == "string" and "maxLength" in schema:
            kind += f" ≤ {schema['maxLength']}"
    return kind


def _field_cell(schema: Schema) -> str:
    required = set(schema["required"])
    cells = []
    for key, field in schema["properties"].items():
        if key == "type" or key in BASE_FIELDS:
            continue
        words = f"`{key}`{'*' if key in required else ''}: {_words(field)}"
        if field.get("description"):
            words += f" ({field['description']})"
        cells.append(words)
    return "; ".join(cells) or "—"


def _roles(roles: frozenset[str]) -> str:
    return ", ".join(ROLE_WORDS[role] for role in (SEAT, CONTROL, OBSERVER) if role in roles)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def markdown_tables() -> str:
    """The command tables of docs/engine.md, one per family."""
    lines: list[str] = []
    for family in FAMILIES:
        name = family.__name__.rsplit(".", 1)[-1]
        summary = " ".join((family.__doc__ or "").split("\n\n")[0].split())
        lines += [f"### `{name}.py`", "", summary, ""]
        lines += ["| type | sent by | fields | events | what it does |", "|---|---|---|---|---|"]
        for spec in family.COMMANDS:
            schema = command_schema(spec.model)
            cells = [_field_cell(schema), spec.emits, schema["description"]]
            fields, emits, does = (_cell(cell) for cell in cells)
            lines.append(f"| `{spec.type}` | {_roles(spec.roles)} | {fields} | {emits} | {does} |")
        lines.append("")
    return "\n".join(lines)


# ---- TypeScript ------------------------------------------------------------------------------


def _ts(schema: Schema) -> str:
    if "enum" in schema:
        kind = " | ".join(json.dumps(value) for value in schema["enum"])
    elif "oneOf" in schema:
        kind = " | ".join(_ts(option) for option in schema["oneOf"])
    elif schema.get("type") == "array":
        inner = _ts(schema.get("items", {}))
        kind = f"({inner})[]" if "|" in inner else f"{inner}[]"
    elif schema.get("type") == "object":
        required = set(schema.get("required", []))
        fields = "; ".join(
            f"{key}{'' if key in required else '?'}: {_ts(value)}"
            for key, value in schema.get("properties", {}).items()
        )
        kind = "{ " + fields + " }"
    else:
        kind = {"integer": "number", "number": "number", "boolean": "boolean"}.get(
            schema.get("type", ""), "string" if schema.get("type") == "string" else "unknown"
        )
    return f"{kind} | null" if schema.get("nullable") else kind


def _interface_name(kind: str) -> str:
    return "".join(part.title() for part in kind.split("_")) + "Command"


def typescript() -> str:
    """frontend/src/server/commands.gen.ts: one interface per command and the Command union."""
    lines = [
        "// The body of every command the server accepts, generated from the command models in",
        "// wargame/engine/ by `python manage.py commanddocs`. Do not edit by hand.",
        "",
    ]
    names = []
    for kind, schema in command_schemas().items():
        name = _interface_name(kind)
        names.append(name)
        required = set(schema["required"])
        lines.append(f"/** {schema['description']} */")
        lines.append(f"export interface {name} {{")
        for key, field in schema["properties"].items():
            optional = "" if key in required else "?"
            lines.append(f"  {key}{optional}: {_ts(field)};")
        lines += ["}", ""]
    lines.append("export type Command =")
    lines += [f"  | {name}" for name in names[:-1]]
    lines.append(f"  | {names[-1]};")
    lines += [
        "",
        'export type CommandType = Command["type"];',
        "",
        "/** How a page sends a command: the game's send, passed down to the parts. */",
        "export type Send = (command: Command) => Promise<unknown>;",
        "",
    ]
    return "\n".join(lines)
