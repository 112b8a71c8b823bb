"""Completion speed: the app's path (model host process -> service -> panel with the probability view)
against a plain llama-cpp-python streaming loop, same model, prompt and greedy settings, one run.

Run: `make bench` or `python tests/benchmarks/bench_completion.py`. Last line: one JSON object.
Targets: generation tokens/s >= 0.95 of raw; TTFT within 30 ms of raw; GUI never stalls > 50 ms;
probability view peak memory < 50 MB.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FM_EXPLORER_HOME", tempfile.mkdtemp(prefix="fm-bench-"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from desktop.resources import default_model_path

PROMPT = "The history of the printing press begins"


def prompt(run: int) -> str:
    """A different first token per run, so neither side reuses the previous run's prompt cache."""
    return f"Chapter {run + 1}. {PROMPT}"


N_TOKENS = 128
N_CTX = 1024
RUNS = 3


def raw_run(path: str) -> dict[str, float]:
    import llama_cpp

    llm = llama_cpp.Llama(path, n_ctx=N_CTX, verbose=False)
    results = []
    for i in range(RUNS + 1):
        start = time.perf_counter()
        stamps = []
        for _chunk in llm.create_completion(
            prompt(i), max_tokens=N_TOKENS, temperature=0.0, repeat_penalty=1.0, stream=True
        ):
            stamps.append(time.perf_counter() - start)
        results.append(stamps)
    llm.close()
    results = results[1:]  # the first run warms caches
    return summarize(results)


def summarize(runs: list[list[float]]) -> dict[str, float]:
    ttft = statistics.median(r[0] for r in runs)
    tps = statistics.median((len(r) - 1) / (r[-1] - r[0]) for r in runs)
    return {"ttft_s": ttft, "gen_tps": tps, "n_tokens": statistics.median(len(r) for r in runs)}


def app_run(path: Path) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.services.history_service import HistoryService
    from desktop.services.model_service import ModelService
    from desktop.services.settings import Settings
    from desktop.ui.panels.completion import CompletionPanel

    app = QApplication.instance() or QApplication([])
    models = ModelService()
    history = HistoryService()
    panel = CompletionPanel(models, Settings(), history)
    panel.resize(1100, 700)
    panel.show()

    def wait(signal: object, timeout_ms: int = 60000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)  # type: ignore[attr-defined]

    models.load(path, n_ctx=N_CTX)
    wait(models.loaded)
    stalls: list[float] = []
    beat = QElapsedTimer()
    heartbeat = QTimer()
    heartbeat.setInterval(5)

    def on_beat() -> None:
        stalls.append(beat.restart())

    heartbeat.timeout.connect(on_beat)
    runs: list[list[float]] = []
    peak_mb = 0.0
    for i in range(RUNS + 1):
        panel.prompt.setPlainText(prompt(i))
        panel.max_tokens.setValue(N_TOKENS)
        panel.temperature.setValue(0.0)
        panel.repeat_penalty.setValue(1.0)
        stamps: list[float] = []
        start = time.perf_counter()

        def on_token(_rid: int, _tok: object, stamps: list[float] = stamps, start: float = start) -> None:
            stamps.append(time.perf_counter() - start)

        models.token.connect(on_token)
        tracemalloc.start()
        beat.start()
        heartbeat.start()
        panel.generate()
        wait(models.completed)
        heartbeat.stop()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        models.token.disconnect(on_token)
        if i:
            runs.append(stamps[:-1] if len(stamps) > len(panel.run["tokens"]) else stamps)  # type: ignore[index]
            peak_mb = max(peak_mb, peak / 2**20)
        else:
            stalls.clear()
    panel.shutdown()
    history.shutdown()
    models.shutdown()
    app.processEvents()
    out = summarize(runs)
    out["max_stall_ms"] = max(stalls[1:], default=0.0)
    out["view_peak_mb"] = peak_mb
    return out


def main() -> int:
    path = default_model_path()
    if path is None:
        print("the default model is not installed: run make setup")
        return 1
    raw = raw_run(str(path))
    ours = app_run(path)
    ratio = ours["gen_tps"] / raw["gen_tps"]
    ttft_diff_ms = (ours["ttft_s"] - raw["ttft_s"]) * 1000
    print(f"Completion: SmolLM2-135M Q4_1, greedy, {N_TOKENS} tokens max, median of {RUNS} runs")
    print(f"{'':28}{'raw llama-cpp':>16}{'FM Explorer':>16}")
    print(f"{'time to first token':28}{raw['ttft_s'] * 1000:>13.1f} ms{ours['ttft_s'] * 1000:>13.1f} ms")
    print(f"{'generation tokens/s':28}{raw['gen_tps']:>16.1f}{ours['gen_tps']:>16.1f}")
    print(f"{'tokens generated':28}{raw['n_tokens']:>16.0f}{ours['n_tokens']:>16.0f}")
    print(f"tokens/s ratio (app/raw): {ratio:.3f}  (target >= 0.95)")
    print(f"TTFT difference: {ttft_diff_ms:+.1f} ms  (target <= 30 ms)")
    print(f"longest GUI stall during runs: {ours['max_stall_ms']:.0f} ms  (target < 50 ms)")
    print(f"probability view peak memory (Python allocations): {ours['view_peak_mb']:.2f} MB  (target < 50 MB)")
    print(json.dumps({
        "benchmark": "completion", "tokens": N_TOKENS,
        "raw_ttft_ms": round(raw["ttft_s"] * 1000, 1), "app_ttft_ms": round(ours["ttft_s"] * 1000, 1),
        "ttft_diff_ms": round(ttft_diff_ms, 1), "raw_gen_tps": round(raw["gen_tps"], 1),
        "app_gen_tps": round(ours["gen_tps"], 1), "tps_ratio": round(ratio, 3),
        "max_stall_ms": round(ours["max_stall_ms"], 1), "view_peak_mb": round(ours["view_peak_mb"], 2),
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
