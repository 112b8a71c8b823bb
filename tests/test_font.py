"""The bundled Hangul font (resources/fonts, made by scripts/make_font.py) covers Korean and leaves the
backslash to the system's font: Nanum Gothic draws ₩ there, which made the stop-string hint read "예: ₩n"."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QRawFont

from desktop.i18n import FONT_FILE
from desktop.resources import resource


def test_the_bundled_font_has_hangul_and_no_glyph_for_the_backslash(qapp: Any) -> None:
    raw = QRawFont(str(resource("fonts", FONT_FILE)), 20)
    assert raw.isValid()
    assert raw.familyName() == "FM Explorer Hangul"
    assert all(raw.supportsCharacter(ord(ch)) for ch in "가힣한국어ㄱ")
    assert all(raw.supportsCharacter(ord(ch)) for ch in "abc, ###")
    assert not raw.supportsCharacter(ord("\\"))  # Qt takes it from another font, where it is a backslash
