"""The agent's tools: JSON schemas, MCP-style annotations, validation, preview, execution and undo.

Every effect runs in ONE SQLite transaction (``BEGIN IMMEDIATE``): a call is applied whole or not at all. A preview
runs the same code in a transaction that is always rolled back, so what the card shows is exactly what would happen.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.core.automation.handlers import HANDLERS, MAX_TOOL_TEXT, CallContext, ToolError, _cut, _Outcome
from desktop.core.automation.schema import (
    args_problems,
    joined,
    schema_problems,
    validate_args,
    validate_schema,
    with_world_enums,
    world_enums,
)
from desktop.core.automation.seed import DATES
from desktop.core.automation.world import MUTABLE_TABLES, World, WorldError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

__all__ = [
    "MAX_TOOL_TEXT",
    "CallContext",
    "ToolError",
    "args_problems",
    "joined",
    "schema_problems",
    "validate_args",
    "validate_schema",
]


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
    recorded: str | None = None  # finish: the summary exactly as the log would record it
    during_run: bool = False  # ``rows`` are what changed in the world during the run (finish), not this call

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
    hash_before: str = ""  # the world's state hash before and after the call
    hash_after: str = ""

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
    """Each tool's schema with enums filled from the world (``schema.world_enums``), for grammar-constrained
    decoding and for checking arguments."""
    enums = world_enums(world, next_bookings)
    return {name: with_world_enums(tool.schema, enums) for name, tool in TOOLS.items()}


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


Recorder = Callable[[sqlite3.Connection, "ToolResult"], Any]  # writes the audit row inside the call's transaction


def _failed(tool: Tool, exc: BaseException) -> ToolError:
    if isinstance(exc, sqlite3.OperationalError):
        return _locked(exc)
    if isinstance(exc, sqlite3.Error):
        return ToolError(
            message(
                QT_TRANSLATE_NOOP("CoreAutomation", "{tool} failed in the database; nothing was changed."),
                tool=tool.name,
            ),
            str(exc),
        )
    return ToolError(
        message(
            QT_TRANSLATE_NOOP("CoreAutomation", "{tool} failed ({error}); nothing was changed."),
            tool=tool.name,
            error=type(exc).__name__,
        ),
        repr(exc),
    )


def execute(
    world: World, tool_name: str, args: Any, *, context: CallContext | None = None, record: Recorder | None = None
) -> ToolResult:
    """Run one call in ONE transaction: on any error nothing is changed. ``record(db, result)`` runs inside the
    same transaction after the effect (the audit row): if it fails, the effect is rolled back too. Raises
    ToolError with a plain message (unknown tool, bad arguments, a business rule of the tool, a locked database,
    a failed record)."""
    tool, args = _checked(world, tool_name, args)
    handler = HANDLERS[tool.name]
    try:
        with world.transaction() as db:
            before = world.state_hash()
            rows_before = None if tool.annotations.read_only else _snapshot(world)
            out = handler(world, db, args, context)
            changes = [] if rows_before is None else _diff(rows_before, _snapshot(world))
            after = world.state_hash() if changes else before
            data: Any = out.data  # a read's own data; an effect's changes and messages, with its own keys
            if rows_before is not None:
                data = {
                    "changes": changes,
                    "messages": out.messages,
                    **(out.data if isinstance(out.data, dict) else {}),
                }
            result = ToolResult(True, data, _cut(out.text), out.undo_token, None, before, after)
            if record is not None:
                record(db, result)
    except (ToolError, WorldError):
        raise
    except Exception as exc:
        raise _failed(tool, exc) from exc
    return result


def preview(world: World, tool_name: str, args: Any, *, context: CallContext | None = None) -> Preview:
    """What the call would change, without changing it: the same code runs in a transaction that is rolled back.
    A call that would fail returns a Preview with ``error`` set. Unknown tools and bad arguments raise ToolError.
    ``finish`` shows its summary as it would be recorded and, with a context, what changed during the run."""
    tool, args = _checked(world, tool_name, args)
    if tool.name == "finish":
        changes = _diff(context.started, _snapshot(world)) if context and context.started is not None else []
        if changes:
            ends = message(
                QT_TRANSLATE_NOOP("CoreAutomation", "Ends the run. During the run: {changes}."),
                changes=_changes_text(changes),
            )
        else:
            ends = message(QT_TRANSLATE_NOOP("CoreAutomation", "Ends the run. Nothing changed during the run."))
        return Preview(ends.english(), changes, None, summary_text=ends, recorded=str(args["summary"]), during_run=True)
    if tool.annotations.read_only:
        reads = message(
            QT_TRANSLATE_NOOP("CoreAutomation", "{description} Reads only; changes nothing."), description=tool.text
        )
        return Preview(reads.english(), [], None, summary_text=reads)
    try:
        with world.rolled_back() as db:
            before = _snapshot(world)
            out = HANDLERS[tool.name](world, db, args, context)
            changes = _diff(before, _snapshot(world))
    except ToolError as exc:
        return _would_fail(exc)
    except sqlite3.OperationalError as exc:
        return _would_fail(_locked(exc))
    sent = "\n\n".join(out.messages) if out.messages else None
    summary = _summary(tool, out, changes)
    return Preview(summary.english(), changes, sent, summary_text=summary)


def snapshot(world: World) -> dict[str, dict[str, dict[str, Any]]]:
    """The mutable tables by key (what a run's finish compares with)."""
    return _snapshot(world)


def diff(before: dict[str, dict[str, dict[str, Any]]], after: dict[str, dict[str, dict[str, Any]]]) -> list[dict]:
    """The rows that differ between two snapshots: {"table", "op", "key", "before", "after"}."""
    return _diff(before, after)


def _changes_text(changes: list[dict[str, Any]]) -> str:
    return ", ".join(f"{c['op']} {c['table']} {c['key']}" for c in changes)


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
    head = out.text.split("\n")[0]
    shown: Message | str = (
        _changes_text(changes) if changes else message(QT_TRANSLATE_NOOP("CoreAutomation", "no change"))
    )
    return message(_SUMMARIES[(tool.annotations.open_world, tool.reversible())], head=head, changes=shown)
