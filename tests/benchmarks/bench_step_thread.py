"""Each token's probabilities made in place or on a thread of their own (desktop/core/host/steps.py), side
by side on the CPU: the host's ``Generator`` on SmolLM2, greedy 128 tokens, its token batches to /dev/null,
both ways in turns in one process, once with llama.cpp on every CPU and once with one CPU left over.
Speeds from the tokens' own timestamps.

The host uses the thread only where every layer is on a GPU (``use_thread``; the GPU side is measured by
scripts/gpu_measure.py, which runs the host both ways). This shows what the thread would do on this CPU.
Run: ``python tests/benchmarks/bench_step_thread.py [--rounds N]``. Last line: one JSON object. A diagnostic
beside bench_completion.py, with no target of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

PROMPT = "The three most important ideas in machine learning are"
N_TOKENS = 128


def cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def measure(n_threads: int, rounds: int) -> dict[str, Any]:
    import llama_cpp

    from desktop.core.host.generation import Generator, Request
    from desktop.core.host.outbox import TokenOutbox
    from desktop.core.host.protocol import encode
    from desktop.core.host.runner import LoadSettings
    from desktop.resources import default_model_path

    sink = open(os.devnull, "wb")  # noqa: SIM115 - closed below

    def write(msg: dict[str, Any]) -> None:
        sink.write(encode(msg))

    box = TokenOutbox(write)
    llm = llama_cpp.Llama(str(default_model_path()), n_ctx=2048, n_threads=n_threads, n_threads_batch=n_threads,
                          flash_attn=LoadSettings.flash_attn, verbose=False)  # fmt: skip
    generators = {}
    for mode in ("0", "1"):
        os.environ["FM_STEP_THREAD"] = mode
        generators[mode] = Generator(llm, threading.Event())
    os.environ.pop("FM_STEP_THREAD")
    # The host's own work per token on the generating thread: a run's time outside llama-cpp-python's
    # generate (which decodes and samples), per token.
    in_library = [0.0]
    generate = llm.generate

    def timed_generate(*args: Any, **kwargs: Any) -> Any:
        tokens = generate(*args, **kwargs)
        while True:
            t0 = time.perf_counter()
            try:
                token = next(tokens)
            except StopIteration:
                return
            finally:
                in_library[0] += time.perf_counter() - t0
            yield token

    llm.generate = timed_generate  # type: ignore[method-assign]
    request = Request(mode="completion", prompt=PROMPT, max_tokens=N_TOKENS, temperature=0.0, repeat_penalty=1.0)
    speeds: dict[str, list[float]] = {"0": [], "1": []}
    host_ms: dict[str, list[float]] = {"0": [], "1": []}
    rid = 0
    for r in range(rounds + 1):  # the first round warms caches and is not counted
        for mode in ("0", "1") if r % 2 == 0 else ("1", "0"):
            rid += 1
            stamps: list[float] = []

            def emit(event: dict[str, Any], stamps: list[float] = stamps, rid: int = rid) -> None:
                stamps.append(float(event["t"]))
                box.add(rid, event)

            in_library[0], t0 = 0.0, time.perf_counter()
            generators[mode].run(request, emit)
            box.flush()
            if r > 0:
                speeds[mode].append((len(stamps) - 1) / (stamps[-1] - stamps[0]))
                host_ms[mode].append((time.perf_counter() - t0 - in_library[0]) / len(stamps) * 1000)
    for g in generators.values():
        g.steps.close()
    llm.close()
    sink.close()
    in_place, thread = statistics.median(speeds["0"]), statistics.median(speeds["1"])
    return {"n_threads": n_threads, "in_place_tps": in_place, "thread_tps": thread, "ratio": thread / in_place,
            "in_place_host_ms_per_token": statistics.median(host_ms["0"]),
            "thread_host_ms_per_token": statistics.median(host_ms["1"])}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    rows = []
    for n_threads in sorted({cpus(), max(1, cpus() - 1)}, reverse=True):
        row = measure(n_threads, args.rounds)
        rows.append(row)
    print("llama.cpp threads | in place tok/s | thread tok/s | thread / in place | host ms/token on the "
          "generating thread: in place, thread")  # fmt: skip
    for row in rows:
        print(f"{row['n_threads']:>17} | {row['in_place_tps']:>14.1f} | {row['thread_tps']:>12.1f} | "
              f"{row['ratio']:>17.3f} | {row['in_place_host_ms_per_token']:.3f}, "
              f"{row['thread_host_ms_per_token']:.3f}")  # fmt: skip
    print("The host makes them in place on the CPU, on a thread where every layer is on a GPU.")
    print(json.dumps({"cpus": cpus(), "rows": rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
