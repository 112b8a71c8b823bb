"""The sampler's path for one clicked step: the distribution after each stage of llama.cpp's chain
(penalties, top-k, typical, top-p, min-p, then temperature), what each keeps and cuts, and the final
distribution the token was drawn from, redrawn live as the sliders move."""

from __future__ import annotations

import html
from typing import Any

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.core.teaching import sampling as S
from desktop.i18n import format_int
from desktop.ui.language import on_language_change
from desktop.ui.panels.completion.teaching.common import core_text, shown

# The sampler's stages by their names in desktop.core.teaching.sampling; the Latin names stay as they are.
STAGE_NAMES: dict[str, str] = {
    "model": QT_TRANSLATE_NOOP("SamplingPathView", "model"),
    "penalties": QT_TRANSLATE_NOOP("SamplingPathView", "penalties"),
    "typical": QT_TRANSLATE_NOOP("SamplingPathView", "typical"),
    "temperature": QT_TRANSLATE_NOOP("SamplingPathView", "temperature"),
    "greedy": QT_TRANSLATE_NOOP("SamplingPathView", "greedy"),
}


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
        return shown(self.pieces.get(token, f"#{token}"))

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
            "<b>The distribution it draws from</b> (%Ln candidate(s)), random number u = {u}: drawn “{token}”. {note}",
            "",
            len(path.final_ids),
        ).format(
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
