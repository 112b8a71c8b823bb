"""Tokens reach the panels in passes: the first at once, then at most ``token_interval_s`` apart, every
token in order and before its request's end."""

from __future__ import annotations

import itertools
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.model_service import ModelService


@pytest.fixture
def service(qtbot: QtBot, make_window: Callable[..., Any], default_model: Path) -> ModelService:
    """The model service of the window as ``main()`` builds it, with the default model loaded."""
    svc: ModelService = make_window(start_host=False).models
    with qtbot.waitSignal(svc.loaded, timeout=60000):
        svc.load(default_model, n_ctx=512, n_threads=1)  # one thread: steady on a busy machine
    return svc


def test_tokens_come_in_passes_in_order_before_the_end(qtbot: QtBot, service: ModelService) -> None:
    service.token_interval_s = 0.25  # far slower than the model, so that passes hold several tokens
    singles: list[tuple[float, dict[str, Any]]] = []
    passes: list[tuple[float, list[dict[str, Any]]]] = []
    ended: list[float] = []
    service.token.connect(lambda _rid, tok: singles.append((time.monotonic(), tok)))
    service.tokens.connect(lambda _rid, toks: passes.append((time.monotonic(), list(toks))))
    results: list[dict[str, Any]] = []

    def on_completed(_rid: int, result: dict[str, Any]) -> None:
        ended.append(time.monotonic())
        results.append(result)

    service.completed.connect(on_completed)
    with qtbot.waitSignal(service.completed, timeout=60000):
        service.complete(mode="completion", prompt="Once upon a time", max_tokens=40, temperature=0.0)
    events = [tok for _t, tok in singles]
    generated = [e["i"] for e in events if not e.get("eog")]
    assert generated == list(range(len(generated)))
    assert [tok for _t, batch in passes for tok in batch] == events  # the same events, once each
    assert len(passes[0][1]) == 1  # the first token is not held back
    assert max(len(batch) for _t, batch in passes) > 1
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(passes)]
    assert min(gaps[:-1], default=1.0) >= 0.2  # the last pass comes with the result, sooner
    assert singles[-1][0] <= ended[0]
    assert "".join(e["text"] for e in events) == results[0]["text"]


def test_the_first_token_of_the_next_run_is_not_held(qtbot: QtBot, service: ModelService) -> None:
    service.token_interval_s = 5.0
    for _ in range(2):
        firsts: list[float] = []
        service.token.connect(lambda _rid, _tok, firsts=firsts: firsts.append(time.monotonic()))
        started = time.monotonic()
        with qtbot.waitSignal(service.completed, timeout=60000):
            service.complete(mode="completion", prompt="Once upon a time", max_tokens=12, temperature=0.0)
        assert firsts and firsts[0] - started < 4.0  # not the 5 s interval after the last run's pass
        service.token.disconnect()


def test_the_completion_panel_shows_every_token_in_passes_at_most_30_a_second(
    qtbot: QtBot, service: ModelService
) -> None:
    """Streaming into the window as a user sees it, probabilities shown: every token, in order, tinted,
    in passes at least 1/30 s apart (each pass lays out and repaints the text once)."""
    window = service.parent()
    panel = window.panel("Completion")  # type: ignore[attr-defined]
    window.show_panel("Completion")  # type: ignore[attr-defined]
    assert panel.token_tab.show_probs.isChecked()
    passes: list[tuple[float, int]] = []
    service.tokens.connect(lambda _rid, toks: passes.append((time.monotonic(), len(toks))))
    panel.prompt.setPlainText("Once upon a time")
    panel.max_tokens.setValue(64)
    panel.temperature.setValue(0.0)
    with qtbot.waitSignal(service.completed, timeout=60000) as done:
        panel.generate()
    result = done.args[1]
    shown = list(panel.run["tokens"])
    assert "".join(t["text"] for t in shown) == result["text"]
    assert panel.output.toPlainText() == "Once upon a time" + result["text"]
    assert all(0.0 < t["p"] <= 1.0 and len(t["alts"]) == 10 for t in shown)
    assert sum(n for _t, n in passes) >= len(shown)  # the end-of-text token, if any, comes too
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(passes)]
    assert min(gaps[:-1], default=1.0) >= 1 / 30 - 0.004, gaps  # the last pass comes with the end, sooner


def test_a_costly_view_gets_fewer_passes_not_a_slower_model(qtbot: QtBot, service: ModelService) -> None:
    """A view that spends 8 ms of CPU on every pass (a slow machine, a heavy view: simulated by a slot
    that burns CPU) is shown fewer, larger passes, so that the window stays within its share of a core
    (4%: about 5 passes a second here) instead of taking a core from the model at 30 passes a second."""
    passes: list[tuple[float, list[dict[str, Any]]]] = []

    def costly(_rid: int, toks: list[dict[str, Any]]) -> None:
        passes.append((time.monotonic(), list(toks)))
        end = time.thread_time() + 0.008
        while time.thread_time() < end:
            pass

    service.tokens.connect(costly)
    with qtbot.waitSignal(service.completed, timeout=60000) as done:
        service.complete(mode="completion", prompt="Once upon a time", max_tokens=80, temperature=0.0)
    assert "".join(t["text"] for _t, batch in passes for t in batch) == done.args[1]["text"]  # every token
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(passes)]
    assert len(passes) >= 3 and statistics.median(gaps[1:-1]) >= 0.15, gaps  # 8 ms / 4% = 0.2 s
    assert service.pacer.cost_s >= 0.008 and service.pacer.interval_s <= 0.25  # never under 4 passes a second
