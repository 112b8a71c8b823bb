"""Token spans: one token's bytes, what is shown for it, and the input characters it covers.

A :class:`TokenSpan` is one token with its id, its raw bytes, the text shown for it and the range of
input characters it covers. The ranges partition the input: ``"".join(text[s.start:s.end] for s in
spans)`` is always the input itself. A token whose bytes are not whole characters (Korean, emoji and
other multi-byte text split by BPE) is shown as byte pieces (``<0xEC><0x95>``) and owns the characters
that are *completed* inside it, so the character a token split belongs to the token holding its last
byte, and the tokens before it cover an empty range. Tokens the tokenizer adds (BOS/EOS) cover nothing.

:func:`show_bytes` is the one rendering of a token's bytes for every tokenizer (tiktoken, a GGUF
vocabulary, a server's). Pure Python, never imports Qt.
"""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from desktop.core.invisible import reveal

# Above this many characters only the first part is split into spans for display (the view stays quick).
DISPLAY_CHAR_LIMIT = 100_000


@dataclass(slots=True)  # not frozen: a frozen dataclass is five times slower to create
class TokenSpan:
    id: int
    data: bytes  # the token's raw bytes
    text: str  # what is shown for it
    start: int  # input characters [start, end) that the token covers
    end: int
    partial: bool = False  # its bytes are not whole characters; ``text`` shows byte pieces
    special: bool = False  # a special/control token such as <|endoftext|>
    added: bool = False  # added by the tokenizer (BOS/EOS), not from the input

    @property
    def bytes_text(self) -> str:
        """The bytes as hex, e.g. ``EC 95 88``."""
        return self.data.hex(" ").upper()


def _byte_pieces(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start : err.end]
    return "".join(f"<0x{b:02X}>" for b in bad), err.end


codecs.register_error("fm_byte_pieces", _byte_pieces)

_SURROGATES = re.compile("[\ud800-\udfff]")


def sanitize(text: str) -> str:
    """Replace lone surrogates (not encodable as UTF-8) by U+FFFD, one for one, so offsets still hold."""
    if text.isascii():
        return text
    return _SURROGATES.sub("\ufffd", text)


def piece_text(data: bytes) -> str:
    """A token's bytes as text, with bytes that are not whole characters as byte pieces (``<0xEC>``), as
    ``show_bytes`` draws them, but nothing else changed: for data kept as text (a run's alternatives), where
    U+FFFD would make every byte of a split character look the same."""
    return data.decode("utf-8", errors="fm_byte_pieces")


def show_bytes(data: bytes) -> tuple[str, bool]:
    """The text shown for a token's bytes, and whether it is partial (not whole characters): bytes that are
    not whole characters as byte pieces (``<0xEC><0x95>``), and characters that draw as nothing as a named
    marker (``⟨U+200D⟩``, :mod:`desktop.core.invisible`). The one rendering of a token, for every tokenizer:
    tiktoken, a GGUF vocabulary and a server's."""
    shown, partial, _chars = _show(data)
    return shown, partial


def _show(data: bytes) -> tuple[str, bool, int]:
    """``show_bytes`` and how many input characters the bytes hold whole (for a token that is not partial)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return reveal(data.decode("utf-8", errors="fm_byte_pieces")), True, 0
    return reveal(text), False, len(text)


def build_spans(
    text: str,
    tokens: Sequence[tuple[int, bytes, bool, bool]],
    cover_rest: bool = True,
    shown_cache: dict[bytes, tuple[str, bool, int]] | None = None,
) -> tuple[list[TokenSpan], bool, int]:
    """Spans for ``text`` from ``(id, bytes, special, added)`` tuples.

    Returns ``(spans, aligned, covered)``. ``aligned`` is False when the tokens' bytes are not
    exactly the input's (a tokenizer that normalizes text). ``covered`` is how many characters the
    spans cover: all of ``text`` when ``cover_rest`` (text the tokens did not reach is given to the
    last token), else only the characters the tokens completed (for a list cut short on purpose).
    Either way the spans partition ``text[:covered]``. ``shown_cache`` keeps each distinct token's
    shown text between calls (a keystroke re-tokenizes mostly the same tokens)."""
    source = sanitize(text).encode("utf-8")
    decoder = codecs.getincrementaldecoder("utf-8")()
    cache = shown_cache if shown_cache is not None else {}
    spans: list[TokenSpan] = []
    append = spans.append
    startswith = source.startswith
    cursor = 0  # byte offset in source
    char = 0  # char offset in text
    pending = False  # the decoder holds the first bytes of a character
    aligned = True
    n_source = len(source)
    for token_id, data, special, added in tokens:
        shown_partial = cache.get(data)
        if shown_partial is None:
            shown_partial = cache[data] = _show(data)
        shown, partial, n_chars = shown_partial
        if added:
            append(TokenSpan(token_id, data, shown, char, char, partial, special, True))
            continue
        size = len(data)
        exact = startswith(data, cursor)
        if exact and not partial and not pending:
            end = char + n_chars  # whole characters, the input's own: the common, fast case
        else:
            if exact:
                pass
            elif data[:1] == b" " and startswith(data[1:], cursor):
                size -= 1  # SentencePiece's space prefix before the first word
            else:
                aligned = False
                size = min(size, n_source - cursor)
            end = char + len(decoder.decode(source[cursor : cursor + size]))
            pending = bool(decoder.getstate()[0])
        cursor += size
        append(TokenSpan(token_id, data, shown, char, end, partial, special, False))
        char = end
    if char < len(text) and cover_rest:
        aligned = False
        last = next((i for i in range(len(spans) - 1, -1, -1) if not spans[i].added), None)
        if last is None:
            spans.append(TokenSpan(-1, b"", reveal(text[char:]), char, len(text)))
        else:
            spans[last] = replace(spans[last], end=len(text))
            for i in range(last + 1, len(spans)):
                spans[i] = replace(spans[i], start=len(text), end=len(text))
        char = len(text)
    return spans, aligned, char


def reassemble(text: str, spans: Iterable[TokenSpan]) -> str:
    """The input characters the spans cover, joined: equals the (shown part of the) input."""
    return "".join(text[s.start : s.end] for s in spans)


def display_spans(
    text: str,
    tokens: Sequence[tuple[int, bytes, bool, bool]],
    complete: bool,
    display_chars: int = DISPLAY_CHAR_LIMIT,
    shown_cache: dict[bytes, tuple[str, bool, int]] | None = None,
) -> tuple[list[TokenSpan], bool, int]:
    """Spans for the first tokens of ``text`` (all of them when ``complete``), cut to at most
    ``display_chars`` characters. Returns ``(spans, aligned, covered)`` like :func:`build_spans`."""
    # a token has at least as many bytes as characters: this much text is enough
    bound = len(text) if complete else min(len(text), sum(len(t[1]) for t in tokens))
    spans, aligned, covered = build_spans(text[:bound], tokens, complete, shown_cache)
    if covered > display_chars:
        keep = bisect.bisect_right([s.end for s in spans], display_chars)
        del spans[keep:]
        covered = spans[-1].end if spans else 0
    return spans, aligned, covered
