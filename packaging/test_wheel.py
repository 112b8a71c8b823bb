"""`make package-test`: `pip install` of the wheel is a working app. Builds the wheel (`pip wheel .`), installs
it into a brand-new venv made from the base Python, sharing nothing with .venv (its dependencies come from the
package index like anyone's: pip's cache makes it quick; llama-cpp-python from the wheel `make setup` built and
cached, so that it is not compiled again), and runs `fm-explorer --self-check` and `fm-explorer --smoke` from
/tmp with a fresh home: the default model (a dependency), tiktoken, Qt, and CLIP through ONNX Runtime with
neither torch nor onnx installed. Not in `make test`: it takes minutes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WHEEL_CACHE = Path(os.environ.get("FM_WHEEL_CACHE", Path.home() / ".cache" / "fm-explorer" / "wheels"))


def shipped_clip_export() -> bool:
    """Whether the checkout ships the bundled CLIP's ONNX export (what CLIP needs without torch)."""
    return any((ROOT / "resources").glob("clip*/**/*.onnx"))


def run(cmd: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)  # type: ignore[call-overload]


def test_wheel_is_a_working_app(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    for stale in (*ROOT.glob("build/lib*"), *ROOT.glob("build/bdist*")):  # setuptools keeps old files there
        shutil.rmtree(stale)
    pip_wheel = [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation"]
    built = run([*pip_wheel, "-w", str(wheels)], cwd=tmp_path)
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = next(wheels.glob("fm_explorer-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    # resources/ whole (the bundled CLIP with whatever export it ships, the seed world, fonts, translations)
    for path in (ROOT / "resources").rglob("*"):
        relative = path.relative_to(ROOT / "resources")
        if path.is_file() and relative.parts[0] != "screenshots" and "pending" not in relative.parts:
            assert f"desktop/_resources/{relative.as_posix()}" in names, relative
    assert not any("screenshots" in n for n in names)

    venv = tmp_path / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    made = run([base, "-m", "venv", str(venv)])
    assert made.returncode == 0, made.stderr
    py = venv / "bin" / "python"
    links = [arg for folder in sorted(WHEEL_CACHE.glob("*")) for arg in ("--find-links", str(folder))]
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "FM_EXPLORER_MODELS")}
    installed = run([str(py), "-m", "pip", "install", "--prefer-binary", *links, str(wheel)], env=env, timeout=1500)
    assert installed.returncode == 0, installed.stdout[-3000:] + installed.stderr[-3000:]
    site = run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip()
    probe = "import importlib.util as u; print([m for m in ('torch', 'onnx', 'open_clip') if u.find_spec(m)])"
    missing = run([str(py), "-c", probe], cwd="/tmp", env=env).stdout.strip()
    assert missing == "[]", f"the default install should not bring these: {missing}"
    size_mib = sum(p.stat().st_size for p in venv.rglob("*") if p.is_file()) / 2**20

    home = tmp_path / "home"
    env.update(HOME=str(home), FM_EXPLORER_HOME=str(home / "fm"), QT_QPA_PLATFORM="offscreen")
    probe = "import desktop, desktop.resources as r; print(desktop.__file__); print(r.resources_dir())"
    where = run([str(py), "-c", probe], cwd="/tmp", env=env).stdout.split()
    assert where[0].startswith(site) and where[1] == str(Path(site) / "desktop" / "_resources"), where

    check = run([str(venv / "bin" / "fm-explorer"), "--self-check"], cwd="/tmp", env=env, timeout=600)
    report = json.loads(check.stdout)
    checks = report["checks"]
    required_ok = all(c["ok"] for c in checks.values() if c["required"])
    assert check.returncode == 0 and report["ok"] and required_ok, check.stdout[-3000:] + check.stderr[-3000:]
    assert checks["default_model"]["path"].startswith(site)  # the model came with the install
    smoke = run([str(venv / "bin" / "fm-explorer"), "--smoke"], cwd="/tmp", env=env, timeout=600)
    tour = json.loads(smoke.stdout.strip().splitlines()[-1])
    for step in ("autoload", "panels", "generate", "korean_cl100k_base", "korean_model_tokenizer"):
        assert tour[step]["ok"], (step, tour[step], smoke.stderr[-3000:])
    telemetry = [str(p) for p in home.rglob("*") if p.is_file() and "Microsoft" in p.parts]
    print(json.dumps({"wheel": wheel.name, "wheel_mib": round(wheel.stat().st_size / 2**20, 1),
                      "venv_mib": round(size_mib), "clip": checks["clip"], "smoke_clip": tour["clip"],
                      "telemetry_files": len(telemetry)}))  # fmt: skip
    assert not telemetry, telemetry
    assert shipped_clip_export(), "resources/clip/onnx is missing: CLIP cannot run without torch"
    assert checks["clip"]["ok"] and checks["clip"]["bundled_model"]["engine"] == "onnx", checks["clip"]
    assert tour["clip"]["ok"] and tour["clip"]["top"] == ["red circle", "blue square"], tour["clip"]
    assert smoke.returncode == 0 and tour["ok"]
