"""Invisible and bidi control characters are made visible, named, and ordinary text is left alone."""

from __future__ import annotations

import pytest

from desktop.core.invisible import char_name, describe, invisible_chars, is_invisible, reveal

HIDDEN = [
    "\u200b",  # zero-width space
    "\u200c",
    "\u200d",
    "\u2060",  # word joiner
    "\ufeff",
    "\u00ad",  # soft hyphen
    "\u202e",  # right-to-left override
    "\u2066",
    "\u2069",
    "\u200f",
    "\U000e0041",  # tag latin capital a
    "\ufe0f",  # variation selector-16
    "\u3164",  # hangul filler
    "\x07",
    "\u2028",
]


@pytest.mark.parametrize("ch", HIDDEN)
def test_each_hidden_character_is_revealed(ch: str) -> None:
    assert is_invisible(ch)
    shown = reveal(f"pay 10{ch}0 EUR")
    assert f"⟨U+{ord(ch):04X}⟩" in shown
    assert ch not in shown


@pytest.mark.parametrize("text", ["plain text", "한국어 문장", "emoji 😀 👍🏽", "line\nbreak\tand tab", "", "Ünïcödé"])
def test_visible_text_is_unchanged(text: str) -> None:
    assert reveal(text) == text
    assert invisible_chars(text) == []


def test_a_right_to_left_override_cannot_reorder_an_amount() -> None:
    text = "Charge \u202e05 EUR\u202c now"
    assert reveal(text) == "Charge ⟨U+202E⟩05 EUR⟨U+202C⟩ now"


def test_names_for_hovers() -> None:
    assert char_name("\u200d") == "U+200D ZERO WIDTH JOINER"
    assert char_name("\x07") == "U+0007 CONTROL"
    assert describe("\u200d") == "U+200D ZERO WIDTH JOINER"
    assert describe(" ") == "U+0020 SPACE"
    assert describe("dog") == "dog"
    assert invisible_chars("a\u200bb") == [(1, "\u200b")]
