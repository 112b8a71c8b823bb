"""The audit log: an append-only table in the world's own SQLite file, one row per event of an agent run.

One file, one transaction: the row that records an effect is written inside the transaction that makes the
effect (``write``), so ``kill -9`` at any instant leaves both or neither, and the world's hash always equals the
hash the log last recorded. Rows that change nothing (a block, a rejection, a run's start and end) are appended
on their own (``append``). WAL and ``synchronous=FULL``: a row is on disk when its commit returns. Triggers
refuse UPDATE and DELETE.

Tamper evidence:

- each row carries the previous row's hash and its own, an HMAC-SHA256 under the log's key (``keys.py``: the
  OS keyring, or a key file outside the log's folder), so a row changed and the chain recomputed without the key
  is found;
- row ids are checked to be 1, 2, 3, … with no gap;
- the head (the last row's id and hash, and when) is recorded outside the log file (:class:`HeadFile`), so a
  log cut at its end, emptied, truncated to 0 bytes, or replaced by a copy without its ``-wal`` file is found.

``verify`` says what it could check: "consistent with the head recorded at …", never more.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from desktop.core.atomic import atomic_write_text
from desktop.core.csv_safe import write_csv
from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

GENESIS = "0" * 64
DECISIONS = (
    "auto",  # the level let it run on its own
    "approved",  # a person approved this call
    "approved_for_run",  # ran on its own because a person approved the tool for the run
    "edited",  # a person changed the arguments, then approved
    "rejected",  # a person rejected it (or stopped the run on it)
    "blocked",  # a rule refused it (the schema included)
    "error",  # the tool failed, or the model named no tool
    "killed",  # the kill switch ended the run while this call waited
    "started",  # a run began
    "ended",  # a run ended (its status and the world's outcome)
    "interrupted",  # written at the next start: the app stopped during this run
    "undone",  # a person undid an earlier row's effect
    "reset",  # the world went back to its seed
)
EFFECT_DECISIONS = ("auto", "approved", "approved_for_run", "edited")

SCHEMA = """
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    run_id TEXT NOT NULL,
    level TEXT NOT NULL,
    model TEXT NOT NULL,
    step INTEGER NOT NULL,
    tool TEXT NOT NULL,
    args TEXT NOT NULL,
    risk TEXT NOT NULL,
    decision TEXT NOT NULL,
    decided_by TEXT NOT NULL,
    result TEXT NOT NULL,
    error TEXT NOT NULL,
    duration_ms REAL NOT NULL,
    hash_before TEXT NOT NULL,
    hash_after TEXT NOT NULL,
    undo_token TEXT NOT NULL DEFAULT '',
    prev_hash TEXT NOT NULL,
    row_hash TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_run ON audit (run_id, id);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""


class AuditError(FMError):
    """The audit log cannot be opened or written."""


@dataclass(frozen=True)
class AuditRow:
    id: int
    time: float
    run_id: str
    level: str
    model: str
    step: int
    tool: str
    args: dict[str, Any]
    risk: str
    decision: str
    decided_by: str
    result: str
    error: str
    duration_ms: float
    hash_before: str
    hash_after: str
    undo_token: str
    prev_hash: str
    row_hash: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    rows: int
    first_bad_row: int | None
    message: str  # English (logs, exports)
    text: Message | None = None  # the same for a person (translatable); None: show ``message``

    @property
    def shown(self) -> Message | str:
        """What the UI passes to ``desktop.i18n.translate_message``."""
        return self.text if self.text is not None else self.message


def _verified(ok: bool, rows: int, first_bad_row: int | None, text: Message) -> VerifyResult:
    return VerifyResult(ok, rows, first_bad_row, text.english(), text)


_COLUMNS = [f.name for f in fields(AuditRow)]
_HASHED = [c for c in _COLUMNS if c != "row_hash"]


def canonical_args(args: Any) -> str:
    return json.dumps(args, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def key_id(key: bytes) -> str:
    """A short fingerprint of a key (says which key wrote a log, not the key)."""
    return hashlib.sha256(b"fm-explorer audit key id\0" + key).hexdigest()[:16]


def row_hash(values: dict[str, Any], key: bytes) -> str:
    """HMAC-SHA256 under ``key`` over the row's fields (args as canonical JSON text) and the previous row's hash."""
    payload = json.dumps([values[c] for c in _HASHED], ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Head:
    """The last row a writer committed, recorded outside the log."""

    last_id: int
    last_hash: str
    time: float
    key_id: str


class HeadFile:
    """Heads of logs, by the log file's full path, in one small JSON file (written atomically). It lives
    outside the log's folder, so whoever rewrites the log file must find and rewrite this too."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    def _all(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def read(self, log: Path) -> Head | None:
        entry = self._all().get(str(Path(log).resolve()))
        if not isinstance(entry, dict):
            return None
        try:
            return Head(int(entry["id"]), str(entry["hash"]), float(entry["time"]), str(entry["key_id"]))
        except (TypeError, KeyError, ValueError):
            return None

    def write(self, log: Path, head: Head) -> None:
        with self._lock:
            data = self._all()
            data[str(Path(log).resolve())] = {
                "id": head.last_id,
                "hash": head.last_hash,
                "time": head.time,
                "key_id": head.key_id,
            }
            atomic_write_text(self.path, json.dumps(data, indent=1, sort_keys=True))


def _opening_failed(path: Path, exc: BaseException) -> AuditError:
    return AuditError(
        message(QT_TRANSLATE_NOOP("CoreAutomation", "Could not open the audit log at {path}."), path=path), str(exc)
    )


class AuditLog:
    """Append-only, keyed, with its head outside the file. Safe from several threads (one connection, a lock) and
    processes (each write is one ``BEGIN IMMEDIATE`` transaction that reads the last row and inserts).

    ``key``: the HMAC key (``keys.audit_key``); None makes a random one for this object only (tests, the
    evaluation: its rows verify only while it lives). ``heads``: where the head is recorded (None: nowhere; then
    ``verify`` says it cannot see rows removed from the end)."""

    def __init__(
        self, path: Path, key: bytes | None = None, heads: HeadFile | None = None, busy_timeout: float = 5.0
    ) -> None:
        self.path = Path(path)
        self.key = key if key is not None else os.urandom(32)
        self.key_id = key_id(self.key)
        self.heads = heads
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=busy_timeout
            )
        except sqlite3.Error as exc:
            raise _opening_failed(self.path, exc) from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            self._db.close()
            raise _opening_failed(self.path, exc) from exc

    # ----- writing ------------------------------------------------------------------------------------------
    def _values(self, fields_: dict[str, Any]) -> dict[str, Any]:
        decision = fields_.get("decision", "")
        if decision not in DECISIONS:
            raise AuditError(f"Unknown audit decision {decision!r}; expected one of {', '.join(DECISIONS)}.")
        level = fields_.get("level", "")
        return {
            "time": time.time(),
            "run_id": str(fields_.get("run_id", "")),
            "level": str(level.value if hasattr(level, "value") else level),
            "model": str(fields_.get("model", "")),
            "step": int(fields_.get("step", 0)),
            "tool": str(fields_.get("tool", "")),
            "args": canonical_args(fields_.get("args", {})),
            "risk": str(fields_.get("risk", "")),
            "decision": decision,
            "decided_by": str(fields_.get("decided_by", "")),
            "result": str(fields_.get("result", "")),
            "error": str(fields_.get("error", "")),
            "duration_ms": float(fields_.get("duration_ms", 0.0)),
            "hash_before": str(fields_.get("hash_before", "")),
            "hash_after": str(fields_.get("hash_after", "")),
            "undo_token": str(fields_.get("undo_token") or ""),
        }

    def _insert(self, db: sqlite3.Connection, values: dict[str, Any]) -> AuditRow:
        last = db.execute("SELECT id, row_hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        values["id"] = (int(last[0]) if last else 0) + 1
        values["prev_hash"] = last[1] if last else GENESIS
        values["row_hash"] = row_hash(values, self.key)
        db.execute(
            f"INSERT INTO audit ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})",
            [values[c] for c in _COLUMNS],
        )
        return _row(values)

    def write(self, db: sqlite3.Connection, **fields_: Any) -> AuditRow:
        """Insert one row inside the caller's open transaction on ``db`` (a connection to this log's file): the
        row commits with the caller's effect or not at all. Call :meth:`committed` after the commit."""
        if not db.in_transaction:
            raise AuditError("AuditLog.write needs a transaction that is open on the connection it is given.")
        where = db.execute("PRAGMA database_list").fetchone()
        if where is None or Path(str(where[2])).resolve() != self.path.resolve():
            raise AuditError("AuditLog.write was given a connection to another file than the log's.")
        return self._insert(db, self._values(fields_))

    def committed(self, row: AuditRow) -> None:
        """Record ``row`` as the head, outside the log (after its transaction committed)."""
        if self.heads is not None:
            self.heads.write(self.path, Head(row.id, row.row_hash, row.time, self.key_id))

    def append(self, **fields_: Any) -> AuditRow:
        """Write one row in a transaction of its own and record the head; durable on return."""
        values = self._values(fields_)
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    row = self._insert(self._db, values)
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as exc:
                raise AuditError(
                    message(
                        QT_TRANSLATE_NOOP(
                            "CoreAutomation", "Could not write to the audit log; the event was not recorded."
                        )
                    ),
                    str(exc),
                ) from exc
        self.committed(row)
        return row

    # ----- reading ------------------------------------------------------------------------------------------
    def rows(self, run_id: str | None = None, limit: int | None = None) -> list[AuditRow]:
        """Oldest first; ``limit`` keeps the newest ``limit`` rows."""
        sql = f"SELECT {', '.join(_COLUMNS)} FROM audit"
        params: list[Any] = []
        if run_id is not None:
            sql += " WHERE run_id = ?"
            params.append(run_id)
        sql += " ORDER BY id"
        with self._lock:
            raw = self._db.execute(sql, params).fetchall()
        out = [_row(dict(zip(_COLUMNS, r, strict=True))) for r in raw]
        return out[-limit:] if limit else out

    def last_row(self) -> AuditRow | None:
        with self._lock:
            raw = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit ORDER BY id DESC LIMIT 1").fetchone()
        return _row(dict(zip(_COLUMNS, raw, strict=True))) if raw else None

    def runs(self) -> list[str]:
        """Run ids, oldest first."""
        with self._lock:
            raw = self._db.execute("SELECT run_id, min(id) AS first FROM audit GROUP BY run_id ORDER BY first")
            return [r[0] for r in raw.fetchall()]

    def head(self) -> Head | None:
        return self.heads.read(self.path) if self.heads is not None else None

    def verify(self) -> VerifyResult:
        """Check every row's keyed hash and link, the ids' contiguity, and the rows against the head recorded
        outside the log. Reports the first problem found."""
        from desktop.core.automation.verify import verify_rows

        with self._lock:
            raw = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit ORDER BY id").fetchall()
        values = [dict(zip(_COLUMNS, r, strict=True)) for r in raw]
        return verify_rows(values, self.key, self.key_id, self.head(), self.heads is not None)

    # ----- exports (atomic: a reader never sees half a file) -------------------------------------------------
    def export_jsonl(self, path: Path) -> int:
        rows = self.rows()
        text = "".join(json.dumps(row.to_dict(), ensure_ascii=False) + "\n" for row in rows)
        atomic_write_text(Path(path), text)
        return len(rows)

    def export_csv(self, path: Path) -> int:
        """Formula-safe (``desktop.core.csv_safe``): a cell from a model or a customer never runs as a formula."""
        rows = []
        for row in self.rows():
            d = row.to_dict()
            d["args"] = canonical_args(d["args"])
            rows.append([d[c] for c in _COLUMNS])
        return write_csv(Path(path), _COLUMNS, rows)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def hashed_fields() -> list[str]:
    """The columns a row's hash covers, in order (the verifier's and the writer's one definition)."""
    return list(_HASHED)


def undoable_calls(rows: Sequence[AuditRow], state_hash: str) -> dict[tuple[str, int], str]:
    """From the log alone (after a restart): (run id, step) -> undo token of the effects that can still be undone in
    a world whose state hash is ``state_hash``. Those are the undoable calls of the run that left the world as it is
    (the latest row that recorded a world state must match it), less those already undone. Empty when the world is
    not the one the log last left: reset, replaced, or changed by something the log did not see."""
    last = next((r for r in reversed(rows) if r.hash_after), None)
    if last is None or last.hash_after != state_hash:
        return {}
    tokens: dict[tuple[str, int], str] = {}
    keys: dict[int, tuple[str, int]] = {}
    for r in rows:
        if r.run_id != last.run_id:
            continue
        if r.undo_token and r.decision in EFFECT_DECISIONS and not r.error:
            tokens[(r.run_id, r.step)] = r.undo_token
            keys[r.id] = (r.run_id, r.step)
        elif r.decision == "undone" and isinstance(r.args, dict) and r.args.get("undo_of_row") in keys:
            tokens.pop(keys[int(r.args["undo_of_row"])], None)
    return tokens


def _row(values: dict[str, Any]) -> AuditRow:
    data = dict(values)
    try:
        data["args"] = json.loads(data["args"]) if isinstance(data["args"], str) else data["args"]
    except json.JSONDecodeError:
        data["args"] = {"_unparsed": data["args"]}
    return AuditRow(**data)
