"""What the Vision panel's areas share: the translation context, colours, and plain-text helpers.

Every text of the panel is translated in the context "VisionPanel", whichever module says it (one context
for the whole panel, as before it was split, so its translations carry over)."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication

CONTEXT = "VisionPanel"
translate = QCoreApplication.translate
ERROR_COLOUR = "#c0392b"
WARNING_COLOUR = "#b9770e"


def coloured(text: str, colour: str) -> str:
    """Plain ``text`` (escaped: it may come from a file name or a model) in a colour, for a rich-text label."""
    return f"<span style='color:{colour}'>{html.escape(text)}</span>"
