"""Run history on its own worker thread, which owns the SQLite connection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.paths import data_dir
from desktop.core.store import RunStore, RunSummary
from desktop.services.worker import SerialWorker


class HistoryService(QObject):
    changed = Signal(object)  # list[RunSummary], newest first

    def __init__(self, path: Path | None = None, kind: str = "completion", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path or data_dir() / "history.sqlite3"
        self.kind = kind
        self._store: RunStore | None = None
        self.worker = SerialWorker("history", self)
        self.refresh()

    def _db(self) -> RunStore:
        if self._store is None:  # created on the worker thread, and only ever used there
            self._store = RunStore(self.path)
        return self._store

    def refresh(self) -> None:
        self.worker.submit(lambda: self._db().list(self.kind), on_success=self.changed.emit, title="History")

    def save(self, run: dict[str, Any], on_saved: Callable[[int], None] | None = None) -> None:
        def job() -> tuple[int, list[RunSummary]]:
            run_id = self._db().save(run, self.kind)
            return run_id, self._db().list(self.kind)

        def done(result: tuple[int, list[RunSummary]]) -> None:
            self.changed.emit(result[1])
            if on_saved is not None:
                on_saved(result[0])

        self.worker.submit(job, on_success=done, title="Could not save the run")

    def open(self, run_id: int, on_run: Callable[[dict[str, Any] | None], None]) -> None:
        self.worker.submit(lambda: self._db().get(run_id), on_success=on_run, title="Could not open the run")

    def delete(self, run_id: int) -> None:
        def job() -> list[RunSummary]:
            self._db().delete(run_id)
            return self._db().list(self.kind)

        self.worker.submit(job, on_success=self.changed.emit, title="Could not delete the run")

    def shutdown(self) -> None:
        def close() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        self.worker.submit(close)
        self.worker.stop()
