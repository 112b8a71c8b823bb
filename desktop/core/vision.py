"""CLIP zero-shot image classification with open_clip.

A model (the bundled tiny CLIP, a user's weights file, or a download from the Hugging Face hub) turns
pictures and label prompts into vectors; the probabilities are open_clip's own zero-shot recipe:
``softmax(logit_scale.exp() * image_features @ text_features.T)`` over unit-length features.

Pure Python and never Qt. torch and open_clip are imported inside functions, the first time they are
needed, so importing this module costs nothing at app start. Everything here runs on one thread that owns
the model (desktop.services.vision_service); decoding fans out to a small thread pool of its own.

Bad input never raises out of a batch: every picture that cannot be read becomes a result with a message.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import os
import random
import re
import struct
import sys
import threading
import time
import warnings
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.errors import AssetMissingError, FMError

if TYPE_CHECKING:
    import numpy as np
    import torch
    from PIL import Image

BUNDLED_NAME = "fm-tiny-clip"
DEFAULT_TEMPLATE = "a photo of a {}."
ENSEMBLE = "ensemble"  # open_clip's 80 OpenAI ImageNet zero-shot templates
ENSEMBLE_SIMPLE = "ensemble-simple"  # open_clip's 7 "simple" ImageNet templates
DEVICES = ("auto", "cpu", "cuda", "mps")
IMAGE_EXTENSIONS = frozenset(
    {".png", ".jpg", ".jpeg", ".jpe", ".jfif", ".gif", ".bmp", ".dib", ".webp", ".tif", ".tiff"}
    | {".ppm", ".pgm", ".pbm", ".pnm", ".ico", ".tga", ".avif", ".heic"}
)
WEIGHT_EXTENSIONS = (".safetensors", ".pt", ".pth", ".bin")
FOLDER_CAP = 10_000
MAX_IMAGE_PIXELS = 89_478_485  # PIL's own default: larger pictures are refused as possible decompression bombs
THUMB_SIZE = 96
TEXT_BATCH = 256
TEXT_CACHE_LIMIT = 50_000
IMAGE_CACHE_LIMIT = 20_000


class VisionError(FMError):
    """Something about the vision model or a request, in words a person can act on."""


class ImageLoadError(VisionError):
    """One picture cannot be read."""


class OfflineError(VisionError):
    """The Hugging Face hub cannot be reached."""


class DownloadCancelled(VisionError):
    """The person stopped a download."""


# ---------------------------------------------------------------------------------------------------
# Models: the bundled tiny CLIP, files in models/, downloads from the hub
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ModelSpec:
    """Which model to load. ``architecture`` is an open_clip model name (or, with ``config``, a name this
    app registers for a config that came with the weights)."""

    kind: str  # bundled | file
    label: str
    architecture: str
    path: str
    pretrained: str = ""  # the open_clip pretrained tag the file came from, when known
    config: str = ""  # JSON text of an open_clip model config that came with the weights
    preprocess: str = ""  # JSON text of an open_clip preprocess config that came with the weights
    note: str = ""

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.architecture, self.path)

    @property
    def ready(self) -> bool:
        return bool(self.architecture)


def clip_dir() -> Path:
    from desktop.resources import resource

    return resource("clip")


@lru_cache(maxsize=1)
def _bundled_card_cached(path: str, mtime: float) -> dict[str, Any]:
    return dict(json.loads(Path(path).read_text(encoding="utf-8")))


def bundled_card() -> dict[str, Any]:
    """The bundled model's card: config, the labels it knows, its accuracy and how it was trained."""
    path = clip_dir() / f"{BUNDLED_NAME}.json"
    if not path.is_file():
        raise AssetMissingError(
            "The bundled CLIP model is missing.", f"Expected {path}. Run scripts/train_clip.py to make it."
        )
    return _bundled_card_cached(str(path), path.stat().st_mtime)


def bundled_spec() -> ModelSpec:
    card = bundled_card()
    weights = clip_dir() / str(card.get("file", f"{BUNDLED_NAME}.safetensors"))
    return ModelSpec(
        kind="bundled",
        label=f"{card.get('name', 'FM tiny CLIP')} (bundled)",
        architecture=str(card.get("model_name", BUNDLED_NAME)),
        path=str(weights),
        config=json.dumps(card["model_cfg"]),
        preprocess=json.dumps(card.get("preprocess_cfg", {})),
        note=str(card.get("description", "")),
    )


def bundled_labels() -> list[str]:
    """The labels the bundled model knows, or a few generic ones if its card is missing."""
    try:
        return [str(label) for label in bundled_card().get("labels", [])]
    except FMError:
        return ["red circle", "blue square", "green triangle", "yellow star", "purple cross"]


@lru_cache(maxsize=1)
def open_clip_architectures() -> tuple[str, ...]:
    """open_clip's model names, read from its config folder without importing it (torch is slow to load)."""
    import importlib.util

    spec = importlib.util.find_spec("open_clip")
    if spec is None or not spec.submodule_search_locations:
        return ()
    folder = Path(next(iter(spec.submodule_search_locations))) / "model_configs"
    return tuple(sorted(p.stem for p in folder.glob("*.json")))


def guess_architecture(path: Path) -> str:
    """The open_clip architecture named in a weights file's path ("ViT-B-32__laion2b.safetensors"), or ""."""
    names = open_clip_architectures()
    text = "/".join(part.lower() for part in path.parts[-2:])
    found = [n for n in names if n.lower() in text]
    return max(found, key=len) if found else ""


def _sidecar(path: Path) -> dict[str, Any]:
    """Facts that came with a weights file: ``<stem>.json`` ({"architecture": ..., "pretrained": ...}) or an
    ``open_clip_config.json`` beside it (the Hugging Face hub layout, with a full model config)."""
    facts: dict[str, Any] = {}
    for candidate in (path.with_suffix(".json"), path.parent / "open_clip_config.json"):
        if candidate.is_file() and candidate != path:
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict):
                for key, value in data.items():
                    facts.setdefault(key, value)
    return facts


_SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")


def is_safe_name(name: str) -> bool:
    """A name that can become a file name as it is: letters, digits, ``.``, ``_`` and ``-``, not starting with
    a dot, at most 128 characters. Names that come from model files (a config's ``architecture`` or
    ``model_name``) must pass this before they name anything on disk or anything open_clip looks up
    (open_clip reads ``hf-hub:…`` and ``local-dir:…`` names as places to fetch from)."""
    return bool(_SAFE_NAME.fullmatch(name))


def _unsafe_name_error(name: str) -> VisionError:
    shown = name if len(name) <= 60 else name[:60] + "…"
    return VisionError(
        f"“{shown}” is not a model name this app accepts: only letters, digits, “.”, “_” and “-”, not "
        "starting with a dot. Pick an architecture from the list."
    )


def spec_for_file(path: Path, architecture: str = "") -> ModelSpec:
    """A spec for a weights file the person added. ``architecture`` overrides what the file says.

    A name written in the file's sidecar is used only when it is a plain name (``is_safe_name``); a config
    that came with the weights is registered under a name derived from its hash when its own name is not
    plain or would replace one of open_clip's own architectures."""
    facts = _sidecar(path)
    model_cfg = facts.get("model_cfg")
    named = str(facts.get("architecture") or facts.get("model_name") or "")
    refused = ""
    if named and not is_safe_name(named):
        refused, named = named, ""
    if named and isinstance(model_cfg, dict) and named in open_clip_architectures():
        named = ""  # a shipped config never redefines one of open_clip's own architectures
    arch = architecture or named
    if not arch and isinstance(model_cfg, dict):
        arch = "user-" + hashlib.sha1(json.dumps(model_cfg, sort_keys=True).encode()).hexdigest()[:12]
    arch = arch or guess_architecture(path)
    note = "" if arch else "Which open_clip architecture is this? Pick one, or name the file after it."
    if refused and not arch:
        note = _unsafe_name_error(refused).message
    label = path.stem if path.stem not in ("open_clip_model", "open_clip_pytorch_model") else path.parent.name
    return ModelSpec(
        kind="file",
        label=label,
        architecture=arch,
        path=str(path),
        pretrained=str(facts.get("pretrained", "")),
        config=json.dumps(model_cfg) if isinstance(model_cfg, dict) and not architecture else "",
        preprocess=json.dumps(facts["preprocess_cfg"]) if isinstance(facts.get("preprocess_cfg"), dict) else "",
        note=note,
    )


def find_user_models(folder: Path) -> list[ModelSpec]:
    """Weights files in ``folder`` and its direct subfolders (a hub download lands in one)."""
    if not folder.is_dir():
        return []
    found: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.is_file() and entry.suffix.lower() in WEIGHT_EXTENSIONS:
                found.append(entry)
            elif entry.is_dir():
                with contextlib.suppress(OSError):
                    found.extend(
                        sorted(p for p in entry.iterdir() if p.is_file() and p.suffix.lower() in WEIGHT_EXTENSIONS)
                    )
    return [spec_for_file(p) for p in found]


_registered: dict[str, str] = {}
_register_lock = threading.Lock()


def register_config(name: str, model_cfg: dict[str, Any]) -> None:
    """Make ``name`` an open_clip architecture (open_clip.add_model_config reads a JSON file, named after the
    architecture, that this writes into the cache). ``name`` must be a plain name: it may come from a model
    file, and a name like ``../../x`` would write outside the cache."""
    import open_clip

    from desktop.core.paths import cache_dir

    if not is_safe_name(name):
        raise _unsafe_name_error(name)
    text = json.dumps(model_cfg, sort_keys=True)
    with _register_lock:
        if _registered.get(name) == text and name in open_clip.list_models():
            return
        folder = cache_dir() / "open_clip_configs"
        target = folder / f"{name}.json"
        if target.parent != folder or target.name != f"{name}.json":  # belt and braces: is_safe_name holds it
            raise _unsafe_name_error(name)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{name}.json.tmp"
            try:
                tmp.write_text(text, encoding="utf-8")
                os.replace(tmp, target)
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)
        except OSError as exc:
            raise _disk_error(exc, folder, "the model's configuration") from exc
        open_clip.add_model_config(target)
        _registered[name] = text


def _disk_error(exc: OSError, folder: Path, what: str = "the download") -> VisionError:
    """A failed write, in words: a full disk, a folder without write permission, or the system's reason."""
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return VisionError(f"The disk is full: there is no room for {what} in {folder}. Free some space.", str(exc))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return VisionError(f"Cannot write {what} to {folder}: this folder is read-only for you.", str(exc))
    return VisionError(f"Cannot write {what} to {folder}: {exc.strerror or exc}.", str(exc))


# ---------------------------------------------------------------------------------------------------
# Devices
# ---------------------------------------------------------------------------------------------------
def device_report() -> dict[str, tuple[bool, str]]:
    """For each device choice: can it run here, and why not."""
    import torch

    report: dict[str, tuple[bool, str]] = {"auto": (True, ""), "cpu": (True, "")}
    if torch.cuda.is_available():
        report["cuda"] = (True, torch.cuda.get_device_name(0))
    elif torch.version.cuda is None:
        report["cuda"] = (False, "this torch build has no CUDA support")
    else:
        report["cuda"] = (False, "no NVIDIA GPU (or driver) found")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        report["mps"] = (True, "Apple GPU")
    else:
        report["mps"] = (False, "Apple MPS needs a Mac with Apple silicon")
    return report


def resolve_device(choice: str) -> str:
    """ "auto" picks CUDA, then Apple MPS, then the CPU; a named device must be available here."""
    choice = (choice or "auto").lower()
    if choice not in DEVICES:
        raise VisionError(f"Unknown device “{choice}”: pick Auto, CPU, CUDA or MPS.")
    report = device_report()
    if choice == "auto":
        return next((d for d in ("cuda", "mps") if report[d][0]), "cpu")
    available, why = report[choice]
    if not available:
        raise VisionError(f"{choice.upper()} is not available: {why}. Pick Auto or CPU.")
    return choice


def device_name(device: str) -> str:
    import torch

    if device == "cuda":
        return f"CUDA ({torch.cuda.get_device_name(0)})"
    if device == "mps":
        return "Apple GPU (MPS)"
    return f"CPU ({torch.get_num_threads()} threads)"


# ---------------------------------------------------------------------------------------------------
# Pictures: safe decoding
# ---------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class MemoryImage:
    """A picture held in memory (pasted, dropped as data, or drawn): its encoded bytes."""

    name: str
    data: bytes

    @property
    def key(self) -> str:
        return f"memory:{self.name}:{hashlib.sha1(self.data).hexdigest()[:16]}"


Source = Path | MemoryImage


def source_key(source: Source) -> str:
    return source.key if isinstance(source, MemoryImage) else str(source)


def source_name(source: Source) -> str:
    return source.name


@dataclass
class LoadedImage:
    image: Image.Image  # RGB
    width: int  # as stored, before any EXIF turn
    height: int
    notes: list[str] = field(default_factory=list)


_pil_ready = False


def _configure_pil() -> None:
    """PIL refuses pictures over MAX_IMAGE_PIXELS; its DecompressionBombWarning (which it gives up to twice
    that) becomes an error we catch, so a bomb is never decoded."""
    global _pil_ready
    from PIL import Image

    if Image.MAX_IMAGE_PIXELS is None or Image.MAX_IMAGE_PIXELS > MAX_IMAGE_PIXELS:
        Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
    if not _pil_ready:
        warnings.filterwarnings("error", category=Image.DecompressionBombWarning)
        _pil_ready = True


def _to_rgb(im: Image.Image, notes: list[str]) -> Image.Image:
    import numpy as np
    from PIL import Image

    mode = im.mode
    if mode == "RGB":
        return im
    if mode.startswith("I;16") or mode in ("I", "F"):
        arr = np.asarray(im).astype(np.float64)
        if mode.startswith("I;16"):
            arr = arr / 257.0
            notes.append("16-bit, shown as 8-bit")
        else:
            lo, hi = float(np.nanmin(arr)) if arr.size else 0.0, float(np.nanmax(arr)) if arr.size else 0.0
            if mode == "I" and lo >= 0 and 255 < hi <= 65535:
                arr = arr / 257.0
                notes.append("16-bit, shown as 8-bit")
            elif hi > lo and (lo < 0 or hi > 255 or mode == "F"):
                arr = (arr - lo) * (255.0 / (hi - lo))
                notes.append(f"{'floating-point' if mode == 'F' else '32-bit'} values scaled to 8-bit")
        grey = np.clip(np.nan_to_num(arr), 0, 255).astype(np.uint8)
        return Image.fromarray(grey).convert("RGB")
    if mode == "CMYK":
        notes.append("CMYK converted to RGB")
        return im.convert("RGB")
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
    if mode == "P":
        notes.append("palette converted to RGB")
    if has_alpha:
        rgba = im.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        notes.append("transparent parts shown on white")
        return background.convert("RGB")
    try:
        return im.convert("RGB")
    except (ValueError, OSError) as exc:
        raise ImageLoadError(f"This picture's colour mode ({mode}) cannot be shown as RGB.", str(exc)) from exc


def load_image(source: Source, max_pixels: int = MAX_IMAGE_PIXELS, draft_size: int = 0) -> LoadedImage:
    """Decode one picture to RGB, safely: first frame of an animation, upright per EXIF, 16-bit/CMYK/palette/
    alpha converted. Raises ImageLoadError with a message for a person (never anything else).

    ``draft_size``: a JPEG at least four times that size on its short side is decoded at a reduced scale
    (libjpeg's DCT scaling), still at least twice that size: much faster for big photos."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    _configure_pil()
    name = source_name(source)
    try:
        if isinstance(source, MemoryImage):
            if not source.data:
                raise ImageLoadError("The picture is empty (0 bytes).")
            fp: Any = io.BytesIO(source.data)
        else:
            if source.is_dir():
                raise ImageLoadError("This is a folder, not a picture.")
            if source.stat().st_size == 0:
                raise ImageLoadError("The file is empty (0 bytes).")
            fp = open(source, "rb")  # noqa: SIM115  # closed below; the decoded picture outlives it
        with fp:
            im = Image.open(fp)
            width, height = im.size
            if width * height > max_pixels:
                raise _bomb(width, height, max_pixels)
            notes: list[str] = []
            frames = int(getattr(im, "n_frames", 1) or 1)
            if frames > 1:
                im.seek(0)
                notes.append(f"first of {frames} frames")
            if draft_size and im.format == "JPEG" and min(width, height) >= 4 * draft_size:
                im.draft(im.mode, (2 * draft_size, 2 * draft_size))
            im.load()
            try:
                orientation = int(im.getexif().get(0x0112, 1) or 1)
            except Exception:  # a damaged EXIF block: show the picture as stored
                orientation = 1
            upright = ImageOps.exif_transpose(im) if orientation in range(2, 9) else im
            if orientation in range(2, 9):
                notes.append(f"turned upright (EXIF orientation {orientation})")
        return LoadedImage(_to_rgb(upright, notes), width, height, notes)
    except ImageLoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageLoadError(
            f"Refused: this picture declares more than {min(max_pixels, MAX_IMAGE_PIXELS) / 1e6:,.0f} million "
            "pixels (a possible decompression bomb).",
            str(exc),
        ) from exc
    except FileNotFoundError as exc:
        raise ImageLoadError("File not found: it was moved or deleted.") from exc
    except PermissionError as exc:
        raise ImageLoadError("Cannot read the file: permission denied.") from exc
    except UnidentifiedImageError as exc:
        suffix = Path(name).suffix.lower()
        what = f"“{suffix}” files are" if suffix and suffix not in IMAGE_EXTENSIONS else "this file is"
        raise ImageLoadError(f"Not a picture this app can read: {what} not an image format it knows.") from exc
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, MemoryError, IndexError) as exc:
        text = str(exc)
        if "truncated" in text or isinstance(exc, EOFError):
            raise ImageLoadError("The picture is truncated: the file ends before the image does.", text) from exc
        raise ImageLoadError(f"The picture is damaged and cannot be decoded ({type(exc).__name__}).", text) from exc


def _bomb(width: int, height: int, limit: int) -> ImageLoadError:
    return ImageLoadError(
        f"Refused: {width:,} × {height:,} pixels is more than the {limit:,} this app decodes at most "
        "(a guard against decompression bombs)."
    )


# ---------------------------------------------------------------------------------------------------
# Labels and prompt templates
# ---------------------------------------------------------------------------------------------------
LABEL_LIMIT = 10_000


def clean_labels(labels: Iterable[str]) -> list[str]:
    """Labels as typed, one per line: trimmed, blank lines and repeats dropped. Raises if none are left."""
    cleaned = list(dict.fromkeys(label.strip() for label in labels if label and label.strip()))
    if not cleaned:
        raise VisionError("Type at least one label, one per line (for example “red circle”).")
    if len(cleaned) > LABEL_LIMIT:
        raise VisionError(f"{len(cleaned):,} labels is more than the {LABEL_LIMIT:,} this panel compares at once.")
    return cleaned


def template_list(template: str) -> list[Any]:
    """The prompt templates a choice stands for: one "…{}…" string, or one of open_clip's ensembles."""
    if template == ENSEMBLE:
        from open_clip.zero_shot_metadata import OPENAI_IMAGENET_TEMPLATES

        return list(OPENAI_IMAGENET_TEMPLATES)
    if template == ENSEMBLE_SIMPLE:
        from open_clip.zero_shot_metadata import SIMPLE_IMAGENET_TEMPLATES

        return list(SIMPLE_IMAGENET_TEMPLATES)
    check_template(template)
    return [template]


def check_template(template: str) -> None:
    if template in (ENSEMBLE, ENSEMBLE_SIMPLE):
        return
    if "{}" not in (template or ""):
        raise VisionError("The prompt template needs {} where the label goes, for example “a photo of a {}.”")


def fill_template(template: Any, label: str) -> str:
    return str(template(label)) if callable(template) else str(template).replace("{}", label)


# ---------------------------------------------------------------------------------------------------
# Classification
# ---------------------------------------------------------------------------------------------------
@dataclass
class ModelInfo:
    spec: ModelSpec
    device: str
    device_name: str
    parameters: int
    image_size: int
    context_length: int
    load_seconds: float

    @property
    def description(self) -> str:
        return (
            f"{self.spec.label}: {human_count(self.parameters)} parameters, {self.image_size} px pictures, "
            f"on {self.device_name}; loaded in {self.load_seconds:.1f} s."
        )


@dataclass
class VisionResult:
    """One picture's outcome: probabilities over the labels, or why it could not be read."""

    index: int
    key: str
    name: str
    labels: Sequence[str] = ()
    probs: np.ndarray | None = None  # one per label, in label order
    ranked: list[tuple[str, float]] = field(default_factory=list)  # the best few, best first
    error: str = ""
    details: str = ""
    notes: list[str] = field(default_factory=list)
    width: int = 0
    height: int = 0
    thumbnail: Any = None  # a small RGB PIL image (the service turns it into a QImage)

    @property
    def ok(self) -> bool:
        return not self.error

    @property
    def top(self) -> tuple[str, float] | None:
        return self.ranked[0] if self.ranked else None


@dataclass
class RunSummary:
    total: int
    done: int = 0
    failed: int = 0
    cancelled: bool = False
    seconds: float = 0.0
    labels: list[str] = field(default_factory=list)
    template: str = DEFAULT_TEMPLATE
    text_encoded: int = 0  # label embeddings computed in this run (the rest came from the cache)
    image_cached: int = 0  # pictures whose features came from the cache
    unknown_words: list[str] = field(default_factory=list)  # words in the labels the model never learned
    same_text: list[list[str]] = field(default_factory=list)  # labels the model cannot tell apart

    @property
    def images_per_second(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0

    @property
    def label_note(self) -> str:
        """A plain warning when some labels' scores mean nothing: words the model never learned, or labels
        that are the same text to it (they always get the same score). "" when there is nothing to say."""
        parts = []
        if self.unknown_words:
            words = _quoted(self.unknown_words)
            plural = "s" if len(self.unknown_words) != 1 else ""
            parts.append(
                f"This model never learned the word{plural} {words}: labels made only of words it never saw all "
                "get the same score, whatever the picture."
            )
        unknown = set(self.unknown_words)
        groups = [  # groups the sentence above already explains (labels made only of unknown words) go unsaid
            group
            for group in self.same_text
            if not all(set(re.findall(r"\w+", label.lower())) <= unknown for label in group)
        ]
        if groups:
            shown = "; ".join(" = ".join(group[:4]) + ("…" if len(group) > 4 else "") for group in groups[:3])
            more = f" (and {len(groups) - 3} more groups)" if len(groups) > 3 else ""
            parts.append(f"Always the same score, as they are the same text to this model: {shown}{more}.")
        return " ".join(parts)


def _quoted(words: Sequence[str], limit: int = 8) -> str:
    shown = ", ".join(f"“{w}”" for w in words[:limit])
    return shown + (f" and {len(words) - limit} more" if len(words) > limit else "")


def same_text_groups(labels: Sequence[str], text_features: Any) -> list[list[str]]:
    """Labels whose text embeddings are identical (to 1e-4): the model cannot tell them apart."""
    import torch

    keys = torch.round(text_features.detach().float().cpu() * 1e4).to(torch.int32).numpy()
    groups: dict[bytes, list[str]] = {}
    for label, row in zip(labels, keys, strict=True):
        groups.setdefault(row.tobytes(), []).append(label)
    return [group for group in groups.values() if len(group) > 1]


@dataclass
class _Decoded:
    pixels: Any = None  # the PIL stage of preprocessing done; or a tensor if the transform cannot be split
    thumbnail: Any = None
    error: str = ""
    details: str = ""
    notes: list[str] = field(default_factory=list)
    width: int = 0
    height: int = 0


WORKER_NICENESS = 10  # decode threads and the model thread yield the CPU to the GUI thread (Linux); 0: off


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


class _Cancelled(Exception):
    pass


def _is_set(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()


class ZeroShotClassifier:
    """One open_clip model, its tokenizer and preprocessing, with cached label and picture embeddings.

    Not thread-safe: create, use and close it on one thread (it starts its own decode threads per run)."""

    def __init__(self, spec: ModelSpec | None = None, device: str = "auto", decode_workers: int = 0) -> None:
        self.spec = spec if spec is not None else bundled_spec()
        self.device_choice = device
        self.decode_workers = decode_workers or max(1, min(4, os.cpu_count() or 1))
        self.device = "cpu"
        self.model: Any = None
        self.tokenizer: Any = None
        self.preprocess: Any = None
        self._pil_stage: Any = None
        self._tensor_stage: Any = None
        self.info: ModelInfo | None = None
        self.image_size = 224
        self._unseen_tokens: frozenset[int] = frozenset()  # token ids whose embedding is zero: never trained
        self._word_unseen: dict[str, bool] = {}
        self._text_cache: OrderedDict[tuple[str, str], torch.Tensor] = OrderedDict()
        self._image_cache: OrderedDict[str, tuple[torch.Tensor, int, int, list[str]]] = OrderedDict()
        self.text_encoded = 0  # label embeddings computed so far (cache misses)

    # -- loading ------------------------------------------------------------------------------------
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
                f"Which open_clip architecture is “{path.name}”? Pick one in the panel, or name the file after "
                "it (for example ViT-B-32__laion2b_s34b_b79k.safetensors)."
            )
        if not is_safe_name(spec.architecture):
            raise _unsafe_name_error(spec.architecture)
        if not path.is_file():
            raise VisionError(f"The weights file is missing: {path}")
        if path.stat().st_size == 0:
            raise VisionError(f"The weights file is empty (0 bytes): {path}")
        device = resolve_device(self.device_choice)
        if spec.config:
            register_config(spec.architecture, json.loads(spec.config))
        elif spec.architecture not in open_clip.list_models():
            raise VisionError(f"“{spec.architecture}” is not an open_clip architecture this version knows.")
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
                f"The tokenizer of {spec.architecture} cannot be loaded (it may need a download).", str(exc)
            ) from exc
        self.model, self.tokenizer, self.preprocess, self.device = model, tokenizer, preprocess, device
        self._split_preprocess()
        embedding = getattr(getattr(model, "token_embedding", None), "weight", None)
        if embedding is not None:
            with torch.no_grad():
                zero = (embedding.detach().abs().sum(dim=1) == 0).nonzero().flatten().tolist()
            self._unseen_tokens = frozenset(int(i) for i in zero)
        self._word_unseen.clear()
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
        """Free the model (call on the thread that loaded it)."""
        device = self.device
        self.model = self.tokenizer = self.preprocess = self._pil_stage = self._tensor_stage = None
        self._text_cache.clear()
        self._image_cache.clear()
        if device == "cuda":
            import torch

            torch.cuda.empty_cache()

    def _require(self) -> None:
        if self.model is None:
            self.load()

    def unknown_words(self, labels: Sequence[str], limit: int = 2000) -> list[str]:
        """Words in ``labels`` (the first ``limit`` labels) that this model never learned: every token of the
        word has a zero embedding (the bundled model zeroes the tokens its training never used). Such words
        are invisible to it. Empty for models without such tokens, or whose tokenizer cannot say."""
        encode = getattr(self.tokenizer, "encode", None)
        if not self._unseen_tokens or encode is None:
            return []
        out = []
        for word in dict.fromkeys(w for label in labels[:limit] for w in re.findall(r"\w+", label.lower())):
            unseen = self._word_unseen.get(word)
            if unseen is None:
                try:
                    ids = [int(i) for i in encode(word)]
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
    ) -> torch.Tensor:
        """Unit-length label embeddings [labels, dim], as open_clip's build_zero_shot_classifier makes them
        (one template, or the mean of an ensemble's, normalized again). Cached per (label, template)."""
        import torch

        self._require()
        templates = template_list(template)
        missing = [label for label in dict.fromkeys(labels) if (label, template) not in self._text_cache]
        per_batch = max(1, TEXT_BATCH // len(templates))
        with torch.inference_mode():
            for start in range(0, len(missing), per_batch):
                if _is_set(cancel):
                    raise _Cancelled
                chunk = missing[start : start + per_batch]
                texts = [fill_template(t, label) for label in chunk for t in templates]
                tokens = self.tokenizer(texts).to(self.device)
                emb = self.model.encode_text(tokens, normalize=True)
                emb = emb.reshape(len(chunk), len(templates), -1).mean(dim=1)
                emb = emb / emb.norm(dim=1, keepdim=True)
                for label, row in zip(chunk, emb, strict=True):
                    self._text_cache[(label, template)] = row
                self.text_encoded += len(chunk)
            rows = []
            for label in labels:
                self._text_cache.move_to_end((label, template))
                rows.append(self._text_cache[(label, template)])
            while len(self._text_cache) > TEXT_CACHE_LIMIT:
                self._text_cache.popitem(last=False)
            return torch.stack(rows)

    def image_features(self, images: Sequence[Image.Image]) -> torch.Tensor:
        """Unit-length embeddings of RGB pictures, preprocessed exactly as open_clip's transform does."""
        import torch

        self._require()
        with torch.inference_mode():
            pixels = torch.stack([self.preprocess(img) for img in images]).to(self.device)
            return self.model.encode_image(pixels, normalize=True)

    def probabilities(self, image_features: torch.Tensor, text_features: torch.Tensor) -> torch.Tensor:
        """open_clip's zero-shot recipe: softmax over labels of logit_scale.exp() * cosine similarity."""
        import torch

        with torch.inference_mode():
            logits = self.model.logit_scale.exp() * image_features @ text_features.T
            bias = getattr(self.model, "logit_bias", None)
            if bias is not None:
                logits = logits + bias
            return logits.softmax(dim=-1)

    def classify_images(
        self, images: Sequence[Image.Image], labels: Sequence[str], template: str = DEFAULT_TEMPLATE
    ) -> np.ndarray:
        """Probabilities [pictures, labels] for RGB PIL pictures (no decoding, no threads)."""
        labels = clean_labels(labels)
        text = self.text_features(labels, template)
        probs = self.probabilities(self.image_features(images), text)
        return probs.float().cpu().numpy()

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
            out.pixels = self._pil_stage(loaded.image)
            return out
        except ImageLoadError as exc:
            return _Decoded(error=exc.message, details=exc.details)
        except Exception as exc:  # a decoder bug must not end the batch
            return _Decoded(error=f"This picture could not be read ({type(exc).__name__}).", details=str(exc))

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
    ) -> RunSummary:
        """Classify pictures in batches. Decoding runs on a few threads, ahead of the model; ``cancel`` is
        checked between batches; ``on_batch(results, done, total)`` gets each batch's results in order.
        Pictures that cannot be read come back as results with an ``error``; nothing raises for them."""
        import numpy as np
        import torch

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

        def refill() -> None:
            while len(pending) < window:
                try:
                    i, source = next(queue)
                except StopIteration:
                    return
                key = self._cache_key(source) if use_cache else ""
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
                refill()
                decoded = [future.result() if future is not None else None for _, _, _, future, _ in batch]
                features: list[Any] = [item[4][0] if item[4] is not None else None for item in batch]
                fresh = [
                    (j, dec)
                    for j, (item, dec) in enumerate(zip(batch, decoded, strict=True))
                    if item[4] is None and dec is not None and not dec.error
                ]
                if fresh:
                    stage = self._tensor_stage
                    with torch.inference_mode():
                        pixels = torch.stack([stage(d.pixels) if stage is not None else d.pixels for _, d in fresh])
                        encoded = self.model.encode_image(pixels.to(self.device), normalize=True)
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
                    probs = self.probabilities(torch.stack([features[j] for j in ok]), text).float().cpu().numpy()
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
                        result.error = got.error if got is not None else "This picture could not be read."
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


def _precheck_weights(path: Path) -> None:
    """Read the file's tensors cheaply before building a model that may be large: a damaged file or an unsafe
    pickle fails here, in a second, not after allocating hundreds of megabytes."""
    if path.suffix.lower() == ".safetensors":
        from safetensors import safe_open

        with safe_open(str(path), framework="pt") as f:
            if not list(f.keys()):
                raise VisionError(f"“{path.name}” holds no tensors.")
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
            f"“{path.name}” is a pickle with Python objects besides tensors, and loading those could run code. "
            "For safety only plain tensors are loaded (torch.load with weights_only=True): save just the "
            "state_dict, or convert the file to .safetensors.",
            text,
        )
    damaged = ("safetensor" in type(exc).__name__.lower(), "Unpickling" in text, "header" in text.lower())
    if any(damaged) or isinstance(exc, EOFError):
        return VisionError(f"“{path.name}” is damaged or not a weights file.", text)
    mismatch = ("size mismatch", "Missing key", "Unexpected key", "state_dict", "changed")
    if isinstance(exc, AssertionError | KeyError) or any(word in text for word in mismatch):
        return VisionError(
            f"The weights in “{path.name}” do not fit the {architecture} architecture: pick the architecture "
            "they were trained with.",
            text,
        )
    if isinstance(exc, ValueError | OSError):
        return VisionError(f"“{path.name}” is damaged or not a weights file.", text)
    return VisionError(f"“{path.name}” cannot be loaded as {architecture}.", text)


# ---------------------------------------------------------------------------------------------------
# Folders and CSV
# ---------------------------------------------------------------------------------------------------
@dataclass
class Expansion:
    files: list[Path] = field(default_factory=list)
    skipped: int = 0  # files in folders that are not pictures
    missing: list[str] = field(default_factory=list)
    capped: bool = False
    cap: int = FOLDER_CAP

    @property
    def message(self) -> str:
        parts = []
        if self.capped:
            parts.append(f"Only the first {self.cap:,} pictures are taken; the rest of the folder is left out.")
        if self.skipped:
            parts.append(f"{self.skipped:,} file{'s' if self.skipped != 1 else ''} that are not pictures skipped.")
        if self.missing:
            parts.append(f"Not found: {', '.join(self.missing[:3])}{'…' if len(self.missing) > 3 else ''}.")
        return " ".join(parts)


def expand_paths(paths: Iterable[Path | str], cap: int = FOLDER_CAP) -> Expansion:
    """Files as given (whatever they are: each gets a result or a message) and the pictures in folders,
    recursively, in name order, hidden files skipped, at most ``cap`` in all."""
    out = Expansion(cap=cap)
    seen: set[str] = set()

    def add(path: Path) -> bool:
        key = os.path.normcase(os.path.abspath(path))
        if key in seen:
            return True
        if len(out.files) >= cap:
            out.capped = True
            return False
        seen.add(key)
        out.files.append(path)
        return True

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    if Path(name).suffix.lower() not in IMAGE_EXTENSIONS:
                        out.skipped += 1
                        continue
                    if not add(Path(root) / name):
                        return out
        elif path.exists():
            if not add(path):
                return out
        else:
            out.missing.append(path.name or str(path))
    return out


def _csv_cell(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_csv(path: Path, results: Iterable[VisionResult], labels: Sequence[str]) -> int:
    """One row per picture: file, error, notes, the top label and its probability, then every label's
    probability. Returns the number of rows."""
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "error", "notes", "top label", "top probability", *(_csv_cell(lb) for lb in labels)])
        for result in sorted(results, key=lambda r: r.index):
            cells = [_csv_cell(result.name), _csv_cell(result.error), "; ".join(result.notes)]
            if result.ok and result.probs is not None and result.ranked:
                where = {label: i for i, label in enumerate(result.labels)}
                top_label, top_p = result.ranked[0]
                cells += [_csv_cell(top_label), f"{top_p:.6f}"]
                cells += [f"{float(result.probs[where[lb]]):.6f}" if lb in where else "" for lb in labels]
            else:
                cells += ["", ""] + [""] * len(labels)
            writer.writerow(cells)
            rows += 1
    return rows


def human_count(n: int) -> str:
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)


# ---------------------------------------------------------------------------------------------------
# The Hugging Face hub (only when online)
# ---------------------------------------------------------------------------------------------------
HUB_WEIGHT_FILES = ("open_clip_model.safetensors", "open_clip_pytorch_model.bin")
HUB_PREFIX = "hf-hub:"
DOWNLOAD_CHUNK = 64 * 1024  # bytes per read: cancel is checked, and progress counted, between reads
CONNECT_TIMEOUT = 10.0  # seconds to connect to the hub (or its file host) and finish the TLS handshake
STALL_TIMEOUT = 30.0  # seconds without a byte before a download stops with a message (it never retries)
PROGRESS_EVERY = (1 << 20, 0.1)  # report progress after this many bytes, or this many seconds
_REPO_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}")


def hub_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or "https://huggingface.co").rstrip("/")


def pretrained_choices() -> list[tuple[str, str]]:
    """open_clip's (architecture, pretrained tag) pairs whose weights are on the hub."""
    import open_clip

    out = []
    for arch, tag in open_clip.list_pretrained():
        cfg = open_clip.get_pretrained_cfg(arch, tag) or {}
        if cfg.get("hf_hub"):
            out.append((arch, tag))
    return out


@dataclass(frozen=True)
class HubTarget:
    repo_id: str
    filenames: tuple[str, ...]
    architecture: str = ""
    pretrained: str = ""
    folder_name: str = ""


def check_repo_id(repo: str) -> str:
    """``organisation/repository`` as the hub spells it (it becomes a folder name here), or a VisionError."""
    parts = repo.split("/")
    if len(parts) != 2 or not all(_REPO_PART.fullmatch(p) and ".." not in p and "--" not in p for p in parts):
        raise VisionError(
            "A hub model is written hf-hub:organisation/repository, with letters, digits, “.”, “_” and “-”."
        )
    return repo


def _local_name(filename: str) -> str:
    """The file name a hub file gets in its folder here (its last path part, which must be a plain name)."""
    name = filename.rsplit("/", 1)[-1]
    if not is_safe_name(name) or any(part in ("", ".", "..") for part in filename.split("/")):
        raise _unsafe_name_error(filename)
    return name


def hub_target(choice: str) -> HubTarget:
    """What to fetch for "ARCH/TAG" (an open_clip pretrained tag) or "hf-hub:org/repo"."""
    choice = choice.strip()
    if choice.startswith(HUB_PREFIX):
        repo = check_repo_id(choice[len(HUB_PREFIX) :].strip().strip("/"))
        return HubTarget(repo, HUB_WEIGHT_FILES, folder_name=repo.replace("/", "__"))
    arch, _, tag = choice.replace(" ", "").partition("/")
    if not arch or not tag:
        raise VisionError("Pick an architecture and a pretrained tag (ARCH/TAG), or type hf-hub:organisation/repo.")
    import open_clip

    cfg = open_clip.get_pretrained_cfg(arch, tag)
    if not cfg:
        raise VisionError(f"open_clip has no pretrained tag “{tag}” for {arch}.")
    hub = str(cfg.get("hf_hub") or "")
    if not hub:
        url = cfg.get("url") or "another site"
        raise VisionError(
            f"{arch}/{tag} is not on the Hugging Face hub (it comes from {url}): download it yourself and put the "
            "file in the models folder, named after the architecture."
        )
    parts = hub.strip("/").split("/")
    repo, filename = check_repo_id("/".join(parts[:2])), "/".join(parts[2:])
    files: tuple[str, ...] = HUB_WEIGHT_FILES
    if filename and filename != HUB_WEIGHT_FILES[1]:
        safe = filename[: -len(".bin")] + ".safetensors" if filename.endswith(".bin") else ""
        files = (safe, filename) if safe else (filename,)
    folder = f"{arch}__{tag}"
    if not is_safe_name(folder):
        folder = repo.replace("/", "__")
    return HubTarget(repo, files, arch, tag, folder)


def _offline(endpoint: str, exc: BaseException | None = None) -> OfflineError:
    return OfflineError(
        f"Cannot reach the Hugging Face hub ({endpoint}): this machine seems to be offline. The bundled model "
        "works offline; to use another, copy its weights file into the models folder.",
        f"{type(exc).__name__}: {exc}" if exc else "",
    )


def _probe(endpoint: str, timeout: float = 4.0) -> None:
    """Fail fast when the hub's host cannot be reached at all. Skipped behind a proxy, which may reach what
    this machine cannot."""
    import socket
    from urllib.parse import urlsplit

    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")):
        return
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise _offline(endpoint, exc) from exc


class _HubConnection:
    """One file's HTTP GET (urllib: redirects, proxies, TLS) that a cancel stops at once, even mid-read.

    Every socket it opens gets a read timeout of ``stall`` seconds, and a watcher thread shuts the sockets
    down the moment ``cancel`` is set: a read blocked on a stalled connection then returns at once (closing a
    socket from another thread does not wake a blocked read; shutting it down does)."""

    def __init__(self, endpoint: str, cancel: threading.Event | None, stall: float) -> None:
        self.endpoint = endpoint
        self.cancel = cancel
        self.stall = stall
        self._sockets: list[Any] = []
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._watcher: threading.Thread | None = None

    def __enter__(self) -> _HubConnection:
        if self.cancel is not None:
            self._watcher = threading.Thread(target=self._watch, name="hub-download-cancel", daemon=True)
            self._watcher.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        if self._watcher is not None:
            self._watcher.join()

    def _watch(self) -> None:
        assert self.cancel is not None
        while not self._done.is_set():
            if self.cancel.wait(0.05):
                self._shut_down()
                return

    def attach(self, sock: Any) -> None:
        sock.settimeout(self.stall)
        with self._lock:
            self._sockets.append(sock)
        if _is_set(self.cancel):
            self._shut_down()

    def _shut_down(self) -> None:
        import socket

        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, under any TLS layer

    def check_cancel(self) -> None:
        if _is_set(self.cancel):
            raise DownloadCancelled("Download cancelled.")

    def open(self, url: str, what: str) -> Any:
        """The response for ``url``, or None when the repository has no such file (HTTP 404)."""
        import ssl
        import urllib.error
        import urllib.request

        self.check_cancel()
        opener = urllib.request.build_opener(*_watched_handlers(self))
        request = urllib.request.Request(url, headers={"User-Agent": "fm-explorer"})
        token = os.environ.get("HF_TOKEN")
        if token:
            request.add_unredirected_header("Authorization", f"Bearer {token}")  # never sent on to a file host
        try:
            return opener.open(request, timeout=CONNECT_TIMEOUT)
        except urllib.error.HTTPError as exc:
            with contextlib.closing(exc):
                code = exc.code
                kind = str(exc.headers.get("X-Error-Code", "")) if exc.headers else ""
            if code == 404 and kind != "RepoNotFound":
                return None
            details = f"HTTP {code} {exc.reason} {kind}".strip()
            if code == 401 or kind == "RepoNotFound":
                raise VisionError(f"The hub has no repository “{what}” (or it is private).", details) from exc
            if code == 403 or kind == "GatedRepo":
                raise VisionError(
                    f"“{what}” is gated on the hub: accept its terms there, and set HF_TOKEN to a token of yours.",
                    details,
                ) from exc
            if code == 429:
                raise VisionError("The hub is limiting requests now: try again in a few minutes.", details) from exc
            if code >= 500:
                raise VisionError(f"The hub answered with an error ({code}): try again later.", details) from exc
            raise VisionError(f"The hub refused the download ({code} {exc.reason}).", details) from exc
        except ssl.SSLCertVerificationError as exc:
            self.check_cancel()
            raise VisionError(
                f"The secure connection to {self.endpoint} failed: its certificate could not be verified.", str(exc)
            ) from exc
        except Exception as exc:  # refused, unreachable, no DNS, reset, timed out: the network
            self.check_cancel()
            raise _offline(self.endpoint, exc) from exc

    def read(self, response: Any) -> bytes:
        """The next bytes of the body (b"" at its end), or DownloadCancelled, or a VisionError."""
        self.check_cancel()
        try:
            return bytes(response.read1(DOWNLOAD_CHUNK))
        except Exception as exc:
            self.check_cancel()
            if isinstance(exc, TimeoutError):
                raise VisionError(
                    f"The download stalled: no data came for {self.stall:.0f} s. Try again later.", str(exc)
                ) from exc
            raise VisionError(
                "The connection to the hub broke off during the download. Try again.", f"{type(exc).__name__}: {exc}"
            ) from exc


def _watched_connection(base: type, hub: _HubConnection) -> Callable[..., Any]:
    """An http.client connection class whose sockets ``hub`` watches."""

    class Watched(base):
        def connect(self) -> None:
            super().connect()
            hub.attach(self.sock)

    return Watched


def _watched_handlers(hub: _HubConnection) -> list[Any]:
    """urllib handlers for http and https whose connections ``hub`` watches (classes made here, on first use,
    so that importing this module never imports ssl)."""
    import http.client
    import ssl
    import urllib.request

    class WatchedHTTPHandler(urllib.request.HTTPHandler):
        def __init__(self, hub: _HubConnection) -> None:
            super().__init__()
            self.hub = hub

        def http_open(self, req: Any) -> Any:
            return self.do_open(_watched_connection(http.client.HTTPConnection, self.hub), req)

    class WatchedHTTPSHandler(urllib.request.HTTPSHandler):
        def __init__(self, hub: _HubConnection) -> None:
            self._tls = ssl.create_default_context()
            super().__init__(context=self._tls)
            self.hub = hub

        def https_open(self, req: Any) -> Any:
            return self.do_open(_watched_connection(http.client.HTTPSConnection, self.hub), req, context=self._tls)

    return [WatchedHTTPHandler(hub), WatchedHTTPSHandler(hub)]


def _hub_file(
    endpoint: str,
    repo: str,
    filename: str,
    folder: Path,
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
    stall: float,
) -> Path | None:
    """One file of a hub repository into ``folder``, through a hidden ``.part`` file that never outlives a
    failure. None when the repository has no such file."""
    from urllib.parse import quote

    dest = folder / _local_name(filename)
    part = folder / f".{dest.name}.part"
    url = f"{endpoint}/{quote(repo)}/resolve/main/{quote(filename)}"
    with _HubConnection(endpoint, cancel, stall) as hub:
        response = hub.open(url, repo)
        if response is None:
            return None
        with response:
            total = int(response.headers.get("Content-Length") or 0)
            done = reported = 0
            last = time.monotonic()
            try:
                with open(part, "wb") as out:
                    while chunk := hub.read(response):
                        out.write(chunk)
                        done += len(chunk)
                        now = time.monotonic()
                        if progress is not None and (
                            done - reported >= PROGRESS_EVERY[0] or now - last >= PROGRESS_EVERY[1]
                        ):
                            progress(done, total)
                            reported, last = done, now
                hub.check_cancel()
                if total and done < total:
                    raise VisionError(
                        f"The download of {filename} ended early ({done:,} of {total:,} bytes): try again.",
                    )
                os.replace(part, dest)
            except OSError as exc:
                raise _disk_error(exc, folder) from exc
            finally:
                with contextlib.suppress(OSError):
                    part.unlink(missing_ok=True)
            if progress is not None and done != reported:
                progress(done, total)
    return dest


def _write_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a hidden temporary file, then a rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise _disk_error(exc, path.parent) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def download_from_hub(
    target: HubTarget,
    dest_root: Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    endpoint: str | None = None,
    stall_timeout: float = STALL_TIMEOUT,
) -> Path:
    """Fetch a model's weights (safetensors first) into ``dest_root/<name>/``, with its open_clip_config.json
    when the repository has one, and a ``<weights>.json`` naming the architecture and tag. Returns the weights
    path. ``progress(bytes_done, bytes_total)``. Setting ``cancel`` stops it at once (DownloadCancelled), even
    on a stalled connection; no data for ``stall_timeout`` seconds stops it with a message. Raises
    OfflineError only when the hub cannot be reached; a full disk or an unwritable folder says so. A failed
    download leaves no partial file behind."""
    endpoint = (endpoint or hub_endpoint()).rstrip("/")
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        raise OfflineError("Downloads are switched off (HF_HUB_OFFLINE is set).")
    repo = check_repo_id(target.repo_id)
    folder_name = target.folder_name or repo.replace("/", "__")
    if not is_safe_name(folder_name):
        raise _unsafe_name_error(folder_name)
    for filename in target.filenames:
        _local_name(filename)
    _probe(endpoint)
    if _is_set(cancel):
        raise DownloadCancelled("Download cancelled.")
    folder = dest_root / folder_name
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _disk_error(exc, dest_root) from exc
    written: list[Path] = []
    try:
        weights = None
        for filename in target.filenames:
            weights = _hub_file(endpoint, repo, filename, folder, progress, cancel, stall_timeout)
            if weights is not None:
                break
        if weights is None:
            raise VisionError(f"The hub repository {repo} has none of {', '.join(target.filenames)}.")
        written.append(weights)
        if target.architecture:
            facts = {"architecture": target.architecture, "pretrained": target.pretrained, "hf_hub": repo}
            _write_file(weights.with_suffix(".json"), json.dumps(facts, indent=2).encode())
            written.append(weights.with_suffix(".json"))
        else:
            config = _hub_file(endpoint, repo, "open_clip_config.json", folder, None, cancel, stall_timeout)
            if config is not None:
                written.append(config)
        return weights
    except BaseException:
        for path in written:  # half a model is no model: the weights without their description go too
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty
        raise


# ---------------------------------------------------------------------------------------------------
# The bundled model's world: coloured shapes. The training script (scripts/train_clip.py), the tests
# and the panel's "Add sample shapes" button all draw them with this one function.
# ---------------------------------------------------------------------------------------------------
SHAPES: tuple[str, ...] = ("circle", "square", "triangle", "star", "cross")
COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (220, 40, 40),
    "orange": (245, 140, 30),
    "yellow": (235, 215, 35),
    "green": (40, 165, 65),
    "blue": (45, 90, 225),
    "purple": (135, 60, 185),
}


def shape_labels() -> list[str]:
    """Every "colour shape" label the bundled model was trained on, e.g. "red circle"."""
    return [f"{colour} {shape}" for shape in SHAPES for colour in COLOURS]


def _shape_polygon(shape: str, cx: float, cy: float, r: float, angle: float) -> list[tuple[float, float]]:
    if shape == "square":
        points = [(r, r), (-r, r), (-r, -r), (r, -r)]
        points = [(x * 0.8, y * 0.8) for x, y in points]
    elif shape == "triangle":
        points = [(r * math.cos(a), r * math.sin(a)) for a in (-math.pi / 2 + k * 2 * math.pi / 3 for k in range(3))]
    elif shape == "star":
        points = []
        for k in range(10):
            radius = r if k % 2 == 0 else r * 0.42
            a = -math.pi / 2 + k * math.pi / 5
            points.append((radius * math.cos(a), radius * math.sin(a)))
    elif shape == "cross":
        w = r * 0.34
        points = [
            (w, r),
            (-w, r),
            (-w, w),
            (-r, w),
            (-r, -w),
            (-w, -w),
            (-w, -r),
            (w, -r),
            (w, -w),
            (r, -w),
            (r, w),
            (w, w),
        ]
    else:
        raise ValueError(f"unknown shape: {shape}")
    ca, sa = math.cos(angle), math.sin(angle)
    return [(cx + x * ca - y * sa, cy + x * sa + y * ca) for x, y in points]


def _turn(points: list[tuple[float, float]], quarter: int) -> list[tuple[float, float]]:
    for _ in range(quarter):
        points = [(-y, x) for x, y in points]
    return points


def render_shape(shape: str, colour: str, rng: random.Random, size: int = 64) -> Image.Image:
    """One RGB picture of a ``colour`` ``shape`` on a random grey, gradient or noisy background, at a random
    place, scale and rotation, with a little colour jitter."""
    import numpy as np
    from PIL import Image, ImageDraw

    kind = rng.random()
    level = rng.randint(0, 255)
    if kind < 0.6:
        image = Image.new("RGB", (size, size), (level, level, level))
    else:
        np_rng = np.random.default_rng(rng.getrandbits(32))
        if kind < 0.8:
            other = rng.randint(0, 255)
            ramp = np.linspace(level, other, size, dtype=np.float32)
            grid = np.tile(ramp, (size, 1)) if rng.random() < 0.5 else np.tile(ramp[:, None], (1, size))
        else:
            grid = (np.full((size, size), level) + np_rng.normal(0, 20, (size, size))).astype(np.float32)
        grey = np.clip(grid, 0, 255).astype(np.uint8)
        image = Image.fromarray(np.stack([grey] * 3, axis=-1), "RGB")
    base = COLOURS[colour]
    fill = tuple(max(0, min(255, c + rng.randint(-25, 25))) for c in base)
    r = size * rng.uniform(0.26, 0.45)
    cx = rng.uniform(r, size - r)
    cy = rng.uniform(r, size - r)
    draw = ImageDraw.Draw(image)
    if shape == "circle":
        draw.ellipse([cx - r * 0.9, cy - r * 0.9, cx + r * 0.9, cy + r * 0.9], fill=fill)
    else:
        draw.polygon(_shape_polygon(shape, cx, cy, r, rng.uniform(0, 2 * math.pi)), fill=fill)
    return image


def sample_shapes(n: int, seed: int, size: int = 64) -> list[tuple[Image.Image, str, str]]:
    """``n`` pictures (image, shape, colour), the same ones for the same seed."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        shape = rng.choice(SHAPES)
        colour = rng.choice(list(COLOURS))
        out.append((render_shape(shape, colour, rng, size), shape, colour))
    return out
