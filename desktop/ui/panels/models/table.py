"""The models on this machine: a toolbar to add, remove, open and rescan, and the table of every GGUF the
catalog found (the bundled ones, the models folder, what was added), with their header's metadata."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QPoint, QSignalBlocker, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.core.catalog import Catalog, CatalogEntry
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.core.units import human_size
from desktop.services.catalog_service import CatalogService
from desktop.services.messages import bridge
from desktop.services.settings import Settings
from desktop.ui.panels.models.common import plain_label, plain_tooltip
from desktop.ui.widgets import file_dialogs

translate = QCoreApplication.translate  # lupdate finds translate("ModelsPanel", "...") by this name
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


class ModelTable(QObject):
    """Three widgets the panel places: ``bar`` (the toolbar, across the page), ``folder_row`` (the models
    folder's path where no file manager opens it) and ``table``. ``loaded``: the path of the loaded model
    (for the Status column); ``can_load``: whether Load is possible now (for the context menu)."""

    selected = Signal(object)  # the selected CatalogEntry, or None
    loadRequested = Signal()

    def __init__(
        self,
        catalog: CatalogService,
        settings: Settings,
        loaded: Callable[[], str | None],
        can_load: Callable[[], bool],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog_service = catalog
        self.settings = settings
        self._loaded, self._can_load = loaded, can_load
        self._selected: CatalogEntry | None = None
        self.bar = self._build_bar()
        self.folder_row = self._build_folder_row()
        self.table = self._build_table()

    def _build_bar(self) -> QWidget:
        widget = QWidget()
        bar = QHBoxLayout(widget)
        bar.setContentsMargins(0, 0, 0, 0)
        self.add_file_btn, self.add_folder_btn = QPushButton(), QPushButton()
        self.remove_btn, self.open_folder_btn, self.rescan_btn = QPushButton(), QPushButton(), QPushButton()
        for b in (self.add_file_btn, self.add_folder_btn, self.remove_btn, self.open_folder_btn, self.rescan_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        self.scan_label = QLabel("")
        bar.addWidget(self.scan_label)
        self.add_file_btn.clicked.connect(self._pick_file)
        self.add_folder_btn.clicked.connect(self._pick_folder)
        self.remove_btn.clicked.connect(self.remove_selected)
        self.open_folder_btn.clicked.connect(self._open_models_folder)
        self.rescan_btn.clicked.connect(lambda: self.catalog_service.rescan(announce=True))
        return widget

    def _build_folder_row(self) -> QFrame:
        """Shown where no file manager opens the folder: the path, to copy."""
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
        return self.folder_row

    def _build_table(self) -> QTableWidget:
        table = QTableWidget(0, len(COLUMNS))
        table.setHorizontalHeaderLabels([str(c) for c in COLUMNS])
        table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        # Whole names, never "Sm…": columns fit their text and the table scrolls sideways when narrow.
        table.setTextElideMode(Qt.TextElideMode.ElideNone)
        table.setWordWrap(False)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = table.horizontalHeader()
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        table.setMinimumWidth(220)
        table.itemSelectionChanged.connect(self._on_select)
        table.doubleClicked.connect(lambda _i: self.loadRequested.emit())
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._table_menu)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), table)
        delete.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        delete.activated.connect(self.remove_selected)
        return table

    def retranslate(self) -> None:
        self.add_file_btn.setText(translate("ModelsPanel", "Add model…"))
        self.add_file_btn.setToolTip(
            translate("ModelsPanel", "Add a .gguf file. You can also drag one onto the window.")
        )
        self.add_folder_btn.setText(translate("ModelsPanel", "Add folder…"))
        self.add_folder_btn.setToolTip(translate("ModelsPanel", "Watch another folder for .gguf files."))
        self.remove_btn.setText(translate("ModelsPanel", "Remove"))
        self.open_folder_btn.setText(translate("ModelsPanel", "Open models folder"))
        self.rescan_btn.setText(translate("ModelsPanel", "Rescan"))
        self.copy_folder_btn.setText(translate("ModelsPanel", "Copy path"))
        self.table.setHorizontalHeaderLabels([translate("ModelsPanel", c) for c in COLUMNS])
        for col, tip in enumerate(COLUMN_TIPS):
            header_item = self.table.horizontalHeaderItem(col)
            if header_item is not None:
                header_item.setToolTip(translate("ModelsPanel", tip) if tip else "")
        self.mark_loaded(self._loaded())
        self.update_remove()

    # -- the list ----------------------------------------------------------------------------------
    def on_scanning(self, busy: bool) -> None:
        self.scan_label.setText(translate("ModelsPanel", "Scanning for models…") if busy else "")

    def fill(self, catalog: Catalog) -> None:
        """Every entry of ``catalog``, the selection kept on the same file (else the first row)."""
        selected = self._selected.path if self._selected else None
        loaded = self._loaded()
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
        if info is not None:
            cells = [entry.display_name, info.parameters_text, info.quantization, info.size_text]
            status = self._status_text(entry, loaded == str(entry.path))
        else:
            try:
                size = entry.path.stat().st_size
            except OSError:
                size = 0
            cells = [entry.display_name, "–", "–", human_size(size)]
            status = translate("ModelsPanel", "Cannot read")
        for col, text in enumerate([*cells, status]):
            item = QTableWidgetItem(text)
            item.setData(PATH_ROLE, str(entry.path))
            item.setToolTip(plain_tooltip(str(entry.path)))
            if info is None:
                item.setForeground(QColor("#c0392b"))
            self.table.setItem(row, col, item)

    @staticmethod
    def _status_text(entry: CatalogEntry, loaded: bool) -> str:
        if loaded:
            return translate("ModelsPanel", "Loaded")
        return translate("ModelsPanel", "Bundled") if entry.bundled else translate("ModelsPanel", "Ready")

    def mark_loaded(self, path: str | None) -> None:
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            status = self.table.item(row, len(COLUMNS) - 1)
            entry = self.entry_at(row)
            if item is None or status is None or entry is None:
                continue
            if entry.info is None:
                status.setText(translate("ModelsPanel", "Cannot read"))
            else:
                status.setText(self._status_text(entry, item.data(PATH_ROLE) == path))

    def entry_at(self, row: int) -> CatalogEntry | None:
        entries = self.catalog_service.catalog.entries
        return entries[row] if 0 <= row < len(entries) else None

    def selected_entry(self) -> CatalogEntry | None:
        return self._selected

    def _on_select(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        self._selected = self.entry_at(rows[0].row()) if rows else None
        self.update_remove()
        self.selected.emit(self._selected)

    def select_path(self, path: Path) -> None:
        for row, entry in enumerate(self.catalog_service.catalog.entries):
            if entry.path == path:
                self.table.selectRow(row)
                return

    # -- actions -----------------------------------------------------------------------------------
    def _pick_file(self) -> None:
        files = file_dialogs.open_file_names(
            self.table,
            "models",
            translate("ModelsPanel", "Add a GGUF model"),
            translate("ModelsPanel", "GGUF models (*.gguf);;All files (*)"),
            self.settings,
        )
        if files:
            self.catalog_service.add_paths([Path(f) for f in files])

    def _pick_folder(self) -> None:
        title = translate("ModelsPanel", "Add a folder of models")
        folder = file_dialogs.existing_directory(self.table, "models", title, self.settings)
        if folder:
            self.catalog_service.add_paths([Path(folder)])

    def _open_models_folder(self) -> None:
        folder = self.catalog_service.folders()[0]
        with contextlib.suppress(OSError):  # the path is still shown, to copy
            folder.mkdir(parents=True, exist_ok=True)
        opened = QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        text = (
            translate("ModelsPanel", "Models folder: {folder}")
            if opened
            else translate("ModelsPanel", "No file manager opened it. The models folder: {folder}")
        )
        self.folder_path.setText(text.format(folder=folder))
        self.folder_path.setToolTip(plain_tooltip(str(folder)))
        self.folder_row.setVisible(not opened)

    def _copy_folder_path(self) -> None:
        QGuiApplication.clipboard().setText(str(self.catalog_service.folders()[0]))
        bridge().show_info(translate("ModelsPanel", "Copied the models folder's path."))

    def _table_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        entry = self.entry_at(index.row()) if index.isValid() else None
        if entry is None:
            return
        self.table.selectRow(index.row())
        menu = QMenu(self.table)
        load = menu.addAction(translate("ModelsPanel", "Load"))
        load.setEnabled(self._can_load())
        load.triggered.connect(self.loadRequested.emit)
        remove = menu.addAction(self._remove_text(entry))
        remove.setEnabled(self.catalog_service.removable(entry.path) is not None)
        remove.triggered.connect(self.remove_selected)
        copy = menu.addAction(translate("ModelsPanel", "Copy path"))
        copy.triggered.connect(lambda: QGuiApplication.clipboard().setText(str(entry.path)))
        menu.popup(self.table.viewport().mapToGlobal(pos))
        self._menu = menu  # kept for tests and so it is not collected while open

    def _remove_text(self, entry: CatalogEntry) -> str:
        target = self.catalog_service.removable(entry.path)
        if target is not None and target != entry.path:
            return translate("ModelsPanel", "Remove the folder “{name}” from the list").format(name=target.name)
        return translate("ModelsPanel", "Remove from the list")

    def remove_selected(self) -> None:
        """Take the selected added model (or the added folder it came from) off the list, for good."""
        entry = self._selected
        if entry is None:
            return
        removed = self.catalog_service.remove(entry.path)
        if removed is None:
            return
        if removed != entry.path:
            text = translate("ModelsPanel", "Removed the folder {folder} from the list; the files stay on disk.")
            bridge().show_info(text.format(folder=removed))
        else:
            text = translate("ModelsPanel", "Removed “{name}” from the list; the file stays on disk.")
            bridge().show_info(text.format(name=entry.display_name))

    def update_remove(self) -> None:
        """Remove is for models a person added; the tooltip says why it is off for the others."""
        entry = self._selected
        removable = entry is not None and self.catalog_service.removable(entry.path) is not None
        self.remove_btn.setEnabled(removable)
        if entry is not None and not removable:
            if entry.bundled:
                tip = translate("ModelsPanel", "Only models you added can be removed here (it comes with the app).")
            else:
                tip = translate(
                    "ModelsPanel",
                    "Only models you added can be removed here (delete or move the file in the models folder).",
                )
        elif entry is not None:
            tip = translate("ModelsPanel", "{action} (the file stays on disk). Delete key.").format(
                action=self._remove_text(entry)
            )
        else:
            tip = translate(
                "ModelsPanel", "Take the selected added model off the list (the file stays on disk). Delete key."
            )
        self.remove_btn.setToolTip(tip)
