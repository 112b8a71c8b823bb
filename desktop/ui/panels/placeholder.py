"""A panel that a later release fills: it says what it will do, never a blank page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPanel(QWidget):
    def __init__(self, title: str, summary: str, points: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
        items = QLabel(f"<p><b>Coming in the next release:</b></p><ul>{bullets}</ul>")
        items.setWordWrap(True)
        items.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(items)
        layout.addStretch(1)


PLANNED: dict[str, tuple[str, list[str]]] = {
    "Automation": (
        "An AI workflow at rising autonomy: crawl, walk, run.",
        [
            "Crawl: a person approves every action",
            "Walk: the AI acts on internal, low-risk steps and asks for the rest",
            "Run: it acts alone inside guardrails, with every action in an audit log",
        ],
    ),
}
