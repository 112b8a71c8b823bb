"""Evaluate: a small prompt set (English and Korean) on two models. Closed tasks (spam, sentiment, arithmetic)
are scored by exact match with a 95% interval, beside a null baseline that always gives the majority label;
open prompts are voted on blind, side by side (which model wrote which side is hidden), with the tally. Each
finished run is saved (SQLite, through EvalService), and a saved run exports as CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.teaching.evaluation import Item, PromptSet, Score, Tally, blind_order, load_prompt_set, score_task
from desktop.i18n import format_int
from desktop.resources import base_model_path, default_model_path, resource
from desktop.services.batch_service import BatchModel, BatchService
from desktop.services.eval_service import EvalService
from desktop.services.source import SourceRegistry
from desktop.ui.panels.completion.teaching.batch import BatchControls, fill_models, plain
from desktop.ui.panels.completion.teaching.common import item, table

TASKS = ("spam", "sentiment", "arithmetic")
CLOSED = {"mode": "completion", "temperature": 0.0, "max_tokens": 8, "stop": ["\n"], "seed": 0}
OPEN = {"mode": "completion", "temperature": 0.7, "max_tokens": 40, "seed": 1}  # no stop: a small model
# often starts an open answer with a new line


def prompt_set_path() -> Path:
    return resource("eval", "prompts.json")


def plain_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class EvaluateView(QWidget):
    def __init__(
        self, batch: BatchService, sources: SourceRegistry, results: EvalService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.sources, self.results = sources, results
        self.prompt_set: PromptSet = load_prompt_set(prompt_set_path())
        self.outputs: dict[str, dict[str, str]] = {"a": {}, "b": {}}
        self.names = ("", "")
        self.run_id: int | None = None
        self.tally = Tally()
        self.vote_index = 0
        self.run_items: list[Item] = self.prompt_set.items
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        pick = QGridLayout()
        self.a_label, self.b_label = QLabel(), QLabel()
        self.model_a, self.model_b = QComboBox(), QComboBox()
        pick.addWidget(self.a_label, 0, 0)
        pick.addWidget(self.model_a, 0, 1)
        pick.addWidget(self.b_label, 1, 0)
        pick.addWidget(self.model_b, 1, 1)
        self.lang_label = QLabel()
        self.lang = QComboBox()
        for key in ("", "en", "ko"):
            self.lang.addItem("", key)
        pick.addWidget(self.lang_label, 2, 0)
        pick.addWidget(self.lang, 2, 1)
        pick.setColumnStretch(1, 1)
        layout.addLayout(pick)
        self.controls = BatchControls(batch, self)
        layout.addWidget(self.controls)
        layout.addWidget(self.controls.status)
        self.scores = table(4)
        layout.addWidget(self.scores)
        self.baseline_note = QLabel()
        self.baseline_note.setWordWrap(True)
        layout.addWidget(self.baseline_note)
        layout.addWidget(self._vote_box())
        self.export_btn = QPushButton()
        self.export_btn.setEnabled(False)
        self.export_btn.clicked.connect(self.export)
        layout.addWidget(self.export_btn, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
        self.controls.listen(self)
        sources.changed.connect(self._fill_models)
        self._fill_models()

    def _vote_box(self) -> QWidget:
        box = QFrame()
        box.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(box)
        self.vote_title = QLabel()
        self.vote_prompt = plain_label()
        self.left_title, self.right_title = QLabel(), QLabel()
        self.left_answer, self.right_answer = plain_label(), plain_label()
        grid.addWidget(self.vote_title, 0, 0, 1, 2)
        grid.addWidget(self.vote_prompt, 1, 0, 1, 2)
        grid.addWidget(self.left_title, 2, 0)
        grid.addWidget(self.right_title, 2, 1)
        grid.addWidget(self.left_answer, 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.right_answer, 3, 1, Qt.AlignmentFlag.AlignTop)
        buttons = QHBoxLayout()
        self.left_btn, self.tie_btn, self.right_btn = QPushButton(), QPushButton(), QPushButton()
        self.prev_btn, self.next_btn = QPushButton("<"), QPushButton(">")
        for b in (self.left_btn, self.tie_btn, self.right_btn):
            buttons.addWidget(b)
        grid.addLayout(buttons, 4, 0, 1, 2)
        moves = QHBoxLayout()  # a row of their own: five buttons in a row do not fit a 1024-pixel window in Korean
        moves.addWidget(self.prev_btn)
        moves.addWidget(self.next_btn)
        moves.addStretch(1)
        grid.addLayout(moves, 5, 0, 1, 2)
        self.tally_label = QLabel()
        self.tally_label.setTextFormat(Qt.TextFormat.PlainText)
        self.tally_label.setWordWrap(True)
        grid.addWidget(self.tally_label, 6, 0, 1, 2)
        self.left_btn.clicked.connect(lambda: self.vote("left"))
        self.right_btn.clicked.connect(lambda: self.vote("right"))
        self.tie_btn.clicked.connect(lambda: self.vote("tie"))
        self.prev_btn.clicked.connect(lambda: self._go(-1))
        self.next_btn.clicked.connect(lambda: self._go(1))
        return box

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "Evaluation is the harder problem: a small prompt set, in English and Korean, on two "
                "models. Closed tasks are scored by exact match, with a 95% interval (with a few items it is "
                "wide), beside a null baseline that always gives the majority label. Open answers have no single "
                "right text: vote on them blind, side by side."
            )
        )
        self.a_label.setText(self.tr("Model A:"))
        self.b_label.setText(self.tr("Model B:"))
        self.lang_label.setText(self.tr("Prompts:"))
        for i, text in enumerate((self.tr("English and Korean"), self.tr("English"), self.tr("Korean"))):
            self.lang.setItemText(i, text)
        self.controls.run_btn.setText(self.tr("Evaluate"))
        self.controls.retranslate()
        self.scores.setHorizontalHeaderLabels(
            [
                self.tr("Task"),
                self.tr("Model A (95% interval)"),
                self.tr("Model B (95% interval)"),
                self.tr("Baseline (majority label)"),
            ]
        )
        self.left_title.setText(self.tr("Answer 1"))
        self.right_title.setText(self.tr("Answer 2"))
        self.left_btn.setText(self.tr("1 is better"))
        self.tie_btn.setText(self.tr("Tie"))
        self.right_btn.setText(self.tr("2 is better"))
        self.export_btn.setText(self.tr("Export as CSV…"))
        self._show_scores()
        self._show_vote()

    def _fill_models(self) -> None:
        choices = self.sources.model_choices()
        fill_models(self.model_a, choices, str(default_model_path() or ""))
        fill_models(self.model_b, choices, str(base_model_path() or ""))
        if self.model_b.currentIndex() == self.model_a.currentIndex() and self.model_b.count() > 1:
            self.model_b.setCurrentIndex(1 if self.model_a.currentIndex() == 0 else 0)

    def task_name(self, task: str) -> str:
        names = {"spam": self.tr("Spam"), "sentiment": self.tr("Sentiment"), "arithmetic": self.tr("Arithmetic")}
        return names.get(task, task)

    # -- running ----------------------------------------------------------------------------------
    def items(self) -> list[Item]:
        """The items of the chosen language(s)."""
        lang = str(self.lang.currentData() or "")
        return [i for i in self.prompt_set.items if not lang or i.lang == lang]

    def jobs(self) -> list[dict[str, Any]]:
        return [{**(OPEN if i.task == "open" else CLOSED), "prompt": self.prompt_set.prompt(i)} for i in self.run_items]

    def run(self) -> None:
        keys = [str(self.model_a.currentData() or ""), str(self.model_b.currentData() or "")]
        if not all(keys):
            self.controls.status.setText(self.tr("Choose two models (add model files in the Models panel)."))
            return
        models = [BatchModel(keys[0], self.model_a.currentText()), BatchModel(keys[1], self.model_b.currentText())]
        self.run_items = self.items()
        self.outputs, self.names, self.run_id, self.tally, self.vote_index = (
            {"a": {}, "b": {}},
            (
                models[0].label,
                models[1].label,
            ),
            None,
            Tally(),
            0,
        )
        self.export_btn.setEnabled(False)
        if self.controls.start(self, models, self.jobs()):
            self.controls.status.setText(self.tr("Evaluating…"))
        self._show_scores()
        self._show_vote()

    def _on_answered(self, model: int, job: int, result: dict[str, Any]) -> None:
        if result.get("stop_reason") == "cancelled":
            return
        self.outputs["ab"[model]][self.run_items[job].id] = str(result.get("text", ""))
        self._show_scores()

    def _on_failed(self, model: int, why: str) -> None:
        self.controls.status.setText(f"{'AB'[model]}: {why}")

    def _on_finished(self, stopped: bool) -> None:
        self._show_scores()
        if stopped:
            self.controls.status.setText(self.tr("Stopped: the scores count only the answers given so far."))
            return
        self.controls.status.setText(self.tr("Done. Saving the results…"))
        self.results.save_run(self.names[0], self.names[1], self.outputs, self._on_saved)

    def _on_saved(self, run_id: int) -> None:
        self.run_id = run_id
        self.export_btn.setEnabled(True)
        self.controls.status.setText(
            self.tr("Saved as evaluation {id}. Vote on the open answers below.").format(id=run_id)
        )
        self._show_vote()

    # -- scores -----------------------------------------------------------------------------------
    def task_scores(self, side: str) -> dict[str, Any]:
        items = [i for i in self.run_items if i.task != "open"]
        return {task: score_task(task, items, self.outputs[side]) for task in TASKS}

    def _cell(self, score: Score) -> str:
        low, high = score.interval()
        return self.tr("{right}/{total} = {rate}% ({low}–{high}%)").format(
            right=format_int(score.right),
            total=format_int(score.total),
            rate=round(100 * score.rate),
            low=round(100 * low),
            high=round(100 * high),
        )

    def _show_scores(self) -> None:
        self.scores.setRowCount(len(TASKS))
        a, b = self.task_scores("a"), self.task_scores("b")
        answered = bool(self.outputs["a"] or self.outputs["b"])
        for row, task in enumerate(TASKS):
            self.scores.setItem(row, 0, item(self.task_name(task)))
            self.scores.setItem(row, 1, item(self._cell(a[task].model) if self.outputs["a"] else "—"))
            self.scores.setItem(row, 2, item(self._cell(b[task].model) if self.outputs["b"] else "—"))
            base = a[task]
            self.scores.setItem(row, 3, item(f"“{base.majority}”: {self._cell(base.baseline)}"))
        rows = self.scores.verticalHeader().length() + self.scores.horizontalHeader().height()
        self.scores.setFixedHeight(rows + self.scores.horizontalScrollBar().sizeHint().height() + 4)
        self.baseline_note.setText(
            self.tr(
                "A score means something only beside the baseline: a model that beats “always the majority "
                "label” by less than the intervals' width has shown nothing yet."
            )
            if answered
            else ""
        )

    # -- blind votes ------------------------------------------------------------------------------
    def open_items(self) -> list[Item]:
        return [
            i for i in self.run_items if i.task == "open" and i.id in self.outputs["a"] and i.id in self.outputs["b"]
        ]

    def sides(self, item_id: str) -> tuple[str, str]:
        """Which model's answer is on the left and on the right ("a"/"b"), hidden from the voter."""
        return ("b", "a") if blind_order(self.run_id or 0, item_id) else ("a", "b")

    def _go(self, step: int) -> None:
        items = self.open_items()
        if items:
            self.vote_index = (self.vote_index + step) % len(items)
        self._show_vote()

    def vote(self, where: str) -> None:
        items = self.open_items()
        if self.run_id is None or not items:
            return
        current = items[self.vote_index]
        left, right = self.sides(current.id)
        winner = {"left": left, "right": right}.get(where, "tie")
        self.tally.vote(current.id, winner)
        self.results.vote(self.run_id, current.id, winner)
        if self.vote_index < len(items) - 1:
            self.vote_index += 1
        self._show_vote()

    def _show_vote(self) -> None:
        items = self.open_items()
        ready = self.run_id is not None and bool(items)
        for button in (self.left_btn, self.tie_btn, self.right_btn, self.prev_btn, self.next_btn):
            button.setEnabled(ready)
        if not ready:
            self.vote_title.setText(self.tr("Open prompts: the answers appear here when a run is saved."))
            for label in (self.vote_prompt, self.left_answer, self.right_answer, self.tally_label):
                label.setText("")
            return
        current = items[self.vote_index]
        left, right = self.sides(current.id)
        self.vote_title.setText(
            self.tr("Open prompt {n} of {total} (which model wrote which answer is hidden):").format(
                n=self.vote_index + 1, total=len(items)
            )
        )
        self.vote_prompt.setText(current.text)
        self.left_answer.setText(plain(self.outputs[left][current.id].strip()) or self.tr("(empty)"))
        self.right_answer.setText(plain(self.outputs[right][current.id].strip()) or self.tr("(empty)"))
        self.tally_label.setText(
            self.tr("Votes: {a} {na}, {b} {nb}, tie {nt} ({voted} of {total} prompts).").format(
                a=self.names[0],
                na=self.tally.a,
                b=self.names[1],
                nb=self.tally.b,
                nt=self.tally.tie,
                voted=len(self.tally.votes),
                total=len(items),
            )
        )

    # -- export -----------------------------------------------------------------------------------
    def export(self) -> None:
        if self.run_id is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the evaluation"), f"evaluation-{self.run_id}.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """The saved run, with its votes, as CSV (the file is written by the service, off the GUI thread)."""
        if self.run_id is None:
            return
        self.results.export(
            self.run_id,
            self.prompt_set,
            path,
            lambda rows: self.controls.status.setText(
                self.tr("Exported %n row(s) to {path}.", "", rows).format(path=path)
            ),
        )
