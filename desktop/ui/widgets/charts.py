"""Small QPainter charts: per-token latency bars and a token's alternatives as probability bars."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.i18n import format_number
from desktop.ui.language import on_language_change


class LatencyChart(QWidget):
    """One bar per generated token: its latency in ms. The first bar (TTFT) is drawn in another colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values_ms: list[float] = []
        self.setMinimumHeight(110)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        on_language_change(self, self.update)  # its words are drawn in paintEvent

    def sizeHint(self) -> QSize:
        return QSize(300, 120)

    def set_values(self, values_ms: list[float]) -> None:
        self.values_ms = list(values_ms)
        self.update()

    def add(self, value_ms: float) -> None:
        self.values_ms.append(value_ms)
        self.update()

    def caption(self) -> str:
        values = self.values_ms
        if not values:
            return self.tr("Per-token latency appears here")
        later = values[1:] or values
        # The first bar (time to first token, prompt included) is drawn apart; "max" names the rest's.
        return self.tr("Per-token latency, ms (first token {first} ms; the rest at most {max})").format(
            max=format_number(max(later), 1), first=format_number(values[0], 0)
        )

    def clipped_texts(self) -> list[str]:
        """The caption, when it is wider than the chart (the layout test asks)."""
        caption = self.caption()
        return [caption] if self.fontMetrics().horizontalAdvance(caption) > self.width() - 4 else []

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pal = self.palette()
        rect = QRectF(self.rect()).adjusted(4, 16, -4, -4)
        painter.setPen(pal.text().color())
        values = self.values_ms
        if not values:
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.caption())
            return
        later = values[1:] or values
        top = max(later) * 1.15 or 1.0
        painter.drawText(4, 12, self.caption())
        n = len(values)
        width = rect.width() / max(n, 1)
        for i, v in enumerate(values):
            h = min(v / top, 1.0) * rect.height()
            color = QColor("#e67e22") if i == 0 else QColor("#3498db")
            painter.fillRect(QRectF(rect.left() + i * width, rect.bottom() - h, max(width - 1, 1), h), color)


class AlternativesBars(QWidget):
    """A token's top alternatives: text, a bar, the probability; the chosen one is highlighted."""

    ROW = 22

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[tuple[str, float, bool]] = []
        self.title: str | None = None  # None: the default hint, translated when painted
        on_language_change(self, self.update)

    def set_items(self, title: str | None, items: list[tuple[str, float, bool]]) -> None:
        """``title``: already translated by the caller; None shows the default hint."""
        self.title = title
        self.items = items
        self.setMinimumHeight(self.ROW * (len(items) + 1) + 8)
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(300, self.ROW * (len(self.items) + 1) + 8)

    def default_title(self) -> str:
        return self.tr("Click a generated token to see the alternatives the model weighed.")

    def _label_width(self) -> float:
        return min(140.0, self.width() * 0.35)

    def clipped_texts(self) -> list[str]:
        """The title and the alternatives drawn cut at the present width (the layout test asks)."""
        metrics = self.fontMetrics()
        title = self.title if self.title is not None else self.default_title()
        cut = [title] if metrics.horizontalAdvance(title) > self.width() - 8 else []
        bold = QFont(self.font())
        bold.setBold(True)
        for text, _, chosen in self.items:
            need = (QFontMetrics(bold) if chosen else metrics).horizontalAdvance(text)
            if need > self._label_width() - 8:
                cut.append(text)
        return cut

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        pal = self.palette()
        painter.setPen(pal.text().color())
        title = self.title if self.title is not None else self.default_title()
        painter.drawText(QRectF(4, 0, self.width() - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter, title)
        label_w = self._label_width()
        bar_w = self.width() - label_w - 70
        for i, (text, p, chosen) in enumerate(self.items):
            y = (i + 1) * self.ROW
            font = painter.font()
            font.setBold(chosen)
            painter.setFont(font)
            painter.drawText(QRectF(4, y, label_w - 8, self.ROW), Qt.AlignmentFlag.AlignVCenter, text)
            color = QColor("#27ae60") if chosen else QColor("#95a5a6")
            painter.fillRect(QRectF(label_w, y + 4, max(bar_w * p, 1), self.ROW - 8), color)
            painter.drawText(QRectF(label_w + bar_w + 4, y, 62, self.ROW), Qt.AlignmentFlag.AlignVCenter, f"{p:.1%}")
