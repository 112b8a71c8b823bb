"""Models panel: the catalog with metadata read before loading, load settings, load/unload with
progress, and what this machine and this build can do."""

from __future__ import annotations

import contextlib
import html
import os
from pathlib import Path
from typing import Any

import psutil
from PySide6.QtCore import QCoreApplication, QPoint, QSignalBlocker, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.catalog import Catalog, CatalogEntry, ModelInfo
from desktop.core.hardware import GPUInfo, detect_gpu, rebuild_hint
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.core.units import human_size
from desktop.i18n import error_text
from desktop.services.catalog_service import CatalogService
from desktop.services.messages import bridge
from desktop.services.model_service import ModelService
from desktop.services.remote_service import RemoteService
from desktop.services.settings import Settings
from desktop.ui.language import on_language_change
from desktop.ui.panels.models_fit import FitView
from desktop.ui.panels.servers import ServersList
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.fit_scroll import scrolling_page

# Texts kept at module level are marked for lupdate here and translated where shown (tr(TEXT) in the
# panel, translate("ModelsPanel", ...) in the module's functions).
translate = QCoreApplication.translate
COLUMNS = (
    QT_TRANSLATE_NOOP("ModelsPanel", "Model"),
    QT_TRANSLATE_NOOP("ModelsPanel", "Params"),
    QT_TRANSLATE_NOOP("ModelsPanel", "Quant."),
    QT_TRANSLATE_NOOP("ModelsPanel", "Size"),
    QT_TRANSLATE_NOOP("ModelsPanel", "Status"),
)
COLUMN_TIPS = (
    QT_TRANSLATE_NOOP("ModelsPanel", "The model's own name"),
    QT_TRANSLATE_NOOP("ModelsPanel", "Parameters"),
    QT_TRANSLATE_NOOP("ModelsPanel", "Quantization: how the weights are stored"),
    QT_TRANSLATE_NOOP("ModelsPanel", "File size"),
    "",
)
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
GPU_LAYERS_HELP = QT_TRANSLATE_NOOP(
    "ModelsPanel",
    "How many of the model's layers run on the GPU. More is faster while they fit in GPU memory. "
    "“All” puts every layer there; 0 keeps everything on the CPU.",
)
THREADS_HELP = QT_TRANSLATE_NOOP(
    "ModelsPanel",
    "CPU threads for reading the prompt and for generation. Auto uses one thread per physical core, "
    "as llama.cpp's own tools do.",
)
ERROR_STYLE = "color: #c0392b;"
AUTOLOAD_KEY = "models/autoload"  # bool, default True: load the last used model at start


def plain_label(text: str = "") -> QLabel:
    """A label for text that may come from a model file: shown as typed, never as HTML."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is (Qt renders tooltips that look like HTML as HTML)."""
    return f"<qt>{html.escape(text)}</qt>" if text else ""


def describe_load(result: dict[str, Any], capabilities: dict[str, Any] | None) -> str:
    """The outcome of a load in plain words."""
    gpu = result.get("layers_on_gpu", 0)
    total = result.get("layers_total", 0)
    if total > 1:
        layers = translate("ModelsPanel", "{total} layers ({blocks} blocks + the output layer, as llama.cpp counts)")
        layers = layers.format(total=total, blocks=total - 1)
    else:
        layers = translate("ModelsPanel", "layers")
    backend = (capabilities or {}).get("backend", "CPU")
    if gpu and gpu >= total:
        where = translate("ModelsPanel", "All {layers} run on the GPU ({backend}).")
    elif gpu:
        where = translate("ModelsPanel", "{gpu} of {layers} run on the GPU ({backend}); the rest on the CPU.")
    elif capabilities and not capabilities.get("gpu_offload"):
        where = translate("ModelsPanel", "All {layers} run on the CPU (this llama.cpp build has no GPU support).")
    else:
        where = translate("ModelsPanel", "All {layers} run on the CPU (GPU layers is set to 0).")
    where = where.format(layers=layers, gpu=gpu, backend=backend)
    buffers = result.get("buffers_mib", {})
    n_threads = int(result.get("n_threads") or 0)  # a plain name: lupdate misses translate(..., int(x))
    if n_threads and result.get("threads_auto"):
        threads = translate("ModelsPanel", "%n CPU thread(s) (Auto: one per physical core)", "", n_threads)
    elif n_threads:
        threads = translate("ModelsPanel", "%n CPU thread(s)", "", n_threads)
    else:
        threads = translate("ModelsPanel", "automatic CPU threads")

    def mib(kind: str) -> str:
        slot = buffers.get(kind, {})
        parts = [f"{v:,.0f} MiB {k.upper()}" for k, v in slot.items() if v >= 0.5]
        return " + ".join(parts) or "0 MiB"

    return translate(
        "ModelsPanel",
        "Loaded “{name}” in {seconds} s. {where} Context: {n_ctx:,} tokens, {threads}. "
        "Memory: weights {weights}, context cache {cache}, work buffers {buffers}.",
    ).format(
        name=result.get("name", ""),
        seconds=f"{result.get('load_seconds', 0):.2f}",
        where=where,
        n_ctx=result.get("n_ctx", 0),
        threads=threads,
        weights=mib("model"),
        cache=mib("KV"),
        buffers=mib("compute"),
    )


class ModelsPanel(QWidget):
    def __init__(
        self,
        catalog: CatalogService,
        models: ModelService,
        settings: Settings,
        parent: QWidget | None = None,
        remote: RemoteService | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog_service = catalog
        self.models = models
        self.settings = settings
        self.remote = remote  # servers: listed beside the local models when given
        self.servers: ServersList | None = None
        self.gpu: GPUInfo | None = None
        self._selected: CatalogEntry | None = None
        self._has_outcome = False  # the result line holds a load's news (kept as written on a language change)
        self._build()
        catalog.changed.connect(self._on_catalog)
        catalog.scanning.connect(self._on_scanning)
        models.stateChanged.connect(self._on_state)
        models.loadProgress.connect(self._on_progress)
        models.loaded.connect(self._on_loaded)
        models.unloaded.connect(self._on_unloaded)
        models.loadFailed.connect(self._on_error)
        models.loadCancelled.connect(self._on_cancelled)
        models.hostDied.connect(self._on_error)
        models.capabilitiesChanged.connect(lambda _c: self._update_hardware())
        catalog.worker.submit(detect_gpu, on_success=self._on_gpu)
        self.retranslate()
        on_language_change(self, self.retranslate)
        self._on_state(models.state)

    def retranslate(self) -> None:
        """Every static text again in the current language, and the texts that follow the state (at start
        and when the language changes). A load's outcome keeps the language it was written in."""
        self.add_file_btn.setText(self.tr("Add model…"))
        self.add_file_btn.setToolTip(self.tr("Add a .gguf file. You can also drag one onto the window."))
        self.add_folder_btn.setText(self.tr("Add folder…"))
        self.add_folder_btn.setToolTip(self.tr("Watch another folder for .gguf files."))
        self.remove_btn.setText(self.tr("Remove"))
        self.open_folder_btn.setText(self.tr("Open models folder"))
        self.rescan_btn.setText(self.tr("Rescan"))
        self.copy_folder_btn.setText(self.tr("Copy path"))
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in COLUMNS])
        for col, tip in enumerate(COLUMN_TIPS):
            header_item = self.table.horizontalHeaderItem(col)
            if header_item is not None:
                header_item.setToolTip(self.tr(tip) if tip else "")
        if self.servers_box is not None:
            self.servers_box.setTitle(self.tr("Servers"))
            self.servers_box.setToolTip(
                self.tr("OpenAI-compatible servers, for models too big for this machine or one GPU shared by a room.")
            )
        self.details_box.setTitle(self.tr("Details"))
        self.load_box.setTitle(self.tr("Load settings"))
        self.gpu_layers.setSpecialValueText(self.tr("All"))
        self.n_ctx.setToolTip(
            self.tr("How many tokens the model can see at once (prompt + answer). Bigger needs more memory.")
        )
        self.gpu_layers_label.setText(self.tr("GPU layers"))
        self.n_ctx_label.setText(self.tr("Context size"))
        self.n_threads_label.setText(self.tr("CPU threads"))
        self.load_btn.setText(self.tr("Load"))
        self.unload_btn.setText(self.tr("Unload"))
        self.cancel_btn.setText(self.tr("Cancel"))
        self.autoload.setText(self.tr("Load the last used model at start"))
        self.autoload.setToolTip(
            self.tr("When the app starts, load the model that was loaded when it was last closed.")
        )
        self.hw_box.setTitle(self.tr("This machine"))
        if self.gpu is None and self.models.capabilities is None:
            self.hardware.setText(html.escape(self.tr("Checking what this machine can do…")))
        else:
            self._update_hardware()
        if not self._has_outcome:
            self.result.setText(self.tr("No model loaded."))
        self._update_threads()
        self._update_ctx_note()
        self._show_details(self._selected)
        self._mark_loaded((self.models.model or {}).get("path"))
        self._update_buttons()

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        root = scrolling_page(self)
        bar = QHBoxLayout()
        # Texts are set in retranslate().
        self.add_file_btn = QPushButton()
        self.add_folder_btn = QPushButton()
        self.remove_btn = QPushButton()
        self.open_folder_btn = QPushButton()
        self.rescan_btn = QPushButton()
        for b in (self.add_file_btn, self.add_folder_btn, self.remove_btn, self.open_folder_btn, self.rescan_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        self.scan_label = QLabel("")
        bar.addWidget(self.scan_label)
        root.addLayout(bar)
        self.add_file_btn.clicked.connect(self._pick_file)
        self.add_folder_btn.clicked.connect(self._pick_folder)
        self.remove_btn.clicked.connect(self.remove_selected)
        self.open_folder_btn.clicked.connect(self._open_models_folder)
        self.rescan_btn.clicked.connect(lambda: self.catalog_service.rescan(announce=True))

        # Shown where no file manager opens the folder: the path, to copy.
        self.folder_row = QFrame()
        folder_layout = QHBoxLayout(self.folder_row)
        folder_layout.setContentsMargins(0, 0, 0, 0)
        self.folder_path = plain_label("")
        self.folder_path.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_path.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.copy_folder_btn = QPushButton()
        self.copy_folder_btn.clicked.connect(self._copy_folder_path)
        folder_layout.addWidget(self.folder_path, 1)
        folder_layout.addWidget(self.copy_folder_btn)
        self.folder_row.setVisible(False)
        root.addWidget(self.folder_row)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([str(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        # Whole names, never "Sm…": columns fit their text and the table scrolls sideways when narrow.
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setWordWrap(False)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.setMinimumWidth(220)
        self.table.itemSelectionChanged.connect(self._on_select)
        self.table.doubleClicked.connect(lambda _i: self.load_selected())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.activated.connect(self.remove_selected)
        self.servers_box: QGroupBox | None = None
        if self.remote is None:
            split.addWidget(self.table)
        else:  # the local models above, the servers below, in one column
            column = QSplitter(Qt.Orientation.Vertical)
            column.setChildrenCollapsible(False)
            column.addWidget(self.table)
            servers_box = QGroupBox()
            self.servers_box = servers_box
            servers_layout = QVBoxLayout(servers_box)
            self.servers = ServersList(self.remote)
            servers_layout.addWidget(self.servers)
            column.addWidget(servers_box)
            column.setStretchFactor(0, 3)
            column.setStretchFactor(1, 2)
            split.addWidget(column)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 4, 0)
        self.details_box = QGroupBox()
        self.details = QFormLayout(self.details_box)
        self.details.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.details_error = plain_label("")
        self.details_error.setWordWrap(True)
        self.details_error.setStyleSheet(ERROR_STYLE)
        side_layout.addWidget(self.details_box)
        side_layout.addWidget(self.details_error)

        load_box = QGroupBox()
        self.load_box = load_box
        form = QFormLayout(load_box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        options = self.settings.load_options()
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(-1, 999)
        self.gpu_layers.setSpecialValueText("All")
        self.gpu_layers.setValue(options["n_gpu_layers"])
        self.gpu_layers.setToolTip(self.tr(GPU_LAYERS_HELP))
        self.n_ctx = QSpinBox()
        self.n_ctx.setRange(256, 262144)
        self.n_ctx.setSingleStep(512)
        self.n_ctx.setGroupSeparatorShown(True)
        self.n_ctx.setValue(options["n_ctx"])
        self.n_ctx.valueChanged.connect(lambda _v: self._update_ctx_note())
        self.ctx_note = plain_label("")
        self.ctx_note.setWordWrap(True)
        self.n_threads = QSpinBox()
        self.n_threads.setRange(0, max(os.cpu_count() or 1, 1) * 2)
        self.n_threads.setSpecialValueText("Auto")
        self.n_threads.setValue(options["n_threads"])
        self.n_threads.setToolTip(self.tr(THREADS_HELP))
        for spin in (self.gpu_layers, self.n_ctx, self.n_threads):
            spin.setMinimumWidth(spin.minimumSizeHint().width() + 24)  # room for "Auto (16)" and 262,144
        self.gpu_layers_label = QLabel()
        self.n_ctx_label = QLabel()
        self.n_threads_label = QLabel()
        form.addRow(self.gpu_layers_label, self.gpu_layers)
        form.addRow(self.n_ctx_label, self.n_ctx)
        form.addRow("", self.ctx_note)
        form.addRow(self.n_threads_label, self.n_threads)
        side_layout.addWidget(load_box)

        buttons = QHBoxLayout()
        self.load_btn = QPushButton()
        self.load_btn.setDefault(True)
        self.unload_btn = QPushButton()
        self.cancel_btn = QPushButton()
        for b in (self.load_btn, self.unload_btn, self.cancel_btn):
            buttons.addWidget(b)
        side_layout.addLayout(buttons)
        self.load_btn.clicked.connect(self.load_selected)
        self.unload_btn.clicked.connect(self.models.unload)
        self.cancel_btn.clicked.connect(self.models.cancel)
        self.autoload = QCheckBox()
        self.autoload.setChecked(self.settings.get_bool(AUTOLOAD_KEY, True))
        self.autoload.toggled.connect(lambda on: self.settings.set(AUTOLOAD_KEY, bool(on)))
        side_layout.addWidget(self.autoload)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        side_layout.addWidget(self.progress)
        self.result = plain_label("")  # holds the model's own name: plain text
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side_layout.addWidget(self.result)

        hw_box = QGroupBox()
        self.hw_box = hw_box
        hw_layout = QVBoxLayout(hw_box)
        self.hardware = QLabel("")
        self.hardware.setWordWrap(True)
        self.hardware.setTextFormat(Qt.TextFormat.RichText)
        hw_layout.addWidget(self.hardware)
        side_layout.addWidget(hw_box)
        self.fit_view = FitView()  # will it fit: the selected model's memory, and a calculator
        side_layout.addWidget(self.fit_view)
        self.n_ctx.valueChanged.connect(self.fit_view.set_context)
        side_layout.addStretch(1)

        # Below about 1024x640 the side column scrolls instead of squeezing its rows together.
        self.side_scroll = QScrollArea()
        self.side_scroll.setWidget(side)
        self.side_scroll.setWidgetResizable(True)
        self.side_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.side_scroll.setMinimumWidth(280)
        split.addWidget(self.side_scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        root.addWidget(split, 1)
        self._update_threads()

    # -- catalog -----------------------------------------------------------------------------------
    def _on_scanning(self, busy: bool) -> None:
        self.scan_label.setText(self.tr("Scanning for models…") if busy else "")

    def _on_catalog(self, catalog: Catalog) -> None:
        selected = self._selected.path if self._selected else None
        loaded = (self.models.model or {}).get("path")
        with QSignalBlocker(self.table):
            self.table.setRowCount(len(catalog.entries))
            for row, entry in enumerate(catalog.entries):
                self._fill_row(row, entry, loaded)
        target = next((r for r, e in enumerate(catalog.entries) if e.path == selected), 0)
        if catalog.entries:
            self.table.selectRow(target)
        else:
            self.table.clearSelection()
        self._on_select()

    def _fill_row(self, row: int, entry: CatalogEntry, loaded: str | None) -> None:
        info = entry.info
        name = entry.display_name
        if info is not None:
            cells = [name, info.parameters_text, info.quantization, info.size_text]
            status = self._status_text(entry, loaded == str(entry.path))
        else:
            try:
                size = entry.path.stat().st_size
            except OSError:
                size = 0
            cells = [name, "–", "–", human_size(size)]
            status = self.tr("Cannot read")
        for col, text in enumerate([*cells, status]):
            item = QTableWidgetItem(text)
            item.setData(PATH_ROLE, str(entry.path))
            item.setToolTip(plain_tooltip(str(entry.path)))
            if info is None:
                item.setForeground(QColor("#c0392b"))
            self.table.setItem(row, col, item)

    def _status_text(self, entry: CatalogEntry, loaded: bool) -> str:
        if loaded:
            return self.tr("Loaded")
        return self.tr("Bundled") if entry.bundled else self.tr("Ready")

    def _entry_at(self, row: int) -> CatalogEntry | None:
        entries = self.catalog_service.catalog.entries
        return entries[row] if 0 <= row < len(entries) else None

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._selected = self._entry_at(rows[0].row()) if rows else None
        self._show_details(self._selected)
        self._update_ctx_note()
        entry = self._selected
        readable = entry.path if entry is not None and entry.info is not None else None
        self.fit_view.set_model(readable, self.n_ctx.value())
        self._update_buttons()

    def _show_details(self, entry: CatalogEntry | None) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        self.details_error.setText("")
        self.details_error.setVisible(False)
        if entry is None:
            hint = plain_label(self.tr("Add a .gguf model, or drop one onto the window."))
            hint.setWordWrap(True)
            self.details.addRow(hint)
            return
        if entry.info is None:
            self.details.addRow(self.tr("File"), plain_label(entry.path.name))
            self.details_error.setText(error_text(entry.error) if entry.error else self.tr("This file cannot be read."))
            self.details_error.setVisible(True)
            return
        info = entry.info
        for label, value in self._info_rows(info):
            if value == str(info.path):  # a path has no spaces to wrap at: a read-only line that scrolls
                field = QLineEdit(value)
                field.setReadOnly(True)
                field.setFrame(False)
                field.setCursorPosition(0)
                field.setToolTip(plain_tooltip(value))
                field.setStyleSheet("background: transparent;")
                self.details.addRow(label, field)
                continue
            text = plain_label(value)  # names, licenses and paths come from the file: never HTML
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(label, text)
        if info.n_layers:
            more = self.tr(
                "This model has {layers} layers; llama.cpp counts one more, the output layer, so “All” means {all}."
            )
            self.gpu_layers.setToolTip(
                self.tr(GPU_LAYERS_HELP) + " " + more.format(layers=info.n_layers, all=info.n_layers + 1)
            )

    def _info_rows(self, info: ModelInfo) -> list[tuple[str, str]]:
        """(label, value) for the Details box; the last row is the file's path."""
        unknown = self.tr("not stated")

        def tokens(value: int | None, trained: bool = False) -> str:
            if value is None:
                return unknown
            text = self.tr("{n:,} tokens (trained)") if trained else self.tr("{n:,} tokens")
            return text.format(n=value)

        if info.n_layers:
            layers = self.tr("{layers} (llama.cpp counts one more, the output layer: {all})").format(
                layers=info.n_layers, all=info.n_layers + 1
            )
        else:
            layers = unknown
        return [
            (self.tr("Name"), info.name),
            (self.tr("Architecture"), info.architecture),
            (self.tr("Parameters"), f"{info.parameters_text} ({info.parameters:,})"),
            (self.tr("Quantization"), info.quantization),
            (self.tr("Context length"), tokens(info.context_length, trained=True)),
            (self.tr("Vocabulary"), tokens(info.vocab_size)),
            (self.tr("Layers"), layers),
            (
                self.tr("Chat template"),
                self.tr("yes") if info.has_chat_template else self.tr("no (a base model: use raw completion)"),
            ),
            (self.tr("File size"), info.size_text),
            (self.tr("License"), info.license or unknown),
            (self.tr("File"), str(info.path)),
        ]

    def _trained_context(self) -> int | None:
        info = self._selected.info if self._selected is not None else None
        return info.context_length if info is not None else None

    def _update_ctx_note(self) -> None:
        """The selected model's own context limit, and a warning when the chosen size is above it."""
        trained = self._trained_context()
        if not trained:
            self.ctx_note.setText("")
            self.ctx_note.setStyleSheet("")
            return
        if self.n_ctx.value() > trained:
            self.ctx_note.setText(
                self.tr(
                    "Above this model's own limit of {n:,} tokens: it never saw longer text, so answers "
                    "past that point degrade, and the extra cache costs memory."
                ).format(n=trained)
            )
            self.ctx_note.setStyleSheet(ERROR_STYLE)
        else:
            self.ctx_note.setText(self.tr("This model's own limit: {n:,} tokens.").format(n=trained))
            self.ctx_note.setStyleSheet("color: palette(placeholder-text);")

    # -- actions -----------------------------------------------------------------------------------
    def _pick_file(self) -> None:
        files = file_dialogs.open_file_names(
            self,
            "models",
            self.tr("Add a GGUF model"),
            self.tr("GGUF models (*.gguf);;All files (*)"),
            self.settings,
        )
        if files:
            self.catalog_service.add_paths([Path(f) for f in files])

    def _pick_folder(self) -> None:
        folder = file_dialogs.existing_directory(self, "models", self.tr("Add a folder of models"), self.settings)
        if folder:
            self.catalog_service.add_paths([Path(folder)])

    def _open_models_folder(self) -> None:
        folder = self.catalog_service.folders()[0]
        with contextlib.suppress(OSError):  # the path is still shown, to copy
            folder.mkdir(parents=True, exist_ok=True)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        text = (
            self.tr("Models folder: {folder}")
            if opened
            else self.tr("No file manager opened it. The models folder: {folder}")
        )
        self.folder_path.setText(text.format(folder=folder))
        self.folder_path.setToolTip(plain_tooltip(str(folder)))
        self.folder_row.setVisible(not opened)

    def _copy_folder_path(self) -> None:
        QGuiApplication.clipboard().setText(str(self.catalog_service.folders()[0]))
        bridge().show_info(self.tr("Copied the models folder's path."))

    def _table_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        entry = self._entry_at(index.row()) if index.isValid() else None
        if entry is None:
            return
        self.table.selectRow(index.row())
        menu = QMenu(self)
        load = menu.addAction(self.tr("Load"))
        load.setEnabled(self.load_btn.isEnabled())
        load.triggered.connect(self.load_selected)
        remove = menu.addAction(self._remove_text(entry))
        remove.setEnabled(self.catalog_service.removable(entry.path) is not None)
        remove.triggered.connect(self.remove_selected)
        copy = menu.addAction(self.tr("Copy path"))
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(str(entry.path)))
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self._menu = menu  # kept for tests and so it is not collected while open

    def _remove_text(self, entry: CatalogEntry) -> str:
        target = self.catalog_service.removable(entry.path)
        if target is not None and target != entry.path:
            return self.tr("Remove the folder “{name}” from the list").format(name=target.name)
        return self.tr("Remove from the list")

    def remove_selected(self) -> None:
        """Take the selected added model (or the added folder it came from) off the list, for good."""
        entry = self._selected
        if entry is None:
            return
        removed = self.catalog_service.remove(entry.path)
        if removed is None:
            return
        if removed != entry.path:
            text = self.tr("Removed the folder {folder} from the list; the files stay on disk.").format(folder=removed)
        else:
            text = self.tr("Removed “{name}” from the list; the file stays on disk.").format(name=entry.display_name)
        bridge().show_info(text)

    def select_path(self, path: Path) -> None:
        for row, entry in enumerate(self.catalog_service.catalog.entries):
            if entry.path == path:
                self.table.selectRow(row)
                return

    def load_options(self) -> dict[str, int]:
        return {
            "n_gpu_layers": self.gpu_layers.value(),
            "n_ctx": self.n_ctx.value(),
            "n_threads": self.n_threads.value(),
        }

    def load_selected(self) -> None:
        entry = self._selected
        if entry is None or entry.info is None:
            return
        options = self.load_options()
        self.settings.set_load_options(options)
        if self.models.load(entry.path, **options):
            self.result.setStyleSheet("")
            self.result.setText(self.tr("Loading “{name}”…").format(name=entry.info.name))
            self._has_outcome = True
        else:
            self.result.setText(self.tr("The model is busy (a load or a generation is running): stop it first."))

    # -- model service events ----------------------------------------------------------------------
    def _update_buttons(self) -> None:
        loading = self.models.state == "loading"
        busy = self.models.busy()
        readable = self._selected is not None and self._selected.info is not None
        self.load_btn.setEnabled(readable and not busy)
        self.load_btn.setToolTip(self.tr("Stop the running generation first.") if busy and not loading else "")
        self.unload_btn.setEnabled(self.models.model is not None and not loading)
        self.cancel_btn.setEnabled(loading)
        self.progress.setVisible(loading)
        removable = self._selected is not None and self.catalog_service.removable(self._selected.path) is not None
        self.remove_btn.setEnabled(removable)
        if self._selected is not None and not removable:
            if self._selected.bundled:
                tip = self.tr("Only models you added can be removed here (it comes with the app).")
            else:
                tip = self.tr(
                    "Only models you added can be removed here (delete or move the file in the models folder)."
                )
            self.remove_btn.setToolTip(tip)
        elif self._selected is not None:
            self.remove_btn.setToolTip(
                self.tr("{action} (the file stays on disk). Delete key.").format(
                    action=self._remove_text(self._selected)
                )
            )
        else:
            self.remove_btn.setToolTip(
                self.tr("Take the selected added model off the list (the file stays on disk). Delete key.")
            )

    def _on_state(self, _state: str) -> None:
        self._update_buttons()

    def _on_progress(self, stage: str, fraction: float) -> None:
        self.progress.setVisible(True)
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat(f"{stage} – {fraction:.0%}")

    def _mark_loaded(self, path: str | None) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            status = self.table.item(row, len(COLUMNS) - 1)
            entry = self._entry_at(row)
            if item is None or status is None or entry is None or entry.info is None:
                continue
            status.setText(self._status_text(entry, item.data(PATH_ROLE) == path))

    def _show_outcome(self, text: str, loaded_path: str | None = None, error: bool = False) -> None:
        self._has_outcome = True
        self.result.setText(text)
        self.result.setStyleSheet(ERROR_STYLE if error else "")
        self._mark_loaded(loaded_path)
        self._update_buttons()

    def _on_loaded(self, result: dict[str, Any]) -> None:
        self.fit_view.set_measured(result)
        text = describe_load(result, self.models.capabilities)
        entry = self.catalog_service.catalog.find(Path(str(result.get("path", ""))))
        trained = entry.info.context_length if entry is not None and entry.info is not None else None
        n_ctx = int(result.get("n_ctx", 0))
        if trained and n_ctx > trained:
            text += " " + self.tr(
                "Note: the context ({n_ctx:,}) is above the model's own limit of {trained:,} tokens."
            ).format(n_ctx=n_ctx, trained=trained)
        self._show_outcome(text, result.get("path"))

    def _on_unloaded(self) -> None:
        self._show_outcome(self.tr("Model unloaded; its memory is free again."))

    def _on_cancelled(self) -> None:
        self._show_outcome(self.tr("Loading cancelled."))

    def _on_error(self, message: str, _details: str) -> None:
        """A failed load or a dead host: the message in red, and no model marked as loaded."""
        self._show_outcome(message, error=True)

    # -- hardware ----------------------------------------------------------------------------------
    def _on_gpu(self, gpu: GPUInfo) -> None:
        self.gpu = gpu
        self._update_hardware()

    def _update_threads(self) -> None:
        """Say in the CPU threads box what Auto chose (the host reports it when it starts)."""
        auto = (self.models.capabilities or {}).get("auto_threads")
        self.n_threads.setSpecialValueText(self.tr("Auto ({n})").format(n=auto) if auto else self.tr("Auto"))
        help_text = self.tr(THREADS_HELP)
        if auto:
            help_text += " " + self.tr("Here Auto is %n thread(s).", "", int(auto))
        self.n_threads.setToolTip(help_text)

    def _update_hardware(self) -> None:
        caps = self.models.capabilities
        self._update_threads()
        lines: list[str] = []
        cores = os.cpu_count() or 1
        physical = psutil.cpu_count(logical=False)
        auto = (caps or {}).get("auto_threads")
        if physical:
            cpu = self.tr("CPU: {physical} physical cores, {logical} logical").format(physical=physical, logical=cores)
        else:
            cpu = self.tr("CPU: {logical} logical cores").format(logical=cores)
        if auto:
            lines.append(self.tr("{cpu}; Auto uses %n thread(s).", "", int(auto)).format(cpu=html.escape(cpu)))
        else:
            lines.append(self.tr("{cpu}.").format(cpu=html.escape(cpu)))
        if self.gpu is not None:
            names = html.escape(", ".join(self.gpu.names))
            lines.append(
                self.tr("GPU: {names}.").format(names=names)
                if self.gpu.present
                else html.escape(self.tr("GPU: none found."))
            )
        if caps is None:
            lines.append(html.escape(self.tr("llama.cpp: starting the model host…")))
        else:
            version = html.escape(str(caps.get("llama_cpp_version", "?")))
            if caps.get("gpu_offload"):
                backend = html.escape(str(caps.get("backend")))
                lines.append(
                    self.tr("llama.cpp {version}: built with {backend} — layers can be offloaded to the GPU.").format(
                        version=version, backend=backend
                    )
                )
            else:
                lines.append(
                    self.tr("llama.cpp {version}: CPU-only build — every layer runs on the CPU.").format(
                        version=version
                    )
                )
                hint = rebuild_hint(self.gpu) if self.gpu is not None else ""
                if hint:
                    lines.append(f"<b>{html.escape(hint)}</b>")
        self.hardware.setText("<br>".join(lines))
