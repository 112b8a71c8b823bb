"""Zero-shot image classification as Qt signals.

The model lives in the vision host, a child process (desktop.core.vision.host) on the model host's JSON-lines
machinery: this process never imports torch, open_clip or onnxruntime. Pictures go to the host as paths
(pasted and drawn ones through temporary files); results come back one batch at a time, with thumbnails as
small JPEGs that become QImages here. When the host dies, the run in progress fails with the reason in words,
the results that arrived stay, and the next run starts a fresh host. Unload, or the idle timeout, ends it.

Slow input/output that must not wait behind a run (downloads, CSV export, encoding pasted pictures, drawing
sample shapes) runs on a worker thread ("vision-io"; desktop.services.vision_io). ``cancel()`` reaches the
host at once: the running job stops after its current batch, queued jobs end without starting. The bundled
model's training pairs and its similarities (natural-language supervision) come from the host too.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import shutil
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from desktop.core.errors import FMError, HostDiedError
from desktop.core.host.client import describe_exit
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.vision import (
    DEFAULT_TEMPLATE,
    MemoryImage,
    ModelInfo,
    ModelSpec,
    RunSummary,
    Source,
    VisionError,
    source_key,
    source_name,
)
from desktop.core.vision.host import BATCH, vision_host_command
from desktop.core.vision.wire import (
    info_from_wire,
    message_from_wire,
    pairs_from_wire,
    result_from_wire,
    spec_to_wire,
    summary_from_wire,
)
from desktop.i18n import error_and_details, translate_message
from desktop.services.host_reader import HostLink
from desktop.services.vision_io import VisionIO, pil_to_qimage, qimage_to_png, thumbnail_image
from desktop.services.worker import SerialWorker, weak_callback

# Texts in this module are English templates marked for translation under the context "VisionService" and
# translated where they are emitted; core's messages (VisionError.text, the host's errors, which come over the
# wire as templates with arguments) are translated here too, with desktop.i18n.translate_message. A picture's
# error and notes stay Messages: the panel translates them when it shows them, so they follow a language
# change like the rest of the panel.
CONTEXT = "VisionService"
LOADING_TEXT = QT_TRANSLATE_NOOP("VisionService", "Loading the vision model…")
SHUTDOWN_MS = 3000  # quitting waits at most this long for the vision host and thread
IDLE_MINUTES = 10  # the host ends after this long without work (0: never)


@dataclass
class _Job:
    id: int
    total: int
    labels: tuple[str, ...]
    template: str
    rid: int = 0  # the host's request id
    done: int = 0
    cancelled: bool = False


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


def _host_error_text(msg: dict[str, Any]) -> str:
    """A host's error event in the app's language: its translatable ``text`` (a template with arguments), or
    its English ``message`` from a host that sent none."""
    text = message_from_wire(msg.get("text")) if msg.get("text") else str(msg.get("message", ""))
    return translate_message(text)


def host_death_text(report: str) -> tuple[str, str]:
    """The vision host's end in words (first line of the exit report), and the report as details."""
    reason = report.split("\n", 1)[0].strip() or describe_exit(None)
    reason = reason.replace("llama.cpp stopped it on an internal check (abort), often a sign of a damaged model file",
                            "it stopped itself on an internal check (abort)")  # fmt: skip
    text = QCoreApplication.translate(
        "VisionService",
        "The vision host stopped: {reason}. The pictures already classified keep their results; "
        "Classify again starts a fresh host.",
    ).format(reason=reason)
    return text, report.replace("model host", "vision host")


class VisionService(VisionIO, QObject):
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
    hostChanged = Signal(bool)  # the vision host started (True) or ended (False)
    samplesReady = Signal(object)  # list[MemoryImage]
    imagesEncoded = Signal(object)  # list[MemoryImage] (pasted or dropped picture data)
    exported = Signal(str, int)  # path, rows
    exportFailed = Signal(str, str)
    pretrainedListed = Signal(object)  # list[str] "ARCH/TAG"
    downloadProgress = Signal(int, int)  # bytes done, bytes in all (0 if unknown)
    downloadFinished = Signal(object)  # ModelSpec of the fetched weights
    downloadFailed = Signal(str, str)  # message, details (a stop the person asked for is downloadCancelled)
    downloadCancelled = Signal(str)  # the person stopped the download: what to say (not an error)
    pairsReady = Signal(object)  # TrainingPairs: the bundled model's training pairs, pictures as QImage
    pairsFailed = Signal(str, str)  # message, details

    def __init__(self, parent: QObject | None = None, host_command: list[str] | None = None) -> None:
        super().__init__(parent)
        self.io = SerialWorker("vision-io", self)
        self.link = HostLink(host_command or vision_host_command(), self._on_event, self._on_ended, self)
        self.spec: ModelSpec | None = None  # None: the bundled model
        self.device = "auto"
        self.engine = "auto"  # auto | open_clip | onnx
        self.info: ModelInfo | None = None  # the model loaded now
        self.batch_size = 0  # 0: the vision host sizes batches to the machine
        self._jobs: dict[int, _Job] = {}  # by job id, in the order they were asked for
        self._by_rid: dict[int, _Job] = {}
        self._load_rid = 0
        self._pretrained_rid = 0
        self._pairs_rid = 0  # the training pairs asked for, until they arrive
        self._ids = itertools.count(1)
        self._init_io()
        self._closed = False
        self._tmp: Path | None = None  # pasted and drawn pictures, as files the host can read
        self._tmp_files: dict[str, Path] = {}
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self._idle_timeout)
        self.set_idle_minutes(IDLE_MINUTES)

    # -- the host -----------------------------------------------------------------------------------------
    def host_pid(self) -> int | None:
        """The vision host's process id (for the memory figure), or None when none runs."""
        return self.link.pid()

    @property
    def host_running(self) -> bool:
        return self.link.alive() and not (self.link.host is not None and self.link.host.stopping)

    def set_idle_minutes(self, minutes: float) -> None:
        """End the host after this long without work (0: never)."""
        self.idle_minutes = max(0.0, float(minutes))
        self.idle.setInterval(int(self.idle_minutes * 60_000))
        self._arm_idle()

    def _arm_idle(self) -> None:
        if self.idle_minutes > 0 and not self._jobs and self.host_running:
            self.idle.start()
        else:
            self.idle.stop()

    def _idle_timeout(self) -> None:
        if not self._jobs:
            self.unload()

    def _host(self) -> Any:
        host = self.link.host
        if host is not None and host.stopping:
            self.link.stop(3.0)  # asked to exit (Unload): let it finish before a fresh one starts
        host, started = self.link.ensure()
        if started:
            self.hostChanged.emit(True)
        return host

    def _send(self, op: str, **params: Any) -> int:
        program = self.link.command[0] if self.link.command else ""
        if not (Path(program).is_file() or shutil.which(program)):
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP(
                        "VisionService", "The vision host cannot start: {program} is missing (a broken install?)."
                    ),
                    program=program,
                )
            )
        try:
            return int(self._host().send(op, **params))
        except OSError as exc:  # the host cannot start at all (a broken install)
            raise VisionError(
                message(QT_TRANSLATE_NOOP("VisionService", "The vision host cannot start: {reason}."), reason=str(exc)),
                str(exc),
            ) from exc

    def unload(self) -> None:
        """End the vision host now, returning all of its memory; runs in progress stop. The next run starts
        a fresh one. Does not wait for it to exit."""
        self.cancel()
        host = self.link.host
        self.idle.stop()
        if host is not None and host.alive() and not host.stopping:
            host.request_stop()
            self.hostChanged.emit(False)
        self.info = None

    # -- model ------------------------------------------------------------------------------------------
    def set_model(self, spec: ModelSpec | None, device: str = "auto", engine: str | None = None) -> None:
        """Use this model (None: the bundled one) on this device ("auto", "cpu", "cuda", "mps") and engine
        ("auto", "open_clip", "onnx"). Runs in progress stop; the new model loads now, in the host."""
        if self._closed:
            return
        self.spec, self.device = spec, device
        if engine is not None:
            self.engine = engine
        self.cancel()
        self.load()

    def _model_params(self) -> dict[str, Any]:
        return {"spec": spec_to_wire(self.spec), "device": self.device, "engine": self.engine}

    def load(self) -> None:
        """Load the chosen model now (it also loads on the first run)."""
        if self._closed:
            return
        try:
            self._load_rid = self._send("load", **self._model_params())
        except FMError as exc:
            self.modelFailed.emit(*error_and_details(exc))

    # -- runs -------------------------------------------------------------------------------------------
    @property
    def busy(self) -> bool:
        return bool(self._jobs)

    def _as_path(self, source: Source) -> tuple[str, str]:
        """A path the host can read, and the cache key for it ("" for files: the host keys them itself)."""
        if not isinstance(source, MemoryImage):
            return str(source), ""
        key = source.key
        path = self._tmp_files.get(key)
        if path is None or not path.is_file():
            if self._tmp is None:
                self._tmp = Path(tempfile.mkdtemp(prefix="fm-vision-"))
            path = self._tmp / (hashlib.sha1(key.encode()).hexdigest()[:20] + ".img")
            path.write_bytes(source.data)
            self._tmp_files[key] = path
        return str(path), key

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
        job = _Job(next(self._ids), len(sources), tuple(labels), template)
        self._jobs[job.id] = job
        self.idle.stop()
        if len(self._jobs) == 1:
            self.busyChanged.emit(True)
        items = []
        try:
            for source in sources:
                path, cache = self._as_path(source)
                thumb = thumbnails if isinstance(thumbnails, bool) else source_key(source) in thumbnails
                items.append({"path": path, "key": source_key(source), "name": source_name(source),
                              "cache": cache, "thumb": thumb})  # fmt: skip
            job.rid = self._send(
                "classify", items=items, labels=list(labels), template=template, batch_size=self.batch_size,
                **self._model_params(),
            )  # fmt: skip
        except HostDiedError:
            return job.id  # the host died as it started: its end, explained in words, fails this job
        except (FMError, OSError) as exc:
            message, details = error_and_details(exc)
            if isinstance(exc, OSError) and not isinstance(exc, FMError):
                message = self.tr("The pictures could not be passed to the vision host: {reason}").format(reason=exc)
            QTimer.singleShot(0, weak_callback(self._fail_job, job.id, message, details))
            return job.id
        self._by_rid[job.rid] = job
        return job.id

    def cancel(self) -> None:
        """Stop every run: the current one after its batch, queued ones before they start. Instant."""
        host = self.link.host
        for job in self._jobs.values():
            job.cancelled = True
            if host is not None and job.rid:
                host.cancel(job.rid)

    def _fail_job(self, job_id: int, message: str, details: str) -> None:
        job = self._jobs.get(job_id)
        if job is not None:
            self._forget(job)
            self.failed.emit(message, details)

    def _forget(self, job: _Job) -> None:
        self._jobs.pop(job.id, None)
        self._by_rid.pop(job.rid, None)
        if not self._jobs:
            self.busyChanged.emit(False)
            self._arm_idle()

    # -- the host's events (GUI thread) -----------------------------------------------------------------
    def _on_event(self, msg: dict[str, Any]) -> None:
        kind, rid = msg.get("type"), int(msg.get("id", 0))
        if kind == "progress":
            if msg.get("stage") == "loading":
                self.info = None
                self.loading.emit(_tr(LOADING_TEXT))
            elif msg.get("stage") == "loaded":
                self._loaded(msg)
            return
        if kind == BATCH:
            job = self._by_rid.get(rid)
            if job is None:
                return
            converted = []
            for data in msg.get("results", []):
                # A picture's error and notes stay Messages: the panel says them in the language of the moment
                result, jpeg = result_from_wire(data, job.labels)
                if jpeg is not None:
                    result = replace(result, thumbnail=thumbnail_image(jpeg))
                converted.append(result)
            job.done = int(msg.get("done", job.done))
            self.results.emit(job.id, converted)
            self.progress.emit(job.done, int(msg.get("total", job.total)))
            return
        if kind == "result":
            if rid == self._pretrained_rid:
                self.pretrainedListed.emit(list(msg.get("data") or []))
                return
            if rid == self._pairs_rid:
                self._pairs_rid = 0
                pairs = pairs_from_wire(dict(msg.get("data") or {}))
                pairs.pictures = [thumbnail_image(data) for data in pairs.pictures]
                self._arm_idle()
                self.pairsReady.emit(pairs)
                return
            job = self._by_rid.get(rid)
            if job is not None:
                summary = summary_from_wire(dict(msg.get("data") or {}))
                self._forget(job)
                (self.cancelled if summary.cancelled else self.finished).emit(summary)
            return
        if kind == "error":
            if rid == self._pretrained_rid:
                self.pretrainedListed.emit([])
                return
            message, details = _host_error_text(msg), str(msg.get("details", ""))
            if rid == self._pairs_rid:
                self._pairs_rid = 0
                self._arm_idle()
                self.pairsFailed.emit(message, details)
                return
            job = self._by_rid.get(rid)
            cancelled = msg.get("error") == "Cancelled"
            if msg.get("op") in ("load", "classify") and not cancelled and (job is None or job.done == 0):
                self.info = None
                self.modelFailed.emit(message, details)
            if job is not None:
                self._forget(job)
                if cancelled:
                    self.cancelled.emit(
                        RunSummary(
                            total=job.total,
                            done=job.done,
                            cancelled=True,
                            labels=list(job.labels),
                            template=job.template,
                        )
                    )
                else:
                    self.failed.emit(message, details)

    def _loaded(self, msg: dict[str, Any]) -> None:
        info = info_from_wire(msg["info"])
        self.info = info
        devices = {
            str(k): (bool(v[0]), translate_message(message_from_wire(v[1])))
            for k, v in dict(msg.get("devices", {})).items()
        }
        self.devicesFound.emit(devices)
        self.modelLoaded.emit(info)

    def _on_ended(self, report: str) -> None:
        """The host ended. Asked to (Unload, idle; ``report`` is ""): its runs end as cancelled. Died: the runs
        it had fail in words, and their results so far stay."""
        self.info = None
        self.idle.stop()
        self.hostChanged.emit(False)
        jobs = list(self._jobs.values())
        if not report:
            for job in jobs:
                self._forget(job)
                summary = RunSummary(
                    total=job.total, done=job.done, cancelled=True, labels=list(job.labels), template=job.template
                )
                self.cancelled.emit(summary)
            return
        message, details = host_death_text(report)
        if self._pairs_rid:
            self._pairs_rid = 0
            self.pairsFailed.emit(message, details)
        for job in jobs:
            self._forget(job)
        if jobs:
            self.failed.emit(message, details)
        else:
            self.modelFailed.emit(message, details)

    # -- natural-language supervision -----------------------------------------------------------------------
    def training_pairs(self, start: int = 0, count: int = 8) -> None:
        """The bundled model's training pairs ``start`` .. ``start + count`` and its picture x caption
        similarities, computed by the model in the vision host; ``pairsReady`` or ``pairsFailed`` follows."""
        if self._closed:
            return
        try:
            self.idle.stop()
            self._pairs_rid = self._send("pairs", start=start, count=count, **self._model_params())
        except HostDiedError:
            return  # its end, explained in words, fails the request
        except FMError as exc:
            QTimer.singleShot(0, weak_callback(self._emit, "pairsFailed", *error_and_details(exc)))

    # -- end --------------------------------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = SHUTDOWN_MS) -> None:
        """Stop runs and downloads, end the vision host (killed if it does not exit in time) and the io
        thread, within ``timeout_ms`` in all; remove the temporary picture files. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        deadline = time.monotonic() + timeout_ms / 1000
        self.cancel()
        self.idle.stop()
        self._stop_io()
        host = self.link.host
        if host is not None:
            host.request_stop()
        self.link.stop(max(0.5, deadline - time.monotonic() - 0.5))
        self.io.stop(max(0, int((deadline - time.monotonic()) * 1000)))
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
        with contextlib.suppress(RuntimeError):
            self.idle.timeout.disconnect(self._idle_timeout)


__all__ = ["LOADING_TEXT", "HostDiedError", "VisionError", "VisionService", "pil_to_qimage", "qimage_to_png"]
