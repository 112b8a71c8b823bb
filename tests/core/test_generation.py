"""Generation in the model host on the real default model, checked against raw llama-cpp-python."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import llama_cpp
import numpy as np
import pytest

from desktop.core.host.client import HostProcess
from desktop.core.host.generation import NoChatTemplateError, prompt_tokens, render_chat
from desktop.core.host.pieces import token_bytes
from desktop.core.host.runner import LoadSettings  # raw llama-cpp-python loads as the app's host does
from tests.hosts import load_model

N_CTX = 1024
GREEDY = {"temperature": 0.0, "top_k": 40, "top_p": 0.95, "min_p": 0.05, "repeat_penalty": 1.0}


@pytest.fixture(scope="module")
def raw(default_model: Path) -> Iterator[llama_cpp.Llama]:
    llm = llama_cpp.Llama(
        str(default_model), n_ctx=N_CTX, logits_all=True, flash_attn=LoadSettings.flash_attn, verbose=False
    )
    yield llm
    llm.close()


@pytest.fixture
def host(host: HostProcess, default_model: Path) -> HostProcess:
    """conftest's started host, with the default model loaded."""
    load_model(host, default_model, n_ctx=N_CTX)
    return host


def run(host: HostProcess, cancel_after: int | None = None, **params: Any) -> tuple[dict[str, Any], list[dict]]:
    """Send a completion and read it to its end; with ``cancel_after``, Stop once that many tokens are
    in. The end event gets ``"sent"`` and ``"cancel_sent"``: perf_counter times of the request and the
    Stop."""
    sent = time.perf_counter()
    rid = host.send("complete", **params)
    tokens: list[dict[str, Any]] = []
    cancel_sent = None
    while True:
        event = host.read_event()
        assert event is not None, host.exit_report()
        if event["type"] == "token":
            if not event.get("eog"):
                tokens.append(event)
            if cancel_after is not None and len(tokens) == cancel_after and cancel_sent is None:
                host.cancel(rid)
                cancel_sent = time.perf_counter()
            continue
        return {**event, "sent": sent, "cancel_sent": cancel_sent}, tokens


def raw_greedy(llm: llama_cpp.Llama, prompt: str, n: int) -> list[int]:
    tokens = llm.tokenize(prompt.encode(), add_bos=llm._model.add_bos_token(), special=True)
    out: list[int] = []
    for t in llm.generate(tokens, temp=0.0, top_k=40, top_p=0.95, min_p=0.05, repeat_penalty=1.0, reset=True):
        if t == llm.token_eos() or len(out) >= n:
            break
        out.append(t)
    return out


@pytest.mark.parametrize("prompt", ["To be or not to be", "How are you in French is", "def fibonacci(n):"])
def test_greedy_matches_raw_llama_token_for_token(host: HostProcess, raw: llama_cpp.Llama, prompt: str) -> None:
    event, tokens = run(host, mode="completion", prompt=prompt, max_tokens=24, **GREEDY)
    assert event["type"] == "result", event
    ours = [t["token"] for t in tokens]
    assert ours == raw_greedy(raw, prompt, 24)
    text = raw.create_completion(prompt, max_tokens=24, temperature=0.0, repeat_penalty=1.0)["choices"][0]["text"]
    assert event["data"]["text"] == text
    assert "".join(t["text"] for t in tokens) == text


def test_probabilities_equal_softmax_of_logits(host: HostProcess, raw: llama_cpp.Llama) -> None:
    prompt = "The capital of France is"
    _event, tokens = run(host, mode="completion", prompt=prompt, max_tokens=8, **GREEDY)
    ids = raw.tokenize(prompt.encode(), add_bos=raw._model.add_bos_token(), special=True)
    generated = [t["token"] for t in tokens]
    raw.reset()
    raw.eval(ids)  # then one token at a time, as generation does (batched logits differ slightly)
    rows = []
    for token_id in generated:
        rows.append(np.array(raw.scores[raw.n_tokens - 1], dtype=np.float64))
        raw.eval([token_id])
    for token, row in zip(tokens, rows, strict=True):
        probs = np.exp(row - row.max())
        probs /= probs.sum()
        assert token["p"] == pytest.approx(probs[token["token"]], abs=1e-4)
        top = [a[0] for a in token["alts"]]
        assert len(top) == 10
        assert top[0] == int(np.argmax(row))
        assert [a[2] for a in token["alts"]] == pytest.approx(list(probs[top]), abs=1e-4)
        assert sorted(top, key=lambda t: -probs[t]) == top


def test_stop_takes_effect_within_one_token(host: HostProcess) -> None:
    event, tokens = run(host, cancel_after=3, mode="completion", prompt="Once upon a time", max_tokens=200)
    assert event["type"] == "result"
    assert event["data"]["stop_reason"] == "cancelled"
    # Tokens travel in batches, so some made before the Stop arrive after it; none is made after it but
    # the one being computed. A token's "t" counts from when the host began, which is after "sent".
    after_stop = [t for t in tokens if event["sent"] + t["t"] > event["cancel_sent"]]
    assert len(after_stop) <= 1, (len(tokens), after_stop)
    assert len(tokens) < 60
    event, tokens = run(host, mode="completion", prompt="Once upon a time", max_tokens=5, temperature=0.0)
    assert event["type"] == "result" and len(tokens) == 5  # the host is fine afterwards


def started_host(step_thread: str, model: Path) -> HostProcess:
    h = HostProcess(env={**os.environ, "FM_STEP_THREAD": step_thread})
    h.start()
    hello = h.read_event()
    assert hello is not None and hello["type"] == "hello", h.exit_report()
    load_model(h, model, n_ctx=N_CTX)
    return h


def test_the_step_thread_sends_what_in_place_sends(default_model: Path) -> None:
    """Where a CPU is spare (a GPU, or fewer threads than CPUs) each token's probabilities are made on a
    thread of their own while the next token is made: every event must be what the host sends in place."""
    in_place, threaded = started_host("0", default_model), started_host("1", default_model)
    try:
        for params in ({"prompt": "The three most important ideas in machine learning are", **GREEDY},
                       {"prompt": "Once upon a time", "temperature": 1.0, "seed": 7},
                       {"prompt": "def fibonacci(n):", "n_alternatives": 40, **GREEDY}):  # fmt: skip
            want_end, want = run(in_place, mode="completion", max_tokens=48, **params)
            got_end, got = run(threaded, mode="completion", max_tokens=48, **params)
            assert got_end["data"]["text"] == want_end["data"]["text"]
            assert [{**e, "t": 0} for e in got] == [{**e, "t": 0} for e in want]
            assert all(len(e["alts"]) == params.get("n_alternatives", 10) for e in got)
        event, tokens = run(threaded, cancel_after=3, mode="completion", prompt="Once upon a time", max_tokens=200)
        assert event["data"]["stop_reason"] == "cancelled"
        assert [t for t in tokens if event["sent"] + t["t"] > event["cancel_sent"]][1:] == []
    finally:
        for h in (in_place, threaded):
            h.stop()
            h.close()


def test_stop_strings_and_sampling_seed(host: HostProcess) -> None:
    prompt = "English: cheese\nFrench: fromage\n\nEnglish: house\nFrench: maison\n\nEnglish: cat\nFrench:"
    event, _ = run(host, mode="completion", prompt=prompt, max_tokens=20, stop=["\n"], **GREEDY)
    assert "\n" not in event["data"]["text"] and event["data"]["text"].strip()
    first, _ = run(host, mode="completion", prompt="I like", max_tokens=12, temperature=1.0, seed=7)
    second, _ = run(host, mode="completion", prompt="I like", max_tokens=12, temperature=1.0, seed=7)
    assert first["data"]["text"] == second["data"]["text"]


def test_chat_uses_the_models_template(host: HostProcess) -> None:
    messages = [{"role": "user", "content": "What is 15% of 80?"}]
    event, tokens = run(host, mode="chat", messages=messages, max_tokens=24, **GREEDY)
    assert event["type"] == "result", event
    assert "<|im_start|>user\nWhat is 15% of 80?<|im_end|>" in event["data"]["prompt"]
    assert event["data"]["prompt"].endswith("<|im_start|>assistant\n")
    assert tokens and event["data"]["text"].strip()


def test_base_model_without_template_needs_a_chosen_format(raw: llama_cpp.Llama) -> None:
    template = raw.metadata.pop("tokenizer.chat_template")
    try:
        with pytest.raises(NoChatTemplateError):
            render_chat(raw, [{"role": "user", "content": "hi"}], "template")
        prompt, stops, _ = render_chat(raw, [{"role": "user", "content": "hi"}], "chatml")
        assert "<|im_start|>user\nhi<|im_end|>" in prompt
        prompt, stops, _ = render_chat(raw, [{"role": "user", "content": "hi"}], "plain")
        assert prompt == "User: hi\nAssistant:" and stops == ["\nUser:"]
    finally:
        raw.metadata["tokenizer.chat_template"] = template


def reload(host: HostProcess, path: Path, n_ctx: int) -> None:
    rid = host.send("load", path=str(path), n_ctx=n_ctx)
    while True:
        event = host.read_event()
        assert event is not None
        if event["id"] == rid and event["type"] != "progress":
            break
    assert event["type"] == "result"


def test_prompt_longer_than_context(host: HostProcess, default_model: Path) -> None:
    reload(host, default_model, 256)  # a small context keeps the truncated prompt quick to read
    long_prompt = "word " * 3000
    event, _ = run(host, mode="completion", prompt=long_prompt, max_tokens=16)
    assert event["type"] == "error" and event["error"] == "PromptTooLongError"
    assert "256" in event["message"]
    event, _tokens = run(host, mode="completion", prompt=long_prompt, max_tokens=16, truncate=True)
    assert event["type"] == "result" and event["data"]["truncated"]
    assert event["data"]["n_prompt"] == 256 - 16


def test_ten_megabyte_paste_is_refused_fast_and_can_be_truncated(host: HostProcess, default_model: Path) -> None:
    reload(host, default_model, 256)
    huge = "All work and no play makes Jack a dull boy. " * 240_000  # ~10 MB
    started = time.perf_counter()
    event, _ = run(host, mode="completion", prompt=huge, max_tokens=8)
    assert time.perf_counter() - started < 3.0
    assert event["type"] == "error" and event["error"] == "PromptTooLongError"
    event, tokens = run(host, mode="completion", prompt=huge, max_tokens=8, truncate=True)
    assert event["type"] == "result" and len(tokens) <= 8


def test_empty_prompt_gets_a_message(host: HostProcess) -> None:
    event, _ = run(host, mode="completion", prompt="   ", max_tokens=8)
    assert event["type"] == "error" and "empty" in event["message"]


def test_cancel_during_prompt_processing(host: HostProcess) -> None:
    rid = host.send("complete", mode="completion", prompt="lorem ipsum " * 150, max_tokens=50)
    host.cancel(rid)
    while (event := host.read_event()) is not None and event["type"] == "token":
        pass
    assert event is not None
    if event["type"] == "error":  # cancelled before it started
        assert event["error"] == "Cancelled"
    else:
        assert event["data"]["stop_reason"] == "cancelled"
    # Greedy: a sampled follow-up could end its text in under 3 tokens (it failed once in seven runs).
    follow, tokens = run(host, mode="completion", prompt="Hello", max_tokens=3, temperature=0.0)
    assert follow["type"] == "result" and len(tokens) == 3


def test_tokens_longer_than_32_bytes_keep_their_text(raw: llama_cpp.Llama) -> None:
    """llama-cpp-python's detokenize returns b'' for these (a 32-byte buffer): indentation runs and
    rules such as 64 dashes, which code and Markdown output are full of."""
    long = {t: token_bytes(raw, t) for t in range(raw.n_vocab()) if len(token_bytes(raw, t)) > 32}
    assert len(long) >= 10
    assert all(raw.detokenize([t]) == b"" for t in long)  # the trap this guards against
    assert long[3299] == b"\n" + b" " * 32
    assert b"-" * 64 in long.values()


def test_large_max_tokens_caps_the_answer_instead_of_rejecting(host: HostProcess, default_model: Path) -> None:
    reload(host, default_model, 256)
    event, _ = run(host, mode="completion", prompt="Hello there", max_tokens=4096, temperature=0.0)
    assert event["type"] == "result", event
    assert event["data"]["max_tokens"] == 256 - event["data"]["n_prompt"]
    assert isinstance(event["data"]["seed"], int)


def test_chat_template_with_bos_adds_no_second_bos() -> None:
    from desktop.resources import base_model_path

    path = base_model_path(assemble=True)
    assert path is not None
    llm = llama_cpp.Llama(str(path), vocab_only=True, verbose=False)
    try:
        llm.metadata["tokenizer.chat_template"] = (
            "{{ bos_token }}{% for m in messages %}<start_of_turn>{{ m['role'] }}\n{{ m['content'] }}"
            "<end_of_turn>\n{% endfor %}<start_of_turn>model\n"
        )
        prompt, _stops, has_special = render_chat(llm, [{"role": "user", "content": "hi"}], "template")
        assert has_special
        tokens = prompt_tokens(llm, prompt, add_bos=not has_special)
        assert tokens[0] == llm.token_bos() and tokens[1] != llm.token_bos()
        assert prompt_tokens(llm, "hi")[:1] == [llm.token_bos()]  # completion mode: the model's BOS
    finally:
        llm.close()


def test_stop_lands_inside_a_long_prompt(host: HostProcess) -> None:
    """llama.cpp's abort callback ends prompt processing early: reading ~900 tokens takes seconds on
    one thread, and a Stop 0.3 s in must end the request well before that."""
    rid = host.send("complete", mode="completion", prompt="lorem ipsum dolor " * 120, max_tokens=16)
    time.sleep(0.3)
    stopped = time.perf_counter()
    host.cancel(rid)
    event, tokens = None, 0
    while (event := host.read_event()) is not None and event["type"] == "token":
        tokens += 1
    assert event is not None and event["type"] == "result", event
    assert event["data"]["stop_reason"] == "cancelled" and tokens == 0
    assert time.perf_counter() - stopped < 0.5
    follow, generated = run(
        host, mode="completion", prompt="Hello", max_tokens=3, temperature=0.0
    )  # greedy: no early end
    assert follow["type"] == "result" and len(generated) == 3


def test_flash_attention_is_on_except_for_the_agents_batched_choices() -> None:
    """The README's claim: the panels' hosts load with flash attention, the agent's host (which scores tool
    names in a batch of sequences) without it."""
    assert LoadSettings.from_message({"n_ctx": 512}).flash_attn is True
    assert LoadSettings.from_message({"choice_batch": True}).flash_attn is False
    assert LoadSettings.from_message({"choice_batch": True, "flash_attn": True}).flash_attn is True
