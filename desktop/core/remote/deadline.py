"""Deadlines for requests to servers: a total time for the whole request, and, for a stream, a longest
wait for the next complete part of the answer.

httpx's timeouts apply to each read, so a server that sends one byte every few seconds never trips them.
A :class:`Watch` fires its callback (which shuts the request's socket down) when either limit passes.
One daemon thread serves every watch in the process; it sleeps until the nearest deadline.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import threading
import time
from collections.abc import Callable


class Watch:
    """One request's deadlines. ``expired`` says which limit passed ("total" or "idle"), or ""."""

    def __init__(self, dog: _Watchdog, total_s: float, idle_s: float | None, on_expire: Callable[[str], None]) -> None:
        now = time.monotonic()
        self._dog = dog
        self.total_at = now + total_s
        self.idle_s = idle_s
        self.last_progress = now
        self.on_expire = on_expire
        self.expired = ""
        self.done = False

    def next_due(self) -> float:
        if self.idle_s is None:
            return self.total_at
        return min(self.total_at, self.last_progress + self.idle_s)

    def progress(self) -> None:
        """A complete part of the answer arrived: the idle limit starts again (no lock: one float)."""
        self.last_progress = time.monotonic()

    def cancel(self) -> None:
        """The request ended: this watch fires no more."""
        self.done = True

    def _check(self, now: float) -> bool:
        """Fire if a limit has passed; True when this watch is finished with."""
        if self.done:
            return True
        if now >= self.total_at:
            reason = "total"
        elif self.idle_s is not None and now >= self.last_progress + self.idle_s:
            reason = "idle"
        else:
            return False
        self.expired = reason
        self.done = True
        with contextlib.suppress(Exception):  # a callback that fails must not end the watchdog for everyone
            self.on_expire(reason)
        return True


class _Watchdog:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Watch]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def watch(self, total_s: float, idle_s: float | None, on_expire: Callable[[str], None]) -> Watch:
        w = Watch(self, total_s, idle_s, on_expire)
        with self._cond:
            heapq.heappush(self._heap, (w.next_due(), next(self._seq), w))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="remote-deadlines", daemon=True)
                self._thread.start()
            self._cond.notify()
        return w

    def _run(self) -> None:
        with self._cond:
            while True:
                while not self._heap:
                    self._cond.wait()
                due, _seq, w = self._heap[0]
                now = time.monotonic()
                if due > now:
                    self._cond.wait(min(due - now, 1.0))
                    continue
                heapq.heappop(self._heap)
                if w.done:
                    continue
                actual = w.next_due()  # progress may have moved the idle limit on
                if actual > now:
                    heapq.heappush(self._heap, (actual, next(self._seq), w))
                    continue
                w._check(now)


_dog = _Watchdog()


def watch(total_s: float, idle_s: float | None, on_expire: Callable[[str], None]) -> Watch:
    """Call ``on_expire("total")`` once ``total_s`` have passed, or ``on_expire("idle")`` once
    ``idle_s`` pass without :meth:`Watch.progress`, unless :meth:`Watch.cancel` comes first. The
    callback runs on the watchdog's thread: keep it short (shutting a socket down)."""
    return _dog.watch(total_s, idle_s, on_expire)
