"""What a run gives back: the loaded model, one picture's result, a run's summary."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.vision.common import DEFAULT_TEMPLATE, human_count
from desktop.core.vision.models import ModelSpec

if TYPE_CHECKING:
    import numpy as np


@dataclass
class ModelInfo:
    spec: ModelSpec
    device: str
    device_name: str | Message
    parameters: int
    image_size: int
    context_length: int
    load_seconds: float
    engine: str = "open_clip"  # open_clip | onnx
    note: str | Message = ""  # e.g. an ONNX export that was damaged and has been made again

    @property
    def engine_name(self) -> str:
        return "ONNX Runtime" if self.engine == "onnx" else "open_clip"

    @property
    def description(self) -> Message:
        """What was loaded, for the status line (translate with desktop.i18n.translate_message)."""
        return message(
            QT_TRANSLATE_NOOP(
                "CoreVision",
                "{model}: {parameters} parameters, {size} px pictures, on {device} with {engine}; "
                "loaded in {seconds} s.",
            ),
            model=self.spec.display_label,
            parameters=human_count(self.parameters),
            size=self.image_size,
            device=self.device_name,
            engine=self.engine_name,
            seconds=f"{self.load_seconds:.1f}",
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
    error: str | Message = ""  # the service turns a Message into the text in the app's language
    details: str = ""
    notes: list[str | Message] = field(default_factory=list)
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
        """:attr:`label_notes` in English, one string ("" when there is nothing to say)."""
        return " ".join(m.english() for m in self.label_notes)

    @property
    def label_notes(self) -> list[Message]:
        """Plain warnings when some labels' scores mean nothing: words the model never learned, or labels that
        are the same text to it (they always get the same score). Empty when there is nothing to say."""
        parts = []
        if self.unknown_words:
            words = _quoted(self.unknown_words)
            if len(self.unknown_words) == 1:
                template = QT_TRANSLATE_NOOP(
                    "CoreVision",
                    "This model never learned the word {words}: labels made only of words it never saw all get the "
                    "same score, whatever the picture.",
                )
            else:
                template = QT_TRANSLATE_NOOP(
                    "CoreVision",
                    "This model never learned the words {words}: labels made only of words it never saw all get the "
                    "same score, whatever the picture.",
                )
            parts.append(message(template, words=words))
        unknown = set(self.unknown_words)
        groups = [  # groups the sentence above already explains (labels made only of unknown words) go unsaid
            group
            for group in self.same_text
            if not all(set(re.findall(r"\w+", label.lower())) <= unknown for label in group)
        ]
        if groups:
            shown = "; ".join(" = ".join(group[:4]) + ("…" if len(group) > 4 else "") for group in groups[:3])
            if len(groups) > 3:
                parts.append(
                    message(
                        QT_TRANSLATE_NOOP(
                            "CoreVision",
                            "Always the same score, as they are the same text to this model: {groups} (and {more} "
                            "more groups).",
                        ),
                        groups=shown,
                        more=len(groups) - 3,
                    )
                )
            else:
                parts.append(
                    message(
                        QT_TRANSLATE_NOOP(
                            "CoreVision", "Always the same score, as they are the same text to this model: {groups}."
                        ),
                        groups=shown,
                    )
                )
        return parts


def _quoted(words: Sequence[str], limit: int = 8) -> str | Message:
    shown = ", ".join(f"“{w}”" for w in words[:limit])
    if len(words) <= limit:
        return shown
    return message(QT_TRANSLATE_NOOP("CoreVision", "{words} and {more} more"), words=shown, more=len(words) - limit)
