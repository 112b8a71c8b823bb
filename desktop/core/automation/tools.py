"""The agent's tools: JSON schemas, MCP-style annotations, validation, preview, execution and undo.

Every effect runs in ONE SQLite transaction (``BEGIN IMMEDIATE``): a call is applied whole or not at all. A preview
runs the same code in a transaction that is always rolled back, so what the card shows is exactly what would happen.
"""

from __future__ import annotations

import copy
import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.core.automation.seed import DATES
from desktop.core.automation.world import MUTABLE_TABLES, World, WorldError
from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

MAX_TOOL_TEXT = 4000  # characters of a tool result the agent reads back; the rest is cut, and the cut is said


class ToolError(FMError):
    """A tool call that cannot be done. The message is plain words and goes back to the agent; nothing changed.

    Translation (context ``CoreAutomation``): ``err.message`` is the English the agent reads and the audit log
    keeps; ``err.text`` is the :class:`~desktop.core.messages.Message` the UI shows through
    ``desktop.i18n.translate_message``. Tool descriptions are marked too (the model reads the English, the
    card shows ``Tool.text``); the tools' results (``ToolResult.text``) are what the model reads and stay
    English."""


_CTX = "CoreAutomation"

# Words shown to a person for a tool's risk and effect (the card's badges, the panel's record).
RISK_TEXT: dict[str, str] = {
    "low": QT_TRANSLATE_NOOP("CoreAutomation", "low risk"),
    "medium": QT_TRANSLATE_NOOP("CoreAutomation", "medium risk"),
    "high": QT_TRANSLATE_NOOP("CoreAutomation", "high risk"),
}
EFFECT_TEXT: dict[str, str] = {
    "none": QT_TRANSLATE_NOOP("CoreAutomation", "reads only"),
    "undoable": QT_TRANSLATE_NOOP("CoreAutomation", "can be undone"),
    "irreversible": QT_TRANSLATE_NOOP("CoreAutomation", "cannot be undone"),
}
REACHES_CUSTOMER = QT_TRANSLATE_NOOP("CoreAutomation", "reaches a customer")


def risk_text(risk: str) -> Message:
    """``"high"`` -> "high risk" as a translatable Message (an unknown word is shown as it is)."""
    return message(RISK_TEXT[risk]) if risk in RISK_TEXT else Message(f"{risk} risk")


def effect_text(effect: str) -> Message:
    """``"undoable"`` -> "can be undone" as a translatable Message."""
    return message(EFFECT_TEXT.get(effect, EFFECT_TEXT["irreversible"]))


@dataclass(frozen=True)
class Annotations:
    """MCP's tool annotation hints."""

    read_only: bool
    destructive: bool
    idempotent: bool
    open_world: bool  # reaches outside the business (a customer, money)


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    schema: dict[str, Any]
    annotations: Annotations

    @property
    def text(self) -> Message:
        """The description for a person (translatable); ``description`` stays the English the model reads."""
        return Message(self.description, _CTX)

    def risk(self) -> str:
        """ "low" (reads only), "medium" (internal, can be undone), "high" (reaches a customer or money, or
        destroys)."""
        a = self.annotations
        if a.read_only:
            return "low"
        if a.destructive or a.open_world:
            return "high"
        return "medium"

    def reversible(self) -> bool:
        """An undo exists (internal effects only)."""
        a = self.annotations
        return not a.read_only and not a.destructive and not a.open_world

    def effect(self) -> str:
        """ "none" | "undoable" | "irreversible": for the card's badge."""
        if self.annotations.read_only:
            return "none"
        return "undoable" if self.reversible() else "irreversible"


@dataclass
class Preview:
    summary: str
    rows: list[dict[str, Any]]  # {"table", "op": insert|update|delete, "key", "before", "after"}
    message: str | None  # the exact text a customer would receive
    error: str | None = None  # the call would fail with this message (nothing would change)
    summary_text: Message | None = None  # ``summary`` for a person (translatable); None: show ``summary``
    error_text: Message | None = None  # ``error`` for a person (translatable)

    @property
    def shown_summary(self) -> Message | str:
        return self.summary_text if self.summary_text is not None else self.summary

    @property
    def shown_error(self) -> Message | str | None:
        return self.error_text if self.error_text is not None else self.error


@dataclass
class ToolResult:
    ok: bool
    data: Any
    text: str  # what the agent reads back (English)
    undo_token: str | None
    said: Message | None = None  # ``text`` for a person where it is written for one (undo); else None

    @property
    def shown(self) -> Message | str:
        """What the UI passes to ``desktop.i18n.translate_message``."""
        return self.said if self.said is not None else self.text


# ----- schemas ----------------------------------------------------------------------------------------------
def _obj(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


_RESTAURANT = {"type": "string", "minLength": 1, "maxLength": 40}
_DATE = {"type": "string", "enum": list(DATES)}
_TIME = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
_PARTY = {"type": "integer", "minimum": 1, "maximum": 20}
_BOOKING = {"type": "string", "pattern": "^B[0-9]{4}$"}
_CUSTOMER = {"type": "string", "pattern": "^C[0-9]{2}$"}
_REQUEST = {"type": "string", "minLength": 1, "maxLength": 12}
_TEXT = {"type": "string", "minLength": 1, "maxLength": 400}


_READS = Annotations(read_only=True, destructive=False, idempotent=True, open_world=False)
_INTERNAL = Annotations(read_only=False, destructive=False, idempotent=False, open_world=False)
_NOTIFIES = Annotations(read_only=False, destructive=False, idempotent=True, open_world=True)  # confirm: once
_SENDS = Annotations(read_only=False, destructive=False, idempotent=False, open_world=True)  # message, money
_DESTROYS = Annotations(read_only=False, destructive=True, idempotent=True, open_world=True)  # cancel


def _tool(name: str, description: str, schema: dict[str, Any], annotations: Annotations) -> Tool:
    return Tool(name, description, schema, annotations)


TOOLS: dict[str, Tool] = {
    t.name: t
    for t in (
        _tool(
            "search_restaurants",
            QT_TRANSLATE_NOOP("CoreAutomation", "Search restaurants by words in their description and reviews."),
            _obj(
                {
                    "query": {"type": "string", "minLength": 1, "maxLength": 80},
                    "area": {"type": "string", "maxLength": 30},
                    "cuisine": {"type": "string", "maxLength": 30},
                },
                ["query"],
            ),
            _READS,
        ),
        _tool(
            "check_availability",
            QT_TRANSLATE_NOOP(
                "CoreAutomation", "Check if a restaurant has a free table for a party at a date and time."
            ),
            _obj(
                {"restaurant": _RESTAURANT, "date": _DATE, "time": _TIME, "party_size": _PARTY},
                ["restaurant", "date", "time", "party_size"],
            ),
            _READS,
        ),
        _tool(
            "read_request",
            QT_TRANSLATE_NOOP("CoreAutomation", "Read a request from the inbox."),
            _obj({"request_id": _REQUEST}, ["request_id"]),
            _READS,
        ),
        _tool(
            "lookup_customer",
            QT_TRANSLATE_NOOP("CoreAutomation", "Find a customer by name or id, with their bookings."),
            _obj({"customer": {"type": "string", "minLength": 1, "maxLength": 60}}, ["customer"]),
            _READS,
        ),
        _tool(
            "hold_table",
            QT_TRANSLATE_NOOP("CoreAutomation", "Hold a table for a customer (not confirmed; can be undone)."),
            _obj(
                {
                    "restaurant": _RESTAURANT,
                    "date": _DATE,
                    "time": _TIME,
                    "party_size": _PARTY,
                    "customer_id": _CUSTOMER,
                },
                ["restaurant", "date", "time", "party_size", "customer_id"],
            ),
            _INTERNAL,
        ),
        _tool(
            "write_note",
            QT_TRANSLATE_NOOP("CoreAutomation", "Write an internal note on a request for the staff."),
            _obj({"request_id": _REQUEST, "text": _TEXT}, ["request_id", "text"]),
            _INTERNAL,
        ),
        _tool(
            "draft_reply",
            QT_TRANSLATE_NOOP("CoreAutomation", "Draft a reply to a request; staff send it later."),
            _obj({"request_id": _REQUEST, "text": _TEXT}, ["request_id", "text"]),
            _INTERNAL,
        ),
        _tool(
            "confirm_booking",
            QT_TRANSLATE_NOOP("CoreAutomation", "Confirm a held booking; the customer is notified."),
            _obj({"booking_id": _BOOKING}, ["booking_id"]),
            _NOTIFIES,
        ),
        _tool(
            "send_message",
            QT_TRANSLATE_NOOP("CoreAutomation", "Send a message to a customer."),
            _obj({"customer_id": _CUSTOMER, "text": _TEXT}, ["customer_id", "text"]),
            _SENDS,
        ),
        _tool(
            "cancel_booking",
            QT_TRANSLATE_NOOP("CoreAutomation", "Cancel a booking; the customer is notified."),
            _obj({"booking_id": _BOOKING, "reason": {"type": "string", "maxLength": 200}}, ["booking_id"]),
            _DESTROYS,
        ),
        _tool(
            "charge_deposit",
            QT_TRANSLATE_NOOP("CoreAutomation", "Charge a deposit on a booking to the customer's card."),
            _obj(
                {"booking_id": _BOOKING, "amount": {"type": "integer", "minimum": 1, "maximum": 1000}},
                ["booking_id", "amount"],
            ),
            _SENDS,
        ),
        _tool(
            "finish",
            QT_TRANSLATE_NOOP("CoreAutomation", "End the run with a short summary of what was done."),
            _obj({"summary": {"type": "string", "minLength": 1, "maxLength": 300}}, ["summary"]),
            _READS,
        ),
    )
}


def tool_schemas_for(world: World, next_bookings: int = 8) -> dict[str, dict[str, Any]]:
    """Each tool's schema with enums filled from the world, for grammar-constrained decoding: restaurant names,
    dates, seating times, request, customer and booking ids (existing ones, and the next ``next_bookings`` ids a
    hold would create, so a grammar built at the start of a run can still name them), areas and cuisines."""
    enums: dict[str, list[Any]] = {
        "restaurant": [r.name for r in world.restaurants()],
        "time": world.slot_times(),
        "request_id": [r.id for r in world.inbox()],
        "customer_id": [c.id for c in world.customers()],
        "booking_id": world.booking_ids() + world.next_booking_ids(next_bookings),
        "area": world.areas(),
        "cuisine": world.cuisines(),
    }
    out: dict[str, dict[str, Any]] = {}
    for name, tool in TOOLS.items():
        schema = copy.deepcopy(tool.schema)
        for prop, spec in schema["properties"].items():
            if prop in enums:
                spec.pop("pattern", None)
                spec.pop("minLength", None)
                spec.pop("maxLength", None)
                spec["enum"] = list(enums[prop])
        out[name] = schema
    return out


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
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


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


def validate_args(tool: Tool, args: Any, world: World) -> list[str]:
    """[] if ``args`` fits the tool's schema with the world's enums; else plain messages. Fail closed: a call
    with any message here must not run."""
    return [p.english() for p in args_problems(tool, args, world)]


def args_problems(tool: Tool, args: Any, world: World) -> list[Message]:
    """:func:`validate_args`'s problems as Messages for a person."""
    schema = tool_schemas_for(world)[tool.name]
    return schema_problems(schema, args)


def get_tool(name: str) -> Tool:
    tool = TOOLS.get(name)
    if tool is None:
        raise ToolError(
            message(
                QT_TRANSLATE_NOOP("CoreAutomation", "There is no tool called {name}. Tools: {tools}."),
                name=repr(name),
                tools=", ".join(TOOLS),
            )
        )
    return tool


# ----- the tools' code ----------------------------------------------------------------------------------------
@dataclass
class _Outcome:
    text: str
    data: Any = None
    undo_token: str | None = None
    messages: list[str] = field(default_factory=list)


def _cut(text: str, limit: int = MAX_TOOL_TEXT) -> str:
    if len(text) <= limit:
        return text
    return text[:limit] + f"\n[… cut: {len(text) - limit:,} more characters not shown]"


def _restaurant(world: World, name: str) -> Any:
    r = world.restaurant(name)
    if r is None:
        raise ToolError(
            message(QT_TRANSLATE_NOOP("CoreAutomation", "There is no restaurant called {name}."), name=repr(name))
        )
    return r


def _booking(world: World, booking_id: str) -> Any:
    b = world.booking(booking_id)
    if b is None:
        raise ToolError(message(QT_TRANSLATE_NOOP("CoreAutomation", "There is no booking {id}."), id=booking_id))
    return b


def _customer(world: World, customer_id: str) -> Any:
    c = world.customer(customer_id)
    if c is None:
        raise ToolError(message(QT_TRANSLATE_NOOP("CoreAutomation", "There is no customer {id}."), id=customer_id))
    return c


def _search_restaurants(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    found = world.search(str(args["query"]), args.get("area") or None, args.get("cuisine") or None)
    if not found:
        return _Outcome("No restaurant matches. Try other words, or leave out the area or cuisine.", [])
    lines, data = [], []
    for r in found:
        reviews = world.reviews(r.id)
        lines.append(f"- {r.name} ({r.cuisine}, {r.area}, price {'€' * r.price}, hours {r.hours()}): {r.description}")
        for rev in reviews:
            text = rev["text"] if len(rev["text"]) <= 300 else rev["text"][:299] + "…"
            lines.append(f"    review by {rev['author']} ({rev['rating']}/5): {text}")
        data.append({"name": r.name, "cuisine": r.cuisine, "area": r.area, "price": r.price, "hours": r.hours()})
    return _Outcome(f"{len(found)} restaurant(s):\n" + "\n".join(lines), data)


def _check_availability(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    r = _restaurant(world, args["restaurant"])
    date, time, party = args["date"], args["time"], int(args["party_size"])
    slots = world.restaurant_slots(r.id, date)
    base = {"restaurant": r.name, "date": date, "time": time, "party_size": party}
    if not slots:
        return _Outcome(f"{r.name} is closed on {date} ({r.hours()}).", {**base, "available": False, "open": False})
    if time not in slots:
        return _Outcome(
            f"{r.name} does not seat guests at {time} on {date}; seatings run {slots[0]}-{slots[-1]}.",
            {**base, "available": False, "open": False},
        )
    tables = world.free_tables(r.id, date, time, party)
    if tables:
        return _Outcome(
            f"Yes: {r.name} has a table for {party} on {date} at {time}.",
            {**base, "available": True, "open": True, "tables": [t for t, _ in tables]},
        )
    others = [t for t in slots if world.free_tables(r.id, date, t, party)]
    others.sort(key=lambda t: abs(_minutes(t) - _minutes(time)))
    near = sorted(others[:4])
    hint = f" Free times that day for {party}: {', '.join(near)}." if near else " Nothing free that day."
    return _Outcome(
        f"No: {r.name} has no table for {party} on {date} at {time}.{hint}",
        {**base, "available": False, "open": True, "alternatives": near},
    )


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def _read_request(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    try:
        q = world.request(args["request_id"])
    except WorldError as exc:
        raise ToolError(exc.text, exc.details) from exc
    who = f"customer {q.customer_id}" if q.customer_id else "no customer"
    where = "external (a customer)" if q.external else "internal (staff)"
    head = f"Request {q.id} from {q.sender} ({where}, {who}, language {q.language})\nSubject: {q.subject}\n"
    body = q.body
    cut = max(0, len(body) - MAX_TOOL_TEXT)
    text = head + _cut(body)
    return _Outcome(
        text,
        {"id": q.id, "customer_id": q.customer_id, "external": q.external, "language": q.language, "cut": cut},
    )


def _lookup_customer(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    found = world.find_customers(str(args["customer"]))
    if not found:
        return _Outcome(f"No customer matches {args['customer']!r}.", [])
    lines, data = [], []
    for c in found[:5]:
        books = world.bookings(c.id)
        lines.append(f"- {c.id} {c.name}, {c.email}, {c.phone}, language {c.language}")
        for b in books:
            lines.append(
                f"    booking {b.id}: {b.restaurant}, {b.date} {b.time}, {b.party_size} people, {b.status}"
                + (f", deposit {b.deposit}" if b.deposit else "")
            )
        data.append({"id": c.id, "name": c.name, "bookings": [b.id for b in books]})
    return _Outcome("\n".join(lines), data)


def _hold_table(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    assert db is not None
    r = _restaurant(world, args["restaurant"])
    c = _customer(world, args["customer_id"])
    date, time, party = args["date"], args["time"], int(args["party_size"])
    if not world.is_open(r.id, date, time):
        raise ToolError(
            message(
                QT_TRANSLATE_NOOP("CoreAutomation", "{restaurant} does not seat guests on {date} at {time} ({hours})."),
                restaurant=r.name,
                date=date,
                time=time,
                hours=r.hours(),
            )
        )
    tables = world.free_tables(r.id, date, time, party)
    if not tables:
        raise ToolError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation",
                    "{restaurant} has no free table for {party} on {date} at {time}. Check other times.",
                ),
                restaurant=r.name,
                party=party,
                date=date,
                time=time,
            )
        )
    table_no, seats = tables[0]
    booking_id = world.next_booking_ids(1)[0]
    db.execute(
        "INSERT INTO bookings VALUES (?, ?, ?, ?, ?, ?, ?, 'held', 0)",
        (booking_id, r.id, table_no, c.id, date, time, party),
    )
    return _Outcome(
        f"Held table {table_no} ({seats} seats) at {r.name} on {date} at {time} for {party}: booking {booking_id} "
        f"for {c.name} ({c.id}). Not confirmed yet; confirm_booking tells the customer.",
        {"booking_id": booking_id},
        undo_token=f"hold_table:{booking_id}",
    )


def _write_note(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    assert db is not None
    if not _request_exists(world, args["request_id"]):
        _no_request(args)
    cur = db.execute("INSERT INTO notes (request_id, text) VALUES (?, ?)", (args["request_id"], args["text"]))
    note_id = int(cur.lastrowid or 0)
    return _Outcome(
        f"Note {note_id} written on request {args['request_id']}.", {"note_id": note_id}, f"write_note:{note_id}"
    )


def _draft_reply(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    assert db is not None
    if not _request_exists(world, args["request_id"]):
        _no_request(args)
    cur = db.execute("INSERT INTO drafts (request_id, text) VALUES (?, ?)", (args["request_id"], args["text"]))
    draft_id = int(cur.lastrowid or 0)
    return _Outcome(
        f"Reply drafted for request {args['request_id']} (draft {draft_id}); staff will review and send it.",
        {"draft_id": draft_id},
        f"draft_reply:{draft_id}",
    )


def _request_exists(world: World, request_id: str) -> bool:
    return bool(world.query("SELECT 1 FROM requests WHERE id = ?", (request_id,)))


def _no_request(args: dict[str, Any]) -> None:
    raise ToolError(
        message(
            QT_TRANSLATE_NOOP("CoreAutomation", "There is no request {id} in the inbox."), id=repr(args["request_id"])
        )
    )


def confirmation_text(customer_name: str, language: str, booking: Any) -> str:
    if language == "ko":
        return (
            f"{customer_name}님, {booking.restaurant} {booking.date} {booking.time} {booking.party_size}명 "
            f"예약이 확정되었습니다 (예약 번호 {booking.id}). 감사합니다."
        )
    return (
        f"Dear {customer_name}, your table for {booking.party_size} at {booking.restaurant} on {booking.date} at "
        f"{booking.time} is confirmed (booking {booking.id}). We look forward to seeing you."
    )


def cancellation_text(customer_name: str, language: str, booking: Any) -> str:
    if language == "ko":
        return (
            f"{customer_name}님, {booking.restaurant} {booking.date} {booking.time} 예약(예약 번호 {booking.id})이 "
            "취소되었습니다."
        )
    return (
        f"Dear {customer_name}, your booking {booking.id} at {booking.restaurant} on {booking.date} at "
        f"{booking.time} has been cancelled."
    )


def _notify(db: sqlite3.Connection, customer_id: str, kind: str, booking_id: str | None, text: str) -> None:
    db.execute(
        "INSERT INTO outbox (customer_id, kind, booking_id, text) VALUES (?, ?, ?, ?)",
        (customer_id, kind, booking_id, text),
    )


def _confirm_booking(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    assert db is not None
    b = _booking(world, args["booking_id"])
    if b.status == "confirmed":
        return _Outcome(f"Booking {b.id} was already confirmed; nothing sent.", {"booking_id": b.id})
    if b.status != "held":
        raise ToolError(
            message(
                QT_TRANSLATE_NOOP("CoreAutomation", "Booking {id} is {status}; only a held booking can be confirmed."),
                id=b.id,
                status=b.status,
            )
        )
    c = _customer(world, b.customer_id)
    db.execute("UPDATE bookings SET status = 'confirmed' WHERE id = ?", (b.id,))
    text = confirmation_text(c.name, c.language, b)
    _notify(db, c.id, "confirmation", b.id, text)
    return _Outcome(f"Booking {b.id} confirmed; {c.name} was told: {text}", {"booking_id": b.id}, messages=[text])


def _send_message(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    assert db is not None
    c = _customer(world, args["customer_id"])
    _notify(db, c.id, "message", None, str(args["text"]))
    return _Outcome(f"Message sent to {c.name} ({c.id}).", {"customer_id": c.id}, messages=[str(args["text"])])


def _cancel_booking(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    assert db is not None
    b = _booking(world, args["booking_id"])
    if b.status == "cancelled":
        return _Outcome(f"Booking {b.id} was already cancelled; nothing sent.", {"booking_id": b.id})
    c = _customer(world, b.customer_id)
    db.execute("UPDATE bookings SET status = 'cancelled' WHERE id = ?", (b.id,))
    text = cancellation_text(c.name, c.language, b)
    _notify(db, c.id, "cancellation", b.id, text)
    return _Outcome(f"Booking {b.id} cancelled; {c.name} was told: {text}", {"booking_id": b.id}, messages=[text])


def _charge_deposit(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    assert db is not None
    b = _booking(world, args["booking_id"])
    if not b.active:
        raise ToolError(
            message(
                QT_TRANSLATE_NOOP("CoreAutomation", "Booking {id} is {status}; no deposit can be charged."),
                id=b.id,
                status=b.status,
            )
        )
    amount = int(args["amount"])
    c = _customer(world, b.customer_id)
    db.execute("INSERT INTO payments (booking_id, amount) VALUES (?, ?)", (b.id, amount))
    db.execute("UPDATE bookings SET deposit = deposit + ? WHERE id = ?", (amount, b.id))
    text = f"Dear {c.name}, we charged a deposit of {amount} for booking {b.id} at {b.restaurant} on {b.date}."
    _notify(db, c.id, "receipt", b.id, text)
    return _Outcome(
        f"Charged a deposit of {amount} on booking {b.id}; {c.name} got a receipt.",
        {"booking_id": b.id, "amount": amount},
        messages=[text],
    )


def _finish(world: World, db: sqlite3.Connection | None, args: dict[str, Any]) -> _Outcome:
    return _Outcome("Run finished.", {"summary": args["summary"]})


_Handler = Callable[[World, "sqlite3.Connection | None", dict[str, Any]], _Outcome]
HANDLERS: dict[str, _Handler] = {
    "search_restaurants": _search_restaurants,
    "check_availability": _check_availability,
    "read_request": _read_request,
    "lookup_customer": _lookup_customer,
    "hold_table": _hold_table,
    "write_note": _write_note,
    "draft_reply": _draft_reply,
    "confirm_booking": _confirm_booking,
    "send_message": _send_message,
    "cancel_booking": _cancel_booking,
    "charge_deposit": _charge_deposit,
    "finish": _finish,
}


# ----- running, previewing, undoing ---------------------------------------------------------------------------
def _locked(exc: sqlite3.OperationalError) -> ToolError:
    if "locked" in str(exc) or "busy" in str(exc):
        return ToolError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation",
                    "The business database is locked by another program; nothing was changed. Try again in a moment.",
                )
            ),
            str(exc),
        )
    return ToolError(
        message(QT_TRANSLATE_NOOP("CoreAutomation", "The business database failed; nothing was changed.")), str(exc)
    )


def _checked(world: World, tool_name: str, args: Any) -> tuple[Tool, dict[str, Any]]:
    tool = get_tool(tool_name)
    problems = args_problems(tool, args, world)
    if problems:
        raise ToolError(
            message(
                QT_TRANSLATE_NOOP("CoreAutomation", "{tool}: the arguments do not fit the tool: {problems}"),
                tool=tool.name,
                problems=joined(problems),
            )
        )
    return tool, dict(args)


def _diff(before: dict[str, dict[str, dict[str, Any]]], after: dict[str, dict[str, dict[str, Any]]]) -> list[dict]:
    rows: list[dict[str, Any]] = []
    for table in MUTABLE_TABLES:
        old, new = before[table], after[table]
        for key in sorted(set(old) | set(new)):
            a, b = old.get(key), new.get(key)
            if a == b:
                continue
            op = "insert" if a is None else "delete" if b is None else "update"
            rows.append({"table": table, "op": op, "key": key, "before": a, "after": b})
    return rows


def _snapshot(world: World) -> dict[str, dict[str, dict[str, Any]]]:
    return {t: world.table_rows(t) for t in MUTABLE_TABLES}


def execute(world: World, tool_name: str, args: Any) -> ToolResult:
    """Run one call. Effects happen in ONE transaction: on any error nothing is changed. Raises ToolError with a
    plain message (unknown tool, bad arguments, a business rule of the tool, a locked database)."""
    tool, args = _checked(world, tool_name, args)
    handler = HANDLERS[tool.name]
    try:
        if tool.annotations.read_only:
            out = handler(world, None, args)
            return ToolResult(True, out.data, _cut(out.text), None)
        with world.transaction() as db:
            before = _snapshot(world)
            out = handler(world, db, args)
            changes = _diff(before, _snapshot(world))
    except sqlite3.OperationalError as exc:
        raise _locked(exc) from exc
    except sqlite3.Error as exc:
        raise ToolError(
            message(
                QT_TRANSLATE_NOOP("CoreAutomation", "{tool} failed in the database; nothing was changed."),
                tool=tool.name,
            ),
            str(exc),
        ) from exc
    except (ToolError, WorldError):
        raise
    except Exception as exc:
        raise ToolError(
            message(
                QT_TRANSLATE_NOOP("CoreAutomation", "{tool} failed ({error}); nothing was changed."),
                tool=tool.name,
                error=type(exc).__name__,
            ),
            repr(exc),
        ) from exc
    data = {"changes": changes, "messages": out.messages}
    if isinstance(out.data, dict):
        data.update(out.data)
    return ToolResult(True, data, _cut(out.text), out.undo_token)


def preview(world: World, tool_name: str, args: Any) -> Preview:
    """What the call would change, without changing it: the same code runs in a transaction that is rolled back.
    A call that would fail returns a Preview with ``error`` set. Unknown tools and bad arguments raise ToolError."""
    tool, args = _checked(world, tool_name, args)
    if tool.name == "finish":
        ends = message(QT_TRANSLATE_NOOP("CoreAutomation", "Ends the run. Changes nothing."))
        return Preview(ends.english(), [], None, summary_text=ends)
    if tool.annotations.read_only:
        reads = message(
            QT_TRANSLATE_NOOP("CoreAutomation", "{description} Reads only; changes nothing."), description=tool.text
        )
        return Preview(reads.english(), [], None, summary_text=reads)
    try:
        with world.rolled_back() as db:
            before = _snapshot(world)
            out = HANDLERS[tool.name](world, db, args)
            changes = _diff(before, _snapshot(world))
    except ToolError as exc:
        return _would_fail(exc)
    except sqlite3.OperationalError as exc:
        return _would_fail(_locked(exc))
    sent = "\n\n".join(out.messages) if out.messages else None
    summary = _summary(tool, out, changes)
    return Preview(summary.english(), changes, sent, summary_text=summary)


def _would_fail(exc: ToolError) -> Preview:
    fails = message(QT_TRANSLATE_NOOP("CoreAutomation", "Would fail: {error}"), error=exc.text)
    return Preview(fails.english(), [], None, error=exc.message, error_text=exc.text, summary_text=fails)


_SUMMARIES = {  # (reaches the customer, can be undone) -> the sentence; the tool's own first line stays English
    (True, False): QT_TRANSLATE_NOOP("CoreAutomation", "{head} ({changes}). Reaches the customer. Cannot be undone."),
    (True, True): QT_TRANSLATE_NOOP("CoreAutomation", "{head} ({changes}). Reaches the customer. Can be undone."),
    (False, True): QT_TRANSLATE_NOOP("CoreAutomation", "{head} ({changes}). Can be undone."),
    (False, False): QT_TRANSLATE_NOOP("CoreAutomation", "{head} ({changes}). Cannot be undone."),
}


def _summary(tool: Tool, out: _Outcome, changes: list[dict[str, Any]]) -> Message:
    parts = [f"{c['op']} {c['table']} {c['key']}" for c in changes]
    head = out.text.split("\n")[0]
    shown: Message | str = ", ".join(parts) if parts else message(QT_TRANSLATE_NOOP("CoreAutomation", "no change"))
    return message(_SUMMARIES[(tool.annotations.open_world, tool.reversible())], head=head, changes=shown)


_UNDO = re.compile(r"^(hold_table|write_note|draft_reply):([A-Za-z0-9]+)$")


def undo(world: World, undo_token: str) -> ToolResult:
    """Reverse an internal call (hold_table, write_note, draft_reply) in one transaction. A hold that was
    confirmed since, or a row already gone, cannot be undone (ToolError)."""
    m = _UNDO.match(undo_token or "")
    if not m:
        raise ToolError(
            message(QT_TRANSLATE_NOOP("CoreAutomation", "Nothing to undo for {token}."), token=repr(undo_token))
        )
    kind, key = m.groups()
    try:
        with world.transaction() as db:
            before = _snapshot(world)
            if kind == "hold_table":
                b = world.booking(key)
                if b is None:
                    raise ToolError(
                        message(QT_TRANSLATE_NOOP("CoreAutomation", "The hold {id} is already gone."), id=key)
                    )
                if b.status != "held" or b.deposit:
                    raise ToolError(
                        message(
                            QT_TRANSLATE_NOOP(
                                "CoreAutomation", "Booking {id} is {status} now; cancel it instead of undoing the hold."
                            ),
                            id=key,
                            status=b.status,
                        )
                    )
                db.execute("DELETE FROM bookings WHERE id = ?", (key,))
                said = message(QT_TRANSLATE_NOOP("CoreAutomation", "Hold {id} removed."), id=key)
            else:
                table = "notes" if kind == "write_note" else "drafts"
                cur = db.execute(f"DELETE FROM {table} WHERE id = ?", (int(key),))
                if cur.rowcount != 1:
                    gone = (
                        QT_TRANSLATE_NOOP("CoreAutomation", "The note {id} is already gone.")
                        if table == "notes"
                        else QT_TRANSLATE_NOOP("CoreAutomation", "The draft {id} is already gone.")
                    )
                    raise ToolError(message(gone, id=key))
                removed = (
                    QT_TRANSLATE_NOOP("CoreAutomation", "Note {id} removed.")
                    if table == "notes"
                    else QT_TRANSLATE_NOOP("CoreAutomation", "Draft {id} removed.")
                )
                said = message(removed, id=key)
            changes = _diff(before, _snapshot(world))
    except sqlite3.OperationalError as exc:
        raise _locked(exc) from exc
    return ToolResult(True, {"changes": changes}, said.english(), None, said)
