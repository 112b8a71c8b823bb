"""``fm-explorer --smoke``: the scripted tour packaging/smoke.sh runs in the unpacked bundle, offline.

It loads the default model in the model host (the app re-run as ``--model-host``) and generates a few
tokens; tokenizes Korean text with tiktoken's cl100k_base and with the model's own tokenizer (in the host);
classifies two drawn pictures with the bundled CLIP through the engine this install has (ONNX Runtime in
the bundle). One JSON line last; exit 0 when every step worked.
"""

from __future__ import annotations

import json
import random
import sys
import time
from collections.abc import Callable
from typing import Any

KOREAN = "안녕하세요, 세계! 오늘은 날씨가 좋네요."


def _timed(report: dict[str, Any], key: str, step: Callable[[], dict[str, Any]]) -> None:
    started = time.perf_counter()
    try:
        result = step()
    except Exception as exc:  # a failed step is reported, and the tour goes on
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    result["seconds"] = round(time.perf_counter() - started, 2)
    report[key] = result


def _host_steps(report: dict[str, Any]) -> None:
    from desktop.core.host.client import HostProcess
    from desktop.resources import default_model_path

    path = default_model_path()
    if path is None:
        report["generate"] = {"ok": False, "error": "The default model is not installed."}
        return
    host = HostProcess()
    host.start()
    try:

        def request(op: str, **params: Any) -> dict[str, Any]:
            rid = host.send(op, **params)
            while (event := host.read_event()) is not None:
                if event.get("id") == rid and event.get("type") in ("result", "error"):
                    if event["type"] == "error":
                        raise RuntimeError(str(event.get("message")))
                    return dict(event.get("data") or {})
            raise RuntimeError(f"The model host stopped: {host.exit_report()}")

        def generate() -> dict[str, Any]:
            hello = host.read_event()
            if hello is None or hello.get("type") != "hello":
                raise RuntimeError(f"The model host did not start: {host.exit_report()}")
            loaded = request("load", path=str(path), n_gpu_layers=0, n_ctx=512)
            done = request("complete", prompt="The capital of France is", max_tokens=8, temperature=0.0, seed=1)
            text = str(done.get("text", ""))
            return {"ok": bool(text.strip()), "model": loaded.get("name"), "host_pid": host.pid, "text": text}

        def model_tokenizer() -> dict[str, Any]:
            data = request("tokenize", path=str(path), text=KOREAN, add_special=False)
            ids = list(data.get("ids", []))
            back = request("detokenize", path=str(path), ids=ids)
            import base64

            text = b"".join(base64.b64decode(p) for p in back.get("pieces", [])).decode("utf-8", "replace")
            return {"ok": bool(ids) and text == KOREAN, "tokens": len(ids), "round_trip": text == KOREAN}

        _timed(report, "generate", generate)
        _timed(report, "korean_model_tokenizer", model_tokenizer)
    finally:
        host.stop()
        host.close()


def _tiktoken_korean() -> dict[str, Any]:
    from desktop.core.paths import cache_dir
    from desktop.core.tiktoken_files import install_rank_files

    install_rank_files(cache_dir() / "tiktoken")
    import tiktoken

    enc = tiktoken.get_encoding("cl100k_base")
    ids = enc.encode(KOREAN)
    return {"ok": bool(ids) and enc.decode(ids) == KOREAN, "tokens": len(ids)}


def _clip_two_pictures() -> dict[str, Any]:
    from desktop.core.vision import bundled_labels, render_shape
    from desktop.core.vision.engines import open_engine

    engine = open_engine()
    labels = bundled_labels()
    wanted = ["red circle", "blue square"]
    images = []
    for label in wanted:
        colour, shape = label.split(" ", 1)
        images.append(render_shape(shape, colour, random.Random(3), size=64))
    try:
        rows = engine.classify_images(images, labels)
    finally:
        engine.close()
    tops = [labels[int(row.argmax())] for row in rows]
    return {"ok": tops == wanted, "engine": engine.engine, "top": tops}


def main() -> int:
    started = time.perf_counter()
    report: dict[str, Any] = {"frozen": bool(getattr(sys, "frozen", False))}
    _host_steps(report)
    _timed(report, "korean_cl100k_base", _tiktoken_korean)
    _timed(report, "clip", _clip_two_pictures)
    steps = ("generate", "korean_model_tokenizer", "korean_cl100k_base", "clip")
    report["ok"] = all(bool(report.get(k, {}).get("ok")) for k in steps)
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0 if report["ok"] else 1
