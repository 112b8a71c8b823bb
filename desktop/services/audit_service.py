"""The automation's audit log for the panel: the timeline, the per-tool record, Verify and Export.

Reads happen on a thread of its own ("agent-io") through a connection of its own (WAL lets it read while a run
writes), so none of it waits behind a run that waits for a person. The rows are written by the agent service, in
the same transactions as the effects they record; ``refresh`` is called when it says the log changed.

``AutomationFiles`` is where both services find the one database (world and log), the log's key (the OS keyring,
or a key file outside the log's folder) and the head file outside the log.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, Signal

from desktop.core.atomic import atomic_write_text
from desktop.core.automation.audit import AuditLog, AuditRow, HeadFile, VerifyResult
from desktop.core.automation.keys import audit_key, head_path
from desktop.core.automation.policy import rule_counts, stats
from desktop.core.csv_safe import write_csv
from desktop.core.paths import data_dir
from desktop.i18n import error_and_details
from desktop.services.worker import SerialWorker, weak_callback

DB_FILE = "automation.sqlite3"  # the world and its audit log, one file
TIMELINE_ROWS = 1000  # the newest rows the timeline shows (the log keeps every row; Export writes them all)


def automation_dir() -> Path:
    return data_dir() / "automation"


@dataclass
class AutomationFiles:
    """The automation's database, the log's key and where the log's head is kept (outside the log's folder)."""

    folder: Path = field(default_factory=automation_dir)
    heads: Path = field(default_factory=head_path)
    key_file_folder: Path | None = None  # where a key file goes when there is no keyring (None: the config folder)
    _key: bytes | None = None
    _key_where: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def db(self) -> Path:
        return self.folder / DB_FILE

    def key(self) -> bytes:
        """The log's key (loaded on first use, on a worker thread: a keyring may be slow)."""
        with self._lock:
            if self._key is None:
                found = audit_key(folder=self.key_file_folder)
                self._key, self._key_where = found.key, found.where
            return self._key

    @property
    def key_where(self) -> str:
        return self._key_where

    def log(self) -> AuditLog:
        self.folder.mkdir(parents=True, exist_ok=True)
        return AuditLog(self.db, self.key(), HeadFile(self.heads))


class _RowsOnce:
    """One read of the log's rows, handed to the record's counters (each would read them again)."""

    def __init__(self, rows: list[AuditRow]) -> None:
        self._rows = rows

    def rows(self) -> list[AuditRow]:
        return self._rows


def _read(log: AuditLog) -> tuple[list[AuditRow], dict[str, dict[str, int]], dict[str, int]]:
    rows = log.rows()
    once = cast(AuditLog, _RowsOnce(rows))
    return rows, stats(once), rule_counts(once)


class AuditService(QObject):
    auditRows = Signal(object)  # list[AuditRow] (all runs, oldest first, the newest TIMELINE_ROWS)
    statsReady = Signal(object)  # dict[tool, dict[str, int]]
    rulesReady = Signal(object)  # dict[rule, times it blocked a call]
    verified = Signal(object)  # VerifyResult
    exported = Signal(str, int)  # path, rows written
    failed = Signal(str, str, str)  # what failed (title), message, details

    def __init__(self, files: AutomationFiles | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.files = files or AutomationFiles()
        self._io = SerialWorker("agent-io", self)
        self._shut_down = False
        self._pending = False
        self._again = False

    def _with_log(self, fn: Callable[[AuditLog], Any], missing: Callable[[], Any]) -> Callable[[], Any]:
        """``fn`` on a connection of its own; ``missing()`` when there is no database yet (a reader never makes one:
        the agent service creates it, with the seed, and a reader that got there first would leave an empty file)."""

        def job() -> Any:
            if not self.files.db.exists():
                return missing()
            log = self.files.log()
            try:
                return fn(log)
            finally:
                log.close()

        return job

    def _no_log_verified(self) -> VerifyResult:
        """Verify with no database at all: no rows, against the head recorded outside (a deleted log is found)."""
        from desktop.core.automation.audit import key_id
        from desktop.core.automation.verify import verify_rows

        key = self.files.key()
        return verify_rows([], key, key_id(key), HeadFile(self.files.heads).read(self.files.db), True)

    def refresh(self) -> None:
        """Read the timeline and the per-tool record again (coalesced: one read in flight at a time)."""
        if self._shut_down:
            return
        if self._pending:
            self._again = True
            return
        self._pending = True
        self._io.submit(
            self._with_log(_read, lambda: ([], {}, {})),
            on_success=weak_callback(self._on_read),
            on_failure=weak_callback(self._on_read_failed),
        )

    def _on_read(self, value: tuple[list[AuditRow], dict[str, dict[str, int]], dict[str, int]]) -> None:
        self._pending = False
        rows, record, rules = value
        self.auditRows.emit(rows[-TIMELINE_ROWS:])
        self.statsReady.emit(record)
        self.rulesReady.emit(rules)
        if self._again:
            self._again = False
            self.refresh()

    def _on_read_failed(self, exc: BaseException) -> None:
        self._pending = self._again = False
        self._report(self.tr("Could not read the audit log"), exc)

    def verify(self) -> None:
        """Check every row's keyed hash and link, the ids, and the head recorded outside the log."""
        if self._shut_down:
            return
        self._io.submit(
            self._with_log(lambda log: log.verify(), self._no_log_verified),
            on_success=weak_callback(self._emit_verified),
            on_failure=weak_callback(self._report, self.tr("Could not verify the audit log")),
        )

    def export(self, path: Path) -> None:
        """Write the whole log to ``path``, atomically: CSV (formula-safe) if it ends in .csv, else JSON lines."""
        path = Path(path)

        def write(log: AuditLog) -> int:
            return log.export_csv(path) if path.suffix.lower() == ".csv" else log.export_jsonl(path)

        def nothing() -> int:  # no database yet: an export with no rows
            if path.suffix.lower() == ".csv":
                return write_csv(path, [], [])
            atomic_write_text(path, "")
            return 0

        self._io.submit(
            self._with_log(write, nothing),
            on_success=weak_callback(self._emit_exported, str(path)),
            on_failure=weak_callback(self._report, self.tr("Could not export the audit log")),
        )

    def _emit_verified(self, result: VerifyResult) -> None:
        self.verified.emit(result)

    def _emit_exported(self, path: str, rows: int) -> None:
        self.exported.emit(path, int(rows))

    def _report(self, title: str, exc: BaseException) -> None:
        message, details = error_and_details(exc)
        self.failed.emit(title, message, details)

    def shutdown(self, timeout: float = 10.0) -> bool:
        """End the reader thread. Safe twice."""
        if self._shut_down:
            return True
        self._shut_down = True
        return self._io.stop(int(timeout * 1000))
