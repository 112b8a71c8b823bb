"""One run of one prompt on one Source, into one token view: the single path for the local model, a server
model and the comparison. Whatever runs it, a run ends exactly once, with ``finished`` or ``failed``."""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.services.source import Source
from desktop.ui.panels.completion.run_view import RunTokenView

KEPT = ("token", "text", "p", "t", "alts")  # what a run record keeps of each token event


class TokenRecords(list[dict[str, Any]]):
    """A run's kept tokens. A record is never changed once appended, so a copy of the run (the snapshot
    saved to the history, ``copy.deepcopy(run)``) shares the records: copying the list is a few
    microseconds on the GUI thread, where copying 8,192 records one by one took about 20 ms at the end of
    a long run."""

    def __deepcopy__(self, memo: dict[int, Any]) -> TokenRecords:
        return TokenRecords(self)


class Runner(QObject):
    progressed = Signal(int)  # tokens so far (after each batch)
    finished = Signal(object)  # the source's result (text, stop_reason, metrics, ...)
    failed = Signal(str, str, object)  # error kind, message, the result so far (a broken stream) or None

    def __init__(self, view: RunTokenView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.source: Source | None = None
        self.rid: int | None = None
        self.tokens: list[dict[str, Any]] = TokenRecords()  # the run's tokens as a run record keeps them

    def busy(self) -> bool:
        return self.rid is not None

    def start(self, source: Source, params: dict[str, Any]) -> bool:
        """Start ``params`` on ``source``; False (and nothing changes) when it cannot start now."""
        if self.rid is not None:
            return False
        self._connect(source)
        rid = source.complete(**params)
        if rid is None:
            self._disconnect()
            return False
        self.rid = rid
        self.tokens = TokenRecords()
        return True

    def stop(self) -> None:
        if self.rid is not None and self.source is not None:
            self.source.cancel()

    def abandon(self) -> None:
        """Forget the run without waiting for its end (the app is closing; the caller saves what exists)."""
        self.rid = None
        self._disconnect()

    # -- the source's events ----------------------------------------------------------------------
    def _connect(self, source: Source) -> None:
        self._disconnect()
        self.source = source
        source.tokens.connect(self._on_tokens)
        source.completed.connect(self._on_completed)
        source.requestFailed.connect(self._on_failed)
        source.stateChanged.connect(self._on_state)

    def _disconnect(self) -> None:
        source, self.source = self.source, None
        if source is None:
            return
        for signal, slot in (
            (source.tokens, self._on_tokens),
            (source.completed, self._on_completed),
            (source.requestFailed, self._on_failed),
            (source.stateChanged, self._on_state),
        ):
            with contextlib.suppress(RuntimeError, TypeError):
                signal.disconnect(slot)

    def _on_tokens(self, rid: int, events: list[dict[str, Any]]) -> None:
        if rid != self.rid:
            return
        for event in events:
            if event.get("eog"):
                continue
            self.tokens.append({k: event[k] for k in KEPT if k in event})
            self.view.append_token(event)
        self.progressed.emit(len(self.tokens))

    def _on_completed(self, rid: int, result: dict[str, Any]) -> None:
        if rid == self.rid:
            self.rid = None
            self._disconnect()
            self.finished.emit(result)

    def _on_failed(self, rid: int, kind: str, message: str, _details: str) -> None:
        if rid == self.rid:
            source = self.source
            partial = source.last_partial if source is not None else None
            self.rid = None
            self._disconnect()
            self.failed.emit(kind, message, partial)

    def _on_state(self, state: str) -> None:
        # A model host that ended while it was being stopped (at quit) reports no failure: the run is over.
        if self.rid is not None and state in ("idle", "ready"):
            self.rid = None
            self._disconnect()
            self.failed.emit("Ended", "", None)
