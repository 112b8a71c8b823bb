"""`fm-explorer --smoke`, the tour packaging/smoke.sh runs in the bundle and packaging/test_wheel.py in a fresh
pip install, passes from the source install too. It builds the window through the app factory and drives the
panels: the default model loads by itself, every panel draws, Completion generates, the Tokenizer shows Korean
through cl100k_base and the model's own tokenizer, and Vision names two drawn pictures with the bundled CLIP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_smoke_tour_passes(tmp_path: Path) -> None:
    env = dict(os.environ, FM_EXPLORER_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(
        [sys.executable, "-m", "desktop", "--smoke"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=400
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert proc.returncode == 0 and report["ok"], proc.stdout[-3000:] + proc.stderr[-3000:]
    assert report["autoload"]["model"] == "SmolLM2 135M Instruct"  # loaded by itself, no button pressed
    assert report["panels"]["drawn"] == dict.fromkeys(
        ("Models", "Tokenizer", "Completion", "Vision", "Automation", "Lessons"), True
    )
    assert report["generate"]["model"] == "SmolLM2 135M Instruct" and report["generate"]["text"].strip()
    assert report["korean_model_tokenizer"]["round_trip"] and report["korean_model_tokenizer"]["tokens"] > 10
    assert report["korean_cl100k_base"]["round_trip"] and report["korean_cl100k_base"]["tokens"] > 10
    assert report["clip"]["top"] == ["red circle", "blue square"]
