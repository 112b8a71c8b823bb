"""The host's per-token work: the top alternatives without sorting the whole row, events read from the
pipe in batches, and the modules the app imports at start kept free of numpy and httpx."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from desktop.core.host import protocol
from desktop.core.host.client import HostProcess
from desktop.core.host.generation import softmax_top


def reference(row: np.ndarray, k: int) -> tuple[list[int], np.ndarray, float]:
    """Every id sorted by logit (ties: lower id first), the softmax in float64, the log-sum-exp."""
    order = np.argsort(-row.astype(np.float64), kind="stable")[:k]
    wide = row.astype(np.float64)
    lse = float(wide.max() + np.log(np.exp(wide - wide.max()).sum()))
    return [int(t) for t in order], np.exp(wide[order] - lse), lse


@pytest.mark.parametrize("n", [49152, 49152 + 37, 262144, 640, 100, 7])
@pytest.mark.parametrize("k", [1, 10, 40])
def test_softmax_top_equals_a_full_sort(n: int, k: int) -> None:
    rng = np.random.default_rng(n * 100 + k)
    for trial in range(12):
        row = (rng.standard_normal(n) * rng.uniform(0.5, 6)).astype(np.float32)
        if trial % 3 == 1:
            row[rng.integers(0, n, 5 * k)] = row.max()  # many ties for the top
        if trial % 3 == 2:
            row = np.round(row).astype(np.float32)  # ties everywhere, at the floor too
        if trial == 5:
            row[-1] = row.max() + 1  # the best in the tail that the groups do not cover
        top, probs, lse = softmax_top(row, k, np.empty_like(row))
        ids, want, want_lse = reference(row, k)
        assert top.tolist() == ids
        assert probs == pytest.approx(want, rel=1e-4, abs=1e-7)
        assert lse == pytest.approx(want_lse, rel=1e-5)


def test_read_events_hands_over_everything_that_arrived(tmp_path: object) -> None:
    lines = [protocol.encode({"id": 0, "type": "hello", "data": {}})]
    lines += [protocol.encode({"id": 1, "type": "token", "i": i, "text": "é" * 3000}) for i in range(40)]
    lines.insert(5, b"{torn line\n")
    lines.append(protocol.encode({"id": 1, "type": "result", "data": {"text": "done"}}))
    script = "import sys\nsys.stdout.buffer.write(sys.stdin.buffer.read())\nsys.stdout.flush()\n"
    host = HostProcess([sys.executable, "-c", script])
    host.start()
    assert host.proc is not None and host.proc.stdin is not None
    host.proc.stdin.write(b"".join(lines))  # 360 kB: several reads of the pipe, lines split across them
    host.proc.stdin.close()
    first = host.read_event()
    assert first is not None and first["type"] == "hello"
    events: list[dict[str, object]] = []
    batches = 0
    while batch := host.read_events():
        events += batch
        batches += 1
    assert [e.get("i") for e in events[:-1]] == list(range(40))  # the torn line skipped, nothing else lost
    assert events[-1]["type"] == "result" and all(e.get("text") in ("é" * 3000, None) for e in events[:-1])
    assert batches < 41  # events that arrived together came back together
    assert host.read_event() is None and host.read_events() == []
    host.wait(10)
    host.close()


def test_the_window_module_imports_neither_numpy_nor_httpx() -> None:
    code = (
        "import sys, desktop.ui.main_window, desktop.core.host.generation, desktop.services.remote_service\n"
        "print(sorted(m for m in ('numpy', 'httpx', 'gguf', 'llama_cpp') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert out.stdout.strip() == "[]", out.stderr
