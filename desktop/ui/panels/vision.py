"""Vision panel: CLIP zero-shot classification. Drop pictures or folders in (or paste, or pick them), type
labels one per line, and see how the model ranks them: a thumbnail per picture with its best labels as
probability bars. Nothing is trained for those labels: the model compares the picture with each prompt.

All decoding and inference run in the vision host, a child process (desktop.services.vision_service); this
process never imports torch, open_clip or onnxruntime. The model box picks the engine (Auto, open_clip, ONNX
Runtime), unloads the host, and sets how long an idle host stays. The grid is one QListView painted by a delegate, so
thousands of results stay cheap.
"""

from __future__ import annotations

import html
import itertools
import json
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QFont,
    QGuiApplication,
    QImage,
    QKeySequence,
    QPainter,
    QPixmap,
    QShortcut,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop import i18n
from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.core.vision import (
    DEFAULT_TEMPLATE,
    ENSEMBLE,
    FOLDER_CAP,
    IMAGE_EXTENSIONS,
    THUMB_SIZE,
    Expansion,
    ModelInfo,
    ModelSpec,
    RunSummary,
    Source,
    VisionResult,
    bundled_card,
    bundled_labels,
    bundled_spec,
    expand_paths,
    find_user_models,
    open_clip_architectures,
    source_key,
    spec_for_file,
)
from desktop.core.vision.prompts import vocabulary_warning
from desktop.i18n import error_text, translate_message
from desktop.resources import default_models_dir
from desktop.services.settings import Settings
from desktop.services.vision_service import VisionService, weak_callback
from desktop.ui.language import on_language_change
from desktop.ui.widgets import file_dialogs

THUMB_LIMIT = 3000  # pictures beyond this get no preview (memory stays bounded)
TOP_K = 5
CARD = QSize(340, 124)
RELABEL_DELAY_MS = 600
# Choices shown in combos: the text is marked for lupdate here and shown as tr(text); the key is the item data.
translate = QCoreApplication.translate
DEVICE_CHOICES = (
    (QT_TRANSLATE_NOOP("VisionPanel", "Auto"), "auto"),
    ("CPU", "cpu"),
    ("CUDA (NVIDIA)", "cuda"),
    ("MPS (Apple)", "mps"),
)
ERROR_COLOUR = "#c0392b"
WARNING_COLOUR = "#b9770e"
SAVE_DELAY_MS = 500
SIDE_WIDTH = 340  # the right column never gets narrower: below that the panel scrolls
LABELS_KEY = "vision/labels"  # a JSON list of the labels as typed, one per line
TEMPLATE_KEY = "vision/template"
PROMPT_KEY = "vision/prompt"  # "template" or "ensemble"
ENGINE_KEY = "vision/engine"  # auto | open_clip | onnx
IDLE_KEY = "vision/idle_minutes"  # the vision host ends after this long without work; 0: never
ENGINE_CHOICES = (
    (QT_TRANSLATE_NOOP("VisionPanel", "Auto"), "auto"),
    ("open_clip", "open_clip"),
    ("ONNX Runtime", "onnx"),
)
IDLE_CHOICES = (
    (QT_TRANSLATE_NOOP("VisionPanel", "never when idle"), 0),
    (QT_TRANSLATE_NOOP("VisionPanel", "after 1 min idle"), 1),
    (QT_TRANSLATE_NOOP("VisionPanel", "after 5 min idle"), 5),
    (QT_TRANSLATE_NOOP("VisionPanel", "after 10 min idle"), 10),
    (QT_TRANSLATE_NOOP("VisionPanel", "after 30 min idle"), 30),
    (QT_TRANSLATE_NOOP("VisionPanel", "after 1 h idle"), 60),
)
IDLE_DEFAULT = 10


@dataclass
class _Item:
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
        self.items: list[_Item] = []
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
            return _tooltip(item)
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
                self.items.append(_Item(key, source.name, source))
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


def _tooltip(item: _Item) -> str:
    lines = [f"<b>{html.escape(item.name)}</b>"]
    if isinstance(item.source, Path):
        lines.append(html.escape(str(item.source)))
    result = item.result
    if result is None:
        lines.append(html.escape(translate("VisionPanel", "Waiting…")))
        return "<br>".join(lines)
    if result.width:
        lines.append(
            html.escape(
                translate("VisionPanel", "{width:,} × {height:,} pixels").format(
                    width=result.width, height=result.height
                )
            )
        )
    if result.notes:
        lines.append(html.escape("; ".join(translate_message(n) for n in result.notes)))
    if result.error:
        lines.append(f"<span style='color:{ERROR_COLOUR}'>{html.escape(translate_message(result.error))}</span>")
        if result.details:
            lines.append(f"<small>{html.escape(result.details[:300])}</small>")
    else:
        lines += [f"{p:6.1%}  {html.escape(label)}" for label, p in result.ranked]
    return "<br>".join(lines)


class ResultDelegate(QStyledItemDelegate):
    """Paints a card: the thumbnail, the name, and the best labels as probability bars.

    Each card is drawn once into a pixmap and reused until its result changes: repaints (scrolling, a
    neighbour's update) cost one drawPixmap, and a first paint makes few Qt calls, because on a busy machine
    every call from the GUI thread may have to wait for the interpreter lock."""

    CACHE_LIMIT = 160  # cards (about 160 KB each)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cache: OrderedDict[tuple[Any, ...], QPixmap] = OrderedDict()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        return CARD

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        item = index.data(ResultsModel.ItemRole)
        if not isinstance(item, _Item):
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

    def _render(self, item: _Item, size: QSize, selected: bool, option: QStyleOptionViewItem, dpr: float) -> QPixmap:
        palette = option.palette
        text_colour = palette.text().color()
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
        painter.setPen(text_colour)
        name = painter.fontMetrics().elidedText(item.name, Qt.TextElideMode.ElideMiddle, width)
        painter.drawText(left, 9, width, 18, Qt.AlignmentFlag.AlignVCenter, name)
        painter.setFont(option.font)
        top, body_h = 31, h - 34
        if result is None:
            painter.setPen(palette.placeholderText().color())
            painter.drawText(left, top, width, body_h, Qt.AlignmentFlag.AlignTop, translate("VisionPanel", "Waiting…"))
        elif result.error:
            painter.setPen(QColor(ERROR_COLOUR))
            flags = Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
            painter.drawText(left, top, width, body_h, flags, translate_message(result.error))
        else:
            self._paint_bars(painter, left, top, width, result, palette)
        painter.end()
        return pixmap

    @staticmethod
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


class VisionPanel(QWidget):
    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.service = VisionService(self)
        self.results_model = ResultsModel()
        self._paste_count = itertools.count(1)
        self._specs: list[ModelSpec] = []
        self._pretrained_asked = False
        self._last_summary: RunSummary | None = None
        self._closed = False
        self._announce_ready = False  # say "Model ready" when the model that is loading now is in
        self._device_text = "not_loaded"  # what device_label says, as a key, so a language change can say it again
        self._relabel = QTimer(self)
        self._relabel.setSingleShot(True)
        self._relabel.setInterval(RELABEL_DELAY_MS)
        self._relabel.timeout.connect(self.reclassify)
        self._save_timer = QTimer(self)  # labels and template persist, a moment after the last keystroke
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_state)
        self._incoming: list[VisionResult] = []  # results not yet shown: the grid repaints at most ~12 times a second
        self._flush_timer = QTimer(self)
        self._flush_timer.setSingleShot(True)
        self._flush_timer.setInterval(80)
        self._flush_timer.timeout.connect(self._flush_results)
        self._build()
        self.retranslate()
        on_language_change(self, self.retranslate)
        self._restore_state()
        self._show_language_note()
        self._connect()
        self._fill_models([])
        self.rescan_models()

    # -- layout ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        # Everything sits in a scroll area of its own: below the size the panel needs (about 700 × 420), it
        # scrolls instead of squeezing widgets on top of each other.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        page = QWidget()
        self.page_scroll.setWidget(page)
        outer.addWidget(self.page_scroll)
        root = QVBoxLayout(page)

        bar = QHBoxLayout()
        # Texts are set in retranslate().
        self.add_files_btn = QPushButton()
        self.add_folder_btn = QPushButton()
        self.paste_btn = QPushButton()
        self.samples_btn = QPushButton()
        self.export_btn = QPushButton()
        self.clear_btn = QPushButton()
        for b in (self.add_files_btn, self.add_folder_btn, self.paste_btn, self.samples_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.export_btn)
        bar.addWidget(self.clear_btn)
        root.addLayout(bar)

        # The status line sits under the buttons, across the panel: always in sight, whatever the right column
        # scrolls to (results, exports, download errors). Two lines are kept for it, so a message never re-lays
        # out the panel (a longer one grows it).
        status_row = QHBoxLayout()
        self.status = QLabel("")
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.status.setMinimumHeight(2 * self.status.fontMetrics().lineSpacing() + 4)  # longer news grows it
        self.status.setMinimumWidth(200)
        status_row.addWidget(self.status, 1)
        self.count_label = QLabel("")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        status_row.addWidget(self.count_label)
        self.progress = QProgressBar()
        self.progress.setFixedWidth(200)
        keep = self.progress.sizePolicy()
        keep.setRetainSizeWhenHidden(True)  # showing it must not re-lay out (and repaint) the panel
        self.progress.setSizePolicy(keep)
        self.progress.setVisible(False)
        status_row.addWidget(self.progress)
        root.addLayout(status_row)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.splitter = split
        from desktop.ui.widgets.drop_zone import DropZone

        self.drop_zone = DropZone()
        self.view = QListView()
        # The hint lives inside the (empty) grid rather than on a page of its own: showing or hiding it never
        # re-lays out the panel, so the first pictures do not repaint the whole window.
        self.empty_hint = QLabel("")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setParent(self.view.viewport())
        self.view.viewport().installEventFilter(self)
        self.view.setModel(self.results_model)
        self.view.setItemDelegate(ResultDelegate(self.view))
        self.view.setViewMode(QListView.ViewMode.ListMode)
        self.view.setFlow(QListView.Flow.LeftToRight)
        self.view.setWrapping(True)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setUniformItemSizes(True)
        self.view.setSpacing(2)
        self.view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.view.setFrameShape(QListView.Shape.NoFrame)
        self.view.setMinimumWidth(CARD.width() // 2)
        self.view.doubleClicked.connect(self._open_item)
        self.drop_zone.content_layout.addWidget(self.view)
        split.addWidget(self.drop_zone)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 4, 0)

        labels_box = QGroupBox()
        self.labels_box = labels_box
        labels_layout = QVBoxLayout(labels_box)
        self.labels_edit = QPlainTextEdit()
        self.labels_edit.setPlainText("\n".join(bundled_labels()))
        self.labels_edit.setMinimumHeight(96)
        labels_layout.addWidget(self.labels_edit, 1)
        row = QHBoxLayout()
        self.label_count = QLabel("")
        self.reset_labels_btn = QPushButton()
        row.addWidget(self.label_count, 1)
        row.addWidget(self.reset_labels_btn)
        labels_layout.addLayout(row)
        # Beside the results: labels whose scores mean nothing (words the model never learned).
        self.label_note = QLabel("")
        self.label_note.setWordWrap(True)
        self.label_note.setTextFormat(Qt.TextFormat.PlainText)
        self.label_note.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.label_note.setVisible(False)
        labels_layout.addWidget(self.label_note)
        # Labels in a script this CLIP never learned (Korean), said as soon as they are typed (issue 12).
        self.language_note = QLabel("")
        self.language_note.setWordWrap(True)
        self.language_note.setTextFormat(Qt.TextFormat.PlainText)
        self.language_note.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.language_note.setVisible(False)
        labels_layout.addWidget(self.language_note)
        side_layout.addWidget(labels_box, 1)

        prompt_box = QGroupBox()
        self.prompt_box = prompt_box
        prompt_layout = QFormLayout(prompt_box)
        prompt_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.template_radio = QRadioButton()
        self.ensemble_radio = QRadioButton()
        self.template_radio.setChecked(True)
        self._prompt_group = QButtonGroup(self)
        self._prompt_group.addButton(self.template_radio)
        self._prompt_group.addButton(self.ensemble_radio)
        self.template_edit = QLineEdit(DEFAULT_TEMPLATE)
        ensemble_text = QLabel()
        self.ensemble_text = ensemble_text
        ensemble_text.setWordWrap(True)
        prompt_layout.addRow(self.template_radio, self.template_edit)
        prompt_layout.addRow(self.ensemble_radio, ensemble_text)
        side_layout.addWidget(prompt_box)

        run_row = QHBoxLayout()
        self.classify_btn = QPushButton()
        self.cancel_btn = QPushButton()
        self.cancel_btn.setEnabled(False)
        run_row.addWidget(self.classify_btn)
        run_row.addWidget(self.cancel_btn)
        side_layout.addLayout(run_row)

        model_box = QGroupBox()
        self.model_box = model_box
        model_layout = QFormLayout(model_box)
        model_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.model_combo = QComboBox()
        self.model_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_combo.setMinimumContentsLength(10)
        self.arch_combo = QComboBox()
        self.arch_combo.setEditable(True)
        self.arch_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.arch_combo.setMinimumContentsLength(10)
        self.arch_combo.addItems(list(open_clip_architectures()))
        self.arch_combo.setCurrentText("")
        self.arch_label = QLabel()
        self.device_combo = QComboBox()
        for text, key in DEVICE_CHOICES:
            self.device_combo.addItem(text, key)
        self.engine_combo = QComboBox()
        self.engine_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.engine_combo.setMinimumContentsLength(6)
        for text, key in ENGINE_CHOICES:
            self.engine_combo.addItem(text, key)
        self.unload_btn = QPushButton()
        self.idle_combo = QComboBox()
        self.idle_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.idle_combo.setMinimumContentsLength(6)
        for text, minutes in IDLE_CHOICES:
            self.idle_combo.addItem(text, minutes)
        self.device_label = QLabel("")
        self.device_label.setWordWrap(True)
        self.model_note = QLabel("")
        self.model_note.setWordWrap(True)
        self.model_note.setTextFormat(Qt.TextFormat.RichText)
        self.model_note.setStyleSheet("color: palette(placeholder-text);")
        self.rescan_btn = QPushButton()
        self.open_models_btn = QPushButton()
        model_row = QHBoxLayout()
        model_row.addWidget(self.model_combo, 1)
        model_row.addWidget(self.rescan_btn)
        self.model_row_label = QLabel()
        self.device_row_label = QLabel()
        self.engine_row_label = QLabel()
        self.idle_row_label = QLabel()
        self.hub_row_label = QLabel()
        model_layout.addRow(self.model_row_label, model_row)
        model_layout.addRow(self.arch_label, self.arch_combo)
        model_layout.addRow(self.device_row_label, self.device_combo)
        engine_row = QHBoxLayout()
        engine_row.addWidget(self.engine_combo, 1)
        engine_row.addWidget(self.unload_btn)
        model_layout.addRow(self.engine_row_label, engine_row)
        model_layout.addRow(self.idle_row_label, self.idle_combo)
        model_layout.addRow("", self.device_label)
        model_layout.addRow(self.model_note)
        hub_row = QHBoxLayout()
        self.hub_combo = QComboBox()
        self.hub_combo.setEditable(True)
        self.hub_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.hub_combo.setMinimumContentsLength(10)
        self.hub_combo.installEventFilter(self)
        self.download_btn = QPushButton()
        hub_row.addWidget(self.hub_combo, 1)
        hub_row.addWidget(self.download_btn)
        model_layout.addRow(self.hub_row_label, hub_row)
        self.download_bar = QProgressBar()
        self.download_bar.setVisible(False)
        model_layout.addRow(self.download_bar)
        self.download_status = QLabel("")  # the download's outcome, right under it (also in the status line)
        self.download_status.setWordWrap(True)
        self.download_status.setTextFormat(Qt.TextFormat.RichText)
        self.download_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.download_status.setVisible(False)
        model_layout.addRow(self.download_status)
        model_layout.addRow(self.open_models_btn)
        side_layout.addWidget(model_box)

        self.side_scroll = QScrollArea()
        self.side_scroll.setWidget(side)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.setMinimumWidth(SIDE_WIDTH)
        split.addWidget(self.side_scroll)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setCollapsible(0, False)
        split.setCollapsible(1, False)
        root.addWidget(split, 1)
        self._update_counts()
        self._update_buttons()

    def _connect(self) -> None:
        s = self.service
        self.add_files_btn.clicked.connect(self._pick_files)
        self.add_folder_btn.clicked.connect(self._pick_folder)
        self.paste_btn.clicked.connect(self.paste)
        self.samples_btn.clicked.connect(lambda: s.make_samples(12))
        self.export_btn.clicked.connect(self._pick_export)
        self.clear_btn.clicked.connect(self.clear)
        self.reset_labels_btn.clicked.connect(lambda: self.labels_edit.setPlainText("\n".join(bundled_labels())))
        self.labels_edit.textChanged.connect(self._labels_changed)
        self.template_edit.textChanged.connect(self._labels_changed)
        self.labels_edit.textChanged.connect(self._save_timer.start)
        self.template_edit.textChanged.connect(self._save_timer.start)
        self._prompt_group.buttonToggled.connect(self._prompt_toggled)
        self.model_combo.currentIndexChanged.connect(self._model_chosen)
        self.arch_combo.currentTextChanged.connect(lambda _t: self._arch_chosen())
        self.device_combo.currentIndexChanged.connect(lambda _i: self._model_chosen())
        self.engine_combo.currentIndexChanged.connect(lambda _i: self._engine_chosen())
        self.unload_btn.clicked.connect(self.unload)
        self.idle_combo.currentIndexChanged.connect(lambda _i: self._idle_changed())
        self.rescan_btn.clicked.connect(self.rescan_models)
        self.open_models_btn.clicked.connect(self._open_models_folder)
        self.download_btn.clicked.connect(self._download_clicked)
        self.classify_btn.clicked.connect(self.reclassify)
        self.cancel_btn.clicked.connect(self.cancel)
        self.drop_zone.pathsDropped.connect(self.add_paths)
        self.drop_zone.imageDropped.connect(lambda img: self.add_qimages([(self.tr("Dropped picture"), img)]))
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(self.paste)

        s.loading.connect(self._on_loading)
        s.modelLoaded.connect(self._on_model_loaded)
        s.modelFailed.connect(self._on_model_failed)
        s.devicesFound.connect(self._on_devices)
        s.results.connect(self._on_results)
        s.progress.connect(self._on_progress)
        s.finished.connect(self._on_finished)
        s.cancelled.connect(self._on_cancelled)
        s.failed.connect(self._on_failed)
        s.busyChanged.connect(lambda _b: self._update_buttons())
        s.hostChanged.connect(self._on_host_changed)
        s.samplesReady.connect(self._add_sources)
        s.imagesEncoded.connect(self._add_sources)
        s.exported.connect(self._on_exported)
        s.exportFailed.connect(lambda message, _d: self._say(message, error=True))
        s.pretrainedListed.connect(self._on_pretrained)
        s.downloadProgress.connect(self._on_download_progress)
        s.downloadFinished.connect(self._on_downloaded)
        s.downloadFailed.connect(self._on_download_failed)
        s.downloadCancelled.connect(self._on_download_cancelled)

    def retranslate(self) -> None:
        """Every static text again in the current language (at start and when the language changes). The
        status line keeps the language its news was written in."""
        self.add_files_btn.setText(self.tr("Add images…"))
        self.add_folder_btn.setText(self.tr("Add folder…"))
        self.paste_btn.setText(self.tr("Paste"))
        self.paste_btn.setToolTip(self.tr("Paste a picture (or copied files) from the clipboard. Shortcut: Ctrl+V."))
        self.samples_btn.setText(self.tr("Sample shapes"))
        self.samples_btn.setToolTip(self.tr("Draw a few pictures like the ones the bundled model learned from."))
        self.export_btn.setText(self.tr("Export CSV…"))
        self.clear_btn.setText(self.tr("Clear"))
        widest = self.tr("%Ln picture(s)", "", 10000)
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance(widest) + 8)
        self.empty_hint.setText(
            self.tr(
                "<p style='font-size:15pt'>Drop pictures or folders here</p>"
                "<p>…or use <b>Add images…</b>, <b>Add folder…</b>, paste with <b>Ctrl+V</b>,<br>"
                "or try <b>Sample shapes</b>. Then type the labels you care about on the right.</p>"
            )
        )
        self.labels_box.setTitle(self.tr("Labels — one per line"))
        # The bundled CLIP learned English only: the example labels stay English in every language.
        self.labels_edit.setPlaceholderText(self.tr("red circle\nblue square\n…"))
        self.reset_labels_btn.setText(self.tr("The model's labels"))
        self.reset_labels_btn.setToolTip(self.tr("Put back the labels the bundled model was trained on."))
        self.prompt_box.setTitle(self.tr("Prompt"))
        self.template_radio.setText(self.tr("Template"))
        self.ensemble_radio.setText(self.tr("Ensemble"))
        self.template_edit.setToolTip(self.tr("{} is replaced by each label."))
        self.ensemble_radio.setToolTip(
            self.tr(
                "open_clip's 80 zero-shot templates (“a bad photo of a {}.”, “a sketch of the {}.”, …): each "
                "label's text embedding is their average."
            )
        )
        self.ensemble_text.setText(self.tr("open_clip's 80 templates, averaged"))
        self.classify_btn.setText(self.tr("Classify again"))
        self.classify_btn.setToolTip(self.tr("Runs by itself when pictures are added or labels change."))
        self.cancel_btn.setText(self.tr("Cancel"))
        self.model_box.setTitle(self.tr("Model"))
        self.model_row_label.setText(self.tr("Model"))
        self.arch_combo.setToolTip(self.tr("The open_clip architecture these weights were trained with."))
        self.arch_label.setText(self.tr("Architecture"))
        self.device_row_label.setText(self.tr("Device"))
        self.engine_row_label.setText(self.tr("Engine"))
        self.idle_row_label.setText(self.tr("Unload"))
        self.hub_row_label.setText(self.tr("Hub"))
        for combo, choices in ((self.device_combo, DEVICE_CHOICES), (self.engine_combo, ENGINE_CHOICES)):
            for row, (text, _key) in enumerate(choices):
                combo.setItemText(row, self.tr(text))
        for row in range(self.idle_combo.count()):
            minutes = int(self.idle_combo.itemData(row) or 0)
            preset = next((text for text, m in IDLE_CHOICES if m == minutes), None)
            self.idle_combo.setItemText(
                row, self.tr(preset) if preset else self.tr("after {minutes} min idle").format(minutes=minutes)
            )
        self.engine_combo.setToolTip(
            self.tr(
                "Auto: ONNX Runtime for a model that has an ONNX export (the bundled model always does), open_clip "
                "(torch) otherwise. Both give the same probabilities."
            )
        )
        self.unload_btn.setText(self.tr("Unload"))
        self.unload_btn.setToolTip(
            self.tr("End the vision host now and give back its memory; the next run starts it again.")
        )
        self.idle_combo.setToolTip(self.tr("Unload the model (end the vision host) after this long without work."))
        self.rescan_btn.setText(self.tr("Rescan"))
        self.rescan_btn.setToolTip(self.tr("Look again for .safetensors / .pt files in the models folder."))
        self.open_models_btn.setText(self.tr("Open models folder"))
        line = self.hub_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("ARCH/TAG or hf-hub:org/repo"))
        self.download_btn.setText(self.tr("Stop") if self.service.downloading else self.tr("Download"))
        self.download_btn.setToolTip(self.tr("Fetch open_clip weights from the Hugging Face hub (needs the internet)."))
        self._set_device_text(self._device_text)
        self._update_counts()
        if self._specs:
            self._show_model_note(self.current_spec(), self.service.info)
        self.view.viewport().update()  # the cards are drawn again in the new language

    def _set_device_text(self, key: str, text: str = "") -> None:
        """The line under the engine: ``key`` names a fixed sentence (said again after a language change);
        ``"text"`` shows ``text`` as it is."""
        self._device_text = key
        fixed = {
            "not_loaded": self.tr("Not loaded yet: it loads with the first picture."),
            "unloaded": self.tr("Unloaded: it loads again with the next picture."),
            "failed": self.tr("Not loaded."),
            "loading": self.tr("Loading…"),
        }
        if key in fixed:
            self.device_label.setText(fixed[key])
        elif text:
            self.device_label.setText(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.view.viewport() and event.type() == QEvent.Type.Resize:
            self.empty_hint.setGeometry(self.view.viewport().rect())
        elif watched is getattr(self, "hub_combo", None) and event.type() in (
            QEvent.Type.FocusIn,
            QEvent.Type.MouseButtonPress,
        ):
            self.ask_pretrained()
        return super().eventFilter(watched, event)

    def ask_pretrained(self) -> None:
        """List open_clip's hub tags the first time the hub box is used: listing imports open_clip (and
        torch) in a child process for several seconds, which must not compete with a run for the CPU."""
        if not self._pretrained_asked:
            self._pretrained_asked = True
            self.service.list_pretrained()

    # -- adding pictures -----------------------------------------------------------------------------------
    def add_paths(self, paths: list[Path]) -> None:
        """Files and folders (folders are searched for pictures off the GUI thread)."""
        if not paths:
            return
        self._say(self.tr("Looking for pictures…"))
        room = max(0, FOLDER_CAP - self.results_model.rowCount())
        self.service.io.submit(
            expand_paths,
            [Path(p) for p in paths],
            room,
            on_success=weak_callback(self._on_expanded),
            title=self.tr("Add pictures"),
        )

    def _on_expanded(self, expansion: Expansion) -> None:
        if self._closed:
            return
        added = self._add_sources(list(expansion.files))
        message = " ".join(translate_message(m) for m in expansion.messages)
        if not added and not message:
            message = self.tr("No new pictures there.")
        if expansion.capped and expansion.cap < FOLDER_CAP:
            message = self.tr("The panel holds at most {cap:,} pictures.").format(cap=FOLDER_CAP) + " " + message
        if message:
            self._say(message, error=not added)

    def add_qimages(self, images: list[tuple[str, QImage]]) -> None:
        named = [(f"{name} {next(self._paste_count)}.png", image) for name, image in images if not image.isNull()]
        if named:
            self.service.encode_images(named)

    def paste(self) -> None:
        """Ctrl+V: a picture on the clipboard, or copied picture files."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls():
            paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
            if paths:
                self.add_paths(paths)
                return
        if mime is not None and mime.hasImage():
            image = QImage(QGuiApplication.clipboard().image())
            if not image.isNull():
                self.add_qimages([(self.tr("Pasted picture"), image)])
                return
        self._say(self.tr("The clipboard holds no picture."), error=True)

    def _add_sources(self, sources: list[Source]) -> list[Source]:
        if self._closed:
            return []
        first_row = self.results_model.rowCount()
        fresh = self.results_model.add(list(sources))
        self._update_counts()
        if fresh:
            self.empty_hint.setVisible(False)
            want = {source_key(s) for n, s in enumerate(fresh) if first_row + n < THUMB_LIMIT}
            self._classify(fresh, want)
        return fresh

    def _pick_files(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(IMAGE_EXTENSIONS))
        files = file_dialogs.open_file_names(
            self,
            "pictures",
            self.tr("Add pictures"),
            self.tr("Pictures ({patterns});;All files (*)").format(patterns=patterns),
            self.settings,
        )
        if files:
            self.add_paths([Path(f) for f in files])

    def _pick_folder(self) -> None:
        folder = file_dialogs.existing_directory(self, "pictures", self.tr("Add a folder of pictures"), self.settings)
        if folder:
            self.add_paths([Path(folder)])

    def _open_item(self, index: QModelIndex) -> None:
        item = index.data(ResultsModel.ItemRole)
        if isinstance(item, _Item) and isinstance(item.source, Path):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(item.source)))

    # -- labels and runs --------------------------------------------------------------------------------------
    def labels(self) -> list[str]:
        return list(dict.fromkeys(t.strip() for t in self.labels_edit.toPlainText().splitlines() if t.strip()))

    def set_labels(self, labels: list[str]) -> None:
        self.labels_edit.setPlainText("\n".join(labels))

    def template(self) -> str:
        return ENSEMBLE if self.ensemble_radio.isChecked() else self.template_edit.text()

    def _prompt_toggled(self, _button: object, on: bool) -> None:
        if on:
            self._labels_changed()
            self._save_timer.start()

    # -- what persists across restarts ------------------------------------------------------------------------
    def _restore_state(self) -> None:
        """Labels, template and the template/ensemble choice as they were last time (before signals connect)."""
        if self.settings is None:
            return
        saved = self.settings.get_str(LABELS_KEY, "")
        try:
            labels = json.loads(saved) if saved else None
        except ValueError:
            labels = None
        if isinstance(labels, list):
            self.labels_edit.setPlainText("\n".join(str(label) for label in labels))
        template = self.settings.get_str(TEMPLATE_KEY, "")
        if template:
            self.template_edit.setText(template)
        if self.settings.get_str(PROMPT_KEY, "") == "ensemble":
            self.ensemble_radio.setChecked(True)
        engine = self.settings.get_choice(ENGINE_KEY, [key for _t, key in ENGINE_CHOICES], "auto")
        self.engine_combo.setCurrentIndex(max(0, self.engine_combo.findData(engine)))
        self.service.engine = engine
        minutes = self.settings.get_int(IDLE_KEY, IDLE_DEFAULT, 0, 24 * 60)
        row = self.idle_combo.findData(minutes)
        if row < 0:
            self.idle_combo.addItem(self.tr("after {minutes} min idle").format(minutes=minutes), minutes)
            row = self.idle_combo.count() - 1
        self.idle_combo.setCurrentIndex(row)
        self.service.set_idle_minutes(minutes)

    def save_state(self) -> None:
        """Write labels and template to the settings (a moment after each change, and on shutdown)."""
        self._save_timer.stop()
        if self.settings is None:
            return
        self.settings.set(LABELS_KEY, json.dumps(self.labels_edit.toPlainText().split("\n"), ensure_ascii=False))
        self.settings.set(TEMPLATE_KEY, self.template_edit.text())
        self.settings.set(PROMPT_KEY, "ensemble" if self.ensemble_radio.isChecked() else "template")
        self.settings.set(ENGINE_KEY, str(self.engine_combo.currentData() or "auto"))
        self.settings.set(IDLE_KEY, int(self.idle_combo.currentData() or 0))

    def _labels_changed(self) -> None:
        self._update_counts()
        self._show_language_note()
        if self.results_model.rowCount():
            self._relabel.start()

    def _show_language_note(self) -> None:
        """Labels in a script the model never learned (Korean with an English-trained CLIP): say so."""
        warning = vocabulary_warning(self.labels())
        self.language_note.setText(translate_message(warning) if warning is not None else "")
        self.language_note.setVisible(warning is not None)

    def _check_request(self) -> bool:
        if not self.labels():
            self._say(self.tr("Type at least one label, one per line (for example “red circle”)."), error=True)
            return False
        template = self.template()
        if template != ENSEMBLE and "{}" not in template:
            self._say(self.tr("The prompt template needs {} where the label goes, e.g. “a photo of a {}.”"), error=True)
            return False
        return True

    def _classify(self, sources: list[Source], want_thumbs: set[str]) -> None:
        if not self._check_request():
            return
        if self.service.info is None:
            self._announce_ready = True
            self._say(self.tr("Loading the vision model…"))
        self.service.classify(sources, self.labels(), self.template(), thumbnails=want_thumbs)
        self._update_buttons()

    def reclassify(self) -> None:
        """Run every picture again with the current labels, template and model (cached features make it fast)."""
        self._relabel.stop()
        if not self.results_model.rowCount() or self._closed:
            return
        self.service.cancel()
        items = self.results_model.items
        want = {i.key for n, i in enumerate(items) if i.thumbnail is None and n < THUMB_LIMIT}
        self._classify(self.results_model.sources(), want)

    def cancel(self) -> None:
        self._relabel.stop()
        self.service.cancel()

    def clear(self) -> None:
        self.cancel()
        self._incoming.clear()
        self.results_model.clear()
        self.label_note.setVisible(False)
        self.empty_hint.setVisible(True)
        self.progress.setVisible(False)
        self._update_counts()
        self._update_buttons()
        self._say("")

    # -- service events ----------------------------------------------------------------------------------------
    def _on_loading(self, text: str) -> None:
        self._announce_ready = True
        self._set_device_text("text", text)
        self._say(text)

    def _on_model_loaded(self, info: ModelInfo) -> None:
        device = translate_message(info.device_name)
        self._set_device_text(
            "text", self.tr("In use: {device}, {engine}").format(device=device, engine=info.engine_name)
        )
        self._show_model_note(info.spec, info)
        announce, self._announce_ready = self._announce_ready, False
        if info.note:
            self._say(translate_message(info.note))
        elif announce:
            self._say(self.tr("Model ready: {description}").format(description=translate_message(info.description)))
        self._update_buttons()

    def _on_model_failed(self, message: str, _details: str) -> None:
        self._announce_ready = False
        self._set_device_text("failed")
        self._say(message, error=True)

    def _on_devices(self, report: dict[str, tuple[bool, str]]) -> None:
        model = self.device_combo.model()
        for row in range(self.device_combo.count()):
            key = self.device_combo.itemData(row)
            available, why = report.get(key, (True, ""))
            item = model.item(row) if hasattr(model, "item") else None
            if item is not None:
                item.setEnabled(available or key == self.device_combo.currentData())
                item.setToolTip(why)

    def _on_results(self, _job: int, results: list[VisionResult]) -> None:
        self._incoming.extend(results)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush_results(self) -> None:
        self._flush_timer.stop()
        if self._incoming:
            batch, self._incoming = self._incoming, []
            self.results_model.update(batch)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setVisible(True)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(self.tr("{done:,} / {total:,} pictures").format(done=done, total=total))

    def _on_finished(self, summary: RunSummary) -> None:
        self._flush_results()
        self._last_summary = summary
        note = " ".join(translate_message(m) for m in summary.label_notes)
        self.label_note.setText(note)
        self.label_note.setVisible(bool(note))
        if self.service.busy:
            return
        self.progress.setVisible(False)
        seconds = f"{summary.seconds:.2f}"
        if summary.done >= 20 and summary.seconds > 0:
            text = self.tr("Classified %Ln picture(s) in {seconds} s ({speed:,.0f} per second).", "", summary.done)
        else:
            text = self.tr("Classified %Ln picture(s) in {seconds} s.", "", summary.done)
        parts = [text.format(seconds=seconds, speed=summary.images_per_second)]
        if summary.failed:
            parts.append(self.tr("%Ln could not be read (hover them to see why).", "", summary.failed))
        if note:
            parts.append(self.tr("Some labels' scores mean nothing: see the note under the labels."))
        self._say(" ".join(parts))
        self._update_counts()

    def _on_cancelled(self, summary: RunSummary) -> None:
        self._flush_results()
        if self.service.busy:
            return
        self.progress.setVisible(False)
        self._say(
            self.tr("Stopped after {done:,} of {total:,} pictures.").format(done=summary.done, total=summary.total)
        )

    def _on_failed(self, message: str, _details: str) -> None:
        self._flush_results()
        if not self.service.busy:
            self.progress.setVisible(False)
        self._say(message, error=True)

    # -- models -----------------------------------------------------------------------------------------------
    def rescan_models(self) -> None:
        self.service.io.submit(
            find_user_models, default_models_dir(), on_success=weak_callback(self._fill_models), title=self.tr("Models")
        )

    def _fill_models(self, user: list[ModelSpec]) -> None:
        if self._closed:
            return
        current = self.current_spec()
        specs: list[ModelSpec] = []
        try:
            specs.append(bundled_spec())
        except FMError as exc:
            self._say(error_text(exc), error=True)
        specs += user
        self._specs = specs
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for spec in specs:
            self.model_combo.addItem(translate_message(spec.display_label), spec.path)
            self.model_combo.setItemData(self.model_combo.count() - 1, spec.path, Qt.ItemDataRole.ToolTipRole)
        target = next((n for n, s in enumerate(specs) if current is not None and s.path == current.path), 0)
        self.model_combo.setCurrentIndex(target)
        self.model_combo.blockSignals(False)
        self._show_model_note(self.current_spec(), None)
        self._update_arch_row()

    def current_spec(self) -> ModelSpec | None:
        row = self.model_combo.currentIndex()
        if not 0 <= row < len(self._specs):
            return None
        spec = self._specs[row]
        if spec.kind == "file" and not spec.ready and self.arch_combo.currentText().strip():
            return spec_for_file(Path(spec.path), self.arch_combo.currentText().strip())
        return spec

    def _update_arch_row(self) -> None:
        row = self.model_combo.currentIndex()
        spec = self._specs[row] if 0 <= row < len(self._specs) else None
        unknown = spec is not None and spec.kind == "file" and not spec.ready
        self.arch_combo.setVisible(unknown)
        self.arch_label.setVisible(unknown)

    def _arch_chosen(self) -> None:
        if self.arch_combo.isVisible():
            self._model_chosen()

    def _engine_chosen(self) -> None:
        self._save_timer.start()
        self._model_chosen()

    def _idle_changed(self) -> None:
        self.service.set_idle_minutes(int(self.idle_combo.currentData() or 0))
        self._save_timer.start()

    def unload(self) -> None:
        """End the vision host now (its memory goes back to the system)."""
        self.service.unload()
        self._set_device_text("unloaded")
        self._say(self.tr("Vision model unloaded."))
        self._update_buttons()

    def _on_host_changed(self, running: bool) -> None:
        if not running and not self._closed and not self.service.busy:
            self._set_device_text("unloaded")
        self._update_buttons()

    def _model_chosen(self) -> None:
        self._update_arch_row()
        spec = self.current_spec()
        self._show_model_note(spec, None)
        if spec is None or not spec.ready:
            return
        device = str(self.device_combo.currentData() or "auto")
        engine = str(self.engine_combo.currentData() or "auto")
        self.service.set_model(None if spec.kind == "bundled" else spec, device, engine)
        self._set_device_text("loading")
        if self.results_model.rowCount():
            self._relabel.start()

    def _show_model_note(self, spec: ModelSpec | None, info: ModelInfo | None) -> None:
        if spec is None:
            self.model_note.setText("")
            return
        if spec.kind == "bundled":
            try:
                card = bundled_card()
                acc = card.get("accuracy", {}).get("colour_shape")
                n = len(card.get("labels", []))
            except FMError:
                acc, n = None, 0
            if acc:
                text = self.tr(
                    "<b>A teaching model</b>, trained here in minutes on coloured shapes it drew itself, not on "
                    "photographs: 5 shapes in 6 colours, right {accuracy} of the time on new drawings ({n} labels). "
                    "For photographs, add real open_clip weights."
                ).format(accuracy=f"{acc:.1%}", n=n)
            else:
                text = self.tr(
                    "<b>A teaching model</b>, trained here in minutes on coloured shapes it drew itself, not on "
                    "photographs: 5 shapes in 6 colours. For photographs, add real open_clip weights."
                )
            self.model_note.setText(text)
            self.model_note.setToolTip(
                self.tr(
                    "It knows circle, square, triangle, star and cross, in red, orange, yellow, green, blue and "
                    "purple. On photographs its answers mean nothing: put real open_clip weights in the models "
                    "folder, or download some from the hub below."
                )
            )
        elif not spec.ready:
            note = html.escape(translate_message(spec.note))
            self.model_note.setText(f"<span style='color:{ERROR_COLOUR}'>{note}</span>")
        else:
            where = html.escape(spec.path)
            arch = html.escape(spec.architecture)
            if spec.pretrained:
                text = self.tr("open_clip {arch}, pretrained tag {tag}.").format(
                    arch=arch, tag=html.escape(spec.pretrained)
                )
            else:
                text = self.tr("open_clip {arch}.").format(arch=arch)
            self.model_note.setText(f"{text}<br><small>{where}</small>")

    def _open_models_folder(self) -> None:
        folder = default_models_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def _on_pretrained(self, choices: list[str]) -> None:
        text = self.hub_combo.currentText()
        self.hub_combo.clear()
        self.hub_combo.addItems(choices)
        self.hub_combo.setCurrentText(text)

    def _download_clicked(self) -> None:
        if self.service.downloading:
            self.service.cancel_download()
            self.download_btn.setEnabled(False)  # until the download has ended (at once: its socket is shut)
            self._say_download(self.tr("Stopping the download…"))
            return
        choice = self.hub_combo.currentText().strip()
        if not choice:
            self._say_download(
                self.tr("Pick an ARCH/TAG from the list, or type hf-hub:organisation/repository."), error=True
            )
            return
        self.download_bar.setVisible(True)
        self.download_bar.setRange(0, 0)
        self.download_btn.setText(self.tr("Stop"))
        self._say_download(self.tr("Downloading {name}…").format(name=choice))
        self.service.download(choice, default_models_dir())

    def _say_download(self, text: str, error: bool = False) -> None:
        """A download's news, under the Hub row where the person clicked, and in the status line."""
        self._say(text, error)
        self.download_status.setText(self.status.text())
        self.download_status.setVisible(bool(text))

    def _on_download_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.download_bar.setRange(0, 1000)
            self.download_bar.setValue(int(1000 * done / total))
            self.download_bar.setFormat(f"{done / 1e6:,.1f} / {total / 1e6:,.1f} MB")
        else:
            self.download_bar.setFormat(f"{done / 1e6:,.1f} MB")

    def _on_downloaded(self, spec: ModelSpec) -> None:
        self.download_bar.setVisible(False)
        self.download_btn.setText(self.tr("Download"))
        self.download_btn.setEnabled(True)
        self._say_download(self.tr("Downloaded to {path}. Pick it in the model list.").format(path=spec.path))
        self.rescan_models()

    def _on_download_failed(self, message: str, _details: str) -> None:
        self._download_ended()
        self._say_download(message, error=True)

    def _on_download_cancelled(self, message: str) -> None:
        """The person stopped it: said plainly, not as a problem."""
        self._download_ended()
        self._say_download(message)

    def _download_ended(self) -> None:
        self.download_bar.setVisible(False)
        self.download_btn.setText(self.tr("Download"))
        self.download_btn.setEnabled(True)

    # -- export ----------------------------------------------------------------------------------------------
    def _pick_export(self) -> None:
        path = file_dialogs.save_file_name(
            self, "export", self.tr("Export results"), "clip-results.csv", "CSV (*.csv)", self.settings
        )
        if path:
            self.export_csv(Path(path))

    def export_csv(self, path: Path) -> None:
        results = self.results_model.results()
        if not results:
            self._say(self.tr("Nothing to export yet."), error=True)
            return
        labels = self.labels() or list(results[-1].labels)
        self._say(self.tr("Exporting to {path}…").format(path=path))
        self.service.export_csv(path, results, labels)

    def _on_exported(self, path: str, rows: int) -> None:
        self._say(self.tr("Exported to {path} (%Ln row(s)).", "", rows).format(path=path))

    # -- state -----------------------------------------------------------------------------------------------
    def _update_counts(self) -> None:
        n = len(self.labels())
        self.label_count.setText(self.tr("%Ln label(s)", "", n))
        rows = self.results_model.rowCount()
        self.count_label.setText(self.tr("%Ln picture(s)", "", rows) if rows else "")

    def _update_buttons(self) -> None:
        busy = self.service.busy
        has = self.results_model.rowCount() > 0
        self.cancel_btn.setEnabled(busy)
        self.export_btn.setEnabled(has)
        self.clear_btn.setEnabled(has)
        self.classify_btn.setEnabled(has)
        self.unload_btn.setEnabled(self.service.host_running)
        if not busy:
            self.progress.setVisible(False)

    def _say(self, text: str, error: bool = False) -> None:
        """Plain text in the status line (red for a problem)."""
        safe = html.escape(text)
        self.status.setText(f"<span style='color:{ERROR_COLOUR}'>{safe}</span>" if error else safe)

    def status_text(self) -> str:
        return self.status.text()

    def shutdown(self) -> None:
        """Stop runs and downloads and end the service's threads. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._relabel.stop()
        self.save_state()
        if self.settings is not None:
            self.settings.sync()
        self.service.shutdown()
