#!/usr/bin/env python3
"""Smoke-test the packaged app as a workshop laptop would run it: unpack the handout into a fresh folder
(Linux .tar.gz, Windows .zip; on macOS, FM Explorer.app from dist/) and run the frozen executable with no
network (``unshare -n`` where this user may), no Python on PATH and a fresh home. Run by `make package` and
by the Windows/macOS workflow. Standard library only. A table, then one JSON line; exit 1 on a failure.

Runs: ``--version``; ``--self-check``; ``--bundle-check`` (the model host as the app itself, load,
generate, SIGKILL the host and load again in a fresh one, the base model, tiktoken, CLIP); and the
window itself, on the offscreen platform and, under Xvfb where ``xvfb-run`` exists, on xcb: there the window
opens where this machine has Qt's X11 libraries, and where it lacks them the app must name them and exit 1.
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


def platform_env(home: Path) -> dict[str, str]:
    """What a program needs to start at all on this system, pointed into the fresh home: Windows wants
    SYSTEMROOT, TEMP and a user profile; macOS wants TMPDIR."""
    (home / "tmp").mkdir(parents=True, exist_ok=True)
    if os.name == "nt":
        return {
            "SYSTEMROOT": os.environ.get("SYSTEMROOT", r"C:\Windows"),
            "TEMP": str(home / "tmp"), "TMP": str(home / "tmp"), "USERPROFILE": str(home),
            "LOCALAPPDATA": str(home / "AppData" / "Local"), "APPDATA": str(home / "AppData" / "Roaming"),
        }  # fmt: skip
    if sys.platform == "darwin":
        return {"TMPDIR": str(home / "tmp")}
    return {}


def isolated(
    cmd: list[str], home: Path, extra_env: dict[str, str] | None = None, timeout: float = 180
) -> tuple[int, str, str]:
    env = {
        "PATH": str(home / "no-bin"),  # nothing to find: no python, no tools
        "HOME": str(home),
        "FM_EXPLORER_HOME": str(home / "fm"),
        "LANG": "C.UTF-8",
        **platform_env(home),
        **(extra_env or {}),
    }
    prefix: list[str] = []
    if can_isolate():
        prefix = [shutil.which("unshare") or "unshare", "-n"]
    started = time.perf_counter()
    proc = subprocess.run(prefix + cmd, env=env, capture_output=True, text=True, timeout=timeout)
    return proc.returncode, proc.stdout, proc.stderr + f"\n[{time.perf_counter() - started:.1f} s]"


def unpack(work: Path) -> tuple[Path, str]:
    """The executable of the newest handout in dist/, unpacked into ``work``; and the handout's name."""
    if sys.platform == "darwin":
        app = DIST / "FM Explorer.app"
        return app / "Contents" / "MacOS" / "fm-explorer", app.name
    pattern = "fm-explorer-*.zip" if os.name == "nt" else "fm-explorer-*.tar.gz"
    handouts = sorted(DIST.glob(pattern), key=lambda p: p.stat().st_mtime)
    if not handouts:
        raise FileNotFoundError(f"no {pattern} in dist/: run `make package` first")
    if os.name == "nt":
        shutil.unpack_archive(handouts[-1], work)
    else:
        with tarfile.open(handouts[-1]) as tar:
            tar.extractall(work, filter="tar") if sys.version_info >= (3, 12) else tar.extractall(work)
    app_dir = next(p for p in work.iterdir() if p.is_dir())
    return app_dir / ("fm-explorer.exe" if os.name == "nt" else "fm-explorer"), handouts[-1].name


def x11_libraries_missing() -> list[str]:
    sys.path.insert(0, str(ROOT))
    try:
        from desktop.core.system_libs import missing_xcb_libs

        return [lib.soname for lib in missing_xcb_libs()]
    finally:
        sys.path.pop(0)


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
    work = Path(tempfile.mkdtemp(prefix="fm-smoke-"))
    results: dict[str, dict] = {}
    try:
        try:
            exe, handout = unpack(work)
        except FileNotFoundError as exc:
            print(exc)
            return 1
        home = work / "home"
        (home / "no-bin").mkdir(parents=True)
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
            missing = x11_libraries_missing()
            if missing:  # this build machine lacks them: the app must say so, not abort
                named = proc.returncode == 1 and all(so in proc.stderr for so in missing)
                results["window_xcb"] = {"ok": named, "x11_libraries_missing": missing,
                                         "stderr": proc.stderr[-1500:]}  # fmt: skip
            else:
                results["window_xcb"] = {"ok": proc.returncode == 0 and shot.is_file(),
                                         "stderr": proc.stderr[-1500:] if proc.returncode else ""}  # fmt: skip
        else:
            results["window_xcb"] = {"ok": True, "skipped": "xvfb-run is not installed, or not Linux"}
        print(f"handout: {handout}; network: {network}; PATH: empty folder")
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
