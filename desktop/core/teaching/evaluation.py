"""Evaluation on a small prompt set: closed tasks scored by exact match with a 95% interval beside a null
baseline (always the majority label), and open prompts voted on blind, side by side.

The set is a JSON file (resources/eval/prompts.json): per task its few-shot examples and field names in each
language, then the items. A closed item's prompt is its task's examples followed by the item, so a small base
model answers on one line (the run stops at the new line)."""

from __future__ import annotations

import json
import math
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

Z95 = 1.959964  # the normal quantile for a two-sided 95% interval


@dataclass(frozen=True)
class Item:
    id: str
    task: str  # "spam", "sentiment", "arithmetic" or "open"
    lang: str
    text: str
    answer: str = ""  # the right label ("" for an open prompt)


@dataclass(frozen=True)
class Task:
    name: str
    fields: dict[str, tuple[str, str]]  # lang -> (input field, answer field)
    shots: dict[str, list[tuple[str, str]]]  # lang -> [(input, answer)]


@dataclass(frozen=True)
class PromptSet:
    tasks: dict[str, Task]
    items: list[Item]

    def closed(self) -> list[Item]:
        return [i for i in self.items if i.task != "open"]

    def open(self) -> list[Item]:
        return [i for i in self.items if i.task == "open"]

    def prompt(self, item: Item) -> str:
        """What the model reads for ``item``: an open prompt as it is; a closed item after its examples."""
        if item.task == "open":
            return item.text
        task = self.tasks[item.task]
        ask, answer = task.fields[item.lang]
        shots = "".join(f"{ask}: {q}\n{answer}: {a}\n\n" for q, a in task.shots[item.lang])
        return f"{shots}{ask}: {item.text}\n{answer}:"


def load_prompt_set(path: Path) -> PromptSet:
    data = json.loads(path.read_text(encoding="utf-8"))
    tasks = {
        name: Task(
            name,
            {lang: (f[0], f[1]) for lang, f in spec["fields"].items()},
            {lang: [(q, a) for q, a in shots] for lang, shots in spec["shots"].items()},
        )
        for name, spec in data["tasks"].items()
    }
    items = [Item(i["id"], i["task"], i["lang"], i["text"], i.get("answer", "")) for i in data["items"]]
    return PromptSet(tasks, items)


def normalize(text: str) -> str:
    """An answer as exact match compares it: its first line, NFKC, case-folded, without end punctuation."""
    first = text.strip().split("\n", 1)[0] if text.strip() else ""
    return unicodedata.normalize("NFKC", first).casefold().strip().rstrip(".!。").strip()


def exact_match(output: str, answer: str) -> bool:
    return normalize(output) == normalize(answer)


@dataclass(frozen=True)
class Score:
    right: int
    total: int

    @property
    def rate(self) -> float:
        return self.right / self.total if self.total else 0.0

    def interval(self) -> tuple[float, float]:
        """The Wilson score interval at 95%: honest for small sets, and never outside 0..1."""
        n, k = self.total, self.right
        if n == 0:
            return 0.0, 1.0
        p = k / n
        denom = 1 + Z95**2 / n
        centre = (p + Z95**2 / (2 * n)) / denom
        half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denom
        return max(0.0, centre - half), min(1.0, centre + half)


def majority_label(items: list[Item]) -> str:
    """The label a null baseline always gives: the most common right answer (ties: the first seen)."""
    counts = Counter(normalize(i.answer) for i in items)
    order = list(dict.fromkeys(normalize(i.answer) for i in items))
    return min(order, key=lambda a: (-counts[a], order.index(a))) if order else ""


@dataclass(frozen=True)
class TaskScore:
    task: str
    model: Score
    baseline: Score
    majority: str


def score_task(task: str, items: list[Item], outputs: dict[str, str]) -> TaskScore:
    """Exact match of ``outputs`` (item id -> text) on ``task``'s items, beside the majority baseline."""
    mine = [i for i in items if i.task == task]
    majority = majority_label(mine)
    right = sum(exact_match(outputs.get(i.id, ""), i.answer) for i in mine)
    base = sum(normalize(i.answer) == majority for i in mine)
    return TaskScore(task, Score(right, len(mine)), Score(base, len(mine)), majority)


def blind_order(run_id: int, item_id: str) -> bool:
    """Whether model A is shown on the right for this item: fixed per run and item, unknown to the voter."""
    return random.Random(f"{run_id}:{item_id}").random() < 0.5


@dataclass
class Tally:
    a: int = 0
    b: int = 0
    tie: int = 0
    votes: dict[str, str] = field(default_factory=dict)  # item id -> "a", "b" or "tie"

    def vote(self, item_id: str, winner: str) -> None:
        if winner not in ("a", "b", "tie"):
            raise ValueError(winner)
        previous = self.votes.get(item_id)
        if previous is not None:
            setattr(self, previous, getattr(self, previous) - 1)
        self.votes[item_id] = winner
        setattr(self, winner, getattr(self, winner) + 1)


def result_rows(prompt_set: PromptSet, outputs: dict[str, dict[str, str]], votes: dict[str, str]) -> list[Any]:
    """One row per item the run asked, for an export: id, task, language, prompt, right answer, A's and B's
    outputs, whether each matched, and the vote."""
    rows: list[Any] = [["id", "task", "language", "prompt", "answer", "a", "b", "a_right", "b_right", "vote"]]
    for item in prompt_set.items:
        if all(item.id not in outputs.get(side, {}) for side in ("a", "b")):
            continue  # not in this run (another language)
        a, b = outputs.get("a", {}).get(item.id, ""), outputs.get("b", {}).get(item.id, "")
        closed = item.task != "open"
        rows.append(
            [
                item.id,
                item.task,
                item.lang,
                item.text,
                item.answer,
                a,
                b,
                int(exact_match(a, item.answer)) if closed else "",
                int(exact_match(b, item.answer)) if closed else "",
                votes.get(item.id, ""),
            ]
        )
    return rows
