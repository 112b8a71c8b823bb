"""The app's one error dialog: a plain message, the details folded away, and "Copy details".

The title and message come translated from whoever reports (``desktop.i18n.error_text`` for core
errors); the details are technical and stay as they are. The dialog's own buttons follow a language
switch at once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.language import on_language_change


class ErrorDialog(QDialog):
    def __init__(self, title: str, message: str, details: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.full_text = f"{title}\n\n{message}\n\n{details}".strip()
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(40, 40))
        top.addWidget(icon, 0)
        text = QVBoxLayout()
        # Messages quote file names and model metadata: plain text, so a name with tags never renders.
        heading = QLabel(title)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.message = QLabel(message)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        text.addWidget(heading)
        text.addWidget(self.message)
        top.addLayout(text, 1)
        layout.addLayout(top)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        self.details.setVisible(False)
        self.details.setMinimumHeight(180)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.toggle = QPushButton()
        self.toggle.setEnabled(bool(details))
        self.toggle.clicked.connect(self._toggle_details)
        self.copy = QPushButton()
        self.copy.clicked.connect(self.copy_details)
        buttons.addButton(self.toggle, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        self.copy.setText(self.tr("Copy details"))
        self._set_toggle_text()

    def _set_toggle_text(self) -> None:
        self.toggle.setText(self.tr("Hide details") if not self.details.isHidden() else self.tr("Show details"))

    def _toggle_details(self) -> None:
        show = not self.details.isVisible()
        self.details.setVisible(show)
        self._set_toggle_text()
        self.adjustSize()

    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.full_text)
