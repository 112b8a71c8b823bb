"""The vision service's input and output that must not wait behind a run, on its worker thread
("vision-io"): drawing sample shapes, encoding pasted pictures, writing CSV, listing open_clip's hub tags
and downloading weights. A mixin of ``VisionService`` (whose signals it emits), kept apart so each file
reads at once; and the helpers that turn pictures into QImages and back."""

from __future__ import annotations

import importlib.util
import io
import json
import random
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
from PySide6.QtGui import QImage

from desktop.core.vision import (
    DownloadCancelled,
    Expansion,
    MemoryImage,
    ModelSpec,
    VisionResult,
    bundled_card,
    bundled_labels,
    bundled_spec,
    download_from_hub,
    expand_paths,
    find_user_models,
    hub_target,
    open_clip_architectures,
    render_shape,
    spec_for_file,
    write_csv,
)
from desktop.i18n import error_and_details
from desktop.services.worker import SerialWorker, weak_callback

translate = QCoreApplication.translate  # the texts here are VisionService's (its context)


def pil_to_qimage(image: Any) -> QImage:
    """An RGB PIL picture as a QImage that owns its pixels (safe to make on any thread)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    width, height = rgb.size
    data = rgb.tobytes("raw", "RGB")
    return QImage(data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def thumbnail_image(data: bytes) -> QImage:
    """A thumbnail from the vision host (JPEG) as a QImage; through PIL where Qt has no JPEG plugin."""
    image = QImage()
    if image.loadFromData(data):
        return image
    from PIL import Image

    try:
        return pil_to_qimage(Image.open(io.BytesIO(data)))
    except (OSError, ValueError):
        return QImage()


def qimage_to_png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
    buffer.close()
    return bytes(data.data())


def _fetch_model(
    choice: str, models_dir: Path, progress: Callable[[int, int], None], cancel: threading.Event
) -> ModelSpec:
    path = download_from_hub(hub_target(choice), models_dir, progress=progress, cancel=cancel)
    return spec_for_file(path)


class VisionIO:
    """Slow input/output for ``VisionService``: each job runs on ``self.io`` and ends in one of the
    service's signals."""

    io: SerialWorker
    _closed: bool
    _downloading: bool
    _download_cancel: threading.Event
    _lister: subprocess.Popen[str] | None
    _lister_lock: threading.Lock

    def _init_io(self) -> None:
        self._lister = None  # the child that lists open_clip's hub tags
        self._lister_lock = threading.Lock()
        self._download_cancel = threading.Event()
        self._downloading = False

    # -- input and output ---------------------------------------------------------------------------------
    def make_samples(self, count: int = 12, seed: int | None = None, size: int = 160) -> None:
        """Draw pictures like the ones the bundled model learned from; ``samplesReady`` follows."""
        seed = random.randrange(1 << 30) if seed is None else seed
        self.io.submit(
            self._samples,
            count,
            seed,
            size,
            on_success=weak_callback(self._emit, "samplesReady"),
            on_failure=weak_callback(self._emit_error, "failed"),
            title=translate("VisionService", "Sample shapes"),
        )

    @staticmethod
    def _samples(count: int, seed: int, size: int) -> list[MemoryImage]:
        from desktop.core.vision import COLOURS, SHAPES

        rng = random.Random(seed)
        out = []
        for n in range(count):
            shape, colour = SHAPES[n % len(SHAPES)], rng.choice(list(COLOURS))
            qimage = pil_to_qimage(render_shape(shape, colour, rng, size))
            out.append(MemoryImage(f"drawn {colour} {shape}.png", qimage_to_png(qimage)))
        return out

    def encode_images(self, images: Sequence[tuple[str, QImage]]) -> None:
        """Pasted or dropped picture data -> PNG bytes, off the GUI thread; ``imagesEncoded`` follows."""
        frozen = [(name, QImage(image)) for name, image in images]
        self.io.submit(
            lambda: [MemoryImage(name, qimage_to_png(image)) for name, image in frozen],
            on_success=weak_callback(self._emit, "imagesEncoded"),
            on_failure=weak_callback(self._emit_error, "failed"),
            title=translate("VisionService", "Pasted picture"),
        )

    def export_csv(self, path: Path, results: Sequence[VisionResult], labels: Sequence[str]) -> None:
        rows = [replace(r, thumbnail=None) for r in results]
        self.io.submit(
            write_csv,
            path,
            rows,
            list(labels),
            on_success=weak_callback(self._emit, "exported", str(path)),
            on_failure=weak_callback(self._emit_error, "exportFailed"),
            title=translate("VisionService", "Export CSV"),
        )

    def expand(self, paths: list[Path], room: int, on_done: Callable[[Expansion], None], title: str) -> None:
        """Files and folders to at most ``room`` pictures, read on the io thread; ``on_done`` gets them."""
        self.io.submit(expand_paths, paths, room, on_success=on_done, title=title)

    # -- the models to pick from (their files are read here, not in a widget) --------------------------------
    def list_models(self, folder: Path, on_done: Callable[[list[ModelSpec]], None], title: str) -> None:
        """The CLIP weights in ``folder``, found on the io thread; ``on_done`` gets their specs."""
        self.io.submit(find_user_models, folder, on_success=on_done, title=title)

    @staticmethod
    def model_for_file(path: Path, architecture: str = "") -> ModelSpec:
        return spec_for_file(path, architecture)

    @staticmethod
    def architectures() -> tuple[str, ...]:
        """open_clip's architecture names (its config files; open_clip itself is not imported)."""
        return open_clip_architectures()

    @staticmethod
    def bundled_model() -> ModelSpec:
        return bundled_spec()

    @staticmethod
    def bundled_card() -> dict[str, Any]:
        return bundled_card()

    @staticmethod
    def bundled_labels() -> list[str]:
        return bundled_labels()

    # -- other models ----------------------------------------------------------------------------------------
    def list_pretrained(self) -> None:
        """open_clip's hub tags ("ARCH/TAG"), listed by a short-lived child process (importing open_clip means
        importing torch, which neither this process nor an ONNX Runtime vision host should carry). Empty where
        open_clip is not installed (the packaged app)."""
        if self._closed or getattr(sys, "frozen", False) or importlib.util.find_spec("open_clip") is None:
            self._emit("pretrainedListed", [])
            return
        self.io.submit(
            self._list_pretrained,
            on_success=weak_callback(self._emit, "pretrainedListed"),
            on_failure=weak_callback(self._pretrained_failed),
            title=translate("VisionService", "Pretrained tags"),
        )

    def _list_pretrained(self) -> list[str]:
        code = (
            "import json; from desktop.core.vision.hub import pretrained_choices; "
            "print(json.dumps([f'{a}/{t}' for a, t in pretrained_choices()]))"
        )
        with self._lister_lock:
            if self._closed:
                return []
            self._lister = subprocess.Popen(
                [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
            )
        try:
            out, _ = self._lister.communicate(timeout=300)
        finally:
            with self._lister_lock:
                self._lister.kill()
                self._lister.wait()
                self._lister = None
        lines = out.strip().splitlines()
        return [str(x) for x in json.loads(lines[-1])] if lines else []

    @property
    def downloading(self) -> bool:
        return self._downloading

    def download(self, choice: str, models_dir: Path) -> None:
        """Fetch "ARCH/TAG" or "hf-hub:org/repo" into ``models_dir``; ``downloadProgress`` then
        ``downloadFinished`` (a spec for the new file), ``downloadFailed`` (offline: a clear message) or
        ``downloadCancelled`` (the person stopped it)."""
        if self._closed or self._downloading:
            return
        self._downloading = True
        self._download_cancel = cancel = threading.Event()
        self.io.submit(
            _fetch_model,
            choice,
            models_dir,
            weak_callback(self._emit, "downloadProgress"),
            cancel,
            on_success=weak_callback(self._download_done),
            on_failure=weak_callback(self._download_failed),
            title=translate("VisionService", "Download"),
        )

    def _download_done(self, spec: ModelSpec) -> None:
        self._downloading = False
        self._emit("downloadFinished", spec)

    def _download_failed(self, exc: BaseException) -> None:
        self._downloading = False
        if isinstance(exc, DownloadCancelled):
            self._emit("downloadCancelled", error_and_details(exc)[0])
        else:
            self._emit("downloadFailed", *error_and_details(exc))

    def cancel_download(self) -> None:
        """Stop the download now: its connection is shut at once, even mid-read; ``downloadCancelled``
        follows."""
        self._download_cancel.set()

    def _emit(self, signal: str, *args: Any) -> None:
        getattr(self, signal).emit(*args)

    def _emit_error(self, signal: str, exc: BaseException) -> None:
        getattr(self, signal).emit(*error_and_details(exc))

    def _pretrained_failed(self, _exc: BaseException) -> None:
        self._emit("pretrainedListed", [])

    def _stop_io(self) -> None:
        """Stop a download and the hub listing at once (shutdown)."""
        self._download_cancel.set()
        self.io.request_stop()
        with self._lister_lock:
            if self._lister is not None:
                self._lister.kill()
