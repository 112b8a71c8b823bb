"""How the bundled CLIP learned: natural-language supervision, in miniature.

scripts/train_clip.py trained it on (picture, caption) pairs that this module draws: a coloured shape and
a caption written for it from a template ("a photo of a red circle.", "a sketch of the blue star.", "a photo
of a green shape."). No label was ever chosen from a list; the captions are the supervision. The loss is
CLIP's symmetric contrastive loss: in a batch of pairs, each picture's similarity with its own caption (the
diagonal of the picture × caption matrix) is pushed up and its similarity with the other captions down, and
the same for each caption against the pictures. A caption that truthfully describes another picture of the
batch counts as a match for it too (soft targets: two red circles are not each other's negatives).

``training_pairs`` draws the first batch again with the recipe's seed, by the same code the training used
(the script imports ``make_batch`` from here), so the pairs shown are the ones the model saw first.
``contrastive`` is the loss on a batch, in numpy, as the script computes it in torch. Pure Python; the
pictures need Pillow and numpy, the similarities a model (the vision host computes them).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.vision.common import DEFAULT_TEMPLATE
from desktop.core.vision.models import bundled_card
from desktop.core.vision.shapes import COLOURS, SHAPES, render_shape

if TYPE_CHECKING:
    import numpy as np
    from PIL import Image

SIZES = (40, 48, 64, 96, 128)  # the pictures' sizes in training
EXTRA_TEMPLATES = ("{}", "a {}", "a {}.", "a picture of a {}.", "an image of a {}.", "a drawing of a {}.")
Concept = tuple[str | None, str | None]  # (colour or None, shape or None)


def concept_text(colour: str | None, shape: str | None) -> str:
    if colour and shape:
        return f"{colour} {shape}"
    if colour:
        return f"{colour} shape"
    assert shape
    return shape


def describes(concept: Concept, truth: Concept) -> bool:
    """Whether a caption about ``concept`` is true of a picture of ``truth`` ("a photo of a circle." is true
    of every circle)."""
    colour, shape = truth
    return (concept[0] is None or concept[0] == colour) and (concept[1] is None or concept[1] == shape)


def make_batch(
    rng: random.Random, n: int, templates: list[str]
) -> tuple[list[Image.Image], list[str], list[Concept], list[Concept]]:
    """n (picture, caption) pairs as training draws them: the pictures, the captions, each caption's concept
    and each picture's true (colour, shape). 80% of captions name colour and shape, 10% the shape alone, 10%
    the colour alone; 40% use "a photo of a {}.", the rest another template."""
    images: list[Image.Image] = []
    captions: list[str] = []
    concepts: list[Concept] = []
    truths: list[Concept] = []
    for _ in range(n):
        shape = rng.choice(SHAPES)
        colour = rng.choice(list(COLOURS))
        images.append(render_shape(shape, colour, rng, rng.choice(SIZES)))
        roll = rng.random()
        concept: Concept = (colour, shape) if roll < 0.8 else ((None, shape) if roll < 0.9 else (colour, None))
        template = DEFAULT_TEMPLATE if rng.random() < 0.4 else rng.choice(templates)
        captions.append(template.replace("{}", concept_text(*concept)))
        concepts.append(concept)
        truths.append((colour, shape))
    return images, captions, concepts, truths


@dataclass
class TrainingPairs:
    """Pairs ``start`` .. ``start + len(captions)`` of the bundled model's first training batch, and what
    the model makes of them (filled in by the vision host)."""

    start: int
    batch: int  # pairs in a training batch
    steps: int  # training batches
    seed: int
    captions: list[str]
    pictures: list[Any]  # PIL pictures (in the host), thumbnails (QImage) once in the app
    targets: list[list[bool]]  # targets[i][j]: caption j truthfully describes picture i
    similarity: list[list[float]] = field(default_factory=list)  # cosine similarity, picture i x caption j
    logit_scale: float = 1.0
    loss: float = 0.0

    @property
    def diagonal_wins(self) -> int:
        """Pictures whose most similar caption is their own."""
        return sum(1 for i, row in enumerate(self.similarity) if row and max(range(len(row)), key=row.__getitem__) == i)


def recipe() -> dict[str, Any]:
    return dict(bundled_card().get("recipe", {}))


def caption_templates() -> list[str]:
    """The templates training wrote captions from (recorded in the bundled card: open_clip's 80 zero-shot
    templates and a few plain ones)."""
    return [str(t) for t in recipe().get("caption_templates", [])]


def training_pairs(start: int = 0, count: int = 8) -> TrainingPairs:
    """Pairs of the first training batch, drawn again with the recipe's seed by the code training used."""
    info = recipe()
    batch, seed = int(info.get("batch", 128)), int(info.get("seed", 1234))
    start = max(0, min(start, batch - 1))
    count = max(1, min(count, batch - start))
    images, captions, concepts, truths = make_batch(random.Random(seed), start + count, caption_templates())
    window = slice(start, start + count)
    return TrainingPairs(
        start=start,
        batch=batch,
        steps=int(info.get("steps", 0)),
        seed=seed,
        captions=captions[window],
        pictures=images[window],
        targets=[[describes(c, t) for c in concepts[window]] for t in truths[window]],
    )


def contrastive(similarity: np.ndarray, logit_scale: float, targets: np.ndarray) -> float:
    """CLIP's symmetric contrastive loss with soft targets, as scripts/train_clip.py computes it: the mean of
    cross-entropy over captions for each picture and over pictures for each caption, the targets of a row
    spread evenly over the captions that describe it."""
    import numpy as np

    logits = np.float64(logit_scale) * np.asarray(similarity, dtype=np.float64)
    want = np.asarray(targets, dtype=np.float64)

    def cross_entropy(rows: np.ndarray, goal: np.ndarray) -> float:
        shifted = rows - rows.max(axis=1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        return float(-(goal / goal.sum(axis=1, keepdims=True) * log_p).sum(axis=1).mean())

    return 0.5 * (cross_entropy(logits, want) + cross_entropy(logits.T, want.T))
