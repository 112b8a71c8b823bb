"""`fm-explorer --bundle-check`, the packaged app's smoke test, run from the source tree: the model host
is killed with SIGKILL and the next load starts a fresh one, the base model loads, and CLIP runs
through ONNX Runtime (exported on first use into the cache). packaging/smoke.py runs the same check
inside the frozen bundle, with no network and no Python."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_bundle_check_passes_from_source(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FM_EXPLORER_HOME=str(tmp_path / "home"))
    out = subprocess.run(
        [sys.executable, "-m", "desktop", "--bundle-check"], env=env, capture_output=True, text=True, timeout=240
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    assert out.returncode == 0, (report, out.stderr[-3000:])
    assert report["host_killed"]["ok"] and "stopped" in report["host_killed"]["message"]
    assert report["after_restart"]["new_host"]
    assert report["instruct_model"]["text"]
    assert report["clip"] == {**report["clip"], "ok": True, "engine": "onnx", "top": "red circle"}
    assert report["base_model"]["bundled"] is True
