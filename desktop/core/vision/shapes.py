"""The bundled model's world: coloured shapes. The training script (scripts/train_clip.py), the tests
and the panel's "Add sample shapes" button all draw them with this one function."""

from __future__ import annotations

import math
import random
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

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
