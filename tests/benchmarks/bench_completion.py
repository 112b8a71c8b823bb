"""Completion speed: the app's path (model host process -> service -> panel with the probability view)
against a plain llama-cpp-python streaming loop, same model, prompt and greedy settings, one run.

The raw baseline gets its best thread count (1 .. the physical cores, each tried; the best kept, for
generation and for prompt reading separately), so a poor default in the app cannot hide behind the
same default in the baseline. The app runs with its own "Auto". Prompt reading is measured on a long
prompt (about 600 tokens, one token generated): prompt tokens / time to first token.

Run: `make bench` or `python tests/benchmarks/bench_completion.py`. Last line: one JSON object.
Targets: generation tokens/s >= 0.95 of raw; prompt reading tokens/s >= 0.95 of raw; TTFT within
30 ms of raw; GUI never stalls > 50 ms; probability view peak memory < 50 MB.
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


LONG_PROMPT = " ".join(f"Sentence {k}: the history of the printing press begins in Mainz." for k in range(40))


def long_prompt(run: int) -> str:
    return f"Chapter {run + 1}. {LONG_PROMPT}"


N_TOKENS = 128
N_CTX = 1024
RUNS = 3


def physical_cores() -> int:
    import psutil

    return psutil.cpu_count(logical=False) or psutil.cpu_count() or 1


def raw_run(path: str, n_threads: int) -> dict[str, float]:
    import llama_cpp

    llm = llama_cpp.Llama(path, n_ctx=N_CTX, n_threads=n_threads, n_threads_batch=n_threads, verbose=False)
    results = []
    for i in range(RUNS + 1):
        start = time.perf_counter()
        stamps = []
        for _chunk in llm.create_completion(
            prompt(i), max_tokens=N_TOKENS, temperature=0.0, repeat_penalty=1.0, stream=True
        ):
            stamps.append(time.perf_counter() - start)
        results.append(stamps)
    prompt_speeds = []
    for i in range(RUNS + 1):
        text = long_prompt(i)
        n_prompt = len(llm.tokenize(text.encode("utf-8")))
        start = time.perf_counter()
        for _chunk in llm.create_completion(text, max_tokens=1, temperature=0.0, stream=True):
            prompt_speeds.append(n_prompt / (time.perf_counter() - start))
            break
    llm.close()
    out = summarize(results[1:])  # the first run warms caches
    out["prompt_tps"] = statistics.median(prompt_speeds[1:])
    out["n_threads"] = n_threads
    return out


def raw_best(path: str) -> dict[str, float]:
    """The raw library at its best: each thread count from 1 to the physical cores, the best kept
    (generation and prompt reading each at the count that suits it)."""
    tried = [raw_run(path, n) for n in range(1, physical_cores() + 1)]
    gen = max(tried, key=lambda r: r["gen_tps"])
    reading = max(tried, key=lambda r: r["prompt_tps"])
    best = dict(gen)
    best["prompt_tps"] = reading["prompt_tps"]
    best["prompt_threads"] = reading["n_threads"]
    best["tried"] = len(tried)
    return best


def summarize(runs: list[list[float]]) -> dict[str, float]:
    ttft = statistics.median(r[0] for r in runs)
    tps = statistics.median((len(r) - 1) / (r[-1] - r[0]) for r in runs)
    return {"ttft_s": ttft, "gen_tps": tps, "n_tokens": statistics.median(len(r) for r in runs)}


def app_run(path: Path) -> dict[str, float]:
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from desktop.factory import application, build_window

    app = application(excepthooks=False)
    window = build_window(start_host=False, panel="Completion")  # the window as main() builds it
    panel = window.panel("Completion")
    models = window.models
    window.resize(1100 + 160, 700 + 50)
    window.show()

    def wait(signal: object, timeout_ms: int = 60000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)  # type: ignore[attr-defined]
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)  # type: ignore[attr-defined]

    models.load(path, n_ctx=N_CTX, n_threads=int(os.environ.get("FM_BENCH_APP_THREADS", "0")))
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
    prompt_speeds: list[float] = []
    for i in range(RUNS + 1):
        first: list[float] = []
        results: list[dict[str, object]] = []

        def on_first(_rid: int, _tok: object, first: list[float] = first) -> None:
            if not first:
                first.append(time.perf_counter())

        def on_done(_rid: int, result: dict[str, object], results: list[dict[str, object]] = results) -> None:
            results.append(result)

        models.token.connect(on_first)
        models.completed.connect(on_done)
        start = time.perf_counter()
        models.complete(mode="completion", prompt=long_prompt(i), max_tokens=1, temperature=0.0)
        wait(models.completed)
        models.token.disconnect(on_first)
        models.completed.disconnect(on_done)
        n_prompt = int(results[0]["n_prompt"]) if results else 0  # type: ignore[call-overload]
        if first and n_prompt:
            prompt_speeds.append(n_prompt / (first[0] - start))
    threads = int((models.model or {}).get("n_threads", 0))
    window.close()  # shuts the panel, the history and the model host down, in order
    app.processEvents()
    out = summarize(runs)
    out["max_stall_ms"] = max(stalls[1:], default=0.0)
    out["view_peak_mb"] = peak_mb
    out["prompt_tps"] = statistics.median(prompt_speeds[1:]) if len(prompt_speeds) > 1 else 0.0
    out["n_threads"] = threads
    return out


def main() -> int:
    path = default_model_path()
    if path is None:
        print("the default model is not installed: run make setup")
        return 1
    raw = raw_best(str(path))
    ours = app_run(path)
    ratio = ours["gen_tps"] / raw["gen_tps"]
    prompt_ratio = ours["prompt_tps"] / raw["prompt_tps"] if raw["prompt_tps"] else 0.0
    ttft_diff_ms = (ours["ttft_s"] - raw["ttft_s"]) * 1000
    print(f"Completion: SmolLM2-135M Q4_1, greedy, {N_TOKENS} tokens max, median of {RUNS} runs")
    print(
        f"raw llama-cpp: best of {raw['tried']:.0f} thread counts (generation {raw['n_threads']:.0f}, "
        f"prompt reading {raw['prompt_threads']:.0f}); FM Explorer: Auto = {ours['n_threads']:.0f} threads"
    )
    print(f"{'':28}{'raw llama-cpp':>16}{'FM Explorer':>16}{'ratio':>10}")
    print(f"{'time to first token':28}{raw['ttft_s'] * 1000:>13.1f} ms{ours['ttft_s'] * 1000:>13.1f} ms")
    print(f"{'generation tokens/s':28}{raw['gen_tps']:>16.1f}{ours['gen_tps']:>16.1f}{ratio:>10.3f}")
    print(f"{'prompt reading tokens/s':28}{raw['prompt_tps']:>16.1f}{ours['prompt_tps']:>16.1f}{prompt_ratio:>10.3f}")
    print(f"{'tokens generated':28}{raw['n_tokens']:>16.0f}{ours['n_tokens']:>16.0f}")
    print(f"generation tokens/s ratio (app/raw): {ratio:.3f}  (target >= 0.95)")
    print(f"prompt reading tokens/s ratio (app/raw): {prompt_ratio:.3f}  (target >= 0.95)")
    print(f"TTFT difference: {ttft_diff_ms:+.1f} ms  (target <= 30 ms)")
    print(f"longest GUI stall during runs: {ours['max_stall_ms']:.0f} ms  (target < 50 ms)")
    print(f"probability view peak memory (Python allocations): {ours['view_peak_mb']:.2f} MB  (target < 50 MB)")
    print(json.dumps({
        "benchmark": "completion", "tokens": N_TOKENS,
        "raw_ttft_ms": round(raw["ttft_s"] * 1000, 1), "app_ttft_ms": round(ours["ttft_s"] * 1000, 1),
        "ttft_diff_ms": round(ttft_diff_ms, 1), "raw_gen_tps": round(raw["gen_tps"], 1),
        "app_gen_tps": round(ours["gen_tps"], 1), "tps_ratio": round(ratio, 3),
        "raw_prompt_tps": round(raw["prompt_tps"], 1), "app_prompt_tps": round(ours["prompt_tps"], 1),
        "prompt_tps_ratio": round(prompt_ratio, 3),
        "raw_threads_gen": int(raw["n_threads"]), "raw_threads_prompt": int(raw["prompt_threads"]),
        "app_threads": int(ours["n_threads"]),
        "max_stall_ms": round(ours["max_stall_ms"], 1), "view_peak_mb": round(ours["view_peak_mb"], 2),
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
