"""The model host's structured ops on the real SmolLM2: choice scoring and grammar-constrained JSON."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from desktop.core.host.client import HostProcess
from tests.hosts import load_model

TOOLS = ["search_restaurants", "check_availability", "hold_table", "send_message", "finish"]
PROMPT = (
    "You are a booking assistant. Answer with one JSON tool call.\n"
    "Customer: Please book a table for four at Seoul Kitchen on December 3 at 19:00.\n"
    'Assistant: {"tool": "'
)


def final(host: HostProcess, rid: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    tokens = []
    while True:
        event = host.read_event()
        assert event is not None, host.exit_report()
        if event.get("id") != rid or event["type"] == "progress":
            continue
        if event["type"] == "token":
            tokens.append(event)
            continue
        return event, tokens


def result(host: HostProcess, op: str, **params: Any) -> dict[str, Any]:
    event, _ = final(host, host.send(op, **params))
    assert event["type"] == "result", event
    return dict(event["data"])


@pytest.fixture
def loaded(host: HostProcess, default_model: Path) -> HostProcess:
    load_model(host, default_model, n_ctx=1024, n_threads=2, choice_batch=True)  # as the agent loads it
    return host


def conforms(value: Any, schema: dict[str, Any]) -> bool:
    """The schema subset these tests use (no jsonschema package here)."""
    if "enum" in schema:
        return value in schema["enum"]
    kind = schema.get("type")
    if kind == "object":
        if not isinstance(value, dict):
            return False
        props = schema.get("properties", {})
        if any(k not in value for k in schema.get("required", [])):
            return False
        if schema.get("additionalProperties") is False and any(k not in props for k in value):
            return False
        return all(conforms(v, props[k]) for k, v in value.items() if k in props)
    if kind == "array":
        return (
            isinstance(value, list)
            and len(value) >= schema.get("minItems", 0)
            and len(value) <= schema.get("maxItems", 1 << 30)
            and all(conforms(v, schema["items"]) for v in value)
        )
    if kind == "string":
        if not isinstance(value, str) or len(value) > schema.get("maxLength", 1 << 30):
            return False
        return "pattern" not in schema or re.fullmatch(schema["pattern"], value) is not None
    if kind == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "boolean":
        return isinstance(value, bool)
    return False


def test_choose_matches_hand_computed_log_probs(loaded: HostProcess, default_model: Path) -> None:
    import llama_cpp

    data = result(loaded, "choose", prompt=PROMPT, candidates=TOOLS, suffix='"', prune=0)
    probs = [c["p"] for c in data["candidates"]]
    assert math.isclose(sum(probs), 1.0, abs_tol=1e-9)
    assert all(c["exact"] for c in data["candidates"])
    # pruning the unlikely candidates changes no probability that matters
    pruned = result(loaded, "choose", prompt=PROMPT, candidates=TOOLS, suffix='"')
    assert pruned["chosen"] == data["chosen"]
    assert [c["p"] for c in pruned["candidates"]] == pytest.approx(probs, abs=1e-4)
    assert data["chosen"] == TOOLS[int(np.argmax(probs))] == data["candidates"][data["index"]]["text"]

    # the same numbers from raw llama-cpp-python: every position's logits, one candidate at a time
    llm = llama_cpp.Llama(str(default_model), n_ctx=1024, n_threads=2, logits_all=True, verbose=False)
    try:
        bos = [llm.token_bos()] if llm._model.add_bos_token() else []  # SmolLM2 asks for none
        prompt = [*bos, *llm.tokenize(PROMPT.encode(), add_bos=False, special=True)]
        assert data["n_prompt"] == len(prompt)
        expected = []
        for name in TOOLS:
            cand = llm.tokenize((name + '"').encode(), add_bos=False, special=False)
            llm.reset()
            llm.eval(prompt + cand[:-1])
            rows = np.asarray(llm.scores[len(prompt) - 1 : len(prompt) - 1 + len(cand)], dtype=np.float64)
            lp = 0.0
            for row, tok in zip(rows, cand, strict=True):
                lp += float(row[tok] - (row.max() + np.log(np.exp(row - row.max()).sum())))
            expected.append(lp)
    finally:
        llm.close()
    got = [c["logprob"] for c in data["candidates"]]
    for name, g, e in zip(TOOLS, got, expected, strict=True):
        assert g == pytest.approx(e, abs=0.15), name  # batch shapes differ: llama.cpp's sums round differently
    norm = np.exp(np.asarray(expected) - max(expected))
    norm /= norm.sum()
    assert probs == pytest.approx(list(norm), abs=0.03)
    # a spread that can fail: the probabilities are not uniform
    assert max(probs) > 2 / len(TOOLS)


def test_choose_reuses_the_prompt_and_samples_with_a_seed(loaded: HostProcess) -> None:
    first = result(loaded, "choose", prompt=PROMPT, candidates=TOOLS, suffix='"')
    again = result(loaded, "choose", prompt=PROMPT, candidates=TOOLS, suffix='"')
    assert [c["p"] for c in again["candidates"]] == pytest.approx([c["p"] for c in first["candidates"]], abs=0.02)
    picks = {
        result(loaded, "choose", prompt=PROMPT, candidates=TOOLS, mode="sample", seed=s)["chosen"] for s in range(3)
    }
    same = [
        result(loaded, "choose", prompt=PROMPT, candidates=TOOLS, mode="sample", seed=7)["chosen"] for _ in range(2)
    ]
    assert same[0] == same[1]
    assert picks <= set(TOOLS)
    # bad requests get a message and the host lives on
    for bad in ({"candidates": []}, {"candidates": ["a", "a"]}, {"candidates": TOOLS, "mode": "best"}):
        event, _ = final(loaded, loaded.send("choose", prompt=PROMPT, **bad))
        assert event["type"] == "error" and event["message"]
    assert result(loaded, "ping")["pong"]


def test_batched_choose_equals_one_candidate_at_a_time(loaded: HostProcess) -> None:
    """The batched scoring (every candidate in one decode, each in its own sequence over the shared prompt cache)
    gives the old one-decode-per-candidate scores and choice, with many candidates (several batches) too, and
    leaves the prompt's cache as it was: a generation after it matches one after the old way."""
    many = TOOLS + [f"tool_number_{i}" for i in range(30)]  # more candidates than sequences: several batches
    for candidates in (TOOLS, many):
        old = result(loaded, "choose", prompt=PROMPT, candidates=candidates, suffix='"', prune=0, one_by_one=True)
        new = result(loaded, "choose", prompt=PROMPT, candidates=candidates, suffix='"', prune=0)
        assert new["batched"] and not old["batched"]
        assert old["decodes"] == len(candidates) and new["decodes"] == -(-len(candidates) // 15)
        assert new["chosen"] == old["chosen"] and new["index"] == old["index"]
        for a, b in zip(new["candidates"], old["candidates"], strict=True):
            assert a["exact"] and b["exact"]
            # float rounding differs in a batch of another shape, a little more with each token
            assert a["logprob"] == pytest.approx(b["logprob"], abs=0.05 * a["n_tokens"]), a["text"]
            assert a["p"] == pytest.approx(b["p"], abs=0.005), a["text"]
        # with pruning: the same choice; every candidate scored exactly both ways has the same score
        old = result(loaded, "choose", prompt=PROMPT, candidates=candidates, suffix='"', one_by_one=True)
        new = result(loaded, "choose", prompt=PROMPT, candidates=candidates, suffix='"')
        assert new["chosen"] == old["chosen"]
        for a, b in zip(new["candidates"], old["candidates"], strict=True):
            if a["exact"] and b["exact"]:
                assert a["logprob"] == pytest.approx(b["logprob"], abs=0.05 * a["n_tokens"]), a["text"]
    texts = []
    for one_by_one in (True, False):
        result(loaded, "choose", prompt=PROMPT, candidates=TOOLS, suffix='"', prune=0, one_by_one=one_by_one)
        out = result(loaded, "generate_json", prompt=PROMPT + 'hold_table", "args": ', schema=SCHEMAS[0], seed=1)
        texts.append(out["text"])
    assert texts[0] == texts[1] and json.loads(texts[0])


def test_parallel_sequences_leave_sequence_zero_exact(default_model: Path) -> None:
    """A context made with room for the choice sequences computes the prompt exactly as a plain one, and a model
    with sliding-window attention (whose cache would grow with them) gets none."""
    import llama_cpp

    from desktop.core.host.structured import CHOICE_SEQUENCES, choice_sequences, parallel_sequences

    assert choice_sequences(default_model) == CHOICE_SEQUENCES
    rows = []
    for n_seq in (1, CHOICE_SEQUENCES):
        with parallel_sequences(n_seq):
            llm = llama_cpp.Llama(str(default_model), n_ctx=512, n_threads=2, verbose=False)
        try:
            assert llama_cpp.llama_n_seq_max(llm.ctx) == n_seq
            llm.eval(llm.tokenize(PROMPT.encode(), add_bos=False, special=True))
            rows.append(
                np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llm.ctx, -1), shape=(llm.n_vocab(),)).copy()
            )
        finally:
            llm.close()
    assert np.array_equal(rows[0], rows[1])
    assert llama_cpp.llama_context_default_params().n_seq_max == 1  # put back after the block


def test_choice_sequences_none_for_sliding_window_models(tmp_path: Path) -> None:
    from desktop.core.host.structured import choice_sequences

    for meta, expected in ((("gemma3.attention.sliding_window", 512),), 1), ((("llama.block_count", 2),), 16):
        path = tmp_path / "m.gguf"
        path.write_bytes(_gguf(meta))
        assert choice_sequences(path) == expected
    (tmp_path / "bad.gguf").write_bytes(b"not a gguf")
    assert choice_sequences(tmp_path / "bad.gguf") == 1


def _gguf(pairs: tuple[tuple[str, int], ...]) -> bytes:
    """A GGUF v3 file with uint32 metadata and no tensors."""
    import struct

    arch = pairs[0][0].split(".")[0]
    items = [("general.architecture", arch), *pairs]
    out = b"GGUF" + struct.pack("<IQQ", 3, 0, len(items))
    for key, value in items:
        out += struct.pack("<Q", len(key)) + key.encode()
        if isinstance(value, str):
            out += struct.pack("<IQ", 8, len(value)) + value.encode()
        else:
            out += struct.pack("<II", 4, value)
    return out + bytes(4096)  # the padding before tensor data


SCHEMAS: list[dict[str, Any]] = [
    {
        "type": "object",
        "properties": {
            "restaurant": {"type": "string", "enum": ["Nonna Rosa", "Seoul Kitchen", "The Blue Door"]},
            "date": {"type": "string", "enum": ["2026-12-01", "2026-12-02", "2026-12-03"]},
            "party_size": {"type": "integer"},
        },
        "required": ["restaurant", "date", "party_size"],
        "additionalProperties": False,
    },
    {
        "type": "object",
        "properties": {
            "to": {"type": "string", "maxLength": 20},
            "text": {"type": "string", "maxLength": 40},
            "urgent": {"type": "boolean"},
        },
        "required": ["to", "text", "urgent"],
        "additionalProperties": False,
    },
    {
        "type": "object",
        "properties": {
            "ids": {
                "type": "array",
                "items": {"type": "string", "pattern": "^B[0-9]{3}$"},
                "minItems": 1,
                "maxItems": 3,
            },
            "amount": {"type": "number"},
        },
        "required": ["ids", "amount"],
        "additionalProperties": False,
    },
    {"type": "string", "maxLength": 40},
]


def test_generate_json_always_parses_and_validates(loaded: HostProcess) -> None:
    builds = []
    for n, schema in enumerate(SCHEMAS):
        # hot sampling too, where it is cheap: the grammar, not the model, keeps it valid (a hot bare
        # string is where raw control characters showed up before the strict string rules)
        for temperature in (0.0, 1.2) if n in (0, 3) else (0.0,):
            event, tokens = final(
                loaded,
                loaded.send(
                    "generate_json",
                    prompt=PROMPT + 'x", "args": ',
                    schema=schema,
                    max_tokens=400,  # room for each string at its maxLength in byte-sized tokens
                    temperature=temperature,
                    seed=3,
                ),
            )
            assert event["type"] == "result", event
            data = event["data"]
            assert data["complete"], data
            assert json.loads(data["text"]) == data["value"]
            assert conforms(data["value"], schema), (schema, data["text"])
            assert "".join(t["text"] for t in tokens) == data["text"]
            builds.append(data["grammar_builds"])
    # one grammar per schema, built once; the same schema with its keys in another order is the same grammar
    assert builds == [1, 1, 2, 3, 4, 4]
    reordered = json.loads(json.dumps(SCHEMAS[0]), object_pairs_hook=lambda kv: dict(reversed(kv)))
    assert result(loaded, "generate_json", prompt=PROMPT, schema=reordered, max_tokens=100)["grammar_builds"] == 4


def test_generate_json_from_chat_messages(loaded: HostProcess) -> None:
    messages = [{"role": "system", "content": "Answer in JSON."}, {"role": "user", "content": "Book Seoul Kitchen."}]
    data = result(
        loaded, "generate_json", messages=messages, assistant_prefix='{"args": ', schema=SCHEMAS[0], max_tokens=100
    )
    assert conforms(data["value"], SCHEMAS[0])
    # a prompt that ends at the colon: the value may bring its own leading space (a grammar of its own)
    spaced = result(loaded, "generate_json", messages=messages, assistant_prefix='{"args":', schema=SCHEMAS[0],
                    max_tokens=100, leading_space=True)  # fmt: skip
    assert conforms(spaced["value"], SCHEMAS[0]) and spaced["grammar_builds"] == data["grammar_builds"] + 1
    counted = result(
        loaded, "count_tokens", messages=messages, assistant_prefix='{"args": ', texts=["hello", "안녕하세요"]
    )
    assert counted["n_prompt"] == data["n_prompt"]
    assert counted["counts"][0] >= 1 and counted["counts"][1] > counted["counts"][0]


def test_cancel_stops_generate_json_mid_way(loaded: HostProcess) -> None:
    schema = {"type": "object", "properties": {"text": {"type": "string"}}, "required": ["text"]}
    rid = loaded.send("generate_json", prompt="Write a very long story about a cat.\n", schema=schema, max_tokens=1000,
                      temperature=1.0, seed=1)  # fmt: skip
    seen = 0
    while True:
        event = loaded.read_event()
        assert event is not None
        if event.get("id") != rid:
            continue
        if event["type"] == "token":
            seen += 1
            if seen == 3:
                loaded.cancel(rid)
            continue
        break
    assert event["type"] == "error" and event["error"] == "Cancelled", event
    assert 3 <= seen < 200
    # the host is consistent afterwards: the same choice as on a cold cache
    after = result(loaded, "choose", prompt=PROMPT, candidates=TOOLS, suffix='"')
    assert after["chosen"] == result(loaded, "choose", prompt=PROMPT, candidates=TOOLS, suffix='"')["chosen"]


def test_a_prompt_that_does_not_fit_is_refused(loaded: HostProcess) -> None:
    event, _ = final(loaded, loaded.send("generate_json", prompt="word " * 2000, schema=SCHEMAS[3], max_tokens=50))
    assert event["type"] == "error" and event["error"] == "PromptTooLongError"
    event, _ = final(loaded, loaded.send("choose", prompt="word " * 2000, candidates=TOOLS))
    assert event["type"] == "error" and event["error"] == "PromptTooLongError"


def test_structured_ops_need_a_model(host: HostProcess) -> None:
    for op in ("choose", "generate_json"):
        event, _ = final(host, host.send(op, prompt=PROMPT, candidates=TOOLS, schema=SCHEMAS[3]))
        assert event["type"] == "error" and "No model is loaded" in event["message"]


def test_only_the_agents_load_gets_room_for_a_choice_batch(host: HostProcess, default_model: Path) -> None:
    """Completion's host keeps one sequence (the output buffer llama.cpp sizes per sequence stays one
    vocabulary); the agent's load asks for the batch and gets it."""
    plain = load_model(host, default_model, n_ctx=512)
    batch = load_model(host, default_model, n_ctx=512, choice_batch=True)
    assert plain["buffers_mib"]["output"]["cpu"] < 1.0
    assert batch["buffers_mib"]["output"]["cpu"] > plain["buffers_mib"]["output"]["cpu"]
