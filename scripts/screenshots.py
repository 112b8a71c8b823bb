#!/usr/bin/env python3
"""Take the README's screenshots of the real app: `make screenshots` (under Xvfb when there is no
display). Loads the default model, runs an example in the Completion panel, grabs each panel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "screenshots"


def wait(ms: int, signal: object = None) -> None:
    """Run the event loop for ``ms`` milliseconds, or until ``signal`` fires if one is given."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    if signal is not None:
        signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _sample_images() -> list[Path]:
    """A few generated shapes (what the bundled CLIP knows) and one photograph (what it does not)."""
    import random

    import skimage

    from desktop.core.vision import render_shape

    folder = Path(tempfile.mkdtemp(prefix="fm-shots-images-"))
    rng = random.Random(3)
    paths = []
    for shape, colour in (("circle", "red"), ("star", "yellow"), ("triangle", "blue"), ("cross", "green")):
        path = folder / f"{colour}-{shape}.png"
        render_shape(shape, colour, rng, size=128).save(path)
        paths.append(path)
    paths.append(Path(skimage.__file__).parent / "data" / "chelsea.png")
    return paths


# == Automation panel (helper AUTO-UI) =====================================================================
# One screenshot per level, on the bundled model: crawl with an approval card open, walk with steps that ran on
# their own, run with a guardrail that blocked a call. `python scripts/screenshots.py --automation` takes only these.
def _grab_with_dialog(window: Any, dialog: Any, path: Path) -> None:
    """The window with an open dialog painted where it sits (a dialog is a window of its own)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter

    image = window.grab()
    if dialog is not None and dialog.isVisible():
        painter = QPainter(image)
        offset = dialog.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
        painter.drawPixmap(offset, dialog.grab())
        painter.setPen(QColor("#555555"))  # no window manager under Xvfb: draw the card's edge
        painter.drawRect(offset.x(), offset.y(), dialog.width() - 1, dialog.height() - 1)
        painter.end()
    image.save(str(path))


def _automation_shots(window: Any, wait: Callable[..., None]) -> None:
    from desktop.core.automation.host_model import HostStepModel, ScriptedModel
    from desktop.core.automation.policy import Level

    panel = window.automation_panel
    service = panel.service
    forbidden = {"restaurant": "Harbour Grill", "date": "2026-12-05", "time": "19:00", "party_size": 14,
                 "customer_id": "C09"}  # fmt: skip
    service.model_factory = lambda path: (
        ScriptedModel.always("hold_table", forbidden, name="scripted: always tries the forbidden call")
        if path.name == "scripted" else HostStepModel(path, name=service.model_name(path))
    )  # fmt: skip
    window.show_panel("Automation")
    for _ in range(100):
        if panel.requests:
            break
        wait(100)

    def run(level: Any, request_id: str, steps: int, answer: str | None, model: Path | None = None) -> Any:
        panel.level.setCurrentIndex(panel.level.findData(level.value))
        panel.select_request(request_id)
        service.max_steps = steps
        service.start(level, request_id, model)
        for _ in range(6000):  # at most 10 minutes (a step of the small model takes seconds on a quiet machine)
            if not service.busy:
                break
            if panel.card is not None and panel.card.isVisible():
                if answer is None:
                    return None  # leave it open for the picture
                panel.card.reject_call(answer)
            wait(100)
        if service.busy:
            panel.kill()
            while service.busy:
                wait(100)
        wait(600)
        return service.last_result

    for request_id in ("Q01", "Q13", "Q02"):  # the small model may finish at once (no card): try another request
        run(Level.CRAWL, request_id, 4, None)
        if panel.card is not None:
            break
    if panel.card is None:  # never proposed anything to approve: show a card for a scripted proposal, named so
        run(Level.CRAWL, "Q09", 1, None, Path("scripted"))
    card = panel.card
    if card is not None:
        wait(400)
        _grab_with_dialog(window, card, OUT / "automation-crawl.png")
        panel.kill()
        for _ in range(100):
            if not service.busy:
                break
            wait(100)
    for request_id in ("Q04", "Q11"):
        done = run(Level.WALK, request_id, 3, "A person will answer this customer herself.")
        if done is not None and done.steps > 1:
            break
    panel.steps.setCurrentItem(panel.steps.topLevelItem(0))
    wait(300)
    window.grab().save(str(OUT / "automation-walk.png"))
    result = run(Level.RUN, "Q09", 3, "not used")
    if result is None or not result.blocked:
        run(Level.RUN, "Q09", 2, "not used", Path("scripted"))
    wait(300)
    window.grab().save(str(OUT / "automation-run.png"))
    panel.tabs.setCurrentIndex(1)
    panel.audit.verify()
    wait(1500)
    window.grab().save(str(OUT / "automation-audit.png"))
    panel.tabs.setCurrentIndex(2)
    wait(300)
    window.grab().save(str(OUT / "automation-record.png"))


def automation_main() -> int:
    if not os.environ.get("DISPLAY") and shutil.which("xvfb-run") and "--inner" not in sys.argv:
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable, __file__, "--automation", "--inner"]
        return subprocess.call(cmd)
    os.environ.setdefault("FM_EXPLORER_HOME", tempfile.mkdtemp(prefix="fm-shots-"))
    sys.path.insert(0, str(ROOT))

    from desktop.factory import application, build_window

    application()
    window = build_window(start_host=False)
    window.resize(1280, 800)
    window.show()

    OUT.mkdir(parents=True, exist_ok=True)
    wait(1000)
    _automation_shots(window, wait)
    window.close()
    print(f"screenshots in {OUT}")
    return 0


# == end of the Automation block ==========================================================================


# == Every panel at small window sizes (helper E) ===========================================================
# resources/screenshots/sizes/<panel>-<w>x<h>.png: each panel must work without overlap at 1024x640 and scroll,
# not overlap, below that. `python scripts/screenshots.py --sizes [--panel models]` takes only these.
SIZES = ((1024, 640), (800, 500))


def _display_or_offscreen(extra: list[str]) -> int | None:
    """Run again under xvfb-run when there is no display; without xvfb-run, fall back to Qt's offscreen
    platform (the same widgets, but fonts and styles may differ from a desktop's). None: go on here."""
    if os.environ.get("DISPLAY") or "--inner" in sys.argv or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if shutil.which("xvfb-run"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable, __file__, *extra, "--inner"]
        return subprocess.call(cmd)
    print("No display and no xvfb-run (Debian: apt install xvfb): using Qt's offscreen platform.", file=sys.stderr)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return None


def _size_shots(window: Any, wait: Callable[..., None], panels: list[str] | None = None) -> list[Path]:
    """Each panel (or those named) at each of SIZES; warns when the window will not shrink that far."""
    from desktop.ui.main_window import PANELS

    folder = OUT / "sizes"
    folder.mkdir(parents=True, exist_ok=True)
    before = window.size()
    saved = []
    for name in PANELS if not panels else [p for p in PANELS if p.lower() in {q.lower() for q in panels}]:
        window.show_panel(name)
        for width, height in SIZES:
            window.resize(width, height)
            wait(700)
            shot = window.grab()
            if (shot.width(), shot.height()) != (width, height):
                print(f"{name}: the window would not shrink to {width}x{height}; it is {shot.width()}x{shot.height()}")
            path = folder / f"{name.lower()}-{width}x{height}.png"
            shot.save(str(path))
            saved.append(path)
    window.resize(before)
    return saved


def sizes_main() -> int:
    """Only the size screenshots, without loading a model: quick, for checking a layout."""
    args = sys.argv[1:]
    code = _display_or_offscreen([a for a in args if a != "--inner"])
    if code is not None:
        return code
    panels = [args[i + 1] for i, a in enumerate(args[:-1]) if a == "--panel"]
    os.environ.setdefault("FM_EXPLORER_HOME", tempfile.mkdtemp(prefix="fm-shots-"))
    sys.path.insert(0, str(ROOT))

    from desktop.factory import application, build_window

    application()
    window = build_window(start_host=False)
    window.resize(1280, 800)
    window.show()

    wait(1500)
    saved = _size_shots(window, wait, panels or None)
    window.close()
    print("\n".join(str(p) for p in saved))
    return 0


# == end of the sizes block ==============================================================================


def main() -> int:
    code = _display_or_offscreen([])
    if code is not None:
        return code
    os.environ.setdefault("FM_EXPLORER_HOME", tempfile.mkdtemp(prefix="fm-shots-"))
    sys.path.insert(0, str(ROOT))

    from desktop.factory import application, build_window
    from desktop.resources import default_model_path

    application()
    window = build_window()
    window.resize(1280, 800)
    window.show()

    OUT.mkdir(parents=True, exist_ok=True)
    wait(1500)
    path = default_model_path()
    if path is not None:
        window.models_panel.n_ctx.setValue(2048)
        window.models_panel.load_selected()
        wait(20000, window.models.loaded)
    wait(300)
    window.grab().save(str(OUT / "models.png"))
    window.show_panel("Completion")
    panel = window.completion_panel
    panel.apply_preset(1)
    panel.sampling.max_tokens.setValue(48)
    panel.generate()
    wait(60000, window.models.completed)
    wait(300)
    if panel.output.tokens:
        panel.show_token(min(3, len(panel.output.tokens) - 1))
    wait(200)
    window.grab().save(str(OUT / "completion.png"))
    panel.tabs.setCurrentIndex(2)
    wait(200)
    window.grab().save(str(OUT / "completion-speed.png"))
    panel.tabs.setCurrentIndex(0)
    panel.apply_preset(2)  # translation as completion: the base model next to the instruct one
    panel.compare.setChecked(True)
    panel.generate()
    wait(90000, window.models.completed)
    for _ in range(200):
        if not panel.busy():
            break
        wait(300)
    wait(300)
    window.grab().save(str(OUT / "completion-compare.png"))
    panel.compare.setChecked(False)
    # Teaching views: masked vs autoregressive with the same model, and a text's perplexity.
    panel.tabs.setCurrentIndex(panel.tabs.indexOf(panel.fill_blank.parentWidget().parentWidget()))
    panel.fill_blank.run()
    wait(60000, panel.teaching.finished)
    wait(500)
    window.grab().save(str(OUT / "completion-fill-blank.png"))
    panel.tabs.setCurrentIndex(panel.tabs.indexOf(panel.score_text.parentWidget().parentWidget()))
    panel.score_text.input.setPlainText(
        "The quick brown fox jumps over the lazy dog. A language model gives every token a probability; "
        "the perplexity of a text is how surprised the model is by it, on average."
    )
    panel.score_text.run()
    wait(60000, panel.teaching.finished)
    wait(500)
    window.grab().save(str(OUT / "completion-score.png"))
    panel.tabs.setCurrentIndex(0)
    window.show_panel("Tokenizer")
    tok = window.tokenizer_panel
    korean = next((i for i in range(tok.examples.count()) if "Korean" in tok.examples.itemText(i)), -1)
    if korean > 0:
        tok.examples.setCurrentIndex(korean)
        tok._on_example(korean)
    wait(1500)
    window.grab().save(str(OUT / "tokenizer.png"))
    window.show_panel("Vision")
    window.vision_panel.add_paths(_sample_images())
    wait(20000, window.vision_panel.service.finished)
    wait(800)
    window.grab().save(str(OUT / "vision.png"))
    _automation_shots(window, wait)
    _size_shots(window, wait)
    window.close()
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    if "--sizes" in sys.argv:
        raise SystemExit(sizes_main())
    raise SystemExit(automation_main() if "--automation" in sys.argv else main())
