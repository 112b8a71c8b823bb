"""The window's start in two steps: the shell (sidebar, empty page, menus, status bar) is drawn first, and
what makes it useful (the first panel, the model scan, the model host) comes on the event-loop turn after.
A person sees a window at once instead of a blank screen for the time the first panel takes."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QWidget

from desktop import APP_NAME, __version__

FALLBACK_MS = 1000  # a window shown but never painted (minimised, or a platform that paints late)


class _AfterFirstFrame(QObject):
    """Calls ``then`` once: on the turn after ``window``'s first paint, or, for a window not shown by the
    first turn of the event loop (a test that builds it and never shows it), on that turn."""

    def __init__(self, window: QWidget, then: Callable[[], None], painted: Callable[[], None] | None) -> None:
        super().__init__(window)
        self._window = window
        self._then: Callable[[], None] | None = then
        self._painted = painted
        self._handle: QWindow | None = None
        window.installEventFilter(self)
        QTimer.singleShot(0, self, self._first_turn)
        QTimer.singleShot(FALLBACK_MS, self, self._fire)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self._then is None:
            return False
        if watched is self._window and kind in (QEvent.Type.Show, QEvent.Type.Paint):
            handle = self._window.windowHandle()
            if handle is not None and handle is not self._handle:
                self._handle = handle
                handle.installEventFilter(self)
        if kind in (QEvent.Type.Paint, QEvent.Type.Expose) and self._handle is not None and self._handle.isExposed():
            # Painted and exposed: the frame reaches the screen in this pass, so the next turn comes after it.
            painted, self._painted = self._painted, None
            if painted is not None:
                painted()
            QTimer.singleShot(0, self, self._fire)
        return False

    def _first_turn(self) -> None:
        if not self._window.isVisible():
            self._fire()

    def _fire(self) -> None:
        then, self._then = self._then, None
        if then is None:
            return
        self._window.removeEventFilter(self)
        if self._handle is not None:
            self._handle.removeEventFilter(self)
        then()


def after_first_frame(window: QWidget, then: Callable[[], None], painted: Callable[[], None] | None = None) -> None:
    """Run ``then`` once ``window`` is on screen (see ``_AfterFirstFrame``); ``painted``, if given, at once when
    its first frame is painted on an exposed window."""
    _AfterFirstFrame(window, then, painted)


def licence_text() -> str:
    """The open-source notices in short; the packaged app carries the full texts in licenses/."""
    text = QCoreApplication.translate(
        "MainWindow",
        "FM Explorer is Apache-2.0. Qt and PySide6 are used under the LGPL-3.0; llama.cpp and ggml are MIT; "
        "SmolLM2-135M-Instruct is Apache-2.0; Gemma 3 270M is provided under the Gemma Terms of Use "
        "(ai.google.dev/gemma/terms).",
    )
    folder = Path(sys.executable).parent / "licenses"
    if getattr(sys, "frozen", False) and folder.is_dir():
        more = QCoreApplication.translate("MainWindow", "The licence texts of everything in this app are in {folder}.")
        import html  # only in the packaged app's About: not on the way to the first frame

        text += " " + more.format(folder=html.escape(str(folder)))
    return text


def about_text() -> str:
    """Help > About: what the app is, what it is built with, and the licences."""
    what = QCoreApplication.translate(
        "MainWindow",
        "Foundation models on your own machine, offline: which models you have and what your hardware "
        "can do with them, how text becomes tokens, how a language model completes text one token at a "
        "time, and how CLIP matches pictures to words.",
    )
    built = QCoreApplication.translate(
        "MainWindow", "Built with PySide6 (Qt 6), llama.cpp (llama-cpp-python), tiktoken, open_clip and ONNX Runtime."
    )
    return f"<b>{APP_NAME}</b> {__version__}<br><br>{what}<br><br>{built}<br><br>{licence_text()}"
