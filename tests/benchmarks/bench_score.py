"""Score a text: tokens scored per second through the model host, against a raw llama-cpp-python loop.

Run: `python tests/benchmarks/bench_score.py`. The last line is one JSON object with the figures.

- ours: the host's ``score`` op, end to end (request, windows, a log-probability per token, the JSON
  answer read back by the app's client), SmolLM2, one window of the whole context.
- raw: llama-cpp-python as a script would do it: ``Llama(logits_all=True)``, ``eval`` over the same
  tokens, then ``Llama.logits_to_logprobs`` and the target token's entry per position.
Both use the same thread count, batch size and flash attention (on, as the host loads models: faster at
reading a text here), best of several runs each, interleaved. Target >= 0.9x.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.temp_folders import temp_folder  # noqa: E402

os.environ.setdefault("FM_EXPLORER_HOME", temp_folder("fm-bench-"))

TARGET = 0.9
RUNS = 5
N_CTX = 1024
TEXT = (
    "Foundation models are trained on broad data and adapted to many tasks. A language model reads text as "
    "tokens and predicts each next token from the ones before it; how surprised it is by a text, averaged "
    "over the tokens, is its perplexity. "
) * 40


def main() -> int:
    import numpy as np
    from llama_cpp import Llama

    from desktop.core.host.client import HostProcess
    from desktop.core.host.runner import LoadSettings, auto_threads
    from desktop.resources import default_model_path

    path = default_model_path()
    assert path is not None, "the default model is missing: run make setup"
    threads = auto_threads()
    host = HostProcess()
    host.start()

    def call(op: str, **params: Any) -> dict[str, Any]:
        rid = host.send(op, **params)
        while True:
            event = host.read_event()
            assert event is not None, host.exit_report()
            if event.get("id") == rid and event["type"] in ("result", "error"):
                assert event["type"] == "result", event
                return dict(event["data"])

    hello = host.read_event()
    assert hello is not None and hello["type"] == "hello", host.exit_report()
    call("load", path=str(path), n_ctx=N_CTX, n_threads=threads)
    raw = Llama(model_path=str(path), n_ctx=N_CTX, n_threads=threads, n_threads_batch=threads, logits_all=True,
                flash_attn=LoadSettings.flash_attn, verbose=False)  # fmt: skip
    tokens = raw.tokenize(TEXT.encode(), add_bos=True, special=True)[:N_CTX]
    text = raw.detokenize(tokens[1:]).decode("utf-8", errors="ignore")

    def ours() -> tuple[float, int, float]:
        t = time.perf_counter()
        data = call("score", text=text, window=N_CTX, stride=N_CTX - 1)
        return time.perf_counter() - t, int(data["n_scored"]), float(data["perplexity"])

    def baseline() -> tuple[float, int, float]:
        t = time.perf_counter()
        seq = raw.tokenize(text.encode(), add_bos=True, special=True)
        raw.reset()
        raw.eval(seq)
        lp = Llama.logits_to_logprobs(np.asarray(raw.scores[: len(seq)]))
        picked = lp[np.arange(len(seq) - 1), seq[1:]]
        return time.perf_counter() - t, len(seq) - 1, float(np.exp(-picked.mean()))

    ours()  # warm both
    baseline()
    best_ours, best_raw = float("inf"), float("inf")
    n_ours = n_raw = 0
    ppl_ours = ppl_raw = 0.0
    for _ in range(RUNS):
        s, n_ours, ppl_ours = ours()
        best_ours = min(best_ours, s)
        s, n_raw, ppl_raw = baseline()
        best_raw = min(best_raw, s)
    raw.close()
    host.stop()
    host.close()
    ours_tps, raw_tps = n_ours / best_ours, n_raw / best_raw
    ratio = ours_tps / raw_tps
    print(f"Score a text: SmolLM2, {n_ours} tokens in one window, {threads} threads, best of {RUNS}")
    print(f"{'path':<44}{'tokens/s':>10}{'perplexity':>12}")
    print(f"{'ours (host score op, end to end)':<44}{ours_tps:>10.1f}{ppl_ours:>12.3f}")
    print(f"{'raw llama-cpp-python (logits_all eval)':<44}{raw_tps:>10.1f}{ppl_raw:>12.3f}")
    print(f"ratio {ratio:.2f}x (target >= {TARGET}x)")
    print()
    figures = {
        "benchmark": "score",
        "tokens": n_ours,
        "threads": threads,
        "ours_tokens_per_s": round(ours_tps, 1),
        "raw_tokens_per_s": round(raw_tps, 1),
        "ratio": round(ratio, 3),
        "target": TARGET,
        "perplexity_ours": round(ppl_ours, 4),
        "perplexity_raw": round(ppl_raw, 4),
        "ok": ratio >= TARGET,
    }
    print(json.dumps(figures))
    return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
