"""The world's business lookups (a mixin of ``World``): restaurants, slots, customers, bookings, search, and the
invariants every committed state keeps."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from desktop.core.automation.records import Booking, Customer, Restaurant, booking_of, restaurant_of
from desktop.core.automation.seed import BOOKING_MINUTES, DATES, minutes

_BOOKING_SQL = (
    "SELECT b.id, b.restaurant_id, r.name AS restaurant, b.table_no, b.customer_id, b.date, b.time, "
    "b.party_size, b.status, b.deposit FROM bookings b JOIN restaurants r ON r.id = b.restaurant_id"
)


class Lookups:
    """Read-only questions about the business; ``query`` is the world's."""

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        raise NotImplementedError

    def restaurants(self) -> list[Restaurant]:
        return [restaurant_of(r) for r in self.query("SELECT * FROM restaurants ORDER BY id")]

    def restaurant(self, name_or_id: str) -> Restaurant | None:
        key = str(name_or_id).strip()
        rows = self.query(
            "SELECT * FROM restaurants WHERE id = ? OR lower(name) = lower(?)",
            (key, key),
        )
        return restaurant_of(rows[0]) if rows else None

    def areas(self) -> list[str]:
        return [r[0] for r in self.query("SELECT DISTINCT area FROM restaurants ORDER BY area")]

    def cuisines(self) -> list[str]:
        return [r[0] for r in self.query("SELECT DISTINCT cuisine FROM restaurants ORDER BY cuisine")]

    def dates(self) -> list[str]:
        return list(DATES)

    def slot_times(self) -> list[str]:
        """Every time at which some restaurant seats guests (the enum for ``time`` arguments)."""
        return [r[0] for r in self.query("SELECT DISTINCT time FROM slots ORDER BY time")]

    def restaurant_slots(self, restaurant_id: str, date: str) -> list[str]:
        rows = self.query(
            "SELECT time FROM slots WHERE restaurant_id = ? AND date = ? ORDER BY time", (restaurant_id, date)
        )
        return [r[0] for r in rows]

    def is_open(self, restaurant_id: str, date: str, time: str) -> bool:
        rows = self.query(
            "SELECT 1 FROM slots WHERE restaurant_id = ? AND date = ? AND time = ?", (restaurant_id, date, time)
        )
        return bool(rows)

    def customers(self) -> list[Customer]:
        return [Customer(**dict(r)) for r in self.query("SELECT * FROM customers ORDER BY id")]

    def customer(self, customer_id: str) -> Customer | None:
        rows = self.query("SELECT * FROM customers WHERE id = ?", (customer_id,))
        return Customer(**dict(rows[0])) if rows else None

    def find_customers(self, text: str) -> list[Customer]:
        """By id (exact, any case) or by a part of the name or e-mail."""
        key = text.strip()
        if not key:
            return []
        like = f"%{key.lower()}%"
        rows = self.query(
            "SELECT * FROM customers WHERE upper(id) = upper(?) OR lower(name) LIKE ? OR lower(email) LIKE ? "
            "ORDER BY id",
            (key, like, like),
        )
        return [Customer(**dict(r)) for r in rows]

    def booking_ids(self) -> list[str]:
        return [r[0] for r in self.query("SELECT id FROM bookings ORDER BY id")]

    def next_booking_ids(self, count: int = 1) -> list[str]:
        rows = self.query("SELECT id FROM bookings")
        top = max((int(r[0][1:]) for r in rows if re.fullmatch(r"B\d+", r[0])), default=0)
        return [f"B{top + i:04d}" for i in range(1, count + 1)]

    def booking(self, booking_id: str) -> Booking | None:
        rows = self.query(_BOOKING_SQL + " WHERE b.id = ?", (booking_id,))
        return booking_of(rows[0]) if rows else None

    def bookings(self, customer_id: str | None = None, active_only: bool = False) -> list[Booking]:
        sql = _BOOKING_SQL
        params: tuple[Any, ...] = ()
        clauses = []
        if customer_id is not None:
            clauses.append("b.customer_id = ?")
            params = (customer_id,)
        if active_only:
            clauses.append("b.status IN ('held', 'confirmed')")
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        return [booking_of(r) for r in self.query(sql + " ORDER BY b.id", params)]

    def overlapping(self, customer_id: str, date: str, time: str, exclude: str | None = None) -> list[Booking]:
        """The customer's active bookings whose two hours overlap a booking at ``date time``."""
        start = minutes(time)
        return [
            b
            for b in self.bookings(customer_id, active_only=True)
            if b.date == date and abs(minutes(b.time) - start) < BOOKING_MINUTES and b.id != exclude
        ]

    def free_tables(
        self, restaurant_id: str, date: str, time: str, party_size: int, exclude: str | None = None
    ) -> list[tuple[int, int]]:
        """(table_no, seats) of tables that seat the party and are free for two hours from ``time``, smallest
        first."""
        start = minutes(time)
        busy = {
            r["table_no"]
            for r in self.query(
                "SELECT table_no, time, id FROM bookings WHERE restaurant_id = ? AND date = ? "
                "AND status IN ('held', 'confirmed')",
                (restaurant_id, date),
            )
            if abs(minutes(r["time"]) - start) < BOOKING_MINUTES and r["id"] != exclude
        }
        tables = self.query(
            "SELECT table_no, seats FROM dining_tables WHERE restaurant_id = ? AND seats >= ? ORDER BY seats, table_no",
            (restaurant_id, party_size),
        )
        return [(r["table_no"], r["seats"]) for r in tables if r["table_no"] not in busy]

    def reviews(self, restaurant_id: str) -> list[dict[str, Any]]:
        rows = self.query(
            "SELECT author, rating, text FROM reviews WHERE restaurant_id = ? ORDER BY id", (restaurant_id,)
        )
        return [dict(r) for r in rows]

    def search(
        self, query: str, area: str | None = None, cuisine: str | None = None, limit: int = 5
    ) -> list[Restaurant]:
        """FTS5 over names, cuisines, areas, descriptions and reviews, best match first (bm25). Words are
        matched as prefixes and OR-ed; ``area`` and ``cuisine`` filter exactly."""
        words = re.findall(r"\w+", query.lower())
        clauses, params = [], []  # type: list[str], list[Any]
        if area:
            clauses.append("r.area = ?")
            params.append(area)
        if cuisine:
            clauses.append("r.cuisine = ?")
            params.append(cuisine)
        where = (" AND " + " AND ".join(clauses)) if clauses else ""
        if words:
            match = " OR ".join(f'"{w}"*' for w in words[:12])
            sql = (
                "SELECT r.* FROM restaurant_search s JOIN restaurants r ON r.id = s.restaurant_id "
                f"WHERE restaurant_search MATCH ?{where} ORDER BY bm25(restaurant_search), r.id LIMIT ?"
            )
            rows = self.query(sql, (match, *params, limit))
        else:
            sql = "SELECT r.* FROM restaurants r" + (" WHERE " + " AND ".join(clauses) if clauses else "")
            rows = self.query(sql + " ORDER BY r.id LIMIT ?", (*params, limit))
        return [restaurant_of(r) for r in rows]

    def consistency_problems(self) -> list[str]:
        """Invariants every committed state keeps: active bookings sit in open slots at tables that seat them,
        no table is booked twice at once, every confirmed booking made after the seed has its confirmation in
        the outbox, deposits equal the payments, and SQLite's own integrity check passes."""
        problems: list[str] = []
        integrity = self.query("PRAGMA integrity_check")[0][0]
        if integrity != "ok":
            problems.append(f"integrity_check: {integrity}")
        bookings = self.bookings(active_only=True)
        seats = {(r[0], r[1]): r[2] for r in self.query("SELECT restaurant_id, table_no, seats FROM dining_tables")}
        for b in bookings:
            if not self.is_open(b.restaurant_id, b.date, b.time):
                problems.append(f"{b.id} is outside business hours")
            if seats.get((b.restaurant_id, b.table_no), 0) < b.party_size:
                problems.append(f"{b.id} sits {b.party_size} at a smaller table")
        for i, a in enumerate(bookings):
            for b in bookings[i + 1 :]:
                same_table = (a.restaurant_id, a.table_no, a.date) == (b.restaurant_id, b.table_no, b.date)
                if same_table and abs(minutes(a.time) - minutes(b.time)) < BOOKING_MINUTES:
                    problems.append(f"{a.id} and {b.id} share a table")
        from desktop.core.automation.seed import BOOKINGS

        seeded = {b[0] for b in BOOKINGS}
        confirmations = {
            r[0] for r in self.query("SELECT booking_id FROM outbox WHERE kind = 'confirmation'") if r[0] is not None
        }
        for b in bookings:
            if b.status == "confirmed" and b.id not in seeded and b.id not in confirmations:
                problems.append(f"{b.id} is confirmed but the customer was never told")
        seed_deposit = {b[0]: b[8] for b in BOOKINGS}
        paid: dict[str, int] = {}
        for r in self.query("SELECT booking_id, amount FROM payments"):
            paid[r[0]] = paid.get(r[0], 0) + r[1]
        for r in self.query("SELECT id, deposit FROM bookings"):
            if r[1] != seed_deposit.get(r[0], 0) + paid.get(r[0], 0):
                problems.append(f"{r[0]}: deposit {r[1]} does not match its payments")
        return problems
