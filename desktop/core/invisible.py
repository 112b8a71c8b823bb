"""Characters a person cannot see, made visible where a person decides on text.

Text from a model, a server, a tool result or a customer can carry characters that draw as nothing
(zero-width spaces, joiners, soft hyphens, tag characters) or that reorder what is drawn (bidi
overrides and isolates). Shown as they are, an approval card can display one amount while another is
stored and sent. :func:`reveal` turns each such character into a visible marker, ``⟨U+202E⟩``, so
what a person reads is what executes; :func:`char_name` names one for hovers ("U+200D ZERO WIDTH
JOINER"). Ordinary line breaks and tabs are left alone.

One module for the whole app: the tokenizer's hovers and tables, the approval card, the agent's steps
and the audit view all use it, and the privacy matcher uses :func:`is_invisible` to drop them.
"""

from __future__ import annotations

import unicodedata

# Draw as nothing or as a blank, yet are letters (Lo) or marks (Mn), so no category test finds them.
_BLANK_LETTERS = frozenset(
    {
        0x115F,  # HANGUL CHOSEONG FILLER
        0x1160,  # HANGUL JUNGSEONG FILLER
        0x3164,  # HANGUL FILLER
        0xFFA0,  # HALFWIDTH HANGUL FILLER
        0x2800,  # BRAILLE PATTERN BLANK
        0x034F,  # COMBINING GRAPHEME JOINER
        0x17B4,  # KHMER VOWEL INHERENT AQ
        0x17B5,  # KHMER VOWEL INHERENT AA
    }
)
_KEPT = frozenset("\n\t")  # line structure a person sees as such
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # ALM, LRM, RLM, embeddings, isolates
)


def is_variation_selector(cp: int) -> bool:
    return 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or 0x180B <= cp <= 0x180F


def is_invisible(ch: str) -> bool:
    """True for a character that draws as nothing, as a blank that is not a space, or that reorders text:
    format characters (Cf: zero-width space and joiners, soft hyphen, bidi controls, tags), control
    characters other than a line break or tab, line and paragraph separators, variation selectors, and
    the blank letters above. An ordinary space is visible; other spaces (no-break, ideographic) are left to
    NFKC where it matters (the privacy matcher), since a person sees them as spaces."""
    if ch in _KEPT:
        return False
    cp = ord(ch)
    if cp in _BLANK_LETTERS or is_variation_selector(cp):
        return True
    return unicodedata.category(ch) in ("Cf", "Cc", "Zl", "Zp", "Co", "Cn") and ch != "\r"


def char_name(ch: str) -> str:
    """``"U+200D ZERO WIDTH JOINER"``: the code point and its Unicode name (or its category where it has
    none, as for control characters)."""
    cp = ord(ch)
    name = unicodedata.name(ch, "")
    if not name:
        name = {"Cc": "CONTROL", "Co": "PRIVATE USE", "Cn": "UNASSIGNED"}.get(unicodedata.category(ch), "")
        if is_variation_selector(cp):
            name = "VARIATION SELECTOR"
    return f"U+{cp:04X} {name}".rstrip()


def marker(ch: str) -> str:
    """The visible stand-in for one invisible character: ``⟨U+202E⟩``."""
    return f"⟨U+{ord(ch):04X}⟩"


def reveal(text: str) -> str:
    """``text`` with every invisible character replaced by its marker; unchanged when it has none."""
    if not any(is_invisible(ch) for ch in text):
        return text
    return "".join(marker(ch) if is_invisible(ch) else ch for ch in text)


def invisible_chars(text: str) -> list[tuple[int, str]]:
    """(index, character) of each invisible character in ``text``, in order."""
    return [(i, ch) for i, ch in enumerate(text) if is_invisible(ch)]


def describe(text: str) -> str:
    """A token's or a value's text for a hover: the text itself when it has something visible, else the
    names of its characters ("U+200D ZERO WIDTH JOINER"), so an invisible token never reads as empty."""
    if text and all(is_invisible(ch) or ch.isspace() for ch in text):
        return ", ".join(char_name(ch) for ch in text)
    return reveal(text)
