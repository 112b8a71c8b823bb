"""Teaching views of the Completion panel: Fill the blank, Score a text, and the sampling path of a
clicked step. Each runs on the loaded model through TeachingService; the arithmetic is in
desktop/core/teaching."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSlider,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.teaching import perplexity as P
from desktop.core.teaching import sampling as S
from desktop.services.teaching_service import TeachingService
from desktop.ui.widgets.token_text import TokenTextView

BLANK = re.compile(r"_{2,}")
ERROR_STYLE = "color:#c0392b"

FILL_EXPLANATION = (
    "Masked or autoregressive, with the same model. Write a sentence with one blank (___). On the left, what "
    "an autoregressive model like this one can do while writing: predict the next token from the words "
    "before the blank only. On the right, what a masked model like BERT does: use both sides. Each "
    "candidate is put in the blank and the whole sentence is scored by its log-probability (higher, closer "
    "to 0, is more likely). Words that look poor from the left alone can win once the words after the blank "
    "are known."
)


def _item(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: tuple[str, ...]) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, len(headers)):
        t.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return t


def _shown(piece: str) -> str:
    return repr(piece)[1:-1] or "·"


class FillBlankView(QWidget):
    def __init__(self, service: TeachingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.rid: int | None = None
        self.result: dict[str, Any] | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(FILL_EXPLANATION)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.sentence = QLineEdit("The ___ barked at the mailman all morning.")
        self.words = QLineEdit("dog, cat, car")
        self.words.setToolTip("Your own candidates, separated by commas; the top of the left-only list is added.")
        form.addRow("Sentence", self.sentence)
        form.addRow("Also try", self.words)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.run_btn = QPushButton("Fill the blank")
        self.run_btn.clicked.connect(self.run)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        row.addWidget(self.run_btn)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.left_title = QLabel("<b>Left only</b>")
        self.left_title.setWordWrap(True)
        self.left_table = _table(("Next token", "p"))
        left_layout.addWidget(self.left_title)
        left_layout.addWidget(self.left_table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("<b>Both sides</b>: whole sentences, best first"))
        self.both_table = _table(("In the blank", "log p(sentence)", "share"))
        right_layout.addWidget(self.both_table, 1)
        split.addWidget(left)
        split.addWidget(right)
        layout.addWidget(split, 1)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)

    def run(self) -> None:
        text = self.sentence.text()
        blanks = list(BLANK.finditer(text))
        if len(blanks) != 1:
            self.status.setText("Write the sentence with exactly one blank, as ___ (two or more underscores).")
            return
        left, right = text[: blanks[0].start()], text[blanks[0].end() :]
        words = [w.strip() for w in self.words.text().split(",") if w.strip()]
        rid = self.service.request("fill_blank", left=left, right=right, candidates=words, top_n=10, from_top=5)
        if rid is None:
            self.status.setText("Load a model first, or wait for the running request to finish.")
            return
        self.rid = rid
        self.status.setText("Scoring…")

    def _on_finished(self, rid: int, _op: str, data: dict[str, Any]) -> None:
        if rid != self.rid:
            return
        self.rid = None
        self.result = data
        left = BLANK.split(self.sentence.text())[0].rstrip()
        self.left_title.setText(f"<b>Left only</b>: the next token after “{html.escape(left)}”")
        self.left_table.setRowCount(len(data["left_only"]))
        for r, (_tid, piece, p) in enumerate(data["left_only"]):
            self.left_table.setItem(r, 0, _item(_shown(piece)))
            self.left_table.setItem(r, 1, _item(f"{p:.1%}", True))
        self.both_table.setRowCount(len(data["both"]))
        for r, d in enumerate(data["both"]):
            mark = "" if d["from_list"] else "  (not in the left-only list)"
            self.both_table.setItem(r, 0, _item(f"{r + 1}. {d['word']}{mark}"))
            self.both_table.setItem(r, 1, _item(f"{d['logprob']:.2f}", True))
            self.both_table.setItem(r, 2, _item(f"{d['share']:.1%}", True))
        best = data["both"][0]["word"] if data["both"] else ""
        self.status.setText(f"Best with both sides: “{html.escape(best)}”. ({data['seconds']:.1f} s)")

    def _on_failed(self, rid: int, kind: str, message: str, _details: str) -> None:
        if rid != self.rid:
            return
        self.rid = None
        text = "Stopped." if kind == "Cancelled" else message
        self.status.setText(f"<span style='{ERROR_STYLE}'>{html.escape(text)}</span>")


class ScoreTextView(QWidget):
    """Score a text with the loaded model, and optionally with a second one (the model chosen under
    Compare): ``second`` is called once the first score is done and answers by calling ``run_with``."""

    def __init__(
        self,
        service: TeachingService,
        model_name: Callable[[], str],
        second: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.second = second
        self.active: TeachingService | None = None  # the service of the request now running
        self.rid: int | None = None
        self.result: dict[str, Any] | None = None
        self.results: list[tuple[str, dict[str, Any]]] = []  # (model name, result), in order
        self._names: dict[int, Callable[[], str]] = {}
        self._attached: list[TeachingService] = []
        self._chain = False
        layout = QVBoxLayout(self)
        intro = QLabel(P.EXPLANATION)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.input = QPlainTextEdit()
        self.input.setPlaceholderText("Paste a text to score with the loaded model.")
        self.input.setPlainText("The quick brown fox jumps over the lazy dog.")
        self.input.setMaximumHeight(110)
        layout.addWidget(self.input)
        row = QHBoxLayout()
        row.addWidget(QLabel("Window"))
        self.window_box = QSpinBox()
        self.window_box.setRange(0, 1 << 20)
        self.window_box.setSpecialValueText("context")
        self.window_box.setToolTip("Tokens read at once; 'context' uses the model's whole context.")
        row.addWidget(self.window_box)
        row.addWidget(QLabel("Stride"))
        self.stride_box = QSpinBox()
        self.stride_box.setRange(0, 1 << 20)
        self.stride_box.setSpecialValueText("half")
        self.stride_box.setToolTip("How far each window moves on; every token keeps window - stride tokens of context.")
        row.addWidget(self.stride_box)
        self.score_btn = QPushButton("Score")
        self.score_btn.clicked.connect(self.run)
        self.stop_btn = QPushButton("Stop")
        self.stop_btn.clicked.connect(self.stop)
        self.stop_btn.setEnabled(False)
        row.addWidget(self.score_btn)
        row.addWidget(self.stop_btn)
        row.addStretch(1)
        layout.addLayout(row)
        self.also = QCheckBox("Then with the model chosen under “Compare with”, side by side")
        self.also.setVisible(second is not None)
        layout.addWidget(self.also)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.summary = QLabel("")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.output = TokenTextView()
        self.output.setPlaceholderText("Each token, tinted by the probability the model gave it.")
        layout.addWidget(self.output, 2)
        layout.addWidget(QLabel("Scores so far (models side by side; load another model and score again to add one):"))
        self.runs = _table(("Text", "Model", "Tokens", "Perplexity", "Bits / token", "Bits / character"))
        layout.addWidget(self.runs, 1)
        self._partial: list[float] = []
        self.attach(service)

    def attach(self, service: TeachingService) -> None:
        """Listen to ``service`` (once): its events count only while its request is the active one."""
        if service in self._attached:
            return
        self._attached.append(service)
        service.progress.connect(lambda rid, f, svc=service: self._on_progress(svc, rid, f))
        service.partial.connect(lambda rid, e, svc=service: self._on_partial(svc, rid, e))
        service.finished.connect(lambda rid, op, d, svc=service: self._on_finished(svc, rid, op, d))
        service.failed.connect(lambda rid, k, m, d, svc=service: self._on_failed(svc, rid, k, m, d))

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
        self.run_with(self.service, self._model_name)

    def _model_name(self) -> str:
        model = self.service.models.model or {}
        return str(model.get("name", ""))

    def run_with(self, service: TeachingService, name: Callable[[], str]) -> None:
        params = self.params()
        if params is None:
            self.summary.setText("Type or paste a text first.")
            return
        self.attach(service)
        rid = service.request("score", **params)
        if rid is None:
            self.summary.setText("Load a model first, or wait for the running request to finish.")
            self._chain = False
            return
        self.active, self.rid = service, rid
        self._names[id(service)] = name
        self._partial = []
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.stop_btn.setEnabled(True)
        self.score_btn.setEnabled(False)
        self.summary.setText(f"Scoring with {html.escape(name())}…")

    def stop(self) -> None:
        self._chain = False
        if self.active is not None:
            self.active.cancel()

    def waiting(self, text: str) -> None:
        """The second model is loading: Stop stays available through ``stop``."""
        self.summary.setText(text)
        self.stop_btn.setEnabled(True)
        self.score_btn.setEnabled(False)

    def _mine(self, service: TeachingService, rid: int) -> bool:
        return service is self.active and rid == self.rid

    def _on_progress(self, service: TeachingService, rid: int, fraction: float) -> None:
        if self._mine(service, rid):
            self.progress.setValue(int(1000 * fraction))

    def _on_partial(self, service: TeachingService, rid: int, event: dict[str, Any]) -> None:
        if self._mine(service, rid):
            self._partial.extend(float(x) for x in event.get("logprobs", []))

    def _done(self) -> None:
        self.rid = None
        self.active = None
        self.progress.setVisible(False)
        self.stop_btn.setEnabled(False)
        self.score_btn.setEnabled(True)

    def _on_finished(self, service: TeachingService, rid: int, _op: str, data: dict[str, Any]) -> None:
        if not self._mine(service, rid):
            return
        name = self._names.get(id(service), self._model_name)()
        self._done()
        self.result = data
        self.results.append((name, data))
        tokens = [
            {
                "text": t["text"],
                "token": t["token"],
                "p": math.exp(t["logprob"]),
                "alts": [[t["top"][0], t["top"][1], float("nan")]] if t["rank"] else [],
            }
            for t in data["tokens"]
        ]
        self.output.set_tokens(data["first"]["text"], tokens)
        self.summary.setText(
            f"<b>{html.escape(name)}: perplexity {data['perplexity']:.2f}</b> over {data['n_scored']:,} tokens "
            f"({data['bits_per_token']:.2f} bits per token; {data['windows']} window(s) of {data['window']}, "
            f"stride {data['stride']}; {data['tokens_per_second']:.0f} tokens/s)"
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
            self.runs.setItem(r, col, _item(value, col >= 2))
        if self._chain and service is self.service and self.second is not None:
            self._chain = False
            self.second()

    def _on_failed(self, service: TeachingService, rid: int, kind: str, message: str, _details: str) -> None:
        if not self._mine(service, rid):
            return
        self._done()
        self._chain = False
        if kind == "Cancelled":
            s = P.summarize(self._partial)
            part = f" Scored before Stop: {s.n_scored:,} tokens, perplexity {s.perplexity:.2f}." if s.n_scored else ""
            self.summary.setText("Stopped." + part)
            return
        self.summary.setText(f"<span style='{ERROR_STYLE}'>{html.escape(message)}</span>")

    def second_failed(self, message: str) -> None:
        self._done()
        self.summary.setText(f"<span style='{ERROR_STYLE}'>{html.escape(message)}</span>")


class SamplingPathView(QWidget):
    """The sampler's path for one clicked step, redrawn as the sliders move."""

    redrawn = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row: np.ndarray | None = None
        self.pieces: dict[int, str] = {}
        self.history: list[int] = []
        self.token: int | None = None
        self.run_settings = S.SamplerSettings()
        self.u: float | None = None
        self.path: S.SamplingPath | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.intro = QLabel(S.EXPLANATION)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.sliders: dict[str, tuple[QSlider, QLabel, float]] = {}
        for key, label, hi, scale in (
            ("temperature", "Temperature", 200, 100.0),
            ("top_k", "Top-k", 1000, 1.0),
            ("top_p", "Top-p", 100, 100.0),
            ("min_p", "Min-p", 100, 100.0),
        ):
            slider = QSlider(Qt.Orientation.Horizontal)
            slider.setRange(0, hi)
            value = QLabel("")
            value.setMinimumWidth(40)
            slider.valueChanged.connect(lambda _v: self.redraw())
            box = QHBoxLayout()
            box.addWidget(slider, 1)
            box.addWidget(value)
            form.addRow(label, box)
            self.sliders[key] = (slider, value, scale)
        layout.addLayout(form)
        self.reset_btn = QPushButton("The run's settings")
        self.reset_btn.clicked.connect(self.reset)
        layout.addWidget(self.reset_btn, 0, Qt.AlignmentFlag.AlignLeft)
        self.view = QLabel("Click a generated token to see how the sampler chose it.")
        self.view.setWordWrap(True)
        self.view.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.view)

    def settings(self) -> S.SamplerSettings:
        def v(key: str) -> float:
            slider, _label, scale = self.sliders[key]
            return slider.value() / scale

        return S.SamplerSettings(
            temperature=v("temperature"),
            top_k=int(v("top_k")),
            top_p=v("top_p"),
            min_p=v("min_p"),
            repeat_penalty=self.run_settings.repeat_penalty,
        )

    def _set_sliders(self, s: S.SamplerSettings) -> None:
        for key, value in (("temperature", s.temperature), ("top_k", s.top_k), ("top_p", s.top_p), ("min_p", s.min_p)):
            slider, _label, scale = self.sliders[key]
            slider.blockSignals(True)
            slider.setValue(round(value * scale))
            slider.blockSignals(False)

    def set_step(
        self, row: np.ndarray, pieces: dict[int, str], run: S.SamplerSettings, history: list[int], token: int
    ) -> None:
        """A step's real logits, the run's settings and the token that was drawn: ``u`` is placed so
        that, at the run's settings, the draw picks that token; the sliders then reuse the same ``u``."""
        self.row, self.pieces, self.run_settings, self.history, self.token = row, pieces, run, history, token
        self.u = S.sampling_path(row, run, history).u_for(token)
        self.reset()

    def reset(self) -> None:
        self._set_sliders(self.run_settings)
        self.redraw()

    def piece(self, token: int) -> str:
        return _shown(self.pieces.get(token, f"#{token}"))

    def redraw(self) -> None:
        for _key, (slider, label, scale) in self.sliders.items():
            label.setText(f"{slider.value() / scale:g}")
        if self.row is None:
            return
        s = self.settings()
        path = S.sampling_path(self.row, s, self.history, u=self.u if self.u is not None else 0.5)
        self.path = path
        rows = []
        for st in path.stages:
            if st.name == "model":
                what = f"{st.n_after:,} tokens"
            elif not st.active:
                what = "off"
            else:
                what = f"keeps {st.n_after:,}, cuts {st.cut:,}"
            top = ", ".join(f"{html.escape(self.piece(t))} {p:.0%}" for t, p in st.top(4))
            rows.append(f"<tr><td><b>{st.name}</b></td><td>{what}</td><td>{top}</td></tr>")
        order = np.argsort(-path.final_probs, kind="stable")[:10]
        bars = []
        for i in order:
            t = int(path.final_ids[i])
            p = float(path.final_probs[i])
            mark = " ← drawn" if t == path.chosen else ""
            style = "font-weight:bold" if t == path.chosen else ""
            width = max(1, int(120 * p))
            bars.append(
                f"<tr style='{style}'><td>{html.escape(self.piece(t))}</td>"
                f"<td><span style='background:#5DADE2'>{'&nbsp;' * (width // 6 + 1)}</span> {p:.1%}{mark}</td></tr>"
            )
        same = path.chosen == self.token
        note = (
            "At the run's settings the draw gives the token the run produced."
            if s == self.run_settings or same
            else "With these settings the same random number draws a different token."
        )
        drawn = self.piece(path.chosen) if path.chosen is not None else "?"
        self.view.setText(
            f"<table cellspacing='4'>{''.join(rows)}</table>"
            f"<p><b>The distribution it draws from</b> ({len(path.final_ids):,} candidates), "
            f"random number u = {path.u if path.u is not None else 0:.3f}: drawn “{html.escape(drawn)}”. {note}</p>"
            f"<table cellspacing='2'>{''.join(bars)}</table>"
        )
        self.redrawn.emit()


def decode_step(data: dict[str, Any]) -> tuple[np.ndarray, dict[int, str]]:
    return S.decode_logits(str(data["logits"]), int(data["n_vocab"])), {int(k): v for k, v in data["pieces"].items()}
