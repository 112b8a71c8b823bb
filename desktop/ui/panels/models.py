"""Models panel: the catalog with metadata read before loading, load settings, load/unload with
progress, and what this machine and this build can do."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSignalBlocker, Qt, QUrl
from PySide6.QtGui import QColor, QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.catalog import Catalog, CatalogEntry, ModelInfo
from desktop.core.hardware import GPUInfo, detect_gpu, rebuild_hint
from desktop.core.units import human_size
from desktop.services.catalog_service import CatalogService
from desktop.services.model_service import ModelService
from desktop.services.settings import Settings

COLUMNS = ("Model", "Parameters", "Quantization", "Size", "Status")
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
GPU_LAYERS_HELP = (
    "How many of the model's layers run on the GPU. More is faster while they fit in GPU memory. "
    "“All” puts every layer there; 0 keeps everything on the CPU."
)


def describe_load(result: dict[str, Any], capabilities: dict[str, Any] | None) -> str:
    """The outcome of a load in plain words."""
    gpu = result.get("layers_on_gpu", 0)
    total = result.get("layers_total", 0)
    backend = (capabilities or {}).get("backend", "CPU")
    if gpu and gpu >= total:
        where = f"All {total} layers run on the GPU ({backend})."
    elif gpu:
        where = f"{gpu} of {total} layers run on the GPU ({backend}); the rest on the CPU."
    elif capabilities and not capabilities.get("gpu_offload"):
        where = f"All {total} layers run on the CPU (this llama.cpp build has no GPU support)."
    else:
        where = f"All {total} layers run on the CPU (GPU layers is set to 0)."
    buffers = result.get("buffers_mib", {})
    n_threads = result.get("n_threads")
    threads = f"{n_threads} CPU thread{'s' if n_threads != 1 else ''}" if n_threads else "automatic CPU threads"

    def mib(kind: str) -> str:
        slot = buffers.get(kind, {})
        parts = [f"{v:,.0f} MiB {k.upper()}" for k, v in slot.items() if v >= 0.5]
        return " + ".join(parts) or "0 MiB"

    return (
        f"Loaded “{result.get('name', '')}” in {result.get('load_seconds', 0):.2f} s. {where} "
        f"Context: {result.get('n_ctx', 0):,} tokens, {threads}. "
        f"Memory: weights {mib('model')}, context cache {mib('KV')}, work buffers {mib('compute')}."
    )


class ModelsPanel(QWidget):
    def __init__(
        self, catalog: CatalogService, models: ModelService, settings: Settings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.catalog_service = catalog
        self.models = models
        self.settings = settings
        self.gpu: GPUInfo | None = None
        self._selected: CatalogEntry | None = None
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
        self._on_state(models.state)

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.add_file_btn = QPushButton("Add model…")
        self.add_file_btn.setToolTip("Add a .gguf file. You can also drag one onto the window.")
        self.add_folder_btn = QPushButton("Add folder…")
        self.add_folder_btn.setToolTip("Watch another folder for .gguf files.")
        self.open_folder_btn = QPushButton("Open models folder")
        self.rescan_btn = QPushButton("Rescan")
        for b in (self.add_file_btn, self.add_folder_btn, self.open_folder_btn, self.rescan_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        self.scan_label = QLabel("")
        bar.addWidget(self.scan_label)
        root.addLayout(bar)
        self.add_file_btn.clicked.connect(self._pick_file)
        self.add_folder_btn.clicked.connect(self._pick_folder)
        self.open_folder_btn.clicked.connect(self._open_models_folder)
        self.rescan_btn.clicked.connect(self.catalog_service.rescan)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COLUMNS)):
            self.table.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._on_select)
        self.table.doubleClicked.connect(lambda _i: self.load_selected())
        split.addWidget(self.table)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.details_box = QGroupBox("Details")
        self.details = QFormLayout(self.details_box)
        self.details_error = QLabel("")
        self.details_error.setWordWrap(True)
        self.details_error.setStyleSheet("color: #c0392b;")
        side_layout.addWidget(self.details_box)
        side_layout.addWidget(self.details_error)

        load_box = QGroupBox("Load settings")
        form = QFormLayout(load_box)
        options = self.settings.load_options()
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(-1, 999)
        self.gpu_layers.setSpecialValueText("All")
        self.gpu_layers.setValue(options["n_gpu_layers"])
        self.gpu_layers.setToolTip(GPU_LAYERS_HELP)
        self.n_ctx = QSpinBox()
        self.n_ctx.setRange(256, 262144)
        self.n_ctx.setSingleStep(512)
        self.n_ctx.setValue(options["n_ctx"])
        self.n_ctx.setToolTip("How many tokens the model can see at once (prompt + answer). Bigger needs more memory.")
        self.n_threads = QSpinBox()
        self.n_threads.setRange(0, max(os.cpu_count() or 1, 1) * 2)
        self.n_threads.setSpecialValueText("Auto")
        self.n_threads.setValue(options["n_threads"])
        self.n_threads.setToolTip("CPU threads for generation. Auto uses about half of your cores.")
        form.addRow("GPU layers", self.gpu_layers)
        form.addRow("Context size", self.n_ctx)
        form.addRow("CPU threads", self.n_threads)
        side_layout.addWidget(load_box)

        buttons = QHBoxLayout()
        self.load_btn = QPushButton("Load")
        self.load_btn.setDefault(True)
        self.unload_btn = QPushButton("Unload")
        self.cancel_btn = QPushButton("Cancel")
        for b in (self.load_btn, self.unload_btn, self.cancel_btn):
            buttons.addWidget(b)
        side_layout.addLayout(buttons)
        self.load_btn.clicked.connect(self.load_selected)
        self.unload_btn.clicked.connect(self.models.unload)
        self.cancel_btn.clicked.connect(self.models.cancel)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        side_layout.addWidget(self.progress)
        self.result = QLabel("No model loaded.")
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        side_layout.addWidget(self.result)

        hw_box = QGroupBox("This machine")
        hw_layout = QVBoxLayout(hw_box)
        self.hardware = QLabel("Checking what this machine can do…")
        self.hardware.setWordWrap(True)
        self.hardware.setTextFormat(Qt.TextFormat.RichText)
        hw_layout.addWidget(self.hardware)
        side_layout.addWidget(hw_box)
        side_layout.addStretch(1)
        split.addWidget(side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        root.addWidget(split, 1)

    # -- catalog -----------------------------------------------------------------------------------
    def _on_scanning(self, busy: bool) -> None:
        self.scan_label.setText("Scanning for models…" if busy else "")

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
        self._on_select()

    def _fill_row(self, row: int, entry: CatalogEntry, loaded: str | None) -> None:
        info = entry.info
        name = entry.display_name + ("  (bundled)" if entry.bundled else "")
        if info is not None:
            cells = [name, info.parameters_text, info.quantization, info.size_text]
            status = "Loaded" if loaded == str(entry.path) else "Ready"
        else:
            size = entry.path.stat().st_size if entry.path.exists() else 0
            cells = [name, "–", "–", human_size(size)]
            status = "Cannot read"
        for col, text in enumerate([*cells, status]):
            item = QTableWidgetItem(text)
            item.setData(PATH_ROLE, str(entry.path))
            item.setToolTip(str(entry.path))
            if info is None:
                item.setForeground(QColor("#c0392b"))
            self.table.setItem(row, col, item)

    def _entry_at(self, row: int) -> CatalogEntry | None:
        entries = self.catalog_service.catalog.entries
        return entries[row] if 0 <= row < len(entries) else None

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._selected = self._entry_at(rows[0].row()) if rows else None
        self._show_details(self._selected)
        self._update_buttons()

    def _show_details(self, entry: CatalogEntry | None) -> None:
        while self.details.rowCount():
            self.details.removeRow(0)
        self.details_error.setText("")
        if entry is None:
            self.details.addRow(QLabel("Add a .gguf model, or drop one onto the window."))
            return
        if entry.info is None:
            self.details.addRow("File", QLabel(entry.path.name))
            self.details_error.setText(entry.error.message if entry.error else "This file cannot be read.")
            return
        info = entry.info
        for label, value in self._info_rows(info):
            text = QLabel(value)
            text.setWordWrap(True)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.details.addRow(label, text)
        if info.n_layers:
            self.gpu_layers.setToolTip(f"{GPU_LAYERS_HELP} This model has {info.n_layers} layers.")

    @staticmethod
    def _info_rows(info: ModelInfo) -> list[tuple[str, str]]:
        def opt(value: object, fmt: str = "{:,}") -> str:
            return fmt.format(value) if value is not None else "not stated"

        return [
            ("Name", info.name),
            ("Architecture", info.architecture),
            ("Parameters", f"{info.parameters_text} ({info.parameters:,})"),
            ("Quantization", info.quantization),
            ("Context length", opt(info.context_length, "{:,} tokens")),
            ("Vocabulary", opt(info.vocab_size, "{:,} tokens")),
            ("Layers", opt(info.n_layers)),
            ("Chat template", "yes" if info.has_chat_template else "no (a base model: use raw completion)"),
            ("File size", info.size_text),
            ("License", info.license or "not stated"),
            ("File", str(info.path)),
        ]

    # -- actions -----------------------------------------------------------------------------------
    def _pick_file(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, "Add a GGUF model", str(Path.home()), "GGUF models (*.gguf);;All files (*)"
        )
        if files:
            self.catalog_service.add_paths([Path(f) for f in files])

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Add a folder of models", str(Path.home()))
        if folder:
            self.catalog_service.add_paths([Path(folder)])

    def _open_models_folder(self) -> None:
        folder = self.catalog_service.folders()[0]
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

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
            self.result.setText(f"Loading “{entry.info.name}”…")
        else:
            self.result.setText("The model is busy (a load or a generation is running): stop it first.")

    # -- model service events ----------------------------------------------------------------------
    def _update_buttons(self) -> None:
        loading = self.models.state == "loading"
        busy = self.models.busy()
        readable = self._selected is not None and self._selected.info is not None
        self.load_btn.setEnabled(readable and not busy)
        self.load_btn.setToolTip("Stop the running generation first." if busy and not loading else "")
        self.unload_btn.setEnabled(self.models.model is not None and not loading)
        self.cancel_btn.setEnabled(loading)
        self.progress.setVisible(loading)

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
            status.setText("Loaded" if item.data(PATH_ROLE) == path else "Ready")

    def _show_outcome(self, text: str, loaded_path: str | None = None) -> None:
        self.result.setText(text)
        self._mark_loaded(loaded_path)
        self._update_buttons()

    def _on_loaded(self, result: dict[str, Any]) -> None:
        self._show_outcome(describe_load(result, self.models.capabilities), result.get("path"))

    def _on_unloaded(self) -> None:
        self._show_outcome("Model unloaded; its memory is free again.")

    def _on_cancelled(self) -> None:
        self._show_outcome("Loading cancelled.")

    def _on_error(self, message: str, _details: str) -> None:
        """A failed load or a dead host: the message in red, and no model marked as loaded."""
        self._show_outcome(f"<span style='color:#c0392b'>{html.escape(message)}</span>")

    # -- hardware ----------------------------------------------------------------------------------
    def _on_gpu(self, gpu: GPUInfo) -> None:
        self.gpu = gpu
        self._update_hardware()

    def _update_hardware(self) -> None:
        caps = self.models.capabilities
        lines: list[str] = []
        cores = os.cpu_count() or 1
        lines.append(f"CPU: {cores} logical cores.")
        if self.gpu is not None:
            lines.append(f"GPU: {', '.join(self.gpu.names)}." if self.gpu.present else "GPU: none found.")
        if caps is None:
            lines.append("llama.cpp: starting the model host…")
        else:
            version = caps.get("llama_cpp_version", "?")
            if caps.get("gpu_offload"):
                lines.append(
                    f"llama.cpp {version}: built with {caps.get('backend')} — layers can be offloaded to the GPU."
                )
            else:
                lines.append(f"llama.cpp {version}: CPU-only build — every layer runs on the CPU.")
                hint = rebuild_hint(self.gpu) if self.gpu is not None else ""
                if hint:
                    lines.append(f"<b>{html.escape(hint)}</b>")
        self.hardware.setText("<br>".join(lines))
