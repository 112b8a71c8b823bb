"""Text as tokens: tiktoken encodings (offline BPE files) and GGUF tokenizers -> token spans.

The spans themselves (a token's bytes, what is shown for it, the input characters it covers) are
:mod:`desktop.core.token_spans`; the examples are :mod:`desktop.core.tokenizer_examples`. Both are
re-exported here, so ``tokenizers`` stays the one module the tokenizer's users import.

Pure Python, never imports Qt. GGUF vocabularies are read by llama.cpp in the model host process (a
malformed file can abort llama.cpp); this module only turns the host's reply into spans.
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop.core.cut import cut
from desktop.core.errors import FMError
from desktop.core.invisible import reveal
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.token_spans import DISPLAY_CHAR_LIMIT as DISPLAY_CHAR_LIMIT
from desktop.core.token_spans import TokenSpan as TokenSpan
from desktop.core.token_spans import build_spans as build_spans
from desktop.core.token_spans import display_spans as display_spans
from desktop.core.token_spans import reassemble as reassemble
from desktop.core.token_spans import sanitize as sanitize
from desktop.core.token_spans import show_bytes as show_bytes
from desktop.core.tokenizer_examples import EXAMPLE_NOTES as EXAMPLE_NOTES
from desktop.core.tokenizer_examples import EXAMPLES as EXAMPLES

TIKTOKEN_ENCODINGS: tuple[str, ...] = ("cl100k_base", "o200k_base")
TIKTOKEN_LABELS: dict[str, str] = {
    "cl100k_base": "cl100k_base (GPT-4, GPT-3.5)",
    "o200k_base": "o200k_base (GPT-4o)",
}
GGUF_PREFIX = "gguf:"

# Above this many tokens (or DISPLAY_CHAR_LIMIT characters), only the first part is split into spans for
# display (the view stays quick); the counts are still for the whole text (one fast encode call).
DISPLAY_TOKEN_LIMIT = 20_000
MAX_DECODE_IDS = 1_000_000
WORDS_PER_TOKEN_RULE = 0.75  # the rule of thumb for English text


class TokenizerError(FMError):
    """A tokenizer cannot do what was asked: unknown encoding, bad ids, an unreadable vocabulary."""


def count_words(text: str) -> int:
    return len(text.split())


# -- results ------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpecialToken:
    id: int
    text: str


@dataclass(frozen=True)
class VocabParts:
    """What a vocabulary size counts: ``ordinary`` tokens learned from text (BPE merges), ``special`` ones
    such as <|endoftext|>, and ``unused`` ids in the gaps (the size is the highest id plus one)."""

    ordinary: int
    special: int
    unused: int


@dataclass(frozen=True)
class TokenStats:
    encoding: str
    label: str
    tokens: int
    chars: int
    words: int
    vocab_size: int
    vocab_parts: VocabParts | None = None

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
    vocab_parts: VocabParts | None = None

    @property
    def truncated(self) -> bool:
        return self.shown_chars < len(self.text)

    @property
    def ids(self) -> list[int]:
        return [s.id for s in self.spans]

    def stats(self) -> TokenStats:
        return TokenStats(
            self.encoding, self.label, self.total_tokens, len(self.text), self.words, self.vocab_size, self.vocab_parts
        )


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
        return reveal("".join(parts))


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
_shown: dict[str, dict[bytes, tuple[str, bool, int]]] = {}  # encoding -> token bytes -> (shown, partial, chars)


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


def tiktoken_vocab_parts(name: str) -> VocabParts:
    """cl100k_base: 100,256 ordinary tokens, 5 special and 16 unused ids make its size of 100,277."""
    enc = tiktoken_encoding(name)
    ordinary = len(enc._mergeable_ranks)
    special = len(enc._special_tokens)
    return VocabParts(ordinary, special, int(enc.n_vocab) - ordinary - special)


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
        vocab_parts=tiktoken_vocab_parts(name),
    )


def tiktoken_stats(name: str, text: str, allow_special: bool = False) -> TokenStats:
    enc = tiktoken_encoding(name)
    tokens = len(_tiktoken_encode(enc, sanitize(text), allow_special))
    label = TIKTOKEN_LABELS.get(name, name)
    words = count_words(text)
    return TokenStats(name, label, tokens, len(text), words, int(enc.n_vocab), tiktoken_vocab_parts(name))


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
            shown = cut(p, 20, note="…")[0]
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
