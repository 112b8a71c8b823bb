"""Tokenizers: real tiktoken encodings and the real bundled GGUF vocabulary (read by llama.cpp in the
model host), checked against the libraries' own ids; spans always give back the input."""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.core import tokenizers as T
from desktop.core.host.client import HostProcess
from desktop.core.invisible import reveal
from desktop.core.server_tokens import UNKNOWN_PIECE, server_spans, server_token_bytes

VARIED = [
    "hello world",
    "I can't wait to build AI applications",
    "cooking",
    "chatgpting",
    T.EXAMPLES["Korean paragraph"],
    "안녕하세요",
    "한국어 문장은 영어 문장보다 훨씬 더 많은 토큰이 필요합니다.",
    "日本語のテキストと中文文本",
    "مرحبا بالعالم",
    "नमस्ते दुनिया",
    "I love street food. 🍜🌮🍣",
    "👩‍💻 🇰🇷 👍🏽 ❤️ 🫠",
    "e\u0301 combining, ﬁ ligature, Ⅻ",
    T.EXAMPLES["Code"],
    "for (int i = 0; i < n; ++i) { sum += a[i]; }\n",
    "    indented\n\ttabbed\n\n\n   trailing   ",
    "a" + " " * 40 + "b",
    "\n\n\n\n",
    "\r\n\r\nwindows lines\r\n",
    "   ",
    "",
    " ",
    T.EXAMPLES["Numbers"],
    "12345678901234567890",
    "NUL\x00inside\x00\x00",
    "<|endoftext|>",
    "<|endoftext|><|endoftext|> <|fim_prefix|>x<|fim_middle|>y<|fim_suffix|><|endofprompt|>",
    "<|im_start|>user\nhi<|im_end|>",
    "x" * 3000,
    "ab" * 1000 + "\n" + "가" * 500,
]


def _random_strings(n: int, seed: int = 1234) -> list[str]:
    """Strings drawn from a pool that stresses byte handling: ASCII, accents, Hangul, CJK, emoji with
    modifiers and joiners, controls, NUL, lone surrogates, whitespace runs, special markers."""
    pool = [
        "a",
        "Z",
        " ",
        "  ",
        "\n",
        "\t",
        "\r\n",
        "\x00",
        "\x07",
        "é",
        "e\u0301",
        "ß",
        "가",
        "힣",
        "中",
        "🍜",
        "👍🏽",
        "\u200d",
        "🇰",
        "\ud800",
        "\udfff",
        "\ufffd",
        "<|endoftext|>",
        "<|",
        "|>",
        "123",
        "'s",
        "’",
        "\u2028",
        "\ufeff",
    ]
    rng = random.Random(seed)
    return ["".join(rng.choice(pool) for _ in range(rng.randint(0, 40))) for _ in range(n)]


@pytest.mark.parametrize("name", T.TIKTOKEN_ENCODINGS)
def test_hello_world_known_ids(name: str) -> None:
    r = T.tiktoken_tokenize(name, "hello world")
    if name == "cl100k_base":
        assert r.ids == [15339, 1917]
    assert [s.text for s in r.spans] == ["hello", " world"]
    assert [(s.start, s.end) for s in r.spans] == [(0, 5), (5, 11)]


@pytest.mark.parametrize("allow_special", [False, True])
@pytest.mark.parametrize("name", T.TIKTOKEN_ENCODINGS)
def test_ids_equal_tiktoken_own(name: str, allow_special: bool) -> None:
    enc = T.tiktoken_encoding(name)
    for text in VARIED:
        expected = enc.encode(text, allowed_special="all") if allow_special else enc.encode(text, disallowed_special=())
        r = T.tiktoken_tokenize(name, text, allow_special)
        assert r.ids == expected, text
        assert r.total_tokens == len(expected)
        assert T.reassemble(text, r.spans) == text
        assert b"".join(s.data for s in r.spans) == text.encode("utf-8")
        assert r.aligned and not r.truncated


@pytest.mark.parametrize("name", T.TIKTOKEN_ENCODINGS)
def test_spans_always_reassemble(name: str) -> None:
    for allow_special in (False, True):
        for text in _random_strings(300):
            r = T.tiktoken_tokenize(name, text, allow_special)
            assert T.reassemble(text, r.spans) == text, repr(text)
            assert r.aligned
            # ranges are contiguous and ordered; a token's text is its bytes, or byte pieces when partial
            pos = 0
            for s in r.spans:
                assert s.start == pos and s.end >= s.start
                pos = s.end
                if not s.partial:
                    assert s.text == reveal(s.data.decode("utf-8"))
                else:
                    assert "<0x" in s.text
            assert pos == len(text)


def test_split_characters_are_shown_as_byte_pieces() -> None:
    r = T.tiktoken_tokenize("cl100k_base", "안녕하세요 😀")
    assert r.ids == [31495, 230, 75265, 243, 92245, 91416]
    assert [s.text for s in r.spans] == ["<0xEC><0x95>", "<0x88>", "<0xEB><0x85>", "<0x95>", "하세요", " 😀"]
    assert [s.partial for s in r.spans] == [True, True, True, True, False, False]
    # a split character belongs to the token that completes it; the ones before it cover nothing
    assert [(s.start, s.end) for s in r.spans] == [(0, 0), (0, 1), (1, 1), (1, 2), (2, 5), (5, 7)]
    assert r.spans[0].bytes_text == "EC 95"


def test_lone_surrogates_and_nul_do_not_crash() -> None:
    text = "a\ud800b\udfffc\x00d"
    for name in T.TIKTOKEN_ENCODINGS:
        for allow_special in (False, True):
            r = T.tiktoken_tokenize(name, text, allow_special)
            assert T.reassemble(text, r.spans) == text
            assert "\ufffd" in "".join(s.text for s in r.spans)
            assert T.tiktoken_stats(name, text, allow_special).tokens == r.total_tokens


def test_special_markers_as_text_or_as_special() -> None:
    text = "<|endoftext|> hi"
    as_text = T.tiktoken_tokenize("cl100k_base", text, allow_special=False)
    as_special = T.tiktoken_tokenize("cl100k_base", text, allow_special=True)
    assert 100257 not in as_text.ids and not any(s.special for s in as_text.spans)
    assert as_special.ids == [100257, 15960]
    assert as_special.spans[0].special and as_special.spans[0].text == "<|endoftext|>"
    assert T.reassemble(text, as_special.spans) == text
    markers = "".join(["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>"] * 200)
    for name in T.TIKTOKEN_ENCODINGS:
        for allow_special in (False, True):
            r = T.tiktoken_tokenize(name, markers, allow_special)
            assert T.reassemble(markers, r.spans) == markers


def test_stats() -> None:
    s = T.tiktoken_stats("cl100k_base", "I can't wait to build AI applications")
    assert s.tokens == len(T.tiktoken_encoding("cl100k_base").encode("I can't wait to build AI applications"))
    assert s.words == 7
    assert s.chars == 37
    assert s.chars_per_token == pytest.approx(37 / s.tokens)
    assert s.words_per_token == pytest.approx(7 / s.tokens)
    assert s.vocab_size == 100277
    assert T.tiktoken_stats("o200k_base", "").chars_per_token == 0.0
    assert T.tiktoken_stats("o200k_base", "x").vocab_size == 200019
    korean = T.tiktoken_stats("cl100k_base", T.EXAMPLES["Korean paragraph"])
    english = T.tiktoken_stats("cl100k_base", T.EXAMPLES["English paragraph (the Korean one's meaning)"])
    assert korean.tokens > english.tokens  # the same meaning costs more tokens in Korean


def test_parse_and_decode_ids() -> None:
    assert T.parse_ids("[15339, 1917]") == [15339, 1917]
    assert T.parse_ids("15339 1917\n13") == [15339, 1917, 13]
    assert T.parse_ids("  ") == []
    assert T.decode_text(T.tiktoken_decode_bytes("cl100k_base", [15339, 1917])) == "hello world"
    for bad in ("abc", "12 x3", "-5", "1.5", "１２"):
        with pytest.raises(T.TokenizerError, match="not a token id"):
            T.parse_ids(bad)
    for bad_id in (100256, 100261, 100277, 10**12):
        with pytest.raises(T.TokenizerError, match="not in the cl100k_base vocabulary"):
            T.tiktoken_decode_bytes("cl100k_base", [bad_id])
    # half a character decodes to U+FFFD rather than failing
    assert T.decode_text(T.tiktoken_decode_bytes("cl100k_base", [31495])) == "\ufffd"
    with pytest.raises(T.TokenizerError):
        T.tiktoken_encoding("p50k_unknown")


def test_training_samples() -> None:
    r = T.tiktoken_tokenize("cl100k_base", "I love street food.")
    samples = T.training_samples(r)
    assert len(samples) == len(r.spans) + 1  # one per token, plus the last predicting <EOS>
    assert samples[0].context == (r.bos,)
    assert samples[0].target == r.spans[0]
    assert samples[-1].target == r.eos
    assert r.eos is not None and r.eos.id == 100257
    for before, after in itertools.pairwise(samples):
        assert after.context == (*before.context, before.target)
    assert samples[-1].context_text() == "<|endoftext|>I love street food."
    # a character split across tokens reads whole in the context once complete
    korean = T.training_samples(T.tiktoken_tokenize("cl100k_base", "안녕"))
    assert korean[1].context_text() == "<|endoftext|><0xEC><0x95>"
    assert korean[2].context_text() == "<|endoftext|>안"
    assert len(T.training_samples(T.tiktoken_tokenize("cl100k_base", "word " * 500), limit=50)) == 50


def test_huge_text_shows_first_part_counts_all() -> None:
    text = ("The quick brown fox jumps over the lazy dog. 안녕하세요 😀\n" * 30000)[:1_500_000]
    enc = T.tiktoken_encoding("cl100k_base")
    r = T.tiktoken_tokenize("cl100k_base", text)
    assert r.truncated
    assert r.total_tokens == len(enc.encode(text, disallowed_special=()))
    assert len(r.spans) <= T.DISPLAY_TOKEN_LIMIT
    assert 0 < r.shown_chars <= T.DISPLAY_CHAR_LIMIT
    assert T.reassemble(text, r.spans) == text[: r.shown_chars]
    assert r.words == len(text.split())
    # one long line without spaces: the character limit cuts it
    line = "x" * 300_000
    r = T.tiktoken_tokenize("o200k_base", line)
    assert r.truncated and T.DISPLAY_CHAR_LIMIT - 100 < r.shown_chars <= T.DISPLAY_CHAR_LIMIT
    assert T.reassemble(line, r.spans) == line[: r.shown_chars]
    # many tokens in few characters: the token limit cuts it, never mid-character
    dense = "가나다" * 20000
    r = T.tiktoken_tokenize("cl100k_base", dense, display_chars=10**9, display_tokens=1001)
    assert r.truncated and len(r.spans) == 1001
    assert T.reassemble(dense, r.spans) == dense[: r.shown_chars]


def test_display_spans_cut_at_a_token_and_character_limit() -> None:
    text = "word " * 100
    enc = T.tiktoken_encoding("cl100k_base")
    ids = enc.encode(text)
    tokens = [(i, enc.decode_single_token_bytes(i), False, False) for i in ids]
    spans, aligned, covered = T.display_spans(text, tokens, complete=True, display_chars=52)
    assert aligned and covered <= 52 and spans[-1].end == covered
    assert T.reassemble(text, spans) == text[:covered]
    spans, _, covered = T.display_spans(text, tokens[:10], complete=False)
    assert len(spans) == 10 and covered == len("".join(text[s.start : s.end] for s in spans))


# -- GGUF, through the real model host ----------------------------------------------------------------


def _ask(host: HostProcess, op: str, **params: Any) -> dict[str, Any]:
    rid = host.send(op, **params)
    while True:
        event = host.read_event()
        assert event is not None, host.exit_report()
        if event.get("id") == rid and event["type"] in ("result", "error"):
            return event


@pytest.fixture(scope="module")
def own_llama(default_model: Path) -> Iterator[Any]:
    import llama_cpp

    llm = llama_cpp.Llama(str(default_model), vocab_only=True, verbose=False)
    yield llm
    llm.close()


@pytest.mark.parametrize("allow_special", [False, True])
def test_gguf_ids_equal_llama_cpp_own(
    host: HostProcess, own_llama: Any, default_model: Path, allow_special: bool
) -> None:
    key = T.gguf_key(str(default_model))
    for text in VARIED:
        clean = T.sanitize(text)
        event = _ask(host, "tokenize", path=str(default_model), text=clean, allow_special=allow_special)
        assert event["type"] == "result", event
        expected = own_llama.tokenize(text.encode("utf-8"), add_bos=True, special=allow_special)
        r = T.gguf_tokenization(key, "SmolLM2", text, event["data"], allow_special)
        assert r.ids == expected, text
        assert r.total_tokens == len(expected)
        assert r.vocab_size == own_llama.n_vocab() == 49152
        assert T.reassemble(text, r.spans) == text, text
        assert r.aligned, text
    assert r.bos is not None and r.bos.text == "<|im_start|>"
    assert r.eos is not None and r.eos.text == "<|im_end|>"


def test_gguf_spans_reassemble_and_huge_text(host: HostProcess, default_model: Path) -> None:
    key = T.gguf_key(str(default_model))
    for text in _random_strings(60, seed=7):
        clean = T.sanitize(text)
        event = _ask(host, "tokenize", path=str(default_model), text=clean)
        r = T.gguf_tokenization(key, "SmolLM2", text, event["data"])
        assert T.reassemble(text, r.spans) == text, repr(text)
    big = "Hello there, 안녕하세요! " * 20000
    event = _ask(host, "tokenize", path=str(default_model), text=big, max_tokens=500)
    r = T.gguf_tokenization(key, "SmolLM2", big, event["data"])
    assert r.truncated and len(r.spans) == 500
    assert T.reassemble(big, r.spans) == big[: r.shown_chars]
    assert r.total_tokens > 100_000


def test_gguf_detokenize_and_bad_requests(host: HostProcess, default_model: Path, tmp_path: Path) -> None:
    event = _ask(host, "detokenize", path=str(default_model), ids=[19556, 905])
    assert T.decode_text([T.decode_piece(p) for p in event["data"]["pieces"]]) == "Hello world"
    event = _ask(host, "detokenize", path=str(default_model), ids=[49152])
    assert event["type"] == "error" and "not in this model's vocabulary" in event["message"]
    not_gguf = tmp_path / "notes.gguf"
    not_gguf.write_text("not a model\n" * 10)
    event = _ask(host, "tokenize", path=str(not_gguf), text="hi")
    assert event["type"] == "error" and "not a GGUF" in event["message"]
    event = _ask(host, "tokenize", path=str(tmp_path / "missing.gguf"), text="hi")
    assert event["type"] == "error"
    assert _ask(host, "ping")["type"] == "result"  # the host is still fine


# -- one rendering for every tokenizer; a server's bytes worked out from the input (issue 19) ----------


def test_invisible_characters_show_as_named_markers() -> None:
    assert T.show_bytes("\u200d".encode()) == ("⟨U+200D⟩", False)
    assert T.show_bytes(b"\xe2\x80") == ("<0xE2><0x80>", True)
    r = T.tiktoken_tokenize("o200k_base", "a\u200db")
    assert [s.text for s in r.spans] == ["a", "⟨U+200D⟩", "b"]
    assert [(s.start, s.end) for s in r.spans] == [(0, 1), (1, 2), (2, 3)]  # the marker is one input character
    sample = T.training_samples(r)[2]
    assert sample.context_text() == "<|endoftext|>a⟨U+200D⟩"


def test_vocabulary_parts() -> None:
    cl100k = T.tiktoken_vocab_parts("cl100k_base")
    assert (cl100k.ordinary, cl100k.special, cl100k.unused) == (100_256, 5, 16)
    assert sum((cl100k.ordinary, cl100k.special, cl100k.unused)) == T.tiktoken_encoding("cl100k_base").n_vocab
    assert T.tiktoken_stats("o200k_base", "hi").vocab_parts == T.VocabParts(199_998, 2, 19)
    assert T.tiktoken_tokenize("cl100k_base", "hi").stats().vocab_parts == cl100k


def _as_server_says(data: list[bytes]) -> list[str]:
    """What llama_cpp.server's /extras/detokenize gives per token: its text, or U+FFFD where a token holds
    part of a character (it cannot decode those alone)."""
    out = []
    for d in data:
        try:
            out.append(d.decode("utf-8"))
        except UnicodeDecodeError:
            out.append("\ufffd")
    return out


@pytest.mark.parametrize(
    ("text", "known_share"),
    # a long text pins most ids down (the same id holds the same bytes everywhere); in a short one a
    # character split in two tokens seen once can be split either way, and stays open
    [
        (T.EXAMPLES["Korean paragraph"], 0.5),
        (T.EXAMPLES["Korean sentence: the weather"], 0.3),
        ("안녕하세요 😀", 0.3),
        (T.EXAMPLES["Emoji"], 0.2),
    ],
)
def test_a_servers_unknown_bytes_come_from_the_input(text: str, known_share: float) -> None:
    truth = T.tiktoken_tokenize("cl100k_base", text)
    data = [s.data for s in truth.spans]
    pieces = _as_server_says(data)
    assert "\ufffd" in pieces
    found, aligned = server_token_bytes(text, truth.ids, pieces)
    assert aligned
    assert all(f is None or f == d for f, d in zip(found, data, strict=True))  # never a wrong guess
    assert sum(f is not None for f in found) >= known_share * len(found)
    spans, ok, covered, unknown = server_spans(text, truth.ids, pieces)
    assert ok and covered == len(text) and T.reassemble(text, spans) == text
    assert unknown == sum(f is None for f in found)
    for span, mine in zip(spans, truth.spans, strict=True):
        assert span.text == (UNKNOWN_PIECE if span.text == UNKNOWN_PIECE else mine.text)  # the same rendering
        assert "\ufffd" not in span.text


def test_a_servers_bytes_when_it_says_them() -> None:
    text = "안녕하세요 😀"
    truth = T.tiktoken_tokenize("cl100k_base", text)
    spans, ok, _covered, unknown = server_spans(text, truth.ids, [s.data for s in truth.spans])
    assert ok and unknown == 0
    assert [(s.text, s.start, s.end) for s in spans] == [(s.text, s.start, s.end) for s in truth.spans]
    # a normalizing tokenizer: its pieces do not spell the input, and that is said, not worked around
    spans, ok, _covered, _unknown = server_spans("Hello", [1, 2], ["hel", "lo"])
    assert not ok and T.reassemble("Hello", spans) == "Hello"
    # a BOS the server adds holds no bytes: it covers nothing
    spans, ok, _covered, _unknown = server_spans("hi", [1, 9], [b"", b"hi"])
    assert ok and spans[0].added and (spans[1].start, spans[1].end) == (0, 2)
