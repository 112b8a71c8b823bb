"""The batched classifier: decoding on a few threads ahead of the model, caches, cancel between batches.
Engines (open_clip with torch in ``open_clip_engine``, ONNX Runtime without in ``engines``) supply the
towers; everything else is numpy."""

from __future__ import annotations

import contextlib
import os
import re
import sys
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
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
    physical_cores,
)
from desktop.core.vision.common import is_set as _is_set
from desktop.core.vision.images import MemoryImage, Source, load_image, source_key, source_name
from desktop.core.vision.models import ModelSpec, bundled_spec
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


ACTIVATIONS = 64  # a tower's working memory per picture, in multiples of its input (generous for a ViT-B/32)


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
        self.decode_workers = decode_workers or max(1, min(8, os.cpu_count() or 1))
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

    def caption_features(self, captions: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of whole captions, as they are (no template, no cache)."""
        self._require()
        self._compute_threads(1 if self.light_text else self.max_threads)
        return self._encode_texts(list(captions))

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
            loaded = load_image(source, max_pixels=max_pixels, draft_size=self.decode_size)
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

    @property
    def decode_size(self) -> int:
        """Pictures are decoded near twice this size (``load_image``'s ``draft_size``): what the model and the
        thumbnail need. From the decoded picture on, the numbers are open_clip's own, to 1e-5."""
        return max(self.image_size, THUMB_SIZE)

    def batch_size(self) -> int:
        """Pictures per batch on this machine: 16 per core (more cores encode more pictures at once), at most
        256, and at most what an eighth of the free memory holds (the input and the tower's activations)."""
        per_picture = 3 * 4 * self.image_size**2 * ACTIVATIONS
        try:
            import psutil

            free = int(psutil.virtual_memory().available)
        except (ImportError, OSError):
            free = 2 << 30
        return int(max(4, min(256, 16 * self.max_threads, free // 8 // per_picture)))

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
        batch_size: int = 0,
        cancel: threading.Event | None = None,
        on_batch: Callable[[list[VisionResult], int, int], None] | None = None,
        thumbnails: bool | Callable[[int], bool] = True,
        max_pixels: int = MAX_IMAGE_PIXELS,
        top_k: int = 5,
        use_cache: bool = True,
        cache_keys: Sequence[str] | None = None,
    ) -> RunSummary:
        """Classify pictures in batches (``batch_size`` 0: sized to the machine, :meth:`batch_size`; the first
        batch is smaller, so the first results come early). Decoding runs on a few threads, ahead of the
        model; ``cancel`` is checked between batches; ``on_batch(results, done, total)`` gets each batch's
        results in order. Pictures that cannot be read come back as results with an ``error``; nothing raises for them.
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
        first_batch = batch_size
        if batch_size <= 0:  # sized here; and the first results show after a few decodes
            batch_size = self.batch_size()
            first_batch = min(batch_size, 2 * self.decode_workers)
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
                size = first_batch if summary.done == 0 else batch_size
                batch = [pending.popleft() for _ in range(min(size, len(pending)))]
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
