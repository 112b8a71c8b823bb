"""How often a stream of tokens is shown: in passes, each laying out and painting the text once.

A pass costs the window about the same whatever it holds (the paint of the visible text, ~1 ms), so the
number of passes a second, not the number of tokens, is what the window spends. On two cores that time
is taken from the model's threads. ``PassPacer`` spaces passes at least ``min_interval_s`` apart (30 a
second reads as smooth) and, when the window's work per pass is large (a slow view, a busy machine),
further apart, so that the thread showing them spends at most ``budget`` of one core: the window's cost
stays a small share of the model's (bench_completion.py prints both), whatever the view costs.
"""

from __future__ import annotations

import time
from collections.abc import Callable


class PassPacer:
    """Call ``start()`` when a stream begins, ``wait()`` to know how long the next pass must wait (<= 0:
    now) and ``passed()`` when a pass goes; all on the thread that shows the tokens, whose CPU time
    ``cpu_clock`` measures (``time.thread_time``)."""

    def __init__(
        self,
        min_interval_s: float = 1 / 30,
        max_interval_s: float = 0.25,
        budget: float = 0.04,
        clock: Callable[[], float] = time.monotonic,
        cpu_clock: Callable[[], float] = time.thread_time,
    ) -> None:
        self.min_interval_s = min_interval_s
        self.max_interval_s = max_interval_s
        self.budget = budget
        self._clock = clock
        self._cpu_clock = cpu_clock
        self.cost_s = 0.0  # smoothed CPU time of the showing thread from one pass to the next
        self._last: float | None = None
        self._last_cpu: float | None = None

    def start(self) -> None:
        """A new stream: its first pass goes at once; the cost is measured afresh."""
        self._last = self._last_cpu = None
        self.cost_s = 0.0

    @property
    def interval_s(self) -> float:
        wanted = self.cost_s / self.budget if self.budget > 0 else 0.0
        return max(self.min_interval_s, min(self.max_interval_s, wanted))

    def wait(self) -> float:
        if self._last is None:
            return 0.0
        return self._last + self.interval_s - self._clock()

    def passed(self) -> None:
        cpu = self._cpu_clock()
        if self._last_cpu is not None:
            spent = max(0.0, cpu - self._last_cpu)
            # Smoothed: where the CPU clock is coarse (Windows counts in 15.6 ms steps) single readings jump.
            self.cost_s = spent if self.cost_s == 0.0 else 0.8 * self.cost_s + 0.2 * spent
        self._last_cpu = cpu
        self._last = self._clock()
