"""The selected model's metadata, read from its file header before anything is loaded; or why the file
cannot be read. Every value that comes from the file is shown as plain text."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from desktop.core.catalog import CatalogEntry, ModelInfo
from desktop.i18n import error_text
from desktop.ui.panels.models.common import ERROR_STYLE, plain_label, plain_tooltip
from desktop.ui.widgets.wrap_label import WrapLabel

translate = QCoreApplication.translate  # lupdate finds translate("ModelsPanel", "...") by this name


def info_rows(info: ModelInfo) -> list[tuple[str, str]]:
    """(label, value) for the Details box; the last row is the file's path."""
    unknown = translate("ModelsPanel", "not stated")

    def tokens(value: int | None, trained: bool = False) -> str:
        if value is None:
            return unknown
        text = (
            translate("ModelsPanel", "{n:,} tokens (trained)") if trained else translate("ModelsPanel", "{n:,} tokens")
        )
        return text.format(n=value)

    if info.n_layers:
        layers = translate("ModelsPanel", "{layers} (llama.cpp counts one more, the output layer: {all})").format(
            layers=info.n_layers, all=info.n_layers + 1
        )
    else:
        layers = unknown
    if info.has_chat_template:
        template = translate("ModelsPanel", "yes")
    else:
        template = translate("ModelsPanel", "no (a base model: use raw completion)")
    return [
        (translate("ModelsPanel", "Name"), info.name),
        (translate("ModelsPanel", "Architecture"), info.architecture),
        (translate("ModelsPanel", "Parameters"), f"{info.parameters_text} ({info.parameters:,})"),
        (translate("ModelsPanel", "Quantization"), info.quantization),
        (translate("ModelsPanel", "Context length"), tokens(info.context_length, trained=True)),
        (translate("ModelsPanel", "Vocabulary"), tokens(info.vocab_size)),
        (translate("ModelsPanel", "Layers"), layers),
        (translate("ModelsPanel", "Chat template"), template),
        (translate("ModelsPanel", "File size"), info.size_text),
        (translate("ModelsPanel", "License"), info.license or unknown),
        (translate("ModelsPanel", "File"), str(info.path)),
    ]


class DetailsBox(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.box = QGroupBox()
        self.details = QFormLayout(self.box)
        self.details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.details_error = plain_label("")
        self.details_error.setWordWrap(True)
        self.details_error.setStyleSheet(ERROR_STYLE)
        layout.addWidget(self.box)
        layout.addWidget(self.details_error)
        self._entry: CatalogEntry | None = None

    def show_entry(self, entry: CatalogEntry | None) -> None:
        self._entry = entry
        while self.details.rowCount():
            self.details.removeRow(0)
        self.details_error.setText("")
        self.details_error.setVisible(False)
        if entry is None:
            hint = plain_label(translate("ModelsPanel", "Add a .gguf model, or drop one onto the window."))
            hint.setWordWrap(True)
            self.details.addRow(hint)
            return
        if entry.info is None:
            self.details.addRow(translate("ModelsPanel", "File"), plain_label(entry.path.name))
            reason = error_text(entry.error) if entry.error else translate("ModelsPanel", "This file cannot be read.")
            self.details_error.setText(reason)
            self.details_error.setVisible(True)
            return
        for label, value in info_rows(entry.info):
            if value == str(entry.info.path):  # a path has no spaces to wrap at: a read-only line that scrolls
                field = QLineEdit(value)
                field.setReadOnly(True)
                field.setFrame(False)
                field.setCursorPosition(0)
                field.setToolTip(plain_tooltip(value))
                field.setStyleSheet("background: transparent;")
                self.details.addRow(label, field)
                continue
            text = WrapLabel(value)  # names and licenses come from the file: plain text, never HTML
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(label, text)

    def retranslate(self) -> None:
        self.box.setTitle(translate("ModelsPanel", "Details"))
        self.show_entry(self._entry)
