"""Real photographs for the Vision tests and benchmark: scikit-image's ``skimage.data`` photos, as they
ship and enlarged to camera sizes, saved as JPEG and PNG (the issue asks for photos, not only drawn shapes).

``photo_set(folder, n)`` writes ``n`` files cycling through four kinds: the photo at its own size as PNG
and as JPEG, and the photo enlarged (its long side ``LARGE`` pixels, Lanczos) as JPEG and as PNG."""

from __future__ import annotations

from pathlib import Path

import skimage

DATA = Path(skimage.__file__).parent / "data"
# The colour photographs among skimage.data's files (scikit-image 0.26), and three greyscale ones.
PHOTOS = (
    "astronaut.png", "chelsea.png", "coffee.png", "rocket.jpg", "motorcycle_left.png", "hubble_deep_field.jpg",
    "retina.jpg", "ihc.png", "camera.png", "moon.png", "coins.png",
)  # fmt: skip
LARGE = 2400
KINDS = ("png", "jpg", "large.jpg", "large.png")


def photo_set(folder: Path, n: int, large: int = LARGE) -> list[Path]:
    """``n`` photo files in ``folder`` (made once; the same files for the same ``n``)."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    cache: dict[tuple[str, bool], Image.Image] = {}
    paths = []
    for k in range(n):
        name = PHOTOS[(k // len(KINDS)) % len(PHOTOS)]
        kind = KINDS[k % len(KINDS)]
        path = folder / f"{k:03d}-{Path(name).stem}.{kind}"
        paths.append(path)
        if path.is_file():
            continue
        big = kind.startswith("large")
        image = cache.get((name, big))
        if image is None:
            image = Image.open(DATA / name).convert("RGB")
            if big:
                scale = large / max(image.size)
                size = (round(image.width * scale), round(image.height * scale))
                image = image.resize(size, Image.Resampling.LANCZOS)
            cache[(name, big)] = image
        if path.suffix == ".jpg":
            image.save(path, quality=90)
        else:
            image.save(path, compress_level=6)
    return paths


def shared_photo_set(n: int = 8) -> list[Path]:
    """``photo_set`` in the test session's shared cache folder (made once per session)."""
    import os

    return photo_set(Path(os.environ["FM_EXPLORER_CACHE"]) / "test-photos", n)
