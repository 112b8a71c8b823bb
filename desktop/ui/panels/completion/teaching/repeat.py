"""Generate ×N: the prompt and settings of the form, run N times with N seeds, the answers grouped and counted.
One run shows one sample; N runs show the distribution it was drawn from, wrong answers included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from desktop.core.teaching.repeats import AnswerGroup, group_answers, seeds_for
from desktop.i18n import format_int
from desktop.services.batch_service import BatchModel, BatchService
from desktop.services.source import Source
from desktop.ui.panels.completion.teaching.batch import BatchControls, plain
from desktop.ui.panels.completion.teaching.common import item, table

DEFAULT_N = 10


class RepeatView(QWidget):
    """``request`` gives the form's run params (or None, having said why); ``source`` what Generate runs on."""

    def __init__(
        self,
        batch: BatchService,
        source: Callable[[], Source],
        request: Callable[[], dict[str, Any] | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.source, self.request = source, request
        self.answers: list[tuple[int, str]] = []
        self.groups: list[AnswerGroup] = []
        self.seeds: list[int] = []
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.n_label = QLabel()
        self.n = QSpinBox()
        self.n.setRange(2, 100)
        self.n.setValue(DEFAULT_N)
        row.addWidget(self.n_label)
        row.addWidget(self.n)
        row.addStretch(1)
        layout.addLayout(row)
        self.controls = BatchControls(batch, self)
        layout.addWidget(self.controls)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = table(3)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.controls.status)
        self.controls.listen(self)

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "The prompt and settings above, run N times, each with its own seed (counting up from the Seed "
                "setting). One run is one sample: here you see the answers it was drawn from, counted, wrong "
                "ones included. At temperature 0 every run gives the same answer."
            )
        )
        self.n_label.setText(self.tr("Runs (N):"))
        self.controls.run_btn.setText(self.tr("Generate ×N"))
        self.controls.retranslate()
        self.table.setHorizontalHeaderLabels([self.tr("Answer"), self.tr("Count"), self.tr("Seeds")])
        self._show()

    def run(self) -> None:
        source = self.source()
        if source.model is None:
            self.controls.status.setText(self.tr("Load a model first (Models panel, or “Load the default model”)."))
            return
        params = self.request()
        if params is None:
            return
        params.pop("truncate", None)
        self.seeds = seeds_for(int(params.get("seed", 0)), self.n.value())
        jobs = [{**params, "seed": seed} for seed in self.seeds]
        self.answers = []
        self.groups = []
        if self.controls.start(self, [BatchModel(source.key, source.name)], jobs):
            self.controls.status.setText(self.tr("Generating…"))
            self._show()

    def _on_answered(self, _model: int, job: int, result: dict[str, Any]) -> None:
        if result.get("stop_reason") in ("cancelled", "error"):
            return
        self.answers.append((self.seeds[job], str(result.get("text", ""))))
        self.groups = group_answers(self.answers)
        self._show()

    def _on_failed(self, _model: int, why: str) -> None:
        self.controls.status.setText(why)

    def _on_finished(self, stopped: bool) -> None:
        if stopped:
            self.controls.status.setText(self.tr("Stopped after %n run(s).", "", len(self.answers)))
        else:
            self.controls.status.setText(self.tr("Done: %n run(s).", "", len(self.answers)))

    def _show(self) -> None:
        self.table.setRowCount(len(self.groups))
        for row, group in enumerate(self.groups):
            answer = item(plain(group.answer) or self.tr("(empty)"))
            answer.setToolTip(plain(group.answer))
            self.table.setItem(row, 0, answer)
            self.table.setItem(row, 1, item(format_int(group.count), right=True))
            self.table.setItem(row, 2, item(", ".join(str(s) for s in group.seeds)))
        self.table.resizeRowsToContents()
        if not self.answers:
            self.summary.setText("")
            return
        top = self.groups[0]
        self.summary.setText(
            self.tr("{different} different answer(s) in {runs} run(s); the most frequent came {count} time(s).").format(
                different=format_int(len(self.groups)), runs=format_int(len(self.answers)), count=format_int(top.count)
            )
        )

    def counts(self) -> dict[str, int]:
        """Answer -> how many runs gave it (for scripts and tests)."""
        return {g.answer: g.count for g in self.groups}
