"""What the Vision panel's areas share: the translation context, colours, and plain-text helpers.

Every text of the panel is translated in the context "VisionPanel", whichever module says it (one context
for the whole panel, as before it was split, so its translations carry over), except texts with a count:
those are ``VisionCounts``'s."""

from __future__ import annotations

import html
from functools import cache

from PySide6.QtCore import QCoreApplication, QObject

CONTEXT = "VisionPanel"
translate = QCoreApplication.translate
ERROR_COLOUR = "#c0392b"
WARNING_COLOUR = "#b9770e"


def coloured(text: str, colour: str) -> str:
    """Plain ``text`` (escaped: it may come from a file name or a model) in a colour, for a rich-text label."""
    return f"<span style='color:{colour}'>{html.escape(text)}</span>"


class VisionCounts(QObject):
    """Texts with a count. pyside6-lupdate gives a plural form only to ``self.tr(text, "", n)`` in a class,
    never to ``translate(context, text, "", n)``, so they live in a class of their own (its name is their
    context)."""

    def pictures(self, n: int) -> str:
        return self.tr("%Ln picture(s)", "", n)

    def labels(self, n: int) -> str:
        return self.tr("%Ln label(s)", "", n)

    def classified(self, n: int, with_speed: bool) -> str:
        if with_speed:
            return self.tr("Classified %Ln picture(s) in {seconds} s ({speed:,.0f} per second).", "", n)
        return self.tr("Classified %Ln picture(s) in {seconds} s.", "", n)

    def unreadable(self, n: int) -> str:
        return self.tr("%Ln could not be read (hover them to see why).", "", n)

    def exported(self, n: int) -> str:
        return self.tr("Exported to {path} (%Ln row(s)).", "", n)


@cache
def counts() -> VisionCounts:
    return VisionCounts()
