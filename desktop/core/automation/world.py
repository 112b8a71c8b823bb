"""The business world of the Automation panel: a small restaurant business in one SQLite file per run.

A run works on a fresh copy of the seed (``resources/automation/seed.sql``); ``reset`` restores it. The file is in
WAL mode with ``synchronous=FULL``. Every change goes through ``transaction()`` (``BEGIN IMMEDIATE`` ... ``COMMIT``),
so a call is applied whole or not at all, even if the process is killed. One connection, guarded by a lock, so the
agent thread and the GUI thread may both read.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.automation.seed import BOOKING_MINUTES, DATES
from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, message

# Tables whose content is the state of the business (the FTS index is derived from restaurants and reviews).
BUSINESS_TABLES: tuple[str, ...] = (
    "restaurants",
    "reviews",
    "dining_tables",
    "slots",
    "customers",
    "bookings",
    "requests",
    "notes",
    "drafts",
    "outbox",
    "payments",
)
# Tables the tools change; a preview diffs these.
MUTABLE_TABLES: tuple[str, ...] = ("bookings", "notes", "drafts", "outbox", "payments")
ACTIVE = ("held", "confirmed")


class WorldError(FMError):
    """The world's database cannot be opened, read or written."""


@dataclass(frozen=True)
class Request:
    id: str
    sender: str
    customer_id: str | None
    external: bool
    language: str
    subject: str
    body: str


@dataclass(frozen=True)
class Restaurant:
    id: str
    name: str
    cuisine: str
    area: str
    price: int
    opens: str
    closes: str
    closed_days: tuple[str, ...]
    description: str

    def hours(self) -> str:
        closed = f", closed {'/'.join(self.closed_days)}" if self.closed_days else ""
        return f"{self.opens}-{self.closes}{closed}"


@dataclass(frozen=True)
class Customer:
    id: str
    name: str
    email: str
    phone: str
    language: str


@dataclass(frozen=True)
class Booking:
    id: str
    restaurant_id: str
    restaurant: str
    table_no: int
    customer_id: str
    date: str
    time: str
    party_size: int
    status: str
    deposit: int

    @property
    def active(self) -> bool:
        return self.status in ACTIVE


def minutes(hhmm: str) -> int:
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def weekday(date: str) -> str:
    return datetime.date.fromisoformat(date).strftime("%a")


def _seed_sql() -> str:
    from desktop.resources import automation_seed_path

    path = automation_seed_path()
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WorldError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation", "The automation seed world is missing ({path}). Reinstall the app."
                ),
                path=path,
            ),
            str(exc),
        ) from exc


def _remove_db_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


class World:
    """One run's copy of the business. ``busy_timeout`` (seconds) is how long a write waits for a lock held by
    another connection before the call fails with a plain message."""

    def __init__(self, path: Path, busy_timeout: float = 2.0) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._lock = threading.RLock()
        self._in_transaction = False
        self._db = self._connect()

    # ----- life cycle -------------------------------------------------------------------------------------
    @classmethod
    def fresh(cls, folder: Path, name: str = "world.sqlite3", busy_timeout: float = 2.0) -> World:
        """A new copy of the seed at ``folder/name`` (an existing file there is replaced)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        cls._build(path)
        return cls(path, busy_timeout=busy_timeout)

    @staticmethod
    def _build(path: Path) -> None:
        sql = _seed_sql()
        _remove_db_files(path)
        try:
            db = sqlite3.connect(str(path), isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=FULL")
                db.executescript(sql)
            finally:
                db.close()
        except sqlite3.Error as exc:
            _remove_db_files(path)
            raise WorldError(
                message(
                    QT_TRANSLATE_NOOP("CoreAutomation", "Could not create the automation world at {path}."), path=path
                ),
                str(exc),
            ) from exc

    def _connect(self) -> sqlite3.Connection:
        if not self.path.is_file():
            raise WorldError(
                message(QT_TRANSLATE_NOOP("CoreAutomation", "There is no automation world at {path}."), path=self.path)
            )
        db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=self.busy_timeout
            )
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA foreign_keys=ON")
            db.row_factory = sqlite3.Row
            db.execute("SELECT count(*) FROM restaurants").fetchone()
        except sqlite3.Error as exc:
            if db is not None:
                db.close()
            raise WorldError(
                message(
                    QT_TRANSLATE_NOOP("CoreAutomation", "Could not open the automation world at {path}."),
                    path=self.path,
                ),
                str(exc),
            ) from exc
        return db

    def has_seed_schema(self) -> bool:
        """The tables, indexes and triggers are those the seed makes now (a world an older version left on disk
        may not be): read from sqlite_master, against the seed built in memory."""
        query = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        seed = sqlite3.connect(":memory:")
        try:
            seed.executescript(_seed_sql())
            expected = seed.execute(query).fetchall()
        finally:
            seed.close()
        with self._lock:
            return [tuple(r) for r in self._db.execute(query).fetchall()] == [tuple(r) for r in expected]

    def reset(self) -> None:
        """Back to the seed."""
        with self._lock:
            self._db.close()
            self._build(self.path)
            self._db = self._connect()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ----- transactions -----------------------------------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; any exception rolls back everything and propagates.
        A locked database raises ``sqlite3.OperationalError`` at BEGIN (nothing has been changed)."""
        with self._lock:
            if self._in_transaction:
                raise WorldError("A world transaction is already open on this thread.")
            self._db.execute("BEGIN IMMEDIATE")
            self._in_transaction = True
            try:
                yield self._db
            except BaseException:
                if self._db.in_transaction:  # SQLite may have rolled back already (e.g. disk full)
                    self._db.execute("ROLLBACK")
                raise
            else:
                self._db.execute("COMMIT")
            finally:
                self._in_transaction = False

    @contextlib.contextmanager
    def rolled_back(self) -> Iterator[sqlite3.Connection]:
        """A transaction that is always rolled back: run a call to see its effect without keeping it."""
        with self._lock:
            if self._in_transaction:
                raise WorldError("A world transaction is already open on this thread.")
            self._db.execute("BEGIN IMMEDIATE")
            self._in_transaction = True
            try:
                yield self._db
            finally:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                self._in_transaction = False

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return list(self._db.execute(sql, params).fetchall())

    # ----- state ------------------------------------------------------------------------------------------
    def dump(
        self, tables: tuple[str, ...] = BUSINESS_TABLES, *, ignore_text: bool = False
    ) -> dict[str, list[list[Any]]]:
        """Canonical content: each table's rows as lists, sorted. ``ignore_text`` blanks the free text an agent
        writes (notes, drafts, messages), keeping who got what."""
        out: dict[str, list[list[Any]]] = {}
        with self._lock:
            for table in tables:
                sql = _FREE_TEXT_SQL.get(table, f"SELECT * FROM {table}") if ignore_text else f"SELECT * FROM {table}"
                rows = [list(r) for r in self._db.execute(sql).fetchall()]
                rows.sort(key=lambda r: json.dumps(r, ensure_ascii=False))
                out[table] = rows
        return out

    def state_hash(self, *, ignore_text: bool = False) -> str:
        """sha256 of the canonical dump of the business tables (not the audit log). With ``ignore_text`` two runs
        that wrote the same notes, drafts and messages in other words hash alike (for task scoring)."""
        dump = self.dump(ignore_text=ignore_text)
        text = json.dumps(dump, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def table_rows(self, table: str, key: str = "id") -> dict[str, dict[str, Any]]:
        """One mutable table keyed by its id (for diffs)."""
        with self._lock:
            return {str(r[key]): dict(r) for r in self._db.execute(f"SELECT * FROM {table}").fetchall()}

    # ----- inbox ------------------------------------------------------------------------------------------
    def inbox(self) -> list[Request]:
        return [_request(r) for r in self.query("SELECT * FROM requests ORDER BY id")]

    def request(self, request_id: str) -> Request:
        rows = self.query("SELECT * FROM requests WHERE id = ?", (request_id,))
        if not rows:
            raise WorldError(
                message(
                    QT_TRANSLATE_NOOP("CoreAutomation", "There is no request {id} in the inbox."), id=repr(request_id)
                )
            )
        return _request(rows[0])

    def add_request(
        self,
        request_id: str,
        sender: str,
        body: str,
        *,
        customer_id: str | None = None,
        external: bool = True,
        language: str = "en",
        subject: str = "",
    ) -> Request:
        """Put a new request in the inbox (tests, and requests typed into the panel)."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?, ?)",
                (request_id, sender, customer_id, int(external), language, subject, body),
            )
        return self.request(request_id)

    # ----- business lookups -------------------------------------------------------------------------------
    def restaurants(self) -> list[Restaurant]:
        return [_restaurant(r) for r in self.query("SELECT * FROM restaurants ORDER BY id")]

    def restaurant(self, name_or_id: str) -> Restaurant | None:
        key = str(name_or_id).strip()
        rows = self.query(
            "SELECT * FROM restaurants WHERE id = ? OR lower(name) = lower(?)",
            (key, key),
        )
        return _restaurant(rows[0]) if rows else None

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
        return _booking(rows[0]) if rows else None

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
        return [_booking(r) for r in self.query(sql + " ORDER BY b.id", params)]

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
        return [_restaurant(r) for r in rows]

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


_FREE_TEXT_SQL = {
    "notes": "SELECT id, request_id, '' FROM notes",
    "drafts": "SELECT id, request_id, '' FROM drafts",
    "outbox": "SELECT id, customer_id, kind, booking_id, CASE WHEN kind = 'message' THEN '' ELSE text END FROM outbox",
}

_BOOKING_SQL = (
    "SELECT b.id, b.restaurant_id, r.name AS restaurant, b.table_no, b.customer_id, b.date, b.time, "
    "b.party_size, b.status, b.deposit FROM bookings b JOIN restaurants r ON r.id = b.restaurant_id"
)


def _request(row: sqlite3.Row) -> Request:
    return Request(
        id=row["id"],
        sender=row["sender"],
        customer_id=row["customer_id"],
        external=bool(row["external"]),
        language=row["language"],
        subject=row["subject"],
        body=row["body"],
    )


def _restaurant(row: sqlite3.Row) -> Restaurant:
    data = dict(row)
    data["closed_days"] = tuple(d for d in str(data["closed_days"]).split(",") if d)
    return Restaurant(**data)


def _booking(row: sqlite3.Row) -> Booking:
    return Booking(**dict(row))
