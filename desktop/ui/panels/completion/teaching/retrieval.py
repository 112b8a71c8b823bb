"""Adaptation, prompting vs retrieval: the same question asked without and with the top passages of a search
over the Automation world's restaurants and reviews (a copy of the seed world, SQLite FTS5, through the
RetrievalService), side by side, and the passages that went into the prompt, as plain text. The view also says
what finetuning would change instead: the weights, which prompting and retrieval leave as they are."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.teaching.retrieval import DEFAULT_QUESTION, TOP_K, Passage, augmented_prompt, completion_prompt
from desktop.services.batch_service import BatchModel, BatchService
from desktop.services.retrieval_service import RetrievalService
from desktop.services.source import Source
from desktop.ui.panels.completion.teaching.batch import BatchControls, plain
from desktop.ui.widgets.wrap_label import WrapLabel

ASK = {"mode": "completion", "temperature": 0.0, "max_tokens": 48, "stop": ["\n"], "seed": 0}


def answer_box() -> QPlainTextEdit:
    box = QPlainTextEdit()  # plain text: a model's words never become markup
    box.setReadOnly(True)
    box.setMaximumHeight(90)
    return box


class RetrievalView(QWidget):
    def __init__(
        self,
        batch: BatchService,
        retrieval: RetrievalService,
        source: Callable[[], Source],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.retrieval, self.source = retrieval, source
        self.passages: list[Passage] = []
        self.prompts: list[str] = []
        self.answers: dict[str, str] = {}
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        row = QHBoxLayout()
        self.question_label = QLabel()
        self.question = QLineEdit(DEFAULT_QUESTION)
        row.addWidget(self.question_label)
        row.addWidget(self.question, 1)
        layout.addLayout(row)
        row = QHBoxLayout()
        self.switch = QCheckBox()
        self.k_label = QLabel()
        self.k = QSpinBox()
        self.k.setRange(1, 5)
        self.k.setValue(TOP_K)
        row.addWidget(self.switch)
        row.addStretch(1)
        row.addWidget(self.k_label)
        row.addWidget(self.k)
        layout.addLayout(row)
        self.controls = BatchControls(batch, self)
        layout.addWidget(self.controls)
        layout.addWidget(self.controls.status)
        grid = QGridLayout()
        self.without_title, self.with_title = QLabel(), QLabel()
        self.without_answer, self.with_answer = answer_box(), answer_box()
        grid.addWidget(self.without_title, 0, 0)
        grid.addWidget(self.with_title, 0, 1)
        grid.addWidget(self.without_answer, 1, 0)
        grid.addWidget(self.with_answer, 1, 1)
        layout.addLayout(grid)
        self.passages_title = WrapLabel()  # a long title wraps: the view must fit a 1024-pixel window
        layout.addWidget(self.passages_title)
        self.passages_view = QPlainTextEdit()
        self.passages_view.setReadOnly(True)
        layout.addWidget(self.passages_view, 1)
        self.finetuning = QLabel()
        self.finetuning.setWordWrap(True)
        layout.addWidget(self.finetuning)
        self.controls.listen(self)
        self.switch.toggled.connect(self._on_switch)

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "Retrieval-augmented generation (RAG): a search over the restaurants and reviews "
                "of the Automation world (a copy of its starting state; your own world is never read) finds the "
                "passages that match the question, and they go into the prompt before it. The model is the same; "
                "only what it reads changes."
            )
        )
        self.question_label.setText(self.tr("Question:"))
        self.switch.setText(self.tr("Retrieval: put the top passages into the prompt"))
        self.k_label.setText(self.tr("Passages:"))
        self.k.setToolTip(self.tr("How many of the best matches go in. The best goes last, next to the question."))
        self.controls.run_btn.setText(self.tr("Ask"))
        self.controls.retranslate()
        self.without_title.setText(self.tr("Without retrieval"))
        self.with_title.setText(self.tr("With retrieval"))
        self.passages_title.setText(
            self.tr("Passages that went into the prompt, best match first (reviews are customers' words):")
        )
        self.finetuning.setText(
            self.tr(
                "Prompt engineering and retrieval change only what the model reads: its "
                "weights stay as they are. Finetuning would change the weights themselves, by training "
                "further on examples of the task; that costs data and compute, and the new model must be "
                "evaluated again."
            )
        )

    def _on_switch(self, on: bool) -> None:
        self.with_answer.setEnabled(on)
        if not on:
            self.with_answer.clear()
            self.passages_view.clear()

    def run(self) -> None:
        source = self.source()
        question = self.question.text().strip()
        if source.model is None:
            self.controls.status.setText(self.tr("Load a model first (Models panel, or “Load the default model”)."))
            return
        if not question:
            self.controls.status.setText(self.tr("Type a question first."))
            return
        self.passages = self.retrieval.search(question, self.k.value()) if self.switch.isChecked() else []
        self.prompts = [completion_prompt(question)]
        if self.switch.isChecked():
            self.prompts.append(augmented_prompt(question, self.passages))
        self.answers = {}
        self.without_answer.clear()
        self.with_answer.clear()
        self.passages_view.setPlainText(
            "\n\n".join(plain(f"[{i}] {p.title}\n{p.text}") for i, p in enumerate(self.passages, start=1))
        )
        jobs = [{**ASK, "prompt": prompt} for prompt in self.prompts]
        if self.controls.start(self, [BatchModel(source.key, source.name)], jobs):
            self.controls.status.setText(self.tr("Asking…"))

    def _on_answered(self, _model: int, job: int, result: dict[str, Any]) -> None:
        text = str(result.get("text", "")).strip()
        which = "without" if job == 0 else "with"
        self.answers[which] = text
        (self.without_answer if job == 0 else self.with_answer).setPlainText(plain(text))

    def _on_failed(self, _model: int, why: str) -> None:
        self.controls.status.setText(why)

    def _on_finished(self, stopped: bool) -> None:
        self.controls.status.setText(self.tr("Stopped.") if stopped else self.tr("Done."))
