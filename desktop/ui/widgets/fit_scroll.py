"""A scroll area for a whole panel: the panel fills the window, and scrolls only when the window is
smaller than the panel's minimum size, so nothing overlaps."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QScrollArea, QVBoxLayout, QWidget


class FitScrollArea(QScrollArea):
    """Fills its viewport with its widget, and scrolls only when the viewport is smaller than the
    widget's minimum size. (``setWidgetResizable`` asks for the widget's preferred height as soon as a
    word-wrapped label is inside, so it would scroll well before anything needs to.)"""

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self._fit)  # after the layout has taken in the change
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        widget = self.widget()
        if widget is None:
            return
        layout = widget.layout()
        room = self.maximumViewportSize()  # the viewport without scroll bars
        width, height = room.width(), room.height()
        for _ in range(2):  # a scroll bar in one direction takes room from the other
            need = widget.minimumSizeHint()
            width = max(width, need.width())
            if layout is not None and layout.hasHeightForWidth():  # word-wrapped text: more lines when narrow
                need.setHeight(max(need.height(), layout.totalMinimumHeightForWidth(width)))
            if need.width() > room.width():
                height = room.height() - self.horizontalScrollBar().sizeHint().height()
            if need.height() > height:
                width = max(room.width() - self.verticalScrollBar().sizeHint().width(), need.width())
        widget.resize(width, max(height, need.height()))


def fit_scroll(page: QWidget) -> FitScrollArea:
    """``page`` in a frameless FitScrollArea."""
    area = FitScrollArea()
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(page)
    return area


def scrolling_page(panel: QWidget) -> QVBoxLayout:
    """Give ``panel`` one page that scrolls below its minimum size (rather than holding the window
    wide), and return the page's layout for the panel to fill."""
    page = QWidget()
    outer = QVBoxLayout(panel)
    outer.setContentsMargins(0, 0, 0, 0)
    outer.addWidget(fit_scroll(page))
    return QVBoxLayout(page)
