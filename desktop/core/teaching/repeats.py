"""Generate ×N: the same prompt run with N seeds, the answers grouped and counted.

Two answers are the same answer when they are equal after trimming the ends and folding runs of white space:
the person compares what the model said, not its spacing."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True)
class AnswerGroup:
    answer: str  # as the first run that gave it wrote it (trimmed)
    count: int
    seeds: tuple[int, ...]


def answer_key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def seeds_for(first: int, n: int) -> list[int]:
    """N different seeds from ``first`` (a negative seed, "random", starts at 0)."""
    start = max(0, first)
    return [start + i for i in range(n)]


def group_answers(answers: list[tuple[int, str]]) -> list[AnswerGroup]:
    """(seed, text) pairs as groups of equal answers, the most frequent first (ties: first seen first)."""
    counts: Counter[str] = Counter()
    seeds: dict[str, list[int]] = {}
    for seed, text in answers:
        key = answer_key(text)
        counts[key] += 1
        seeds.setdefault(key, []).append(seed)
    order = list(seeds)
    ranked = sorted(order, key=lambda k: (-counts[k], order.index(k)))
    return [AnswerGroup(k, counts[k], tuple(seeds[k])) for k in ranked]
