"""Check GPU offload for real: the model host on a CUDA (or Metal) build of llama-cpp-python.

    python scripts/gpu_check.py [MODEL.gguf] [--tokens 64]

Needs only llama-cpp-python built for the GPU and numpy (no Qt). For each setting of ``n_gpu_layers``
(none, part, all) it starts our model host, loads the model, and generates greedily; it prints what the
host reports (backend, layers on the GPU, buffer sizes), the speed, the GPU memory the host holds (from
nvidia-smi) beside the "will it fit?" estimate, and whether the tokens equal the CPU's and raw
llama-cpp-python's on the same GPU. The last line is one JSON object. Exit 1 when offload did not happen.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

# llama.cpp before numpy and gguf (which the catalog brings): the other order crashed a CUDA build's first
# load (see desktop/core/host/server.py).
import llama_cpp

from desktop.core.hardware import detect_gpu
from desktop.core.host.client import HostProcess
from desktop.core.teaching.fit import estimate, shape_from_file

PROMPT = "The three most important ideas in machine learning are"
GREEDY = {"temperature": 0.0, "top_k": 40, "top_p": 0.95, "min_p": 0.05, "repeat_penalty": 1.0}
N_CTX = 2048


def gpu_memory_mib(pid: int) -> float | None:
    """GPU memory nvidia-smi counts for ``pid``; None without nvidia-smi or when it lists none."""
    if not shutil.which("nvidia-smi"):
        return None
    out = subprocess.run(
        ["nvidia-smi", "--query-compute-apps=pid,used_memory", "--format=csv,noheader,nounits"],
        capture_output=True,
        text=True,
        timeout=20,
    ).stdout
    for line in out.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 2 and parts[0] == str(pid):
            return float(parts[1])
    return None


def read_result(host: HostProcess, rid: int) -> tuple[dict[str, Any], list[dict[str, Any]], float | None]:
    tokens: list[dict[str, Any]] = []
    first: float | None = None
    t0 = time.perf_counter()
    while True:
        event = host.read_event()
        if event is None:
            raise RuntimeError(host.exit_report())
        if event.get("id") != rid:
            continue
        if event["type"] == "token":
            if first is None:
                first = time.perf_counter() - t0
            if not event.get("eog"):
                tokens.append(event)
            continue
        if event["type"] == "progress":
            continue
        return event, tokens, first


def through_host(model: Path, n_gpu_layers: int, n_tokens: int) -> dict[str, Any]:
    host = HostProcess()
    host.start()
    try:
        t0 = time.perf_counter()
        event, _, _ = read_result(host, host.send("load", path=str(model), n_gpu_layers=n_gpu_layers, n_ctx=N_CTX))
        if event["type"] != "result":
            return {"n_gpu_layers": n_gpu_layers, "error": event}
        load_s = time.perf_counter() - t0
        data = event["data"]
        info, _, _ = read_result(host, host.send("info"))
        data.setdefault("backend", info.get("data", {}).get("capabilities", {}).get("backend"))
        runs = []
        for _ in range(3):  # the first run warms the GPU (kernels, graphs); report the best of the rest
            t0 = time.perf_counter()
            event, tokens, ttft = read_result(
                host, host.send("complete", mode="completion", prompt=PROMPT, max_tokens=n_tokens, **GREEDY)
            )
            runs.append((time.perf_counter() - t0, tokens, ttft, event))
        seconds, tokens, ttft, event = min(runs[1:], key=lambda r: r[0])
        metrics = event.get("data", {}).get("metrics", {})
        return {
            "n_gpu_layers": n_gpu_layers,
            "backend": data.get("backend"),
            "layers_on_gpu": data.get("layers_on_gpu"),
            "layers_total": data.get("layers_total"),
            "buffers_mib": data.get("buffers_mib"),
            "load_s": round(load_s, 3),
            "gpu_mib_nvidia_smi": gpu_memory_mib(host.pid or -1),
            "tokens": [t["token"] for t in tokens],
            "text": "".join(t["text"] for t in tokens),
            "tok_s_wall": round(len(tokens) / seconds, 1) if seconds else None,
            "ttft_ms": round(ttft * 1000, 1) if ttft else None,
            "metrics": metrics,
        }
    finally:
        host.stop()


def raw_gpu(model: Path, n_tokens: int) -> dict[str, Any]:

    llm = llama_cpp.Llama(str(model), n_ctx=N_CTX, n_gpu_layers=-1, verbose=False)
    try:
        prompt = llm.tokenize(PROMPT.encode(), add_bos=llm._model.add_bos_token(), special=True)
        best = None
        out: list[int] = []
        for _ in range(3):
            out = []
            t0 = time.perf_counter()
            for t in llm.generate(prompt, temp=0.0, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.0, reset=True):
                if t == llm.token_eos() or len(out) >= n_tokens:
                    break
                out.append(t)
            s = time.perf_counter() - t0
            best = s if best is None else min(best, s)
        return {"tokens": out, "tok_s_wall": round(len(out) / best, 1) if best else None}
    finally:
        llm.close()


def vision_on_cuda() -> dict[str, Any]:
    """The bundled CLIP through open_clip on "cuda" against "cpu": the same probabilities?"""
    import random

    import numpy as np
    from PIL import Image

    from desktop.core.vision import ZeroShotClassifier, bundled_labels, bundled_spec, render_shape

    rng = random.Random(3)
    pictures = [render_shape("circle", "red", rng, size=64), Image.new("RGB", (64, 64), (0, 0, 255))]
    labels = list(bundled_labels())
    probs = {}
    for device in ("cpu", "cuda"):
        zs = ZeroShotClassifier(bundled_spec(), device=device)
        info = zs.load()
        t0 = time.perf_counter()
        p = zs.probabilities(zs.image_features(pictures), zs.text_features(labels))
        probs[device] = (np.asarray(p), time.perf_counter() - t0, str(getattr(info, "device", device)))
        zs.close()
    diff = float(np.abs(probs["cpu"][0] - probs["cuda"][0]).max())
    return {"device_reported": probs["cuda"][2], "max_prob_diff_cpu_vs_cuda": diff}


def default_model() -> Path:
    from desktop.resources import default_model_path

    return Path(default_model_path())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", type=Path)
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--vision", action="store_true", help="also run the bundled CLIP on CUDA (needs open_clip)")
    args = parser.parse_args()
    model = args.model or default_model()

    gpu = detect_gpu()
    print(f"GPU seen by the app: {gpu.kind} {gpu.names}")
    print(f"llama_supports_gpu_offload: {bool(llama_cpp.llama_supports_gpu_offload())}")
    shape = shape_from_file(model)
    est = estimate(shape, N_CTX)
    print(f"model: {model.name}, {shape.n_layers} layers; fit estimate {est.total / 2**20:.0f} MiB at n_ctx {N_CTX}")

    results = [through_host(model, n, args.tokens) for n in (0, shape.n_layers // 2, -1)]
    raw = raw_gpu(model, args.tokens)
    cpu = results[0]
    for r in results:
        same_cpu = r.get("tokens") == cpu.get("tokens")
        same_raw = r.get("tokens") == raw["tokens"]
        r["equal_to_cpu"], r["equal_to_raw_gpu"] = same_cpu, same_raw
        print(
            f"n_gpu_layers={r['n_gpu_layers']}: backend {r.get('backend')}, layers on GPU "
            f"{r.get('layers_on_gpu')}/{r.get('layers_total')}, {r.get('tok_s_wall')} tok/s, "
            f"TTFT {r.get('ttft_ms')} ms, "
            f"GPU memory {r.get('gpu_mib_nvidia_smi')} MiB, buffers {r.get('buffers_mib')}, "
            f"tokens equal to CPU: {same_cpu}, to raw GPU: {same_raw}"
        )
        print(f"  text: {r.get('text', '')[:160]!r}")
    full = results[-1]
    ratio = (full["tok_s_wall"] / raw["tok_s_wall"]) if full.get("tok_s_wall") and raw["tok_s_wall"] else None
    print(f"raw llama-cpp-python, all layers on GPU: {raw['tok_s_wall']} tok/s; ours/raw = {ratio and round(ratio, 3)}")
    offloaded = bool(full.get("layers_on_gpu")) and full.get("layers_on_gpu") == full.get("layers_total")
    summary = {
        "gpu": list(gpu.names),
        "offload_all_ok": offloaded,
        "fit_estimate_mib": round(est.total / 2**20),
        "runs": [{k: v for k, v in r.items() if k not in ("tokens", "text")} for r in results],
        "raw_gpu_tok_s": raw["tok_s_wall"],
        "ours_over_raw_gpu": ratio and round(ratio, 3),
    }
    if args.vision:
        try:
            summary["vision"] = vision_on_cuda()
        except Exception as exc:  # a report, not a crash: the LLM figures above still count
            summary["vision"] = {"error": f"{type(exc).__name__}: {exc}"}
        print(f"vision on CUDA: {summary['vision']}")
    print(json.dumps(summary))
    return 0 if offloaded else 1


if __name__ == "__main__":
    sys.exit(main())
