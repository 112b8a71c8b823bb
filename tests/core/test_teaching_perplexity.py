"""Score a text, fill the blank and a step's logits, in the model host on the real SmolLM2, checked
against raw llama-cpp-python."""

from __future__ import annotations

import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from desktop.core.host.client import HostProcess
from desktop.core.host.runner import LoadSettings  # raw llama-cpp-python loads as the app's host does
from desktop.core.teaching.perplexity import plan_windows, summarize
from desktop.core.teaching.sampling import decode_logits
from tests.hosts import load_model

TEXT = (
    "The quick brown fox jumps over the lazy dog. Foundation models learn from large amounts of text, "
    "and a language model predicts the next token from the ones before it."
)
LONG = " ".join(
    f"Paragraph {i}: the weather in the valley was mild, and the farmers walked to the market early." for i in range(12)
)


def final(host: HostProcess, rid: int) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    tokens, progress = [], []
    while True:
        event = host.read_event()
        assert event is not None, host.exit_report()
        if event.get("id") != rid:
            continue
        if event["type"] == "progress":
            progress.append(event)
        elif event["type"] == "token":
            tokens.append(event)
        else:
            return event, tokens, progress


def result(host: HostProcess, op: str, **params: Any) -> dict[str, Any]:
    event, _, _ = final(host, host.send(op, **params))
    assert event["type"] == "result", event
    return dict(event["data"])


@pytest.fixture
def loaded(host: HostProcess, default_model: Path) -> HostProcess:
    load_model(host, default_model, n_ctx=512, n_threads=2)
    return host


@pytest.fixture(scope="module")
def raw(default_model: Path) -> Iterator[Any]:
    import llama_cpp

    llm = llama_cpp.Llama(
        model_path=str(default_model),
        n_ctx=512,
        n_threads=2,
        logits_all=True,
        flash_attn=LoadSettings.flash_attn,
        verbose=False,
    )
    yield llm
    llm.close()


def raw_logprobs(llm: Any, seq: list[int]) -> np.ndarray:
    """log p(seq[j] | seq[:j]) for j >= 1, the plain llama-cpp-python way."""
    from llama_cpp import Llama

    llm.reset()
    llm.eval(seq)
    lp = Llama.logits_to_logprobs(np.asarray(llm.scores[: len(seq)]))
    return np.asarray([lp[j - 1, seq[j]] for j in range(1, len(seq))], dtype=np.float64)


def test_windows_score_every_token_once_with_context() -> None:
    for n, window, stride, bos in ((10, 4, 2, False), (100, 16, 5, True), (7, 64, 32, True), (50, 10, 10, False)):
        windows = plan_windows(n, window, stride, bos)
        scored = [i for w in windows for i in range(w.score_from, w.end)]
        assert scored == list(range(1, n))
        step = min(stride, window - 1 - int(bos))
        for w in windows:
            assert w.n_tokens <= window
            if w.begin > 0:  # every scored token has at least window - stride tokens before it
                assert w.score_from - w.begin >= window - int(bos) - step >= 1
    assert summarize([math.log(0.5)] * 4).perplexity == pytest.approx(2.0)
    assert summarize([math.log(0.5)] * 4).bits_per_token == pytest.approx(1.0)


def test_score_equals_raw_llama_cpp(loaded: HostProcess, raw: Any) -> None:
    data = result(loaded, "score", text=TEXT)
    ids = [data["first"]["token"]] + [t["token"] for t in data["tokens"]]
    assert ids == raw.tokenize(TEXT.encode(), add_bos=True, special=True) or data["first"]["bos"] is False
    ours = np.asarray([t["logprob"] for t in data["tokens"]])
    expected = raw_logprobs(raw, ids)
    np.testing.assert_allclose(ours, expected, atol=1e-3)
    assert data["perplexity"] == pytest.approx(math.exp(-expected.mean()), rel=1e-3)
    assert data["bits_per_char"] == pytest.approx(-expected.sum() / math.log(2) / len(TEXT), rel=1e-3)
    assert data["windows"] == 1
    assert "".join(t["text"] for t in data["tokens"]) == TEXT[len(data["first"]["text"]) :]
    top = [t for t in data["tokens"] if t["rank"] == 0]
    assert top and all(t["top"][0] == t["token"] for t in top)


def test_long_text_in_windows_equals_raw(loaded: HostProcess, raw: Any) -> None:
    event, token_events, progress = final(loaded, loaded.send("score", text=LONG, window=96, stride=48))
    assert event["type"] == "result", event
    data = event["data"]
    ids = [data["first"]["token"]] + [t["token"] for t in data["tokens"]]
    assert data["windows"] > 3 and len(token_events) == data["windows"]
    assert progress and progress[-1]["fraction"] == pytest.approx(1.0)
    bos = ids[0] if data["first"]["bos"] else None
    expected = np.full(len(ids) - 1, np.nan)
    for w in plan_windows(len(ids), 96, 48, bos=bos is not None):
        seq = ([bos] if w.bos else []) + ids[w.begin : w.end]
        lp = raw_logprobs(raw, seq)  # lp[j-1] scores seq[j]
        for g in range(w.score_from, w.end):
            expected[g - 1] = lp[g - w.begin + int(w.bos) - 1]
    ours = np.asarray([t["logprob"] for t in data["tokens"]])
    np.testing.assert_allclose(ours, expected, atol=1e-3)
    streamed = np.concatenate([np.asarray(e["logprobs"]) for e in token_events])
    np.testing.assert_allclose(streamed, ours, atol=1e-9)


def test_cancel_mid_score_then_the_model_still_completes(loaded: HostProcess) -> None:
    rid = loaded.send("score", text=LONG * 3, window=128, stride=64)
    windows = 0
    while True:
        event = loaded.read_event()
        assert event is not None
        if event.get("id") != rid:
            continue
        if event["type"] == "token":
            windows += 1
            if windows == 2:
                loaded.cancel(rid)
        if event["type"] in ("result", "error"):
            break
    assert event["type"] == "error" and event["error"] == "Cancelled", event
    # the cache was left consistent: a greedy completion equals a fresh host's
    done = result(loaded, "complete", prompt="The capital of France is", max_tokens=8, temperature=0.0, seed=1)
    again = result(loaded, "complete", prompt="The capital of France is", max_tokens=8, temperature=0.0, seed=1)
    assert done["text"] == again["text"] and done["text"].strip()


def test_fill_the_blank(loaded: HostProcess, raw: Any) -> None:
    data = result(
        loaded, "fill_blank", left="The ", right=" barked at the mailman all morning.", candidates=["dog", "cat", "car"]
    )
    words = [d["word"] for d in data["both"]]
    assert {"dog", "cat", "car"} <= set(words) and len(data["left_only"]) == 10
    scores = [d["logprob"] for d in data["both"]]
    assert scores == sorted(scores, reverse=True)
    assert words.index("dog") < words.index("car")
    # a sentence's score is the log-probability of the whole sentence, as the raw library gives it
    for d in data["both"][:3]:
        ids = raw.tokenize(d["sentence"].encode(), add_bos=True, special=True)
        assert d["logprob"] == pytest.approx(float(raw_logprobs(raw, ids).sum()), abs=0.05), d
    assert abs(sum(d["share"] for d in data["both"]) - 1.0) < 1e-6


def test_step_logits_are_the_steps_distribution(loaded: HostProcess) -> None:
    event, tokens, _ = final(
        loaded, loaded.send("complete", prompt="Once upon a time", max_tokens=6, temperature=0.0, seed=3)
    )
    assert event["type"] == "result"
    generated = [t["token"] for t in tokens]
    for step in (0, 3):
        data = result(loaded, "step_logits", prompt="Once upon a time", generated=generated, step=step)
        row = decode_logits(data["logits"], data["n_vocab"]).astype(np.float64)
        p = np.exp(row - row.max())
        p /= p.sum()
        assert int(np.argmax(row)) == generated[step]  # greedy: the step's best token was drawn
        for token_id, _text, q in tokens[step]["alts"][:5]:
            assert p[token_id] == pytest.approx(q, abs=2e-3)
        assert str(generated[step]) in data["pieces"]


def test_large_vocabulary_scores_in_small_batches(host: HostProcess) -> None:
    """Gemma's 262k vocabulary: logits for every position of a 512-token batch would be 512 MiB that
    llama.cpp keeps; batches are cut so the output buffer stays near 128 MiB."""
    import psutil

    from desktop.resources import base_model_path

    path = base_model_path(assemble=True)
    assert path is not None
    result(host, "load", path=str(path), n_ctx=512, n_threads=2)
    assert host.pid is not None
    proc = psutil.Process(host.pid)
    before = proc.memory_info().rss
    data = result(host, "score", text=LONG + " " + LONG, window=512, stride=256)
    grown = proc.memory_info().rss - before
    assert data["n_scored"] > 400 and 1 < data["perplexity"] < 1000
    assert grown < 400 * 2**20, grown / 2**20  # about 270 MiB; 1 GiB with 512-row batches
