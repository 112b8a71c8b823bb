"""TokenizerService: tiktoken on its worker thread, GGUF vocabularies in its own model host, latest
request wins, a dead host is explained and replaced."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core import tokenizers as T
from desktop.services.tokenizer_service import TokenizerService


@pytest.fixture
def service() -> Iterator[TokenizerService]:
    s = TokenizerService()
    yield s
    s.shutdown()


def test_tiktoken_through_the_worker(qtbot: QtBot, service: TokenizerService) -> None:
    with qtbot.waitSignal(service.tokenized, timeout=10000) as blocker:
        service.tokenize("cl100k_base", "hello world")
    result = blocker.args[0]
    assert isinstance(result, T.Tokenization)
    assert result.ids == [15339, 1917]
    assert not service.busy()


def test_latest_request_wins(qtbot: QtBot, service: TokenizerService) -> None:
    results: list[T.Tokenization] = []
    service.tokenized.connect(results.append)
    text = ""
    for ch in "The quick brown fox jumps over the lazy dog":
        text += ch
        service.tokenize("o200k_base", text)
    qtbot.waitUntil(lambda: bool(results) and results[-1].text == text and not service.busy(), timeout=10000)
    # the first keystroke starts at once, the last one replaces every other that waited
    assert len(results) <= 2
    assert results[-1].ids == T.tiktoken_encoding("o200k_base").encode(text)


def test_stats_and_decode(qtbot: QtBot, service: TokenizerService) -> None:
    with qtbot.waitSignal(service.statsReady, timeout=10000) as blocker:
        service.stats("cl100k_base", "I can't wait to build AI applications")
    stats = blocker.args[0]
    assert stats.encoding == "cl100k_base" and stats.words == 7 and stats.vocab_size == 100277
    with qtbot.waitSignal(service.decoded, timeout=10000) as blocker:
        service.decode("cl100k_base", "[15339, 1917]")
    assert blocker.args == ["cl100k_base", "hello world", 2]
    with qtbot.waitSignal(service.failed, timeout=10000) as blocker:
        service.decode("cl100k_base", "15339, 100261")
    kind, key, message, _details = blocker.args
    assert (kind, key) == ("decode", "cl100k_base") and "100,261" in message


def test_gguf_through_its_own_host(qtbot: QtBot, service: TokenizerService, default_model: Path) -> None:
    import llama_cpp

    key = T.gguf_key(str(default_model))
    text = "Hello world 안녕 😀\n\n  x <|im_start|>"
    llm = llama_cpp.Llama(str(default_model), vocab_only=True, verbose=False)
    try:
        plain_count = len(llm.tokenize(text.encode(), add_bos=True, special=False))
        for allow_special in (False, True):
            with qtbot.waitSignal(service.tokenized, timeout=20000) as blocker:
                service.tokenize(key, text, allow_special, label="SmolLM2")
            result = blocker.args[0]
            assert result.ids == llm.tokenize(text.encode(), add_bos=True, special=allow_special)
            assert T.reassemble(text, result.spans) == text
            assert result.label == "SmolLM2" and result.vocab_size == 49152
    finally:
        llm.close()
    with qtbot.waitSignal(service.statsReady, timeout=10000) as blocker:
        service.stats(key, text, label="SmolLM2")
    assert blocker.args[0].tokens == plain_count
    assert blocker.args[0].vocab_size == 49152 and blocker.args[0].label == "SmolLM2"
    with qtbot.waitSignal(service.decoded, timeout=10000) as blocker:
        service.decode(key, "19556 905")
    assert blocker.args[1] == "Hello world"
    with qtbot.waitSignal(service.failed, timeout=10000) as blocker:
        service.decode(key, "99999999")
    assert "not in this model's vocabulary" in blocker.args[2]
    assert service.host_pid() is not None


def test_a_dead_host_is_explained_and_replaced(qtbot: QtBot, service: TokenizerService, default_model: Path) -> None:
    key = T.gguf_key(str(default_model))
    with qtbot.waitSignal(service.tokenized, timeout=20000):
        service.tokenize(key, "warm up")
    pid = service.host_pid()
    assert pid is not None
    with qtbot.waitSignal(service.failed, timeout=20000) as blocker:
        service.tokenize(key, "Hello " * 200_000)
        os.kill(pid, signal.SIGKILL)
    kind, failed_key, message, details = blocker.args
    assert (kind, failed_key) == ("tokenize", key)
    assert "stopped while reading the vocabulary" in message and "SIGKILL" in message
    assert "SIGKILL" in details
    # the file is remembered as the cause, so typing does not restart a crashing host on every key
    assert service.broken_reason(key) == message
    with qtbot.waitSignal(service.failed, timeout=5000):
        service.tokenize(key, "again")
    service.forget_broken()
    with qtbot.waitSignal(service.tokenized, timeout=20000) as ok:
        service.tokenize(key, "Hello world")
    assert ok.args[0].ids == [19556, 905]
    assert service.host_pid() not in (None, pid)


def test_unknown_encoding_and_shutdown_twice(qtbot: QtBot) -> None:
    service = TokenizerService()
    with qtbot.waitSignal(service.failed, timeout=5000) as blocker:
        service.tokenize("p50k_nope", "x")
    assert "not an encoding" in blocker.args[2]
    service.shutdown()
    service.shutdown()
    service.tokenize("cl100k_base", "after shutdown is ignored")


def test_what_the_server_client_returns_becomes_spans() -> None:
    """``remote_tokenization`` takes the client's reply: raw bytes per token where the server says them,
    text (U+FFFD where the server could not decode a token alone) where it does not."""
    from desktop.services.tokenizer_service import remote_tokenization

    text = "안녕하세요 😀"
    truth = T.tiktoken_tokenize("cl100k_base", text)
    as_bytes = {"ids": truth.ids, "pieces": [s.data for s in truth.spans], "endpoint": "/tokenize"}
    r = remote_tokenization("remote:x/m", "m", text, as_bytes, False, T.DISPLAY_CHAR_LIMIT)
    assert [s.text for s in r.spans] == [s.text for s in truth.spans] and r.aligned and r.extra["unknown"] == 0
    as_text = dict(as_bytes, pieces=["\ufffd" if s.partial else s.text for s in truth.spans])
    r = remote_tokenization("remote:x/m", "m", text, as_text, False, T.DISPLAY_CHAR_LIMIT)
    assert r.aligned and T.reassemble(text, r.spans) == text and r.extra["unknown"] == 4  # two pairs stay open
    assert all(s.text == "<?>" for s in r.spans[:4]) and r.spans[4].text == "하세요"
    none = dict(as_bytes, pieces=None)
    r = remote_tokenization("remote:x/m", "m", text, none, False, T.DISPLAY_CHAR_LIMIT)
    assert not r.aligned and not r.extra["pieces_known"] and r.ids == truth.ids
