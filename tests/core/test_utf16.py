"""Code-point offsets <-> UTF-16 positions (what Qt counts), checked against Python's own UTF-16 codec."""

from __future__ import annotations

import pytest

from desktop.core.utf16 import (
    Utf16Index,
    from_utf16,
    offsets_to_utf16,
    to_utf16,
    utf16_len,
    utf16_lengths,
    utf16_starts,
)

TEXTS = [
    "",
    "hello",
    "안녕하세요",
    "🍜",
    "a🍜b",
    "🍜🌮🍣",
    "I love street food. 🍜🌮🍣 👩‍💻 🇰🇷 👍🏽 ❤️ party",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 x",
    "mixed é 😀 ß 𝔘 end",
    "lone \ud800 surrogate",
]


def reference_position(text: str, offset: int) -> int:
    return len(text[:offset].encode("utf-16-le", "surrogatepass")) // 2


@pytest.mark.parametrize("text", TEXTS)
def test_lengths_match_the_utf16_codec(text: str) -> None:
    assert utf16_len(text) == len(text.encode("utf-16-le", "surrogatepass")) // 2
    assert Utf16Index(text).utf16_length == utf16_len(text)


def test_wide_characters_take_two_units() -> None:
    assert utf16_len("🍜") == 2
    assert utf16_len("a🍜b") == 4
    assert utf16_len("é안") == 2
    assert utf16_lengths(["a", "🍜", " 👍"]) == [1, 2, 3]


@pytest.mark.parametrize("text", TEXTS)
def test_both_directions_agree_with_the_codec(text: str) -> None:
    index = Utf16Index(text)
    for offset in range(len(text) + 1):
        position = reference_position(text, offset)
        assert index.to_utf16(offset) == position == to_utf16(text, offset)
        assert index.from_utf16(position) == offset == from_utf16(text, position)
    assert offsets_to_utf16(text, list(range(len(text) + 1))) == [
        reference_position(text, o) for o in range(len(text) + 1)
    ]


def test_a_position_inside_a_pair_belongs_to_its_character() -> None:
    text = "a🍜b"  # UTF-16: a=0, 🍜=1..2, b=3
    index = Utf16Index(text)
    assert index.from_utf16(2) == 1  # the second unit of the emoji
    assert index.from_utf16(3) == 2
    assert index.from_utf16(4) == 3


def test_out_of_range_is_clamped() -> None:
    index = Utf16Index("🍜")
    assert index.to_utf16(-5) == 0 and index.to_utf16(10) == 2
    assert index.from_utf16(-1) == 0 and index.from_utf16(99) == 1


def test_starts_of_consecutive_pieces() -> None:
    pieces = ["I", " love", " 👍", "<0xBD>", " party"]
    starts, lengths = utf16_starts(pieces)
    assert lengths == [1, 5, 3, 6, 6]
    assert starts == [0, 1, 6, 9, 15]
    joined = "".join(pieces)
    # each piece's start is where Qt (UTF-16) finds it in the joined text
    assert starts == offsets_to_utf16(joined, [0, 1, 6, 8, 14])
    assert utf16_starts([]) == ([], [])
