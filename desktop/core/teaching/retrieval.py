"""Retrieval-augmented generation (RAG) in miniature: the top passages of a full-text search over the
Automation world's restaurants and reviews, put into the prompt before the question.

The search runs on a copy of the seed world (never the person's live world), through SQLite FTS5 and the
world's own search (bm25, words matched as prefixes). A passage is data from the world: reviews are written by
customers, and one of them addresses "the booking assistant". The prompt marks the passages as reference text;
the panel shows them as plain text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop.core.automation.world import World

DEFAULT_QUESTION = "Where can I eat the best pasta in town?"
TOP_K = 2  # the bundled 135M model answers from two passages; with three it often names the wrong one


@dataclass(frozen=True)
class Passage:
    restaurant_id: str
    title: str  # the restaurant's name
    text: str  # its cuisine, area, hours, description and reviews, on one line each


def completion_prompt(question: str) -> str:
    """The question alone, as a completion the model continues."""
    return f"Question: {question}\nAnswer:"


def augmented_prompt(question: str, passages: list[Passage]) -> str:
    """The question after the passages: the same completion, with reference text to read first. The best
    match goes last, next to the question (a small model leans on what it read last); each keeps its rank."""
    if not passages:
        return completion_prompt(question)
    ranked = list(enumerate(passages, start=1))
    context = "\n\n".join(f"[{i}] {p.title}\n{p.text}" for i, p in reversed(ranked))
    return f"Use these passages to answer.\n\n{context}\n\n{completion_prompt(question)}"


class RestaurantIndex:
    """A read-only copy of the seed world, searched with FTS5. ``folder`` holds the copy (a temporary folder
    its owner removes)."""

    def __init__(self, folder: Path) -> None:
        self.world = World.fresh(folder, "retrieval.sqlite3")
        self.world.query("PRAGMA query_only = ON")

    def search(self, question: str, k: int = TOP_K) -> list[Passage]:
        passages = []
        for r in self.world.search(question, limit=k):
            reviews = [f"Review ({v['rating']}/5): {v['text']}" for v in self.world.reviews(r.id)]
            lines = [f"{r.cuisine}, {r.area}, open {r.hours()}.", r.description, *reviews]
            passages.append(Passage(r.id, r.name, "\n".join(lines)))
        return passages

    def close(self) -> None:
        self.world.close()
