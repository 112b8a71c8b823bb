"""The command line: --version and --self-check on this machine."""

from __future__ import annotations

import json
import subprocess
import sys

from desktop import __version__


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
