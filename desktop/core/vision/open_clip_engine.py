"""The open_clip engine (torch): any open_clip model, the bundled one, a user's weights or a hub download.
Runs in the vision host only (the app process never imports torch)."""

from __future__ import annotations

import json
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.vision.classifier import Classifier
from desktop.core.vision.common import VisionError
from desktop.core.vision.devices import device_name, resolve_device
from desktop.core.vision.models import ModelSpec, _unsafe_name_error, is_safe_name, register_config
from desktop.core.vision.results import ModelInfo


class ZeroShotClassifier(Classifier):
    """The open_clip engine (torch): any open_clip model, the bundled one, a user's weights or a hub
    download. The PIL part of open_clip's transform runs on the decode threads; the tensor part on the
    model's thread, so torch never runs on many threads at once."""

    engine = "open_clip"
    engine_label = "open_clip"

    def __init__(self, spec: ModelSpec | None = None, device: str = "auto", decode_workers: int = 0) -> None:
        super().__init__(spec, device, decode_workers)
        self.model: Any = None
        self.tokenizer: Any = None
        self.preprocess: Any = None
        self._tensor_stage: Any = None

    @property
    def loaded(self) -> bool:
        return self.model is not None

    def load(self) -> ModelInfo:
        started = time.perf_counter()
        import open_clip
        import torch

        spec = self.spec
        path = Path(spec.path)
        if not spec.architecture:
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreVision",
                        "Which open_clip architecture is “{name}”? Pick one in the panel, or name the file after "
                        "it (for example ViT-B-32__laion2b_s34b_b79k.safetensors).",
                    ),
                    name=path.name,
                )
            )
        if not is_safe_name(spec.architecture):
            raise _unsafe_name_error(spec.architecture)
        if not path.is_file():
            raise VisionError(
                message(QT_TRANSLATE_NOOP("CoreVision", "The weights file is missing: {path}"), path=str(path))
            )
        if path.stat().st_size == 0:
            raise VisionError(
                message(QT_TRANSLATE_NOOP("CoreVision", "The weights file is empty (0 bytes): {path}"), path=str(path))
            )
        device = resolve_device(self.device_choice)
        if spec.config:
            register_config(spec.architecture, json.loads(spec.config))
        elif spec.architecture not in open_clip.list_models():
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP("CoreVision", "“{arch}” is not an open_clip architecture this version knows."),
                    arch=spec.architecture,
                )
            )
        pre: dict[str, Any] = json.loads(spec.preprocess) if spec.preprocess else {}
        kwargs: dict[str, Any] = {}
        if spec.pretrained:
            tag_cfg = open_clip.get_pretrained_cfg(spec.architecture, spec.pretrained) or {}
            for key in ("mean", "std", "interpolation", "resize_mode"):
                if key in tag_cfg:
                    pre.setdefault(key, tag_cfg[key])
            if tag_cfg.get("quick_gelu"):
                kwargs["force_quick_gelu"] = True
        for key in ("mean", "std", "interpolation", "resize_mode"):
            if key in pre:
                value = pre[key]
                kwargs[f"image_{key}"] = tuple(value) if isinstance(value, list) else value
        self.preprocess_cfg = pre
        try:
            _precheck_weights(path)
            model, _, preprocess = open_clip.create_model_and_transforms(
                spec.architecture, pretrained=str(path), device=device, weights_only=True, **kwargs
            )
        except Exception as exc:
            raise _load_error(exc, path, spec.architecture) from exc
        model.eval()
        try:
            tokenizer = open_clip.get_tokenizer(spec.architecture)
        except Exception as exc:
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreVision", "The tokenizer of {arch} cannot be loaded (it may need a download)."
                    ),
                    arch=spec.architecture,
                ),
                str(exc),
            ) from exc
        self.model, self.tokenizer, self.preprocess, self.device = model, tokenizer, preprocess, device
        self._split_preprocess()
        with torch.no_grad():
            self.logit_scale = float(model.logit_scale.exp().item())
            bias = getattr(model, "logit_bias", None)
            self.logit_bias = None if bias is None else float(bias.item())
        embedding = getattr(getattr(model, "token_embedding", None), "weight", None)
        if embedding is not None:
            with torch.no_grad():
                zero = (embedding.detach().abs().sum(dim=1) == 0).nonzero().flatten().tolist()
            self._unseen_tokens = frozenset(int(i) for i in zero)
        self._word_unseen.clear()
        self.light_image = _weights(model.visual) < LIGHT_TOWER_WEIGHTS
        text_weights = sum(p.numel() for p in model.parameters()) - _weights(model.visual)
        self.light_text = text_weights - (0 if embedding is None else embedding.numel()) < LIGHT_TOWER_WEIGHTS
        size = getattr(model.visual, "image_size", 224)
        self.image_size = int(size[0] if isinstance(size, tuple | list) else size)
        self.info = ModelInfo(
            spec=spec,
            device=device,
            device_name=device_name(device),
            parameters=sum(p.numel() for p in model.parameters()),
            image_size=self.image_size,
            context_length=int(getattr(model, "context_length", 0) or getattr(tokenizer, "context_length", 0) or 0),
            load_seconds=time.perf_counter() - started,
            engine=self.engine,
        )
        del torch
        return self.info

    def _split_preprocess(self) -> None:
        """Decode threads run the PIL part of the transform (resize, crop); the tensor part (to tensor,
        normalize) runs on this thread, so torch never runs on many threads at once."""
        steps = list(getattr(self.preprocess, "transforms", []))
        cut = next((i for i, t in enumerate(steps) if "ToTensor" in type(t).__name__), None)
        if cut is None:
            self._pil_stage, self._tensor_stage = self.preprocess, None
            return
        from torchvision.transforms import Compose

        self._pil_stage, self._tensor_stage = Compose(steps[:cut]), Compose(steps[cut:])

    def close(self) -> None:
        device = self.device
        self.model = self.tokenizer = self.preprocess = self._tensor_stage = None
        super().close()
        if device == "cuda":
            import torch

            torch.cuda.empty_cache()

    def _token_ids(self, word: str) -> list[int]:
        encode = getattr(self.tokenizer, "encode", None)
        return [int(i) for i in encode(word)] if encode is not None else []

    def _compute_threads(self, threads: int) -> None:
        import torch

        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)

    def _encode_texts(self, texts: list[str]) -> np.ndarray:
        import torch

        with torch.inference_mode():
            tokens = self.tokenizer(texts).to(self.device)
            return self.model.encode_text(tokens, normalize=True).float().cpu().numpy()

    def _encode_pixels(self, staged: list[Any]) -> np.ndarray:
        import torch

        stage = self._tensor_stage
        with torch.inference_mode():
            pixels = torch.stack([stage(p) if stage is not None else p for p in staged])
            encoded = self.model.encode_image(pixels.to(self.device), normalize=True)
            return encoded.float().cpu().numpy()


LIGHT_TOWER_WEIGHTS = 10_000_000  # under this, a tower takes less time per picture than decoding it: one thread


def _weights(module: Any) -> int:
    return int(sum(p.numel() for p in module.parameters()))


def _precheck_weights(path: Path) -> None:
    """Read the file's tensors cheaply before building a model that may be large: a damaged file or an unsafe
    pickle fails here, in a second, not after allocating hundreds of megabytes."""
    if path.suffix.lower() == ".safetensors":
        from safetensors import safe_open

        with safe_open(str(path), framework="pt") as f:
            if not list(f.keys()):
                raise VisionError(
                    message(QT_TRANSLATE_NOOP("CoreVision", "“{name}” holds no tensors."), name=path.name)
                )
        return
    import zipfile

    import torch

    with warnings.catch_warnings():  # torch warns about pickle protocols on the way to refusing a file
        warnings.simplefilter("ignore", UserWarning)
        torch.load(str(path), map_location="cpu", weights_only=True, mmap=zipfile.is_zipfile(path))


def _load_error(exc: Exception, path: Path, architecture: str) -> VisionError:
    if isinstance(exc, VisionError):
        return exc
    text = f"{type(exc).__name__}: {exc}"
    if "Weights only load failed" in text:
        return VisionError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreVision",
                    "“{name}” is a pickle with Python objects besides tensors, and loading those could run code. "
                    "For safety only plain tensors are loaded (torch.load with weights_only=True): save just the "
                    "state_dict, or convert the file to .safetensors.",
                ),
                name=path.name,
            ),
            text,
        )
    damaged = ("safetensor" in type(exc).__name__.lower(), "Unpickling" in text, "header" in text.lower())
    if any(damaged) or isinstance(exc, EOFError):
        return VisionError(message(_DAMAGED, name=path.name), text)
    mismatch = ("size mismatch", "Missing key", "Unexpected key", "state_dict", "changed")
    if isinstance(exc, AssertionError | KeyError) or any(word in text for word in mismatch):
        return VisionError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreVision",
                    "The weights in “{name}” do not fit the {arch} architecture: pick the architecture "
                    "they were trained with.",
                ),
                name=path.name,
                arch=architecture,
            ),
            text,
        )
    if isinstance(exc, ValueError | OSError):
        return VisionError(message(_DAMAGED, name=path.name), text)
    return VisionError(
        message(
            QT_TRANSLATE_NOOP("CoreVision", "“{name}” cannot be loaded as {arch}."), name=path.name, arch=architecture
        ),
        text,
    )


_DAMAGED = QT_TRANSLATE_NOOP("CoreVision", "“{name}” is damaged or not a weights file.")
