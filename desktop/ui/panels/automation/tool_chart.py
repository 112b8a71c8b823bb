"""p(tool): the probability the model gave each candidate tool at a step's choice, as bars. Every tool name is
drawn whole: the name column is as wide as the longest name, and the widget asks for that much room."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

MIN_BAR = 60  # pixels a bar may shrink to


class ToolBars(QWidget):
    ROW = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, float, bool]] = []  # (tool, p, chosen)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_items(self, items: list[tuple[str, float, bool]]) -> None:
        self.items = list(items)
        self.updateGeometry()
        self.update()

    def _bold(self) -> QFont:
        font = QFont(self.font())
        font.setBold(True)
        return font

    def name_width(self) -> int:
        """The width of the longest name, bold (the chosen one is drawn bold), with a margin."""
        metrics = QFontMetrics(self._bold())
        return max((metrics.horizontalAdvance(name) for name, _, _ in self.items), default=0) + 12

    def _percent_width(self) -> int:
        return QFontMetrics(self._bold()).horizontalAdvance("100.0%") + 8

    def minimumSizeHint(self) -> QSize:
        return QSize(self.name_width() + MIN_BAR + self._percent_width(), self.ROW * len(self.items))

    def sizeHint(self) -> QSize:
        return QSize(self.name_width() + 200 + self._percent_width(), self.ROW * len(self.items))

    def clipped_texts(self) -> list[str]:
        """Names the bars would draw cut at the widget's present width (the layout test asks)."""
        if self.width() >= self.name_width() + self._percent_width() + 1:
            return []
        return [name for name, _, _ in self.items]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().text().color())
        name_w = self.name_width()
        pct_w = self._percent_width()
        bar_w = max(self.width() - name_w - pct_w, 1)
        for i, (name, p, chosen) in enumerate(self.items):
            y = i * self.ROW
            painter.setFont(self._bold() if chosen else self.font())
            painter.drawText(QRectF(2, y, name_w - 4, self.ROW), Qt.AlignmentFlag.AlignVCenter, name)
            color = QColor("#27ae60") if chosen else QColor("#95a5a6")
            painter.fillRect(QRectF(name_w, y + 4, max(bar_w * p, 1), self.ROW - 8), color)
            painter.drawText(
                QRectF(name_w + bar_w + 4, y, pct_w - 4, self.ROW), Qt.AlignmentFlag.AlignVCenter, f"{p:.1%}"
            )
        painter.end()
