"""``fm-explorer --smoke``: the scripted tour packaging/smoke.sh runs in the unpacked bundle, offline, and
packaging/test_wheel.py in a fresh pip install.

It builds the window as ``main()`` does (``desktop.factory.build_window``, offscreen where no platform is
set) and drives the panels a person would use: the default model loads by itself at first start; every
panel is opened and drawn; Completion generates a few tokens through the model host; the Tokenizer shows
Korean text through tiktoken's cl100k_base and through the model's own tokenizer; Vision classifies two
drawn pictures with the bundled CLIP (in the vision host). One JSON line last; exit 0 when every step worked.
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

KOREAN = "안녕하세요, 세계! 오늘은 날씨가 좋네요."
TIKTOKEN = "cl100k_base"
PICTURES = ("red circle", "blue square")


def _wait(done: Callable[[], bool], timeout: float) -> bool:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not done() and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)
    return done()


def _timed(report: dict[str, Any], key: str, step: Callable[[], dict[str, Any]]) -> None:
    started = time.perf_counter()
    try:
        result = step()
    except Exception as exc:  # a failed step is reported, and the tour goes on
        result = {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    result["seconds"] = round(time.perf_counter() - started, 2)
    report[key] = result


class Tour:
    def __init__(self, window: Any) -> None:
        self.window = window
        self.loaded: dict[str, Any] | None = None
        self.failed: str | None = None
        window.models.loaded.connect(lambda info: setattr(self, "loaded", dict(info)))
        window.models.loadFailed.connect(lambda message, _details: setattr(self, "failed", str(message)))

    def autoload(self) -> dict[str, Any]:
        """The first start loads the default model by itself (no button pressed)."""
        _wait(lambda: self.loaded is not None or self.failed is not None, 120)
        if self.loaded is None:
            return {"ok": False, "error": self.failed or "no model loaded by itself in 120 s"}
        return {"ok": True, "model": self.loaded.get("name"), "host_pid": self.window.models.host_pid()}

    def panels(self) -> dict[str, Any]:
        """Every panel opens from the sidebar and draws."""
        from desktop.ui.main_window import PANELS

        drawn = {}
        for name in PANELS:
            self.window.show_panel(name)
            _wait(lambda: False, 0.2)
            image = self.window.grab()
            drawn[name] = self.window.current_panel() == name and not image.isNull()
        return {"ok": all(drawn.values()), "drawn": drawn}

    def generate(self) -> dict[str, Any]:
        panel = self.window.panel("Completion")
        self.window.show_panel("Completion")
        done: list[dict[str, Any]] = []
        self.window.models.completed.connect(lambda _rid, result: done.append(dict(result)))
        panel.mode.setCurrentIndex(panel.mode.findData("completion"))
        panel.prompt.setPlainText("The capital of France is")
        panel.sampling.max_tokens.setValue(8)
        panel.sampling.temperature.setValue(0.0)
        panel.generate_btn.click()
        if not _wait(lambda: bool(done), 120):
            return {"ok": False, "error": "no completion in 120 s"}
        text = str(done[0].get("text", ""))
        model = (self.loaded or {}).get("name")
        return {"ok": bool(text.strip()), "model": model, "text": text, "host_pid": self.window.models.host_pid()}

    def tokenize(self, key: str) -> dict[str, Any]:
        panel = self.window.panel("Tokenizer")
        self.window.show_panel("Tokenizer")
        if not panel.set_encoding(key):
            return {"ok": False, "error": f"the Tokenizer offers no {key}", "offered": panel.encoding_keys()}
        panel.set_text(KOREAN)

        def tokenized() -> bool:
            r = panel.result
            return r is not None and r.text == KOREAN and r.encoding == key and not panel.service.busy()

        if not _wait(tokenized, 60):
            return {"ok": False, "error": f"{key} did not tokenize in 60 s"}
        spans = [s for s in panel.result.spans if not s.added]
        round_trip = b"".join(s.data for s in spans).decode("utf-8", "replace") == KOREAN  # the bytes join back
        shown = len(panel.spans_tab.token_view.spans()) == len(panel.result.spans)
        ok = bool(spans) and round_trip and shown
        return {"ok": ok, "encoding": key, "tokens": len(spans), "round_trip": round_trip, "shown": shown}

    def model_tokenizer(self) -> dict[str, Any]:
        from desktop.core.tokenizers import TIKTOKEN_ENCODINGS

        panel = self.window.panel("Tokenizer")
        _wait(lambda: any(k not in TIKTOKEN_ENCODINGS for k in panel.encoding_keys()), 60)  # the catalog scan
        keys = [k for k in panel.encoding_keys() if k not in TIKTOKEN_ENCODINGS and "SmolLM2" in k]
        if not keys:
            return {"ok": False, "error": "the model's tokenizer is not offered", "offered": panel.encoding_keys()}
        return self.tokenize(keys[0])

    def classify(self) -> dict[str, Any]:
        import random

        from desktop.core.vision import bundled_labels, render_shape

        panel = self.window.panel("Vision")
        self.window.show_panel("Vision")
        folder = Path(tempfile.mkdtemp(prefix="fm-smoke-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)  # the tour leaves nothing behind
        paths = []
        for label in PICTURES:
            colour, shape = label.split(" ", 1)
            path = folder / f"{colour}-{shape}.png"
            render_shape(shape, colour, random.Random(3), size=64).save(path)
            paths.append(path)
        failures: list[str] = []
        panel.service.failed.connect(lambda message, _details: failures.append(str(message)))
        panel.set_labels(bundled_labels())
        panel.add_paths(paths)

        def done() -> bool:
            items = panel.results_model.items
            return len(items) == len(paths) and all(i.result is not None for i in items) and not panel.service.busy

        if not _wait(lambda: done() or bool(failures), 180):
            return {"ok": False, "error": "the pictures were not classified in 180 s", "status": panel.status_text()}
        if failures:
            return {"ok": False, "error": failures[0]}
        results = [item.result for item in panel.results_model.items]
        tops = [r.ranked[0][0] if r.ranked else None for r in results]
        errors = [str(r.error) for r in results if r.error]
        engine = getattr(getattr(panel.service, "info", None), "engine", None)
        return {"ok": tops == list(PICTURES), "top": tops, "errors": errors, "engine": engine}


def main() -> int:
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # the tour needs no display
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")  # before onnxruntime, here and in the vision host
    started = time.perf_counter()
    from desktop import factory

    app = factory.application(excepthooks=False)  # a stray exception is printed, not a dialog nobody sees
    factory.install_language()
    report: dict[str, Any] = {"frozen": bool(getattr(sys, "frozen", False)), "platform": app.platformName()}
    window = factory.build_window(autoload=True)
    window.show()
    tour = Tour(window)
    try:
        _timed(report, "autoload", tour.autoload)
        _timed(report, "panels", tour.panels)
        _timed(report, "generate", tour.generate)
        _timed(report, "korean_cl100k_base", lambda: tour.tokenize(TIKTOKEN))
        _timed(report, "korean_model_tokenizer", tour.model_tokenizer)
        _timed(report, "clip", tour.classify)
    finally:
        window.close()
        window.shutdown()
    steps = ("autoload", "panels", "generate", "korean_cl100k_base", "korean_model_tokenizer", "clip")
    report["ok"] = all(bool(report.get(k, {}).get("ok")) for k in steps)
    report["seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(report, ensure_ascii=False), flush=True)
    return 0 if report["ok"] else 1
