"""Folders to picture lists, results to CSV."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core import csv_safe
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


def csv_rows(results: Iterable[VisionResult], labels: Sequence[str]) -> list[list[str]]:
    """One row per picture: file, error, notes, the top label and its probability, then every label's
    probability."""
    rows = []
    for result in sorted(results, key=lambda r: r.index):
        cells = [result.name, str(result.error), "; ".join(str(n) for n in result.notes)]
        if result.ok and result.probs is not None and result.ranked:
            where = {label: i for i, label in enumerate(result.labels)}
            top_label, top_p = result.ranked[0]
            cells += [top_label, f"{top_p:.6f}"]
            cells += [f"{float(result.probs[where[lb]]):.6f}" if lb in where else "" for lb in labels]
        else:
            cells += ["", ""] + [""] * len(labels)
        rows.append(cells)
    return rows


def write_csv(path: Path, results: Iterable[VisionResult], labels: Sequence[str]) -> int:
    """The results as CSV through the app's one formula-safe writer (``desktop.core.csv_safe``): a label or a
    file name cannot become a spreadsheet formula. Returns the number of rows."""
    header = ["file", "error", "notes", "top label", "top probability", *labels]
    return csv_safe.write_csv(path, header, csv_rows(results, labels))
