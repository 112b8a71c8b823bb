"""Token spans as coloured text, drawn fast: the shown text is set once as plain text, and each
token's colour is one format range on its line's layout (what QSyntaxHighlighter does), given only
to the lines about to be painted. 10,000 tokens redraw in about ten milliseconds; the same as HTML
takes several times longer. Hover a token for its id and bytes."""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QMouseEvent,
    QPaintEvent,
    QTextCharFormat,
    QTextFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QToolTip, QWidget

from desktop.core.tokenizers import TokenSpan
from desktop.core.utf16 import utf16_starts
from desktop.i18n import format_int

# Pastel backgrounds, cycled token by token; text stays dark on them in light and dark themes.
PALETTE = ("#FBD5D5", "#D3E8FB", "#D6F5D6", "#FFF0C2", "#E6DAFA", "#FFDDC4", "#CDEFEA")
SPECIAL_BG = ("#4A4E69", "#1D4E6B")  # alternated, so adjacent special tokens stay apart
SPECIAL_FG = "#FFFFFF"
PARTIAL_FG = "#7A2E0E"
TEXT_FG = "#1B1B1B"
HOVER_BG = "#F4A261"


# Qt lays out a line with no break opportunity in time that grows with the square of its length
# (a 1 MB word takes half a minute) unless it may wrap anywhere: text with such a run wraps anywhere.
LONG_RUN = re.compile(r"\S{2000}")


def wrap_mode_for(text: str) -> QTextOption.WrapMode:
    """Wrap at word boundaries, or anywhere when ``text`` has a very long run without spaces."""
    if LONG_RUN.search(text):
        return QTextOption.WrapMode.WrapAnywhere
    return QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere


_shown_cache: dict[str, str] = {}  # a token's text -> what the view prints for it


def _control_picture(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"<U+{code:04X}>"


# Characters that would break lines, vanish or confuse the text layout are shown as visible marks.
_SHOW: dict[int, str] = {c: _control_picture(c) for c in [*range(0x20), 0x7F, *range(0x80, 0xA0)]}
_SHOW.update({0x0A: "↵\n", 0x09: "→\t", 0x2028: "<U+2028>", 0x2029: "<U+2029>", 0xFFFC: "<U+FFFC>"})
_SHOW.update({0x200B: "<U+200B>", 0xFEFF: "<U+FEFF>"})


def shown_text(span: TokenSpan) -> str:
    """What the view prints for a token: its text with line breaks, tabs and controls made visible."""
    return span.text.translate(_SHOW) if span.text else "∅"


def _characters(span: TokenSpan) -> str:
    """Which input characters a token covers, counted from 1 (as its number is)."""
    if span.end <= span.start:
        if span.partial and not span.added:
            return QCoreApplication.translate(
                "TokenView", "no whole character: the character it holds bytes of ends in a later token"
            )
        return QCoreApplication.translate("TokenView", "no characters of the input")
    if span.end == span.start + 1:
        return QCoreApplication.translate("TokenView", "character {n} of the input").format(
            n=format_int(span.start + 1)
        )
    return QCoreApplication.translate("TokenView", "characters {first}–{last} of the input").format(
        first=format_int(span.start + 1), last=format_int(span.end)
    )


def describe_span(index: int, span: TokenSpan) -> str:
    """The hover text for a token (HTML), in the installed language."""
    text = html.escape(span.text.translate(_SHOW).replace("\n", ""))
    kind = []
    if span.special:
        kind.append(QCoreApplication.translate("TokenView", "special token"))
    if span.added:
        kind.append(QCoreApplication.translate("TokenView", "added by the tokenizer, not in your text"))
    if span.partial:
        kind.append(QCoreApplication.translate("TokenView", "part of a character: its bytes alone are not valid UTF-8"))
    bytes_hex = span.bytes_text if len(span.data) <= 48 else span.data[:48].hex(" ").upper() + " …"
    rows = [
        QCoreApplication.translate("TokenView", "<b>Token #{n}</b> &nbsp; id <b>{id}</b>").format(
            n=format_int(index + 1), id=span.id
        ),
        QCoreApplication.translate("TokenView", "text: <code>{text}</code>").format(text=text),
        QCoreApplication.translate("TokenView", "bytes ({n}): <code>{bytes}</code>").format(
            n=format_int(len(span.data)), bytes=bytes_hex
        ),
        _characters(span),
    ]
    if kind:
        rows.append("<i>" + "; ".join(kind) + "</i>")
    return "<br>".join(rows)


class TokenView(QPlainTextEdit):
    """A read-only view of token spans; hover (or move the mouse over) a token to see its details."""

    tokenHovered = Signal(int)  # index into the spans, or -1

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.viewport().setMouseTracking(True)
        self.viewport().installEventFilter(self)
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.setFont(font)
        self._spans: Sequence[TokenSpan] = ()
        self._starts: list[int] = []  # display position where each token's text starts
        self._lengths: list[int] = []
        self._hovered = -1
        self._formatted: set[int] = set()
        self._formats = self._make_formats()
        self._hover_format = QTextCharFormat()
        self._hover_format.setBackground(QColor(HOVER_BG))
        self._hover_format.setForeground(QColor(TEXT_FG))
        self._hover_format.setProperty(QTextFormat.Property.FullWidthSelection, False)

    @staticmethod
    def _make_formats() -> dict[str, list[QTextCharFormat]]:
        def fmt(bg: str, fg: str, underline: bool = False) -> QTextCharFormat:
            f = QTextCharFormat()
            f.setBackground(QColor(bg))
            f.setForeground(QColor(fg))
            if underline:
                f.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                f.setUnderlineColor(QColor(PARTIAL_FG))
            return f

        return {
            "normal": [fmt(c, TEXT_FG) for c in PALETTE],
            "partial": [fmt(c, PARTIAL_FG, underline=True) for c in PALETTE],
            "special": [fmt(bg, SPECIAL_FG) for bg in SPECIAL_BG],
        }

    # -- content -----------------------------------------------------------------------------------
    def spans(self) -> Sequence[TokenSpan]:
        return self._spans

    def set_spans(self, spans: Sequence[TokenSpan]) -> None:
        """Show ``spans``, replacing what was shown: one plain-text set. Colours are given by
        ``paintEvent`` to the lines it is about to draw, so the cost here is a few C-speed passes."""
        self._spans = spans
        self._hovered = -1
        self.setExtraSelections([])
        cache = _shown_cache
        if len(cache) > 200_000:
            cache.clear()
        get = cache.get
        shown = [get(span.text) or cache.setdefault(span.text, shown_text(span)) for span in spans]
        # Qt positions count UTF-16 units: an emoji is two of them, one Python character
        self._starts, self._lengths = utf16_starts(shown)
        self._formatted = set()
        display = "".join(shown)
        mode = wrap_mode_for(display)
        if mode == QTextOption.WrapMode.WrapAnywhere and mode != self.wordWrapMode():
            self.setWordWrapMode(mode)  # before the text arrives: never lay out a long run word-wrapped
        self.setPlainText(display)
        if mode != self.wordWrapMode():
            self.setWordWrapMode(mode)

    def _format_for(self, index: int) -> QTextCharFormat:
        span = self._spans[index]
        if span.special or span.added:
            return self._formats["special"][index % 2]
        if span.partial:
            return self._formats["partial"][index % len(PALETTE)]
        return self._formats["normal"][index % len(PALETTE)]

    def _block_ranges(self, position: int, length: int) -> list[QTextLayout.FormatRange]:
        """Colour ranges of the tokens in the line at document ``position`` (``length`` characters,
        without its line break)."""
        starts, lengths = self._starts, self._lengths
        end = position + length
        first = max(bisect.bisect_right(starts, position) - 1, 0)
        last = bisect.bisect_left(starts, end)
        FormatRange = QTextLayout.FormatRange
        ranges = []
        for i in range(first, last):
            a = max(starts[i], position)
            b = min(starts[i] + lengths[i], end)
            if b > a:
                r = FormatRange()
                r.start, r.length, r.format = a - position, b - a, self._format_for(i)
                ranges.append(r)
        return ranges

    def format_visible(self) -> int:
        """Give the lines in view their colour ranges, once per content; returns how many lines were
        given theirs now. Only what is drawn costs anything, so 10,000 tokens show as fast as 500."""
        if not self._starts:
            return 0
        done = self._formatted
        block = self.firstVisibleBlock()
        offset = self.contentOffset()
        bottom = self.viewport().rect().bottom()
        count = 0
        while block.isValid():
            number = block.blockNumber()
            if number not in done:
                done.add(number)
                ranges = self._block_ranges(block.position(), block.length() - 1)
                if ranges:
                    block.layout().setFormats(ranges)
                    count += 1
            if self.blockBoundingGeometry(block).translated(offset).top() > bottom:
                break
            block = block.next()
        return count

    def paintEvent(self, event: QPaintEvent) -> None:
        self.format_visible()
        super().paintEvent(event)

    def clear_spans(self) -> None:
        self.set_spans([])

    # -- hover -------------------------------------------------------------------------------------
    def index_at(self, point: QPoint) -> int:
        """The token under ``point`` (viewport coordinates), or -1."""
        if not self._starts:
            return -1
        cursor = self.cursorForPosition(point)
        pos = cursor.position()
        if self.cursorRect(cursor).center().x() > point.x() and pos > 0:
            pos -= 1  # the mouse is over the character before the cursor position
        i = bisect.bisect_right(self._starts, pos) - 1
        if i < 0 or pos >= self._starts[i] + self._lengths[i]:
            return -1
        return i

    def _set_hovered(self, index: int) -> None:
        if index == self._hovered:
            return
        self._hovered = index
        if index < 0:
            self.setExtraSelections([])
        else:
            sel = QTextEdit.ExtraSelection()
            cursor = self.textCursor()
            cursor.setPosition(self._starts[index])
            cursor.setPosition(self._starts[index] + self._lengths[index], cursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            sel.format = self._hover_format
            self.setExtraSelections([sel])
        self.tokenHovered.emit(index)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport():
            if event.type() == QEvent.Type.MouseMove and isinstance(event, QMouseEvent):
                point = event.position().toPoint()
                index = self.index_at(point)
                self._set_hovered(index)
                if index >= 0:
                    QToolTip.showText(event.globalPosition().toPoint(), describe_span(index, self._spans[index]), self)
                else:
                    QToolTip.hideText()
            elif event.type() == QEvent.Type.Leave:
                self._set_hovered(-1)
        return super().eventFilter(watched, event)

    def hovered(self) -> int:
        return self._hovered

    def hover_text(self) -> str:
        return describe_span(self._hovered, self._spans[self._hovered]) if self._hovered >= 0 else ""
