"""The layering holds: core never imports Qt; ui -> services -> core (import-linter contracts)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_core_imports_no_qt() -> None:
    code = (
        "import pkgutil, importlib, sys, desktop.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'desktop.core.'):\n"
        "    if not m.name.endswith('__main__'): importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_import_contracts() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_startup_imports_nothing_heavy() -> None:
    """Building the main window must not import torch, open_clip or llama_cpp (they load lazily)."""
    code = (
        "import os, sys; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from desktop.factory import application, build_window; app = application()\n"
        "w = build_window(start_host=False); w.show(); app.processEvents(); w.shutdown()\n"
        "heavy = sorted(n for n in ('torch', 'open_clip', 'llama_cpp') if n in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_only_the_factory_builds_the_window_and_only_the_window_builds_panels() -> None:
    """The README's developer section: ``desktop/factory.py`` is the one place that constructs MainWindow,
    and MainWindow the one place that constructs a panel; no test, script or benchmark wires one by hand."""
    window = re.compile(r"(?<![\w.])MainWindow\(")
    panel = re.compile(r"(?<!class )(?<![\w.])(Models|Tokenizer|Completion|Vision|Automation|Lessons)Panel\(")
    found = []
    for folder in ("desktop", "tests", "scripts", "packaging"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            text = path.read_text(encoding="utf-8")
            if where not in ("desktop/factory.py", "desktop/ui/main_window.py", "tests/test_architecture.py"):
                found += [f"{where}: MainWindow(" for _ in window.finditer(text)]
            if where != "desktop/ui/main_window.py" and where != "tests/test_architecture.py":
                found += [f"{where}: {m.group(0)}" for m in panel.finditer(text)]
    assert not found, found


def test_each_panel_is_a_package_of_small_modules() -> None:
    """The README's developer section: desktop/ui/panels/<name>/ per panel, panel.py its shell, no file over
    500 lines."""
    from desktop.ui.main_window import PANELS

    for name in PANELS:
        package = ROOT / "desktop" / "ui" / "panels" / name.lower()
        assert (package / "__init__.py").is_file() and (package / "panel.py").is_file(), name
        long = [p.name for p in package.rglob("*.py") if len(p.read_text(encoding="utf-8").splitlines()) > 500]
        assert not long, (name, long)
