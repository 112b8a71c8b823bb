"""The command line: --version and --self-check on this machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop import __version__

ROOT = Path(__file__).resolve().parent.parent


def test_version() -> None:
    out = subprocess.run([sys.executable, "-m", "desktop", "--version"], capture_output=True, text=True)
    assert out.returncode == 0
    assert out.stdout.strip() == f"FM Explorer {__version__}"


def test_self_check_reports_json() -> None:
    out = subprocess.run([sys.executable, "-m", "desktop", "--self-check"], capture_output=True, text=True, timeout=240)
    report = json.loads(out.stdout)
    assert out.returncode == 0, out.stdout
    checks = report["checks"]
    assert checks["default_model"]["ok"] and checks["default_model"]["layers_total"] == 31
    assert checks["tiktoken"]["encodings"]["cl100k_base"]["hello world"] == [15339, 1917]
    assert checks["qt"]["platform"] == "offscreen"
    assert isinstance(checks["gpu"]["detected"], str)
    assert "ok" in checks["clip"]


def _start(home: Path, code: str | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Start the app offscreen with its own settings folder and ``--startup-probe`` (quits once painted);
    ``code`` runs first, in the same process (to simulate a fault)."""
    env = {**os.environ, "FM_EXPLORER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    prelude = f"{code}\n" if code else ""
    script = f"import sys\n{prelude}from desktop.app import main\nsys.exit(main(['--startup-probe']))\n"
    return subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


def test_bad_stored_values_do_not_stop_the_app(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / "config").mkdir(parents=True)
    (home / "config" / "settings.ini").write_text(
        "[completion]\ntemperature=abc\ntop_p=nan\ntop_k=many\nseed=1e99\nmode=42\nstop=a, b\n"
        "[load]\nn_ctx=lots\nn_gpu_layers=\nn_threads=-7x\n"
        "[window]\ngeometry=not bytes\nstate=@ByteArray(garbage)\npanel=Nowhere\n"
        "[models]\nfolders=\nfiles=@Invalid()\n"
    )
    out = _start(home)
    assert out.returncode == 0, out.stderr
    assert "startup_s" in out.stdout


def test_a_home_where_no_folder_can_be_created(tmp_path: Path) -> None:
    """A file where the settings folder should be (a read-only home, as far as the app can tell, even
    for root): the app starts, with settings in memory, and says so once."""
    home = tmp_path / "home"
    home.write_text("not a folder")
    out = _start(home)
    assert out.returncode == 0, out.stderr
    assert "startup_s" in out.stdout
    assert out.stderr.count("Settings could not be saved") == 1


def test_a_failure_while_the_window_is_built_ends_with_a_message(tmp_path: Path) -> None:
    """The worker threads that already run are stopped: exit code 1 and a message, not an abort."""
    boom = (
        "import desktop.ui.main_window as window\n"
        "def boom(self, *args, **kwargs):\n"
        "    raise RuntimeError('simulated failure while building the window')\n"
        "window.MainWindow._build_menus = boom\n"
    )
    out = _start(tmp_path / "home", boom)
    assert out.returncode == 1, out.stderr  # an abort would be -6 (SIGABRT)
    assert "FM Explorer could not start: RuntimeError: simulated failure" in out.stderr
    assert "QThread: Destroyed while thread" not in out.stderr
