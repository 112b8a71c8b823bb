"""Runs: pictures and labels to the vision service, results back into the grid, and the news of each run
in the status line (progress, how long it took, what could not be read, labels whose scores mean nothing).
A change of labels, template or model runs every picture again, a moment after the last change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.vision import ENSEMBLE, ModelInfo, RunSummary, Source, VisionResult, source_key
from desktop.i18n import translate_message
from desktop.services.vision_service import VisionService
from desktop.ui.panels.vision.common import counts, translate
from desktop.ui.panels.vision.labels import LabelsBox, PromptBox
from desktop.ui.panels.vision.results import ResultsArea
from desktop.ui.panels.vision.status import StatusLine

THUMB_LIMIT = 3000  # pictures beyond this get no preview (memory stays bounded)
RELABEL_DELAY_MS = 600
FLUSH_MS = 80  # the grid repaints at most about 12 times a second


def _timer(parent: QObject, ms: int) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(ms)
    return timer


class Runs(QObject):
    changed = Signal()  # busy, or the number of pictures, changed: buttons follow

    def __init__(
        self,
        service: VisionService,
        results: ResultsArea,
        labels: LabelsBox,
        prompt: PromptBox,
        status: StatusLine,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.service, self.results, self.labels, self.prompt, self.status = service, results, labels, prompt, status
        self.closed = False
        self._announce_ready = False  # say "Model ready" when the model that is loading now is in
        self._incoming: list[VisionResult] = []  # results not yet shown
        self.relabel = _timer(self, RELABEL_DELAY_MS)
        self.relabel.timeout.connect(self.reclassify)
        self._flush_timer = _timer(self, FLUSH_MS)
        self._flush_timer.timeout.connect(self._flush)
        service.loading.connect(self._on_loading)
        service.modelLoaded.connect(self._on_model_loaded)
        service.modelFailed.connect(lambda message, _d: self._on_model_failed(message))
        service.results.connect(self._on_results)
        service.progress.connect(status.show_progress)
        service.finished.connect(self._on_finished)
        service.cancelled.connect(self._on_cancelled)
        service.failed.connect(self._on_failed)
        service.busyChanged.connect(lambda _b: self.changed.emit())
        service.exported.connect(self._on_exported)
        service.exportFailed.connect(lambda message, _d: self.status.say(message, error=True))

    @property
    def count(self) -> int:
        return self.results.model.rowCount()

    def add(self, sources: list[Source]) -> list[Source]:
        """Pictures into the grid, and those that were new classified; returns those."""
        if self.closed:
            return []
        first_row = self.count
        fresh = self.results.model.add(list(sources))
        self.status.set_pictures(self.count)
        if fresh:
            self.results.empty_hint.setVisible(False)
            want = {source_key(s) for n, s in enumerate(fresh) if first_row + n < THUMB_LIMIT}
            self._classify(fresh, want)
        self.changed.emit()
        return fresh

    def _check_request(self) -> bool:
        if not self.labels.labels():
            said = translate("VisionPanel", "Type at least one label, one per line (for example “red circle”).")
            self.status.say(said, error=True)
            return False
        template = self.prompt.template()
        if template != ENSEMBLE and "{}" not in template:
            said = translate(
                "VisionPanel", "The prompt template needs {} where the label goes, e.g. “a photo of a {}.”"
            )
            self.status.say(said, error=True)
            return False
        return True

    def _classify(self, sources: list[Source], want_thumbs: set[str]) -> None:
        if not self._check_request():
            return
        if self.service.info is None:
            self._announce_ready = True
            self.status.say(translate("VisionPanel", "Loading the vision model…"))
        self.service.classify(sources, self.labels.labels(), self.prompt.template(), thumbnails=want_thumbs)
        self.changed.emit()

    def reclassify(self) -> None:
        """Run every picture again with the current labels, template and model (cached features make it fast)."""
        self.relabel.stop()
        if not self.count or self.closed:
            return
        self.service.cancel()
        items = self.results.model.items
        want = {i.key for n, i in enumerate(items) if i.thumbnail is None and n < THUMB_LIMIT}
        self._classify(self.results.model.sources(), want)

    def cancel(self) -> None:
        self.relabel.stop()
        self.service.cancel()

    def clear(self) -> None:
        self.cancel()
        self._incoming.clear()
        self.results.model.clear()
        self.labels.show_notes([])
        self.results.empty_hint.setVisible(True)
        self.status.hide_progress()
        self.status.set_pictures(0)
        self.status.say("")
        self.changed.emit()

    def export_csv(self, path: Path) -> None:
        results = self.results.model.results()
        if not results:
            self.status.say(translate("VisionPanel", "Nothing to export yet."), error=True)
            return
        labels = self.labels.labels() or list(results[-1].labels)
        self.status.say(translate("VisionPanel", "Exporting to {path}…").format(path=path))
        # errors and notes in the language the person reads now, as the cards say them
        said = [
            replace(r, error=translate_message(r.error), notes=[translate_message(n) for n in r.notes]) for r in results
        ]
        self.service.export_csv(path, said, labels)

    # -- the service's news ------------------------------------------------------------------------------
    def _on_loading(self, text: str) -> None:
        self._announce_ready = True
        self.status.say(text)

    def _on_model_loaded(self, info: ModelInfo) -> None:
        announce, self._announce_ready = self._announce_ready, False
        if info.note:
            self.status.say(translate_message(info.note))
        elif announce:
            ready = translate("VisionPanel", "Model ready: {description}")
            self.status.say(ready.format(description=translate_message(info.description)))
        self.changed.emit()

    def _on_model_failed(self, message: str) -> None:
        self._announce_ready = False
        self.status.say(message, error=True)

    def _on_results(self, _job: int, results: list[VisionResult]) -> None:
        self._incoming.extend(results)
        if not self._flush_timer.isActive():
            self._flush_timer.start()

    def _flush(self) -> None:
        self._flush_timer.stop()
        if self._incoming:
            batch, self._incoming = self._incoming, []
            self.results.model.update(batch)

    def _on_finished(self, summary: RunSummary) -> None:
        self._flush()
        self.labels.show_notes(summary.label_notes)
        if self.service.busy:
            return
        self.status.hide_progress()
        classified = summary.done - summary.failed  # the unreadable ones are counted apart
        text = counts().classified(classified, with_speed=summary.done >= 20 and summary.seconds > 0)
        parts = [text.format(seconds=f"{summary.seconds:.2f}", speed=summary.images_per_second)]
        if summary.failed:
            parts.append(counts().unreadable(summary.failed))
        if summary.label_notes:
            parts.append(translate("VisionPanel", "Some labels' scores mean nothing: see the note under the labels."))
        self.status.say(" ".join(parts))

    def _on_cancelled(self, summary: RunSummary) -> None:
        self._flush()
        if self.service.busy:
            return
        self.status.hide_progress()
        stopped = translate("VisionPanel", "Stopped after {done:,} of {total:,} pictures.")
        self.status.say(stopped.format(done=summary.done, total=summary.total))

    def _on_failed(self, message: str, _details: str) -> None:
        self._flush()
        if not self.service.busy:
            self.status.hide_progress()
        self.status.say(message, error=True)

    def _on_exported(self, path: str, rows: int) -> None:
        self.status.say(counts().exported(rows).format(path=path))
