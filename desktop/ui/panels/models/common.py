"""What the Models panel's areas share: labels and tooltips for text that may come from a model file."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

ERROR_STYLE = "color: #c0392b;"


def plain_label(text: str = "") -> QLabel:
    """A label for text that may come from a model file: shown as typed, never as HTML."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is (Qt renders tooltips that look like HTML as HTML)."""
    return f"<qt>{html.escape(text)}</qt>" if text else ""
