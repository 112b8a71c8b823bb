"""The Completion panel's first row: mode, examples, chat format, and Load the default model, Generate and
Stop. The mode and the chat format are kept between sessions."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.services.settings import Settings
from desktop.ui.language import on_language_change
from desktop.ui.panels.completion.presets import CHAT_FORMATS, PRESETS, shown


def compact(combo: QComboBox, chars: int) -> None:
    """Long names elide instead of widening the panel beyond a 1024-pixel window."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)


class Toolbar(QWidget):
    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        # Texts are set in retranslate(); combos keep their keys in item data.
        self.mode = QComboBox()
        self.mode.addItem("", "completion")
        self.mode.addItem("", "chat")
        self.preset = QComboBox()
        self.preset.addItem("")
        for name, *_ in PRESETS:
            self.preset.addItem("", str(name))
        self.chat_format = QComboBox()
        for label, key in CHAT_FORMATS:
            self.chat_format.addItem(label, key)
        compact(self.preset, 12)
        compact(self.chat_format, 17)  # every format's name whole, at 1024 pixels too
        self.generate_btn = QPushButton()
        self.stop_btn = QPushButton()
        self.load_default_btn = QPushButton()
        self.mode_label = QLabel()
        for w in (self.mode_label, self.mode, self.preset, self.chat_format):
            bar.addWidget(w)
        bar.addStretch(1)
        for b in (self.load_default_btn, self.generate_btn, self.stop_btn):
            bar.addWidget(b)
        mode = settings.get_str("completion/mode", "completion")
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        chat_format = settings.get_str("completion/chat_format", "template")
        self.chat_format.setCurrentIndex(max(0, self.chat_format.findData(chat_format)))
        self.chat_format.activated.connect(self._remember_chat_format)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        self.mode.setItemText(0, self.tr("Completion"))
        self.mode.setItemText(1, self.tr("Chat"))
        self.mode.setToolTip(self.tr("Completion continues your text. Chat sends messages through a chat format."))
        self.preset.setItemText(0, self.tr("Examples…"))
        for i, (name, *_) in enumerate(PRESETS, start=1):
            self.preset.setItemText(i, shown(name))
        self.preset.setToolTip(
            self.tr("Fill in a teaching example. Ctrl+Z in the prompt brings back what you had typed.")
        )
        for i, (label, _key) in enumerate(CHAT_FORMATS):
            self.chat_format.setItemText(i, shown(label))
        self.chat_format.setToolTip(
            self.tr(
                "How the messages become one prompt. A model without a chat template (a base model) needs a "
                "format chosen here. With Compare, a model that has its own template always uses it, and this "
                "format goes to the model without one."
            )
        )
        self.generate_btn.setText(self.tr("Generate"))
        self.generate_btn.setToolTip(self.tr("Generate (Ctrl+Enter)"))
        self.stop_btn.setText(self.tr("Stop"))
        self.stop_btn.setToolTip(self.tr("Stop now (Esc)"))
        self.load_default_btn.setText(self.tr("Load the default model"))
        self.mode_label.setText(self.tr("Mode"))

    def chat(self) -> bool:
        return self.mode.currentData() == "chat"

    def set_mode(self, mode: str) -> None:
        self.mode.setCurrentIndex(self.mode.findData(mode))

    def save(self) -> None:
        self.settings.set("completion/mode", self.mode.currentData())
        self._remember_chat_format()

    def _remember_chat_format(self, *_args: object) -> None:
        self.settings.set("completion/chat_format", self.chat_format.currentData())
