"""Requests for the teaching views (score a text, fill the blank, a step's logits) and the loaded model's
own tokenizer, on the model the ModelService has loaded, in its host, one request at a time with
everything else it runs. Panels reach it through a Source (desktop/services/source.py).

ModelService reports results only for its own ops, so this service listens to the same host's
messages (chained after ModelService's handler) and keeps the ids it sent. Stop is ModelService's
cancel, which reaches these requests too; a host that dies fails them with its report.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.host import protocol
from desktop.services.model_service import ModelService, error_message

OPS = ("score", "fill_blank", "step_logits", "tokenize")


class TeachingService(QObject):
    progress = Signal(int, float)  # request id, fraction done
    partial = Signal(int, object)  # request id, a token event (a window's scores)
    finished = Signal(int, str, object)  # request id, op, result
    failed = Signal(int, str, str, str)  # request id, error kind, message, details

    def __init__(self, models: ModelService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.models = models
        self._mine: dict[int, str] = {}
        link = models.link
        before = link.on_message

        def chained(msg: dict[str, Any]) -> None:
            before(msg)
            self._on_message(msg)

        link.on_message = chained
        models.hostDied.connect(self._on_host_died)

    def busy(self) -> bool:
        return bool(self._mine)

    def request(self, op: str, **params: Any) -> int | None:
        """Send ``op`` to the loaded model's host; None when no model is loaded or it is busy."""
        if op not in OPS:
            raise ValueError(f"not a teaching op: {op}")
        m = self.models
        self._mine = {r: o for r, o in self._mine.items() if r in m._pending}  # a host stopped by us
        if m.model is None or m.busy() or m.host is None:
            return None
        rid = m._send(op, **params)
        if rid is not None:
            self._mine[rid] = op
        return rid

    def cancel(self) -> None:
        self.models.cancel()

    def _on_message(self, msg: dict[str, Any]) -> None:
        rid = int(msg.get("id", 0))
        op = self._mine.get(rid)
        if op is None:
            return
        kind = msg.get("type")
        if kind == protocol.PROGRESS:
            self.progress.emit(rid, float(msg.get("fraction", 0.0)))
        elif kind == protocol.TOKEN:
            self.partial.emit(rid, msg)
        elif kind == protocol.RESULT:
            del self._mine[rid]
            self.finished.emit(rid, op, msg.get("data") or {})
        elif kind == protocol.ERROR:
            del self._mine[rid]
            # the host's message in the installed language (its template and arguments travel beside it)
            self.failed.emit(rid, str(msg.get("error", "")), error_message(msg), str(msg.get("details", "")))

    def _on_host_died(self, message: str, details: str) -> None:
        for rid in list(self._mine):
            del self._mine[rid]
            self.failed.emit(rid, "HostDied", message, details)
