"""Runs of many completions, one after another: the same prompt with N seeds (Generate ×N), a prompt set on
two models (Evaluate), or the presets on every model (the scale grid).

A model is named by its key, as in :class:`SourceRegistry`: ``""`` for the window's local model (used as it
is), a server model's key, or a model file's path. Files are loaded one at a time in a model host of this
service's own (never in the app process), so the window's model stays as it is. Each result comes back as
``answered``; ``stop()`` cancels the running completion and starts no other."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.services.source import LOCAL_KEY, LocalSource, Source, SourceRegistry

BUSY_RETRY_MS = 200
BUSY_TRIES = 50  # a shared model still finishing another run: wait up to 10 s for it


@dataclass(frozen=True)
class BatchModel:
    key: str
    label: str


class BatchService(QObject):
    progressed = Signal(int, int, str)  # jobs done, jobs in all, the label of the model running now
    answered = Signal(int, int, object)  # model index, job index, {"text", "stop_reason", "seconds"}
    modelFailed = Signal(int, str)  # model index, why (translated); its jobs are skipped
    finished = Signal(bool)  # True when stopped by the person

    def __init__(self, sources: SourceRegistry, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sources = sources
        self.host: LocalSource | None = None  # made on the first model file
        self.models: list[BatchModel] = []
        self.jobs: list[dict[str, Any]] = []
        self._model = -1
        self._job = 0
        self._rid: int | None = None
        self._source: Source | None = None
        self._stopped = False
        self._running = False
        self._waiting_load = ""
        self._tries = 0
        self._started = 0.0
        self.owner: object | None = None  # the view that started the batch (views ignore the others')

    # -- what callers use -------------------------------------------------------------------------
    def busy(self) -> bool:
        return self._running

    def start(self, models: list[BatchModel], jobs: list[dict[str, Any]]) -> bool:
        """Run every job on every model in turn. False when a batch already runs or there is nothing to do."""
        if self._running or not models or not jobs:
            return False
        self.models, self.jobs = list(models), [dict(j) for j in jobs]
        self._model, self._job, self._stopped, self._running = -1, 0, False, True
        self._next_model()
        return True

    def stop(self) -> None:
        """Safe at any moment: the running completion is cancelled, and no other starts."""
        if not self._running:
            return
        self._stopped = True
        if self._rid is not None and self._source is not None:
            self._source.cancel()
        else:
            self._finish()

    def total(self) -> int:
        return len(self.models) * len(self.jobs)

    def done_count(self) -> int:
        return max(0, self._model) * len(self.jobs) + self._job

    def shutdown(self) -> None:
        self.stop()
        self._running = False
        self._release_host()

    # -- models -----------------------------------------------------------------------------------
    def _next_model(self) -> None:
        self._detach()
        self._model += 1
        self._job = 0
        if self._stopped or self._model >= len(self.models):
            self._finish()
            return
        key = self.models[self._model].key
        if key == LOCAL_KEY or key.startswith("remote:"):
            source = self.sources.source(key)
            if source is None or source.model is None:
                self._fail_model(self.tr("No model is loaded there."))
                return
            self._attach(source)
            return
        host = self._host()
        if host.has_loaded(key) and host.state != "loading":
            self._attach(host)
            return
        self._waiting_load = key
        if not host.load(key, n_ctx=2048):
            self._waiting_load = ""
            self._fail_model(self.tr("The model host is busy."))
            return
        self.progressed.emit(self.done_count(), self.total(), self.models[self._model].label)

    def _host(self) -> LocalSource:
        if self.host is None:
            self.host = self.sources.open_local("batch", self)
            self.host.models.loaded.connect(self._on_loaded)
            self.host.models.loadFailed.connect(self._on_load_failed)
            self.host.models.hostDied.connect(self._on_load_failed)
        return self.host

    def _on_loaded(self, _info: object) -> None:
        if self._waiting_load and self.host is not None:
            key, self._waiting_load = self._waiting_load, ""
            if self.host.has_loaded(key):
                self._attach(self.host)

    def _on_load_failed(self, message: str, _details: str) -> None:
        if self._waiting_load:
            self._waiting_load = ""
            self._fail_model(message)

    def _fail_model(self, why: str) -> None:
        self.modelFailed.emit(self._model, why)
        QTimer.singleShot(0, self, self._next_model)

    # -- jobs -------------------------------------------------------------------------------------
    def _attach(self, source: Source) -> None:
        self._source = source
        source.completed.connect(self._on_completed)
        source.requestFailed.connect(self._on_failed)
        self._tries = 0
        self._run_job()

    def _detach(self) -> None:
        if self._source is not None:
            self._source.completed.disconnect(self._on_completed)
            self._source.requestFailed.disconnect(self._on_failed)
            self._source = None
        self._rid = None

    def _run_job(self) -> None:
        if self._source is None:
            return
        if self._stopped:
            self._finish()
            return
        if self._job >= len(self.jobs):
            self._next_model()
            return
        self.progressed.emit(self.done_count(), self.total(), self.models[self._model].label)
        params = self._params_for(self._source, self.jobs[self._job])
        self._started = time.perf_counter()
        rid = self._source.complete(**params)
        if rid is None:
            self._tries += 1
            if self._tries > BUSY_TRIES or self._source.model is None:
                self._fail_model(self.tr("The model is busy or gone."))
                self._detach()
                return
            QTimer.singleShot(BUSY_RETRY_MS, self, self._run_job)
            return
        self._rid = rid

    @staticmethod
    def _params_for(source: Source, job: dict[str, Any]) -> dict[str, Any]:
        """A chat job on a model without a chat template reads the plain format (User: / Assistant:)."""
        chat = job.get("mode") == "chat" and job.get("chat_format", "template") == "template"
        if chat and not (source.model or {}).get("has_chat_template") and not source.capabilities().remote:
            return {**job, "chat_format": "plain"}
        return job

    def _on_completed(self, rid: int, result: dict[str, Any]) -> None:
        if rid != self._rid:
            return
        self._rid = None
        reason = str(result.get("stop_reason", ""))
        self.answered.emit(
            self._model,
            self._job,
            {
                "text": str(result.get("text", "")),
                "stop_reason": reason,
                "seconds": time.perf_counter() - self._started,
            },
        )
        self._job += 1
        self._tries = 0
        if reason == "cancelled" or self._stopped:
            self._stopped = True
            self._finish()
            return
        self._run_job()

    def _on_failed(self, rid: int, _kind: str, message: str, _details: str) -> None:
        if rid != self._rid:
            return
        self._rid = None
        if self._stopped:
            self._finish()
            return
        self.answered.emit(self._model, self._job, {"text": "", "stop_reason": "error", "error": message})
        self._job += 1
        self._run_job()

    def _finish(self) -> None:
        if not self._running:
            return
        self._detach()
        self._running = False
        self._waiting_load = ""
        self.progressed.emit(self.done_count(), self.total(), "")
        self.finished.emit(self._stopped)
        QTimer.singleShot(0, self, self._release_host)

    def _release_host(self) -> None:
        """A finished batch gives its model's memory back: the host ends, and the next batch starts another."""
        if self.host is not None and not self._running:
            self.host.shutdown()
            self.host.models.deleteLater()
            self.host.deleteLater()
            self.host = None
