"""What a run gives back: the loaded model, one picture's result, a run's summary."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.vision.common import DEFAULT_TEMPLATE, human_count
from desktop.core.vision.models import ModelSpec

if TYPE_CHECKING:
    import numpy as np


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
    engine: str = "open_clip"  # open_clip | onnx
    note: str = ""  # e.g. an ONNX export that was damaged and has been made again

    @property
    def engine_name(self) -> str:
        return "ONNX Runtime" if self.engine == "onnx" else "open_clip"

    @property
    def description(self) -> str:
        return (
            f"{self.spec.label}: {human_count(self.parameters)} parameters, {self.image_size} px pictures, "
            f"on {self.device_name} with {self.engine_name}; loaded in {self.load_seconds:.1f} s."
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
