"""Pictures: safe decoding of files and in-memory pictures (decompression bombs, odd modes, EXIF)."""

from __future__ import annotations

import functools
import hashlib
import io
import struct
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.vision.common import IMAGE_EXTENSIONS, MAX_IMAGE_PIXELS, ImageLoadError

if TYPE_CHECKING:
    from PIL import Image


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
    notes: list[str | Message] = field(default_factory=list)


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


def _to_rgb(im: Image.Image, notes: list[str | Message]) -> Image.Image:
    import numpy as np
    from PIL import Image

    mode = im.mode
    if mode == "RGB":
        return im
    if mode.startswith("I;16") or mode in ("I", "F"):
        arr = np.asarray(im).astype(np.float64)
        if mode.startswith("I;16"):
            arr = arr / 257.0
            notes.append(message(QT_TRANSLATE_NOOP("CoreVision", "16-bit, shown as 8-bit")))
        else:
            lo, hi = float(np.nanmin(arr)) if arr.size else 0.0, float(np.nanmax(arr)) if arr.size else 0.0
            if mode == "I" and lo >= 0 and 255 < hi <= 65535:
                arr = arr / 257.0
                notes.append(message(QT_TRANSLATE_NOOP("CoreVision", "16-bit, shown as 8-bit")))
            elif hi > lo and (lo < 0 or hi > 255 or mode == "F"):
                arr = (arr - lo) * (255.0 / (hi - lo))
                notes.append(message(_FLOAT_SCALED if mode == "F" else _INT32_SCALED))
        grey = np.clip(np.nan_to_num(arr), 0, 255).astype(np.uint8)
        return Image.fromarray(grey).convert("RGB")
    if mode == "CMYK":
        notes.append(message(QT_TRANSLATE_NOOP("CoreVision", "CMYK converted to RGB")))
        return im.convert("RGB")
    has_alpha = mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in im.info
    if mode == "P":
        notes.append(message(QT_TRANSLATE_NOOP("CoreVision", "palette converted to RGB")))
    if has_alpha:
        rgba = im.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        background.alpha_composite(rgba)
        notes.append(message(QT_TRANSLATE_NOOP("CoreVision", "transparent parts shown on white")))
        return background.convert("RGB")
    try:
        return im.convert("RGB")
    except (ValueError, OSError) as exc:
        raise ImageLoadError(
            message(
                QT_TRANSLATE_NOOP("CoreVision", "This picture's colour mode ({mode}) cannot be shown as RGB."),
                mode=mode,
            ),
            str(exc),
        ) from exc


def load_image(source: Source, max_pixels: int = MAX_IMAGE_PIXELS, draft_size: int = 0) -> LoadedImage:
    """Decode one picture to RGB, safely: first frame of an animation, upright per EXIF, 16-bit/CMYK/palette/
    alpha converted. Raises ImageLoadError with a message for a person (never anything else).

    ``draft_size`` (0: full size): the picture comes back at least twice that size on its short side, and
    smaller than four times where it was bigger: a JPEG is decoded at a reduced scale (libjpeg's DCT scaling,
    ``Image.draft``), any other picture is reduced by a whole factor (``Image.reduce``, a box filter) before
    anything else touches it. The model's own resize then starts near its size: for a 12-megapixel photo,
    a tenth of the work or less. ``width`` and ``height`` stay the picture's own."""
    from PIL import Image, UnidentifiedImageError

    _configure_pil()
    name = source_name(source)
    try:
        if isinstance(source, MemoryImage):
            if not source.data:
                raise ImageLoadError(message(QT_TRANSLATE_NOOP("CoreVision", "The picture is empty (0 bytes).")))
            fp: Any = io.BytesIO(source.data)
        else:
            if source.is_dir():
                raise ImageLoadError(message(QT_TRANSLATE_NOOP("CoreVision", "This is a folder, not a picture.")))
            if source.stat().st_size == 0:
                raise ImageLoadError(message(QT_TRANSLATE_NOOP("CoreVision", "The file is empty (0 bytes).")))
            fp = open(source, "rb")  # noqa: SIM115  # closed below; the decoded picture outlives it
        with fp:
            im = Image.open(fp)
            width, height = im.size
            if width * height > max_pixels:
                raise _bomb(width, height, max_pixels)
            notes: list[str | Message] = []
            frames = int(getattr(im, "n_frames", 1) or 1)
            if frames > 1:
                im.seek(0)
                notes.append(message(QT_TRANSLATE_NOOP("CoreVision", "first of {frames} frames"), frames=frames))
            if draft_size and im.format == "JPEG":
                im.draft(im.mode, (2 * draft_size, 2 * draft_size))  # the largest scale-down that keeps this
            im.load()
            try:
                orientation = int(im.getexif().get(0x0112, 1) or 1)
            except Exception:  # a damaged EXIF block: show the picture as stored
                orientation = 1
            near: Image.Image = _reduce(im, 2 * draft_size) if draft_size else im
            # ImageOps.exif_transpose's turns, read from the EXIF above (a reduced copy has none of its own)
            turns = _turns()
            upright = near.transpose(turns[orientation]) if orientation in turns else near
            if orientation in turns:
                notes.append(
                    message(
                        QT_TRANSLATE_NOOP("CoreVision", "turned upright (EXIF orientation {orientation})"),
                        orientation=orientation,
                    )
                )
        return LoadedImage(_to_rgb(upright, notes), width, height, notes)
    except ImageLoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageLoadError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreVision",
                    "Refused: this picture declares more than {millions} million pixels "
                    "(a possible decompression bomb).",
                ),
                millions=f"{min(max_pixels, MAX_IMAGE_PIXELS) / 1e6:,.0f}",
            ),
            str(exc),
        ) from exc
    except FileNotFoundError as exc:
        raise ImageLoadError(
            message(QT_TRANSLATE_NOOP("CoreVision", "File not found: it was moved or deleted."))
        ) from exc
    except PermissionError as exc:
        raise ImageLoadError(
            message(QT_TRANSLATE_NOOP("CoreVision", "Cannot read the file: permission denied."))
        ) from exc
    except UnidentifiedImageError as exc:
        suffix = Path(name).suffix.lower()
        kind = _signature(source)
        if kind:  # it starts as a picture does: damaged, not an unknown format
            raise ImageLoadError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreVision", "The picture is damaged: the file starts as a {kind} but cannot be decoded."
                    ),
                    kind=kind,
                ),
                str(exc),
            ) from exc
        if suffix and suffix not in IMAGE_EXTENSIONS:
            said = message(
                QT_TRANSLATE_NOOP(
                    "CoreVision", "Not a picture this app can read: “{suffix}” files are not an image format it knows."
                ),
                suffix=suffix,
            )
        else:
            said = message(
                QT_TRANSLATE_NOOP(
                    "CoreVision", "Not a picture this app can read: this file is not an image format it knows."
                )
            )
        raise ImageLoadError(said) from exc
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, MemoryError, IndexError) as exc:
        text = str(exc)
        if "truncated" in text or isinstance(exc, EOFError):
            raise ImageLoadError(
                message(
                    QT_TRANSLATE_NOOP("CoreVision", "The picture is truncated: the file ends before the image does.")
                ),
                text,
            ) from exc
        # The exception's class name meant nothing to a person; the library's own words go to the details.
        raise ImageLoadError(
            message(QT_TRANSLATE_NOOP("CoreVision", "The picture is damaged and cannot be decoded.")),
            f"{type(exc).__name__}: {text}",
        ) from exc


# The first bytes of the formats Pillow reads here: a file that starts so is a picture, damaged.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def _signature(source: Source) -> str:
    """The picture format ``source``'s first bytes announce ("PNG"), or "" for none."""
    try:
        if isinstance(source, MemoryImage):
            head = bytes(source.data[:12])
        else:
            with open(source, "rb") as fp:
                head = fp.read(12)
    except OSError:
        return ""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return next((kind for magic, kind in _SIGNATURES if head.startswith(magic)), "")


@functools.cache
def _turns() -> dict[int, Any]:
    from PIL import Image

    t = Image.Transpose
    return {2: t.FLIP_LEFT_RIGHT, 3: t.ROTATE_180, 4: t.FLIP_TOP_BOTTOM, 5: t.TRANSPOSE, 6: t.ROTATE_270,
            7: t.TRANSVERSE, 8: t.ROTATE_90}  # fmt: skip


def _reduce(im: Image.Image, least: int) -> Image.Image:
    """``im`` shrunk by the largest whole factor that keeps its short side at least ``least`` pixels (a box
    filter: each new pixel the mean of a block). Modes Pillow cannot reduce (palette, 1-bit, 16-bit) stay."""
    factor = min(im.size) // least
    if factor < 2:
        return im
    try:
        return im.reduce(factor)
    except (ValueError, NotImplementedError):
        return im


def _bomb(width: int, height: int, limit: int) -> ImageLoadError:
    return ImageLoadError(
        message(
            QT_TRANSLATE_NOOP(
                "CoreVision",
                "Refused: {width} × {height} pixels is more than the {limit} this app decodes at most "
                "(a guard against decompression bombs).",
            ),
            width=f"{width:,}",
            height=f"{height:,}",
            limit=f"{limit:,}",
        )
    )


_FLOAT_SCALED = QT_TRANSLATE_NOOP("CoreVision", "floating-point values scaled to 8-bit")
_INT32_SCALED = QT_TRANSLATE_NOOP("CoreVision", "32-bit values scaled to 8-bit")
