#!/usr/bin/env python3
"""Screenshots of every panel in Korean: resources/screenshots/ko/<panel>.png (`make screenshots`).

The app in Korean (FM_EXPLORER_LANG=ko), the default model loaded, one greedy run in Completion, two
pictures classified in Vision, and each panel grabbed at the default window size. Runs under xvfb-run when
there is no display.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "screenshots" / "ko"


def main() -> int:
    if not os.environ.get("DISPLAY") and "--inner" not in sys.argv and shutil.which("xvfb-run"):
        cmd = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24", sys.executable, __file__, "--inner"]
        return subprocess.call(cmd)
    os.environ.setdefault("FM_EXPLORER_HOME", tempfile.mkdtemp(prefix="fm-shots-ko-"))
    os.environ["FM_EXPLORER_LANG"] = "ko"
    sys.path.insert(0, str(ROOT))
    from screenshots import wait  # scripts/ is on the path when a script runs

    from desktop.core.vision import render_shape
    from desktop.factory import application, build_window, install_language
    from desktop.resources import default_model_path
    from desktop.services.settings import Settings
    from desktop.ui.main_window import PANELS

    app = application()
    assert app is not None
    install_language(Settings())
    window = build_window()
    window.resize(1280, 800)
    window.show()

    wait(1500)
    model = default_model_path()
    if model is not None:
        window.models.load(model)
        wait(30000, window.models.loaded)
    OUT.mkdir(parents=True, exist_ok=True)
    for name in PANELS:
        window.show_panel(name)
        wait(800)
        if name == "Completion" and model is not None:
            panel = window.completion_panel
            panel.apply_preset(1)
            panel.generate()
            wait(30000, window.models.completed)
            wait(800)
        if name == "Vision":
            folder = Path(tempfile.mkdtemp(prefix="fm-shots-ko-pictures-"))
            rng = random.Random(3)
            paths = []
            for shape, colour in (("circle", "red"), ("star", "yellow")):
                path = folder / f"{colour}-{shape}.png"
                render_shape(shape, colour, rng, size=128).save(path)
                paths.append(path)
            panel = window.vision_panel
            panel.add_paths(paths)
            wait(30000)
        window.grab().save(str(OUT / f"{name.lower()}.png"))
    window.close()
    print(f"Korean screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
