"""Python counts text in code points; Qt (QString, QTextDocument positions, QTextLayout ranges) counts
it in UTF-16 code units, where a character outside the Basic Multilingual Plane (an emoji, 𝔘) takes
two. An offset from one side used on the other drifts by one per such character before it. This is
the one place that converts between the two. Pure Python, never imports Qt."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence

_BMP_END = 0xFFFF


def utf16_len(text: str) -> int:
    """How many UTF-16 code units ``text`` takes (Qt's ``len``): one per character, two for each
    character above U+FFFF. A lone surrogate (which Python allows in a ``str``) counts as one."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_lengths(texts: Iterable[str]) -> list[int]:
    """``utf16_len`` of each text."""
    return [utf16_len(t) for t in texts]


def _wide_positions(text: str) -> list[int]:
    """Code-point indexes of the characters that take two UTF-16 units, in order."""
    if text.isascii():
        return []
    return [i for i, ch in enumerate(text) if ord(ch) > _BMP_END]


class Utf16Index:
    """Converts offsets into one text both ways, in O(log n) each after one pass over the text.

    ``to_utf16(i)``: the UTF-16 position of code-point offset ``i`` (0 ≤ i ≤ len(text)).
    ``from_utf16(p)``: the code-point offset of UTF-16 position ``p``; a position inside a pair (the
    second unit of an emoji) maps to the character it belongs to."""

    __slots__ = ("_wide", "_wide_utf16", "length", "utf16_length")

    def __init__(self, text: str) -> None:
        self._wide = _wide_positions(text)
        # the UTF-16 position at which each wide character starts
        self._wide_utf16 = [i + n for n, i in enumerate(self._wide)]
        self.length = len(text)
        self.utf16_length = self.length + len(self._wide)

    def to_utf16(self, offset: int) -> int:
        offset = min(max(offset, 0), self.length)
        return offset + bisect.bisect_left(self._wide, offset)

    def from_utf16(self, position: int) -> int:
        position = min(max(position, 0), self.utf16_length)
        # wide characters that end at or before ``position`` (each adds one unit)
        before = bisect.bisect_right(self._wide_utf16, position - 2)
        return position - before - (1 if self._inside_pair(position) else 0)

    def _inside_pair(self, position: int) -> bool:
        i = bisect.bisect_left(self._wide_utf16, position - 1)
        return i < len(self._wide_utf16) and self._wide_utf16[i] == position - 1


def to_utf16(text: str, offset: int) -> int:
    """The UTF-16 position of code-point ``offset`` in ``text`` (for one offset; use
    :class:`Utf16Index` or :func:`offsets_to_utf16` for many)."""
    return utf16_len(text[: max(offset, 0)])


def from_utf16(text: str, position: int) -> int:
    """The code-point offset of UTF-16 ``position`` in ``text``."""
    return Utf16Index(text).from_utf16(position)


def offsets_to_utf16(text: str, offsets: Sequence[int]) -> list[int]:
    """UTF-16 positions of many code-point offsets into ``text``."""
    index = Utf16Index(text)
    return [index.to_utf16(o) for o in offsets]


def utf16_starts(pieces: Sequence[str]) -> tuple[list[int], list[int]]:
    """For text shown as consecutive ``pieces``: each piece's UTF-16 start and length, as Qt
    positions in their concatenation."""
    lengths = utf16_lengths(pieces)
    starts = list(itertools.accumulate(lengths, initial=0))[:-1] if lengths else []
    return starts, lengths
