"""The Sampling tab: temperature, top-k, top-p, min-p, repeat penalty, seed, max tokens and stop strings,
kept between sessions, with the settings a server does not take greyed and said so."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.services.settings import Settings
from desktop.services.source import SourceCapabilities
from desktop.ui.language import on_language_change

# The order every text here follows is llama.cpp's sampler chain (desktop/core/teaching/sampling.py):
# penalties, top-k, top-p, min-p, and temperature last, on what is left. The sampling path shows the same.
HELP: dict[str, str] = {
    "temperature": QT_TRANSLATE_NOOP(
        "SamplingForm",
        "Applied last, after top-k, top-p and min-p have chosen the candidates (llama.cpp's order): it divides "
        "the scores of the tokens that are left, so it reshapes their probabilities but never changes which "
        "tokens are candidates. Above 1 flattens, below 1 sharpens. 0 skips sampling and always takes the most "
        "likely token (greedy: the same text every time).",
    ),
    "top_k": QT_TRANSLATE_NOOP(
        "SamplingForm", "Keep only the k most likely tokens (before temperature). 0 turns it off."
    ),
    "top_p": QT_TRANSLATE_NOOP(
        "SamplingForm",
        "Keep only the most likely tokens whose probabilities add up to p (nucleus sampling), read from the "
        "model's own probabilities, before temperature.",
    ),
    "min_p": QT_TRANSLATE_NOOP(
        "SamplingForm", "Drop tokens less likely than min_p times the most likely one (before temperature)."
    ),
    "repeat_penalty": QT_TRANSLATE_NOOP(
        "SamplingForm", "Makes tokens that appeared recently less likely, first in the chain. 1.0 turns it off."
    ),
    "seed": QT_TRANSLATE_NOOP(
        "SamplingForm",
        "The random seed. The same seed and settings give the same text. Random picks a new one each run.",
    ),
    "max_tokens": QT_TRANSLATE_NOOP("SamplingForm", "Stop after this many generated tokens."),
    "stop": QT_TRANSLATE_NOOP(
        "SamplingForm", "Stop when the text contains one of these, separated by commas. Write \\n for a new line."
    ),
}

# The sampling settings' names as the server capabilities name them, and their labels.
LABELS: dict[str, str] = {
    "temperature": QT_TRANSLATE_NOOP("SamplingForm", "Temperature"),
    "top_k": "Top-k",
    "top_p": "Top-p",
    "min_p": "Min-p",
    "repeat_penalty": QT_TRANSLATE_NOOP("SamplingForm", "Repeat penalty"),
    "seed": QT_TRANSLATE_NOOP("SamplingForm", "Seed"),
    "max_tokens": QT_TRANSLATE_NOOP("SamplingForm", "Max tokens"),
    "stop": QT_TRANSLATE_NOOP("SamplingForm", "Stop strings"),
}
DEFAULTS: dict[str, Any] = {
    "temperature": 0.8,
    "top_k": 40,
    "top_p": 0.95,
    "min_p": 0.05,
    "repeat_penalty": 1.1,
    "seed": -1,
    "max_tokens": 128,
    "stop": "",
}


def _t(text: str) -> str:
    return QCoreApplication.translate("SamplingForm", text)


def parse_stops(text: str) -> list[str]:
    return [s.replace("\\n", "\n").replace("\\t", "\t") for s in text.split(",") if s.strip(" ")]


class SamplingForm(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.capabilities = SourceCapabilities()
        self.engine = ""
        form = QFormLayout(self)
        s = settings

        def dspin(key: str, lo: float, hi: float, step: float) -> QDoubleSpinBox:
            box = QDoubleSpinBox()
            box.setRange(lo, hi)
            box.setSingleStep(step)
            box.setDecimals(2)
            box.setValue(s.get_float(f"completion/{key}", DEFAULTS[key], lo, hi))
            return box

        def ispin(key: str, lo: int, hi: int) -> QSpinBox:
            box = QSpinBox()
            box.setRange(lo, hi)
            box.setValue(s.get_int(f"completion/{key}", DEFAULTS[key], lo, hi))
            return box

        self.temperature = dspin("temperature", 0.0, 2.0, 0.1)
        self.top_k = ispin("top_k", 0, 1000)
        self.top_p = dspin("top_p", 0.0, 1.0, 0.05)
        self.min_p = dspin("min_p", 0.0, 1.0, 0.01)
        self.repeat_penalty = dspin("repeat_penalty", 0.5, 2.0, 0.05)
        self.seed = ispin("seed", -1, 2**31 - 1)
        self.max_tokens = ispin("max_tokens", 1, 8192)
        self.stop = QLineEdit(s.get_str("completion/stop", ""))
        self.labels: dict[str, QLabel] = {}
        for key in DEFAULTS:
            self.labels[key] = QLabel()
            form.addRow(self.labels[key], self.widget(key))
        self.note = QLabel("")  # which settings the chosen server does not take
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        form.addRow(self.note)
        self.greedy_btn = QPushButton()
        self.greedy_btn.clicked.connect(lambda: self.temperature.setValue(0.0))
        self.reset_btn = QPushButton()
        self.reset_btn.clicked.connect(self.reset)
        row = QHBoxLayout()
        row.addWidget(self.greedy_btn)
        row.addWidget(self.reset_btn)
        form.addRow(row)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def widget(self, key: str) -> QWidget:
        widget: QWidget = getattr(self, key)
        return widget

    def retranslate(self) -> None:
        for key, label in self.labels.items():
            label.setText(_t(LABELS[key]))
        self.seed.setSpecialValueText(self.tr("Random"))
        self.stop.setPlaceholderText(self.tr("e.g. \\n, ###"))
        self.greedy_btn.setText(self.tr("Greedy (temperature 0)"))
        self.reset_btn.setText(self.tr("Defaults"))
        self.apply_support(self.capabilities, self.engine)

    def values(self) -> dict[str, Any]:
        return {
            "temperature": round(self.temperature.value(), 3),
            "top_k": self.top_k.value(),
            "top_p": round(self.top_p.value(), 3),
            "min_p": round(self.min_p.value(), 3),
            "repeat_penalty": round(self.repeat_penalty.value(), 3),
            "seed": self.seed.value(),
            "max_tokens": self.max_tokens.value(),
            "stop": parse_stops(self.stop.text()),
        }

    def save(self) -> None:
        for key, value in self.values().items():
            self.settings.set(f"completion/{key}", self.stop.text() if key == "stop" else value)

    def reset(self) -> None:
        for key, value in DEFAULTS.items():
            if key == "stop":
                self.stop.setText(value)
            else:
                getattr(self, key).setValue(value)

    def apply(self, overrides: dict[str, Any]) -> None:
        """The defaults, then ``overrides`` (a preset's)."""
        self.reset()
        for key, value in overrides.items():
            if key == "stop":
                self.stop.setText(str(value))
            else:
                getattr(self, key).setValue(value)

    def apply_support(self, capabilities: SourceCapabilities, engine: str = "") -> None:
        """Grey the settings the chosen source does not take, and say so in their tooltips."""
        self.capabilities, self.engine = capabilities, engine
        missing = capabilities.unsupported
        for key in DEFAULTS:
            widget = self.widget(key)
            widget.setEnabled(key not in missing)
            tip = _t(HELP[key])
            if key in missing:
                tip = self.tr("This server does not take this setting, so it is not sent. {help}").format(help=tip)
            widget.setToolTip(tip)
        if missing:
            names = ", ".join(_t(LABELS[n]) for n in missing)
            self.note.setText(
                self.tr("Greyed: this server ({engine}) does not take {names}.").format(
                    engine=engine or self.tr("unknown engine"), names=names
                )
            )
        self.note.setVisible(bool(missing))
