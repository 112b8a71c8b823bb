"""The audit log: an append-only SQLite table in its own file, one row per event of an agent run.

WAL and ``synchronous=FULL``: a row is on disk when ``append`` returns, so ``kill -9`` loses no committed row.
Triggers refuse UPDATE and DELETE. Each row carries the previous row's hash and its own (sha256 over its fields and
the previous hash), so a row changed behind SQLite's back (triggers dropped, file edited) is found by ``verify``;
AUTOINCREMENT's counter also shows rows cut off the end.
"""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

GENESIS = "0" * 64
DECISIONS = ("auto", "approved", "edited", "rejected", "blocked", "error", "interrupted", "info")

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


def row_hash(values: dict[str, Any]) -> str:
    """sha256 over the row's fields (args as canonical JSON text) and the previous row's hash."""
    payload = [values[c] for c in _HASHED]
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AuditLog:
    """Append-only. Safe to use from several threads (one connection, a lock) and several processes (each append
    is one ``BEGIN IMMEDIATE`` transaction that reads the last hash and inserts)."""

    def __init__(self, path: Path, busy_timeout: float = 5.0) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=busy_timeout
            )
        except sqlite3.Error as exc:
            raise AuditError(
                message(QT_TRANSLATE_NOOP("CoreAutomation", "Could not open the audit log at {path}."), path=self.path),
                str(exc),
            ) from exc
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.executescript(SCHEMA)
        except sqlite3.Error as exc:
            self._db.close()
            raise AuditError(
                message(QT_TRANSLATE_NOOP("CoreAutomation", "Could not open the audit log at {path}."), path=self.path),
                str(exc),
            ) from exc

    def append(
        self,
        *,
        run_id: str,
        level: str,
        model: str,
        step: int,
        tool: str,
        args: dict[str, Any],
        risk: str,
        decision: str,
        decided_by: str,
        result: str = "",
        error: str = "",
        duration_ms: float = 0.0,
        hash_before: str = "",
        hash_after: str = "",
        undo_token: str | None = "",
    ) -> AuditRow:
        """Write one row and return it; durable on return."""
        if decision not in DECISIONS:
            raise AuditError(f"Unknown audit decision {decision!r}; expected one of {', '.join(DECISIONS)}.")
        values: dict[str, Any] = {
            "time": time.time(),
            "run_id": str(run_id),
            "level": str(level.value if hasattr(level, "value") else level),
            "model": str(model),
            "step": int(step),
            "tool": str(tool),
            "args": canonical_args(args),
            "risk": str(risk),
            "decision": decision,
            "decided_by": str(decided_by),
            "result": str(result),
            "error": str(error),
            "duration_ms": float(duration_ms),
            "hash_before": str(hash_before),
            "hash_after": str(hash_after),
            "undo_token": str(undo_token or ""),
        }
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    last = self._db.execute("SELECT id, row_hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()
                    seq = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
                    values["id"] = max(int(last[0]) if last else 0, int(seq[0]) if seq else 0) + 1
                    values["prev_hash"] = last[1] if last else GENESIS
                    values["row_hash"] = row_hash(values)
                    self._db.execute(
                        f"INSERT INTO audit ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})",
                        [values[c] for c in _COLUMNS],
                    )
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
        return _row(values)

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

    def runs(self) -> list[str]:
        """Run ids, oldest first."""
        with self._lock:
            raw = self._db.execute("SELECT run_id, min(id) AS first FROM audit GROUP BY run_id ORDER BY first")
            return [r[0] for r in raw.fetchall()]

    def verify(self) -> VerifyResult:
        """Walk the chain: each row's prev_hash is the previous row's hash and its row_hash matches its fields.
        Reports the first row that does not."""
        with self._lock:
            raw = self._db.execute(f"SELECT {', '.join(_COLUMNS)} FROM audit ORDER BY id").fetchall()
            seq = self._db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
        prev = GENESIS
        for r in raw:
            values = dict(zip(_COLUMNS, r, strict=True))
            if values["prev_hash"] != prev:
                return _verified(
                    False,
                    len(raw),
                    values["id"],
                    message(
                        QT_TRANSLATE_NOOP(
                            "CoreAutomation",
                            "Row {row} does not follow the row before it: a row before it was removed or changed.",
                        ),
                        row=values["id"],
                    ),
                )
            if row_hash(values) != values["row_hash"]:
                return _verified(
                    False,
                    len(raw),
                    values["id"],
                    message(
                        QT_TRANSLATE_NOOP("CoreAutomation", "Row {row} was changed after it was written."),
                        row=values["id"],
                    ),
                )
            prev = values["row_hash"]
        last_id = raw[-1][0] if raw else 0
        if seq is not None and int(seq[0]) > last_id:
            return _verified(
                False,
                len(raw),
                last_id + 1,
                message(
                    QT_TRANSLATE_NOOP("CoreAutomation", "Rows after {last} (up to {end}) were removed from the end."),
                    last=last_id,
                    end=seq[0],
                ),
            )
        return _verified(
            True,
            len(raw),
            None,
            message(QT_TRANSLATE_NOOP("CoreAutomation", "All {count} rows are intact."), count=len(raw)),
        )

    def export_jsonl(self, path: Path) -> int:
        rows = self.rows()
        with Path(path).open("w", encoding="utf-8") as f:
            for row in rows:
                f.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
        return len(rows)

    def export_csv(self, path: Path) -> int:
        rows = self.rows()
        with Path(path).open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(_COLUMNS)
            for row in rows:
                d = row.to_dict()
                d["args"] = canonical_args(d["args"])
                writer.writerow([d[c] for c in _COLUMNS])
        return len(rows)

    def close(self) -> None:
        with self._lock:
            self._db.close()


EFFECT_DECISIONS = ("auto", "approved", "edited")


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
        elif r.decision == "info" and isinstance(r.args, dict) and r.args.get("undo_of_row") in keys:
            tokens.pop(keys[int(r.args["undo_of_row"])], None)
    return tokens


def _row(values: dict[str, Any]) -> AuditRow:
    data = dict(values)
    try:
        data["args"] = json.loads(data["args"]) if isinstance(data["args"], str) else data["args"]
    except json.JSONDecodeError:
        data["args"] = {"_unparsed": data["args"]}
    return AuditRow(**data)
