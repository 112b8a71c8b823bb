"""Streaming from an OpenAI-compatible server: the app's path (the window's RemoteService, built by the app
factory: the client on its stream thread, tokens to the GUI thread in passes) against a plain ``openai``
client streaming loop, side by side against the same local ``llama_cpp.server`` serving the bundled
SmolLM2, in one run.

Both sides send the same request (greedy, the same number of alternatives per token), so the server
does the same work for each, and the difference is the client's. Runs alternate between the two sides,
so that a change in the machine's load falls on both. Times are measured on the client side, from
sending the request to each token's arrival (on the GUI thread, for the app).

Run: `make bench` or `python tests/benchmarks/bench_server.py`. Last line: one JSON object.
Targets: tokens/s >= 0.95 of the plain client's; TTFT within 30 ms of it; the GUI never stalls > 50 ms.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.temp_folders import temp_folder

os.environ.setdefault("FM_EXPLORER_HOME", temp_folder("fm-bench-"))

from desktop.resources import default_model_path
from tests.core.test_remote import start_llama_server, stop_llama_server

N_TOKENS = 96
RUNS = 5
N_ALTERNATIVES = 10
PROMPT = "The history of the printing press begins"


def prompt(run: int) -> str:
    """A different first token per run, so that no run reuses the previous one's prompt cache."""
    return f"Chapter {run + 1}. {PROMPT}"


def summarize(runs: list[list[float]]) -> dict[str, float]:
    return {
        "ttft_s": statistics.median(r[0] for r in runs),
        "gen_tps": statistics.median((len(r) - 1) / (r[-1] - r[0]) for r in runs),
        "n_tokens": statistics.median(len(r) for r in runs),
    }


def openai_run(client: Any, model: str, run: int) -> list[float]:
    stamps: list[float] = []
    start = time.perf_counter()
    stream = client.completions.create(
        model=model,
        prompt=prompt(run),
        max_tokens=N_TOKENS,
        temperature=0.0,
        logprobs=N_ALTERNATIVES,
        stream=True,
        extra_body={"repeat_penalty": 1.0, "top_k": 40, "min_p": 0.05},
        top_p=0.95,
    )
    for chunk in stream:
        if chunk.choices and chunk.choices[0].text:
            stamps.append(time.perf_counter() - start)
    return stamps


def main() -> int:
    path = default_model_path()
    if path is None:
        print("the default model is not installed: run make setup")
        return 1
    import openai
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from desktop.factory import application, build_window

    app = application(excepthooks=False)
    server = start_llama_server(path, Path(temp_folder("fm-bench-server-")) / "server.log")
    plain = openai.OpenAI(base_url=server.base_url, api_key="none", max_retries=0)
    window = build_window(start_host=False)  # the app as main() builds it; its one RemoteService
    service = window.remote
    config = server.config()

    def wait(signal: Any, timeout_ms: int = 120000) -> None:
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        loop.exec()
        signal.disconnect(loop.quit)

    service.check(config)
    wait(service.checked)
    stalls: list[float] = []
    beat = QElapsedTimer()
    heartbeat = QTimer()
    heartbeat.setInterval(5)
    heartbeat.timeout.connect(lambda: stalls.append(beat.restart()))

    def app_run(run: int) -> list[float]:
        stamps: list[float] = []
        start = time.perf_counter()

        def on_token(_rid: int, event: dict[str, Any]) -> None:
            if event.get("text"):
                stamps.append(time.perf_counter() - start)

        service.token.connect(on_token)
        beat.start()
        heartbeat.start()
        service.complete(config, server.model, mode="completion", prompt=prompt(run), max_tokens=N_TOKENS,
                         temperature=0.0, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.0,
                         n_alternatives=N_ALTERNATIVES)  # fmt: skip
        wait(service.completed)
        heartbeat.stop()
        service.token.disconnect(on_token)
        return stamps

    ours: list[list[float]] = []
    theirs: list[list[float]] = []
    try:
        for run in range(RUNS + 1):  # the first pair warms caches and connections
            a = openai_run(plain, server.model, 2 * run)
            b = app_run(2 * run + 1)
            if run:
                theirs.append(a)
                ours.append(b)
            else:
                stalls.clear()
    finally:
        window.close()
        plain.close()
        stop_llama_server(server)
        app.processEvents()

    o, t = summarize(ours), summarize(theirs)
    ratio = o["gen_tps"] / t["gen_tps"]
    ttft_diff_ms = (o["ttft_s"] - t["ttft_s"]) * 1000
    max_stall = max(stalls[1:], default=0.0)
    print(f"Server streaming: llama_cpp.server on 127.0.0.1, SmolLM2-135M Q4_1, greedy, {N_TOKENS} tokens max, ")
    print(f"{N_ALTERNATIVES} alternatives per token on both sides, median of {RUNS} alternating runs")
    print(f"{'':28}{'openai client':>16}{'FM Explorer':>16}{'ratio':>10}")
    print(f"{'time to first token':28}{t['ttft_s'] * 1000:>13.1f} ms{o['ttft_s'] * 1000:>13.1f} ms")
    print(f"{'generation tokens/s':28}{t['gen_tps']:>16.1f}{o['gen_tps']:>16.1f}{ratio:>10.3f}")
    print(f"{'tokens received':28}{t['n_tokens']:>16.0f}{o['n_tokens']:>16.0f}")
    print(f"tokens/s ratio (app/openai): {ratio:.3f}  (target >= 0.95)")
    print(f"TTFT difference: {ttft_diff_ms:+.1f} ms  (target <= 30 ms)")
    print(f"longest GUI stall during the app's runs: {max_stall:.0f} ms  (target < 50 ms)")
    print(json.dumps({
        "benchmark": "server", "tokens": N_TOKENS, "runs": RUNS,
        "openai_ttft_ms": round(t["ttft_s"] * 1000, 1), "app_ttft_ms": round(o["ttft_s"] * 1000, 1),
        "ttft_diff_ms": round(ttft_diff_ms, 1), "openai_gen_tps": round(t["gen_tps"], 1),
        "app_gen_tps": round(o["gen_tps"], 1), "tps_ratio": round(ratio, 3), "max_stall_ms": round(max_stall, 1),
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
