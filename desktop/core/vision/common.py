"""Vision constants and errors, shared by every module of the package."""

from __future__ import annotations

import os
import threading

from desktop.core.errors import FMError

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


def human_count(n: int) -> str:
    for unit, size in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return str(n)


def is_set(cancel: threading.Event | None) -> bool:
    return cancel is not None and cancel.is_set()


def physical_cores() -> int:
    """Cores, not hardware threads (torch's and ONNX Runtime's own default for their thread pools)."""
    try:
        import psutil

        return max(1, int(psutil.cpu_count(logical=False) or os.cpu_count() or 1))
    except ImportError:
        return max(1, os.cpu_count() or 1)
