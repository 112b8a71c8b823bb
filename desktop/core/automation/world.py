"""The business world of the Automation panel: a small restaurant business in one SQLite file.

The same file holds the audit log (``audit.py``), so an effect and the row that records it commit in one
transaction. ``reset`` puts the business tables back to the seed (``resources/automation/seed.sql``) in place,
inside one transaction that may also write the row recording the reset; the log's tables are never touched. The
file is in WAL mode with ``synchronous=FULL``. Every change goes through ``transaction()`` (``BEGIN IMMEDIATE``
... ``COMMIT``), so a call is applied whole or not at all, even if the process is killed. One connection, guarded
by a lock, so the agent thread and the GUI thread may both read.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from desktop.core.automation.lookups import Lookups
from desktop.core.automation.records import ACTIVE, Booking, Customer, Request, Restaurant, request_of
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
__all__ = ["ACTIVE", "Booking", "Customer", "Request", "Restaurant", "World", "WorldError"]


class WorldError(FMError):
    """The world's database cannot be opened, read or written."""


def _seed_sql() -> str:
    from desktop.resources import automation_seed_path

    path = automation_seed_path()
    try:
        return _read_seed(path, path.stat().st_mtime_ns)
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


@functools.lru_cache(maxsize=2)
def _read_seed(path: Path, _mtime: int) -> str:
    return path.read_text(encoding="utf-8")


@functools.lru_cache(maxsize=2)
def _statements(sql: str) -> tuple[str, ...]:
    """The seed script as single statements (it has no transaction control: ``reset`` runs it in its own)."""
    out: list[str] = []
    pending = ""
    for line in sql.splitlines(keepends=True):
        if not pending and (not line.strip() or line.lstrip().startswith("--")):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            out.append(pending.strip())
            pending = ""
    if pending.strip():
        out.append(pending.strip())
    return tuple(s for s in out if not s.upper().startswith("PRAGMA"))


def _remove_db_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def is_log_object(name: str) -> bool:
    """Tables, indexes and triggers of the audit log (``audit.py``), which a reset never touches."""
    return name.startswith("audit")


Recorder = Callable[[sqlite3.Connection, str, str], None]  # (connection in the transaction, hash before, after)


class World(Lookups):
    """One run's copy of the business. ``busy_timeout`` (seconds) is how long a write waits for a lock held by
    another connection before the call fails with a plain message."""

    def __init__(self, path: Path, busy_timeout: float = 2.0, *, check: bool = True) -> None:
        self.path = Path(path)
        self.busy_timeout = busy_timeout
        self._lock = threading.RLock()
        self._in_transaction = False
        self._db = self._connect(check)

    # ----- life cycle -------------------------------------------------------------------------------------
    @classmethod
    def fresh(cls, folder: Path, name: str = "world.sqlite3", busy_timeout: float = 2.0) -> World:
        """A new database with the seed at ``folder/name`` (an existing file there is replaced, its log too)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        _remove_db_files(path)
        try:
            db = sqlite3.connect(str(path), isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=WAL")
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
        world = cls(path, busy_timeout=busy_timeout, check=False)
        try:
            world.reset()
        except BaseException:
            world.close()
            _remove_db_files(path)
            raise
        return world

    def _connect(self, check: bool = True) -> sqlite3.Connection:
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
            if check:
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
        """The business tables, indexes and triggers are those the seed makes now (a world an older version left
        on disk may not be): read from sqlite_master, against the seed built in memory. The log's are not
        compared."""
        query = "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
        seed = sqlite3.connect(":memory:")
        try:
            seed.executescript(_seed_sql())
            expected = seed.execute(query).fetchall()
        finally:
            seed.close()
        with self._lock:
            found = [tuple(r) for r in self._db.execute(query).fetchall() if not is_log_object(str(r[1]))]
        return found == [tuple(r) for r in expected]

    def reset(self, record: Recorder | None = None) -> str:
        """Back to the seed, in place and in one transaction: every business table (of this version or an older
        one) is dropped and made again from the seed script; the log's tables stay. ``record(db, before, after)``
        runs inside the same transaction (the audit row of the reset), so the reset and its row commit together.
        Returns the seed's state hash."""
        with self.transaction() as db:
            before = self._hash_if_readable()
            db.execute("PRAGMA defer_foreign_keys = ON")
            for name in self._objects("table", virtual=True):
                db.execute(f'DROP TABLE IF EXISTS "{name}"')
            for kind in ("view", "trigger", "table"):
                for name in self._objects(kind):
                    db.execute(f'DROP {kind.upper()} IF EXISTS "{name}"')
            for statement in _statements(_seed_sql()):
                db.execute(statement)
            after = self.state_hash()
            if record is not None:
                record(db, before, after)
        return after

    def _objects(self, kind: str, virtual: bool = False) -> list[str]:
        rows = self._db.execute("SELECT name, sql FROM sqlite_master WHERE type = ?", (kind,)).fetchall()
        names = []
        for r in rows:
            name, sql = str(r[0]), str(r[1] or "")
            if name.startswith("sqlite_") or is_log_object(name):
                continue
            if virtual == sql.upper().startswith("CREATE VIRTUAL TABLE"):
                names.append(name)
        return names

    def _hash_if_readable(self) -> str:
        try:
            return self.state_hash()
        except sqlite3.Error:
            return ""

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
        with self._lock:
            return _dump(self._db, tables, ignore_text)

    def state_hash(self, *, ignore_text: bool = False) -> str:
        """sha256 of the canonical dump of the business tables (not the audit log). With ``ignore_text`` two runs
        that wrote the same notes, drafts and messages in other words hash alike (for task scoring)."""
        return _hash(self.dump(ignore_text=ignore_text))

    def table_rows(self, table: str, key: str = "id") -> dict[str, dict[str, Any]]:
        """One mutable table keyed by its id (for diffs)."""
        with self._lock:
            return {str(r[key]): dict(r) for r in self._db.execute(f"SELECT * FROM {table}").fetchall()}

    # ----- inbox ------------------------------------------------------------------------------------------
    def inbox(self) -> list[Request]:
        return [request_of(r) for r in self.query("SELECT * FROM requests ORDER BY id")]

    def request(self, request_id: str) -> Request:
        rows = self.query("SELECT * FROM requests WHERE id = ?", (request_id,))
        if not rows:
            raise WorldError(
                message(
                    QT_TRANSLATE_NOOP("CoreAutomation", "There is no request {id} in the inbox."), id=repr(request_id)
                )
            )
        return request_of(rows[0])

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
        kind: str = "other",
        asks: str = "",
        record: Recorder | None = None,
    ) -> Request:
        """Put a new request in the inbox (tests, and requests typed into the panel). ``kind`` and ``asks``:
        what it asks for (intent.py). ``record`` writes its audit row in the same transaction."""
        from desktop.core.automation.intent import Asks

        Asks.parse(asks)  # the vocabulary is checked before anything is written
        with self.transaction() as db:
            before = self.state_hash() if record is not None else ""
            db.execute(
                "INSERT INTO requests VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (request_id, sender, customer_id, int(external), language, subject, body, kind, asks),
            )
            if record is not None:
                record(db, before, self.state_hash())
        return self.request(request_id)


def _dump(db: sqlite3.Connection, tables: tuple[str, ...], ignore_text: bool) -> dict[str, list[list[Any]]]:
    out: dict[str, list[list[Any]]] = {}
    for table in tables:
        sql = _FREE_TEXT_SQL.get(table, f"SELECT * FROM {table}") if ignore_text else f"SELECT * FROM {table}"
        rows = [list(r) for r in db.execute(sql).fetchall()]
        rows.sort(key=lambda r: json.dumps(r, ensure_ascii=False))
        out[table] = rows
    return out


def _hash(dump: dict[str, list[list[Any]]]) -> str:
    text = json.dumps(dump, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seed_hash() -> str:
    """The state hash of the seed world (built in memory): what an empty log's world must be."""
    return _seed_hash(_seed_sql())


@functools.lru_cache(maxsize=2)
def _seed_hash(sql: str) -> str:
    db = sqlite3.connect(":memory:")
    try:
        for statement in _statements(sql):
            db.execute(statement)
        return _hash(_dump(db, BUSINESS_TABLES, False))
    finally:
        db.close()


_FREE_TEXT_SQL = {
    "notes": "SELECT id, request_id, '' FROM notes",
    "drafts": "SELECT id, request_id, '' FROM drafts",
    "outbox": "SELECT id, customer_id, kind, booking_id, CASE WHEN kind = 'message' THEN '' ELSE text END FROM outbox",
}
