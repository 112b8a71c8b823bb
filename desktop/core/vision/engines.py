"""Which CLIP engine runs the bundled model: ONNX Runtime (no torch; what the packaged app ships) or
open_clip (torch). ``open_engine`` gives either behind one small interface of numpy arrays."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.vision import DEFAULT_TEMPLATE, VisionError, fill_template

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

ONNX_FOLDER = "clip-onnx"


def torch_available() -> bool:
    return importlib.util.find_spec("torch") is not None and importlib.util.find_spec("open_clip") is not None


def onnx_available() -> bool:
    return importlib.util.find_spec("onnxruntime") is not None and importlib.util.find_spec("tokenizers") is not None


def bundled_onnx_folder(export_if_missing: bool = True) -> Path | None:
    """The bundled CLIP as ONNX: shipped in resources/ (packaged app), or exported once into the cache
    under the weights' hash (source install, which has torch)."""
    from desktop.core import clip_onnx
    from desktop.core.paths import cache_dir
    from desktop.core.vision import bundled_card
    from desktop.resources import resource

    shipped = resource(ONNX_FOLDER)
    if (shipped / clip_onnx.CARD).is_file():
        return shipped
    sha = str(bundled_card().get("sha256", ""))[:16] or "unknown"
    cached = cache_dir() / ONNX_FOLDER / sha
    if (cached / clip_onnx.CARD).is_file():
        return cached
    if not (export_if_missing and torch_available()):
        return None
    partial = cached.with_name(cached.name + ".partial")
    clip_onnx.export_bundled(partial)
    partial.replace(cached)
    return cached


class OnnxEngine:
    name = "onnx"

    def __init__(self, folder: Path) -> None:
        from desktop.core.clip_onnx import OnnxClip

        self.clip = OnnxClip(folder)

    def templates(self, template: str) -> list[str]:
        if template in self.clip.card.ensembles:
            return self.clip.card.ensembles[template]
        if "{}" not in template:
            raise VisionError("The prompt template needs {} where the label goes, for example “a photo of a {}.”")
        return [template]

    def text_features(self, labels: list[str], template: str = DEFAULT_TEMPLATE) -> np.ndarray:
        import numpy as np

        templates = self.templates(template)
        texts = [fill_template(t, label) for label in labels for t in templates]
        emb = self.clip.encode_text(self.clip.tokenize(texts)).reshape(len(labels), len(templates), -1).mean(axis=1)
        return np.asarray(emb / np.linalg.norm(emb, axis=1, keepdims=True), dtype=np.float32)

    def image_features(self, images: list[Image.Image]) -> np.ndarray:
        import numpy as np

        return self.clip.encode_image(np.stack([self.clip.preprocess(im) for im in images]))

    def probabilities(self, image_features: np.ndarray, text_features: np.ndarray) -> np.ndarray:
        return self.clip.probabilities(image_features, text_features)


class OpenClipEngine:
    name = "open_clip"

    def __init__(self) -> None:
        from desktop.core.vision import ZeroShotClassifier

        self.classifier = ZeroShotClassifier(device="cpu")
        self.classifier.load()

    def text_features(self, labels: list[str], template: str = DEFAULT_TEMPLATE) -> Any:
        return self.classifier.text_features(labels, template).cpu().numpy()

    def image_features(self, images: list[Image.Image]) -> Any:
        return self.classifier.image_features(images).cpu().numpy()

    def probabilities(self, image_features: Any, text_features: Any) -> Any:
        import torch

        return self.classifier.probabilities(torch.from_numpy(image_features), torch.from_numpy(text_features)).numpy()


def open_engine(prefer: str = "auto") -> OnnxEngine | OpenClipEngine:
    """``auto``: ONNX Runtime where its files exist or can be made, else open_clip."""
    if prefer in ("auto", "onnx") and onnx_available():
        folder = bundled_onnx_folder()
        if folder is not None:
            return OnnxEngine(folder)
    if prefer == "onnx":
        raise VisionError("The ONNX engine is not available here (onnxruntime or its model files are missing).")
    if not torch_available():
        raise VisionError("Neither CLIP engine is available: this build has no torch and no ONNX model files.")
    return OpenClipEngine()
