"""Where generation speed goes, layer by layer: the same greedy 128 tokens of SmolLM2 through each layer
the app adds over plain llama-cpp-python, every arm in a fresh process, in turns.

- raw: llama-cpp-python's ``create_completion`` streaming (bench_completion's worker); its best thread
  count from a scan, then flash attention off and on in every round, the faster kept.
- generator: the host's ``Generator`` (each step's probabilities, the token batches to /dev/null) in a
  plain process, loaded as the host loads (its Auto threads, flash attention on).
- host: the real model host (``python -m desktop --model-host``) read by a plain client in this process:
  adds the host's process, its pipe and a reader that wakes for each batch.
- service: the app's ``ModelService`` (Qt, no window) driving the host: adds the app's event loop and
  its token pacing. bench_completion.py adds the window on top.

Speeds are read from the tokens' own timestamps where the arm has them (the time each was made), so what
an arm costs is the model's pace it slows, not a delay in delivery. Run:
``python tests/benchmarks/bench_generation_layers.py [--rounds N]``. Last line: one JSON object. This is a
diagnostic beside bench_completion.py: it has no target of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_completion as bc  # noqa: E402

RUNS = 4  # per arm and round; the first warms caches and is not counted


def request(offset: int) -> dict[str, Any]:
    return {"prompt": bc.prompt(offset), "max_tokens": bc.N_TOKENS, "temperature": 0.0, "repeat_penalty": 1.0}


def generator_worker(path: str, offset: int) -> float:
    import llama_cpp

    from desktop.core.host.generation import Generator, Request
    from desktop.core.host.outbox import TokenOutbox
    from desktop.core.host.protocol import encode
    from desktop.core.host.runner import LoadSettings, auto_threads

    settings = LoadSettings()
    threads = settings.n_threads or auto_threads()
    sink = open(os.devnull, "wb")  # noqa: SIM115 - the process's life

    def write(msg: dict[str, Any]) -> None:
        sink.write(encode(msg))

    box = TokenOutbox(write)
    llm = llama_cpp.Llama(
        path, n_ctx=bc.N_CTX, n_threads=threads, n_threads_batch=threads, flash_attn=settings.flash_attn, verbose=False
    )
    generator = Generator(llm, threading.Event())
    runs: list[list[float]] = []
    for i in range(RUNS):
        stamps: list[float] = []
        runs.append(stamps)

        def emit(event: dict[str, Any], stamps: list[float] = stamps, rid: int = i + 1) -> None:
            if not event.get("eog"):
                stamps.append(float(event["t"]))
            box.add(rid, event)

        generator.run(Request(mode="completion", **request(offset + i)), emit)
        box.flush()
    return bc.summarize(runs[1:])["gen_tps"]  # the first run warms caches


def generator_arm(path: str, offset: int) -> float:
    cmd = [sys.executable, __file__, "--generator-worker", path, str(offset)]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=600, check=True)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["gen_tps"])


def host_arm(path: str, offset: int) -> float:
    from desktop.core.host.client import HostProcess

    host = HostProcess()
    host.start()

    def answer(rid: int) -> list[float]:
        stamps: list[float] = []
        while True:
            event = host.read_event()
            if event is None:
                raise RuntimeError(f"the host ended: {host.stderr_tail()}")
            if event.get("type") == "token" and not event.get("eog"):
                stamps.append(float(event["t"]))
            if event.get("id") == rid and event.get("type") in ("result", "error"):
                if event["type"] == "error":
                    raise RuntimeError(str(event.get("message")))
                return stamps

    try:
        answer(host.send("load", path=path, n_ctx=bc.N_CTX, n_threads=0))
        runs = [answer(host.send("complete", mode="completion", **request(offset + i))) for i in range(RUNS)]
    finally:
        host.stop()
    return bc.summarize(runs[1:])["gen_tps"]


class ServiceArm:
    """The app's ModelService and its host, in this process's Qt event loop, with no window."""

    def __init__(self, path: str) -> None:
        from PySide6.QtCore import QCoreApplication

        from desktop.services.model_service import ModelService

        self.app = QCoreApplication.instance() or QCoreApplication([])
        self.service = ModelService()
        self.service.load(path, n_ctx=bc.N_CTX)
        bc.wait_signal(self.service.loaded)
        assert self.service.model is not None, "the model did not load"

    def run(self, offset: int) -> float:
        runs: list[list[float]] = []
        for i in range(RUNS):
            stamps: list[float] = []
            runs.append(stamps)

            def on_tokens(_rid: int, events: list[dict[str, Any]], stamps: list[float] = stamps) -> None:
                stamps.extend(float(e["t"]) for e in events if not e.get("eog"))

            self.service.tokens.connect(on_tokens)
            self.service.complete(mode="completion", **request(offset + i))
            bc.wait_signal(self.service.completed)
            self.service.tokens.disconnect(on_tokens)
        return bc.summarize(runs[1:])["gen_tps"]

    def close(self) -> None:
        self.service.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generation speed through each layer of the app")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    from desktop.resources import default_model_path

    model = default_model_path()
    if model is None:
        print("the default model is not installed: run make setup")
        return 1
    path = str(model)
    counts = range(1, bc.physical_cores() + 1)
    scan = [bc.raw_run(path, n, runs=2, flash_attn=fa) for n in counts for fa in (0, 1)]
    raw_threads = int(max(scan, key=lambda r: r["gen_tps"])["n_threads"])
    service = ServiceArm(path)
    arms: dict[str, list[float]] = {"raw": [], "generator": [], "host": [], "service": []}
    for r in range(args.rounds):  # in turns, so that a busy moment falls on every arm alike
        offset = 10 * r
        arms["raw"].append(max(bc.raw_run(path, raw_threads, offset=offset, flash_attn=fa)["gen_tps"] for fa in (0, 1)))
        arms["generator"].append(generator_arm(path, offset))
        arms["host"].append(host_arm(path, offset))
        arms["service"].append(service.run(offset))
    service.close()

    raw = statistics.median(arms["raw"])
    print(f"Generation through each layer: SmolLM2-135M Q4_1, greedy, {bc.N_TOKENS} tokens, {args.rounds} rounds")
    print(f"raw: {raw_threads} thread(s), the faster of flash attention off and on each round")
    print(f"{'arm':12}{'tok/s':>9}{'x raw':>8}  rounds (x raw)")
    result: dict[str, Any] = {"benchmark": "generation_layers", "rounds": args.rounds, "raw_threads": raw_threads}
    for name, speeds in arms.items():
        rounds = [bc.ratio(s, w) for s, w in zip(speeds, arms["raw"], strict=True)]
        median = statistics.median(speeds)
        shown = ", ".join(f"{x:.3f}" for x in rounds)
        print(f"{name:12}{median:>9.1f}{bc.ratio(median, raw):>8.3f}  {shown}")
        result[f"{name}_tps"] = round(median, 1)
        result[f"{name}_ratio"] = round(bc.ratio(median, raw), 3)
        result[f"{name}_ratio_rounds"] = [round(x, 3) for x in rounds]
    print("bench_completion.py adds the window (the Completion panel with probabilities) on top of 'service'.")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--generator-worker":
        print(json.dumps({"gen_tps": generator_worker(sys.argv[2], int(sys.argv[3]))}))
        raise SystemExit(0)
    raise SystemExit(main())
