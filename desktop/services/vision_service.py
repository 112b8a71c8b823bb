"""Zero-shot image classification as Qt signals.

The model lives on one serial worker thread of its own ("vision-model"): it is created, used and freed
there, and torch/open_clip are imported there the first time a model is needed (the panel says "Loading the
vision model…" meanwhile). Pictures are decoded by a few short-lived threads that the core starts per run.
Slow input/output that must not wait behind a long run (downloads, CSV export, encoding pasted pictures,
drawing sample shapes) runs on a second worker ("vision-io").

``cancel()`` only sets flags, so it acts at once: the running job stops after its current batch, queued
jobs end without starting. Results arrive on the GUI thread, one batch at a time, thumbnails as QImage.
"""

from __future__ import annotations

import itertools
import random
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Signal
from PySide6.QtGui import QImage

from desktop.core.errors import FMError
from desktop.core.vision import (
    DEFAULT_TEMPLATE,
    MemoryImage,
    ModelInfo,
    ModelSpec,
    RunSummary,
    Source,
    VisionError,
    VisionResult,
    ZeroShotClassifier,
    bundled_spec,
    device_report,
    download_from_hub,
    hub_target,
    lower_thread_priority,
    pretrained_choices,
    render_shape,
    source_key,
    spec_for_file,
    write_csv,
)
from desktop.services.worker import SerialWorker

LOADING_TEXT = "Loading the vision model…"
SHUTDOWN_MS = 3000  # quitting waits at most this long for the vision threads


@dataclass
class _Job:
    id: int
    cancel: threading.Event = field(default_factory=threading.Event)


def pil_to_qimage(image: Any) -> QImage:
    """An RGB PIL picture as a QImage that owns its pixels (safe to make on any thread)."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    width, height = rgb.size
    data = rgb.tobytes("raw", "RGB")
    return QImage(data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()


def qimage_to_png(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; PySide6 takes str
    buffer.close()
    return bytes(data.data())


def weak_callback(method: Callable[..., Any], *bound: Any) -> Callable[..., None]:
    """A Task callback that calls ``method(*bound, *its own arguments)`` without keeping ``method``'s object
    alive. A callback that held a QObject strongly could leave it to Python's cycle collector, which may then
    delete it on whatever thread it happens to run on, and Qt objects must die on their own thread."""
    ref = weakref.WeakMethod(method)

    def call(*args: Any) -> None:
        target = ref()
        if target is not None:
            target(*bound, *args)

    return call


def _fetch_model(
    choice: str, models_dir: Path, progress: Callable[[int, int], None], cancel: threading.Event
) -> ModelSpec:
    path = download_from_hub(hub_target(choice), models_dir, progress=progress, cancel=cancel)
    return spec_for_file(path)


def _error_text(exc: BaseException) -> tuple[str, str]:
    if isinstance(exc, FMError):
        return exc.message, exc.details
    return f"{type(exc).__name__}: {exc}", ""


class VisionService(QObject):
    loading = Signal(str)  # a model load started: what to show meanwhile
    modelLoaded = Signal(object)  # ModelInfo
    modelFailed = Signal(str, str)  # message, details
    devicesFound = Signal(object)  # dict: device -> (available, why not / its name)
    results = Signal(int, object)  # job id, list[VisionResult] (one batch; thumbnails as QImage)
    progress = Signal(int, int)  # pictures done, pictures in the run
    finished = Signal(object)  # RunSummary
    cancelled = Signal(object)  # RunSummary (done = how far it got)
    failed = Signal(str, str)  # a run that could not go ahead: message, details
    busyChanged = Signal(bool)
    samplesReady = Signal(object)  # list[MemoryImage]
    imagesEncoded = Signal(object)  # list[MemoryImage] (pasted or dropped picture data)
    exported = Signal(str, int)  # path, rows
    exportFailed = Signal(str, str)
    pretrainedListed = Signal(object)  # list[str] "ARCH/TAG"
    downloadProgress = Signal(int, int)  # bytes done, bytes in all (0 if unknown)
    downloadFinished = Signal(object)  # ModelSpec of the fetched weights
    downloadFailed = Signal(str, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = SerialWorker("vision-model", self)
        self.io = SerialWorker("vision-io", self)
        self.spec: ModelSpec | None = None  # None: the bundled model
        self.device = "auto"
        self.info: ModelInfo | None = None  # the model loaded now (GUI thread's view)
        self.batch_size = 32
        self._clf: ZeroShotClassifier | None = None  # only touched on the model worker's thread
        self._jobs: dict[int, _Job] = {}
        self._ids = itertools.count(1)
        self._download_cancel = threading.Event()
        self._downloading = False
        self._closed = False
        self.modelLoaded.connect(self._on_loaded)
        self.modelFailed.connect(self._on_model_failed)

    # -- model ------------------------------------------------------------------------------------------
    def set_model(self, spec: ModelSpec | None, device: str = "auto") -> None:
        """Use this model (None: the bundled one) on this device ("auto", "cpu", "cuda", "mps"). Runs in
        progress stop; the new model loads now, in the background."""
        if self._closed:
            return
        self.spec, self.device = spec, device
        self.cancel()
        self.load()

    def load(self) -> None:
        """Load the chosen model now (it also loads on the first run)."""
        if self._closed:
            return
        spec, device = self.spec, self.device
        self.worker.submit(
            self._ensure, spec, device, on_success=lambda _c: None, on_failure=lambda _e: None, title="Vision model"
        )

    def _on_loaded(self, info: ModelInfo) -> None:
        self.info = info

    def _on_model_failed(self, _message: str, _details: str) -> None:
        self.info = None

    def _ensure(self, spec: ModelSpec | None, device: str) -> ZeroShotClassifier:
        """On the model thread: the classifier for (spec, device), loading it if needed."""
        try:
            spec = spec if spec is not None else bundled_spec()
            clf = self._clf
            if clf is not None and clf.loaded and clf.spec.key == spec.key and clf.device_choice == device:
                return clf
            if clf is not None:
                clf.close()
                self._clf = None
            self.loading.emit(LOADING_TEXT)
            clf = ZeroShotClassifier(spec, device)
            info = clf.load()
            self._clf = clf
            self.devicesFound.emit(device_report())
            self.modelLoaded.emit(info)
            return clf
        except Exception as exc:
            message, details = _error_text(exc)
            self.modelFailed.emit(message, details)
            raise

    def _release(self) -> None:
        if self._clf is not None:
            self._clf.close()
            self._clf = None

    # -- runs -------------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def classify(
        self,
        sources: Sequence[Source],
        labels: Sequence[str],
        template: str = DEFAULT_TEMPLATE,
        *,
        thumbnails: bool | set[str] = True,
    ) -> int:
        """Classify pictures; returns the run's id. ``results`` and ``progress`` follow, then ``finished``,
        ``cancelled`` or ``failed``."""
        if self._closed:
            return 0
        job = _Job(next(self._ids))
        self._jobs[job.id] = job
        if len(self._jobs) == 1:
            self.busyChanged.emit(True)
        self.worker.submit(
            self._run,
            job,
            self.spec,
            self.device,
            list(sources),
            list(labels),
            template,
            thumbnails,
            on_success=weak_callback(self._job_done, job),
            on_failure=weak_callback(self._job_failed, job),
            title="Vision",
        )
        return job.id

    def cancel(self) -> None:
        """Stop every run: the current one after its batch, queued ones before they start. Instant."""
        for job in self._jobs.values():
            job.cancel.set()

    def _run(
        self,
        job: _Job,
        spec: ModelSpec | None,
        device: str,
        sources: list[Source],
        labels: list[str],
        template: str,
        thumbnails: bool | set[str],
    ) -> RunSummary:
        if job.cancel.is_set():
            return RunSummary(total=len(sources), cancelled=True, labels=labels, template=template)
        lower_thread_priority()  # this thread only ever runs the vision model
        clf = self._ensure(spec, device)

        def on_batch(batch: list[VisionResult], done: int, total: int) -> None:
            converted = [
                replace(r, thumbnail=pil_to_qimage(r.thumbnail)) if r.thumbnail is not None else r for r in batch
            ]
            self.results.emit(job.id, converted)
            self.progress.emit(done, total)

        thumbs: bool | Callable[[int], bool] = bool(thumbnails)
        if isinstance(thumbnails, set):
            wanted = [source_key(s) in thumbnails for s in sources]
            thumbs = wanted.__getitem__
        return clf.classify(
            sources,
            labels,
            template,
            batch_size=self.batch_size,
            cancel=job.cancel,
            on_batch=on_batch,
            thumbnails=thumbs,
        )

    def _job_done(self, job: _Job, summary: RunSummary) -> None:
        self._forget(job)
        (self.cancelled if summary.cancelled else self.finished).emit(summary)

    def _job_failed(self, job: _Job, exc: BaseException) -> None:
        self._forget(job)
        self.failed.emit(*_error_text(exc))

    def _forget(self, job: _Job) -> None:
        self._jobs.pop(job.id, None)
        if not self._jobs:
            self.busyChanged.emit(False)

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
            title="Sample shapes",
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
            title="Pasted picture",
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
            title="Export CSV",
        )

    # -- other models ----------------------------------------------------------------------------------------
    def list_pretrained(self) -> None:
        """open_clip's hub tags ("ARCH/TAG"); imports open_clip on the model thread."""
        self.worker.submit(
            lambda: [f"{arch}/{tag}" for arch, tag in pretrained_choices()],
            on_success=weak_callback(self._emit, "pretrainedListed"),
            on_failure=weak_callback(self._pretrained_failed),
            title="Pretrained tags",
        )

    @property
    def downloading(self) -> bool:
        return self._downloading

    def download(self, choice: str, models_dir: Path) -> None:
        """Fetch "ARCH/TAG" or "hf-hub:org/repo" into ``models_dir``; ``downloadProgress`` then
        ``downloadFinished`` (a spec for the new file) or ``downloadFailed`` (offline: a clear message)."""
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
            title="Download",
        )

    def _download_done(self, spec: ModelSpec) -> None:
        self._downloading = False
        self.downloadFinished.emit(spec)

    def _download_failed(self, exc: BaseException) -> None:
        self._downloading = False
        self.downloadFailed.emit(*_error_text(exc))

    def cancel_download(self) -> None:
        """Stop the download now: its connection is shut at once, even mid-read; ``downloadFailed`` follows
        with "Download cancelled."."""
        self._download_cancel.set()

    def _emit(self, signal: str, *args: Any) -> None:
        getattr(self, signal).emit(*args)

    def _emit_error(self, signal: str, exc: BaseException) -> None:
        getattr(self, signal).emit(*_error_text(exc))

    def _pretrained_failed(self, _exc: BaseException) -> None:
        self.pretrainedListed.emit([])

    # -- end --------------------------------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = SHUTDOWN_MS) -> None:
        """Stop runs and downloads, free the model on its thread, end both threads, within ``timeout_ms`` in
        all: a thread still busy then (a model still loading, a batch on a slow device) is left to end by itself
        (SerialWorker.stop abandons it safely). A download stops at once, even on a stalled connection. Safe to
        call twice."""
        if self._closed:
            return
        self._closed = True
        deadline = time.monotonic() + timeout_ms / 1000
        self.cancel()
        self._download_cancel.set()
        self.worker.submit(self._release, on_failure=lambda _e: None)
        self.worker.request_stop()
        self.io.request_stop()
        self.io.stop(max(0, int((deadline - time.monotonic()) * 1000)))
        self.worker.stop(max(0, int((deadline - time.monotonic()) * 1000)))


__all__ = ["LOADING_TEXT", "VisionError", "VisionService", "pil_to_qimage", "qimage_to_png"]
