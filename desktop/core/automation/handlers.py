"""The tools' code: what each call reads or changes, in the transaction the caller opened.

Each handler gets the world, the open connection (None for a read outside a transaction), the checked arguments
and the call's context: the request being handled. The context keeps other customers' contact details and
other requests away from the model (a lookup of another customer says only that it is another customer), so a
model cannot repeat what it never saw. Without a context (the evaluation's replays, tests) a handler gives the
staff's full view.

Messages the tools write to customers are fixed templates; the world's text that goes into them (a restaurant's
name) is made one plain line first, with invisible and control characters removed and its length bounded.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop.core.automation.seed import minutes
from desktop.core.automation.world import World, WorldError
from desktop.core.cut import cut, one_line
from desktop.core.errors import FMError
from desktop.core.invisible import is_invisible
from desktop.core.messages import QT_TRANSLATE_NOOP, message

MAX_TOOL_TEXT = 4000  # characters of a tool result the agent reads back; the rest is cut, and the cut is said
MAX_NAME = 60  # characters of a world's name (a restaurant's) that go into a message to a customer


class ToolError(FMError):
    """A tool call that cannot be done. The message is plain words and goes back to the agent; nothing changed.

    Translation (context ``CoreAutomation``): ``err.message`` is the English the agent reads and the audit log
    keeps; ``err.text`` is the :class:`~desktop.core.messages.Message` the UI shows through
    ``desktop.i18n.translate_message``. Tool descriptions are marked too (the model reads the English, the
    card shows ``Tool.text``); the tools' results (``ToolResult.text``) are what the model reads and stay
    English."""


@dataclass(frozen=True)
class CallContext:
    """The request a call is made for. ``started``: the mutable tables when the run began (finish's preview
    shows what changed since)."""

    request_id: str
    requester_id: str | None
    started: dict[str, dict[str, dict[str, Any]]] | None = None


@dataclass
class _Outcome:
    text: str
    data: Any = None
    undo_token: str | None = None
    messages: list[str] = field(default_factory=list)


def plain_name(text: str, limit: int = MAX_NAME) -> str:
    """World text for a message to a customer: one line, no invisible or control characters, at most ``limit``
    characters (a poisoned restaurant name cannot hide text, reorder it, or run on)."""
    kept = "".join(" " if ch in "\n\t" else ch for ch in text if ch in "\n\t" or not is_invisible(ch))
    return cut(one_line(kept), limit, note="…")[0]


def _cut(text: str, limit: int = MAX_TOOL_TEXT) -> str:
    return cut(text, limit, note="\n[… cut: {count} more characters not shown]")[0]


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


def _search_restaurants(
    world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None
) -> _Outcome:
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


def _check_availability(
    world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None
) -> _Outcome:
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
    others.sort(key=lambda t: abs(minutes(t) - minutes(time)))
    near = sorted(others[:4])
    hint = f" Free times that day for {party}: {', '.join(near)}." if near else " Nothing free that day."
    return _Outcome(
        f"No: {r.name} has no table for {party} on {date} at {time}.{hint}",
        {**base, "available": False, "open": True, "alternatives": near},
    )


def _read_request(
    world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None
) -> _Outcome:
    if ctx is not None and args["request_id"] != ctx.request_id:
        return _Outcome(
            f"Request {args['request_id']} is not the request being handled ({ctx.request_id}); only that one "
            "can be read.",
            {"id": args["request_id"], "shown": False},
        )
    try:
        q = world.request(args["request_id"])
    except WorldError as exc:
        raise ToolError(exc.text, exc.details) from exc
    who = f"customer {q.customer_id}" if q.customer_id else "no customer"
    where = "external (a customer)" if q.external else "internal (staff)"
    head = f"Request {q.id} from {q.sender} ({where}, {who}, language {q.language})\nSubject: {q.subject}\n"
    body = q.body
    cut_chars = max(0, len(body) - MAX_TOOL_TEXT)
    text = head + _cut(body)
    return _Outcome(
        text,
        {"id": q.id, "customer_id": q.customer_id, "external": q.external, "language": q.language, "cut": cut_chars},
    )


def _lookup_customer(
    world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None
) -> _Outcome:
    found = world.find_customers(str(args["customer"]))
    if not found:
        return _Outcome(f"No customer matches {args['customer']!r}.", [])
    lines, data = [], []
    for c in found[:5]:
        if ctx is not None and c.id != ctx.requester_id:
            # Another customer: the model never sees their name, contact details or bookings.
            lines.append(f"- {c.id}: another customer, not the one who wrote this request; their details are private.")
            data.append({"id": c.id, "private": True})
            continue
        books = world.bookings(c.id)
        lines.append(f"- {c.id} {c.name}, {c.email}, {c.phone}, language {c.language}")
        for bk in books:
            lines.append(
                f"    booking {bk.id}: {bk.restaurant}, {bk.date} {bk.time}, {bk.party_size} people, {bk.status}"
                + (f", deposit {bk.deposit}" if bk.deposit else "")
            )
        data.append({"id": c.id, "name": c.name, "bookings": [bk.id for bk in books]})
    return _Outcome("\n".join(lines), data)


def _hold_table(world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None) -> _Outcome:
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


def _write_note(world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None) -> _Outcome:
    assert db is not None
    if not _request_exists(world, args["request_id"]):
        _no_request(args)
    cur = db.execute("INSERT INTO notes (request_id, text) VALUES (?, ?)", (args["request_id"], args["text"]))
    note_id = int(cur.lastrowid or 0)
    return _Outcome(
        f"Note {note_id} written on request {args['request_id']}.", {"note_id": note_id}, f"write_note:{note_id}"
    )


def _draft_reply(
    world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None
) -> _Outcome:
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
    customer_name, restaurant = plain_name(customer_name), plain_name(booking.restaurant)
    if language == "ko":
        return (
            f"{customer_name}님, {restaurant} {booking.date} {booking.time} {booking.party_size}명 "
            f"예약이 확정되었습니다 (예약 번호 {booking.id}). 감사합니다."
        )
    return (
        f"Dear {customer_name}, your table for {booking.party_size} at {restaurant} on {booking.date} at "
        f"{booking.time} is confirmed (booking {booking.id}). We look forward to seeing you."
    )


def cancellation_text(customer_name: str, language: str, booking: Any) -> str:
    customer_name, restaurant = plain_name(customer_name), plain_name(booking.restaurant)
    if language == "ko":
        return (
            f"{customer_name}님, {restaurant} {booking.date} {booking.time} 예약(예약 번호 {booking.id})이 "
            "취소되었습니다."
        )
    return (
        f"Dear {customer_name}, your booking {booking.id} at {restaurant} on {booking.date} at "
        f"{booking.time} has been cancelled."
    )


def receipt_text(customer_name: str, amount: int, booking: Any) -> str:
    customer_name, restaurant = plain_name(customer_name), plain_name(booking.restaurant)
    return (
        f"Dear {customer_name}, we charged a deposit of {amount} for booking {booking.id} at {restaurant} on "
        f"{booking.date}."
    )


def _notify(db: sqlite3.Connection, customer_id: str, kind: str, booking_id: str | None, text: str) -> None:
    db.execute(
        "INSERT INTO outbox (customer_id, kind, booking_id, text) VALUES (?, ?, ?, ?)",
        (customer_id, kind, booking_id, text),
    )


def _confirm_booking(
    world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None
) -> _Outcome:
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


def _send_message(
    world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None
) -> _Outcome:
    assert db is not None
    c = _customer(world, args["customer_id"])
    _notify(db, c.id, "message", None, str(args["text"]))
    return _Outcome(f"Message sent to {c.name} ({c.id}).", {"customer_id": c.id}, messages=[str(args["text"])])


def _cancel_booking(
    world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None
) -> _Outcome:
    assert db is not None
    b = _booking(world, args["booking_id"])
    if b.status == "cancelled":
        return _Outcome(f"Booking {b.id} was already cancelled; nothing sent.", {"booking_id": b.id})
    c = _customer(world, b.customer_id)
    db.execute("UPDATE bookings SET status = 'cancelled' WHERE id = ?", (b.id,))
    text = cancellation_text(c.name, c.language, b)
    _notify(db, c.id, "cancellation", b.id, text)
    return _Outcome(f"Booking {b.id} cancelled; {c.name} was told: {text}", {"booking_id": b.id}, messages=[text])


def _charge_deposit(
    world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None
) -> _Outcome:
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
    text = receipt_text(c.name, amount, b)
    _notify(db, c.id, "receipt", b.id, text)
    return _Outcome(
        f"Charged a deposit of {amount} on booking {b.id}; {c.name} got a receipt.",
        {"booking_id": b.id, "amount": amount},
        messages=[text],
    )


def _finish(world: World, db: sqlite3.Connection | None, args: dict[str, Any], ctx: CallContext | None) -> _Outcome:
    return _Outcome("Run finished.", {"summary": args["summary"]})


_Handler = Callable[[World, "sqlite3.Connection | None", dict[str, Any], "CallContext | None"], _Outcome]
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
