"""Score a text: each token's log-probability, tinted, and the text's perplexity, on the model chosen
under Run on and, side by side, on the model chosen under Compare with. Long texts are read in windows
with a stride, with progress and Stop."""

from __future__ import annotations

import contextlib
import html
import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.core.teaching import perplexity as P
from desktop.i18n import format_int
from desktop.services.source import Source
from desktop.ui.language import on_language_change
from desktop.ui.panels.completion.teaching.common import core_text, item, table
from desktop.ui.panels.completion.texts import error_html
from desktop.ui.widgets.token_text import TokenTextView


class ScoredColumn(QWidget):
    """One model's scored tokens under its name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # a model's name: from a file or a server
        self.title.setWordWrap(True)
        self.output = TokenTextView()
        layout.addWidget(self.title)
        layout.addWidget(self.output, 1)

    def show_result(self, name: str, data: dict[str, Any]) -> None:
        tokens = [
            {
                "text": t["text"],
                "token": t["token"],
                "p": math.exp(t["logprob"]),
                "alts": [[t["top"][0], t["top"][1], float("nan")]] if t["rank"] else [],
            }
            for t in data["tokens"]
        ]
        self.title.setText(name)
        self.output.set_tokens(data["first"]["text"], tokens)

    def clear(self) -> None:
        self.title.setText("")
        self.output.start()


class ScoreTextView(QWidget):
    """``source()`` gives the first model's source; ``second`` is called once the first score is done
    (when side by side is ticked) and answers with ``run_with`` (or ``waiting``, ``second_failed``)."""

    def __init__(
        self, source: Callable[[], Source], second: Callable[[], None] | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.source = source
        self.second = second
        self.active: Source | None = None  # the source of the request now running
        self.rid: int | None = None
        self.result: dict[str, Any] | None = None
        self.results: list[tuple[str, dict[str, Any]]] = []  # (model name, result), in order
        self._attached: list[Source] = []
        self._chain = False
        self._in_chain = False  # the running request is the second of a side-by-side pair
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.input = QPlainTextEdit()
        self.input.setPlainText("The quick brown fox jumps over the lazy dog.")
        self.input.setMaximumHeight(110)
        layout.addWidget(self.input)
        row = QHBoxLayout()
        self.window_label = QLabel()
        row.addWidget(self.window_label)
        self.window_box = QSpinBox()
        self.window_box.setRange(0, 1 << 20)
        row.addWidget(self.window_box)
        self.stride_label = QLabel()
        row.addWidget(self.stride_label)
        self.stride_box = QSpinBox()
        self.stride_box.setRange(0, 1 << 20)
        row.addWidget(self.stride_box)
        row.addStretch(1)
        layout.addLayout(row)
        buttons = QHBoxLayout()  # a row of their own: beside the windows they did not fit 1024x640 (issue 23)
        self.score_btn = QPushButton()
        self.score_btn.clicked.connect(self.run)
        self.stop_btn = QPushButton()
        self.stop_btn.clicked.connect(self.stop)
        self.stop_btn.setEnabled(False)
        buttons.addWidget(self.score_btn)
        buttons.addWidget(self.stop_btn)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.also = QCheckBox()
        layout.addWidget(self.also)
        self.also.setVisible(second is not None)  # after addWidget: shown without a parent, it is a window
        self.support_note = QLabel("")  # why the chosen source cannot score
        self.support_note.setWordWrap(True)
        self.support_note.setTextFormat(Qt.TextFormat.PlainText)
        self.support_note.setVisible(False)
        layout.addWidget(self.support_note)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.columns = QSplitter(Qt.Orientation.Horizontal)
        self.first = ScoredColumn()
        self.second_column = ScoredColumn()
        self.second_column.setVisible(False)
        self.columns.addWidget(self.first)
        self.columns.addWidget(self.second_column)
        layout.addWidget(self.columns, 2)
        self.output = self.first.output  # the first model's tokens
        self.runs_title = QLabel()
        self.runs_title.setWordWrap(True)
        layout.addWidget(self.runs_title)
        self.runs = table(6)
        layout.addWidget(self.runs, 1)
        self._partial: list[float] = []
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        self.intro.setText(core_text(P.EXPLANATION))
        self.input.setPlaceholderText(self.tr("Paste a text to score with the loaded model."))
        self.window_label.setText(self.tr("Window"))
        self.window_box.setSpecialValueText(self.tr("context"))
        self.window_box.setToolTip(self.tr("Tokens read at once; “context” uses the model's whole context."))
        self.stride_label.setText(self.tr("Stride"))
        self.stride_box.setSpecialValueText(self.tr("half"))
        self.stride_box.setToolTip(
            self.tr(
                "How far each window moves on. After the first window, every token has at least window − "
                "stride tokens of context before it (the first window's tokens have only those before them)."
            )
        )
        self.score_btn.setText(self.tr("Score"))
        self.stop_btn.setText(self.tr("Stop"))
        self.also.setText(self.tr("Then with the model chosen under “Compare with”, side by side"))
        self.output.setPlaceholderText(self.tr("Each token, tinted by the probability the model gave it."))
        self.runs_title.setText(
            self.tr("Scores so far (models side by side; load another model and score again to add one):")
        )
        self.runs.setHorizontalHeaderLabels(
            [
                self.tr("Text"),
                self.tr("Model"),
                self.tr("Tokens"),
                self.tr("Perplexity"),
                self.tr("Bits / token"),
                self.tr("Bits / character"),
            ]
        )

    def update_support(self) -> None:
        """Grey Score, with the reason, when the chosen source cannot score."""
        caps = self.source().capabilities()
        self.score_btn.setEnabled(caps.score and self.rid is None and not self.stop_btn.isEnabled())
        self.support_note.setText(caps.score_note if not caps.score else "")
        self.support_note.setVisible(not caps.score)

    def attach(self, source: Source) -> None:
        """Listen to ``source`` (once): its events count only while its request is the active one."""
        if source in self._attached:
            return
        self._attached.append(source)
        source.scoreProgress.connect(self._on_progress)
        source.scorePartial.connect(self._on_partial)
        source.scored.connect(self._on_finished)
        source.scoreFailed.connect(self._on_failed)

    def detach_all(self) -> None:
        for source in self._attached:
            for signal, slot in (
                (source.scoreProgress, self._on_progress),
                (source.scorePartial, self._on_partial),
                (source.scored, self._on_finished),
                (source.scoreFailed, self._on_failed),
            ):
                with contextlib.suppress(RuntimeError, TypeError):
                    signal.disconnect(slot)
        self._attached = []

    def params(self) -> dict[str, Any] | None:
        text = self.input.toPlainText()
        if not text.strip():
            return None
        params: dict[str, Any] = {"text": text}
        if self.window_box.value():
            params["window"] = self.window_box.value()
        if self.stride_box.value():
            params["stride"] = self.stride_box.value()
        return params

    def run(self) -> None:
        self._chain = self.also.isChecked() and self.second is not None
        self._in_chain = False
        self.second_column.clear()
        self.second_column.setVisible(self._chain)
        self.run_with(self.source())

    def run_with(self, source: Source) -> None:
        params = self.params()
        if params is None:
            self.summary.setText(self.tr("Type or paste a text first."))
            return
        self.attach(source)
        rid = source.score("score", **params)
        if rid is None:
            caps = source.capabilities()
            self.summary.setText(
                error_html(caps.score_note)
                if not caps.score
                else self.tr("Load a model first, or wait for the running request to finish.")
            )
            self._chain = False
            self._done()
            return
        self.active, self.rid = source, rid
        self._partial = []
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.stop_btn.setEnabled(True)
        self.score_btn.setEnabled(False)
        self.summary.setText(self.tr("Scoring with {name}…").format(name=html.escape(source.name)))

    def stop(self) -> None:
        self._chain = False
        if self.active is not None:
            self.active.cancel()

    def waiting(self, text: str) -> None:
        """The second model is loading: Stop stays available through ``stop``."""
        self._in_chain = True
        self.summary.setText(text)
        self.stop_btn.setEnabled(True)
        self.score_btn.setEnabled(False)

    def _mine(self, rid: int) -> bool:
        return self.sender() is self.active and rid == self.rid

    def _on_progress(self, rid: int, fraction: float) -> None:
        if self._mine(rid):
            self.progress.setValue(int(1000 * fraction))

    def _on_partial(self, rid: int, event: dict[str, Any]) -> None:
        if self._mine(rid):
            self._partial.extend(float(x) for x in event.get("logprobs", []))

    def _done(self) -> None:
        self.rid = None
        self.active = None
        self.progress.setVisible(False)
        self.stop_btn.setEnabled(False)
        self.update_support()

    def _on_finished(self, rid: int, _op: str, data: dict[str, Any]) -> None:
        source = self.active
        if not self._mine(rid) or source is None:
            return
        name = source.name
        second = self._in_chain
        self._done()
        self.result = data
        self.results.append((name, data))
        (self.second_column if second else self.first).show_result(name, data)
        windows = self.tr("%n window(s)", "", int(data["windows"]))
        self.summary.setText(
            self.tr(
                "<b>{name}: perplexity {perplexity}</b> over {n} tokens ({bits} bits per token; {windows} of "
                "{window}, stride {stride}; {speed} tokens/s)"
            ).format(
                name=html.escape(name),
                perplexity=f"{data['perplexity']:.2f}",
                n=format_int(int(data["n_scored"])),
                bits=f"{data['bits_per_token']:.2f}",
                windows=windows,
                window=data["window"],
                stride=data["stride"],
                speed=f"{data['tokens_per_second']:.0f}",
            )
        )
        text = self.input.toPlainText().strip().replace("\n", " ")
        r = self.runs.rowCount()
        self.runs.insertRow(r)
        for col, value in enumerate(
            (
                text[:40] + ("…" if len(text) > 40 else ""),
                name,
                f"{data['n_scored']:,}",
                f"{data['perplexity']:.2f}",
                f"{data['bits_per_token']:.2f}",
                f"{data.get('bits_per_char', float('nan')):.3f}",
            )
        ):
            self.runs.setItem(r, col, item(value, col >= 2))
        if self._chain and not second and self.second is not None:
            self._chain = False
            self._in_chain = True
            self.second()

    def _on_failed(self, rid: int, kind: str, message: str, _details: str) -> None:
        if not self._mine(rid):
            return
        self._done()
        self._chain = False
        if kind == "Cancelled":
            s = P.summarize(self._partial)
            if s.n_scored:
                text = self.tr("Stopped. Scored before Stop: {n} tokens, perplexity {perplexity}.").format(
                    n=format_int(s.n_scored), perplexity=f"{s.perplexity:.2f}"
                )
            else:
                text = self.tr("Stopped.")
            self.summary.setText(text)
            return
        self.summary.setText(error_html(message))

    def second_failed(self, message: str) -> None:
        self._done()
        self.summary.setText(error_html(message))
