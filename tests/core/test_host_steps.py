"""Each token's probability and alternatives, made in place or on a thread of their own while llama.cpp
makes the next token: the same events, in the same order, all out before the request ends."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
import pytest

from desktop.core.host.generation import softmax_top
from desktop.core.host.steps import SLOTS, StepEvents, use_thread


def alts(top: np.ndarray, probs: np.ndarray) -> list[list[Any]]:
    return [[int(t), f"<{int(t)}>", float(q)] for t, q in zip(top, probs, strict=True)]


def events_from(threaded: bool, rows: np.ndarray, slow_emit: float = 0.0) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    steps = StepEvents(rows.shape[1], alts, threaded)
    live = np.empty(rows.shape[1], dtype=np.float32)  # one buffer, overwritten as llama.cpp's row is

    def emit(event: dict[str, Any]) -> None:
        time.sleep(slow_emit)
        out.append(event)

    try:
        for i, row in enumerate(rows):
            np.copyto(live, row)
            steps.add(live, {"i": i, "token": int(i * 7 % rows.shape[1]), "t": i / 100}, 5, emit)
            live[:] = -1e9  # the next decode overwrites the row: the step must have read its own copy
        steps.wait()
    finally:
        steps.close()
    return out


def test_the_step_thread_gives_the_same_events_in_the_same_order() -> None:
    rng = np.random.default_rng(3)
    rows = (rng.standard_normal((3 * SLOTS + 2, 5000)) * 4).astype(np.float32)
    in_place = events_from(False, rows)
    # a slow consumer makes the worker fall SLOTS behind, so adding waits for a free row
    threaded = events_from(True, rows, slow_emit=0.002)
    assert threaded == in_place
    assert [e["i"] for e in threaded] == list(range(len(rows)))
    for event, row in zip(in_place, rows, strict=True):
        top, probs, lse = softmax_top(row, 5)
        assert [a[0] for a in event["alts"]] == top.tolist()
        assert [a[2] for a in event["alts"]] == pytest.approx(probs.tolist())
        assert event["p"] == pytest.approx(float(np.exp(row[event["token"]] - lse)), rel=1e-5)


def test_a_failure_on_the_step_thread_reaches_the_generating_thread() -> None:
    steps = StepEvents(100, alts, threaded=True)
    seen: list[int] = []

    def emit(event: dict[str, Any]) -> None:
        if event["i"] == 2:
            raise OSError("the pipe closed")
        seen.append(event["i"])

    row = np.zeros(100, dtype=np.float32)
    for i in range(5):
        steps.add(row, {"i": i, "token": 1, "t": 0.0}, 3, emit)
    with pytest.raises(OSError, match="the pipe closed"):
        steps.wait()
    assert seen == [0, 1]  # after a failure the rest are dropped, not sent out of order
    steps.wait()  # raised once; the worker is still there for the next request
    steps.add(row, {"i": 9, "token": 1, "t": 0.0}, 3, emit)
    steps.wait()
    assert seen == [0, 1, 9]
    steps.close()
    assert not any(t.name == "host-steps" for t in threading.enumerate())


def test_the_thread_is_used_only_where_the_gpu_makes_every_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FM_STEP_THREAD", raising=False)
    assert use_thread(all_on_gpu=True) is True
    assert use_thread(all_on_gpu=False) is False  # llama.cpp's threads work on the CPU
    monkeypatch.setenv("FM_STEP_THREAD", "1")
    assert use_thread(all_on_gpu=False) is True
    monkeypatch.setenv("FM_STEP_THREAD", "0")
    assert use_thread(all_on_gpu=True) is False
