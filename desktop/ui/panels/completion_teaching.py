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
from PySide6.QtCore import QCoreApplication, Qt, Signal
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

from desktop.core.messages import QT_TRANSLATE_NOOP, Message
from desktop.core.teaching import perplexity as P
from desktop.core.teaching import sampling as S
from desktop.i18n import format_int, translate_message
from desktop.services.teaching_service import TeachingService
from desktop.ui.language import on_language_change
from desktop.ui.widgets.token_text import TokenTextView

BLANK = re.compile(r"_{2,}")
ERROR_STYLE = "color:#c0392b"

FILL_EXPLANATION = QT_TRANSLATE_NOOP(
    "FillBlankView",
    "Masked or autoregressive, with the same model. Write a sentence with one blank (___). On the left, what "
    "an autoregressive model like this one can do while writing: predict the next token from the words "
    "before the blank only. On the right, what a masked model like BERT does: use both sides. Each "
    "candidate is put in the blank and the whole sentence is scored by its log-probability (higher, closer "
    "to 0, is more likely). Words that look poor from the left alone can win once the words after the blank "
    "are known.",
)

# The sampler's stages by their names in desktop.core.teaching.sampling; the Latin names stay as they are.
STAGE_NAMES: dict[str, str] = {
    "model": QT_TRANSLATE_NOOP("SamplingPathView", "model"),
    "penalties": QT_TRANSLATE_NOOP("SamplingPathView", "penalties"),
    "typical": QT_TRANSLATE_NOOP("SamplingPathView", "typical"),
    "temperature": QT_TRANSLATE_NOOP("SamplingPathView", "temperature"),
    "greedy": QT_TRANSLATE_NOOP("SamplingPathView", "greedy"),
}


def core_text(text: Message | str) -> str:
    """A teaching text from core in the installed language: a :class:`Message`, a string marked with
    ``QT_TRANSLATE_NOOP`` (it carries its context), or a plain string shown as it is."""
    context = getattr(text, "context", "")
    if isinstance(text, str) and context:
        return QCoreApplication.translate(context, text)
    return translate_message(text)


def _item(text: str, right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(columns: int) -> QTableWidget:
    """A read-only table; its headers are set (translated) by its view's retranslate()."""
    t = QTableWidget(0, columns)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, columns):
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
        self._scored_sentence = ""  # the sentence of the shown result
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        # The example sentence is English on purpose: the bundled models were trained on English.
        self.sentence = QLineEdit("The ___ barked at the mailman all morning.")
        self.words = QLineEdit("dog, cat, car")
        self.sentence_label = QLabel()
        self.words_label = QLabel()
        form.addRow(self.sentence_label, self.sentence)
        form.addRow(self.words_label, self.words)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.run_btn = QPushButton()
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
        self.left_title = QLabel()
        self.left_title.setWordWrap(True)
        self.left_table = _table(2)
        left_layout.addWidget(self.left_title)
        left_layout.addWidget(self.left_table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.right_title = QLabel()
        self.right_title.setWordWrap(True)
        right_layout.addWidget(self.right_title)
        self.both_table = _table(3)
        right_layout.addWidget(self.both_table, 1)
        split.addWidget(left)
        split.addWidget(right)
        layout.addWidget(split, 1)
        service.finished.connect(self._on_finished)
        service.failed.connect(self._on_failed)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        self.intro.setText(core_text(FILL_EXPLANATION))
        self.words.setToolTip(
            self.tr("Your own candidates, separated by commas; the top of the left-only list is added.")
        )
        self.sentence_label.setText(self.tr("Sentence"))
        self.words_label.setText(self.tr("Also try"))
        self.run_btn.setText(self.tr("Fill the blank"))
        self.left_table.setHorizontalHeaderLabels([self.tr("Next token"), "p"])
        self.right_title.setText(self.tr("<b>Both sides</b>: whole sentences, best first"))
        self.both_table.setHorizontalHeaderLabels([self.tr("In the blank"), "log p(sentence)", self.tr("share")])
        self._show_left_title()

    def _show_left_title(self) -> None:
        if self.result is None:
            self.left_title.setText(self.tr("<b>Left only</b>"))
            return
        left = BLANK.split(self._scored_sentence)[0].rstrip()
        self.left_title.setText(
            self.tr("<b>Left only</b>: the next token after “{left}”").format(left=html.escape(left))
        )

    def run(self) -> None:
        text = self.sentence.text()
        blanks = list(BLANK.finditer(text))
        if len(blanks) != 1:
            self.status.setText(self.tr("Write the sentence with exactly one blank, as ___ (two or more underscores)."))
            return
        left, right = text[: blanks[0].start()], text[blanks[0].end() :]
        words = [w.strip() for w in self.words.text().split(",") if w.strip()]
        rid = self.service.request("fill_blank", left=left, right=right, candidates=words, top_n=10, from_top=5)
        if rid is None:
            self.status.setText(self.tr("Load a model first, or wait for the running request to finish."))
            return
        self.rid = rid
        self.status.setText(self.tr("Scoring…"))

    def _on_finished(self, rid: int, _op: str, data: dict[str, Any]) -> None:
        if rid != self.rid:
            return
        self.rid = None
        self.result = data
        self._scored_sentence = self.sentence.text()
        self._show_left_title()
        self.left_table.setRowCount(len(data["left_only"]))
        for r, (_tid, piece, p) in enumerate(data["left_only"]):
            self.left_table.setItem(r, 0, _item(_shown(piece)))
            self.left_table.setItem(r, 1, _item(f"{p:.1%}", True))
        self.both_table.setRowCount(len(data["both"]))
        for r, d in enumerate(data["both"]):
            if d["from_list"]:
                shown = self.tr("{rank}. {word}").format(rank=r + 1, word=d["word"])
            else:
                shown = self.tr("{rank}. {word}  (not in the left-only list)").format(rank=r + 1, word=d["word"])
            self.both_table.setItem(r, 0, _item(shown))
            self.both_table.setItem(r, 1, _item(f"{d['logprob']:.2f}", True))
            self.both_table.setItem(r, 2, _item(f"{d['share']:.1%}", True))
        best = data["both"][0]["word"] if data["both"] else ""
        self.status.setText(
            self.tr("Best with both sides: “{word}”. ({seconds} s)").format(
                word=html.escape(best), seconds=f"{data['seconds']:.1f}"
            )
        )

    def _on_failed(self, rid: int, kind: str, message: str, _details: str) -> None:
        if rid != self.rid:
            return
        self.rid = None
        text = self.tr("Stopped.") if kind == "Cancelled" else message
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
        self.score_btn = QPushButton()
        self.score_btn.clicked.connect(self.run)
        self.stop_btn = QPushButton()
        self.stop_btn.clicked.connect(self.stop)
        self.stop_btn.setEnabled(False)
        row.addWidget(self.score_btn)
        row.addWidget(self.stop_btn)
        row.addStretch(1)
        layout.addLayout(row)
        self.also = QCheckBox()
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
        layout.addWidget(self.output, 2)
        self.runs_title = QLabel()
        self.runs_title.setWordWrap(True)
        layout.addWidget(self.runs_title)
        self.runs = _table(6)
        layout.addWidget(self.runs, 1)
        self._partial: list[float] = []
        self.attach(service)
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
            self.tr("How far each window moves on; every token keeps window - stride tokens of context.")
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
            self.summary.setText(self.tr("Type or paste a text first."))
            return
        self.attach(service)
        rid = service.request("score", **params)
        if rid is None:
            self.summary.setText(self.tr("Load a model first, or wait for the running request to finish."))
            self._chain = False
            return
        self.active, self.rid = service, rid
        self._names[id(service)] = name
        self._partial = []
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.stop_btn.setEnabled(True)
        self.score_btn.setEnabled(False)
        self.summary.setText(self.tr("Scoring with {name}…").format(name=html.escape(name())))

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
            if s.n_scored:
                text = self.tr("Stopped. Scored before Stop: {n} tokens, perplexity {perplexity}.").format(
                    n=format_int(s.n_scored), perplexity=f"{s.perplexity:.2f}"
                )
            else:
                text = self.tr("Stopped.")
            self.summary.setText(text)
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
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        self.sliders: dict[str, tuple[QSlider, QLabel, float]] = {}
        self.temperature_label = QLabel()
        for key, label, hi, scale in (
            ("temperature", self.temperature_label, 200, 100.0),
            ("top_k", QLabel("Top-k"), 1000, 1.0),
            ("top_p", QLabel("Top-p"), 100, 100.0),
            ("min_p", QLabel("Min-p"), 100, 100.0),
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
        self.reset_btn = QPushButton()
        self.reset_btn.clicked.connect(self.reset)
        layout.addWidget(self.reset_btn, 0, Qt.AlignmentFlag.AlignLeft)
        self.view = QLabel()
        self.view.setWordWrap(True)
        self.view.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.view)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        self.intro.setText(core_text(S.EXPLANATION))
        self.temperature_label.setText(self.tr("Temperature"))
        self.reset_btn.setText(self.tr("The run's settings"))
        if self.row is None:
            self.view.setText(self.tr("Click a generated token to see how the sampler chose it."))
        else:
            self.redraw()

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
                what = self.tr("%n token(s)", "", st.n_after)
            elif not st.active:
                what = self.tr("off")
            else:
                what = self.tr("keeps {kept}, cuts {cut}").format(kept=format_int(st.n_after), cut=format_int(st.cut))
            top = ", ".join(f"{html.escape(self.piece(t))} {p:.0%}" for t, p in st.top(4))
            stage = core_text(STAGE_NAMES[st.name]) if st.name in STAGE_NAMES else st.name
            rows.append(f"<tr><td><b>{html.escape(stage)}</b></td><td>{what}</td><td>{top}</td></tr>")
        order = np.argsort(-path.final_probs, kind="stable")[:10]
        bars = []
        for i in order:
            t = int(path.final_ids[i])
            p = float(path.final_probs[i])
            mark = self.tr(" ← drawn") if t == path.chosen else ""
            style = "font-weight:bold" if t == path.chosen else ""
            width = max(1, int(120 * p))
            bars.append(
                f"<tr style='{style}'><td>{html.escape(self.piece(t))}</td>"
                f"<td><span style='background:#5DADE2'>{'&nbsp;' * (width // 6 + 1)}</span> {p:.1%}{mark}</td></tr>"
            )
        same = path.chosen == self.token
        note = (
            self.tr("At the run's settings the draw gives the token the run produced.")
            if s == self.run_settings or same
            else self.tr("With these settings the same random number draws a different token.")
        )
        drawn = self.piece(path.chosen) if path.chosen is not None else "?"
        summary = self.tr(
            "<b>The distribution it draws from</b> ({n} candidates), random number u = {u}: drawn “{token}”. {note}"
        ).format(
            n=format_int(len(path.final_ids)),
            u=f"{path.u if path.u is not None else 0:.3f}",
            token=html.escape(drawn),
            note=note,
        )
        self.view.setText(
            f"<table cellspacing='4'>{''.join(rows)}</table><p>{summary}</p>"
            f"<table cellspacing='2'>{''.join(bars)}</table>"
        )
        self.redrawn.emit()


def decode_step(data: dict[str, Any]) -> tuple[np.ndarray, dict[int, str]]:
    return S.decode_logits(str(data["logits"]), int(data["n_vocab"])), {int(k): v for k, v in data["pieces"].items()}
