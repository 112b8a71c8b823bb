"""Folders to picture lists, results to CSV."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.vision.common import FOLDER_CAP, IMAGE_EXTENSIONS
from desktop.core.vision.results import VisionResult


@dataclass
class Expansion:
    files: list[Path] = field(default_factory=list)
    skipped: int = 0  # files in folders that are not pictures
    missing: list[str] = field(default_factory=list)
    capped: bool = False
    cap: int = FOLDER_CAP

    @property
    def message(self) -> str:
        """:attr:`messages` in English, one string."""
        return " ".join(m.english() for m in self.messages)

    @property
    def messages(self) -> list[Message]:
        """What the person should know about this addition (translate each with translate_message)."""
        parts = []
        if self.capped:
            parts.append(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreVision", "Only the first {count} pictures are taken; the rest of the folder is left out."
                    ),
                    count=f"{self.cap:,}",
                )
            )
        if self.skipped == 1:
            parts.append(message(QT_TRANSLATE_NOOP("CoreVision", "1 file that is not a picture skipped.")))
        elif self.skipped:
            parts.append(
                message(
                    QT_TRANSLATE_NOOP("CoreVision", "{count} files that are not pictures skipped."),
                    count=f"{self.skipped:,}",
                )
            )
        if self.missing:
            names = ", ".join(self.missing[:3]) + ("…" if len(self.missing) > 3 else "")
            parts.append(message(QT_TRANSLATE_NOOP("CoreVision", "Not found: {names}."), names=names))
        return parts


def expand_paths(paths: Iterable[Path | str], cap: int = FOLDER_CAP) -> Expansion:
    """Files as given (whatever they are: each gets a result or a message) and the pictures in folders,
    recursively, in name order, hidden files skipped, at most ``cap`` in all."""
    out = Expansion(cap=cap)
    seen: set[str] = set()

    def add(path: Path) -> bool:
        key = os.path.normcase(os.path.abspath(path))
        if key in seen:
            return True
        if len(out.files) >= cap:
            out.capped = True
            return False
        seen.add(key)
        out.files.append(path)
        return True

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    if name.startswith("."):
                        continue
                    if Path(name).suffix.lower() not in IMAGE_EXTENSIONS:
                        out.skipped += 1
                        continue
                    if not add(Path(root) / name):
                        return out
        elif path.exists():
            if not add(path):
                return out
        else:
            out.missing.append(path.name or str(path))
    return out


# NOTE (issue 21): the one formula-safe CSV writer is moving to desktop/core/csv_safe.py (the Automation
# side); until it lands, Vision keeps this guard of its own, and the switch is one import.
def _csv_cell(value: str) -> str:
    """Keep spreadsheets from running a cell as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_csv(path: Path, results: Iterable[VisionResult], labels: Sequence[str]) -> int:
    """One row per picture: file, error, notes, the top label and its probability, then every label's
    probability. Returns the number of rows."""
    rows = 0
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["file", "error", "notes", "top label", "top probability", *(_csv_cell(lb) for lb in labels)])
        for result in sorted(results, key=lambda r: r.index):
            cells = [_csv_cell(result.name), _csv_cell(str(result.error)), "; ".join(str(n) for n in result.notes)]
            if result.ok and result.probs is not None and result.ranked:
                where = {label: i for i, label in enumerate(result.labels)}
                top_label, top_p = result.ranked[0]
                cells += [_csv_cell(top_label), f"{top_p:.6f}"]
                cells += [f"{float(result.probs[where[lb]]):.6f}" if lb in where else "" for lb in labels]
            else:
                cells += ["", ""] + [""] * len(labels)
            writer.writerow(cells)
            rows += 1
    return rows
