"""Each generated token's event, finished with its probability and alternatives, then sent on.

The probabilities come from the step's whole logits row (a softmax over the vocabulary), which is the
host's largest work per token: about 0.2 ms of a 5 ms token on 2 slow cores, and on a GPU, where a token
can take 1.2 ms, a large part of the host's pace. Where the GPU does all the model's work and the CPUs
only wait for it, that work runs on a thread of its own while llama.cpp makes the next token: the row is
copied (the next decode overwrites it) and the event goes out from that thread, in order. Where llama.cpp's
threads work on the CPU the thread would take a CPU from them, so the work is done in place.
"""

from __future__ import annotations

import math
import os
import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

TokenSink = Callable[[dict[str, Any]], None]
Alternatives = Callable[["np.ndarray", "np.ndarray"], list[list[Any]]]
SLOTS = 8  # rows copied and not yet finished: the most the worker may fall behind


def use_thread(all_on_gpu: bool) -> bool:
    """Whether each token's probabilities are made on a thread of their own: where every layer is on a GPU.

    Measured (tests/benchmarks/results/gpu-h200-2026-12-04-step-thread.md, bench_step_thread.py): on an H200
    machine with every layer on the GPU the thread gained SmolLM2 8% and Gemma 3 18%; with half the layers
    on the GPU, llama.cpp's 16 threads still run the rest, and it cost Gemma 3 7% (SmolLM2 +2%). On 2 CPU
    cores nothing dependable: 0.96-1.04x with llama.cpp on both cores and 0.95-1.07x with it on one, in five
    runs each, though the generating thread's own work fell from 0.34 to 0.12 ms a token: the thread takes
    its CPU from llama.cpp's. ``FM_STEP_THREAD=1`` or ``0`` decides instead (benchmarks, tests)."""
    forced = os.environ.get("FM_STEP_THREAD", "")
    if forced in ("0", "1"):
        return forced == "1"
    return all_on_gpu


class StepEvents:
    """Finishes and emits token events; ``threaded``: on a worker thread, while the caller goes on."""

    def __init__(self, n_vocab: int, alternatives: Alternatives, threaded: bool) -> None:
        import numpy as np

        from desktop.core.host.generation import softmax_top  # generation imports this module

        self._np = np
        self._softmax_top = softmax_top
        self._alternatives = alternatives
        self.threaded = threaded
        self._scratch = np.empty(n_vocab, dtype=np.float32)
        self._rows = np.empty((SLOTS if threaded else 0, n_vocab), dtype=np.float32)
        self._free: queue.SimpleQueue[int] = queue.SimpleQueue()
        self._work: queue.SimpleQueue[tuple[int, dict[str, Any], int, TokenSink] | None] = queue.SimpleQueue()
        self._pending = 0
        self._done = threading.Condition()
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        for slot in range(len(self._rows)):
            self._free.put(slot)

    def add(self, row: np.ndarray, event: dict[str, Any], k: int, emit: TokenSink) -> None:
        """``event`` gets ``p`` (its token's probability) and ``alts`` (the ``k`` likeliest), then goes to
        ``emit``. ``row``: the step's logits, read before this returns."""
        if not self.threaded:
            self._finish(row, event, k, emit)
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="host-steps", daemon=True)
            self._thread.start()
        slot = self._free.get()  # waits only when the worker is SLOTS tokens behind
        self._np.copyto(self._rows[slot], row)
        with self._done:
            self._pending += 1
        self._work.put((slot, event, k, emit))

    def wait(self) -> None:
        """Returns once every event added has been emitted; raises what the worker raised."""
        with self._done:
            self._done.wait_for(lambda: self._pending == 0)
            error, self._error = self._error, None
        if error is not None:
            raise error

    def close(self) -> None:
        if self._thread is not None:
            self._work.put(None)
            self._thread.join(timeout=5)
            self._thread = None

    def _finish(self, row: np.ndarray, event: dict[str, Any], k: int, emit: TokenSink) -> None:
        top, probs, lse = self._softmax_top(row, k, self._scratch)
        event["p"] = math.exp(float(row[int(event["token"])]) - lse)
        event["alts"] = self._alternatives(top, probs)
        emit(event)

    def _run(self) -> None:
        while (item := self._work.get()) is not None:
            slot, event, k, emit = item
            try:
                if self._error is None:  # after a failure the rest are dropped; wait() raises it
                    self._finish(self._rows[slot], event, k, emit)
            except BaseException as exc:  # handed to the generating thread, which reports it
                self._error = exc
            finally:
                self._free.put(slot)
                with self._done:
                    self._pending -= 1
                    self._done.notify_all()
