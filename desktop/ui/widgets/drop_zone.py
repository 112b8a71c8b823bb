"""A surface that takes dropped files, folders and picture data, and shows that it does: a dashed frame
that lights up while something is dragged over it. Put any content inside (its ``content_layout``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QDragEnterEvent,
    QDragLeaveEvent,
    QDragMoveEvent,
    QDropEvent,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget


def _local_paths(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> list[Path]:
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile() and url.toLocalFile()]


class DropZone(QFrame):
    pathsDropped = Signal(object)  # list[Path]: files and folders
    imageDropped = Signal(object)  # QImage: picture data without a file (from a browser, a screenshot tool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setObjectName("dropZone")
        self._hover = False
        self.content_layout = QVBoxLayout(self)
        self.content_layout.setContentsMargins(6, 6, 6, 6)

    @property
    def hovering(self) -> bool:
        return self._hover

    def _acceptable(self, event: QDragEnterEvent | QDragMoveEvent) -> bool:
        mime = event.mimeData()
        return mime is not None and (bool(_local_paths(event)) or mime.hasImage())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._acceptable(event):
            event.acceptProposedAction()
            self._set_hover(True)
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self._acceptable(event):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_hover(False)
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self._set_hover(False)
        paths = _local_paths(event)
        mime = event.mimeData()
        if paths:
            event.acceptProposedAction()
            self.pathsDropped.emit(paths)
        elif mime is not None and mime.hasImage():
            image = QImage(mime.imageData())
            if not image.isNull():
                event.acceptProposedAction()
                self.imageDropped.emit(image)
                return
            event.ignore()
        else:
            event.ignore()

    def _set_hover(self, on: bool) -> None:
        if on != self._hover:
            self._hover = on
            self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        rect = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        if self._hover:
            fill = QColor(accent)
            fill.setAlpha(28)
            painter.setBrush(fill)
            pen = QPen(accent, 2.0, Qt.PenStyle.DashLine)
        else:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            pen = QPen(self.palette().color(QPalette.ColorRole.Mid), 1.2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, 8, 8)
        painter.end()
