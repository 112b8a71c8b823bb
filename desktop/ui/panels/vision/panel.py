"""Vision panel: CLIP zero-shot classification, and how CLIP learned (natural-language supervision).

Drop pictures or folders in (or paste, or pick them), type labels one per line, and see how the model ranks
them: a card per picture with its best labels as probability bars. Nothing is trained for those labels: the
model compares the picture with each prompt. The second tab shows the pairs the bundled model learned from.

This module is the shell: it lays out the areas (sources.py, status.py, results.py, labels.py,
engine_box.py, supervision.py) and wires them to the runs (runs.py) and the vision service, which owns the
vision host (this process never imports torch, open_clip or onnxruntime)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from desktop.core.vision import FOLDER_CAP, Source
from desktop.services.settings import Settings
from desktop.services.vision_service import VisionService
from desktop.ui.language import on_language_change
from desktop.ui.panels.vision.common import translate
from desktop.ui.panels.vision.engine_box import EngineBox
from desktop.ui.panels.vision.labels import LabelsBox, PromptBox
from desktop.ui.panels.vision.results import Item, ResultsArea, ResultsModel
from desktop.ui.panels.vision.runs import Runs
from desktop.ui.panels.vision.sources import SourcesBar
from desktop.ui.panels.vision.status import StatusLine
from desktop.ui.panels.vision.supervision import SupervisionView
from desktop.ui.widgets import file_dialogs

SAVE_DELAY_MS = 500
SIDE_WIDTH = 340  # the right column never gets narrower: below that the panel scrolls
CLASSIFY_TAB, SUPERVISION_TAB = 0, 1


class VisionPanel(QWidget):
    def __init__(self, settings: Settings | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.service = VisionService(self)
        self._closed = False
        self._save_timer = QTimer(self)  # choices persist a moment after the last change
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_state)
        self._build()
        self.runs = Runs(self.service, self.results, self.labels_box, self.prompt_box, self.status, self)
        self.retranslate()
        on_language_change(self, self.retranslate)
        if settings is not None:  # as they were last time, before the signals connect
            for area in (self.labels_box, self.prompt_box, self.engine):
                area.restore(settings)
        self._connect()
        self.engine.fill_models([])
        self.engine.rescan()

    # -- layout ------------------------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        outer.addWidget(self.tabs)
        # The classification page sits in a scroll area of its own: below the size it needs (about
        # 700 × 420), it scrolls instead of squeezing widgets on top of each other.
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        page = QWidget()
        self.page_scroll.setWidget(page)
        self.tabs.addTab(self.page_scroll, "")
        self.supervision = SupervisionView(self.service)
        self.tabs.addTab(self.supervision, "")
        root = QVBoxLayout(page)
        self.results = ResultsArea()
        self.sources = SourcesBar(self.service, self.settings, self._add, self._room)
        root.addWidget(self.sources)
        self.status = StatusLine()  # under the buttons, across the page: always in sight
        root.addWidget(self.status)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.results)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(4, 0, 4, 0)
        self.labels_box = LabelsBox(self.service.bundled_labels)
        side_layout.addWidget(self.labels_box, 1)
        self.prompt_box = PromptBox()
        side_layout.addWidget(self.prompt_box)
        run_row = QHBoxLayout()
        self.classify_btn = QPushButton()
        self.cancel_btn = QPushButton()
        self.cancel_btn.setEnabled(False)
        run_row.addWidget(self.classify_btn)
        run_row.addWidget(self.cancel_btn)
        side_layout.addLayout(run_row)
        self.engine = EngineBox(self.service)
        side_layout.addWidget(self.engine)
        self.side_scroll = QScrollArea()
        self.side_scroll.setWidget(side)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side_scroll.setMinimumWidth(SIDE_WIDTH)
        self.splitter.addWidget(self.side_scroll)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setCollapsible(1, False)
        root.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        runs, bar = self.runs, self.sources
        bar.said.connect(self.status.say)
        bar.export_btn.clicked.connect(self._pick_export)
        bar.clear_btn.clicked.connect(runs.clear)
        self.labels_box.changed.connect(self._choice_changed)
        self.prompt_box.changed.connect(self._choice_changed)
        self.engine.said.connect(self.status.say)
        self.engine.saveWanted.connect(self._save_timer.start)
        self.engine.modelChanged.connect(lambda: runs.relabel.start() if runs.count else None)
        self.engine.connect_signals()
        self.classify_btn.clicked.connect(runs.reclassify)
        self.cancel_btn.clicked.connect(runs.cancel)
        runs.changed.connect(self._update_buttons)
        self.results.pathsDropped.connect(bar.add_paths)
        self.results.imageDropped.connect(self._dropped_image)
        self.results.view.doubleClicked.connect(self._open_item)
        paste = QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self)
        paste.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        paste.activated.connect(bar.paste)
        self.tabs.currentChanged.connect(lambda i: self.supervision.ensure_shown() if i == SUPERVISION_TAB else None)
        self._update_buttons()

    def retranslate(self) -> None:
        """Every static text again in the current language (at start and when the language changes). The
        status line keeps the language its news was written in."""
        self.tabs.setTabText(CLASSIFY_TAB, translate("VisionPanel", "Zero-shot classification"))
        self.tabs.setTabText(SUPERVISION_TAB, translate("VisionPanel", "Natural-language supervision"))
        self.classify_btn.setText(translate("VisionPanel", "Classify again"))
        tip = translate("VisionPanel", "Runs by itself when pictures are added or labels change.")
        self.classify_btn.setToolTip(tip)
        self.cancel_btn.setText(translate("VisionPanel", "Cancel"))
        for area in (self.sources, self.status, self.results, self.labels_box, self.prompt_box, self.engine):
            area.retranslate()
        self.supervision.retranslate()

    # -- what tests, scripts and the window use ----------------------------------------------------------
    @property
    def results_model(self) -> ResultsModel:
        return self.results.model

    def add_paths(self, paths: list[Path]) -> None:
        """Files and folders (folders are searched for pictures off the GUI thread)."""
        self.sources.add_paths(paths)

    def labels(self) -> list[str]:
        return self.labels_box.labels()

    def set_labels(self, labels: list[str]) -> None:
        self.labels_box.set_labels(labels)

    def status_text(self) -> str:
        return self.status.text.text()

    def reclassify(self) -> None:
        self.runs.reclassify()

    def clear(self) -> None:
        self.runs.clear()

    def unload(self) -> None:
        self.engine.unload()

    def export_csv(self, path: Path) -> None:
        self.runs.export_csv(path)

    # -- wiring ------------------------------------------------------------------------------------------
    def _add(self, sources: list[Source]) -> list[Source]:
        return self.runs.add(sources)

    def _room(self) -> int:
        return FOLDER_CAP - self.runs.count

    def _dropped_image(self, image: QImage) -> None:
        self.sources.add_qimages([(translate("VisionPanel", "Dropped picture"), image)])

    def _choice_changed(self) -> None:
        self._save_timer.start()
        if self.runs.count:
            self.runs.relabel.start()

    def _open_item(self, index: QModelIndex) -> None:
        item = self.results.model.data(index, ResultsModel.ItemRole)
        if isinstance(item, Item) and isinstance(item.source, Path):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(item.source)))

    def _pick_export(self) -> None:
        title = translate("VisionPanel", "Export results")
        path = file_dialogs.save_file_name(self, "export", title, "clip-results.csv", "CSV (*.csv)", self.settings)
        if path:
            self.runs.export_csv(Path(path))

    def _update_buttons(self) -> None:
        busy, has = self.service.busy, self.runs.count > 0
        self.cancel_btn.setEnabled(busy)
        self.sources.export_btn.setEnabled(has)
        self.sources.clear_btn.setEnabled(has)
        self.classify_btn.setEnabled(has)
        self.engine.update_buttons()
        if not busy:
            self.status.hide_progress()

    # -- state -------------------------------------------------------------------------------------------
    def save_state(self) -> None:
        """Labels, template and the model box's choices to the settings (a moment after each change, and on
        shutdown)."""
        self._save_timer.stop()
        if self.settings is not None:
            for area in (self.labels_box, self.prompt_box, self.engine):
                area.save(self.settings)

    def shutdown(self) -> None:
        """Stop runs and downloads and end the service's threads. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self.runs.closed = self.sources.closed = self.engine.closed = True
        self.runs.relabel.stop()
        self.save_state()
        if self.settings is not None:
            self.settings.sync()
        self.service.shutdown()
