"""Text as tokens: tiktoken encodings (offline BPE files) and GGUF tokenizers -> token spans.

A :class:`TokenSpan` is one token with its id, its raw bytes, the text shown for it and the range of
input characters it covers. The ranges partition the input: ``"".join(text[s.start:s.end] for s in
spans)`` is always the input itself. A token whose bytes are not whole characters (Korean, emoji and
other multi-byte text split by BPE) is shown as byte pieces (``<0xEC><0x95>``) and owns the characters
that are *completed* inside it, so the character a token split belongs to the token holding its last
byte, and the tokens before it cover an empty range. Tokens the tokenizer adds (BOS/EOS) cover nothing.

Pure Python, never imports Qt. GGUF vocabularies are read by llama.cpp in the model host process (a
malformed file can abort llama.cpp); this module only turns the host's reply into spans.
"""

from __future__ import annotations

import base64
import bisect
import codecs
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, message

TIKTOKEN_ENCODINGS: tuple[str, ...] = ("cl100k_base", "o200k_base")
TIKTOKEN_LABELS: dict[str, str] = {
    "cl100k_base": "cl100k_base (GPT-4, GPT-3.5)",
    "o200k_base": "o200k_base (GPT-4o)",
}
GGUF_PREFIX = "gguf:"

# Above this many characters, or tokens, only the first part is split into spans for display (the
# view stays quick); the counts are still for the whole text (one fast encode call).
DISPLAY_CHAR_LIMIT = 100_000
DISPLAY_TOKEN_LIMIT = 20_000
MAX_DECODE_IDS = 1_000_000
WORDS_PER_TOKEN_RULE = 0.75  # the rule of thumb for English text

# Example names are shown in the panel's list: marked for translation (context "TokenizerExamples"; the
# panel shows QCoreApplication.translate("TokenizerExamples", name) and keeps the English name as the key).
# The Korean/English pairs say the same thing, so their token counts compare what each language costs.
EXAMPLES: dict[str, str] = {
    QT_TRANSLATE_NOOP("TokenizerExamples", "English sentence"): "I can't wait to build AI applications",
    QT_TRANSLATE_NOOP("TokenizerExamples", "One word, one token: cooking"): "cooking",
    QT_TRANSLATE_NOOP("TokenizerExamples", "A made-up word: chatgpting"): "chatgpting",
    QT_TRANSLATE_NOOP("TokenizerExamples", "Korean paragraph"): (
        "안녕하세요. 저는 인공지능 애플리케이션을 만드는 것을 정말 기대하고 있어요. "
        "한국어 문장은 영어 문장보다 훨씬 더 많은 토큰이 필요해요. "
        "같은 뜻을 전하는 데도 비용이 더 많이 들고, 모델이 한 번에 볼 수 있는 글의 양도 줄어들어요."
    ),
    QT_TRANSLATE_NOOP("TokenizerExamples", "English paragraph (the Korean one's meaning)"): (
        "Hello. I am really looking forward to building AI applications. "
        "Korean sentences need far more tokens than English ones. "
        "Saying the same thing costs more, and less text fits in what a model can see at once."
    ),
    QT_TRANSLATE_NOOP(
        "TokenizerExamples", "Korean sentence: the weather"
    ): "오늘은 날씨가 정말 좋아서 공원에 산책하러 갔어요.",
    QT_TRANSLATE_NOOP("TokenizerExamples", "English sentence (the Korean one's meaning)"): (
        "The weather was really nice today, so I went for a walk in the park."
    ),
    QT_TRANSLATE_NOOP("TokenizerExamples", "Code"): (
        "def fibonacci(n: int) -> int:\n"
        '    """Return the n-th Fibonacci number."""\n'
        "    a, b = 0, 1\n"
        "    for _ in range(n):\n"
        "        a, b = b, a + b\n"
        "    return a\n"
    ),
    QT_TRANSLATE_NOOP(
        "TokenizerExamples", "Numbers"
    ): "3.14159265358979 1234567890 2024-05-13 $1,299.99 0x7FFF 1e-9 100000000000",
    QT_TRANSLATE_NOOP("TokenizerExamples", "Emoji"): "I love street food. 🍜🌮🍣 👩‍💻 🇰🇷 👍🏽 ❤️",
    QT_TRANSLATE_NOOP("TokenizerExamples", "Training sentence"): "I love street food.",
    QT_TRANSLATE_NOOP("TokenizerExamples", "Special-token markers"): "<|endoftext|> Hello <|endoftext|><|fim_prefix|>",
}


class TokenizerError(FMError):
    """A tokenizer cannot do what was asked: unknown encoding, bad ids, an unreadable vocabulary."""


# -- spans --------------------------------------------------------------------------------------------


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


def show_bytes(data: bytes) -> tuple[str, bool]:
    """The text shown for a token's bytes, and whether it is partial (not whole characters)."""
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="fm_byte_pieces"), True


def build_spans(
    text: str,
    tokens: Sequence[tuple[int, bytes, bool, bool]],
    cover_rest: bool = True,
    shown_cache: dict[bytes, tuple[str, bool]] | None = None,
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
            shown_partial = cache[data] = show_bytes(data)
        shown, partial = shown_partial
        if added:
            append(TokenSpan(token_id, data, shown, char, char, partial, special, True))
            continue
        size = len(data)
        exact = startswith(data, cursor)
        if exact and not partial and not pending:
            end = char + len(shown)  # whole characters, the input's own: the common, fast case
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
            spans.append(TokenSpan(-1, b"", text[char:], char, len(text)))
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
    shown_cache: dict[bytes, tuple[str, bool]] | None = None,
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


def count_words(text: str) -> int:
    return len(text.split())


# -- results ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpecialToken:
    id: int
    text: str


@dataclass(frozen=True)
class TokenStats:
    encoding: str
    label: str
    tokens: int
    chars: int
    words: int
    vocab_size: int

    @property
    def chars_per_token(self) -> float:
        return self.chars / self.tokens if self.tokens else 0.0

    @property
    def words_per_token(self) -> float:
        return self.words / self.tokens if self.tokens else 0.0


@dataclass
class Tokenization:
    encoding: str  # the key: "cl100k_base", "o200k_base" or "gguf:<path>"
    label: str
    text: str  # the whole input
    spans: list[TokenSpan]  # for the shown part only
    shown_chars: int  # characters split into spans (all of them unless the text is huge)
    total_tokens: int  # for the whole text
    words: int
    vocab_size: int
    bos: SpecialToken | None = None
    eos: SpecialToken | None = None
    aligned: bool = True
    allow_special: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def truncated(self) -> bool:
        return self.shown_chars < len(self.text)

    @property
    def ids(self) -> list[int]:
        return [s.id for s in self.spans]

    def stats(self) -> TokenStats:
        return TokenStats(self.encoding, self.label, self.total_tokens, len(self.text), self.words, self.vocab_size)


@dataclass(frozen=True, slots=True)
class TrainingSample:
    context: tuple[TokenSpan | SpecialToken, ...]
    target: TokenSpan | SpecialToken

    def context_text(self) -> str:
        """The context as text: special tokens as their markers, the rest decoded together (so a
        character split across tokens reads whole; an unfinished one shows as byte pieces)."""
        parts: list[str] = []
        run: list[bytes] = []
        for t in self.context:
            if isinstance(t, TokenSpan) and not (t.special or t.added):
                run.append(t.data)
                continue
            if run:
                parts.append(b"".join(run).decode("utf-8", errors="fm_byte_pieces"))
                run = []
            parts.append(t.text)
        if run:
            parts.append(b"".join(run).decode("utf-8", errors="fm_byte_pieces"))
        return "".join(parts)


def training_samples(result: Tokenization, limit: int = 256) -> list[TrainingSample]:
    """Self-supervision: ``<BOS> t1 … tn`` gives one (context -> next token) pair per token, the last
    predicting ``<EOS>``; no label is written by hand. Tokens the tokenizer added are left out (the
    explicit BOS/EOS stand for them). At most ``limit`` samples."""
    bos: TokenSpan | SpecialToken = result.bos or SpecialToken(-1, "<BOS>")
    eos: TokenSpan | SpecialToken = result.eos or SpecialToken(-1, "<EOS>")
    seq: list[TokenSpan | SpecialToken] = [bos, *(s for s in result.spans if not s.added)][: limit + 1]
    samples = [TrainingSample(tuple(seq[:i]), seq[i]) for i in range(1, len(seq))]
    if len(samples) < limit:
        samples.append(TrainingSample(tuple(seq), eos))
    return samples


# -- tiktoken -----------------------------------------------------------------------------------------

_lock = threading.Lock()
_encodings: dict[str, Any] = {}
_pieces: dict[str, dict[int, bytes]] = {}  # encoding -> token id -> bytes, filled as tokens are seen
_shown: dict[str, dict[bytes, tuple[str, bool]]] = {}  # encoding -> token bytes -> (shown text, partial)


def tiktoken_encoding(name: str) -> Any:
    """The tiktoken ``Encoding`` (its rank files installed from the app's own copy, offline)."""
    if name not in TIKTOKEN_ENCODINGS:
        raise TokenizerError(
            message(QT_TRANSLATE_NOOP("CoreErrors", "“{name}” is not a tiktoken encoding this app knows."), name=name)
        )
    with _lock:
        enc = _encodings.get(name)
        if enc is None:
            import tiktoken

            from desktop.core.paths import cache_dir
            from desktop.core.tiktoken_files import install_rank_files

            install_rank_files(cache_dir() / "tiktoken")
            enc = tiktoken.get_encoding(name)
            _encodings[name] = enc
            _pieces[name] = {}
            _shown[name] = {}
        return enc


def _token_bytes(name: str, enc: Any, ids: Sequence[int]) -> list[bytes]:
    cache = _pieces[name]
    get = cache.get
    out = []
    for i in ids:
        data = get(i)
        if data is None:
            data = cache[i] = enc.decode_single_token_bytes(i)
        out.append(data)
    return out


def _tiktoken_encode(enc: Any, text: str, allow_special: bool) -> list[int]:
    if allow_special:
        return list(enc.encode(text, allowed_special="all"))
    return list(enc.encode(text, allowed_special=set(), disallowed_special=()))


def tiktoken_tokenize(
    name: str,
    text: str,
    allow_special: bool = False,
    display_chars: int = DISPLAY_CHAR_LIMIT,
    display_tokens: int = DISPLAY_TOKEN_LIMIT,
) -> Tokenization:
    """Ids for all of ``text`` (one encode call), spans for its first ``display_tokens`` tokens and
    at most ``display_chars`` characters."""
    enc = tiktoken_encoding(name)
    all_ids = _tiktoken_encode(enc, sanitize(text), allow_special)
    total = len(all_ids)
    ids = all_ids[:display_tokens]
    special_ids = frozenset(enc._special_tokens.values())
    pieces = _token_bytes(name, enc, ids)
    spans, aligned, shown = display_spans(
        text,
        [(i, b, i in special_ids, False) for i, b in zip(ids, pieces, strict=True)],
        len(ids) == total,
        display_chars,
        _shown[name],
    )
    eot = SpecialToken(enc.eot_token, "<|endoftext|>")
    return Tokenization(
        encoding=name,
        label=TIKTOKEN_LABELS.get(name, name),
        text=text,
        spans=spans,
        shown_chars=shown,
        total_tokens=total,
        words=count_words(text),
        vocab_size=int(enc.n_vocab),
        bos=eot,
        eos=eot,
        aligned=aligned,
        allow_special=allow_special,
    )


def tiktoken_stats(name: str, text: str, allow_special: bool = False) -> TokenStats:
    enc = tiktoken_encoding(name)
    tokens = len(_tiktoken_encode(enc, sanitize(text), allow_special))
    return TokenStats(name, TIKTOKEN_LABELS.get(name, name), tokens, len(text), count_words(text), int(enc.n_vocab))


def parse_ids(text: str) -> list[int]:
    """Token ids from pasted text: ``[15339, 1917]``, ``15339 1917``, one per line… Raises
    TokenizerError naming the first thing that is not an id."""
    parts = [p for p in re.split(r"[\s,;\[\]()]+", text) if p]
    if len(parts) > MAX_DECODE_IDS:
        raise TokenizerError(
            message(
                QT_TRANSLATE_NOOP("CoreErrors", "That is {count:,} ids; decode at most {limit:,} at a time."),
                count=len(parts),
                limit=MAX_DECODE_IDS,
            )
        )
    ids: list[int] = []
    for p in parts:
        if not p.isdigit() or not p.isascii():
            shown = p if len(p) <= 20 else p[:20] + "…"
            raise TokenizerError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreErrors",
                        "“{text}” is not a token id. Ids are whole numbers from 0 up, such as 15339, 1917.",
                    ),
                    text=shown,
                )
            )
        ids.append(int(p))
    return ids


def _bad_id_error(token_id: int, label: str, vocab_size: int) -> TokenizerError:
    return TokenizerError(
        message(
            QT_TRANSLATE_NOOP(
                "CoreErrors",
                "Token id {id:,} is not in the {name} vocabulary (its ids run from 0 to {last:,}, with a few gaps).",
            ),
            id=token_id,
            name=label,
            last=vocab_size - 1,
        )
    )


def tiktoken_decode_bytes(name: str, ids: Sequence[int]) -> list[bytes]:
    enc = tiktoken_encoding(name)
    out: list[bytes] = []
    for token_id in ids:
        try:
            out.append(enc.decode_single_token_bytes(token_id))
        except (KeyError, ValueError, OverflowError, TypeError) as exc:
            raise _bad_id_error(token_id, name, int(enc.n_vocab)) from exc
    return out


def decode_text(pieces: Sequence[bytes]) -> str:
    """The text of decoded token bytes (invalid UTF-8, e.g. half a character, becomes U+FFFD)."""
    return b"".join(pieces).decode("utf-8", errors="replace")


# -- GGUF (vocabulary read in the model host) ---------------------------------------------------------


def gguf_key(path: str) -> str:
    return GGUF_PREFIX + path


def gguf_path(key: str) -> str | None:
    return key[len(GGUF_PREFIX) :] if key.startswith(GGUF_PREFIX) else None


def encode_piece(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode_piece(text: str) -> bytes:
    return base64.b64decode(text)


def gguf_tokenization(
    key: str,
    label: str,
    text: str,
    reply: dict[str, Any],
    allow_special: bool = False,
    display_chars: int = DISPLAY_CHAR_LIMIT,
) -> Tokenization:
    """Spans from the host's ``tokenize`` reply (ids and base64 bytes of the first tokens, the count
    for the whole text; see ``desktop.core.host.runner.VocabCache.tokenize``)."""
    ids = [int(i) for i in reply["ids"]]
    pieces = [decode_piece(p) for p in reply["pieces"]]
    special = set(reply.get("special", ()))
    added_front = int(reply.get("added_front", 0))
    added_back = int(reply.get("added_back", 0))
    n = len(ids)
    total = int(reply.get("total", n))  # the host sends the first ``max_tokens`` of them
    tokens = [
        (tid, data, i in special, i < added_front or (i >= total - added_back))
        for i, (tid, data) in enumerate(zip(ids, pieces, strict=True))
    ]
    spans, aligned, shown = display_spans(text, tokens, n >= total, display_chars)

    def special_token(prefix: str) -> SpecialToken | None:
        tid = reply.get(f"{prefix}_id")
        if tid is None or int(tid) < 0:
            return None
        return SpecialToken(int(tid), show_bytes(decode_piece(str(reply.get(f"{prefix}_piece", ""))))[0])

    return Tokenization(
        encoding=key,
        label=label,
        text=text,
        spans=spans,
        shown_chars=shown,
        total_tokens=total,
        words=count_words(text),
        vocab_size=int(reply.get("n_vocab", 0)),
        bos=special_token("bos"),
        eos=special_token("eos"),
        aligned=aligned,
        allow_special=allow_special,
        extra={"tokenizer_model": reply.get("tokenizer_model", "")},
    )
