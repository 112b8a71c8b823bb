"""What the views that run many completions share (Generate ×N, Evaluate, the scale grid): a Run and a Stop
button with a progress bar, bound to the panel's one BatchService. Only the view that started a batch
listens to its results (``owns``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from desktop.core.invisible import reveal
from desktop.services.batch_service import BatchModel, BatchService
from desktop.services.source import SourceChoice


class BatchControls(QWidget):
    def __init__(self, batch: BatchService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.batch = batch
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.run_btn = QPushButton()
        self.stop_btn = QPushButton()
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)  # "done / in all" once a run starts
        self.progress.setFormat("%v / %m")
        self.progress.setValue(0)
        self.status = QLabel("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # may carry a model's or a server's words
        self.status.setWordWrap(True)
        row.addWidget(self.run_btn)
        row.addWidget(self.stop_btn)
        row.addWidget(self.progress, 1)
        self.stop_btn.clicked.connect(self.stop)
        batch.progressed.connect(self._on_progress)
        batch.finished.connect(lambda _stopped: self.update_buttons())
        self.owner: QObject | None = None
        self.update_buttons()

    def retranslate(self) -> None:
        self.stop_btn.setText(self.tr("Stop"))

    def start(self, owner: QObject, models: list[BatchModel], jobs: list[dict[str, object]]) -> bool:
        if self.batch.busy():
            self.status.setText(self.tr("Another run of many answers is in progress; stop it first."))
            return False
        self.batch.owner = owner
        started = self.batch.start(models, jobs)
        if started:
            self.progress.setRange(0, self.batch.total())
            self.progress.setTextVisible(True)
            self.progress.setValue(0)
        self.update_buttons()
        return started

    def listen(self, view: Any) -> None:
        """Wire Run to ``view.run``, and the batch's results to ``view``'s handlers while ``view`` owns it:
        ``_on_answered(model, job, result)``, ``_on_failed(model, why)``, ``_on_finished(stopped)``."""
        self.run_btn.clicked.connect(view.run)
        mine = self.owns
        self.batch.answered.connect(lambda m, j, r: view._on_answered(m, j, r) if mine(view) else None)
        self.batch.modelFailed.connect(lambda m, why: view._on_failed(m, why) if mine(view) else None)
        self.batch.finished.connect(lambda stopped: view._on_finished(stopped) if mine(view) else None)

    def owns(self, owner: QObject) -> bool:
        return self.batch.owner is owner

    def stop(self) -> None:
        self.batch.stop()

    def _on_progress(self, done: int, total: int, _label: str) -> None:
        self.update_buttons()
        if self.batch.owner is not self.parent():  # another view's batch
            return
        if total:
            self.progress.setRange(0, total)
        self.progress.setValue(done)

    def update_buttons(self) -> None:
        busy = self.batch.busy()
        self.stop_btn.setEnabled(busy)
        self.run_btn.setEnabled(not busy)


def plain(text: str) -> str:
    """A model's text for a cell or a label set to plain text: invisible characters shown as markers."""
    return reveal(text)


def fill_models(combo: QComboBox, choices: list[SourceChoice], wanted: str) -> None:
    """A picker of models (files, then server models) keeping ``wanted`` (or its current choice) when listed."""
    current = str(combo.currentData() or "") or wanted
    combo.blockSignals(True)
    try:
        combo.clear()
        for choice in choices:
            combo.addItem(choice.label or choice.key, choice.key)
        combo.setCurrentIndex(max(0, combo.findData(current)))
    finally:
        combo.blockSignals(False)
