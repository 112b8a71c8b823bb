"""The text to tokenize and the bar above it: the encoding, the examples, the special-token switch and what
the tokenizer is doing."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QMimeData, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QTextCursor, QTextOption
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPlainTextEdit, QSizePolicy, QWidget

from desktop.core.tokenizers import EXAMPLES
from desktop.ui.panels.tokenizer.encodings import EncodingBox
from desktop.ui.widgets.token_view import wrap_mode_for

translate = QCoreApplication.translate  # lupdate finds translate("TokenizerPanel", "...") by this name
EXAMPLES_CONTEXT = "TokenizerExamples"  # the context core marks the example names with


class TokenInput(QPlainTextEdit):
    """The text to tokenize. A paste with a very long unbroken run switches wrapping to "anywhere"
    before Qt lays it out (see ``wrap_mode_for``); it switches back once the text is short again."""

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.prepare_for(source.text())
        super().insertFromMimeData(source)

    def prepare_for(self, text: str) -> None:
        mode = wrap_mode_for(text)
        if mode == QTextOption.WrapMode.WrapAnywhere and self.wordWrapMode() != mode:
            self.setWordWrapMode(mode)

    def set_text(self, text: str) -> None:
        # Never lay out a long run with word wrapping: relax the mode only once the run is gone.
        mode = wrap_mode_for(text)
        if mode == QTextOption.WrapMode.WrapAnywhere:
            self.setWordWrapMode(mode)
        self.setPlainText(text)
        if mode != self.wordWrapMode():
            self.setWordWrapMode(mode)

    def replace_all(self, text: str) -> None:
        """Put ``text`` in place of everything, as one edit that Ctrl+Z undoes."""
        self.prepare_for(text)
        cursor = self.textCursor()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        self.setTextCursor(cursor)

    def relax_wrapping(self) -> None:
        if self.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere and self.document().characterCount() < 2000:
            self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)

    def retranslate(self) -> None:
        self.setPlaceholderText(translate("TokenizerPanel", "Type or paste text to see it as tokens…"))


class InputBar(QWidget):
    """Encoding, examples, the <|…|> switch, and a busy note that takes only the room left over."""

    exampleChosen = Signal(str)  # the example's key (its English name)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        self.encoding_label = QLabel()
        bar.addWidget(self.encoding_label)
        self.encoding = EncodingBox()
        bar.addWidget(self.encoding, 3)
        bar.addSpacing(8)
        self.examples = QComboBox()
        self.examples.addItem("", "")  # "Choose an example…", set in retranslate
        for name in EXAMPLES:
            self.examples.addItem(name, name)  # the English name is the key; the text is translated
        self.examples.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.examples.setMinimumContentsLength(14)
        self.examples.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.examples.setMaximumWidth(320)
        self.examples.activated.connect(self._on_example)
        bar.addWidget(self.examples, 2)
        bar.addSpacing(8)
        self.special = QCheckBox()
        bar.addWidget(self.special)
        # takes the room left over, and only that: its text never widens the panel
        self.busy_label = QLabel("")
        self.busy_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.busy_label, 1)

    def _on_example(self, index: int) -> None:
        name = str(self.examples.itemData(index) or "")
        with QSignalBlocker(self.examples):
            self.examples.setCurrentIndex(0)
        if name in EXAMPLES:
            self.exampleChosen.emit(name)

    def choose_example(self, name: str) -> None:
        """Pick the example ``name`` (its English key) as a person would from the list."""
        self._on_example(self.examples.findData(name))

    def retranslate(self) -> None:
        self.encoding_label.setText(translate("TokenizerPanel", "Encoding"))
        self.encoding.retranslate()
        self.examples.setToolTip(
            translate("TokenizerPanel", "Replace the text with an example (Ctrl+Z brings your text back).")
        )
        self.examples.setItemText(0, translate("TokenizerPanel", "Choose an example…"))
        for row in range(1, self.examples.count()):
            key = str(self.examples.itemData(row))
            self.examples.setItemText(row, QCoreApplication.translate(EXAMPLES_CONTEXT, key))
        self.examples.view().setMinimumWidth(self.examples.view().sizeHintForColumn(0) + 24)
        self.special.setText(translate("TokenizerPanel", "<|…|> as special tokens"))
        self.special.setToolTip(
            translate(
                "TokenizerPanel",
                "Off: a marker such as <|endoftext|> typed in the text is tokenized as ordinary text. "
                "On: it becomes the single special token the model uses to mark boundaries.",
            )
        )
