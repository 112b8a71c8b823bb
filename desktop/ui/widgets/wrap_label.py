"""A word-wrapped label that keeps room for all its lines. Splitters, scroll areas and form rows give a
label at least its minimum size, and QLabel's counts a single line, so a label that wrapped to two lines
could be drawn cut in half (issue 23, 6). This one's minimum height is what its text needs at its width."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget


class WrapLabel(QLabel):
    def __init__(self, text: str = "", parent: QWidget | None = None, plain: bool = True) -> None:
        super().__init__(parent)
        if plain:  # the default: text that may not be ours is never read as markup
            self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setText(text)

    def _tall_enough(self, hint: QSize) -> QSize:
        if self.text() and self.width() > 0:
            hint.setHeight(max(hint.height(), self.heightForWidth(self.width())))
        return hint

    def minimumSizeHint(self) -> QSize:
        return self._tall_enough(super().minimumSizeHint())

    def sizeHint(self) -> QSize:
        return self._tall_enough(super().sizeHint())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            # A new width may need another number of lines. Asked later: the resize comes from inside the
            # layout's own pass, which drops a request made during it.
            QTimer.singleShot(0, self, self.updateGeometry)
