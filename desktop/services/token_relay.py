"""Token events from stream threads to the GUI thread, coalesced per frame and bounded.

A server can send tokens far faster than a window can show them (a fast stream: 12,000 a second; a
flood: megabytes a second). One queued signal per token would fill the GUI thread's event queue faster
than it empties, and Stop would wait behind them. So a stream thread :meth:`TokenRelay.put` s its events
into one shared list and wakes the GUI thread once; the GUI thread hands them on at most once a frame,
for at most ``pass_budget_s`` of its time per pass, and the rest wait for the next frame. When the list
holds ``max_held`` events (or ``max_held_chars`` characters), the stream thread waits: the server is read
no faster than the window takes its tokens (TCP holds the rest), and memory stays bounded.

A stream thread parsing a flood holds the interpreter's lock in short stretches, and Qt calls back into
Python many times during one layout: the app factory's ``build_window()`` sets the interpreter's switch
interval to 1 ms for that (process-wide).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

Deliver = Callable[[int, list[dict[str, Any]]], None]


class TokenRelay(QObject):
    """``deliver(rid, events)`` runs on the GUI thread for each pass, in arrival order per request."""

    frame_s = 1 / 60  # at most one pass a frame (the first event of a burst goes at once)
    pass_budget_s = 0.006  # GUI time per pass; what is left waits for the next frame
    max_held = 256
    max_held_chars = 64 * 1024

    _wake = Signal()

    def __init__(self, deliver: Deliver, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._deliver = deliver
        self._cond = threading.Condition()
        self._held: deque[tuple[int, dict[str, Any]]] = deque()
        self._held_chars = 0
        self._wake_pending = False  # a wake signal or a timer is on its way: no need for another
        self._closed = False
        self._last_pass = 0.0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._pass)
        self._wake.connect(self._on_wake, Qt.ConnectionType.QueuedConnection)

    # -- stream threads ----------------------------------------------------------------------------
    def put(self, rid: int, event: dict[str, Any], stopped: Callable[[], bool]) -> None:
        """Hold ``event`` for the GUI thread; wait while the list is full, unless ``stopped()`` (a stopped
        stream's last events are kept, never dropped: its result and the shown tokens must agree)."""
        chars = len(event.get("text") or "")
        with self._cond:
            while self._full() and not (self._closed or stopped()):
                self._cond.wait(0.05)
            if self._closed:
                return
            self._held.append((rid, event))
            self._held_chars += chars
            if self._wake_pending:
                return
            self._wake_pending = True
        self._wake.emit()

    def _full(self) -> bool:
        return len(self._held) >= self.max_held or self._held_chars >= self.max_held_chars

    def release(self) -> None:
        """Wake stream threads waiting for room (after a stop, so they see it at once)."""
        with self._cond:
            self._cond.notify_all()

    # -- the GUI thread ----------------------------------------------------------------------------
    def _on_wake(self) -> None:
        wait = self._last_pass + self.frame_s - time.perf_counter()
        if wait <= 0:
            self._pass()
        elif not self._timer.isActive():
            self._timer.start(max(1, round(wait * 1000)))

    def _take(self, limit: int, rid: int | None = None) -> list[tuple[int, dict[str, Any]]]:
        with self._cond:
            if rid is None:
                taken = [self._held.popleft() for _ in range(min(limit, len(self._held)))]
            else:
                taken = [item for item in self._held if item[0] == rid]
                if taken:
                    self._held = deque(item for item in self._held if item[0] != rid)
            self._held_chars -= sum(len(e.get("text") or "") for _r, e in taken)
            if not self._held:
                self._held_chars = 0
            self._cond.notify_all()
            return taken

    def _pass(self) -> None:
        """Hand on what is held, for at most ``pass_budget_s``; schedule the next pass if some is left."""
        self._timer.stop()
        start = self._last_pass = time.perf_counter()
        while True:
            taken = self._take(32)
            if taken:
                self._hand_on(taken)
            with self._cond:
                if not self._held:
                    self._wake_pending = False
                    return
            if time.perf_counter() - start >= self.pass_budget_s:
                break
        if not self._closed:
            self._timer.start(max(1, round(self.frame_s * 1000)))

    def flush(self, rid: int) -> None:
        """Hand on every event still held for ``rid`` now (before its result is announced)."""
        taken = self._take(0, rid)
        if taken:
            self._hand_on(taken)

    def _hand_on(self, taken: list[tuple[int, dict[str, Any]]]) -> None:
        start = 0
        for n in range(1, len(taken) + 1):  # consecutive runs of one request, in order
            if n == len(taken) or taken[n][0] != taken[start][0]:
                self._deliver(taken[start][0], [e for _r, e in taken[start:n]])
                start = n

    def close(self) -> None:
        """Drop what is held and let waiting stream threads go; nothing is handed on after this."""
        with self._cond:
            self._closed = True
            self._held.clear()
            self._held_chars = 0
            self._cond.notify_all()
        self._timer.stop()
