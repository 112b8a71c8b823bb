"""Evaluate's results: saved in SQLite (data_dir()/evaluations.sqlite3) off the GUI thread, and exported as a
formula-safe CSV. Failures go to the standard error dialog through the worker."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

from desktop.core.csv_safe import write_csv
from desktop.core.paths import data_dir
from desktop.core.teaching.eval_store import EvalStore
from desktop.core.teaching.evaluation import PromptSet, result_rows
from desktop.services.worker import SerialWorker, WorkerStore


class EvalService(QObject):
    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path or data_dir() / "evaluations.sqlite3"
        self.worker = SerialWorker("evaluations", self)
        self._store = WorkerStore(self.worker, lambda: EvalStore(self.path))

    def save_run(
        self, model_a: str, model_b: str, outputs: dict[str, dict[str, str]], on_saved: Callable[[int], None]
    ) -> None:
        self.worker.submit(
            lambda: self._store.get().save_run(model_a, model_b, outputs),
            on_success=on_saved,
            title=self.tr("Could not save the evaluation"),
        )

    def vote(self, run_id: int, item_id: str, winner: str) -> None:
        self.worker.submit(
            lambda: self._store.get().vote(run_id, item_id, winner), title=self.tr("Could not save the vote")
        )

    def load(self, run_id: int, on_run: Callable[[dict[str, Any] | None], None]) -> None:
        self.worker.submit(
            lambda: self._store.get().run(run_id), on_success=on_run, title=self.tr("Could not read the evaluation")
        )

    def export(self, run_id: int, prompt_set: PromptSet, path: Path, on_done: Callable[[int], None]) -> None:
        """The saved run (outputs and votes, as stored) as CSV at ``path``; ``on_done`` gets the row count."""

        def job() -> int:
            run = self._store.get().run(run_id)
            if run is None:
                raise LookupError(f"evaluation {run_id} is not saved")
            rows = result_rows(prompt_set, run["outputs"], run["votes"])
            return write_csv(path, rows[0], rows[1:])

        self.worker.submit(job, on_success=on_done, title=self.tr("Could not export the evaluation"))

    def shutdown(self) -> None:
        self._store.close_and_stop()
