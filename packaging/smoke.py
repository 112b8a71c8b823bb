#!/usr/bin/env python3
"""Smoke-test the packaged app as a workshop laptop would run it: unpack the archive into a fresh
folder and run the frozen executable with no network (``unshare -n`` where this user may), no Python
on PATH and a fresh home. Standard library only. A table, then one JSON line; exit 1 on a failure.

Runs: ``--version``; ``--self-check``; ``--bundle-check`` (the model host as the app itself, load,
generate, SIGKILL the host and load again in a fresh one, the base model, tiktoken, CLIP); and the
window itself, on the offscreen platform and, under Xvfb where ``xvfb-run`` exists, on xcb.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"


def can_isolate() -> bool:
    """``unshare -n`` (a network namespace with nothing in it) needs Linux and root."""
    return sys.platform == "linux" and shutil.which("unshare") is not None and os.geteuid() == 0


def isolated(
    cmd: list[str], home: Path, extra_env: dict[str, str] | None = None, timeout: float = 180
) -> tuple[int, str, str]:
    env = {
        "PATH": str(home / "no-bin"),  # nothing to find: no python, no tools
        "HOME": str(home),
        "FM_EXPLORER_HOME": str(home / "fm"),
        "LANG": "C.UTF-8",
        **(extra_env or {}),
    }
    prefix: list[str] = []
    if can_isolate():
        prefix = [shutil.which("unshare") or "unshare", "-n"]
    started = time.perf_counter()
    proc = subprocess.run(prefix + cmd, env=env, capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr + f"\n[{time.perf_counter() - started:.1f} s]"


def last_json(text: str) -> dict:
    """The report: the whole output as JSON, else its last JSON line."""
    try:
        whole = json.loads(text)
        if isinstance(whole, dict):
            return whole
    except ValueError:
        pass
    for line in reversed(text.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except ValueError:
                continue
    return {}


def main() -> int:
    archives = sorted(DIST.glob("fm-explorer-*.tar.gz"))
    if not archives:
        print("no archive in dist/: run `make package` first")
        return 1
    work = Path(tempfile.mkdtemp(prefix="fm-smoke-"))
    results: dict[str, dict] = {}
    try:
        with tarfile.open(archives[-1]) as tar:
            tar.extractall(work, filter="tar") if sys.version_info >= (3, 12) else tar.extractall(work)
        app_dir = next(p for p in work.iterdir() if p.is_dir())
        exe = app_dir / ("fm-explorer.exe" if os.name == "nt" else "fm-explorer")
        home = work / "home"
        home.mkdir()
        network = "isolated (unshare -n)" if can_isolate() else "not isolated"

        code, out, err = isolated([str(exe), "--version"], home, timeout=60)
        results["version"] = {"ok": code == 0 and "FM Explorer" in out, "output": out.strip()}

        code, out, err = isolated([str(exe), "--self-check"], home, {"QT_QPA_PLATFORM": "offscreen"})
        report = last_json(out)
        results["self_check"] = {
            "ok": code == 0 and bool(report.get("ok")),
            "report": report,
            "stderr": err[-1500:] if code else "",
        }

        code, out, err = isolated([str(exe), "--bundle-check"], home, {"QT_QPA_PLATFORM": "offscreen"}, timeout=300)
        report = last_json(out)
        results["bundle_check"] = {"ok": code == 0 and bool(report.get("ok")), "report": report,
                                   "stderr": err[-3000:] if code else ""}  # fmt: skip

        shot = work / "window-offscreen.png"
        code, out, err = isolated(
            [str(exe), "--screenshot", str(shot)],
            home,
            {"QT_QPA_PLATFORM": "offscreen", "FM_SCREENSHOT_DELAY_MS": "1500"},
        )
        results["window_offscreen"] = {"ok": code == 0 and shot.is_file(), "stderr": err[-1500:] if code else ""}

        xvfb = shutil.which("xvfb-run")
        if xvfb and sys.platform == "linux":
            shot = work / "window-xcb.png"
            env = {"QT_QPA_PLATFORM": "xcb", "FM_SCREENSHOT_DELAY_MS": "1500"}
            # xvfb-run itself is a shell script, so it gets the system PATH; the app inside it does not
            # need one.
            proc = subprocess.run(
                [xvfb, "-a", "env", f"PATH={home / 'no-bin'}", f"HOME={home}", f"FM_EXPLORER_HOME={home / 'fm'}",
                 *(f"{k}={v}" for k, v in env.items()), str(exe), "--screenshot", str(shot)],
                capture_output=True, text=True, timeout=120,
            )  # fmt: skip
            results["window_xcb"] = {"ok": proc.returncode == 0 and shot.is_file(),
                                     "stderr": proc.stderr[-1500:] if proc.returncode else ""}  # fmt: skip
        else:
            results["window_xcb"] = {"ok": True, "skipped": "xvfb-run is not installed"}
        print(f"archive: {archives[-1].name}; network: {network}; PATH: empty folder")
        print(f"{'check':<20}{'result':>8}")
        for name, result in results.items():
            print(f"{name:<20}{'ok' if result['ok'] else 'FAILED':>8}")
            if not result["ok"]:
                print(json.dumps(result, indent=1, ensure_ascii=False)[:4000])
        ok = all(r["ok"] for r in results.values())
        bundle = results["bundle_check"]["report"]
        print(json.dumps({
            "ok": ok, "network": network,
            **{k: v["ok"] for k, v in results.items()},
            "load_seconds": (bundle.get("instruct_model") or {}).get("load_seconds"),
            "clip_engine": (bundle.get("clip") or {}).get("engine"),
        }))  # fmt: skip
        return 0 if ok else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
