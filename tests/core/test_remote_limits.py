"""The client's own limits against servers that do not keep to theirs (stand-ins on 127.0.0.1): a total
deadline for every request, max_tokens whatever the server sends, a cap on the text of one answer, a
10,000-model list read and parsed in parts, streams that run side by side and stop one by one, and the
smaller failures said in the right words (a 1 MB header line, an empty answer, one token kept)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest

from desktop.core.remote import Capabilities, RemoteClient, RemoteError, ServerConfig
from desktop.core.remote.stream import PARTS_FROM, parse_in_parts
from desktop.core.remote.transport import StreamCall
from tests.core.test_remote import fails, send, sse_head, stand_in
from tests.hostile_servers import MODEL, Hostile, chunk, hostile_server, model_list


def client(base: str, timeout_s: float = 30.0) -> RemoteClient:
    return RemoteClient(ServerConfig("hostile", base, timeout_s=timeout_s))


def test_a_dripping_answer_ends_within_the_timeout_in_all() -> None:
    """One byte every 0.3 s never trips a per-read timeout of 1 s; the total deadline ends it."""
    hostile = Hostile()
    routes = {"/v1/models": hostile.drip(0.3, stream=False), "/v1/completions": hostile.drip(0.3)}
    with hostile_server(routes, hostile) as base, client(base, timeout_s=1.0) as c:
        started = time.monotonic()
        err = fails(c.list_models)
        assert err.kind == "Timeout" and "did not finish its answer within 1 s" in err.message
        assert time.monotonic() - started < 3.5
        c.capabilities = Capabilities.for_engine("vllm")  # known: the stream is asked at once
        started = time.monotonic()
        tokens: list[dict[str, Any]] = []
        err = fails(lambda: c.complete(MODEL, {"prompt": "Hi", "max_tokens": 10}, tokens.append))
        assert err.kind == "Timeout" and "sent no complete part of its answer for 1 s" in err.message
        assert time.monotonic() - started < 3.5 and not tokens
    assert hostile.sent["drip"] >= 2  # it did drip, below the per-read timeout


def test_headers_that_never_come_end_within_the_timeout() -> None:
    hostile = Hostile()
    with hostile_server({"/v1/models": hostile.stuck()}, hostile) as base, client(base, timeout_s=1.0) as c:
        started = time.monotonic()
        assert fails(c.list_models).kind == "Timeout"
        assert time.monotonic() - started < 3.5


def test_close_ends_a_call_in_flight_at_once() -> None:
    hostile = Hostile()
    with hostile_server({"/v1/models": hostile.stuck()}, hostile) as base:
        c = client(base, timeout_s=60.0)
        errors: list[RemoteError] = []
        thread = threading.Thread(target=lambda: errors.append(fails(c.list_models)))
        thread.start()
        time.sleep(0.3)
        closed = time.monotonic()
        c.close()
        thread.join(5)
        assert time.monotonic() - closed < 0.5
        assert errors[0].kind == "Cancelled" and "removed or changed" in errors[0].message


def test_max_tokens_is_the_apps_whatever_the_server_sends() -> None:
    hostile = Hostile()
    routes = {"/v1/models": hostile.models(), "/v1/completions": hostile.fast(20000)}
    with hostile_server(routes, hostile) as base, client(base) as c:
        tokens: list[dict[str, Any]] = []
        result = c.complete(MODEL, {"prompt": "Hi", "max_tokens": 50}, tokens.append)
    assert len(tokens) == 50 and result["metrics"]["n_generated"] == 50
    assert result["stop_reason"] == "length" and result["text"] == "".join(f" w{i}" for i in range(50))


def test_an_answer_with_more_text_than_its_tokens_can_hold_is_cut() -> None:
    hostile = Hostile()
    routes = {"/v1/models": hostile.models(), "/v1/completions": hostile.flood(20 << 20, token_chars=900_000)}
    with hostile_server(routes, hostile) as base, client(base) as c:
        tokens: list[dict[str, Any]] = []
        err = fails(lambda: c.complete(MODEL, {"prompt": "Hi", "max_tokens": 10}, tokens.append))
    assert err.kind == "TooLarge" and "more than 4 MB of text for at most 10 tokens" in err.message
    assert err.partial is not None and err.partial["text"] == "".join(t["text"] for t in tokens)
    assert len(tokens) == 4 and "The 4 tokens received before that are kept." in err.message


def test_streams_run_side_by_side_and_stop_one_by_one() -> None:
    release = threading.Event()

    def slow(h: Any) -> None:
        sse_head(h)
        for i in range(200):
            if release.wait(0.02):
                break
            h.wfile.write(chunk(f" t{i}"))
            h.wfile.flush()
        h.wfile.write(b"data: [DONE]\n\n")

    hostile = Hostile()
    with hostile_server({"/v1/models": hostile.models(), "/v1/completions": slow}, hostile) as base, client(base) as c:
        calls = [StreamCall(), StreamCall()]
        results: list[Any] = [None, None]
        seen = [[], []]  # type: ignore[var-annotated]

        def run(n: int) -> None:
            results[n] = c.complete(MODEL, {"prompt": "Hi", "max_tokens": 200}, seen[n].append, call=calls[n])

        threads = [threading.Thread(target=run, args=(n,)) for n in (0, 1)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 10
        while min(len(seen[0]), len(seen[1])) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
        calls[0].stop()
        threads[0].join(2)
        assert results[0] is not None and results[0]["stop_reason"] == "cancelled"
        n_second = len(seen[1])
        time.sleep(0.2)
        assert len(seen[1]) > n_second  # the other stream goes on
        release.set()
        threads[1].join(10)
    assert results[1]["stop_reason"] == "eos" and results[1]["text"] == "".join(t["text"] for t in seen[1])


def test_ten_thousand_models_are_read_and_parsed_in_parts() -> None:
    body = model_list(10000)
    assert len(body) > 10 << 20 and len(body) > PARTS_FROM
    assert parse_in_parts(body.decode()) == json.loads(body)
    with stand_in({"/v1/models": lambda h: send(h, 200, body)}) as base, client(base) as c:
        models = c.list_models()
    assert len(models) == 10000 and models[-1]["id"] == "org-9999/model-9999-instruct"


def test_smaller_failures_in_the_right_words() -> None:
    hostile = Hostile()
    one = chunk("Hello")

    def one_then_cut(h: Any) -> None:
        sse_head(h)
        h.wfile.write(one + b'data: {"choi')

    routes = {
        "/big/v1/models": hostile.big_header(1 << 20),
        "/empty/v1/models": lambda h: send(h, 200, b""),
        "/cut/v1/completions": one_then_cut,
        "/blank/v1/completions": lambda h: (sse_head(h), h.wfile.write(b"data:\n\n" + one + b"data: [DONE]\n\n")),
    }
    with stand_in(routes) as base:
        root = base.removesuffix("/v1")
        with client(f"{root}/big/v1") as c:
            big = fails(c.list_models)
        assert big.kind == "BadHTTP" and "longer than the 16 KB allowed" in big.message
        assert "crashed" not in big.message
        with client(f"{root}/empty/v1") as c:
            empty = fails(c.list_models)
        assert empty.kind == "NotJSON" and "empty" in empty.message and "It began" not in empty.message
        with client(f"{root}/cut/v1") as c:
            cut = fails(lambda: c.complete("m", {"prompt": "Hi"}, print))
        assert cut.kept_tokens == 1 and cut.message.endswith("The one token received before that is kept.")
        with client(f"{root}/blank/v1") as c:
            result = c.complete("m", {"prompt": "Hi"}, lambda e: None)
        assert result["text"] == "Hello"  # an empty event is skipped, not an error


@pytest.mark.parametrize("text", ['{"a": [1, 2], "b": {"c": [3]}, "d": "x"}', "{}", '{"data": []}'])
def test_parse_in_parts_equals_json_loads(text: str) -> None:
    assert parse_in_parts(text) == json.loads(text)
    for bad in ('{"a": [1,]}', '{"a": 1,}', '{"a": 1} x', '{"a": [1'):
        with pytest.raises(ValueError):
            parse_in_parts(bad)


def test_at_max_tokens_a_server_that_ends_by_itself_is_read_to_its_end() -> None:
    """The chunks after the last token (the finish, and the token counts vLLM and llama-server send) are
    still read, so "Prompt tokens" is known; the connection is not cut under the server."""

    def polite(h: Any) -> None:
        sse_head(h)
        h.wfile.write(b"".join(chunk(f" t{i}") for i in range(5)))
        end = {"choices": [{"index": 0, "text": "", "finish_reason": "length"}], "usage": {"prompt_tokens": 7}}
        h.wfile.write(b"data: " + json.dumps(end).encode() + b"\n\ndata: [DONE]\n\n")

    with stand_in({"/v1/completions": polite}) as base, client(base) as c:
        c.capabilities = Capabilities.for_engine("vllm")
        result = c.complete(MODEL, {"prompt": "Hi", "max_tokens": 5}, lambda e: None)
    assert result["stop_reason"] == "length" and result["n_prompt"] == 7 and result["finish_reason"] == "length"
