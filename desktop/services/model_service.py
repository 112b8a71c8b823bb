"""The model host as Qt signals: start and watch the child process, load and unload, cancel at once.

Requests are written from the GUI thread (a short pipe write); a reader thread turns the host's
events into signals. If the host dies, the service says what happened and the next load restarts it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import SIGNAL, QCoreApplication, QObject, QTimer, Signal

from desktop.core.errors import HostDiedError
from desktop.core.host import protocol
from desktop.core.host.client import HostProcess
from desktop.core.pacing import PassPacer
from desktop.i18n import translate_message
from desktop.services.host_reader import HostLink


def stage_text(stage: str) -> str:
    """A load stage from the host (an English name marked in ``runner.py`` under ``CoreHost``) in the
    installed language."""
    return QCoreApplication.translate("CoreHost", stage) if stage else ""


def error_message(msg: dict[str, Any]) -> str:
    """An error event's message in the installed language: the host sends the template and its arguments
    in ``"text"`` (see ``protocol.text_to_wire``) beside the English ``"message"``, which is used when
    ``"text"`` is missing (an older host, or a cancel)."""
    text = msg.get("text")
    if text:
        return translate_message(protocol.text_from_wire(text))
    return str(msg.get("message", ""))


class ModelService(QObject):
    """Idle -> starting -> ready -> loading -> loaded -> ... ; any state -> ``hostDied`` -> idle.

    Stop (``cancel``) and ``unload`` lands at the host's next check. A host that does not answer within
    ``stop_grace_s`` (say, rendering a chat template that never ends) is ended, reported in plain
    words through ``hostDied``, and a fresh one is started."""

    stop_grace_s = 5.0
    # Tokens reach the panels in passes, at most 30 a second, several tokens in one pass when they come
    # faster: each pass re-lays out and repaints the text (about 1 ms), and on two cores that work takes a
    # core from the model's threads. Passes are spaced further apart when the window's work between them
    # would take more than 4% of a core (core/pacing.py).
    token_interval_s = 1 / 30

    stateChanged = Signal(str)
    capabilitiesChanged = Signal(object)
    loadProgress = Signal(str, float)
    loaded = Signal(object)
    unloaded = Signal()
    loadFailed = Signal(str, str)  # message, details
    loadCancelled = Signal()
    hostDied = Signal(str, str)  # message, details
    token = Signal(int, object)  # request id, token event (text, p, alts, t)
    # The same events, one signal per pass: a view that inserts them inside one edit block lays its
    # text out once per pass instead of once per token (3 tokens a pass: ~3x less GUI work).
    tokens = Signal(int, object)  # request id, list of token events, after their ``token`` signals
    completed = Signal(int, object)  # request id, result (text, metrics, stop_reason)
    requestFailed = Signal(int, str, str, str)  # request id, error kind, message, details

    def __init__(self, host_command: list[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.link = HostLink(host_command, self._on_event, self._on_ended, self, on_batch_end=self._schedule_pass)
        self._pending: dict[int, str] = {}
        self._queued_load: dict[str, Any] | None = None
        self.capabilities: dict[str, Any] | None = None
        self.model: dict[str, Any] | None = None
        self.state = "idle"
        self._stopping_ids: set[int] = set()  # requests asked to stop, watched by the grace timer
        self._stop_timer = QTimer(self)
        self._stop_timer.setSingleShot(True)
        self._stop_timer.timeout.connect(self._end_stuck_host)
        self._ended_by_us: HostProcess | None = None  # a host we ended because it did not stop
        self._restart_pending = False
        self._held_tokens: list[tuple[int, dict[str, Any]]] = []  # (request id, event), not yet emitted
        self.pacer = PassPacer()
        self._token_epoch = 0
        self._token_timer = QTimer(self)
        self._token_timer.setSingleShot(True)
        self._token_timer.timeout.connect(self._emit_held_tokens)

    # -- lifecycle ---------------------------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    @property
    def host(self) -> HostProcess | None:
        return self.link.host

    def host_pid(self) -> int | None:
        return self.link.pid()

    def start_host(self) -> None:
        """Start the host if it is not running. Cheap; the host says hello when llama.cpp is ready."""
        if self.link.ensure()[1]:
            self._set_state("starting")

    def shutdown(self, timeout: float = 5.0) -> None:
        """Unload and stop the host, and end the reader thread. Safe to call twice."""
        self._queued_load = None
        self._stop_timer.stop()
        self._stopping_ids.clear()
        self._restart_pending = False
        self._token_timer.stop()
        self._held_tokens.clear()
        self._token_epoch += 1  # a pass under way (shutdown from a token handler) emits no more
        self.link.stop(timeout)
        self.model = None
        self._pending.clear()
        self._set_state("idle")

    # -- requests ----------------------------------------------------------------------------------
    def _send(self, op: str, **params: Any) -> int | None:
        assert self.host is not None
        try:
            rid = self.host.send(op, **params)
        except HostDiedError:
            return None  # the reader is about to report the death; one message, from there
        self._pending[rid] = op
        return rid

    def busy(self) -> bool:
        return self.state in ("loading", "generating") or bool(self._pending)

    def complete(self, **params: Any) -> int | None:
        """Start a streamed completion on the loaded model. Returns the request id, or None if the
        model is not loaded or another request is running."""
        if self.model is None or self.busy() or self.host is None:
            return None
        rid = self._send("complete", **params)
        self.pacer.start()  # the first token of a run is emitted at once
        if rid is not None:
            self._set_state("generating")
        return rid

    def load(self, path: Path | str, n_gpu_layers: int = 0, n_ctx: int = 2048, n_threads: int = 0) -> bool:
        """Load a model (unloading the current one). Returns False if a request is still running."""
        if self.busy():
            return False
        self.start_host()
        self.model = None
        self._queued_load = {
            "path": str(path),
            "n_gpu_layers": n_gpu_layers,
            "n_ctx": n_ctx,
            "n_threads": n_threads,
        }
        self._set_state("loading")
        self.loadProgress.emit(self.tr("Starting the model host"), 0.0)
        if self._hello_seen:
            self._flush_load()
        return True

    @property
    def _hello_seen(self) -> bool:
        return self.capabilities is not None and self.capabilities.get("pid") == self.host_pid()

    def _flush_load(self) -> None:
        params, self._queued_load = self._queued_load, None
        if params is not None:
            self._send("load", **params)

    def unload(self) -> None:
        if self.host is None or not self.host.alive():
            return
        self._queued_load = None
        for rid in list(self._pending):
            self.host.cancel(rid)
        self._watch_stop()
        self._send("unload")

    def cancel(self) -> None:
        """Stop the current request at its next check. Safe at any time, any number of times."""
        if self._queued_load is not None:
            self._queued_load = None
            self._set_state("ready" if self._hello_seen else "starting")
            self.loadCancelled.emit()
        if self.host is not None:
            for rid in list(self._pending):
                self.host.cancel(rid)
            self._watch_stop()

    def _watch_stop(self) -> None:
        """Give the requests running now ``stop_grace_s`` to end; then the host is ended."""
        if not self._pending:
            return
        self._stopping_ids |= set(self._pending)
        if not self._stop_timer.isActive():
            self._stop_timer.start(int(self.stop_grace_s * 1000))

    def _end_stuck_host(self) -> None:
        stuck = self._stopping_ids & set(self._pending)
        self._stopping_ids.clear()
        host = self.host
        if not stuck or host is None or not host.alive():
            return
        self._ended_by_us = host
        host.kill()  # the reader sees the end of output and reports it through _on_ended

    # -- events ------------------------------------------------------------------------------------
    def _on_event(self, msg: dict[str, Any]) -> None:
        kind = msg.get("type")
        if kind == protocol.HELLO:
            self.capabilities = dict(msg.get("data") or {})
            self.capabilitiesChanged.emit(self.capabilities)
            if self._queued_load is not None:
                self._flush_load()
            elif self.state == "starting":
                self._set_state("ready")
            return
        rid = int(msg.get("id", 0))
        op = self._pending.get(rid)
        if kind == protocol.PROGRESS:
            if op == "load":
                self.loadProgress.emit(stage_text(str(msg.get("stage", ""))), float(msg.get("fraction", 0.0)))
            return
        if kind == protocol.TOKEN:
            if op is not None:
                self._held_tokens.append((rid, msg))  # shown by _schedule_pass, once the whole read is in
            return
        self._emit_held_tokens()  # a request's tokens always come before its end
        self._pending.pop(rid, None)
        self._stopping_ids.discard(rid)
        if op == "load":
            self._on_load_done(msg)
        elif op == "complete":
            if self.state == "generating":
                self._set_state("loaded" if self.model is not None else "ready")
            if kind == protocol.RESULT:
                self.completed.emit(rid, msg.get("data") or {})
            else:
                self.requestFailed.emit(rid, str(msg.get("error", "")), error_message(msg), str(msg.get("details", "")))
        elif op == "unload" and kind == protocol.RESULT:
            was_loaded = self.model is not None
            self.model = None
            if not self._pending:
                self._set_state("ready")
            if was_loaded or (msg.get("data") or {}).get("unloaded"):
                self.unloaded.emit()

    def _schedule_pass(self) -> None:
        """After each read from the host: emit the held tokens now if the pacer allows (the first token of
        a run always goes at once), else when it does, by a timer. Tokens that arrived together always go
        together."""
        if not self._held_tokens or self._token_timer.isActive():
            return
        self.pacer.min_interval_s = self.token_interval_s
        wait = self.pacer.wait()
        if wait <= 0:
            self._emit_held_tokens()
        else:
            self._token_timer.start(max(1, round(wait * 1000)))

    def _emit_held_tokens(self) -> None:
        self._token_timer.stop()
        if not self._held_tokens:
            return
        held, self._held_tokens = self._held_tokens, []
        self.pacer.passed()
        epoch = self._token_epoch
        for rid, msg in held:
            if epoch != self._token_epoch:
                return
            self.token.emit(rid, msg)
        if self.receivers(SIGNAL("tokens(int,PyObject)")) > 0:
            for rid in dict.fromkeys(r for r, _ in held):
                if epoch != self._token_epoch:
                    return
                self.tokens.emit(rid, [m for r, m in held if r == rid])

    def _on_load_done(self, msg: dict[str, Any]) -> None:
        if msg.get("type") == protocol.RESULT:
            self.model = dict(msg.get("data") or {})
            self._set_state("loaded")
            self.loaded.emit(self.model)
            return
        self.model = None
        self._set_state("ready")
        if msg.get("error") == "Cancelled":
            self.loadCancelled.emit()
        else:
            self.loadFailed.emit(error_message(msg), str(msg.get("details", "")))

    def _on_ended(self, report: str) -> None:
        self._emit_held_tokens()
        had_model = self.model is not None
        busy = bool(self._pending) or self._queued_load is not None
        stopping = self.host is None or self.host.stopping
        ended_by_us = self._ended_by_us is not None and self._ended_by_us is self.host
        self._ended_by_us = None
        self._stop_timer.stop()
        self._stopping_ids.clear()
        if ended_by_us:
            run_message = message = self.tr(
                "The model host did not stop within {seconds} s, so it was restarted (a model's chat template "
                "that never finishes can do this). The app is fine; load the model again to go on."
            ).format(seconds=f"{self.stop_grace_s:g}")
        else:
            run_message = self.tr("The model host stopped during the run.")
            if busy:
                message = self.tr(
                    "The model host stopped unexpectedly while it was working. The app is fine; load a model "
                    "again to restart it."
                )
            elif had_model:
                message = self.tr(
                    "The model host stopped unexpectedly with a model loaded. The app is fine; load a model "
                    "again to restart it."
                )
            else:
                message = self.tr(
                    "The model host stopped unexpectedly. The app is fine; load a model again to restart it."
                )
        for rid, op in list(self._pending.items()):
            if op == "complete" and not stopping:
                self.requestFailed.emit(rid, "HostRestarted" if ended_by_us else "HostDiedError", run_message, report)
        self._pending.clear()
        self._queued_load = None
        self.model = None
        self._set_state("idle")
        if not stopping:
            self.hostDied.emit(message, report)
        if ended_by_us:
            # A fresh host for the next request; started from the event loop, because this may run
            # inside HostLink.ensure, which is starting a host itself.
            self._restart_pending = True
            QTimer.singleShot(0, self, self._restart_host)

    def _restart_host(self) -> None:
        if self._restart_pending:
            self._restart_pending = False
            if not self.link.alive():
                self.start_host()
