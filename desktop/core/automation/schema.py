"""Validation of tool arguments against JSON schemas: the subset of JSON schema the tools use, with every
problem as a plain message (English for the agent, a translatable Message for a person).

The policy, the tools and the agent service all check arguments here; ``with_world_enums`` fills a tool's
schema with the world's values (restaurant names, times, ids), which is also what the model's grammar is
built from.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from desktop.core.cut import cut
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

if TYPE_CHECKING:
    from desktop.core.automation.world import World


class HasSchema(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def schema(self) -> dict[str, Any]: ...


# ----- validation (the subset of JSON schema these tools use) -------------------------------------------------
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
}


def _short(value: Any, limit: int = 40) -> str:
    return cut(json.dumps(value, ensure_ascii=False), limit)[0]


def validate_schema(schema: dict[str, Any], value: Any, where: str = "") -> list[str]:
    """Plain messages for every way ``value`` breaks ``schema``. Supports type, enum, minimum, maximum,
    minLength, maxLength, pattern, properties, required, additionalProperties (false or a schema), items.
    English (the agent reads them); :func:`schema_problems` gives the same as translatable Messages."""
    return [p.english() for p in schema_problems(schema, value, where)]


def schema_problems(schema: dict[str, Any], value: Any, where: str = "") -> list[Message]:
    """:func:`validate_schema`'s problems as Messages (context CoreAutomation) for a person."""
    label: Message | str = where or message(QT_TRANSLATE_NOOP("CoreAutomation", "the arguments"))
    kind = schema.get("type")
    if kind is not None:
        kinds = kind if isinstance(kind, list) else [kind]
        if not any(_TYPES[k](value) for k in kinds):
            expected = message(
                QT_TRANSLATE_NOOP("CoreAutomation", "{label}: expected {kinds}, got {value}"),
                label=label,
                kinds=" or ".join(kinds),
                value=_short(value),
            )
            return [expected]
    problems: list[Message] = []

    def add(template: str, **args: Any) -> None:
        problems.append(message(template, label=label, **args))

    if "enum" in schema and value not in schema["enum"]:
        choices = schema["enum"]
        shown = ", ".join(_short(c, 30) for c in choices[:6]) + (", …" if len(choices) > 6 else "")
        add(
            QT_TRANSLATE_NOOP("CoreAutomation", "{label}: {value} is not one of the known values ({choices})"),
            value=_short(value),
            choices=shown,
        )
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            add(
                QT_TRANSLATE_NOOP("CoreAutomation", "{label}: {value} is below the minimum {minimum}"),
                value=value,
                minimum=schema["minimum"],
            )
        if "maximum" in schema and value > schema["maximum"]:
            add(
                QT_TRANSLATE_NOOP("CoreAutomation", "{label}: {value} is above the maximum {maximum}"),
                value=value,
                maximum=schema["maximum"],
            )
    if isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            if schema["minLength"] == 1:
                add(QT_TRANSLATE_NOOP("CoreAutomation", "{label}: must not be empty"))
            else:
                add(QT_TRANSLATE_NOOP("CoreAutomation", "{label}: too short"))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            add(
                QT_TRANSLATE_NOOP("CoreAutomation", "{label}: {count} characters, the limit is {limit}"),
                count=len(value),
                limit=schema["maxLength"],
            )
        if "pattern" in schema and not re.search(schema["pattern"], value):
            add(
                QT_TRANSLATE_NOOP("CoreAutomation", "{label}: {value} is not in the expected form"), value=_short(value)
            )
    if isinstance(value, dict):
        props: dict[str, Any] = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                problems.append(message(QT_TRANSLATE_NOOP("CoreAutomation", "{label}: missing"), label=name))
        extra = schema.get("additionalProperties", True)
        for name, item in value.items():
            if name in props:
                problems += schema_problems(props[name], item, name)
            elif extra is False:
                problems.append(
                    message(QT_TRANSLATE_NOOP("CoreAutomation", "{label}: not an argument of this tool"), label=name)
                )
            elif isinstance(extra, dict):
                problems += schema_problems(extra, item, name)
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            problems += schema_problems(schema["items"], item, f"{label}[{i}]")
    return problems


def joined(problems: list[Message]) -> Message:
    """Several problems as one Message, "a; b; c" (each part translated on its own)."""
    if not problems:
        return Message("")
    out = problems[0]
    for problem in problems[1:]:
        out = Message("{a}; {b}", "", {"a": out, "b": problem})  # no context: the separator is not a sentence
    return out


def world_enums(world: World, next_bookings: int = 8) -> dict[str, list[Any]]:
    """The values an argument may take in this world, by argument name: restaurant names, seating times,
    request, customer and booking ids (existing ones, and the next ``next_bookings`` ids a hold would create,
    so a grammar built at the start of a run can still name them), areas and cuisines."""
    return {
        "restaurant": [r.name for r in world.restaurants()],
        "time": world.slot_times(),
        "request_id": [r.id for r in world.inbox()],
        "customer_id": [c.id for c in world.customers()],
        "booking_id": world.booking_ids() + world.next_booking_ids(next_bookings),
        "area": world.areas(),
        "cuisine": world.cuisines(),
    }


def with_world_enums(schema: dict[str, Any], enums: dict[str, list[Any]]) -> dict[str, Any]:
    """``schema`` with each property named in ``enums`` restricted to those values."""
    out = copy.deepcopy(schema)
    for prop, spec in out["properties"].items():
        if prop in enums:
            spec.pop("pattern", None)
            spec.pop("minLength", None)
            spec.pop("maxLength", None)
            spec["enum"] = list(enums[prop])
    return out


def validate_args(tool: HasSchema, args: Any, world: World) -> list[str]:
    """[] if ``args`` fits the tool's schema with the world's enums; else plain messages. Fail closed: a call
    with any message here must not run."""
    return [p.english() for p in args_problems(tool, args, world)]


def args_problems(tool: HasSchema, args: Any, world: World) -> list[Message]:
    """:func:`validate_args`'s problems as Messages for a person."""
    return schema_problems(with_world_enums(tool.schema, world_enums(world)), args)
