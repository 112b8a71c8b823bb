#!/usr/bin/env python3
"""Take the README's screenshots of the app as a user starts it: `make screenshots`.

The window comes from the one app factory (``application()``, ``install_language()``, ``build_window()``),
which loads the default model at start as a first launch does; the script then works the panels through their
own methods and widgets, on the bundled models, and grabs the window at 1280x800.

    python scripts/screenshots.py                  every English picture, then the Korean ones (resources/screenshots/)
    python scripts/screenshots.py --lang ko        only the Korean ones (resources/screenshots/ko/); --lang en: English
    python scripts/screenshots.py --only automation,lessons   only the pictures whose names start so
    python scripts/screenshots.py --sizes [--panel models]   each panel at small sizes, no model

Without a display it runs itself again under ``xvfb-run`` (Debian: ``apt install xvfb``). It exits 1, naming
them, when a picture could not be taken (the state it shows was never reached); such a picture keeps its old file.
The server picture is scripts/screenshot_compare_server.py.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "screenshots"
SIZE = (1280, 800)
SIZES = ((1024, 640), (800, 500))  # resources/screenshots/sizes/<panel>-<w>x<h>.png

# Every picture this script takes, by file name under OUT: what it shows. tests/test_screenshots_script.py
# checks that every picture the README shows is here (or is the server picture).
ENGLISH = {
    "models.png": "Models, the default model loaded at start",
    "completion.png": "Completion: a run, one token's alternatives open",
    "completion-speed.png": "Completion: the run's speed figures",
    "completion-compare.png": "Completion: the instruct model beside the base model",
    "completion-fill-blank.png": "Completion: Fill the blank",
    "completion-score.png": "Completion: Score a text",
    # Completion's new views (Generate ×N, Evaluate, Retrieval, Scale grid) go here: see _completion_views.
    "tokenizer.png": "Tokenizer: the Korean paragraph",
    "vision.png": "Vision: shapes and a photograph classified",
    "vision-supervision.png": "Vision: natural-language supervision",
    "automation-crawl.png": "Automation, crawl: an approval card open (the bundled model)",
    "automation-walk.png": "Automation, walk: steps that ran on their own (the bundled model)",
    "automation-run.png": "Automation, run: a rule blocks a call",
    "automation-audit.png": "Automation: the audit log, verified",
    "automation-record.png": "Automation: the record",
    "lessons.png": "Lessons: the first lesson",
}
KOREAN = {
    f"ko/{name}.png": f"Korean: {name}"
    for name in ("models", "completion", "tokenizer", "vision", "automation", "lessons")
}
SERVER = {"compare-server.png": "Completion: SmolLM2 here beside the same model on llama_cpp.server"}

# The one model that is not the bundled one: it always tries a call the run level's rules refuse, for the
# picture of a blocked call when the real model happens to propose nothing a rule refuses. Named so on screen.
SCRIPTED_NAME = "scripted: always tries the forbidden call"
FORBIDDEN = {
    "restaurant": "Harbour Grill",
    "date": "2026-12-05",
    "time": "19:00",
    "party_size": 14,
    "customer_id": "C09",
}


# -- waiting -------------------------------------------------------------------------------------------------------
def wait(ms: int, signal: object = None) -> None:
    """Run the event loop for ``ms`` milliseconds, or until ``signal`` fires if one is given."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    if signal is not None:
        signal.connect(loop.quit)  # type: ignore[attr-defined]
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    if signal is not None:
        signal.disconnect(loop.quit)  # type: ignore[attr-defined]


def until(ready: Callable[[], bool], seconds: float) -> bool:
    """Run the event loop until ``ready()`` (True) or ``seconds`` pass (False). The machine may be busy:
    the limits are generous."""
    deadline = time.monotonic() + seconds
    while not ready():
        if time.monotonic() > deadline:
            return False
        wait(100)
    return True


# -- taking pictures -----------------------------------------------------------------------------------------------
class Shots:
    """Grabs the window into OUT; a picture whose state was not reached is not written and is named at the end."""

    def __init__(self, window: Any, out: Path) -> None:
        self.window = window
        self.out = out
        self.taken: list[Path] = []
        self.missing: list[str] = []

    def take(self, name: str, ready: bool, why: str = "", dialog: Any = None) -> bool:
        if not ready:
            self.missing.append(f"{name}: {why}")
            seen = Path(tempfile.gettempdir()) / "fm-shots-not-taken" / name  # what the window showed instead
            seen.parent.mkdir(parents=True, exist_ok=True)
            grab(self.window, dialog).save(str(seen))
            print(f"NOT TAKEN {name}: {why} (the window as it was: {seen})", file=sys.stderr, flush=True)
            return False
        wait(400)  # let the last layout and paint settle
        path = self.out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        grab(self.window, dialog).save(str(path))
        self.taken.append(path)
        print(f"took {path}", flush=True)
        return True


def grab(window: Any, dialog: Any = None) -> Any:
    """The window, with an open dialog painted where it sits (a dialog is a window of its own)."""
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter

    image = window.grab()
    if dialog is not None and dialog.isVisible():
        painter = QPainter(image)
        offset = dialog.mapToGlobal(QPoint(0, 0)) - window.mapToGlobal(QPoint(0, 0))
        painter.drawPixmap(offset, dialog.grab())
        painter.setPen(QColor("#555555"))  # no window manager under Xvfb: draw the dialog's edge
        painter.drawRect(offset.x(), offset.y(), dialog.width() - 1, dialog.height() - 1)
        painter.end()
    return image


def tab_holding(tabs: Any, widget: Any) -> int:
    """The index of the tab whose page is ``widget`` or holds it (a page may sit in a scroll area)."""
    for i in range(tabs.count()):
        page = tabs.widget(i)
        if page is widget or page.isAncestorOf(widget):
            return int(i)
    raise LookupError("no tab holds that widget")


def sample_images() -> list[Path]:
    """A few generated shapes (what the bundled CLIP knows) and one photograph (what it does not)."""
    import skimage

    from desktop.core.vision import render_shape
    from tests.temp_folders import temp_folder

    folder = Path(temp_folder("fm-shots-images-"))
    rng = random.Random(3)
    paths = []
    for shape, colour in (("circle", "red"), ("star", "yellow"), ("triangle", "blue"), ("cross", "green")):
        path = folder / f"{colour}-{shape}.png"
        render_shape(shape, colour, rng, size=128).save(path)
        paths.append(path)
    paths.append(Path(skimage.__file__).parent / "data" / "chelsea.png")
    return paths


# -- the panels ----------------------------------------------------------------------------------------------------
def models_shot(shots: Shots, name: str) -> bool:
    """The Models panel once the model loaded at start is in (the launch's own autoload)."""
    window = shots.window
    window.show_panel("Models")
    loaded = until(lambda: window.models.model is not None, 300)
    path = Path(str(window.models.model["path"])) if loaded else None
    # The scan of the models folders may end after the load (the catalog fills the table then).
    listed = path is not None and until(lambda: window.catalog.catalog.find(path) is not None, 120)
    if listed:
        wait(500)
        window.models_panel.select_path(path)
    why = "the default model did not load at start" if not loaded else "the models' list was not filled"
    return shots.take(name, listed, why)


def completion_run(shots: Shots, name: str, speed: str | None = None) -> bool:
    """The first example run; the alternatives of its fourth token open in the Token tab."""
    window = shots.window
    window.show_panel("Completion")
    panel = window.completion_panel
    panel.apply_preset(1)  # "To be or not to be"
    panel.seed.setValue(11)  # the same words each time the pictures are taken
    panel.generate()
    done = until(lambda: not panel.busy() and bool(panel.output.tokens), 600)
    if done:
        panel.show_token(min(3, len(panel.output.tokens) - 1))
        until(lambda: panel.token_tab.step_rid is None, 180)  # the step's sampling path, drawn
    ok = shots.take(name, done, "the run gave no tokens")
    if speed is not None:
        panel.tabs.setCurrentWidget(panel.speed)
        shots.take(speed, done, "no run to time")
    return ok


def completion_teaching(shots: Shots) -> None:
    """Compare (the base model in a second host), Fill the blank and Score a text."""
    panel = shots.window.completion_panel
    panel.tabs.setCurrentWidget(panel.sampling)
    panel.apply_preset(2)  # translation as completion: the base model next to the instruct one
    panel.compare.setChecked(True)
    panel.generate()
    done = until(lambda: not panel.busy() and bool(panel.compare_output.tokens), 600)
    shots.take("completion-compare.png", done and bool(panel.output.tokens), "Compare gave no tokens on both sides")
    panel.compare.setChecked(False)

    panel.show_page(panel.fill_blank)
    panel.fill_blank.run()
    done = until(lambda: panel.fill_blank.rid is None and panel.fill_blank.result is not None, 400)
    shots.take("completion-fill-blank.png", done, "Fill the blank gave no result")

    panel.show_page(panel.score_text)
    panel.score_text.input.setPlainText(
        "The quick brown fox jumps over the lazy dog. A language model gives every token a probability; "
        "the perplexity of a text is how surprised the model is by it, on average."
    )
    panel.score_text.run()
    done = until(lambda: panel.score_text.rid is None and panel.score_text.result is not None, 400)
    shots.take("completion-score.png", done, "Score a text gave no result")
    _completion_views(shots)
    panel.tabs.setCurrentWidget(panel.sampling)


def _completion_views(shots: Shots) -> None:
    """== PLACE FOR COMPLETION'S NEW VIEWS ==================================================================
    Generate ×N, Evaluate, Retrieval and the Scale grid are being added to the Completion panel. When they
    land, take each here as the ones above are taken: open its tab with ``panel.show_view(name)``,
    start it through the view's own method, wait with ``until(<its result is in>, seconds)``, then
    ``shots.take("completion-<view>.png", done, "<what did not happen>")``; add the name to ENGLISH (and
    the README's image path)."""


def tokenizer_shot(shots: Shots, name: str) -> bool:
    window = shots.window
    window.show_panel("Tokenizer")
    panel = window.tokenizer_panel
    panel.bar.choose_example("Korean paragraph")
    wait(1500)
    done = until(lambda: panel.state.result is not None and not panel.service.busy(), 60)
    return shots.take(name, done, "the Tokenizer gave no tokens")


def vision_shots(shots: Shots, name: str, supervision: str | None = None) -> None:
    window = shots.window
    window.show_panel("Vision")
    panel = window.vision_panel
    panel.tabs.setCurrentIndex(0)
    paths = sample_images()
    panel.add_paths(paths)
    done = until(lambda: panel.results_model.rowCount() == len(paths) and not panel.service.busy, 240)
    shots.take(name, done, "the pictures were not classified")
    if supervision is not None:
        panel.tabs.setCurrentIndex(1)
        done = until(lambda: panel.supervision.pairs is not None, 180)
        shots.take(supervision, done, "the training pairs did not come")
        panel.tabs.setCurrentIndex(0)


def lessons_shot(shots: Shots, name: str) -> bool:
    window = shots.window
    window.show_panel("Lessons")
    panel = window.panel("Lessons")
    lessons = panel.lessons()
    if lessons:
        panel.open_lesson(lessons[0].id)
    wait(500)
    return shots.take(name, bool(lessons) and panel.current_lesson() is not None, "no lesson to open")


# -- Automation: one picture per level, on the bundled model ------------------------------------------------------
class Agent:
    """The Automation panel, driven as a person does: a level, a request, Run; cards answered or left open."""

    def __init__(self, shots: Shots) -> None:
        self.shots = shots
        self.window = shots.window
        self.window.show_panel("Automation")
        self.panel = self.window.automation_panel
        self.service = self.panel.service
        until(lambda: bool(self.panel.requests), 30)

    def run(self, level: str, request_id: str, steps: int, reject: str | None) -> Any:
        """Run one request; a card is rejected with ``reject``, or left open (returns None then)."""
        panel, service = self.panel, self.service
        panel.level.setCurrentIndex(panel.level.findData(level))
        panel.select_request(request_id)
        service.max_steps = steps  # short runs: each step of the model takes seconds on a busy machine
        if not panel.run():
            return None
        deadline = time.monotonic() + 1800
        while service.busy and time.monotonic() < deadline:
            card = panel.card
            if card is not None and card.isVisible():
                if reject is None:
                    return None
                card.reject_call(reject)
            wait(100)
        if service.busy:
            self.kill()
            return None
        wait(600)
        return service.last_result

    def kill(self) -> None:
        self.panel.kill()
        until(lambda: not self.service.busy, 60)

    def crawl(self, name: str) -> bool:
        """The first call the model proposes waits on a card (at crawl every call does, finish included)."""
        from desktop.core.automation.policy import Level

        self.run(Level.CRAWL.value, "Q01", 4, None)
        card = self.panel.card
        open_card = card is not None and card.isVisible()
        ok = self.shots.take(name, open_card, "no approval card opened", dialog=card)
        self.kill()
        return ok

    def walk(self, name: str) -> bool:
        from desktop.core.automation.policy import Level

        result = None
        for request_id in ("Q04", "Q11"):  # the small model may end a request at step 1: try another
            result = self.run(Level.WALK.value, request_id, 2, "A person will answer this customer herself.")
            if result is not None and result.steps > 1:
                break
        if self.panel.steps.topLevelItemCount():
            self.panel.steps.setCurrentItem(self.panel.steps.topLevelItem(0))
        return self.shots.take(name, result is not None, "the walk run did not end")

    def run_level(self, name: str) -> bool:
        """Run on the bundled model; if no rule blocked any of its calls, the scripted model, named so on
        screen, tries a call the rules refuse (a party of 14 for another customer)."""
        from desktop.core.automation.host_model import ScriptedModel
        from desktop.core.automation.policy import Level

        result = self.run(Level.RUN.value, "Q09", 3, "not used")
        if result is None or not result.blocked:
            bundled = self.service.model_factory
            self.service.model_factory = lambda _path: ScriptedModel.always("hold_table", FORBIDDEN, name=SCRIPTED_NAME)
            try:
                result = self.run(Level.RUN.value, "Q09", 2, "not used")
            finally:
                self.service.model_factory = bundled
        blocked = result is not None and result.blocked > 0
        return self.shots.take(name, blocked, "no call was blocked")

    def audit(self, name: str) -> bool:
        self.panel.tabs.setCurrentWidget(self.panel.audit_view)
        self.panel.audit_view.verify_btn.click()
        wait(10000, self.panel.audit.verified)
        rows = self.panel.audit_view.table.rowCount()
        return self.shots.take(name, rows > 0, "the audit log is empty")

    def record(self, name: str) -> bool:
        self.panel.tabs.setCurrentWidget(self.panel.record)
        return self.shots.take(name, True)


def automation_shots(shots: Shots, wanted: Callable[[str], bool]) -> None:
    agent = Agent(shots)
    for name, take in (
        ("automation-crawl.png", agent.crawl),
        ("automation-walk.png", agent.walk),
        ("automation-run.png", agent.run_level),
        ("automation-audit.png", agent.audit),
        ("automation-record.png", agent.record),
    ):
        if wanted(name):
            take(name)
    agent.panel.tabs.setCurrentIndex(0)


# -- the runs ------------------------------------------------------------------------------------------------------
def open_window() -> Any:
    """The app as `python -m desktop` makes it: the application, the language, the window that loads the
    default model at start; 1280x800, shown."""
    from desktop.factory import application, build_window, install_language

    application()
    install_language()
    window = build_window(autoload=True, panel="Models")
    window.resize(*SIZE)
    window.show()
    wait(1500)
    return window


def english(only: str) -> list[str]:
    window = open_window()
    shots = Shots(window, OUT)
    wanted = lambda name: name.startswith(tuple(only.split(",")))  # noqa: E731
    models_shot(shots, "models.png")  # always: the later pictures need the model it waits for
    if wanted("completion"):
        completion_run(shots, "completion.png", "completion-speed.png")
        completion_teaching(shots)
    if wanted("tokenizer"):
        tokenizer_shot(shots, "tokenizer.png")
    if wanted("vision"):
        vision_shots(shots, "vision.png", "vision-supervision.png")
    if any(wanted(name) for name in ENGLISH if name.startswith("automation")):
        automation_shots(shots, wanted)
    if wanted("lessons"):
        lessons_shot(shots, "lessons.png")
    if wanted("sizes"):
        size_shots(window)
    close(window)
    return shots.missing


def korean(only: str) -> list[str]:
    """Each panel in Korean, in the same states as the English pictures (the automation one: crawl's card)."""
    window = open_window()
    shots = Shots(window, OUT / "ko")
    wanted = lambda name: name.startswith(tuple(only.split(",")))  # noqa: E731
    models_shot(shots, "models.png")
    if wanted("completion"):
        completion_run(shots, "completion.png")
    if wanted("tokenizer"):
        tokenizer_shot(shots, "tokenizer.png")
    if wanted("vision"):
        vision_shots(shots, "vision.png")
    if wanted("automation"):
        Agent(shots).crawl("automation.png")
    if wanted("lessons"):
        lessons_shot(shots, "lessons.png")
    close(window)
    return shots.missing


def size_shots(window: Any, panels: list[str] | None = None) -> list[Path]:
    """Each panel (or those named) at each of SIZES; says when the window will not shrink that far."""
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


def close(window: Any) -> None:
    """As the app's own exit: closing the window stops its hosts and threads."""
    window.close()


def under_display(argv: list[str]) -> int | None:
    """Run again under xvfb-run when there is no display (None: go on here). Without xvfb-run, Qt's offscreen
    platform (the same widgets; fonts may differ from a desktop's)."""
    if os.environ.get("DISPLAY") or "--inner" in argv or os.environ.get("QT_QPA_PLATFORM"):
        return None
    if shutil.which("xvfb-run"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable, __file__, *argv, "--inner"]
        return subprocess.call(cmd)
    print("No display and no xvfb-run (Debian: apt install xvfb): using Qt's offscreen platform.", file=sys.stderr)
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    return None


def option(argv: list[str], name: str, default: str = "") -> str:
    return argv[argv.index(name) + 1] if name in argv[:-1] else default


def main(argv: list[str]) -> int:
    code = under_display(argv)
    if code is not None:
        return code
    lang = option(argv, "--lang")  # English here, Korean in a process of its own (the language is set at start)
    os.environ["FM_EXPLORER_LANG"] = lang or "en"
    sys.path.insert(0, str(ROOT))
    from tests.temp_folders import temp_folder  # removed at exit: a shot run's home holds a 250 MB model

    os.environ["FM_EXPLORER_HOME"] = temp_folder("fm-shots-")  # a first launch: no settings, no history
    if "--sizes" in argv:
        window = open_window()
        panels = [argv[i + 1] for i, a in enumerate(argv[:-1]) if a == "--panel"]
        print("\n".join(str(p) for p in size_shots(window, panels or None)))
        close(window)
        return 0
    only = option(argv, "--only")
    missing = korean(only) if lang == "ko" else english(only)
    if not lang:  # both languages
        rest = [a for a in argv if a != "--inner"]
        missing_ko = subprocess.call([sys.executable, __file__, *rest, "--lang", "ko", "--inner"])
        if missing_ko:
            missing.append("ko/: see above")
    if missing:
        print("Pictures not taken:\n  " + "\n  ".join(missing), file=sys.stderr)
        return 1
    print(f"screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
