"""``fm-explorer --bundle-check``: what a packaged app must do with no network and no Python, run
through the app's own services (offscreen Qt), with a JSON report. Used by packaging/smoke.py.

Checks: the model host starts as the app itself (``--model-host``), loads the bundled instruct model
and generates; the host is killed (SIGKILL) and the next load starts a fresh one; the base model is
bundled and loads (or is reported as not bundled); tiktoken's files are found; CLIP classifies a drawn
picture through whichever engine the bundle has.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from collections.abc import Callable
from typing import Any


def _wait(app: Any, done: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    return done()


def _llm_checks(app: Any, report: dict[str, Any]) -> None:
    from desktop.resources import base_model_path, default_model_path
    from desktop.services.model_service import ModelService

    service = ModelService()
    seen: dict[str, Any] = {"loaded": None, "died": None, "text": None, "failed": None}
    service.loaded.connect(lambda r: seen.__setitem__("loaded", r))
    service.hostDied.connect(lambda m, _d: seen.__setitem__("died", m))
    service.loadFailed.connect(lambda m, _d: seen.__setitem__("failed", m))
    service.completed.connect(lambda _rid, r: seen.__setitem__("text", r.get("text", "")))

    def load_and_generate(path: str, key: str) -> None:
        seen.update(loaded=None, text=None, failed=None)
        started = time.perf_counter()
        service.load(path, n_ctx=512)
        _wait(app, lambda: seen["loaded"] is not None or seen["failed"] is not None, 60)
        entry: dict[str, Any] = {"ok": False, "path": path, "host_pid": service.host_pid()}
        if seen["loaded"] is None:
            entry["error"] = seen["failed"] or "the load did not finish in 60 s"
            report[key] = entry
            return
        entry["load_seconds"] = round(time.perf_counter() - started, 2)
        service.complete(prompt="The capital of France is", max_tokens=8, temperature=0.0, seed=1)
        _wait(app, lambda: seen["text"] is not None, 60)
        entry["text"] = seen["text"]
        entry["ok"] = bool(seen["text"])
        report[key] = entry

    try:
        default = default_model_path()
        if default is None:
            report["instruct_model"] = {"ok": False, "error": "SmolLM2 is not in the bundle"}
            return
        load_and_generate(str(default), "instruct_model")
        pid = service.host_pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            _wait(app, lambda: seen["died"] is not None, 20)
        report["host_killed"] = {"ok": seen["died"] is not None, "message": seen["died"]}
        load_and_generate(str(default), "after_restart")
        report["after_restart"]["new_host"] = report["after_restart"].get("host_pid") not in (None, pid)
        report["after_restart"]["ok"] = report["after_restart"]["ok"] and report["after_restart"]["new_host"]
        base = base_model_path(assemble=True)
        if base is None:
            report["base_model"] = {"ok": True, "bundled": False, "note": "Gemma 3 270M is not in this bundle"}
        else:
            load_and_generate(str(base), "base_model")
            report["base_model"]["bundled"] = True
    finally:
        service.shutdown()


def _tiktoken_check() -> dict[str, Any]:
    try:
        from desktop.core.paths import cache_dir
        from desktop.core.tiktoken_files import install_rank_files

        install_rank_files(cache_dir() / "tiktoken")
        import tiktoken

        ids = tiktoken.get_encoding("cl100k_base").encode("hello world")
        return {"ok": ids == [15339, 1917], "ids": ids}
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def _clip_check() -> dict[str, Any]:
    import random

    try:
        from desktop.core.vision import bundled_labels, render_shape
        from desktop.core.vision.engines import open_engine

        engine = open_engine()
        labels = bundled_labels()
        image = render_shape("circle", "red", random.Random(3), size=64)
        probs = engine.classify_images([image], labels)[0]
        best = max(range(len(labels)), key=lambda i: float(probs[i]))
        return {
            "ok": labels[best] == "red circle",
            "engine": engine.engine,
            "top": labels[best],
            "p": float(probs[best]),
        }
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def _vision_panel_check(app: Any) -> dict[str, Any]:
    """The Vision panel's own path: the service starts the vision host (the frozen app re-run with
    --vision-host), which classifies a drawn picture with the engine Auto picks; this process must not load
    torch or onnxruntime."""
    import io
    import random

    from PySide6.QtCore import QEventLoop, QTimer

    try:
        from desktop.core.vision import MemoryImage, bundled_labels, render_shape
        from desktop.services.vision_service import VisionService

        service = VisionService()
        out: dict[str, Any] = {"ok": False}
        loop = QEventLoop()
        got: list[Any] = []
        service.results.connect(lambda _job, batch: got.extend(batch))
        service.modelLoaded.connect(lambda info: out.update(engine=info.engine))
        service.finished.connect(lambda _s: loop.quit())

        def failed(message: str, _details: str) -> None:
            out["error"] = message
            loop.quit()

        service.failed.connect(failed)
        buffer = io.BytesIO()
        render_shape("circle", "red", random.Random(3), size=64).save(buffer, "PNG")
        started = time.perf_counter()
        service.classify([MemoryImage("red circle.png", buffer.getvalue())], bundled_labels())
        QTimer.singleShot(180_000, loop.quit)
        loop.exec()
        service.shutdown()
        top = got[0].top if got else None
        leaked = [m for m in ("torch", "open_clip", "onnxruntime") if m in sys.modules]
        out.update(top=top[0] if top else None, seconds=round(time.perf_counter() - started, 1), app_loaded=leaked)
        out["ok"] = bool(top and top[0] == "red circle" and not leaked and "error" not in out)
        return out
    except Exception as exc:
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # before onnxruntime, here and in the vision host
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    report: dict[str, Any] = {"frozen": bool(getattr(sys, "frozen", False)), "executable": sys.executable}
    started = time.perf_counter()
    report["tiktoken"] = _tiktoken_check()
    report["vision_panel"] = _vision_panel_check(app)  # first: before _clip_check loads onnxruntime here
    report["clip"] = _clip_check()
    _llm_checks(app, report)
    report["seconds"] = round(time.perf_counter() - started, 1)
    required = ("tiktoken", "clip", "vision_panel", "instruct_model", "host_killed", "after_restart", "base_model")
    report["ok"] = all(bool(report.get(k, {}).get("ok")) for k in required)
    print(json.dumps(report, ensure_ascii=False))
    return 0 if report["ok"] else 1
