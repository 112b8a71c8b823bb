"""Models panel: the catalog with metadata read before loading, load settings, load/unload with
progress, what this machine and this build can do, and whether a model will fit.

The shell: it lays the areas out (``table.py``, ``details.py``, ``load.py``, ``hardware.py``, ``fit.py`` and
the Servers list), wires them to the catalog and the model service, and keeps what they share in a
:class:`ModelsState`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGroupBox, QScrollArea, QSplitter, QVBoxLayout, QWidget

from desktop.core.catalog import CatalogEntry
from desktop.core.hardware import GPUInfo
from desktop.services.catalog_service import CatalogService
from desktop.services.model_service import ModelService
from desktop.services.remote_service import RemoteService
from desktop.services.settings import Settings
from desktop.ui.language import on_language_change
from desktop.ui.panels.models.details import DetailsBox
from desktop.ui.panels.models.fit import FitView
from desktop.ui.panels.models.hardware import HardwareBox
from desktop.ui.panels.models.load import LoadBox
from desktop.ui.panels.models.state import CANCELLED, FAILED, LOADED, UNLOADED, ModelsState, Outcome
from desktop.ui.panels.models.table import ModelTable
from desktop.ui.panels.servers import ServersList
from desktop.ui.widgets.fit_scroll import scrolling_page


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
        self.state = ModelsState()
        self._build()
        catalog.changed.connect(self.catalog_view.fill)
        catalog.scanning.connect(self.catalog_view.on_scanning)
        models.stateChanged.connect(lambda _s: self._update_buttons())
        models.loadProgress.connect(self.load_box.show_progress)
        models.loaded.connect(self._on_loaded)
        models.unloaded.connect(lambda: self._show_outcome(Outcome(UNLOADED)))
        models.loadFailed.connect(self._on_error)
        models.loadCancelled.connect(lambda: self._show_outcome(Outcome(CANCELLED)))
        models.hostDied.connect(self._on_error)
        models.capabilitiesChanged.connect(lambda _c: self._update_hardware())
        catalog.gpuFound.connect(self._on_gpu)
        catalog.detect_gpu()
        self.retranslate()
        on_language_change(self, self.retranslate)
        self.catalog_view.fill(catalog.catalog)  # built after a scan: the list it found
        if models.model is not None:  # built after a load (the app opened on another panel): say what is loaded
            self._on_loaded(models.model)

    def _build(self) -> None:
        root = scrolling_page(self)
        self.catalog_view = ModelTable(
            self.catalog_service, self.settings, self._loaded_path, lambda: self.load_btn.isEnabled(), self
        )
        root.addWidget(self.catalog_view.bar)
        root.addWidget(self.catalog_view.folder_row)
        self.catalog_view.selected.connect(self._on_select)
        self.catalog_view.loadRequested.connect(self.load_selected)
        self.table = self.catalog_view.table
        self.rescan_btn, self.remove_btn = self.catalog_view.rescan_btn, self.catalog_view.remove_btn
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        self.servers: ServersList | None = None
        self.servers_box: QGroupBox | None = None
        if self.remote is None:
            split.addWidget(self.table)
        else:  # the local models above, the servers below, in one column
            column = QSplitter(Qt.Orientation.Vertical)
            column.setChildrenCollapsible(False)
            column.addWidget(self.table)
            self.servers_box = QGroupBox()
            servers_layout = QVBoxLayout(self.servers_box)
            self.servers = ServersList(self.remote)
            servers_layout.addWidget(self.servers)
            column.addWidget(self.servers_box)
            column.setStretchFactor(0, 3)
            column.setStretchFactor(1, 2)
            split.addWidget(column)
        split.addWidget(self._build_side())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        root.addWidget(split, 1)

    def _build_side(self) -> QScrollArea:
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 4, 0)
        self.details_box = DetailsBox()
        self.details = self.details_box.details
        side_layout.addWidget(self.details_box)
        self.load_box = LoadBox(self.models, self.settings)
        self.load_box.load_btn.clicked.connect(self.load_selected)
        self.load_box.n_ctx.valueChanged.connect(lambda _v: self.load_box.update_ctx_note(self.state.trained_context()))
        self.load_btn, self.autoload, self.result = self.load_box.load_btn, self.load_box.autoload, self.load_box.result
        self.gpu_layers, self.n_ctx, self.n_threads = (
            self.load_box.gpu_layers,
            self.load_box.n_ctx,
            self.load_box.n_threads,
        )
        side_layout.addWidget(self.load_box)
        self.hw_box = HardwareBox()
        side_layout.addWidget(self.hw_box)
        # will it fit: the selected model's memory, and a calculator
        self.fit_view = FitView(self.catalog_service.machine_memory)
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
        return self.side_scroll

    def retranslate(self) -> None:
        """Every text again in the current language, at start and when the language changes, the outcome of
        the last load included (it is kept as what happened, not as words)."""
        self.catalog_view.retranslate()
        if self.servers_box is not None:
            self.servers_box.setTitle(self.tr("Servers"))
            self.servers_box.setToolTip(
                self.tr("OpenAI-compatible servers, for models too big for this machine or one GPU shared by a room.")
            )
        self.details_box.retranslate()
        self.load_box.retranslate(self.state.outcome, self.state.trained_context(), self._auto_threads())
        self.hw_box.retranslate()
        self._update_hardware()
        self._update_buttons()

    # -- selection ---------------------------------------------------------------------------------
    def _loaded_path(self) -> str | None:
        path = (self.models.model or {}).get("path")
        return str(path) if path else None

    def _on_select(self, entry: CatalogEntry | None) -> None:
        self.state.selected = entry
        self.details_box.show_entry(entry)
        info = entry.info if entry is not None else None
        self.load_box.set_layers(info.n_layers if info is not None else None)
        self.load_box.update_ctx_note(self.state.trained_context())
        if entry is not None and info is not None:
            self.fit_view.set_model(entry.path, self.n_ctx.value(), entry.display_name, info.shape)
        else:
            self.fit_view.set_model(None, self.n_ctx.value())
        self._update_buttons()

    def select_path(self, path: Path) -> None:
        self.catalog_view.select_path(path)

    # -- loading -----------------------------------------------------------------------------------
    def load_options(self) -> dict[str, int]:
        return self.load_box.options()

    def load_selected(self) -> None:
        outcome = self.load_box.load(self.state.selected)
        if outcome is not None:
            self._show_outcome(outcome)

    def _update_buttons(self) -> None:
        entry = self.state.selected
        self.load_box.update_buttons(entry is not None and entry.info is not None)
        self.catalog_view.update_remove()

    def _show_outcome(self, outcome: Outcome) -> None:
        self.state.outcome = outcome
        self.load_box.show_outcome(outcome)
        self.catalog_view.mark_loaded(self._loaded_path())
        self._update_buttons()

    def _on_loaded(self, result: dict[str, Any]) -> None:
        entry = self.catalog_service.catalog.find(Path(str(result.get("path", ""))))
        self.fit_view.set_measured(result, entry.info.shape if entry is not None and entry.info is not None else None)
        trained = entry.info.context_length if entry is not None and entry.info is not None else None
        self._show_outcome(Outcome(LOADED, result=dict(result), capabilities=self.models.capabilities, trained=trained))

    def _on_error(self, message: str, _details: str) -> None:
        """A failed load or a dead host: the message in red, and no model marked as loaded."""
        self._show_outcome(Outcome(FAILED, message=message))

    # -- hardware ----------------------------------------------------------------------------------
    def _auto_threads(self) -> int | None:
        auto = (self.models.capabilities or {}).get("auto_threads")
        return int(auto) if auto else None

    def _on_gpu(self, gpu: GPUInfo) -> None:
        self.state.gpu = gpu
        self._update_hardware()

    def _update_hardware(self) -> None:
        self.load_box.update_threads(self._auto_threads())
        self.hw_box.show_machine(self.state.gpu, self.models.capabilities)
