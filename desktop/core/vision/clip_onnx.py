"""CLIP through ONNX Runtime, with no torch at run time: the packaged app's and a pip install's Vision engine.

A model's image and text towers, exported once (``onnx_export``, where torch, open_clip and onnx are
installed; the bundled model's export ships in resources/clip/onnx), sit in a folder with a
``clip-onnx.json`` card. Running them needs onnxruntime, numpy, Pillow, Hugging Face ``tokenizers`` and
``ftfy``, and never the ``onnx`` package. Tokens and pixels equal open_clip's own (tests check token ids on
Korean, emoji and long labels, and pixels to 1e-6):

- tokens: open_clip's text cleaning (ftfy, HTML unescape, whitespace, lower case), then its BPE vocabulary
  and merges run by ``tokenizers`` with CLIP's split pattern and byte-level mapping, as Hugging Face's own
  CLIPTokenizerFast does; start and end tokens added and the end kept on truncation, as open_clip does;
- pixels: Pillow's bicubic resize of the shorter side, a centre crop, scaling to [0, 1] and normalising,
  which is what torchvision does to a Pillow image.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image

from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.vision.common import physical_cores

CARD = "clip-onnx.json"
FORMAT = 3  # 2: files' hashes, the model's size, its untrained tokens; 3: float16 storage, tokenizer gzipped
IMAGE_FILE = "image.onnx"
TEXT_FILE = "text.onnx"
TOKENIZER_FILE = "tokenizer.json.gz"
# open_clip's pattern, less its special tokens (added to the tokenizer as special tokens instead).
SPLIT_PATTERN = r"""'s|'t|'re|'ve|'m|'ll|'d|[\p{L}]+|[\p{N}]|[^\s\p{L}\p{N}]+"""
SOT, EOT = "<start_of_text>", "<end_of_text>"
_INTERPOLATION = {"bicubic": Image.Resampling.BICUBIC, "bilinear": Image.Resampling.BILINEAR}


class OnnxClipError(FMError):
    """The ONNX CLIP model is missing, damaged or cannot run here."""


def clean_text(text: str) -> str:
    """open_clip's ``lower`` cleaning: ftfy, HTML entities twice, whitespace runs to one space, lower case."""
    import ftfy

    text = html.unescape(html.unescape(ftfy.fix_text(text))).strip()
    return " ".join(text.split()).strip().lower()


@dataclass
class Card:
    name: str
    image_size: int
    mean: tuple[float, float, float]
    std: tuple[float, float, float]
    interpolation: str
    resize_mode: str
    context_length: int
    logit_scale: float
    logit_bias: float | None
    embed_dim: int
    source_sha256: str
    ensembles: dict[str, list[str]]
    format: int = 1
    files: dict[str, str] | None = None  # file name -> sha256, written at export time
    parameters: int = 0
    tokens: dict[str, Any] | None = None  # {"vocab": n, "seen": [...]} or {"vocab": n, "unseen": [...]}

    def unseen_tokens(self) -> list[int]:
        """Token ids whose embedding is zero (never trained); empty when the card does not say."""
        tokens = self.tokens or {}
        if "unseen" in tokens:
            return [int(i) for i in tokens["unseen"]]
        if "seen" in tokens:
            seen = {int(i) for i in tokens["seen"]}
            return [i for i in range(int(tokens.get("vocab", 0))) if i not in seen]
        return []

    @classmethod
    def read(cls, folder: Path) -> Card:
        try:
            raw = json.loads((folder / CARD).read_text(encoding="utf-8"))
            return cls(
                name=str(raw["name"]),
                image_size=int(raw["image_size"]),
                mean=tuple(float(x) for x in raw["mean"]),  # type: ignore[arg-type]
                std=tuple(float(x) for x in raw["std"]),  # type: ignore[arg-type]
                interpolation=str(raw.get("interpolation", "bicubic")),
                resize_mode=str(raw.get("resize_mode", "shortest")),
                context_length=int(raw["context_length"]),
                logit_scale=float(raw["logit_scale"]),
                logit_bias=None if raw.get("logit_bias") is None else float(raw["logit_bias"]),
                embed_dim=int(raw["embed_dim"]),
                source_sha256=str(raw.get("source_sha256", "")),
                ensembles={str(k): [str(t) for t in v] for k, v in dict(raw.get("ensembles", {})).items()},
                format=int(raw.get("format", 1)),
                files={str(k): str(v) for k, v in dict(raw["files"]).items()} if raw.get("files") else None,
                parameters=int(raw.get("parameters", 0)),
                tokens=dict(raw["tokens"]) if isinstance(raw.get("tokens"), dict) else None,
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise OnnxClipError(
                message(
                    QT_TRANSLATE_NOOP("CoreVision", "The ONNX CLIP card in {folder} is missing or damaged: {reason}."),
                    folder=str(folder),
                    reason=str(exc),
                )
            ) from exc


class ClipTokenizer:
    """open_clip's tokenizer without torch: ``tokenizer(texts)`` is int64 [len(texts), context_length],
    as ``open_clip.tokenize`` makes it: zero padded, truncated with the end token kept last."""

    def __init__(self, tokenizer_json: Path, context_length: int = 77) -> None:
        """``tokenizer_json``: a gzipped ``tokenizers`` definition (written by ``onnx_export``)."""
        from tokenizers import Tokenizer

        try:
            self.tokenizer = Tokenizer.from_str(gzip.decompress(Path(tokenizer_json).read_bytes()).decode("utf-8"))
        except Exception as exc:  # a damaged gzip stream, bad UTF-8, or tokenizers' own error
            raise OnnxClipError(
                message(
                    QT_TRANSLATE_NOOP("CoreVision", "The CLIP tokenizer {path} cannot be read: {reason}"),
                    path=str(tokenizer_json),
                    reason=str(exc),
                )
            ) from exc
        self.context_length = context_length
        sot, eot = self.tokenizer.token_to_id(SOT), self.tokenizer.token_to_id(EOT)
        if sot is None or eot is None:
            raise OnnxClipError(
                message(
                    QT_TRANSLATE_NOOP("CoreVision", "The CLIP tokenizer {path} lacks the start and end tokens."),
                    path=str(tokenizer_json),
                )
            )
        self.sot, self.eot = int(sot), int(eot)

    def __call__(self, texts: list[str]) -> np.ndarray:
        n = self.context_length
        out = np.zeros((len(texts), n), dtype=np.int64)
        encodings = self.tokenizer.encode_batch([clean_text(t) for t in texts], add_special_tokens=False)
        for row, enc in enumerate(encodings):
            ids = [self.sot, *enc.ids, self.eot]
            if len(ids) > n:
                ids = ids[:n]
                ids[-1] = self.eot
            out[row, : len(ids)] = ids
        return out


class OnnxClip:
    """One exported CLIP model: tokenizer, preprocessing and the two towers in onnxruntime sessions.
    Outputs are unit-length embeddings, as open_clip's ``encode_*(..., normalize=True)``."""

    def __init__(self, folder: Path, threads: int = 0) -> None:
        import onnxruntime as ort

        self.folder = Path(folder)
        self.card = Card.read(self.folder)
        for name in (IMAGE_FILE, TEXT_FILE, TOKENIZER_FILE):
            if not (self.folder / name).is_file():
                raise OnnxClipError(
                    message(
                        QT_TRANSLATE_NOOP("CoreVision", "The ONNX CLIP model in {folder} lacks {name}."),
                        folder=str(self.folder),
                        name=name,
                    )
                )
        self.threads = threads or tower_threads(self.folder / IMAGE_FILE)
        try:
            self.image_session = ort.InferenceSession(
                str(self.folder / IMAGE_FILE), _options(self.threads), providers=["CPUExecutionProvider"]
            )
            text_threads = threads or tower_threads(self.folder / TEXT_FILE)
            self.text_session = ort.InferenceSession(
                str(self.folder / TEXT_FILE), _options(text_threads), providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own exception types for damaged files
            raise OnnxClipError(
                message(
                    QT_TRANSLATE_NOOP("CoreVision", "ONNX Runtime could not open the CLIP model in {folder}: {reason}"),
                    folder=str(self.folder),
                    reason=str(exc),
                )
            ) from exc
        self.tokenizer = ClipTokenizer(self.folder / TOKENIZER_FILE, self.card.context_length)

    def parameters(self) -> int:
        return self.card.parameters

    # -- text ---------------------------------------------------------------------------------------
    def tokenize(self, texts: list[str]) -> np.ndarray:
        return self.tokenizer(texts)

    def encode_text(self, tokens: np.ndarray) -> np.ndarray:
        (features,) = self.text_session.run(None, {"tokens": tokens.astype(np.int64)})
        return np.asarray(features, dtype=np.float32)

    # -- images -------------------------------------------------------------------------------------
    def preprocess(self, image: Image.Image) -> np.ndarray:
        """float32 [3, size, size] from an RGB picture, as open_clip's default transform makes it."""
        size = self.card.image_size
        im = image if image.mode == "RGB" else image.convert("RGB")
        w, h = im.size
        if self.card.resize_mode != "shortest":
            raise OnnxClipError(
                message(
                    QT_TRANSLATE_NOOP("CoreVision", "Resize mode “{mode}” is not supported by the ONNX engine."),
                    mode=self.card.resize_mode,
                )
            )
        # torchvision's Resize(int) on a Pillow image: the short side to ``size``, the long side truncated.
        if w <= h:
            new_w, new_h = size, int(size * h / w)
        else:
            new_w, new_h = int(size * w / h), size
        if (new_w, new_h) != (w, h):
            im = im.resize((new_w, new_h), _INTERPOLATION.get(self.card.interpolation, Image.Resampling.BICUBIC))
        left = round((new_w - size) / 2.0)
        top = round((new_h - size) / 2.0)
        im = im.crop((left, top, left + size, top + size))
        scaled = np.asarray(im, dtype=np.float32) / np.float32(255.0)
        mean = np.asarray(self.card.mean, dtype=np.float32)
        std = np.asarray(self.card.std, dtype=np.float32)
        return np.ascontiguousarray(((scaled - mean) / std).transpose(2, 0, 1), dtype=np.float32)

    def encode_image(self, pixels: np.ndarray) -> np.ndarray:
        (features,) = self.image_session.run(None, {"pixels": pixels.astype(np.float32)})
        return np.asarray(features, dtype=np.float32)

    def probabilities(self, image_features: np.ndarray, text_features: np.ndarray) -> np.ndarray:
        """open_clip's zero-shot recipe: softmax over labels of logit_scale.exp() * cosine similarity."""
        logits = self.card.logit_scale * image_features @ text_features.T
        if self.card.logit_bias is not None:
            logits = logits + self.card.logit_bias
        logits = logits - logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float32)


LIGHT_TOWER_BYTES = 40_000_000  # a tower under about 10 million float32 weights: one thread runs it best


def tower_threads(path: Path) -> int:
    """Threads for one tower: one for a light tower (the bundled model's take well under a millisecond per
    picture, less than decoding it, and a second thread only adds waits at every step), else the cores."""
    try:
        light = path.stat().st_size < LIGHT_TOWER_BYTES
    except OSError:
        light = False
    return 1 if light else physical_cores()


def _options(threads: int) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    # Idle pool threads sleep instead of spinning: in the vision host the decode threads need those cores
    # between runs of the tower (spinning cost 0.15-0.2 ms of CPU per picture with the bundled model).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return options


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def check_export(folder: Path, source_sha256: str) -> str | Message:
    """Why the export in ``folder`` must not be used for the weights hashed ``source_sha256`` ("" when it
    may): an unreadable card, another model's card, an old card without file hashes, a missing or changed
    file. A damaged file is refused here, before ONNX Runtime could give numbers from it."""
    try:
        card = Card.read(folder)
    except OnnxClipError as exc:
        return message(QT_TRANSLATE_NOOP("CoreVision", "its card is damaged ({reason})"), reason=exc.text)
    if source_sha256 and card.source_sha256 != source_sha256:
        return message(QT_TRANSLATE_NOOP("CoreVision", "it was made from other weights than this model's"))
    if card.format < FORMAT or not card.files:
        return message(QT_TRANSLATE_NOOP("CoreVision", "it was made by an older version of this app"))
    for name in (IMAGE_FILE, TEXT_FILE, TOKENIZER_FILE):
        path = folder / name
        if not path.is_file():
            return message(QT_TRANSLATE_NOOP("CoreVision", "{name} is missing"), name=name)
        if card.files.get(name) != file_sha256(path):
            return message(
                QT_TRANSLATE_NOOP("CoreVision", "{name} is damaged (its contents changed since the export)"), name=name
            )
    return ""
