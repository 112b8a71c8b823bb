"""Every local encoding on the same text: tokens, characters and words per token, vocabulary, and a bar
chart of the token counts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.core.tokenizers import TIKTOKEN_LABELS, WORDS_PER_TOKEN_RULE, TokenStats
from desktop.ui.panels.tokenizer.summary import vocabulary_text
from desktop.ui.widgets.token_view import PALETTE

translate = QCoreApplication.translate  # lupdate finds translate("TokenizerPanel", "...") by this name
COLUMNS = ("Encoding", "Tokens", "Characters / token", "Words / token", "Vocabulary")


class BarChart(QWidget):
    """Horizontal bars: one per encoding, its token count written at the end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, int | None]] = []
        self.setMinimumHeight(120)

    def set_bars(self, bars: list[tuple[str, int | None]]) -> None:
        self._bars = bars
        self.setMinimumHeight(24 + 28 * max(len(bars), 1))
        self.update()

    def bars(self) -> list[tuple[str, int | None]]:
        return list(self._bars)

    def _label_width(self) -> int:
        return min(max(self.fontMetrics().horizontalAdvance(name) for name, _ in self._bars) + 12, self.width() // 2)

    def clipped_texts(self) -> list[str]:
        """Encoding names the chart elides at its present width (the layout test asks)."""
        if not self._bars:
            return []
        room = self._label_width() - 8
        return [name for name, _ in self._bars if self.fontMetrics().horizontalAdvance(name) > room]

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        if not self._bars:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Type some text to compare encodings."))
            return
        label_w = self._label_width()
        top = 12
        row_h = 28
        most = max((v for _, v in self._bars if v), default=1)
        count_w = fm.horizontalAdvance(f"{most:,}") + 12
        span_w = max(self.width() - label_w - count_w - 16, 10)
        for i, (name, value) in enumerate(self._bars):
            y = top + i * row_h
            p.setPen(self.palette().windowText().color())
            text_rect = QRectF(0, y, label_w - 8, row_h - 6)
            elided = fm.elidedText(name, Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided)
            if value is None:
                p.drawText(QRectF(label_w, y, span_w, row_h - 6), Qt.AlignmentFlag.AlignVCenter, "…")
                continue
            w = span_w * value / most if most else 0
            p.setPen(Qt.PenStyle.NoPen)
            colour = QColor(PALETTE[i % len(PALETTE)]).darker(125)
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(label_w, y + 2, max(w, 2), row_h - 10), 3, 3)
            p.setPen(self.palette().windowText().color())
            p.drawText(
                QRectF(label_w + w + 6, y, count_w, row_h - 6),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{value:,}",
            )


class CompareTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.compare_table = QTableWidget(0, len(COLUMNS))
        self.compare_table.verticalHeader().setVisible(False)
        self.compare_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.compare_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.compare_table, 1)
        self.chart = BarChart()
        layout.addWidget(self.chart)
        self.compare_note = QLabel()
        self.compare_note.setWordWrap(True)
        layout.addWidget(self.compare_note)

    def show_stats(
        self, keys: list[str], names: dict[str, str], stats: dict[str, TokenStats], errors: dict[str, str]
    ) -> None:
        """One row per encoding key: its counts, "…" while they come, or "cannot read" with the reason."""
        table = self.compare_table
        table.setRowCount(len(keys))
        bars: list[tuple[str, int | None]] = []
        for row, key in enumerate(keys):
            s = stats.get(key)
            error = errors.get(key)
            name = TIKTOKEN_LABELS.get(key) or translate("TokenizerPanel", "{name} (GGUF)").format(name=names[key])
            if s is not None:
                cells = [name, f"{s.tokens:,}", f"{s.chars_per_token:.2f}", f"{s.words_per_token:.2f}"]
                cells.append(f"{s.vocab_size:,}")
            else:
                cells = [name, translate("TokenizerPanel", "cannot read") if error else "…", "", "", ""]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if error:
                    item.setToolTip(error)
                    item.setForeground(QColor("#c0392b"))
                elif col == 4 and s is not None and s.vocab_parts is not None:
                    item.setToolTip(vocabulary_text(s.vocab_size, s.vocab_parts))
                table.setItem(row, col, item)
            if not error:
                bars.append((name, s.tokens if s is not None else None))
        self.chart.set_bars(bars)

    def retranslate(self) -> None:
        self.compare_table.setHorizontalHeaderLabels(
            (
                translate("TokenizerPanel", "Encoding"),
                translate("TokenizerPanel", "Tokens"),
                translate("TokenizerPanel", "Characters / token"),
                translate("TokenizerPanel", "Words / token"),
                translate("TokenizerPanel", "Vocabulary"),
            )
        )
        self.compare_note.setText(
            translate(
                "TokenizerPanel",
                "Rule of thumb: English text averages about {words} words per token. "
                "Fewer characters per token means the same text costs more tokens: more money, more time, "
                "and less of it fits in the model's context.",
            ).format(words=WORDS_PER_TOKEN_RULE)
        )
        self.chart.update()
