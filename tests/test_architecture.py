"""The architecture's rules, checked (issue 21). Where each rule lives:

- layers ui -> services -> core, core without Qt, and the UI importing no effect library: pyproject.toml's
  import-linter contracts, run by ``test_import_contracts``;
- effects only through services (no effect function of core in the UI, no job on a service's worker): here;
- tests, scripts and benchmarks build the window with ``desktop.factory.build_window``: here;
- one of each helper (cutter, CSV writer, error text, weak callback, time helpers): here;
- sizes (modules over 500 lines, classes over 400, each with a reason): tests/test_sizes.py.
"""

from __future__ import annotations

import ast
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


# -- Effects only through services -------------------------------------------------------------------
# The rule lives here and in pyproject.toml's import-linter contracts. The UI may use core's types,
# constants and pure functions; anything that writes, loads, runs or talks to a process or a server goes
# through a service (desktop/services). pyproject.toml forbids the UI to import the effect libraries and
# the host and server clients at all; the test below forbids it the *functions* of core's effect modules
# (those that import an effect library, or write files), which a contract over modules cannot tell apart
# from the types they define beside them.

EFFECT_LIBRARIES = frozenset(
    {"sqlite3", "subprocess", "httpx", "llama_cpp", "onnxruntime", "open_clip", "torch", "torchvision"}
)
EFFECT_MODULES = frozenset(
    {"desktop.core.host", "desktop.core.remote.client", "desktop.core.remote.transport", "desktop.core.atomic"}
)

# (ui module, core module, name) -> why the UI may take that function or module anyway
UI_EFFECT_ALLOWED: dict[tuple[str, str, str], str] = {
    ("desktop.ui.panels.models.hardware", "desktop.core.hardware", "rebuild_hint"): "pure: words for a GPUInfo",
    ("desktop.ui.panels.vision.labels", "desktop.core.vision.prompts", "vocabulary_warning"): (
        "pure; prompts imports open_clip only for its template lists, in template_list"
    ),
    ("desktop.ui.widgets.approval_card", "desktop.core.automation.tools", "risk_text"): "pure: a risk in words",
    ("desktop.ui.widgets.approval_text", "desktop.core.automation.tools", "effect_text"): "pure: an effect in words",
    # Follow-up (Completion's engineer): the run view writes its file through a service (HistoryService or a
    # small export service) instead of atomic_write_text from the widget.
    ("desktop.ui.panels.completion.run_view", "desktop.core.atomic", "atomic_write_text"): "follow-up: see above",
}


def _module_file(module: str) -> Path | None:
    base = ROOT.joinpath(*module.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


def _tree(module: str) -> ast.Module | None:
    path = _module_file(module)
    return ast.parse(path.read_text(encoding="utf-8")) if path else None


def _imports(tree: ast.Module, module: str) -> set[str]:
    """Every module ``tree`` imports (top level or inside a function), absolute names."""
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _is_effect_module(module: str) -> bool:
    if any(module == m or module.startswith(m + ".") for m in EFFECT_MODULES):
        return True
    tree = _tree(module)
    if tree is None:
        return False
    imported = _imports(tree, module)
    if any(name.split(".")[0] in EFFECT_LIBRARIES for name in imported):
        return True
    return any(name == m or name.startswith(m + ".") for name in imported for m in EFFECT_MODULES)


def _defined(module: str, name: str, seen: int = 0) -> tuple[str, str]:
    """Where ``name`` of ``module`` is defined and what it is ("function", "class", "value", "module"),
    following re-exports (``from desktop.core.x import name``) within core."""
    if _module_file(f"{module}.{name}") is not None:
        return f"{module}.{name}", "module"
    tree = _tree(module)
    if tree is None or seen > 5:
        return module, "value"
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            return module, "function"
        if isinstance(node, ast.ClassDef) and node.name == name:
            return module, "class"
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("desktop.core"):
            for alias in node.names:
                if (alias.asname or alias.name) == name:
                    return _defined(node.module, alias.name, seen + 1)
    return module, "value"


def ui_effect_imports() -> dict[tuple[str, str, str], str]:
    """(ui module, core module, name) for each function or whole module of an effect module the UI imports."""
    found: dict[tuple[str, str, str], str] = {}
    for path in sorted((ROOT / "desktop" / "ui").rglob("*.py")):
        ui_module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("desktop.core") and _is_effect_module(alias.name):
                        found[(ui_module, alias.name, "*")] = "module"
            elif isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("desktop.core"):
                for alias in node.names:
                    where, kind = _defined(node.module, alias.name)
                    if kind in ("function", "module") and _is_effect_module(where):
                        found[(ui_module, where, alias.name)] = kind
    return found


def test_ui_calls_no_effect_of_core() -> None:
    found = ui_effect_imports()
    unlisted = sorted(k for k in found if k not in UI_EFFECT_ALLOWED)
    assert not unlisted, f"the UI imports effects of core (go through a service instead): {unlisted}"
    stale = sorted(set(UI_EFFECT_ALLOWED) - set(found))
    assert not stale, f"listed in UI_EFFECT_ALLOWED but no longer imported: {stale}"


SUBMIT = re.compile(r"\.(?:worker|io|_worker)\.submit\(")


def test_ui_runs_no_job_on_a_service_worker() -> None:
    """A widget that hands a service's worker a function of its own choosing does the effect itself; it asks
    the service (``CatalogService.detect_gpu``, ``VisionService.expand``) instead."""
    found = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "desktop" / "ui").rglob("*.py")
        if SUBMIT.search(p.read_text(encoding="utf-8"))
    ]
    assert not found, found
    assert SUBMIT.search("self.service.io.submit(expand_paths, paths)")


def test_the_effect_check_sees_an_effect() -> None:
    """The check above can fail: a core function that runs a process, imported by a UI module, is found."""
    assert _is_effect_module("desktop.core.hardware")
    assert _defined("desktop.core.hardware", "detect_gpu") == ("desktop.core.hardware", "function")
    assert _defined("desktop.core.hardware", "GPUInfo") == ("desktop.core.hardware", "class")
    assert not _is_effect_module("desktop.core.cut")


# -- Tests reach features through the window ---------------------------------------------------------
# Only desktop/factory.py builds the MainWindow; tests (tests/make_window), scripts and benchmarks build it
# with desktop.factory.build_window, and reach a panel by window.panel(name): none constructs a panel or
# hands it a service.


def panel_classes() -> set[str]:
    """The classes the main window shows as a panel (or a panel's list of servers)."""
    names = set()
    for path in (ROOT / "desktop" / "ui" / "panels").rglob("*.py"):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ClassDef) and (node.name.endswith("Panel") or node.name == "ServersList"):
                names.add(node.name)
    return names


def window_offenses(text: str, panels: set[str]) -> list[str]:
    """The calls in ``text`` that build the window or a panel by hand, or hand a panel a server."""
    pattern = re.compile(r"(?<!class )\b(" + "|".join(["MainWindow", "set_remote", *sorted(panels)]) + r")\(")
    return [m.group(0) for m in pattern.finditer(text)]


def test_tests_and_scripts_build_the_window_through_the_factory() -> None:
    panels = panel_classes()
    assert {"CompletionPanel", "TokenizerPanel", "VisionPanel", "AutomationPanel", "ModelsPanel"} <= panels
    files = [*(ROOT / "tests").rglob("*.py"), *(ROOT / "scripts").rglob("*.py")]
    offenders = {}
    for path in sorted(files):
        if path == Path(__file__).resolve():
            continue
        found = window_offenses(path.read_text(encoding="utf-8"), panels)
        if found:
            offenders[str(path.relative_to(ROOT))] = found
    assert not offenders, f"build the window with make_window / desktop.factory.build_window: {offenders}"
    builders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "desktop").rglob("*.py")
        if p.name != "factory.py" and "MainWindow(" in window_offenses(p.read_text(encoding="utf-8"), set())
    ]
    assert not builders, f"only desktop/factory.py builds the MainWindow: {builders}"


def test_the_window_check_sees_an_offender() -> None:
    panels = panel_classes()
    assert window_offenses("w = MainWindow(settings)", panels) == ["MainWindow("]
    assert window_offenses("p = TokenizerPanel(catalog)\np.set_remote(r)", panels) == [
        "TokenizerPanel(",
        "set_remote(",
    ]
    assert window_offenses("w = QMainWindow(); build_window(start_host=False)", panels) == []
    assert window_offenses("class MainWindow(QMainWindow):", panels) == []


# -- One of each helper --------------------------------------------------------------------------------------
# name -> the one module that may define it (a second definition is a second helper doing the same job)
ONE_HELPER = {
    "cut": "desktop/core/cut.py",  # the text cutter (its note says how much went)
    "write_csv": "desktop/core/csv_safe.py",  # formula-safe; Vision's write_csv passes its rows to it
    "error_text": "desktop/i18n.py",
    "error_and_details": "desktop/i18n.py",
    "weak_callback": "desktop/services/worker.py",
    "minutes": "desktop/core/automation/seed.py",
    "weekday": "desktop/core/automation/seed.py",
}
# module-level names allowed to wrap the one helper: path -> names
HELPER_WRAPPERS = {"desktop/core/vision/files.py": {"write_csv"}}
# what only the one helper's module may use: an import or attribute -> that module
ONE_USER = {"csv": "desktop/core/csv_safe.py", "WeakMethod": "desktop/services/worker.py"}


def helper_duplicates(files: dict[str, str]) -> list[str]:
    """``path: name`` for each second definition of a helper, or a use of what only its module may use."""
    found = []
    for path, text in sorted(files.items()):
        tree = ast.parse(text)
        for node in ast.walk(tree):
            name = ""
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in ONE_HELPER:
                if node not in tree.body:
                    continue  # a method of that name is something else (a sampler's cut-off)
                if ONE_HELPER[node.name] != path and node.name not in HELPER_WRAPPERS.get(path, set()):
                    name = node.name
            elif isinstance(node, ast.Import):
                name = next((a.name for a in node.names if ONE_USER.get(a.name, path) != path), "")
            elif isinstance(node, ast.Attribute) and ONE_USER.get(node.attr, path) != path:
                name = node.attr
            if name:
                found.append(f"{path}: {name}")
    return found


def test_one_of_each_helper() -> None:
    files = {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8")
        for p in (ROOT / "desktop").rglob("*.py")
        if "__pycache__" not in p.parts
    }
    assert not helper_duplicates(files), helper_duplicates(files)


def test_the_helper_check_sees_a_second_one() -> None:
    assert helper_duplicates({"desktop/core/x.py": "def minutes(t):\n    return 0\n"}) == ["desktop/core/x.py: minutes"]
    assert helper_duplicates({"desktop/ui/y.py": "import csv\n"}) == ["desktop/ui/y.py: csv"]
    assert helper_duplicates({"desktop/ui/y.py": "r = weakref.WeakMethod(m)\n"}) == ["desktop/ui/y.py: WeakMethod"]
    assert helper_duplicates({"desktop/core/cut.py": "def cut(t, n):\n    return t\n"}) == []
    assert helper_duplicates({"desktop/core/y.py": "class S:\n    def cut(self):\n        return 0\n"}) == []


def test_only_the_factory_builds_the_window_and_only_the_window_builds_panels() -> None:
    """The README's developer section: ``desktop/factory.py`` is the one place that constructs MainWindow,
    and MainWindow the one place that builds a panel (through ``panel_builders.make_panel``, which only it
    calls); no test, script or benchmark wires one by hand."""
    window = re.compile(r"(?<![\w.])MainWindow\(")
    builder = re.compile(r"(?<![\w.])make_panel\(")
    panel = re.compile(r"(?<!class )(?<![\w.])(Models|Tokenizer|Completion|Vision|Automation|Lessons)Panel\(")
    found = []
    for folder in ("desktop", "tests", "scripts", "packaging"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            where = path.relative_to(ROOT).as_posix()
            text = path.read_text(encoding="utf-8")
            if where not in ("desktop/factory.py", "desktop/ui/main_window.py", "tests/test_architecture.py"):
                found += [f"{where}: MainWindow(" for _ in window.finditer(text)]
            if where not in ("desktop/ui/panel_builders.py", "tests/test_architecture.py"):
                found += [f"{where}: {m.group(0)}" for m in panel.finditer(text)]
            if where not in ("desktop/ui/main_window.py", "desktop/ui/panel_builders.py", "tests/test_architecture.py"):
                found += [f"{where}: make_panel(" for _ in builder.finditer(text)]
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
