"""Generated text as tokens tinted by probability; hover shows a token's top alternatives, a click picks it.

Built so that no stream can flood it (a view that re-lays out its document for every token froze the
window under a fast or huge stream):
- appending a token costs the same however much is shown: the text goes in at the end, inside one edit
  block per frame, and the document is cut into paragraphs of at most ``block_chars`` characters, so that
  Qt lays out only the last, short one again;
- at most ``frame_chars`` characters are laid out per frame; the rest wait for the next frame;
- at most ``max_shown_chars`` characters are shown. Every token is kept (:attr:`TokenTextView.tokens`, and
  the run saved from it); a note at the end says how much is shown.
A paragraph longer than ``block_chars`` is shown with a line break at a token boundary (after a space
where one comes soon), which the whole text, kept and saved, does not have.
"""

from __future__ import annotations

import bisect
import html
from collections import deque
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

from desktop.i18n import format_int


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
    head = f"<b>{html.escape(repr(token.get('text', ''))[1:-1])}</b> — p = {token.get('p') or 0:.1%}"
    return f"{head}<table cellspacing='4'>{''.join(rows)}</table>"


class TokenTextView(QTextBrowser):
    """``tokens`` holds every token appended since :meth:`start`; the first ``shown_tokens`` of them (and
    the start of the next, at the cap) are in the document, at ``_starts``/``_ends``."""

    tokenClicked = Signal(int)

    max_shown_chars = 200_000
    frame_chars = 4_096
    block_chars = 4_000
    max_prefix_chars = 20_000
    frame_ms = 16

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setMouseTracking(True)
        self.setUndoRedoEnabled(False)
        self.tokens: list[dict[str, Any]] = []
        self._starts: list[int] = []  # document positions (UTF-16 units, as Qt counts) of shown tokens
        self._ends: list[int] = []
        self._plain = QTextCharFormat()
        self._muted = QTextCharFormat()
        self._muted.setForeground(self.palette().placeholderText())
        self._tints: dict[int, QTextCharFormat] = {}  # probability in percent -> its format
        self.show_probabilities = True
        self._batch: QTextCursor | None = None  # open edit block for what one frame adds
        self._pending: deque[tuple[int, QTextCharFormat] | tuple[str, QTextCharFormat]] = deque()
        self._offset = 0  # characters of the first pending token already shown (a token split over frames)
        self._frame_used = 0  # characters put in since the last layout
        self._block_len = 0  # characters in the document's last paragraph
        self._shown_chars = 0  # characters of generated text in the document
        self._total_chars = 0  # characters of every token appended
        self._capped = False
        self._note_at = -1  # where the "showing the first …" note starts, once there is one
        self._note_counts = (0, 0)  # (tokens, characters) the note says
        self._next_frame = QTimer(self)
        self._next_frame.setSingleShot(True)
        self._next_frame.timeout.connect(self._continue)

    def paintEvent(self, event: QPaintEvent) -> None:
        # QTextEdit draws its placeholder in the empty document's one line, so a long one was cut after a
        # few words: draw it wrapped over the whole view instead.
        if not self.document().isEmpty() or not self.placeholderText():
            super().paintEvent(event)
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().placeholderText().color())
        margin = round(self.document().documentMargin())
        room = self.viewport().rect().adjusted(margin, margin, -margin, -margin)
        painter.drawText(room, Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap, self.placeholderText())
        painter.end()

    # -- what is shown -----------------------------------------------------------------------------
    @property
    def shown_tokens(self) -> int:
        """How many tokens are (wholly or, at the cap, partly) in the document."""
        return len(self._starts)

    @property
    def shown_chars(self) -> int:
        return self._shown_chars

    @property
    def total_chars(self) -> int:
        return self._total_chars

    @property
    def capped(self) -> bool:
        """Whether some of the text is not shown (the note at the end says how much is)."""
        return self._capped

    def start(self, prefix: str = "", muted: bool = True) -> None:
        """Clear, then show ``prefix`` (the prompt; its end, if very long) in a muted colour before the
        generated tokens."""
        self._end_batch()
        self._next_frame.stop()
        self.clear()
        self.tokens = []
        self._starts = []
        self._ends = []
        self._pending.clear()
        self._offset = self._frame_used = self._block_len = self._shown_chars = self._total_chars = 0
        self._capped = False
        self._note_at = -1
        self._note_counts = (0, 0)
        if prefix:
            if len(prefix) > self.max_prefix_chars:
                prefix = "…" + prefix[-self.max_prefix_chars :]
            self._put(prefix, self._muted if muted else self._plain)
            self._end_batch()

    def _format(self, token: dict[str, Any]) -> QTextCharFormat:
        p = token.get("p")
        if not self.show_probabilities or p is None:
            return self._plain
        percent = round(min(max(float(p), 0.0), 1.0) * 100)
        fmt = self._tints.get(percent)
        if fmt is None:
            fmt = self._tints[percent] = QTextCharFormat()
            fmt.setBackground(probability_color(percent / 100))
        return fmt

    # -- appending ---------------------------------------------------------------------------------
    def append_token(self, token: dict[str, Any]) -> None:
        """Add a token at the end: shown now if this frame has room, else at the next frame, and only
        counted once the cap is reached. Its tint is decided now (``show_probabilities`` at this moment)."""
        self.tokens.append(token)
        self._total_chars += len(str(token.get("text", "")))
        if self._capped:
            self._schedule()  # the note's counts
            return
        text = str(token.get("text", ""))
        n = len(text)
        if (
            not self._pending
            and self._frame_used + n <= self.frame_chars
            and self._shown_chars + n <= self.max_shown_chars
            and self._block_len + n < self.block_chars
            and "\n" not in text
            and "\r" not in text
        ):  # the usual case, kept short: a short token that fits this frame and this paragraph
            cursor = self._cursor()  # always at the end: text only ever goes in there
            start = cursor.position()
            cursor.insertText(text, self._format(token))
            self._starts.append(start)
            self._ends.append(cursor.position())
            self._frame_used += n
            self._block_len += n
            self._shown_chars += n
            return
        self._pending.append((len(self.tokens) - 1, self._format(token)))
        self._drain()

    def add_note(self, text: str) -> None:
        """Muted text after the tokens appended so far (not a token)."""
        if not self._capped:
            self._pending.append((text, self._muted))
            self._drain()

    def set_tokens(self, prefix: str, tokens: list[dict[str, Any]]) -> None:
        """Show ``prefix`` and ``tokens`` afresh (the first frame's worth now, the rest over the next frames)."""
        self.start(prefix)
        for t in tokens:
            self.append_token(t)

    def flush(self) -> None:
        """Put everything waiting into the document now (up to the cap), whatever it costs."""
        while self._pending and not self._capped:
            self._frame_used = 0
            self._drain()
        self._end_batch()

    def _drain(self) -> None:
        """Put waiting tokens in while this frame has room; the rest wait for the next frame."""
        while self._pending and not self._capped:
            room = self.frame_chars - self._frame_used
            if room <= 0:
                self._schedule()
                return
            item, fmt = self._pending[0]
            if isinstance(item, str):
                self._pending.popleft()
                self._put(item, fmt)
                continue
            text = str(self.tokens[item].get("text", ""))
            left = self.max_shown_chars - self._shown_chars
            if left <= 0 and text:
                self._cap()
                return
            part = text[self._offset : self._offset + min(room, left)]
            if self._offset == 0:
                start = self._put(part, fmt, token_start=True)
                self._starts.append(start)
                self._ends.append(start)
            elif part:
                self._put(part, fmt)
            self._ends[-1] = self._cursor().position()
            self._shown_chars += len(part)
            self._offset += len(part)
            if self._offset >= len(text):
                self._pending.popleft()
                self._offset = 0
            elif self._shown_chars >= self.max_shown_chars:
                self._cap()

    def _cap(self) -> None:
        """The shown text is full: the rest is only counted, and the note says so."""
        self._capped = True
        self._pending.clear()
        self._offset = 0
        self._schedule()

    def _cursor(self) -> QTextCursor:
        if self._batch is None:
            self._batch = self.textCursor()
            self._batch.movePosition(QTextCursor.MoveOperation.End)
            self._batch.beginEditBlock()
            QTimer.singleShot(0, self._end_batch)
        return self._batch

    def _put(self, text: str, fmt: QTextCharFormat, token_start: bool = False) -> int:
        """Insert ``text`` at the end, starting a new paragraph where the last one is long; returns the
        position the text starts at (after any paragraph break made for it)."""
        cursor = self._cursor()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        long_block = self._block_len >= self.block_chars
        if token_start and long_block and (text[:1].isspace() or self._block_len >= self.block_chars * 3 // 2):
            cursor.insertBlock()
            self._block_len = 0
        start = cursor.position()
        while text:
            if self._block_len >= self.block_chars * 3 // 2:
                cursor.insertBlock()  # one long run without line breaks: cut it, or each layout grows
                self._block_len = 0
            piece = text[: self.block_chars * 3 // 2 - self._block_len]
            text = text[len(piece) :]
            cursor.insertText(piece, fmt)
            self._frame_used += len(piece)
            line_break = max(piece.rfind("\n"), piece.rfind("\r"), piece.rfind("\u2029"))
            self._block_len = len(piece) - line_break - 1 if line_break >= 0 else self._block_len + len(piece)
        return start

    def _end_batch(self) -> None:
        """The end of a frame: the frame's text is laid out once, here; anything still waiting, or the
        note's counts, follow at the next frame."""
        if self._batch is not None:
            batch, self._batch = self._batch, None
            batch.endEditBlock()
            self.ensureCursorVisible()
        self._frame_used = 0
        if (self._pending and not self._capped) or (self._capped and self._note_counts != self._counts()):
            self._schedule()

    def _counts(self) -> tuple[int, int]:
        return len(self.tokens), self._total_chars

    def _schedule(self) -> None:
        if not self._next_frame.isActive():
            self._next_frame.start(self.frame_ms)

    def _continue(self) -> None:
        if self._capped:
            if self._note_counts != self._counts():
                self._show_note()
            self._end_batch()
            return
        self._frame_used = 0
        self._drain()

    def _show_note(self) -> None:
        """The last paragraph says how much is shown (replaced as more arrives)."""
        cursor = self._cursor()
        if self._note_at < 0:
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertBlock()
            self._note_at = cursor.position()
        else:
            cursor.setPosition(self._note_at)
            cursor.movePosition(QTextCursor.MoveOperation.End, QTextCursor.MoveMode.KeepAnchor)
        note = QCoreApplication.translate(  # not self.tr: a subclass would look under its own name
            "TokenTextView",
            "[Showing the first {shown} of {total} characters ({n} tokens). The whole text is kept and saved with "
            "the run.]",
        ).format(
            shown=format_int(self._shown_chars),
            total=format_int(self._total_chars),
            n=format_int(len(self.tokens)),
        )
        cursor.insertText(note, self._muted)
        self._note_counts = self._counts()

    # -- hover and click ---------------------------------------------------------------------------
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
