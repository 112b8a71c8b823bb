"""`make package-test`: the wheel carries everything the app needs at run time. Builds it (`pip wheel .`),
installs it without -e into a fresh venv that reuses .venv's installed dependencies (a .pth file points at
.venv's site-packages: torch is not installed again, nothing is downloaded), and runs
`fm-explorer --self-check` from /tmp, the bundled CLIP included. Not in `make test`: it takes minutes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_self_checks(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels)],
        check=True,
        cwd=tmp_path,
    )
    wheel = next(wheels.glob("fm_explorer-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "desktop/_resources/clip/fm-tiny-clip.safetensors",
        "desktop/_resources/clip/fm-tiny-clip.json",
        "desktop/_resources/automation/seed.sql",
    ):
        assert needed in names, needed
    assert not any("screenshots" in n for n in names)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    py = venv / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True, capture_output=True, text=True,
        ).stdout.strip()
    )  # fmt: skip
    # .venv's packages come after the venv's own (a plain path: .venv's .pth files, such as the editable
    # install's finder, are not run, so `desktop` can only come from the wheel).
    (site / "zz_reuse_dev_venv.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q", str(wheel)],
        check=True,
    )
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "FM_EXPLORER_MODELS")}
    env.update(FM_EXPLORER_HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    where = subprocess.run(
        [str(py), "-c", "import desktop, desktop.resources as r; print(desktop.__file__); print(r.resources_dir())"],
        cwd="/tmp", env=env, check=True, capture_output=True, text=True,
    ).stdout.split()  # fmt: skip
    assert where[0].startswith(str(site)), where
    assert where[1] == str(site / "desktop" / "_resources"), where
    proc = subprocess.run(
        [str(venv / "bin" / "fm-explorer"), "--self-check"],
        cwd="/tmp", env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    report = json.loads(proc.stdout)
    clip = report["checks"]["clip"]
    assert proc.returncode == 0 and report["ok"], proc.stdout[-3000:] + proc.stderr[-3000:]
    assert clip["ok"] and clip["bundled_model"]["top"] == "red circle", clip
    assert clip["bundled_model"]["folder"] == str(site / "desktop" / "_resources" / "clip")
    print(json.dumps({"wheel": wheel.name, "wheel_mib": round(wheel.stat().st_size / 2**20, 1), "clip": clip}))
