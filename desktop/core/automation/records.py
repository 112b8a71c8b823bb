"""The world's records as plain values: requests, restaurants, customers, bookings."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

ACTIVE = ("held", "confirmed")


@dataclass(frozen=True)
class Request:
    id: str
    sender: str
    customer_id: str | None
    external: bool
    language: str
    subject: str
    body: str
    kind: str = "other"  # what the request is (intent.py): book, cancel, confirm, question, note, ...
    asks: str = ""  # the effects it asks for (intent.py): "book", "cancel:B0003 ", ...


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


def request_of(row: sqlite3.Row) -> Request:
    return Request(
        id=row["id"],
        sender=row["sender"],
        customer_id=row["customer_id"],
        external=bool(row["external"]),
        language=row["language"],
        subject=row["subject"],
        body=row["body"],
        kind=row["kind"],
        asks=row["asks"],
    )


def restaurant_of(row: sqlite3.Row) -> Restaurant:
    data = dict(row)
    data["closed_days"] = tuple(d for d in str(data["closed_days"]).split(",") if d)
    return Restaurant(**data)


def booking_of(row: sqlite3.Row) -> Booking:
    return Booking(**dict(row))
