"""What a person typed, kept between sessions: one text file per draft under the data folder, written
atomically (a crash mid-write keeps the old draft) a moment after the last keystroke and at shutdown.

A draft that cannot be written (a read-only home, a full disk) is said once, through the settings' report,
and the next save tries again. Without settings nothing is kept (a window built for a test that keeps none).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from desktop.core.atomic import atomic_write_text
from desktop.core.paths import data_dir
from desktop.services.settings import Settings

DELAY_MS = 800


class Draft(QObject):
    """``name``: the file's name under ``drafts/``; ``what``: the draft as a person calls it, in the language
    of the moment, for the message when it cannot be saved; ``limit``: at most this many characters are kept."""

    def __init__(
        self,
        name: str,
        what: Callable[[], str],
        settings: Settings | None,
        limit: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.path = data_dir() / "drafts" / name if settings is not None else None
        self.what = what
        self.limit = limit
        self._saved: str | None = None  # the text last written
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DELAY_MS)

    @property
    def keeps(self) -> bool:
        return self.path is not None

    def read(self) -> str | None:
        """The text kept from the last session, or None when there is none to restore."""
        if self.path is None:
            return None
        try:
            with self.path.open(encoding="utf-8", errors="replace", newline="") as f:
                text = f.read(self.limit)
        except OSError:  # no draft yet, or unreadable
            return None
        self._saved = text
        return text

    def save(self, text: str) -> bool:
        """Write the first ``limit`` characters of ``text``; False when they could not be written."""
        self.timer.stop()
        if self.path is None:
            return True
        text = text[: self.limit]
        if text == self._saved:
            return True
        try:
            atomic_write_text(self.path, text, errors="replace")
        except OSError as exc:
            if self.settings is not None:
                self.settings.report_unsaved(self.what(), self.path, exc)
            return False
        self._saved = text
        return True
