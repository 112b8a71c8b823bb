"""Where a CLIP model's ONNX export is, and whether it may be used.

An export is kept under the hash of the weights it was made from: the bundled model's ships with the app
(resources/clip/onnx, made by scripts/export_clip_onnx.py), any other model's is made once into
cache_dir()/clip-onnx/<sha256[:16]>. Before an export is used, its card must name the same weights
(``source_sha256``) and its files must hash to what the card recorded at export time: a damaged file, or one
from another model, is refused (never used to give numbers).

Which packages each step needs: running an export, onnxruntime and tokenizers; making one, torch, open_clip
and onnx (``export_possible``)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from desktop.core.messages import Message
from desktop.core.vision.models import ModelSpec, bundled_card

ONNX_FOLDER = "clip-onnx"  # the cache's folder of exports (and where older bundles put the bundled one)
SHIPPED = ("clip", "onnx")  # the bundled model's export, under resources/
_sha_memo: dict[tuple[str, int, int], str] = {}


def _installed(*names: str) -> bool:
    return all(importlib.util.find_spec(name) is not None for name in names)


def torch_available() -> bool:
    return _installed("torch", "open_clip")


def onnx_available() -> bool:
    """ONNX Runtime can run an export (the ``onnx`` package is not needed for that)."""
    return _installed("onnxruntime", "tokenizers")


def export_possible() -> bool:
    """An export can be made here: torch.onnx.export needs torch and the onnx package, open_clip the model."""
    return torch_available() and _installed("onnx")


def weights_sha256(spec: ModelSpec) -> str:
    """The hash an export of this model is kept under (the bundled card holds its own; files are hashed
    once per size and mtime)."""
    from desktop.core.vision.clip_onnx import file_sha256

    if spec.kind == "bundled":
        sha = str(bundled_card().get("sha256", ""))
        if sha:
            return sha
    path = Path(spec.path)
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _sha_memo:
        _sha_memo[key] = file_sha256(path)
    return _sha_memo[key]


def shipped_folder() -> Path:
    from desktop.resources import resource

    return resource(*SHIPPED)


def export_folders(spec: ModelSpec) -> list[Path]:
    """Where an export of ``spec`` may be, in order: shipped with the app (the bundled model), the cache. The
    last one is where a new export is made."""
    from desktop.core.paths import cache_dir
    from desktop.resources import resource

    out = []
    if spec.kind == "bundled":
        out += [shipped_folder(), resource(ONNX_FOLDER)]
    out.append(cache_dir() / ONNX_FOLDER / (weights_sha256(spec)[:16] or "unknown"))
    return out


def find_export(spec: ModelSpec) -> tuple[Path | None, str | Message]:
    """A usable export of ``spec`` and "", or (None, why the one found was refused; "" if none was found)."""
    from desktop.core.vision.clip_onnx import CARD, check_export

    sha = weights_sha256(spec)
    problem: str | Message = ""
    for folder in export_folders(spec):
        if (folder / CARD).is_file():
            why = check_export(folder, sha)
            if not why:
                return folder, ""
            problem = problem or why
    return None, problem
