"""Retrieval for Completion: a search over a copy of the Automation seed world (restaurants and reviews,
SQLite FTS5), made on first use in a temporary folder this service removes at shutdown. The person's own
Automation world is never opened here."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import QObject

from desktop.core.teaching.retrieval import TOP_K, Passage, RestaurantIndex


class RetrievalService(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._folder: tempfile.TemporaryDirectory[str] | None = None
        self._index: RestaurantIndex | None = None

    def search(self, question: str, k: int = TOP_K) -> list[Passage]:
        """The top ``k`` passages for ``question`` (a few milliseconds: 20 restaurants)."""
        if self._index is None:
            self._folder = tempfile.TemporaryDirectory(prefix="fm-retrieval-")
            self._index = RestaurantIndex(Path(self._folder.name))
        return self._index.search(question, k)

    @property
    def index_path(self) -> Path | None:
        return self._index.world.path if self._index is not None else None

    def shutdown(self) -> None:
        if self._index is not None:
            self._index.close()
            self._index = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None
