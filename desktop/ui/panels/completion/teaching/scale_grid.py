"""The scale grid: the few-shot and chain-of-thought examples run on every model the person has (every
readable model file, bundled or added, and every server model), one model at a time in a model host of the
batch service's own, in columns ordered by parameter count. Each cell is right or wrong, so what emerges with
scale is a picture, not a claim. A server model's size is not known: it comes last."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.core.teaching.scale import GridModel, by_size, is_right
from desktop.core.units import human_count
from desktop.services.batch_service import BatchModel, BatchService
from desktop.services.source import SourceRegistry
from desktop.ui.panels.completion.presets import EXPECTED, preset, shown
from desktop.ui.panels.completion.settings import parse_stops
from desktop.ui.panels.completion.teaching.batch import BatchControls, plain

# (preset, how an answer is checked, the right answer). Chain of thought: 15% of 80 is 12; 12 - 5 + 3 = 10.
GRID_TASKS: list[tuple[str, str, str]] = [
    ("Spam classifier as completion", "first_line", EXPECTED["Spam classifier as completion"]),
    ("Few-shot translation", "first_line", EXPECTED["Few-shot translation"]),
    ("Korean review sentiment (few-shot)", "first_line", EXPECTED["Korean review sentiment (few-shot)"]),
    ("Chain of thought", "number", "12"),
    ("Chain of thought in Korean", "number", "10"),
]
RIGHT, WRONG = QColor("#d5f5e3"), QColor("#fadbd8")


def grid_jobs() -> list[dict[str, Any]]:
    """Each task's preset as it runs from the toolbar, with seed 0 so a rerun gives the same grid."""
    jobs = []
    for name, _kind, _expected in GRID_TASKS:
        found = preset(name)
        assert found is not None, name
        _name, mode, text, overrides = found
        stops = parse_stops(str(overrides.get("stop", "")))
        job: dict[str, Any] = {"mode": mode, "temperature": 0.0, "seed": 0, **overrides, "stop": stops}
        if mode == "chat":
            job.update(messages=[{"role": "user", "content": text}], chat_format="template")
        else:
            job["prompt"] = text
        jobs.append(job)
    return jobs


class ScaleGridView(QWidget):
    def __init__(self, batch: BatchService, sources: SourceRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.sources = sources
        self.models: list[GridModel] = []
        self.answers: dict[tuple[int, int], str] = {}  # (task row, model column) -> output
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.controls = BatchControls(batch, self)
        layout.addWidget(self.controls)
        layout.addWidget(self.controls.status)
        self.grid = QTableWidget(len(GRID_TASKS), 0)
        self.grid.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.grid.setWordWrap(True)
        self.grid.horizontalHeader().setDefaultSectionSize(190)  # a model's name and size, two lines
        layout.addWidget(self.grid, 1)
        self.controls.listen(self)
        batch.progressed.connect(self._on_progress)

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "The few-shot and chain-of-thought examples on every model you have (model files and server "
                "models), smallest first, one model at a time. Green: right; red: wrong (few-shot: the first line "
                "must equal the expected answer; chain of thought: the last number must be the right one). "
                "Abilities that appear only in the larger columns emerge with scale. A server model's size is "
                "not known: it comes last."
            )
        )
        self.controls.run_btn.setText(self.tr("Run the grid"))
        self.controls.retranslate()
        self.grid.setVerticalHeaderLabels([shown(name) for name, _k, _e in GRID_TASKS])
        self._headers()

    def all_models(self) -> list[GridModel]:
        catalog = self.sources.catalog.catalog if self.sources.catalog is not None else None
        files = [GridModel(str(i.path), i.name, i.parameters) for i in (catalog.readable() if catalog else [])]
        servers = [GridModel(c.key, c.label, None) for c in self.sources.server_choices()]
        return by_size(files + servers)

    def _headers(self) -> None:
        self.grid.setColumnCount(len(self.models))
        unknown = self.tr("size unknown")
        labels = [f"{m.label}\n{human_count(m.parameters) if m.parameters else unknown}" for m in self.models]
        self.grid.setHorizontalHeaderLabels(labels)

    def run(self) -> None:
        models = self.all_models()
        if not models:
            self.controls.status.setText(self.tr("No models yet: add model files in the Models panel."))
            return
        self.models, self.answers = models, {}
        self.grid.clearContents()
        self._headers()
        batch_models = [BatchModel(m.key, m.label) for m in models]
        if self.controls.start(self, batch_models, grid_jobs()):
            self.controls.status.setText(self.tr("Running the grid…"))

    def _on_progress(self, _done: int, _total: int, label: str) -> None:
        if self.controls.owns(self) and label:
            self.controls.status.setText(self.tr("Running on {model}…").format(model=label))

    def _on_answered(self, model: int, job: int, result: dict[str, Any]) -> None:
        if result.get("stop_reason") == "cancelled":
            return
        text = str(result.get("text", ""))
        self.answers[(job, model)] = text
        _name, kind, expected = GRID_TASKS[job]
        right = is_right(kind, expected, text)
        cell = self.grid.item(job, model) or QTableWidgetItem()
        mark = "✓" if right else "✗"
        cell.setText(f"{mark} {plain(text.strip())[:60]}")
        cell.setToolTip(plain(text))
        cell.setBackground(QBrush(RIGHT if right else WRONG))
        cell.setForeground(QBrush(QColor("#000000")))
        self.grid.setItem(job, model, cell)

    def _on_failed(self, model: int, why: str) -> None:
        for row in range(len(GRID_TASKS)):
            cell = QTableWidgetItem()
            cell.setText(why)
            self.grid.setItem(row, model, cell)

    def _on_finished(self, stopped: bool) -> None:
        self.controls.status.setText(self.tr("Stopped.") if stopped else self.tr("Done."))

    def right_count(self, model: int) -> int:
        """How many tasks model column ``model`` got right (for scripts and tests)."""
        return sum(
            is_right(GRID_TASKS[row][1], GRID_TASKS[row][2], text)
            for (row, col), text in self.answers.items()
            if col == model
        )
