"""Generated text as tokens tinted by probability; hover shows a token's top alternatives."""

from __future__ import annotations

import bisect
import html
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget


def probability_color(p: float) -> QColor:
    """Red (unlikely) through yellow to green (likely), translucent so it reads in light and dark."""
    p = min(max(p, 0.0), 1.0)
    return QColor.fromHsv(int(120 * p), 200, 235, 120)


def alternatives_html(token: dict[str, Any]) -> str:
    rows = []
    chosen = token.get("token")
    for tid, text, p in token.get("alts") or []:
        mark = "<b>" if tid == chosen else ""
        end = "</b>" if tid == chosen else ""
        shown = html.escape(repr(text)[1:-1]) or "&nbsp;"
        rows.append(f"<tr><td>{mark}{shown}{end}</td><td align='right'>{mark}{p:.1%}{end}</td></tr>")
    head = f"<b>{html.escape(repr(token.get('text', ''))[1:-1])}</b> — p = {token.get('p', 0):.1%}"
    return f"{head}<table cellspacing='4'>{''.join(rows)}</table>"


class TokenTextView(QTextBrowser):
    tokenClicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setMouseTracking(True)
        self.setUndoRedoEnabled(False)
        self.tokens: list[dict[str, Any]] = []
        self._starts: list[int] = []  # document positions (UTF-16 units, as Qt counts) of each token
        self._ends: list[int] = []
        self._plain = QTextCharFormat()
        self._muted = QTextCharFormat()
        self._muted.setForeground(self.palette().placeholderText())
        self.show_probabilities = True
        self._batch: QTextCursor | None = None  # open edit block for the tokens of one delivery

    def start(self, prefix: str = "", muted: bool = True) -> None:
        """Clear, then show ``prefix`` (the prompt) in a muted colour before the generated tokens."""
        self._end_batch()
        self.clear()
        self.tokens = []
        self._starts = []
        self._ends = []
        if prefix:
            self._insert(prefix, self._muted if muted else self._plain)

    def _insert(self, text: str, fmt: QTextCharFormat) -> tuple[int, int]:
        cursor = self._batch or self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        start = cursor.position()
        cursor.insertText(text, fmt)
        return start, cursor.position()

    def add_note(self, text: str) -> None:
        self._insert(text, self._muted)

    def _begin_batch(self) -> None:
        """Tokens come in bursts (the model service delivers what arrived since the last repaint, one
        ``token`` signal each). Inserting them in one edit block lays the text out once per burst instead
        of once per token, about a third of the GUI's time per token; the block ends when control returns
        to the event loop."""
        if self._batch is None:
            self._batch = self.textCursor()
            self._batch.movePosition(QTextCursor.MoveOperation.End)
            self._batch.beginEditBlock()
            QTimer.singleShot(0, self._end_batch)

    def _end_batch(self) -> None:
        if self._batch is not None:
            batch, self._batch = self._batch, None
            batch.endEditBlock()
            self.ensureCursorVisible()

    def append_token(self, token: dict[str, Any]) -> None:
        self._begin_batch()
        fmt = QTextCharFormat()
        if self.show_probabilities:
            fmt.setBackground(probability_color(float(token.get("p", 0.0))))
        start, end = self._insert(str(token.get("text", "")), fmt)
        self.tokens.append(token)
        self._starts.append(start)
        self._ends.append(end)

    def set_tokens(self, prefix: str, tokens: list[dict[str, Any]]) -> None:
        self.setUpdatesEnabled(False)
        try:
            self.start(prefix)
            for t in tokens:
                self.append_token(t)
            self._end_batch()
        finally:
            self.setUpdatesEnabled(True)

    def token_at(self, pos: QPoint) -> int | None:
        if not self._starts:
            return None
        position = self.cursorForPosition(pos).position()
        i = bisect.bisect_right(self._starts, position) - 1
        if i < 0:
            return None
        return i if position <= self._ends[i] else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self.token_at(event.position().toPoint())
        if i is not None:
            QToolTip.showText(event.globalPosition().toPoint(), alternatives_html(self.tokens[i]), self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            i = self.token_at(event.position().toPoint())
            if i is not None:
                self.tokenClicked.emit(i)
        super().mouseReleaseEvent(event)
