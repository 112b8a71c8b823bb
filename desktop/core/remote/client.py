"""A client for OpenAI-compatible servers (vLLM, llama.cpp's llama-server, llama-cpp-python's
llama_cpp.server, Ollama, OpenAI) on ``httpx``: the model list, streamed completions and chat with
token probabilities, and the server's tokenizer.

Blocking calls, meant for worker threads. Every request has a total deadline (httpx's timeouts apply to
each read, and a server that sends a byte every few seconds never trips them): a short call (the model
list, the probe, a tokenization) must end within the server's timeout; a stream must send a complete
part of its answer at least that often, and end within a time that grows with ``max_tokens``.

Streams are stopped from any thread: :meth:`StreamCall.stop` (one stream) or :meth:`RemoteClient.stop`
(all of them) shut the stream's socket down, which ends a read that is waiting at once, and the server
sees the client go (llama_cpp.server, vLLM and llama-server then stop generating). :meth:`close` ends
everything in flight the same way. Any number of streams may run at once, each on its own connection.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

import httpx

from desktop.core.errors import FMError
from desktop.core.host.generation import Request
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.remote import deadline, tokens
from desktop.core.remote.capabilities import Capabilities, guess_engine
from desktop.core.remote.config import ServerConfig, normalize_base_url, plain_http_warning, server_root
from desktop.core.remote.errors import RemoteError, status_error, transport_error, where
from desktop.core.remote.stream import (
    MAX_JSON_BYTES,
    MAX_MODELS_BYTES,
    STREAM_LINE,
    StreamState,
    TokenSink,
    completion_tokens,
    decode_utf8,
    parse_json,
    split_lines,
    sse_data,
)
from desktop.core.remote.tokens import RemoteTokens
from desktop.core.remote.transport import Lane, StreamCall, tls_context

USER_AGENT = "fm-explorer"
# A stream may take the server's timeout plus this long per token it may generate, in all.
STREAM_S_PER_TOKEN = 2.0
MAX_IDLE_LANES = 2  # stream connections kept open for the next run
DRAIN_S, DRAIN_CHUNKS = 0.5, 16  # after Max tokens: how long, and how many chunks, a server has to end
# The deadlines come this long after httpx's own read timeout: a server that sends nothing at all is then
# told apart (in words) from one that sends a little at a time.
GRACE_S = 1.0

_UNREACHABLE = ("Timeout", "ConnectionRefused", "NameNotFound", "Unreachable", "TLSError", "Unauthorized", "Forbidden")

__all__ = ["RemoteClient", "RemoteTokens", "StreamCall"]


class _Ended(Exception):
    """The lane was aborted from outside (Stop, a deadline, close): the reason is on the lane."""


class RemoteClient:
    """One server. Short calls run one at a time (they share a connection, and a deadline ends the one in
    flight); streams may run beside them and beside each other."""

    def __init__(self, config: ServerConfig, api_key: str | None = None) -> None:
        self.config = config
        self.base_url = normalize_base_url(config.base_url)
        self.root = server_root(self.base_url)
        self._key = (api_key or "").strip() or None  # a pasted key often ends in a line break
        question = plain_http_warning(self.base_url, bool(self._key))
        if question is not None and not config.plain_http_ok:
            text = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The API key was not sent: {host} is reached over plain http://, so the API key would cross the "
                "network unencrypted, readable by anyone on the way. Confirm this in the server's settings, or "
                "use https://.",
            )
            raise RemoteError("PlainHTTPKey", message(text, host=urlsplit(self.base_url).hostname or self.base_url))
        timeout = httpx.Timeout(config.timeout_s, connect=min(config.timeout_s, 30.0))
        headers = {"User-Agent": USER_AGENT}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        self._options: dict[str, Any] = {
            "timeout": timeout,
            "headers": headers,
            "verify": tls_context(config.verify_tls),
            "trust_env": False,  # no proxy or netrc from the environment: the person chose this address
            "follow_redirects": False,
        }
        self._calls = Lane(self._options)
        self._calls_lock = threading.Lock()
        self._lock = threading.Lock()
        self._idle: list[Lane] = []  # stream lanes kept for reuse (their connections stay open)
        self._streaming: set[Lane] = set()
        self._closed = False
        self.capabilities: Capabilities | None = None

    # -- plumbing ----------------------------------------------------------------------------------
    def close(self) -> None:
        """End every call in flight at once (they return as cancelled) and close the connections. A
        connection in use is only shut down here; the thread using it closes it as its call ends (closing
        a socket under another thread's read could hand its number to a new socket)."""
        with self._lock:
            self._closed = True
            idle, busy = self._idle, list(self._streaming)
            self._idle = []
        for lane in busy:
            lane.closed = True
            lane.abort("closed")
        for lane in idle:
            lane.close()
        self._calls.closed = True
        self._calls.abort("closed")
        if self._calls_lock.acquire(blocking=False):  # no short call in flight: close it now
            try:
                self._calls.close()
            finally:
                self._calls_lock.release()

    def __enter__(self) -> RemoteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _url(self, path: str, root: bool = False) -> str:
        return (self.root if root else self.base_url) + path

    def _fail(self, exc: BaseException, url: str, lane: Lane | None = None) -> RemoteError:
        """Any failure as a RemoteError whose words carry no key."""
        why = lane.aborted if lane is not None else ""
        if why in ("total", "idle"):
            err = self._deadline_error(why, url)
        elif why == "closed":
            text = QT_TRANSLATE_NOOP(
                "CoreErrors", "The request was cancelled: the server was removed or changed, or the app is closing."
            )
            err = RemoteError("Cancelled", message(text), url)
        elif isinstance(exc, RemoteError):
            err = exc
        elif isinstance(exc, httpx.TransportError):
            err = transport_error(exc, url, self.config.timeout_s, self._key)
        elif isinstance(exc, httpx.InvalidURL):
            text = QT_TRANSLATE_NOOP("CoreErrors", "“{url}” is not a valid address.")
            err = RemoteError("BadURL", message(text, url=url), str(exc))
        else:
            text = QT_TRANSLATE_NOOP("CoreErrors", "The request to the server failed: {error}.")
            err = RemoteError("Error", message(text, error=type(exc).__name__), str(exc))
        return err.redact([self._key])

    def _deadline_error(self, why: str, url: str, total_s: float | None = None) -> RemoteError:
        seconds = f"{self.config.timeout_s:g}"
        if why == "idle":
            text = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The server at {at} sent no complete part of its answer for {seconds} s (it may be stuck, or "
                "sending a byte at a time), so the app stopped waiting.",
            )
            return RemoteError("Timeout", message(text, at=where(url), seconds=seconds), url)
        if total_s is not None:
            seconds = f"{total_s:g}"
        text = QT_TRANSLATE_NOOP(
            "CoreErrors",
            "The server at {at} did not finish its answer within {seconds} s, the longest this request may take, "
            "so the app stopped waiting. Allow a longer timeout in the server's settings if it is only slow.",
        )
        return RemoteError("Timeout", message(text, at=where(url), seconds=seconds), url)

    @contextmanager
    def _short_call(self) -> Iterator[Lane]:
        """One short call (it may make several requests) on the shared lane, within the total deadline."""
        with self._calls_lock:
            lane = self._calls
            lane.begin()
            watch = deadline.watch(self.config.timeout_s + GRACE_S, None, lane.abort)
            try:
                yield lane
            finally:
                watch.cancel()
                if self._closed:
                    lane.close()  # closed while this call ran: its connection is this thread's to close

    def _read_limited(self, resp: httpx.Response, limit: int = MAX_JSON_BYTES) -> bytes:
        data = bytearray()
        for chunk in resp.iter_bytes():
            data += chunk
            if len(data) > limit:
                text = QT_TRANSLATE_NOOP(
                    "CoreErrors",
                    "The server's answer is larger than {mb} MB, far more than this request needs, so it was not "
                    "read. Is this the address of an OpenAI-compatible server?",
                )
                raise RemoteError(
                    "TooLarge",
                    message(text, mb=limit >> 20),
                    f"{resp.request.method} {resp.request.url}\nContent-Length: {resp.headers.get('content-length')}",
                )
        return bytes(data)

    def _call(
        self, lane: Lane, method: str, url: str, body: Any = None, model: str = "", limit: int = MAX_JSON_BYTES
    ) -> tuple[Any, httpx.Headers]:
        """One short request, its JSON answer read with a size limit."""
        try:
            if lane.aborted:
                raise _Ended
            with lane.http.stream(method, url, json=body, extensions={"trace": lane.trace}) as resp:
                raw = self._read_limited(resp, limit)
                if resp.status_code >= 400:
                    text = raw.decode("utf-8", errors="replace")
                    raise status_error(resp.status_code, text, url, method, self._key, model)
                if 300 <= resp.status_code < 400:
                    text = QT_TRANSLATE_NOOP(
                        "CoreErrors",
                        "The server sends this request elsewhere ({status} to {location}). Use that address as "
                        "the base URL.",
                    )
                    raise RemoteError(
                        "Redirect",
                        message(text, status=resp.status_code, location=resp.headers.get("location", "?")),
                        f"{method} {url}",
                    )
                return parse_json(decode_utf8(raw)), resp.headers
        except Exception as exc:
            raise self._fail(exc, url, lane) from None

    def post_json(self, path: str, body: dict[str, Any], model: str = "") -> Any:
        """One short POST (``/chat/completions`` without streaming, say) and its JSON answer, within the
        server's timeout; :meth:`close` ends it at once. For callers that need a field :meth:`complete` does not
        send (the agent's ``response_format``)."""
        url = self._url(path)
        with self._short_call() as lane:
            data, _headers = self._call(lane, "POST", url, body, model)
        return data

    # -- models and capabilities ------------------------------------------------------------------
    def list_models(self) -> list[dict[str, Any]]:
        """The server's models (``/v1/models``): each a dict with at least ``id``."""
        url = self._url("/models")
        with self._short_call() as lane:
            data, headers = self._call(lane, "GET", url, limit=MAX_MODELS_BYTES)
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list) or not all(isinstance(m, dict) and "id" in m for m in items):
            text = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The server answered, but not with a model list: this does not look like an OpenAI-compatible "
                "server (or the base URL points to the wrong place).",
            )
            raise RemoteError(
                "NotOpenAI",
                message(text),
                f"GET {url}\n{str(data)[:500]}",
            )
        self.capabilities = Capabilities.for_engine(guess_engine(items, dict(headers)))
        return [{**m, "id": str(m["id"])} for m in items]

    def _learn_engine(self) -> None:
        """Which engine this is (so that the sampling settings it takes are sent), from the model
        list; a server that has no model list is treated as a plain OpenAI-compatible one."""
        try:
            self.list_models()
        except RemoteError as err:
            if err.kind in (*_UNREACHABLE, "Cancelled"):
                raise
            self.capabilities = Capabilities.for_engine("unknown")

    def probe(self, model: str) -> Capabilities:
        """Ask for one token with probabilities, to learn whether the server returns them."""
        caps = self.capabilities or Capabilities.for_engine("unknown")
        body = {"model": model, "prompt": "Hello", "max_tokens": 1, "temperature": 0, "logprobs": 2}
        try:
            with self._short_call() as lane:
                data, _ = self._call(lane, "POST", self._url("/completions"), body, model)
        except RemoteError as err:
            if err.kind in ("NotFound", "ModelNotFound"):  # a chat-only server (no /v1/completions)
                caps.logprobs = None
                caps.notes.append(
                    "The server has no /v1/completions for this model, so whether it returns token "
                    "probabilities shows with the first answer."
                )
            elif err.kind in ("BadRequest", "ServerError", "HTTPError"):
                caps.logprobs = False
                caps.notes.append(f"Asking for probabilities failed: {err.message}")
            else:
                raise
        else:
            choice = (data.get("choices") or [{}])[0] if isinstance(data, dict) else {}
            entries = completion_tokens(choice.get("logprobs")) if isinstance(choice, dict) else []
            caps.logprobs = bool(entries) and entries[0].get("p") is not None and bool(entries[0].get("alts"))
        self.capabilities = caps
        return caps

    # -- tokenizer ---------------------------------------------------------------------------------
    def tokenize(self, model: str, text: str, pieces_limit: int = 256) -> RemoteTokens:
        """The server's own tokenization of ``text`` (:func:`desktop.core.remote.tokens.tokenize`), within
        the server's timeout."""
        with self._short_call() as lane:

            def post(path: str, body: dict[str, Any]) -> Any:
                return self._call(lane, "POST", self._url(path, root=True), body, model)[0]

            return tokens.tokenize(post, self.capabilities, model, text, pieces_limit)

    # -- streaming ---------------------------------------------------------------------------------
    def stop(self) -> None:
        """End every running stream at once (from any thread). Safe at any time, any number of times."""
        with self._lock:
            lanes = list(self._streaming)
        for lane in lanes:
            lane.abort("stop")

    def _take_lane(self) -> Lane:
        with self._lock:
            lane = self._idle.pop() if self._idle else Lane(self._options)
            if self._closed:
                lane.closed = True
            self._streaming.add(lane)
        lane.begin()
        return lane

    def _give_back(self, lane: Lane) -> None:
        with self._lock:
            self._streaming.discard(lane)
            keep = not lane.aborted and not self._closed and len(self._idle) < MAX_IDLE_LANES
            if keep:
                self._idle.append(lane)
        if not keep:
            lane.close()

    def _body(self, model: str, req: Request, logprobs: bool) -> tuple[str, dict[str, Any]]:
        caps = self.capabilities or Capabilities.for_engine("unknown")
        body: dict[str, Any] = {"model": model, "max_tokens": req.max_tokens, "stream": True}
        values = {
            "temperature": req.temperature,
            "top_k": req.top_k,
            "top_p": req.top_p,
            "min_p": req.min_p,
            "repeat_penalty": req.repeat_penalty,
            "seed": req.seed if req.seed >= 0 else None,
            "stop": [s for s in req.stop if s] or None,
        }
        for ours, theirs in caps.params.items():
            if values.get(ours) is not None:
                body[theirs] = values[ours]
        if caps.engine != "llama_cpp.server":  # it ignores it; the others send token counts at the end
            body["stream_options"] = {"include_usage": True}
        k = max(1, req.n_alternatives)
        if req.mode == "chat":
            body["messages"] = req.messages
            if logprobs:
                body["logprobs"] = True
                body["top_logprobs"] = min(k, caps.max_alternatives[1])
            return "/chat/completions", body
        if not req.prompt.strip():
            text = QT_TRANSLATE_NOOP("CoreErrors", "The prompt is empty. Type something for the model to continue.")
            raise FMError(message(text))
        body["prompt"] = req.prompt
        if logprobs:
            body["logprobs"] = min(k, caps.max_alternatives[0])
        return "/completions", body

    def complete(
        self,
        model: str,
        params: dict[str, Any],
        emit: TokenSink,
        logprobs: bool = True,
        call: StreamCall | None = None,
    ) -> dict[str, Any]:
        """Stream one completion (``mode`` "completion") or chat reply (``mode`` "chat"); ``params`` has
        the local host's names (:class:`Request`). Each token goes to ``emit`` as it arrives, and at most
        ``max_tokens`` of them, whatever the server sends. Returns the result dict the local host returns,
        with ``stop_reason`` "cancelled" after a stop or :meth:`close`. On a failure after some tokens,
        the RemoteError's ``partial`` holds the result so far. ``call``: a handle to stop this stream."""
        req = Request.from_message(params)
        call = call or StreamCall()
        if self.capabilities is None and not call.cancel.is_set():
            self._learn_engine()
        path, body = self._body(model, req, logprobs)
        url = self._url(path)
        state = StreamState(req, model)
        total_s = self.config.timeout_s + req.max_tokens * STREAM_S_PER_TOKEN
        lane = self._take_lane()
        call.attach(lane)
        watch = deadline.watch(total_s, self.config.timeout_s + GRACE_S, lane.abort)
        state.started = time.perf_counter()

        def check() -> None:
            if lane.aborted:
                raise _Ended

        try:
            check()
            with lane.http.stream("POST", url, json=body, extensions={"trace": lane.trace}) as resp:
                check()
                if resp.status_code >= 400:
                    text = self._read_limited(resp).decode("utf-8", errors="replace")
                    raise status_error(resp.status_code, text, url, "POST", self._key, model)
                ctype = resp.headers.get("content-type", "")
                if "text/event-stream" not in ctype:
                    # Not a stream: a server that ignores "stream", or something that is not an API.
                    data = parse_json(decode_utf8(self._read_limited(resp)))
                    state.take(data, req.mode, emit, whole=True)
                else:
                    after_full = 0
                    for payload in sse_data(split_lines(resp.iter_bytes(), check)):
                        check()
                        if not payload.strip():
                            continue  # an empty event: nothing to read, as a comment
                        if payload.strip() == "[DONE]":
                            state.done = True
                            break
                        state.take(parse_json(payload, STREAM_LINE), req.mode, emit)
                        watch.progress()
                        if state.full:
                            # Max tokens: the app's limit. A server that keeps to it ends now (its last
                            # chunks carry the finish and the token counts): read those, briefly; one
                            # that goes on is left (leaving closes the connection).
                            if after_full == 0:
                                watch.cancel()
                                watch = deadline.watch(DRAIN_S, None, lambda _why: lane.abort("drained"))
                            after_full += 1
                            if after_full > DRAIN_CHUNKS:
                                break
                if not state.done and state.finish is None and not state.full:
                    check()
                    text = QT_TRANSLATE_NOOP(
                        "CoreErrors",
                        "The server closed the stream before saying it had finished (it may have stopped or crashed).",
                    )
                    raise RemoteError("StreamCut", message(text), f"POST {url}")
        except Exception as exc:
            why = lane.aborted
            if why == "drained" and state.full:
                pass  # Max tokens reached, and the server did not end by itself in time: done
            elif why in ("stop", "closed") or call.cancel.is_set():
                state.stop_reason = "cancelled"
            else:
                err = self._deadline_error(why, url, total_s) if why else self._fail(exc, url)
                if state.times:
                    err.kind = "StreamCut" if err.kind in ("ConnectionLost", "StreamCut") else err.kind
                    err.keep_partial(len(state.times))
                    state.stop_reason = "error"
                    err.partial = state.result()
                raise err.redact([self._key]) from None
        finally:
            watch.cancel()
            call.attach(None)
            self._give_back(lane)
        return state.result()
