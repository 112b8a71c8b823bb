"""The batched classifier: decoding on a few threads ahead of the model, caches, cancel between batches.
Engines (open_clip with torch, ONNX Runtime without) supply the towers; everything else is numpy."""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
import threading
import time
import warnings
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.vision.common import (
    DEFAULT_TEMPLATE,
    IMAGE_CACHE_LIMIT,
    MAX_IMAGE_PIXELS,
    TEXT_BATCH,
    TEXT_CACHE_LIMIT,
    THUMB_SIZE,
    ImageLoadError,
    VisionError,
)
from desktop.core.vision.common import is_set as _is_set
from desktop.core.vision.devices import device_name, resolve_device
from desktop.core.vision.images import MemoryImage, Source, load_image, source_key, source_name
from desktop.core.vision.models import ModelSpec, _unsafe_name_error, bundled_spec, is_safe_name, register_config
from desktop.core.vision.prompts import check_template, clean_labels, fill_template, template_list
from desktop.core.vision.results import ModelInfo, RunSummary, VisionResult

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image


def same_text_groups(labels: Sequence[str], text_features: Any) -> list[list[str]]:
    """Labels whose text embeddings are identical (to 1e-4): the model cannot tell them apart."""
    import numpy as np

    keys = np.round(np.asarray(text_features, dtype=np.float32) * 1e4).astype(np.int32)
    groups: dict[bytes, list[str]] = {}
    for label, row in zip(labels, keys, strict=True):
        groups.setdefault(row.tobytes(), []).append(label)
    return [group for group in groups.values() if len(group) > 1]


@dataclass
class _Decoded:
    pixels: Any = None  # the PIL stage of preprocessing done; or a tensor if the transform cannot be split
    thumbnail: Any = None
    error: str | Message = ""
    details: str = ""
    notes: list[str | Message] = field(default_factory=list)
    width: int = 0
    height: int = 0


WORKER_NICENESS = 0  # 0: decode threads run at the model thread's priority (the vision host as a whole is niced)


def lower_thread_priority(niceness: int | None = None) -> None:
    """Make the calling thread a little nicer (Linux: threads have their own nice value), so the window stays
    responsive while it works. Best effort: elsewhere, or without permission, nothing happens."""
    niceness = WORKER_NICENESS if niceness is None else niceness
    if niceness <= 0 or not hasattr(os, "setpriority") or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError):
        tid = threading.get_native_id()
        current = os.getpriority(os.PRIO_PROCESS, tid)
        if current < niceness:
            os.setpriority(os.PRIO_PROCESS, tid, niceness)


def physical_cores() -> int:
    """Cores, not hardware threads (torch's and ONNX Runtime's own default for their thread pools)."""
    try:
        import psutil

        return max(1, int(psutil.cpu_count(logical=False) or os.cpu_count() or 1))
    except ImportError:
        return max(1, os.cpu_count() or 1)


class _Cancelled(Exception):
    pass


class Classifier:
    """The batched run, common to both engines: label embeddings cached per (label, template), picture
    embeddings cached per file (path, mtime, size), decoding on a few threads ahead of the model, cancel
    between batches. Features are unit-length numpy rows; probabilities are open_clip's zero-shot recipe.

    An engine supplies ``load``, ``_encode_texts``, ``_encode_pixels``, ``_pil_stage`` (run on the decode
    threads) and ``_token_ids``. Not thread-safe: create, use and close it on one thread."""

    engine = ""
    engine_label = ""

    def __init__(self, spec: ModelSpec | None = None, device: str = "auto", decode_workers: int = 0) -> None:
        self.spec = spec if spec is not None else bundled_spec()
        self.device_choice = device
        self.decode_workers = decode_workers or max(1, min(4, os.cpu_count() or 1))
        self.max_threads = physical_cores()  # the towers' threads when decoding is not behind
        self.light_image = self.light_text = False  # a light tower always runs on one thread
        self.device = "cpu"
        self.info: ModelInfo | None = None
        self.image_size = 224
        self.logit_scale = 1.0  # already exponentiated
        self.logit_bias: float | None = None
        self._pil_stage: Callable[[Image.Image], Any] | None = None
        self._unseen_tokens: frozenset[int] = frozenset()  # token ids whose embedding is zero: never trained
        self._word_unseen: dict[str, bool] = {}
        self._text_cache: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._image_cache: OrderedDict[str, tuple[np.ndarray, int, int, list[str | Message]]] = OrderedDict()
        self.text_encoded = 0  # label embeddings computed so far (cache misses)

    # -- what an engine supplies --------------------------------------------------------------------
    @property
    def loaded(self) -> bool:
        return self.info is not None

    def load(self) -> ModelInfo:
        raise NotImplementedError

    def _encode_texts(self, texts: list[str]) -> np.ndarray:
        """Unit-length embeddings of prompts [len(texts), dim]."""
        raise NotImplementedError

    def _encode_pixels(self, staged: list[Any]) -> np.ndarray:
        """Unit-length embeddings [n, dim] of pictures that went through ``_pil_stage``."""
        raise NotImplementedError

    def _token_ids(self, word: str) -> list[int]:
        return []

    def _compute_threads(self, threads: int) -> None:
        """Run the towers on this many threads from now on (an engine that cannot change it ignores this)."""

    def _templates(self, template: str) -> list[Any]:
        return template_list(template)

    def close(self) -> None:
        """Free the model (call on the thread that loaded it)."""
        self.info = None
        self._pil_stage = None
        self._text_cache.clear()
        self._image_cache.clear()

    def _require(self) -> None:
        if not self.loaded:
            self.load()

    def unknown_words(self, labels: Sequence[str], limit: int = 2000) -> list[str]:
        """Words in ``labels`` (the first ``limit`` labels) that this model never learned: every token of the
        word has a zero embedding (the bundled model zeroes the tokens its training never used). Such words
        are invisible to it. Empty for models without such tokens, or whose tokenizer cannot say."""
        if not self._unseen_tokens:
            return []
        out = []
        for word in dict.fromkeys(w for label in labels[:limit] for w in re.findall(r"\w+", label.lower())):
            unseen = self._word_unseen.get(word)
            if unseen is None:
                try:
                    ids = [int(i) for i in self._token_ids(word)]
                except Exception:
                    ids = []
                unseen = bool(ids) and all(i in self._unseen_tokens for i in ids)
                if len(self._word_unseen) < TEXT_CACHE_LIMIT:
                    self._word_unseen[word] = unseen
            if unseen:
                out.append(word)
        return out

    # -- embeddings ---------------------------------------------------------------------------------
    def text_features(
        self, labels: Sequence[str], template: str = DEFAULT_TEMPLATE, cancel: threading.Event | None = None
    ) -> np.ndarray:
        """Unit-length label embeddings [labels, dim], as open_clip's build_zero_shot_classifier makes them
        (one template, or the mean of an ensemble's, normalized again). Cached per (label, template)."""
        import numpy as np

        self._require()
        templates = self._templates(template)
        missing = [label for label in dict.fromkeys(labels) if (label, template) not in self._text_cache]
        per_batch = max(1, TEXT_BATCH // len(templates))
        if missing:
            self._compute_threads(1 if self.light_text else self.max_threads)  # nothing decodes now
        for start in range(0, len(missing), per_batch):
            if _is_set(cancel):
                raise _Cancelled
            chunk = missing[start : start + per_batch]
            texts = [fill_template(t, label) for label in chunk for t in templates]
            emb = self._encode_texts(texts).reshape(len(chunk), len(templates), -1).mean(axis=1)
            emb = emb / np.linalg.norm(emb, axis=1, keepdims=True)
            for label, row in zip(chunk, emb.astype(np.float32), strict=True):
                self._text_cache[(label, template)] = row
            self.text_encoded += len(chunk)
        rows = []
        for label in labels:
            self._text_cache.move_to_end((label, template))
            rows.append(self._text_cache[(label, template)])
        while len(self._text_cache) > TEXT_CACHE_LIMIT:
            self._text_cache.popitem(last=False)
        return np.stack(rows)

    def image_features(self, images: Sequence[Image.Image]) -> np.ndarray:
        """Unit-length embeddings of RGB pictures, preprocessed exactly as open_clip's transform does."""
        self._require()
        stage = self._pil_stage
        assert stage is not None
        return self._encode_pixels([stage(img) for img in images])

    def probabilities(self, image_features: np.ndarray, text_features: np.ndarray) -> np.ndarray:
        """open_clip's zero-shot recipe: softmax over labels of logit_scale.exp() * cosine similarity."""
        import numpy as np

        logits = np.float32(self.logit_scale) * (
            np.asarray(image_features, dtype=np.float32) @ np.asarray(text_features, dtype=np.float32).T
        )
        if self.logit_bias is not None:
            logits = logits + np.float32(self.logit_bias)
        logits = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float32)

    def classify_images(
        self, images: Sequence[Image.Image], labels: Sequence[str], template: str = DEFAULT_TEMPLATE
    ) -> np.ndarray:
        """Probabilities [pictures, labels] for RGB PIL pictures (no decoding, no threads)."""
        labels = clean_labels(labels)
        text = self.text_features(labels, template)
        return self.probabilities(self.image_features(images), text)

    # -- batched runs -------------------------------------------------------------------------------
    def _decode(self, source: Source, thumbnail: bool, max_pixels: int) -> _Decoded:
        """On a decode thread: read one picture and do the PIL part of preprocessing. Never raises."""
        from PIL import Image

        try:
            loaded = load_image(source, max_pixels=max_pixels, draft_size=max(self.image_size, THUMB_SIZE))
            out = _Decoded(notes=loaded.notes, width=loaded.width, height=loaded.height)
            if thumbnail:
                thumb = loaded.image.copy()
                thumb.thumbnail((THUMB_SIZE, THUMB_SIZE), Image.Resampling.BILINEAR, reducing_gap=1.0)
                out.thumbnail = thumb
            stage = self._pil_stage
            assert stage is not None
            out.pixels = stage(loaded.image)
            return out
        except ImageLoadError as exc:
            return _Decoded(error=exc.text, details=exc.details)
        except Exception as exc:  # a decoder bug must not end the batch
            return _Decoded(
                error=message(
                    QT_TRANSLATE_NOOP("CoreVision", "This picture could not be read ({error})."),
                    error=type(exc).__name__,
                ),
                details=str(exc),
            )

    def _cache_key(self, source: Source) -> str:
        if isinstance(source, MemoryImage):
            return source.key
        try:
            st = source.stat()
        except OSError:
            return ""
        return f"{source}|{st.st_mtime_ns}|{st.st_size}"

    def classify(
        self,
        sources: Sequence[Source],
        labels: Sequence[str],
        template: str = DEFAULT_TEMPLATE,
        *,
        batch_size: int = 32,
        cancel: threading.Event | None = None,
        on_batch: Callable[[list[VisionResult], int, int], None] | None = None,
        thumbnails: bool | Callable[[int], bool] = True,
        max_pixels: int = MAX_IMAGE_PIXELS,
        top_k: int = 5,
        use_cache: bool = True,
        cache_keys: Sequence[str] | None = None,
    ) -> RunSummary:
        """Classify pictures in batches. Decoding runs on a few threads, ahead of the model; ``cancel`` is
        checked between batches; ``on_batch(results, done, total)`` gets each batch's results in order.
        Pictures that cannot be read come back as results with an ``error``; nothing raises for them.
        ``cache_keys`` (one per source, "" for none) replaces the file-based cache key (the vision host gets
        pasted pictures as temporary files, keyed by their content)."""
        import numpy as np

        started = time.perf_counter()
        labels = clean_labels(labels)
        check_template(template)
        self._require()
        summary = RunSummary(total=len(sources), labels=labels, template=template)
        before = self.text_encoded
        try:
            text = self.text_features(labels, template, cancel)
        except _Cancelled:
            summary.cancelled = True
            summary.seconds = time.perf_counter() - started
            return summary
        summary.text_encoded = self.text_encoded - before
        summary.unknown_words = self.unknown_words(labels)
        summary.same_text = same_text_groups(labels, text)
        want_thumb = thumbnails if callable(thumbnails) else (lambda _i: bool(thumbnails))
        label_tuple = tuple(labels)
        pool = ThreadPoolExecutor(
            self.decode_workers, thread_name_prefix="vision-decode", initializer=lower_thread_priority
        )
        pending: deque[tuple[int, Source, str, Future[_Decoded] | None, Any]] = deque()
        queue = iter(enumerate(sources))
        window = max(2 * batch_size, 2 * self.decode_workers)

        def key_of(i: int, source: Source) -> str:
            if not use_cache:
                return ""
            if cache_keys is not None and cache_keys[i]:
                return cache_keys[i]
            return self._cache_key(source)

        def refill() -> None:
            while len(pending) < window:
                try:
                    i, source = next(queue)
                except StopIteration:
                    return
                key = key_of(i, source)
                cached = self._image_cache.get(key) if key else None
                thumb = want_thumb(i)
                if cached is not None and not thumb:
                    pending.append((i, source, key, None, cached))
                else:
                    pending.append((i, source, key, pool.submit(self._decode, source, thumb, max_pixels), cached))

        try:
            refill()
            while pending:
                if _is_set(cancel):
                    summary.cancelled = True
                    break
                batch = [pending.popleft() for _ in range(min(batch_size, len(pending)))]
                # Decoding behind (this batch not decoded yet): the decode threads hold the cores, and a tower on
                # several threads would fight them (OpenMP waits at every barrier for a thread the decoders
                # pushed off a core: 10-40x slower on 2 cores), so it runs on one. Decoding ahead: all of them,
                # unless the tower is light (one thread is faster for it anyway).
                ready = all(item[3] is None or item[3].done() for item in batch)
                refill()
                self._compute_threads(self.max_threads if ready and not self.light_image else 1)
                decoded = [future.result() if future is not None else None for _, _, _, future, _ in batch]
                features: list[Any] = [item[4][0] if item[4] is not None else None for item in batch]
                fresh = [
                    (j, dec)
                    for j, (item, dec) in enumerate(zip(batch, decoded, strict=True))
                    if item[4] is None and dec is not None and not dec.error
                ]
                if fresh:
                    encoded = self._encode_pixels([d.pixels for _, d in fresh])
                    for (j, dec), row in zip(fresh, encoded, strict=True):
                        features[j] = row
                        key = batch[j][2]
                        if key:
                            self._image_cache[key] = (row, dec.width, dec.height, dec.notes)
                            if len(self._image_cache) > IMAGE_CACHE_LIMIT:
                                self._image_cache.popitem(last=False)
                ok = [j for j, f in enumerate(features) if f is not None]
                probs = np.zeros((0, len(labels)), dtype=np.float32)
                if ok:
                    probs = self.probabilities(np.stack([features[j] for j in ok]), text)
                prob_of = {j: probs[n] for n, j in enumerate(ok)}
                results = []
                for j, (i, source, _key, _future, cached) in enumerate(batch):
                    got = decoded[j]
                    result = VisionResult(index=i, key=source_key(source), name=source_name(source), labels=label_tuple)
                    if cached is not None:
                        _f, result.width, result.height, notes = cached
                        result.notes = list(notes)
                    elif got is not None:
                        result.notes, result.width, result.height = got.notes, got.width, got.height
                    if got is not None:
                        result.thumbnail = got.thumbnail
                    if j in prob_of:
                        row = prob_of[j]
                        result.probs = row
                        order = np.argsort(-row, kind="stable")[:top_k]
                        result.ranked = [(labels[k], float(row[k])) for k in order]
                        if cached is not None:
                            summary.image_cached += 1
                    else:
                        result.error = (
                            got.error
                            if got is not None
                            else message(QT_TRANSLATE_NOOP("CoreVision", "This picture could not be read."))
                        )
                        result.details = got.details if got is not None else ""
                        summary.failed += 1
                    results.append(result)
                summary.done += len(results)
                if on_batch is not None:
                    on_batch(results, summary.done, summary.total)
        finally:
            for *_rest, future, _f in pending:
                if future is not None:
                    future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
        summary.seconds = time.perf_counter() - started
        return summary


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
