"""The results grid: one card per picture (its thumbnail, its name, its best labels as probability bars), in
as many columns as the grid's width holds, inside the surface that takes dropped pictures.

The grid is one QListView painted by a delegate, so thousands of results stay cheap. A picture's error and
notes are core Messages, said in the language of the moment (a language change repaints the cards)."""

from __future__ import annotations

import html
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop import i18n
from desktop.core.vision import THUMB_SIZE, Source, VisionResult, source_key
from desktop.i18n import translate_message
from desktop.ui.panels.vision.common import ERROR_COLOUR, translate
from desktop.ui.widgets.drop_zone import DropZone

TOP_K = 5
CARD_HEIGHT = 124
CARD_MIN_WIDTH = 300  # below this a card's bars get too short to read: one column fewer


@dataclass
class Item:
    key: str
    name: str
    source: Source
    thumbnail: QImage | None = None
    result: VisionResult | None = None
    version: int = 0  # bumped whenever the card must be drawn again


class ResultsModel(QAbstractListModel):
    """One row per picture, in the order they were added; results fill in as batches arrive."""

    ItemRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Item] = []
        self._row: dict[str, int] = {}

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.name
        if role == self.ItemRole:
            return item
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(item)
        return None

    def has(self, key: str) -> bool:
        return key in self._row

    def add(self, sources: list[Source]) -> list[Source]:
        """Append pictures not already here; returns those added."""
        fresh: list[tuple[str, Source]] = []
        seen: set[str] = set()  # a set, not a scan of ``fresh``: a drop of 10,000 pictures stays linear
        for source in sources:
            key = source_key(source)
            if key not in self._row and key not in seen:
                seen.add(key)
                fresh.append((key, source))
        if fresh:
            first = len(self.items)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for key, source in fresh:
                self._row[key] = len(self.items)
                self.items.append(Item(key, source.name, source))
            self.endInsertRows()
        return [source for _, source in fresh]

    def update(self, results: list[VisionResult]) -> None:
        rows = []
        for result in results:
            row = self._row.get(result.key)
            if row is None:
                continue
            item = self.items[row]
            item.result = result
            item.version += 1
            if isinstance(result.thumbnail, QImage):
                item.thumbnail = result.thumbnail
            rows.append(row)
        # One signal per row: a view repaints just that card, and only if it is on screen (a range would
        # repaint the whole viewport every time, even for rows scrolled out of sight).
        for row in rows:
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def clear(self) -> None:
        self.beginResetModel()
        self.items.clear()
        self._row.clear()
        self.endResetModel()

    def sources(self) -> list[Source]:
        return [item.source for item in self.items]

    def results(self) -> list[VisionResult]:
        return [item.result for item in self.items if item.result is not None]


def tooltip(item: Item) -> str:
    """A card's hover text: the file, its size, notes, and the error or every ranked label (rich text, each
    part escaped: names come from files, labels from the person)."""
    lines = [f"<b>{html.escape(item.name)}</b>"]
    if isinstance(item.source, Path):
        lines.append(html.escape(str(item.source)))
    result = item.result
    if result is None:
        lines.append(html.escape(translate("VisionPanel", "Waiting…")))
        return "<br>".join(lines)
    if result.width:
        size = translate("VisionPanel", "{width:,} × {height:,} pixels")
        lines.append(html.escape(size.format(width=result.width, height=result.height)))
    if result.notes:
        lines.append(html.escape("; ".join(translate_message(n) for n in result.notes)))
    if result.error:
        lines.append(f"<span style='color:{ERROR_COLOUR}'>{html.escape(translate_message(result.error))}</span>")
        if result.details:  # the library's own words, as it said them (like an error dialog's details)
            lines.append(f"<small>{html.escape(result.details[:300])}</small>")
    else:
        lines += [f"{p:6.1%}  {html.escape(label)}" for label, p in result.ranked]
    return "<br>".join(lines)


class ResultDelegate(QStyledItemDelegate):
    """Paints a card: the thumbnail, the name, and the best labels as probability bars.

    Each card is drawn once into a pixmap and reused until its result, its size or the language changes:
    repaints (scrolling, a neighbour's update) cost one drawPixmap, and a first paint makes few Qt calls,
    because on a busy machine every call from the GUI thread may have to wait for the interpreter lock."""

    CACHE_LIMIT = 160  # cards (about 160 KB each)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.card = QSize(340, CARD_HEIGHT)  # the grid sets the width to fill its columns
        self._cache: OrderedDict[tuple[Any, ...], QPixmap] = OrderedDict()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return self.card

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        item = index.data(ResultsModel.ItemRole)
        if not isinstance(item, Item):
            return
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        dpr = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        key = (
            item.key, item.version, rect.width(), rect.height(), selected, option.palette.cacheKey(), dpr,
            i18n.current_language(),
        )  # fmt: skip
        pixmap = self._cache.get(key)
        if pixmap is None:
            pixmap = self._render(item, rect.size(), selected, option, dpr)
            self._cache[key] = pixmap
            while len(self._cache) > self.CACHE_LIMIT:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        painter.drawPixmap(rect.topLeft(), pixmap)

    def _render(self, item: Item, size: QSize, selected: bool, option: QStyleOptionViewItem, dpr: float) -> QPixmap:
        palette = option.palette
        pixmap = QPixmap(round(size.width() * dpr), round(size.height() * dpr))
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        w, h = size.width() - 6, size.height() - 6
        painter.setPen(palette.highlight().color() if selected else palette.mid().color())
        painter.setBrush(palette.base())
        painter.drawRoundedRect(3, 3, w, h, 6, 6)

        tx, ty = 11, 3 + (h - THUMB_SIZE) // 2
        result = item.result
        thumb = item.thumbnail
        if thumb is not None and not thumb.isNull():
            tw, th = thumb.width(), thumb.height()
            scale = min(THUMB_SIZE / max(tw, 1), THUMB_SIZE / max(th, 1), 1.0)
            dw, dh = round(tw * scale), round(th * scale)
            painter.drawImage(QRect(tx + (THUMB_SIZE - dw) // 2, ty + (THUMB_SIZE - dh) // 2, dw, dh), thumb)
        else:
            painter.fillRect(tx, ty, THUMB_SIZE, THUMB_SIZE, palette.alternateBase())
            failed = result is not None and not result.ok
            painter.setPen(QColor(ERROR_COLOUR) if failed else palette.mid().color())
            hint = "…" if result is None else (translate("VisionPanel", "no preview") if result.ok else "✕")
            painter.drawText(tx, ty, THUMB_SIZE, THUMB_SIZE, Qt.AlignmentFlag.AlignCenter, hint)

        left = tx + THUMB_SIZE + 10
        width = w - left - 5
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(palette.text().color())
        name = painter.fontMetrics().elidedText(item.name, Qt.TextElideMode.ElideMiddle, width)
        painter.drawText(left, 9, width, 18, Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(option.font)
        top, body_h = 31, h - 34
        if result is None:
            painter.setPen(palette.placeholderText().color())
            waiting = translate("VisionPanel", "Waiting…")
            painter.drawText(left, top, width, body_h, Qt.AlignmentFlag.AlignTop, waiting)
        elif result.error:
            painter.setPen(QColor(ERROR_COLOUR))
            flags = Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            painter.drawText(left, top, width, body_h, flags, translate_message(result.error))
        else:
            _paint_bars(painter, left, top, width, result, palette)
        painter.end()
        return pixmap


def _paint_bars(painter: QPainter, left: int, top: int, width: int, result: VisionResult, palette: Any) -> None:
    metrics = painter.fontMetrics()
    row_h = 17
    label_w = int(width * 0.48)
    pct_w = metrics.horizontalAdvance("100.0%") + 4
    bar_left = left + label_w + 6
    bar_w = max(10, left + width - pct_w - bar_left)
    track = palette.alternateBase().color()
    accent = palette.highlight().color()
    lighter = QColor(accent)
    lighter.setAlpha(120)
    valign = Qt.AlignmentFlag.AlignVCenter
    right = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
    for n, (label, p) in enumerate(result.ranked[:TOP_K]):
        y = top + n * row_h
        painter.drawText(
            left, y, label_w, row_h, valign, metrics.elidedText(label, Qt.TextElideMode.ElideRight, label_w)
        )
        painter.fillRect(bar_left, y + 4, bar_w, row_h - 8, track)
        painter.fillRect(bar_left, y + 4, max(2, round(bar_w * p)), row_h - 8, accent if n == 0 else lighter)
        painter.drawText(left + width - pct_w, y, pct_w, row_h, right, f"{p:.1%}")


class ResultsGrid(QListView):
    """Cards left to right, wrapping, in as many columns as fit (at least ``CARD_MIN_WIDTH`` each), each
    column as wide as the grid allows: the grid's width is used, not left half empty (issue 23, 14)."""

    def __init__(self, model: ResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.delegate = ResultDelegate(self)
        self.setModel(model)
        self.setItemDelegate(self.delegate)
        self.setViewMode(QListView.ViewMode.ListMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setUniformItemSizes(True)
        self.setSpacing(0)  # a card draws its own margin
        self.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.setFrameShape(QListView.Shape.NoFrame)
        self.setMinimumWidth(CARD_MIN_WIDTH // 2)

    @property
    def columns(self) -> int:
        return max(1, self._room() // CARD_MIN_WIDTH)

    def _room(self) -> int:
        # The width with the vertical scroll bar's room kept free, shown or not: a bar that comes and goes
        # must not change the number of columns (which could make it go and come again).
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)
        return max(1, self.width() - 2 * self.frameWidth() - bar - 1)

    def resizeEvent(self, event: QResizeEvent) -> None:
        width = self._room() // self.columns
        if width != self.delegate.card.width():
            self.delegate.card = QSize(width, CARD_HEIGHT)
            self.setUniformItemSizes(False)  # forgets the size the view cached for every card
            self.setUniformItemSizes(True)
        super().resizeEvent(event)


class ResultsArea(DropZone):
    """The drop surface around the grid; an empty grid says what to do (a hint inside the grid, so showing
    or hiding it never re-lays out the panel)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ResultsModel()
        self.view = ResultsGrid(self.model)
        self.empty_hint = QLabel("")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setParent(self.view.viewport())
        self.view.viewport().installEventFilter(self)
        self.content_layout.addWidget(self.view)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_hint.setGeometry(self.view.viewport().rect())
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.empty_hint.setText(
            translate(
                "VisionPanel",
                "<p style='font-size:15pt'>Drop pictures or folders here</p>"
                "<p>…or use <b>Add images…</b>, <b>Add folder…</b>, paste with <b>Ctrl+V</b>,<br>"
                "or try <b>Sample shapes</b>. Then type the labels you care about on the right.</p>",
            )
        )
        self.view.viewport().update()  # the cards are drawn again in the new language
