"""The seed world: a small restaurant business, written out as reviewable SQL text.

``python -m desktop.core.automation.seed`` rewrites ``resources/automation/seed.sql`` from the data in
``seed_restaurants.py`` and ``seed_people.py``. The output is deterministic (fixed dates 2026-12-01 .. 2026-12-07,
no clock, no randomness), so state hashes are reproducible. The SQL file is committed; the app reads only the SQL
file. It holds no transaction control: the world runs it inside a transaction of its own (``World.reset``),
together with the audit row that records it.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

# The data lives in two modules of its own (seed_restaurants, seed_people); its names stay importable from here.
from desktop.core.automation.seed_people import BOOKINGS, CUSTOMERS, INTENTS, REQUESTS
from desktop.core.automation.seed_restaurants import RESTAURANTS

FIRST_DATE = datetime.date(2026, 12, 1)  # a Tuesday
DAYS = 7
DATES = [(FIRST_DATE + datetime.timedelta(days=i)).isoformat() for i in range(DAYS)]
SLOT_MINUTES = 30
LAST_SEATING_BEFORE_CLOSE = 60  # minutes
BOOKING_MINUTES = 120  # a booking holds its table this long

SCHEMA = """\
PRAGMA foreign_keys = ON;
CREATE TABLE restaurants (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    cuisine TEXT NOT NULL,
    area TEXT NOT NULL,
    price INTEGER NOT NULL CHECK (price BETWEEN 1 AND 4),
    opens TEXT NOT NULL,
    closes TEXT NOT NULL,
    closed_days TEXT NOT NULL,
    description TEXT NOT NULL
);
CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    restaurant_id TEXT NOT NULL REFERENCES restaurants(id),
    author TEXT NOT NULL,
    rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    text TEXT NOT NULL
);
CREATE TABLE dining_tables (
    restaurant_id TEXT NOT NULL REFERENCES restaurants(id),
    table_no INTEGER NOT NULL,
    seats INTEGER NOT NULL,
    PRIMARY KEY (restaurant_id, table_no)
);
CREATE TABLE slots (
    restaurant_id TEXT NOT NULL REFERENCES restaurants(id),
    date TEXT NOT NULL,
    time TEXT NOT NULL,
    PRIMARY KEY (restaurant_id, date, time)
);
CREATE TABLE customers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    language TEXT NOT NULL
);
CREATE TABLE bookings (
    id TEXT PRIMARY KEY,
    restaurant_id TEXT NOT NULL REFERENCES restaurants(id),
    table_no INTEGER NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    date TEXT NOT NULL,
    time TEXT NOT NULL,
    party_size INTEGER NOT NULL CHECK (party_size > 0),
    status TEXT NOT NULL CHECK (status IN ('held', 'confirmed', 'cancelled')),
    deposit INTEGER NOT NULL DEFAULT 0,
    FOREIGN KEY (restaurant_id, table_no) REFERENCES dining_tables(restaurant_id, table_no)
);
CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    sender TEXT NOT NULL,
    customer_id TEXT REFERENCES customers(id),
    external INTEGER NOT NULL,
    language TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'other',
    asks TEXT NOT NULL DEFAULT ''
);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests(id),
    text TEXT NOT NULL
);
CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests(id),
    text TEXT NOT NULL
);
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL,
    booking_id TEXT,
    text TEXT NOT NULL
);
CREATE TABLE payments (
    id INTEGER PRIMARY KEY,
    booking_id TEXT NOT NULL REFERENCES bookings(id),
    amount INTEGER NOT NULL CHECK (amount > 0)
);
CREATE VIRTUAL TABLE restaurant_search USING fts5(
    restaurant_id UNINDEXED, name, cuisine, area, description, reviews,
    tokenize = 'unicode61 remove_diacritics 2'
);
"""

__all__ = ["BOOKINGS", "CUSTOMERS", "DATES", "INTENTS", "REQUESTS", "RESTAURANTS", "build_sql", "minutes", "weekday"]


# The automation's time helpers (the seed, the world and the tools use these).
def minutes(hhmm: str) -> int:
    """``"19:30"`` -> 1170."""
    hours, mins = hhmm.split(":")
    return int(hours) * 60 + int(mins)


def hhmm(total: int) -> str:
    """1170 -> ``"19:30"``."""
    return f"{total // 60:02d}:{total % 60:02d}"


def weekday(date: str) -> str:
    """``"2026-12-04"`` -> ``"Fri"``."""
    return datetime.date.fromisoformat(date).strftime("%a")


def slot_times(opens: str, closes: str) -> list[str]:
    start, end = minutes(opens), minutes(closes) - LAST_SEATING_BEFORE_CLOSE
    # first slot on the half hour at or after opening
    start = -(-start // SLOT_MINUTES) * SLOT_MINUTES
    return [hhmm(m) for m in range(start, end + 1, SLOT_MINUTES)]


def _q(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _insert(table: str, values: tuple[object, ...]) -> str:
    return f"INSERT INTO {table} VALUES ({', '.join(_q(v) for v in values)});"


def build_sql() -> str:
    lines = [
        "-- FM Explorer automation seed world. Generated by desktop/core/automation/seed.py; do not edit by hand.",
        f"-- Dates {DATES[0]} .. {DATES[-1]}.",
        SCHEMA.rstrip(),
    ]
    review_id = 0
    for rid, name, cuisine, area, price, opens, closes, closed, description, tables, reviews in RESTAURANTS:
        lines.append(_insert("restaurants", (rid, name, cuisine, area, price, opens, closes, closed, description)))
        for number, seats in enumerate(tables, start=1):
            lines.append(_insert("dining_tables", (rid, number, seats)))
        for author, rating, text in reviews:
            review_id += 1
            lines.append(_insert("reviews", (review_id, rid, author, rating, text)))
        closed_days = {d for d in closed.split(",") if d}
        for date in DATES:
            if weekday(date) in closed_days:
                continue
            for time in slot_times(opens, closes):
                lines.append(_insert("slots", (rid, date, time)))
        lines.append(
            _insert(
                "restaurant_search",
                (rid, name, cuisine, area, description, "\n".join(text for _, _, text in reviews)),
            )
        )
    for customer in CUSTOMERS:
        lines.append(_insert("customers", customer))
    for booking in BOOKINGS:
        lines.append(_insert("bookings", booking))
    for request in REQUESTS:
        lines.append(_insert("requests", (*request, *INTENTS[request[0]])))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    from desktop.resources import automation_seed_path

    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else automation_seed_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(build_sql(), encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
