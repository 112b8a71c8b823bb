"""The History tab: every run, newest first, saved the moment it ends (SQLite, through HistoryService);
reopen one, export it as Markdown or JSON, delete it; and a red line while runs cannot be saved."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop.core.store import RunSummary
from desktop.services.history_service import HistoryService
from desktop.services.settings import Settings
from desktop.ui.language import on_language_change
from desktop.ui.panels.completion.texts import stop_reason_text
from desktop.ui.widgets import file_dialogs


class HistoryTab(QWidget):
    def __init__(
        self,
        history: HistoryService,
        settings: Settings,
        on_open: Callable[[dict[str, Any] | None], None],
        on_status: Callable[[str], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.history = history
        self.settings = settings
        self.on_open = on_open
        self.on_status = on_status
        layout = QVBoxLayout(self)
        self.note = QLabel("")  # why runs are not being saved, while that lasts
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("color: #c0392b")
        self.note.setVisible(False)
        layout.addWidget(self.note)
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.export_md_btn = QPushButton()
        self.export_json_btn = QPushButton()
        self.delete_btn = QPushButton()
        for b in (self.export_md_btn, self.export_json_btn, self.delete_btn):
            row.addWidget(b)
        layout.addLayout(row)
        history.changed.connect(self._on_history)
        self.list.itemActivated.connect(self._open_item)
        self.list.itemClicked.connect(self._open_item)
        self.export_md_btn.clicked.connect(lambda: self.export("md"))
        self.export_json_btn.clicked.connect(lambda: self.export("json"))
        self.delete_btn.clicked.connect(self._delete)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        self.export_md_btn.setText(self.tr("Export Markdown…"))
        self.export_json_btn.setText(self.tr("Export JSON…"))
        self.delete_btn.setText(self.tr("Delete"))

    def tab_text(self) -> str:
        return self.tr("History (not saved)") if self.history.note else self.tr("History")

    def show_note(self, note: str) -> None:
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def _on_history(self, runs: list[RunSummary]) -> None:
        self.list.clear()
        for r in runs:
            stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.created))  # ISO: the same in every language
            # A run that did not end by itself says how it ended: a stopped reply beside a finished one
            # looked the same.
            ended = f"  ·  {stop_reason_text(r.ended)}" if r.ended in ("cancelled", "closed", "error") else ""
            entry = QListWidgetItem(f"{stamp}  ·  {r.title}{ended}\n{r.model}")
            entry.setData(Qt.ItemDataRole.UserRole, r.id)
            self.list.addItem(entry)

    def selected_run_id(self) -> int | None:
        entry = self.list.currentItem()
        return int(entry.data(Qt.ItemDataRole.UserRole)) if entry is not None else None

    def _open_item(self, entry: QListWidgetItem) -> None:
        self.history.open(int(entry.data(Qt.ItemDataRole.UserRole)), self.on_open)

    def export(self, fmt: str) -> None:
        run_id = self.selected_run_id()
        if run_id is None:
            self.on_status(self.tr("Pick a run in the list first."))
            return

        def write(run: dict[str, Any] | None) -> None:
            if run is None:
                return
            suffix = "md" if fmt == "md" else "json"
            name = file_dialogs.save_file_name(
                self, "export", self.tr("Export run"), f"run-{run_id}.{suffix}", f"*.{suffix}", self.settings
            )
            if name:
                self.export_to(run, Path(name), fmt)

        self.history.open(run_id, write)

    def export_to(self, run: dict[str, Any], path: Path, fmt: str) -> None:
        """Write ``run`` (through the history service, off the GUI thread); the status line says where."""
        self.history.export(
            run, path, fmt, lambda done: self.on_status(self.tr("Exported to {path}.").format(path=done))
        )

    def _delete(self) -> None:
        run_id = self.selected_run_id()
        if run_id is not None:
            self.history.delete(run_id)
