"""The status line under the buttons, across the panel: the latest news (red for a problem), how many
pictures are in, and a run's progress. Always in sight, whatever the right column scrolls to. The news keeps
the language it was written in; the rest follows a language change."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from desktop.ui.panels.vision.common import ERROR_COLOUR, coloured, counts, translate


class StatusLine(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel("")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)  # its own markup only: every text is escaped (say)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        # Two lines are kept for it, so a message never re-lays out the panel (a longer one grows it).
        self.text.setMinimumHeight(2 * self.text.fontMetrics().lineSpacing() + 4)
        self.text.setMinimumWidth(200)
        row.addWidget(self.text, 1)
        self.count = QLabel("")
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.count)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(200)
        keep = self.progress.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # showing it must not re-lay out (and repaint) the panel
        self.progress.setSizePolicy(keep)
        self.progress.setVisible(False)
        row.addWidget(self.progress)
        self._pictures = 0

    def say(self, text: str, error: bool = False) -> None:
        """Plain text (red for a problem)."""
        self.text.setText(coloured(text, ERROR_COLOUR) if error else html.escape(text))

    def set_pictures(self, count: int) -> None:
        self._pictures = count
        self.count.setText(counts().pictures(count) if count else "")

    def show_progress(self, done: int, total: int) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(
            translate("VisionPanel", "{done:,} / {total:,} pictures").format(done=done, total=total)
        )

    def hide_progress(self) -> None:
        self.progress.setVisible(False)

    def retranslate(self) -> None:
        widest = counts().pictures(10000)
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance(widest) + 8)
        self.set_pictures(self._pictures)
