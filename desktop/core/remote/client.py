"""A client for OpenAI-compatible servers (vLLM, llama.cpp's llama-server, llama-cpp-python's
llama_cpp.server, Ollama, OpenAI) on ``httpx``: the model list, streamed completions and chat with
token probabilities, and the server's tokenizer.

Blocking calls, meant for a worker thread. :meth:`RemoteClient.stop` may be called from any other
thread: it shuts the streaming connection's socket down, which ends a read that is waiting at once,
and the server sees the client go (llama_cpp.server, vLLM and llama-server then stop generating).
"""

from __future__ import annotations

import functools
import socket
import ssl
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from desktop.core.errors import FMError
from desktop.core.host.generation import Request
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.metrics import speed_figures
from desktop.core.remote.capabilities import Capabilities, guess_engine
from desktop.core.remote.config import ServerConfig, normalize_base_url, plain_http_warning, server_root
from desktop.core.remote.errors import RemoteError, status_error, transport_error
from desktop.core.remote.stream import (
    MAX_JSON_BYTES,
    STREAM_LINE,
    assign_text,
    chat_tokens,
    completion_tokens,
    decode_utf8,
    parse_json,
    split_lines,
    sse_data,
)

TokenSink = Callable[[dict[str, Any]], None]
USER_AGENT = "fm-explorer"


_UNREACHABLE = ("Timeout", "ConnectionRefused", "NameNotFound", "Unreachable", "TLSError", "Unauthorized", "Forbidden")


@functools.cache
def _tls_context(verify: bool) -> ssl.SSLContext:
    """One TLS context per process, shared by every client: loading the certificate store takes
    ~50 ms, and httpx would do it again for each client it makes."""
    if not verify:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


class _Cancelled(Exception):
    pass


@dataclass
class RemoteTokens:
    """A server's tokenization: ids, each token's text where the server gives it, and the endpoint."""

    ids: list[int]
    pieces: list[str] | None
    endpoint: str


class RemoteClient:
    """One server. Thread-safe for one stream at a time plus any number of short calls."""

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
        common: dict[str, Any] = {
            "timeout": timeout,
            "headers": headers,
            "verify": _tls_context(config.verify_tls),
            "trust_env": False,  # no proxy or netrc from the environment: the person chose this address
            "follow_redirects": False,
        }
        self._http = httpx.Client(**common)
        self._stream_http = httpx.Client(**common)
        self._sockets: weakref.WeakSet[Any] = weakref.WeakSet()  # the streaming client's connections
        self._lock = threading.Lock()
        self._cancel: threading.Event | None = None
        self.capabilities: Capabilities | None = None

    # -- plumbing ----------------------------------------------------------------------------------
    def close(self) -> None:
        self.stop()
        self._http.close()
        self._stream_http.close()

    def __enter__(self) -> RemoteClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _url(self, path: str, root: bool = False) -> str:
        return (self.root if root else self.base_url) + path

    def _fail(self, exc: BaseException, url: str) -> RemoteError:
        """Any failure as a RemoteError whose words carry no key."""
        if isinstance(exc, RemoteError):
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

    def _call(self, method: str, url: str, body: Any = None, model: str = "") -> tuple[Any, httpx.Headers]:
        """One short request, its JSON answer read with a size limit."""
        try:
            with self._http.stream(method, url, json=body) as resp:
                raw = self._read_limited(resp)
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
            raise self._fail(exc, url) from None

    # -- models and capabilities ------------------------------------------------------------------
    def list_models(self) -> list[dict[str, Any]]:
        """The server's models (``/v1/models``): each a dict with at least ``id``."""
        url = self._url("/models")
        data, headers = self._call("GET", url)
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
            if err.kind in _UNREACHABLE:
                raise
            self.capabilities = Capabilities.for_engine("unknown")

    def probe(self, model: str) -> Capabilities:
        """Ask for one token with probabilities, to learn whether the server returns them."""
        caps = self.capabilities or Capabilities.for_engine("unknown")
        body = {"model": model, "prompt": "Hello", "max_tokens": 1, "temperature": 0, "logprobs": 2}
        try:
            data, _ = self._call("POST", self._url("/completions"), body, model)
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
        """The server's own tokenization of ``text``, through ``/tokenize`` (llama-server, vLLM) or
        ``/extras/tokenize`` (llama_cpp.server). Token texts come with the answer where the server
        sends them (llama-server's ``with_pieces``, vLLM's ``return_token_strs``); llama_cpp.server's
        are read by ``/extras/detokenize`` for up to ``pieces_limit`` distinct tokens."""
        caps = self.capabilities
        order = ["/tokenize", "/extras/tokenize"]
        if caps is not None and caps.tokenize in order:
            order.remove(caps.tokenize)
            order.insert(0, caps.tokenize)
        elif caps is not None and caps.engine == "llama_cpp.server":
            order.reverse()
        last: RemoteError | None = None
        for path in order:
            url = self._url(path, root=True)
            if path == "/tokenize":
                body: dict[str, Any] = {
                    "model": model,
                    "content": text,  # llama-server
                    "prompt": text,  # vLLM
                    "add_special": False,
                    "add_special_tokens": False,
                    "with_pieces": True,
                    "return_token_strs": True,
                }
            else:
                body = {"model": model, "input": text}
            try:
                data, _ = self._call("POST", url, body, model)
            except RemoteError as err:
                if err.kind in ("NotFound", "NotJSON") or (err.kind == "BadRequest" and path == "/tokenize"):
                    last = err
                    continue
                raise
            result = self._read_tokens(data, path, model)
            if caps is not None:
                caps.tokenize = path
            if result.pieces is None and path == "/extras/tokenize":
                result.pieces = self._detokenize_each(model, result.ids, pieces_limit)
            return result
        text = QT_TRANSLATE_NOOP(
            "CoreErrors", "This server does not expose its tokenizer (it has neither /tokenize nor /extras/tokenize)."
        )
        raise RemoteError(
            "NoTokenizer",
            message(text),
            last.details if last is not None else "",
        )

    def _read_tokens(self, data: Any, path: str, model: str) -> RemoteTokens:
        tokens = data.get("tokens") if isinstance(data, dict) else None
        if not isinstance(tokens, list):
            text = QT_TRANSLATE_NOOP("CoreErrors", "The server's {path} answer has no token list.")
            raise RemoteError("NotOpenAI", message(text, path=path), str(data)[:500])
        if tokens and isinstance(tokens[0], dict):  # llama-server with_pieces
            ids = [int(t.get("id", -1)) for t in tokens]
            pieces = []
            for t in tokens:
                piece = t.get("piece", "")
                pieces.append(bytes(piece).decode("utf-8", "replace") if isinstance(piece, list) else str(piece))
            return RemoteTokens(ids, pieces, path)
        ids = [int(t) for t in tokens]
        strs = data.get("token_strs")
        if isinstance(strs, list) and len(strs) == len(ids):
            return RemoteTokens(ids, [str(s) for s in strs], path)
        return RemoteTokens(ids, None, path)

    def _detokenize_each(self, model: str, ids: list[int], limit: int) -> list[str] | None:
        unique = list(dict.fromkeys(ids))
        if len(unique) > limit:
            return None
        url = self._url("/extras/detokenize", root=True)
        texts: dict[int, str] = {}
        for tid in unique:
            try:
                data, _ = self._call("POST", url, {"model": model, "tokens": [tid]}, model)
            except RemoteError as err:
                if err.kind != "ServerError":
                    return None
                texts[tid] = "\ufffd"  # part of a character: llama_cpp.server cannot decode it alone
            else:
                texts[tid] = str(data.get("text", "")) if isinstance(data, dict) else ""
        return [texts[t] for t in ids]

    # -- streaming ---------------------------------------------------------------------------------
    def _trace(self, name: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook: keep every connection the streaming client opens, so that ``stop``
        can shut it down from another thread."""
        if name in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            if stream is not None:
                self._sockets.add(stream)
                cancel = self._cancel
                if cancel is not None and cancel.is_set():
                    self._shutdown(stream)

    @staticmethod
    def _shutdown(stream: Any) -> None:
        try:
            sock = stream.get_extra_info("socket")
            if sock is not None:
                sock.shutdown(socket.SHUT_RDWR)
        except (OSError, AttributeError, ValueError):
            pass  # already closed

    def stop(self) -> None:
        """End the running stream at once (from any thread). Safe at any time, any number of times."""
        with self._lock:
            cancel = self._cancel
        if cancel is not None:
            cancel.set()
        for stream in list(self._sockets):
            self._shutdown(stream)

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

    @contextmanager
    def _stream_session(self, cancel: threading.Event | None) -> Iterator[threading.Event]:
        cancel = cancel or threading.Event()
        with self._lock:
            if self._cancel is not None:
                raise RemoteError("Busy", "This server is already streaming an answer; wait for it or stop it.")
            self._cancel = cancel
        try:
            yield cancel
        finally:
            with self._lock:
                self._cancel = None

    def complete(
        self,
        model: str,
        params: dict[str, Any],
        emit: TokenSink,
        logprobs: bool = True,
        cancel: threading.Event | None = None,
    ) -> dict[str, Any]:
        """Stream one completion (``mode`` "completion") or chat reply (``mode`` "chat"); ``params`` has
        the local host's names (:class:`Request`). Each token goes to ``emit`` as it arrives. Returns
        the result dict the local host returns, with ``stop_reason`` "cancelled" after :meth:`stop`.
        On a failure after some tokens, the RemoteError's ``partial`` holds the result so far.
        ``cancel``: an event the caller may set before or during the stream, as :meth:`stop` does."""
        req = Request.from_message(params)
        if self.capabilities is None:
            self._learn_engine()
        path, body = self._body(model, req, logprobs)
        url = self._url(path)
        state = _StreamState(req, model)
        with self._stream_session(cancel) as cancel:
            state.started = time.perf_counter()

            def check() -> None:
                if cancel.is_set():
                    raise _Cancelled

            try:
                check()
                with self._stream_http.stream("POST", url, json=body, extensions={"trace": self._trace}) as resp:
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
                        for payload in sse_data(split_lines(resp.iter_bytes(), check)):
                            check()
                            if payload.strip() == "[DONE]":
                                state.done = True
                                break
                            state.take(parse_json(payload, STREAM_LINE), req.mode, emit)
                    if not state.done and state.finish is None:
                        text = QT_TRANSLATE_NOOP(
                            "CoreErrors",
                            "The server closed the stream before saying it had finished (it may have stopped or "
                            "crashed).",
                        )
                        raise RemoteError(
                            "StreamCut",
                            message(text),
                            f"POST {url}",
                        )
            except _Cancelled:
                state.stop_reason = "cancelled"
            except Exception as exc:
                if cancel.is_set():
                    state.stop_reason = "cancelled"
                else:
                    err = self._fail(exc, url)
                    if state.times:
                        err.kind = "StreamCut" if err.kind in ("ConnectionLost", "StreamCut") else err.kind
                        # English here; the UI adds the translated sentence from ``kept_tokens``
                        err.message += f" The {len(state.times)} tokens received before that are kept."
                        err.args = (err.message,)
                        err.kept_tokens = len(state.times)
                        state.stop_reason = "error"
                        err.partial = state.result()
                    raise err from None
        return state.result()


class _StreamState:
    """What a stream has produced so far."""

    def __init__(self, req: Request, model: str) -> None:
        self.req = req
        self.model = model
        self.started = 0.0
        self.text = ""
        self.times: list[float] = []
        self.finish: str | None = None
        self.stop_string = False
        self.done = False
        self.usage: dict[str, Any] = {}
        self.logprobs_seen = False
        self.stop_reason = ""

    def take(self, chunk: Any, mode: str, emit: TokenSink, whole: bool = False) -> None:
        if not isinstance(chunk, dict):
            template = QT_TRANSLATE_NOOP(
                "CoreErrors", "The server's stream holds something other than completion chunks."
            )
            raise RemoteError("NotOpenAI", message(template))
        if chunk.get("error"):
            err = chunk["error"]
            said = err.get("message") if isinstance(err, dict) else err
            template = QT_TRANSLATE_NOOP("CoreErrors", "The server reported an error during the answer: {said}")
            raise RemoteError("ServerError", message(template, said=str(said)), str(chunk)[:500])
        if isinstance(chunk.get("usage"), dict):
            self.usage = chunk["usage"]
        now = time.perf_counter() - self.started
        for choice in chunk.get("choices") or []:
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            if mode == "chat":
                part = choice.get("message") if whole else choice.get("delta")
                text = str((part or {}).get("content") or "")
                entries = chat_tokens(choice.get("logprobs"))
            else:
                text = str(choice.get("text") or "")
                entries = completion_tokens(choice.get("logprobs"))
            if entries:
                self.logprobs_seen = True
            for entry in assign_text(entries, text):
                event = {"i": len(self.times), "token": entry.get("token", -1), "text": entry["text"], "t": now}
                if entry.get("p") is not None:
                    event["p"] = entry["p"]
                    event["alts"] = entry.get("alts") or []
                self.text += entry["text"]
                self.times.append(now)
                emit(event)
            if choice.get("finish_reason"):
                self.finish = str(choice["finish_reason"])
                reason = choice.get("stop_reason")
                self.stop_string = isinstance(reason, str) and bool(reason)
        if whole:
            self.done = True

    def result(self) -> dict[str, Any]:
        total = time.perf_counter() - self.started
        n_prompt = int(self.usage.get("prompt_tokens") or 0)
        metrics = speed_figures(n_prompt, self.times, total).as_dict()
        if not n_prompt:
            metrics["prompt_tps"] = None  # the server did not say how long the prompt was
        metrics["includes_network"] = True
        reason = self.stop_reason
        if not reason:
            reason = {"length": "length", "stop": "stop" if self.stop_string else "eos"}.get(self.finish or "", "eos")
        return {
            "text": self.text,
            "seed": self.req.seed if self.req.seed >= 0 else None,
            "max_tokens": self.req.max_tokens,
            "prompt": self.req.prompt if self.req.mode != "chat" else "",
            "n_prompt": n_prompt,
            "truncated": False,
            "stop_reason": reason,
            "n_ctx": None,
            "metrics": metrics,
            "model": self.model,
            "logprobs": self.logprobs_seen,
            "finish_reason": self.finish,
        }
