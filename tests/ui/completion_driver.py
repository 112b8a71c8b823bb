"""Driving the Completion panel of a window built by the app factory, as a person does: pick what to run
on, type a prompt, set Max tokens, press Generate or Stop. One place that knows the panel's widgets, for
the server tests and ``bench_server_hostile.py`` (the panel is being split into a package: adapt here)."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QElapsedTimer, QTimer

from desktop.services.remote_source import source_key
from desktop.ui.widgets.token_text import TokenTextView


def completion(window: Any) -> Any:
    return window.panel("Completion")


def pick_server_model(window: Any, server_id: str, model: str) -> None:
    panel = completion(window)
    index = panel.source_pick.findData(source_key(server_id, model))
    assert index >= 0, [panel.source_pick.itemData(i) for i in range(panel.source_pick.count())]
    panel.source_pick.setCurrentIndex(index)


def generate(window: Any, prompt: str, max_tokens: int) -> None:
    panel = completion(window)
    panel.mode.setCurrentIndex(panel.mode.findData("completion"))
    panel.prompt.setPlainText(prompt)
    panel.max_tokens.setValue(max_tokens)
    assert panel.max_tokens.value() == max_tokens, "beyond the panel's range"
    panel.generate_btn.click()


def stop(window: Any) -> None:
    completion(window).stop_btn.click()


def idle(window: Any) -> bool:
    panel = completion(window)
    return not panel.busy() and panel.generate_btn.isEnabled()


def output(window: Any) -> TokenTextView:
    view: TokenTextView = completion(window).output
    return view


def run(window: Any) -> dict[str, Any]:
    current: dict[str, Any] = completion(window).run
    return current


def n_tokens(window: Any) -> int:
    current = completion(window).run
    return len(current["tokens"]) if current else 0


def status_text(window: Any) -> str:
    text: str = completion(window).status.text()
    return text


class Heartbeat:
    """The GUI thread's longest gap between 5 ms timer ticks: the longest the window froze (``longest``,
    wall time), and the most CPU time the GUI thread spent in one gap (``longest_cpu``): on a busy machine
    the wall time also counts the time other processes had the cores; the CPU time is the app's own work."""

    def __init__(self) -> None:
        self.gaps: list[int] = []
        self.cpu_gaps: list[float] = []
        self._clock = QElapsedTimer()
        self._cpu = 0.0
        self._timer = QTimer()
        self._timer.setInterval(5)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        self.gaps.append(self._clock.restart())
        now = time.thread_time()
        self.cpu_gaps.append((now - self._cpu) * 1000)
        self._cpu = now

    def start(self) -> Heartbeat:
        self.gaps.clear()
        self.cpu_gaps.clear()
        self._clock.start()
        self._cpu = time.thread_time()
        self._timer.start()
        return self

    @property
    def longest_cpu(self) -> float:
        return max(self.cpu_gaps[1:], default=0.0)

    def stop(self) -> int:
        self._timer.stop()
        return self.longest

    @property
    def longest(self) -> int:
        return max(self.gaps[1:], default=0)


def stop_to_idle_ms(window: Any, qtbot: Any, timeout_ms: int = 10000) -> float:
    """Press Stop; the time until the panel is idle again (Generate enabled), in milliseconds."""
    started = time.perf_counter()
    stop(window)
    qtbot.waitUntil(lambda: idle(window), timeout=timeout_ms)
    return (time.perf_counter() - started) * 1000
