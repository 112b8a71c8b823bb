"""Stand-in servers that behave badly, on 127.0.0.1, for the tests and ``bench_server_hostile.py``: a flood
of huge tokens, a fast stream that ignores max_tokens, a drip of one byte every few seconds, headers that
never come, a 1 MB header line, a model list of any length. They are routes for ``test_remote.stand_in``;
each loop is bounded and ends by itself (and at once when the test ends, through ``Hostile.stop``)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler

from tests.core.test_remote import Handler, send, sse_head, stand_in

MODEL = "hostile"


def chunk(text: str, alternatives: int = 0) -> bytes:
    """One completion chunk as a server-sent event: without probabilities, or with the token's and its
    ``alternatives`` most likely alternatives' (the legacy completions form)."""
    logprobs = None
    if alternatives:
        top = {text: -0.1, **{f" alt{k}": -1.0 - k for k in range(alternatives - 1)}}
        logprobs = {"tokens": [text], "token_logprobs": [-0.1], "top_logprobs": [top]}
    data = {"choices": [{"index": 0, "text": text, "logprobs": logprobs, "finish_reason": None}]}
    return b"data: " + json.dumps(data).encode() + b"\n\n"


def model_list(n: int, owner: str = "vllm") -> bytes:
    """A ``/v1/models`` answer with ``n`` models of about 1 KB each, as vLLM describes them."""
    items = [
        {"id": f"org-{i}/model-{i}-instruct", "object": "model", "created": 1700000000, "owned_by": owner,
         "root": f"/models/org-{i}/model-{i}-instruct", "parent": None, "max_model_len": 32768,
         "permission": [{"id": f"modelperm-{i:032x}", "object": "model_permission", "created": 1700000000,
                         "allow_create_engine": False, "allow_sampling": True, "allow_logprobs": True,
                         "allow_search_indices": False, "allow_view": True, "allow_fine_tuning": False,
                         "organization": "*", "group": None, "is_blocking": False, "note": "x" * 600}]}
        for i in range(n)
    ]  # fmt: skip
    return json.dumps({"object": "list", "data": items}).encode()


ONE_TOKEN = json.dumps({"choices": [{"index": 0, "text": " a", "logprobs": None, "finish_reason": "length"}]}).encode()


def streaming(h: BaseHTTPRequestHandler) -> bool:
    """Whether the request asks for a stream (else it is the app's one-token probe, answered plainly)."""
    try:
        return bool(json.loads(getattr(h, "body", b"") or b"{}").get("stream"))
    except ValueError:
        return False


class Hostile:
    """The routes, and what they did: ``sent`` bytes of stream per route name, ``requests`` per path."""

    def __init__(self, limit_s: float = 60.0) -> None:
        self.stop = threading.Event()
        self.limit_s = limit_s  # no route runs longer than this
        self.sent: dict[str, int] = {}
        self.requests: dict[str, int] = {}

    def _count(self, h: BaseHTTPRequestHandler) -> None:
        self.requests[h.path] = self.requests.get(h.path, 0) + 1

    def _probe_answered(self, h: BaseHTTPRequestHandler) -> bool:
        """Count the request, and answer the app's one-token probe plainly (True); a stream is the route's."""
        self._count(h)
        if streaming(h):
            return False
        send(h, 200, ONE_TOKEN)
        return True

    def models(self, n: int = 1, owner: str = "llamacpp") -> Handler:
        body = (
            model_list(n, owner)
            if n != 1
            else json.dumps({"object": "list", "data": [{"id": MODEL, "object": "model", "owned_by": owner}]}).encode()
        )

        def route(h: BaseHTTPRequestHandler) -> None:
            self._count(h)
            send(h, 200, body)

        return route

    def flood(self, total_bytes: int = 50 << 20, token_chars: int = 1000, name: str = "flood") -> Handler:
        """``total_bytes`` of text in tokens of ``token_chars`` characters, no line breaks, as fast as the
        client reads, whatever max_tokens asked for."""
        line = chunk(("0123456789" * (token_chars // 10 + 1))[:token_chars])
        burst = line * max(1, 65536 // len(line))

        def route(h: BaseHTTPRequestHandler) -> None:
            if self._probe_answered(h):
                return
            sse_head(h)
            sent = 0
            started = time.monotonic()
            while sent < total_bytes and not self.stop.is_set() and time.monotonic() - started < self.limit_s:
                h.wfile.write(burst)
                sent += len(burst)
                self.sent[name] = sent
            h.wfile.write(b"data: [DONE]\n\n")

        return route

    def fast(self, n_tokens: int = 20000, alternatives: int = 0) -> Handler:
        """``n_tokens`` short tokens as fast as possible, ignoring max_tokens (with ``alternatives``: each
        with its probability and that many alternatives', whether asked for or not)."""
        words = [chunk(f" w{i}", alternatives) for i in range(n_tokens)]
        end = b'data: {"choices": [{"index": 0, "text": "", "finish_reason": "length"}]}\n\ndata: [DONE]\n\n'

        def route(h: BaseHTTPRequestHandler) -> None:
            if self._probe_answered(h):
                return
            sse_head(h)
            for n in range(0, n_tokens, 256):
                if self.stop.is_set():
                    return
                h.wfile.write(b"".join(words[n : n + 256]))
                self.sent["fast"] = n + 256
            h.wfile.write(end)

        return route

    def drip(self, every_s: float = 5.0, stream: bool = True) -> Handler:
        """Headers, then one byte every ``every_s`` seconds (of a line that never ends)."""

        def route(h: BaseHTTPRequestHandler) -> None:
            if stream and self._probe_answered(h):
                return
            if not stream:
                self._count(h)
            if stream:
                sse_head(h)
            else:
                h.send_response(200)
                h.send_header("Content-Type", "application/json")
                h.send_header("Content-Length", str(1 << 20))
                h.end_headers()
            started = time.monotonic()
            body = b'data: {"choices": [{"index": 0, "text": "' if stream else b'{"object": "list", "data": ['
            n = 0
            while not self.stop.wait(0 if n == 0 else every_s) and time.monotonic() - started < self.limit_s:
                h.wfile.write(body[n % len(body) : n % len(body) + 1])
                h.wfile.flush()
                n += 1
                self.sent["drip"] = n

        return route

    def stuck(self) -> Handler:
        """Takes the request and never answers (not even headers)."""

        def route(h: BaseHTTPRequestHandler) -> None:
            self._count(h)
            self.stop.wait(self.limit_s)

        return route

    def big_header(self, size: int = 1 << 20) -> Handler:
        """A header line of ``size`` bytes before a valid answer."""

        def route(h: BaseHTTPRequestHandler) -> None:
            self._count(h)
            h.send_response(200)
            h.send_header("X-Padding", "a" * size)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", "2")
            h.end_headers()
            h.wfile.write(b"{}")

        return route


@contextmanager
def hostile_server(routes: dict[str, Handler], hostile: Hostile) -> Iterator[str]:
    """``stand_in(routes)``, whose routes end as soon as it closes; yields the base URL (…/v1)."""
    with stand_in(routes) as base:
        try:
            yield base
        finally:
            hostile.stop.set()
