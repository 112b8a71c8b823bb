"""One message bridge: services report errors and news here and never build dialogs themselves;
the main window shows them (one error dialog for the whole app, a status bar for news)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import FMError
from desktop.i18n import error_text


class MessageBridge(QObject):
    error = Signal(str, str, str)  # title, message a person can act on, technical details
    info = Signal(str)  # a short line for the status bar

    def report(self, title: str, exc: BaseException, details: str = "") -> None:
        """Show ``exc`` in the error dialog under ``title`` (already translated by the caller). A core error's
        message is translated here, at the boundary (``desktop.i18n.error_text``); details stay as they are."""
        message = error_text(exc)
        if isinstance(exc, FMError):
            details = "\n\n".join(part for part in (exc.details, details) if part)
        else:
            import traceback  # when an error is reported: not on the way to the first frame

            details = details or "".join(traceback.format_exception(exc))
        self.error.emit(title, message, details)

    def show_info(self, text: str) -> None:
        self.info.emit(text)


_bridge: MessageBridge | None = None


def bridge() -> MessageBridge:
    """The app's bridge. Create it first on the GUI thread (the app does, at start)."""
    global _bridge
    if _bridge is None:
        _bridge = MessageBridge()
    return _bridge
