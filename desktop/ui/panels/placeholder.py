"""A panel that a later release fills: it says what it will do, never a blank page."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.messages import QT_TRANSLATE_NOOP

CONTEXT = "PlaceholderPanel"  # PLANNED's texts are marked under this context and translated when shown


class PlaceholderPanel(QWidget):
    def __init__(self, title: str, summary: str, points: list[str], parent: QWidget | None = None) -> None:
        """``summary`` and ``points`` in English (marked with QT_TRANSLATE_NOOP under ``CONTEXT``); they are
        shown translated. A restart applies a language switch here."""
        super().__init__(parent)
        summary = QCoreApplication.translate(CONTEXT, summary)
        points = [QCoreApplication.translate(CONTEXT, p) for p in points]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        text = QLabel(summary)
        text.setWordWrap(True)
        layout.addWidget(text)
        bullets = "".join(f"<li style='margin-bottom:6px'>{p}</li>" for p in points)
        items = QLabel(self.tr("<p><b>Coming in the next release:</b></p><ul>{bullets}</ul>").format(bullets=bullets))
        items.setWordWrap(True)
        items.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(items)
        layout.addStretch(1)


PLANNED: dict[str, tuple[str, list[str]]] = {
    "Automation": (
        QT_TRANSLATE_NOOP("PlaceholderPanel", "An AI workflow at rising autonomy: crawl, walk, run."),
        [
            QT_TRANSLATE_NOOP("PlaceholderPanel", "Crawl: a person approves every action"),
            QT_TRANSLATE_NOOP(
                "PlaceholderPanel", "Walk: the AI acts on internal, low-risk steps and asks for the rest"
            ),
            QT_TRANSLATE_NOOP(
                "PlaceholderPanel", "Run: it acts alone inside guardrails, with every action in an audit log"
            ),
        ],
    ),
}
