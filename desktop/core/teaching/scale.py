"""The scale grid: the same examples on every model, ordered by parameter count, each answer marked right or
wrong, so that what emerges with scale is a picture.

A few-shot answer is right when its first line equals the expected one (exact match, as Evaluate scores); a
chain-of-thought answer is right when the last number it writes is the expected number."""

from __future__ import annotations

import re
from dataclasses import dataclass

from desktop.core.teaching.evaluation import exact_match


@dataclass(frozen=True)
class GridModel:
    key: str  # a model file's path, or a server model's key
    label: str
    parameters: int | None  # None: not known (a server model)


def by_size(models: list[GridModel]) -> list[GridModel]:
    """Smallest first; models whose size is unknown last, in their given order."""
    known = sorted((m for m in models if m.parameters is not None), key=lambda m: (m.parameters or 0, m.label))
    return known + [m for m in models if m.parameters is None]


def last_number(text: str) -> str | None:
    numbers = re.findall(r"-?\d+(?:[.,]\d+)?", text.replace(",", ""))
    return numbers[-1] if numbers else None


def is_right(kind: str, expected: str, output: str) -> bool:
    """``kind`` "first_line" (few-shot) or "number" (chain of thought)."""
    if kind == "number":
        found = last_number(output)
        return found is not None and float(found) == float(expected)
    return exact_match(output, expected)
