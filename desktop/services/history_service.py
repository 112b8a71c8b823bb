"""Run history on its own worker thread, which owns the SQLite connection."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

from desktop.core.atomic import atomic_write_text
from desktop.core.errors import FMError
from desktop.core.memory import give_back_free_memory
from desktop.core.messages import Message
from desktop.core.paths import data_dir
from desktop.core.store import Notice, RunStore, RunSummary, to_markdown
from desktop.i18n import translate_message
from desktop.services.messages import bridge
from desktop.services.worker import SerialWorker, WorkerStore

T = TypeVar("T")


class SavedRun:
    """A handle on a run being saved. Its ``id`` is set on the worker thread by the save, which runs
    before any later job, so an ``update`` submitted at any time after ``save`` finds it."""

    def __init__(self) -> None:
        self.id: int | None = None


class HistoryService(QObject):
    changed = Signal(object)  # list[RunSummary], newest first
    noteChanged = Signal(str)  # a line to show beside the history ("" when all is well)
    _noticed = Signal(object)  # list[Notice], from the worker thread

    def __init__(self, path: Path | None = None, kind: str = "completion", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path or data_dir() / "history.sqlite3"
        self.kind = kind
        self.note = ""
        self._noticed.connect(self._on_notices)
        self.worker = SerialWorker("history", self)
        self._store = WorkerStore(self.worker, lambda: RunStore(self.path))
        self.refresh()

    def _job(self, fn: Callable[[RunStore], T]) -> Callable[[], T]:
        """``fn`` on the store, then whatever the store has to tell the person, once (worker thread)."""

        def run() -> T:
            store = self._store.get()
            try:
                return fn(store)
            finally:
                notices = store.take_notices()
                if notices:
                    self._noticed.emit((notices, store.note))

        return run

    def _on_notices(self, payload: tuple[list[Notice], str | Message]) -> None:
        notices, said = payload
        note = translate_message(said)  # core's Messages in the app's language, at the boundary
        if note != self.note:
            self.note = note
            self.noteChanged.emit(note)
        for notice in notices:
            bridge().report(translate_message(notice.title), FMError(notice.message, notice.details))

    def refresh(self) -> None:
        self.worker.submit(
            self._job(lambda db: db.list(self.kind)),
            on_success=self.changed.emit,
            title=self.tr("Could not read the run history"),
        )

    def save(self, run: dict[str, Any], on_saved: Callable[[int], None] | None = None) -> SavedRun:
        """Save ``run`` (a snapshot the caller no longer changes). Returns a handle for ``update``."""
        saved = SavedRun()

        def job(db: RunStore) -> tuple[int, list[RunSummary]]:
            saved.id = db.save(run, self.kind)
            return saved.id, db.list(self.kind)

        def done(result: tuple[int, list[RunSummary]]) -> None:
            # The run's stream and its JSON were the big copies, freed by now: their pages go back (under 1 ms).
            give_back_free_memory()
            self.changed.emit(result[1])
            if on_saved is not None:
                on_saved(result[0])

        self.worker.submit(self._job(job), on_success=done, title=self.tr("Could not save the run"))
        return saved

    def update(self, saved: SavedRun, run: dict[str, Any]) -> None:
        """Replace the data of a run saved before (or save it now, if that save failed)."""

        def job(db: RunStore) -> list[RunSummary]:
            if saved.id is None:
                saved.id = db.save(run, self.kind)
            else:
                db.update(saved.id, run)
            return db.list(self.kind)

        self.worker.submit(self._job(job), on_success=self.changed.emit, title=self.tr("Could not save the run"))

    def open(self, run_id: int, on_run: Callable[[dict[str, Any] | None], None]) -> None:
        self.worker.submit(
            self._job(lambda db: db.get(run_id)), on_success=on_run, title=self.tr("Could not open the run")
        )

    def export(self, run: dict[str, Any], path: Path, fmt: str, on_done: Callable[[Path], None]) -> None:
        """Write ``run`` to ``path`` as Markdown (``fmt`` "md") or JSON, off the GUI thread and atomically
        (no half-written file); ``on_done`` gets the path, and a failure goes to the error dialog."""

        def job() -> Path:
            text = to_markdown(run) if fmt == "md" else json.dumps(run, indent=2, ensure_ascii=False)
            atomic_write_text(path, text)
            return path

        self.worker.submit(job, on_success=on_done, title=self.tr("Could not export the run"))

    def delete(self, run_id: int) -> None:
        def job(db: RunStore) -> list[RunSummary]:
            db.delete(run_id)
            return db.list(self.kind)

        self.worker.submit(self._job(job), on_success=self.changed.emit, title=self.tr("Could not delete the run"))

    def shutdown(self) -> None:
        self._store.close_and_stop()
