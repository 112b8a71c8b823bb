"""The labels (one per line) and the prompt (one template, or open_clip's ensemble), what they say about
themselves, and how they persist.

Two warnings sit under the labels, both plain text and both said again in a new language: labels in a
script the model never learned (Korean with an English-trained CLIP), as soon as they are typed; and, after a
run, labels whose scores mean nothing (words the model never learned, labels that are the same text to it)."""

from __future__ import annotations

import json
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.messages import Message
from desktop.core.vision import DEFAULT_TEMPLATE, ENSEMBLE
from desktop.core.vision.prompts import vocabulary_warning
from desktop.i18n import translate_message
from desktop.services.settings import Settings
from desktop.ui.panels.vision.common import WARNING_COLOUR, counts, translate

LABELS_KEY = "vision/labels"  # a JSON list of the labels as typed, one per line
TEMPLATE_KEY = "vision/template"
PROMPT_KEY = "vision/prompt"  # "template" or "ensemble"


def _warning_label() -> QLabel:
    label = QLabel("")
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the labels as typed
    label.setStyleSheet(f"color: {WARNING_COLOUR};")
    label.setVisible(False)
    return label


class LabelsBox(QGroupBox):
    changed = Signal()  # the labels' text changed (typed, reset, restored)

    def __init__(self, bundled_labels: Callable[[], list[str]], parent: QWidget | None = None) -> None:
        """``bundled_labels``: the service's (it reads the bundled model's card), for the start and Reset."""
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.edit = QPlainTextEdit()
        self.edit.setPlainText("\n".join(bundled_labels()))
        self.edit.setMinimumHeight(96)
        layout.addWidget(self.edit, 1)
        row = QHBoxLayout()
        self.count = QLabel("")
        self.reset_btn = QPushButton()
        row.addWidget(self.count, 1)
        row.addWidget(self.reset_btn)
        layout.addLayout(row)
        self.note = _warning_label()  # after a run: labels whose scores mean nothing
        layout.addWidget(self.note)
        self.language_note = _warning_label()  # as they are typed: labels in a script the model never learned
        layout.addWidget(self.language_note)
        self._notes: list[Message] = []
        self.reset_btn.clicked.connect(lambda: self.set_labels(bundled_labels()))
        self.edit.textChanged.connect(self._on_text)

    def labels(self) -> list[str]:
        return list(dict.fromkeys(t.strip() for t in self.edit.toPlainText().splitlines() if t.strip()))

    def set_labels(self, labels: list[str]) -> None:
        self.edit.setPlainText("\n".join(labels))

    def show_notes(self, notes: list[Message]) -> None:
        """A run's warnings about its labels (none: the note goes)."""
        self._notes = list(notes)
        self._show_notes()

    def _show_notes(self) -> None:
        text = " ".join(translate_message(m) for m in self._notes)
        self.note.setText(text)
        self.note.setVisible(bool(text))

    def _on_text(self) -> None:
        self._show_counts()
        self._show_language_note()
        self.changed.emit()

    def _show_counts(self) -> None:
        self.count.setText(counts().labels(len(self.labels())))

    def _show_language_note(self) -> None:
        warning = vocabulary_warning(self.labels())
        self.language_note.setText(translate_message(warning) if warning is not None else "")
        self.language_note.setVisible(warning is not None)

    def retranslate(self) -> None:
        self.setTitle(translate("VisionPanel", "Labels — one per line"))
        # The bundled CLIP learned English only: the example labels stay English in every language.
        self.edit.setPlaceholderText(translate("VisionPanel", "red circle\nblue square\n…"))
        self.reset_btn.setText(translate("VisionPanel", "The model's labels"))
        self.reset_btn.setToolTip(translate("VisionPanel", "Put back the labels the bundled model was trained on."))
        self._show_counts()
        self._show_notes()
        self._show_language_note()

    def restore(self, settings: Settings) -> None:
        """The labels as they were typed last time (no labels is a choice too, kept as such)."""
        saved = settings.get_str(LABELS_KEY, "")
        try:
            labels = json.loads(saved) if saved else None
        except ValueError:
            labels = None
        if isinstance(labels, list):
            self.edit.setPlainText("\n".join(str(label) for label in labels))

    def save(self, settings: Settings) -> None:
        settings.set(LABELS_KEY, json.dumps(self.edit.toPlainText().split("\n"), ensure_ascii=False))


class PromptBox(QGroupBox):
    changed = Signal()  # the template was edited, or template / ensemble was switched

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.template_radio = QRadioButton()
        self.ensemble_radio = QRadioButton()
        self.template_radio.setChecked(True)
        self.group = QButtonGroup(self)
        self.group.addButton(self.template_radio)
        self.group.addButton(self.ensemble_radio)
        self.template_edit = QLineEdit(DEFAULT_TEMPLATE)
        self.ensemble_text = QLabel()
        self.ensemble_text.setWordWrap(True)
        layout.addRow(self.template_radio, self.template_edit)
        layout.addRow(self.ensemble_radio, self.ensemble_text)
        self.template_edit.textChanged.connect(self.changed)
        self.group.buttonToggled.connect(lambda _button, on: self.changed.emit() if on else None)

    def template(self) -> str:
        return ENSEMBLE if self.ensemble_radio.isChecked() else self.template_edit.text()

    def retranslate(self) -> None:
        self.setTitle(translate("VisionPanel", "Prompt"))
        self.template_radio.setText(translate("VisionPanel", "Template"))
        self.ensemble_radio.setText(translate("VisionPanel", "Ensemble"))
        self.template_edit.setToolTip(translate("VisionPanel", "{} is replaced by each label."))
        self.ensemble_radio.setToolTip(
            translate(
                "VisionPanel",
                "open_clip's 80 zero-shot templates (“a bad photo of a {}.”, “a sketch of the {}.”, …): each "
                "label's text embedding is their average.",
            )
        )
        self.ensemble_text.setText(translate("VisionPanel", "open_clip's 80 templates, averaged"))

    def restore(self, settings: Settings) -> None:
        template = settings.get_str(TEMPLATE_KEY, "")
        if template:
            self.template_edit.setText(template)
        if settings.get_str(PROMPT_KEY, "") == "ensemble":
            self.ensemble_radio.setChecked(True)

    def save(self, settings: Settings) -> None:
        settings.set(TEMPLATE_KEY, self.template_edit.text())
        settings.set(PROMPT_KEY, "ensemble" if self.ensemble_radio.isChecked() else "template")
