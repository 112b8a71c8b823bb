"""The client for OpenAI-compatible servers, against a real ``llama_cpp.server`` serving the bundled
SmolLM2 on 127.0.0.1, checked against the local model host; and against small stand-in servers on
127.0.0.1 for the answers a real server should never give (a 10 MB model list, a stream cut mid-line,
bytes that are not UTF-8, a socket that never answers)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.core.host.client import HostProcess
from desktop.core.host.runner import LoadSettings
from desktop.core.remote import (
    Capabilities,
    KeyStore,
    RemoteClient,
    RemoteError,
    ServerConfig,
    guess_engine,
    is_loopback,
    normalize_base_url,
    plain_http_warning,
    redact,
)
from desktop.core.remote.stream import MAX_MODELS_BYTES, split_lines, sse_data
from desktop.core.remote.transport import StreamCall
from tests.hosts import load_model

N_CTX = 1024
GREEDY = {"temperature": 0.0, "top_k": 40, "top_p": 0.95, "min_p": 0.05, "repeat_penalty": 1.0}
KEY = "sk-test-8c1f0e2d9b7a4c65"


# -- a real llama_cpp.server -----------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class LlamaServer:
    proc: subprocess.Popen[bytes]
    base_url: str
    model: str
    log: Path

    def config(self, **kw: Any) -> ServerConfig:
        return ServerConfig(name="local llama_cpp.server", base_url=self.base_url, **kw)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)


def start_llama_server(model: Path, log: Path, api_key: str | None = None, logits_all: bool = True) -> LlamaServer:
    """``python -m llama_cpp.server`` on a free loopback port, ready when ``/v1/models`` answers."""
    port = free_port()
    # Flash attention as the app's host loads models, so that the two give the same numbers.
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1", "--port",
           str(port), "--n_ctx", str(N_CTX), "--n_threads", "2", "--logits_all", str(logits_all).lower(),
           "--flash_attn", str(LoadSettings.flash_attn).lower()]  # fmt: skip
    if api_key:
        cmd += ["--api_key", api_key]
    out = log.open("wb")
    proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    out.close()
    server = LlamaServer(proc, f"http://127.0.0.1:{port}/v1", str(model), log)
    headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"llama_cpp.server ended: {log.read_text(errors='replace')[-2000:]}")
        try:
            if httpx.get(f"{server.base_url}/models", headers=headers, timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    server.kill()
    raise AssertionError("llama_cpp.server did not start within 90 s")


def stop_llama_server(server: LlamaServer) -> None:
    if server.proc.poll() is None:
        server.proc.terminate()
        try:
            server.proc.wait(15)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture
def llama_server(default_model: Path, tmp_path: Path) -> Iterator[LlamaServer]:
    server = start_llama_server(default_model, tmp_path / "server.log")
    yield server
    stop_llama_server(server)


@pytest.fixture
def keyed_server(default_model: Path, tmp_path: Path) -> Iterator[LlamaServer]:
    server = start_llama_server(default_model, tmp_path / "server.log", api_key=KEY)
    yield server
    stop_llama_server(server)


# -- the local host, as tests/core/test_generation.py drives it ------------------------------------
@pytest.fixture
def local_host(host: HostProcess, default_model: Path) -> HostProcess:
    load_model(host, default_model, n_ctx=N_CTX)
    return host


def local_run(host: HostProcess, **params: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    host.send("complete", **params)
    tokens: list[dict[str, Any]] = []
    while True:
        event = host.read_event()
        assert event is not None, host.exit_report()
        if event["type"] == "token":
            if not event.get("eog"):
                tokens.append(event)
            continue
        assert event["type"] == "result", event
        return event["data"], tokens


def remote_run(client: RemoteClient, model: str, **params: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    tokens: list[dict[str, Any]] = []
    result = client.complete(model, params, tokens.append)
    return result, tokens


# -- stand-in servers --------------------------------------------------------------------------------
Handler = Callable[[BaseHTTPRequestHandler], None]


@contextmanager
def stand_in(routes: dict[str, Handler]) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 answering each path with its handler; yields the base URL (…/v1)."""
    requests: list[tuple[str, str, dict[str, str], bytes]] = []

    class H(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _any(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            self.body = body  # for a handler that answers by what was asked
            requests.append((self.command, self.path, dict(self.headers), body))
            handler = routes.get(self.path)
            try:
                if handler is None:
                    send(self, 404, b'{"detail":"Not Found"}')
                else:
                    handler(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading, as it should

        do_GET = do_POST = _any

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), H)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="stand-in", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def send(h: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str = "application/json") -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    h.end_headers()
    h.wfile.write(body)


def sse_head(h: BaseHTTPRequestHandler) -> None:
    """Headers of a stream whose end is the connection's close (as HTTP/1.0 bodies are)."""
    h.send_response(200)
    h.send_header("Content-Type", "text/event-stream")
    h.send_header("Connection", "close")
    h.end_headers()
    h.close_connection = True


MODELS = json.dumps({"object": "list", "data": [{"id": "stand-in", "object": "model", "owned_by": "llamacpp"}]})


def models_route(h: BaseHTTPRequestHandler) -> None:
    send(h, 200, MODELS.encode())


def fails(fn: Callable[[], Any]) -> RemoteError:
    with pytest.raises(RemoteError) as info:
        fn()
    err = info.value
    assert err.message and str(err) == err.message
    return err


# == URLs, keys, settings ===========================================================================
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("http://gpu-box:8000/v1", "http://gpu-box:8000/v1"),
        ("  gpu-box:8000/v1/ ", "http://gpu-box:8000/v1"),
        ("https://api.example.com", "https://api.example.com/v1"),
        ("HTTP://127.0.0.1:8080/v1", "http://127.0.0.1:8080/v1"),
        ("http://[::1]:8000/v1", "http://[::1]:8000/v1"),
    ],
)
def test_base_url_is_normalized(text: str, expected: str) -> None:
    assert normalize_base_url(text) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "Type the server's address"),
        ("not a url", "contains spaces"),
        ("ftp://gpu-box/v1", "not an http:// or https://"),
        ("http://gpu-box:99999/v1", "not a valid address"),
        ("http://:8000/v1", "no valid host"),
        ("http://gpu-box:8000/v1?x=1", "query"),
        ("http://user:sk-abc@gpu-box/v1", "key field"),
        ("http://gpu_box!/v1", "no valid host"),
    ],
)
def test_bad_base_url_says_what_is_wrong(text: str, words: str) -> None:
    err = fails(lambda: normalize_base_url(text))
    assert err.kind == "BadURL" and words in err.message
    assert "sk-abc" not in err.message + err.details


def test_plain_http_key_to_another_machine_asks_first() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("127.5.6.7") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("192.168.1.20") and not is_loopback("gpu-box")
    assert plain_http_warning("http://gpu-box:8000/v1", has_key=True) is not None
    assert plain_http_warning("http://gpu-box:8000/v1", has_key=False) is None
    assert plain_http_warning("https://gpu-box:8000/v1", has_key=True) is None
    assert plain_http_warning("http://127.0.0.1:8000/v1", has_key=True) is None
    # The client refuses to send it until the person has agreed, and says so without the key.
    err = fails(lambda: RemoteClient(ServerConfig("box", "http://gpu-box:8000/v1"), KEY))
    assert err.kind == "PlainHTTPKey" and "unencrypted" in err.message and KEY not in err.message
    RemoteClient(ServerConfig("box", "http://gpu-box:8000/v1", plain_http_ok=True), KEY).close()
    RemoteClient(ServerConfig("box", "http://gpu-box:8000/v1"), None).close()


def test_redact_every_form_of_the_key() -> None:
    key = KEY + "\n"
    text = f"Illegal header value {('Bearer ' + key).encode()!r}; sent {key}; {KEY}"
    assert redact(text, [key, None]).count("•••") == 3 and KEY not in redact(text, [key])


def test_settings_never_hold_the_key() -> None:
    store = KeyStore()  # this machine has no keyring backend: the session store
    ref, in_keyring = store.put(KEY)
    config = ServerConfig("box", "https://gpu-box/v1", key_ref=ref)
    saved = json.dumps(config.to_dict())
    assert KEY not in saved and ref in saved
    assert ServerConfig.from_dict(json.loads(saved)) == config
    assert store.get(ref) == KEY
    assert not in_keyring and store.in_session_only(ref) and "this session only" in store.last_note
    store.delete(ref)
    assert store.get(ref) is None


class MemoryKeyring:
    """A keyring backend of our own (keyring's API), standing in for the system's."""

    priority = 1.0

    def __init__(self, broken: bool = False) -> None:
        self.items: dict[tuple[str, str], str] = {}
        self.broken = broken

    def set_password(self, service: str, user: str, password: str) -> None:
        if self.broken:
            raise RuntimeError("locked")
        self.items[(service, user)] = password

    def get_password(self, service: str, user: str) -> str | None:
        return self.items.get((service, user))

    def delete_password(self, service: str, user: str) -> None:
        del self.items[(service, user)]


@pytest.fixture
def keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    """A keyring backend standing in for the system's (this machine has none), as the app's key store: a
    window built after this keeps its keys there."""
    from desktop.core.remote import secrets

    ring = MemoryKeyring()
    monkeypatch.setattr(secrets, "_store", KeyStore(ring))
    return ring


def test_keys_go_to_the_keyring_when_there_is_one() -> None:
    ring = MemoryKeyring()
    store = KeyStore(ring)
    ref, in_keyring = store.put(KEY)
    assert in_keyring and not store.in_session_only(ref) and store.last_note == ""
    assert ring.items == {("fm-explorer", ref): KEY}
    assert KeyStore(ring).get(ref) == KEY  # a new session finds it
    store.delete(ref)
    assert ring.items == {}
    # A keyring that refuses: kept for the session, and said why.
    broken = KeyStore(MemoryKeyring(broken=True))
    ref, in_keyring = broken.put(KEY)
    assert not in_keyring and broken.get(ref) == KEY and "refused" in broken.last_note


def test_engine_guess_and_settings_it_takes() -> None:
    assert guess_engine([{"id": "m", "owned_by": "me"}]) == "llama_cpp.server"
    assert guess_engine([{"id": "m", "owned_by": "vllm"}]) == "vllm"
    assert guess_engine([{"id": "m", "owned_by": "llamacpp"}]) == "llama-server"
    assert guess_engine([{"id": "m", "owned_by": "library"}]) == "ollama"
    assert guess_engine([{"id": "m", "owned_by": "someone"}]) == "unknown"
    vllm = Capabilities.for_engine("vllm")
    assert vllm.params["repeat_penalty"] == "repetition_penalty" and vllm.supports("min_p")
    openai = Capabilities.for_engine("openai")
    assert openai.unsupported() == ["top_k", "min_p", "repeat_penalty"]
    assert "does not take top_k, min_p, repeat_penalty" in openai.describe()


def test_sse_lines_and_limits() -> None:
    chunks = [b'data: {"a"', b": 1}\r\n\r\n: ping\n\nevent: x\ndata: [DONE]\n\n"]
    assert list(sse_data(split_lines(iter(chunks)))) == ['{"a": 1}', "[DONE]"]
    cut = fails(lambda: list(split_lines(iter([b"data: {}\n", b'data: {"choi']))))
    assert cut.kind == "StreamCut"
    huge = fails(lambda: list(split_lines(iter([b"x" * (1 << 19)] * 3))))
    assert huge.kind == "TooLarge"
    bad = fails(lambda: list(split_lines(iter([b"data: \xff\xfe\n"]))))
    assert bad.kind == "NotUTF8"


# == a real server ==================================================================================
def test_models_capabilities_and_tokenizer(llama_server: LlamaServer, default_model: Path) -> None:
    import llama_cpp

    with RemoteClient(llama_server.config()) as client:
        models = client.list_models()
        assert [m["id"] for m in models] == [llama_server.model]
        caps = client.probe(llama_server.model)
        assert caps.engine == "llama_cpp.server" and caps.logprobs is True and caps.unsupported() == []
        text = "Hello world, ünïcode 👍"
        tokens = client.tokenize(llama_server.model, text)
        # Korean: tokens that hold part of a character are read with the ones after them; the pieces join
        # back into the input, and the parts are marked (not "\ufffd").
        korean = client.tokenize(llama_server.model, "한국어 문장")
    assert tokens.endpoint == "/extras/tokenize" and client.capabilities is not None
    assert client.capabilities.tokenize == "/extras/tokenize"
    vocab = llama_cpp.Llama(str(default_model), vocab_only=True, verbose=False)
    try:
        assert tokens.ids == vocab.tokenize(text.encode(), add_bos=vocab._model.add_bos_token(), special=True)
    finally:
        vocab.close()
    assert tokens.pieces is not None and tokens.pieces[:2] == ["Hello", " world"]
    assert tokens.joined is not None and "".join(tokens.joined) == text
    # Each piece alone: U+FFFD where it is part of a character; joined: the characters, whole, at the end of
    # their runs; partial marks the tokens of those runs.
    assert korean.pieces is not None and korean.joined is not None and korean.partial is not None
    assert "".join(korean.joined) == "한국어 문장" and "\ufffd" not in korean.joined
    assert [p for p in korean.joined if p] == ["한", "국", "어", " 문", "장"]
    assert all(korean.partial[n] == (korean.pieces[n] == "\ufffd") for n in range(len(korean.ids)))


def test_greedy_text_and_probabilities_equal_the_local_host(llama_server: LlamaServer, local_host: HostProcess) -> None:
    with RemoteClient(llama_server.config()) as client:
        for prompt in ("The capital of France is", "def fibonacci(n):"):
            params = {"mode": "completion", "prompt": prompt, "max_tokens": 20, "n_alternatives": 5, **GREEDY}
            remote, remote_tokens = remote_run(client, llama_server.model, **params)
            local, local_tokens = local_run(local_host, **params)
            assert remote["text"] == local["text"] and remote["text"]
            assert "".join(t["text"] for t in remote_tokens) == remote["text"]
            assert [t["text"] for t in remote_tokens] == [t["text"] for t in local_tokens]
            for ours, theirs in zip(remote_tokens, local_tokens, strict=True):
                assert abs(ours["p"] - theirs["p"]) < 1e-3, (ours, theirs)
                local_alts = {}
                for _tid, text, p in theirs["alts"]:
                    local_alts.setdefault(text, p)
                # llama_cpp.server shows special tokens (end of text) as "", the host as their text
                shared = [(text, p) for _tid, text, p in ours["alts"] if text in local_alts]
                assert len(shared) >= len(ours["alts"]) - 1 >= 4
                for text, p in shared:
                    assert abs(p - local_alts[text]) < 1e-3, (text, p, local_alts[text])
                chosen = [a for a in ours["alts"] if a[0] == ours["token"]]
                assert chosen and chosen[0][1] == ours["text"]  # the view can mark the picked one
            assert remote["stop_reason"] == "length" and remote["metrics"]["n_generated"] == 20
            assert remote["metrics"]["includes_network"] and remote["metrics"]["ttft_s"] > 0
            assert remote["logprobs"] is True

        # Chat: the server renders the model's own template, as the local host does.
        chat = {"mode": "chat", "messages": [{"role": "user", "content": "Name a colour."}], "max_tokens": 12}
        remote, remote_tokens = remote_run(client, llama_server.model, **chat, **GREEDY)
        local, _ = local_run(local_host, **chat, **GREEDY)
        assert remote["text"] == local["text"] and remote["text"]
        assert all("p" in t and t["alts"] for t in remote_tokens)


def test_api_key_right_wrong_and_missing(keyed_server: LlamaServer) -> None:
    with RemoteClient(keyed_server.config(), KEY) as client:
        assert client.list_models()
        result, _ = remote_run(client, keyed_server.model, prompt="Hello", max_tokens=3, **GREEDY)
        assert result["metrics"]["n_generated"] == 3
    wrong = "sk-wrong-5d1e3c"
    for key, words in ((wrong, "refused the API key"), (None, "needs an API key")):
        with RemoteClient(keyed_server.config(), key) as client:
            for call in (client.list_models, lambda c=client: c.complete(keyed_server.model, {"prompt": "Hi"}, print)):
                err = fails(call)
                assert err.kind == "Unauthorized" and "401" in err.message and words in err.message
                assert "HTTP 401" in err.details
                for secret in (KEY, wrong):
                    assert secret not in err.message + err.details + repr(err.args)


def test_stop_ends_the_stream_at_once_and_the_server_stops(llama_server: LlamaServer) -> None:
    with RemoteClient(llama_server.config(timeout_s=30)) as client:
        tokens: list[dict[str, Any]] = []
        stopped_at: list[float] = []

        def emit(event: dict[str, Any]) -> None:
            tokens.append(event)
            if len(tokens) == 3:
                threading.Thread(target=lambda: (stopped_at.append(time.perf_counter()), client.stop())).start()

        params = {"prompt": "Once upon a time", "max_tokens": 900, **GREEDY, "temperature": 0.8}
        result = client.complete(llama_server.model, params, emit)
        ended = time.perf_counter()
        assert result["stop_reason"] == "cancelled"
        assert 3 <= len(tokens) < 20 and result["text"] == "".join(t["text"] for t in tokens)
        assert ended - stopped_at[0] < 0.5
        # The server stopped generating: a new request is answered at once, not after 900 tokens.
        started = time.perf_counter()
        again, _ = remote_run(client, llama_server.model, prompt="Hi", max_tokens=2, **GREEDY)
        assert again["metrics"]["n_generated"] == 2
        assert time.perf_counter() - started < 10


def test_stop_before_the_stream_starts(llama_server: LlamaServer) -> None:
    with RemoteClient(llama_server.config()) as client:
        call = StreamCall()
        call.stop()
        result = client.complete(llama_server.model, {"prompt": "Hi", "max_tokens": 50}, print, call=call)
    assert result["stop_reason"] == "cancelled" and result["text"] == ""


def test_server_killed_mid_stream_keeps_the_partial_text(llama_server: LlamaServer) -> None:
    with RemoteClient(llama_server.config()) as client:
        tokens: list[dict[str, Any]] = []

        def emit(event: dict[str, Any]) -> None:
            tokens.append(event)
            if len(tokens) == 4:
                os.kill(llama_server.proc.pid, signal.SIGKILL)

        err = fails(
            lambda: client.complete(llama_server.model, {"prompt": "Once upon a time", "max_tokens": 900}, emit)
        )
        llama_server.proc.wait(10)
        assert err.kind == "StreamCut", err.details
        assert (
            "closed in the middle of the answer" in err.message
            and "tokens received before that are kept" in err.message
        )
        assert err.partial is not None and err.partial["stop_reason"] == "error"
        assert err.partial["text"] == "".join(t["text"] for t in tokens) and len(tokens) >= 4
        # the client still works: the next call says plainly that nothing answers now
        assert fails(client.list_models).kind == "ConnectionRefused"


# == failures in words ==============================================================================
def test_connection_refused_name_not_found_and_path_typo(llama_server: LlamaServer) -> None:
    def models(url: str) -> RemoteError:
        with RemoteClient(ServerConfig("x", url)) as client:
            return fails(client.list_models)

    refused = models(f"http://127.0.0.1:{free_port()}/v1")
    assert refused.kind == "ConnectionRefused" and "refused" in refused.message
    unknown = models("http://no-such-host.invalid:8000/v1")
    assert unknown.kind == "NameNotFound" and "no-such-host.invalid" in unknown.message
    typo = models(llama_server.base_url.replace("/v1", "/v2"))
    assert typo.kind == "NotFound" and "404" in typo.message and "/v1" in typo.message
    tls = models(llama_server.base_url.replace("http:", "https:"))
    assert tls.kind == "TLSError" and "http://" in tls.message


def test_silent_server_times_out_within_the_timeout() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)  # connections complete in the backlog; nobody ever answers
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/v1"
        with RemoteClient(ServerConfig("silent", url, timeout_s=1.0)) as client:
            for call in (client.list_models, lambda: client.complete("m", {"prompt": "Hi"}, print)):
                started = time.monotonic()
                err = fails(call)
                assert err.kind == "Timeout" and "1 s" in err.message
                assert time.monotonic() - started < 2.5


def test_answers_that_are_not_an_api() -> None:
    big = b'{"object": "list", "data": [' + b'{"id": "x"},' * (MAX_MODELS_BYTES // 12) + b'{"id": "y"}]}'
    assert len(big) > MAX_MODELS_BYTES
    routes: dict[str, Handler] = {
        "/big/v1/models": lambda h: send(h, 200, big),
        "/latin1/v1/models": lambda h: send(h, 200, '{"data": [{"id": "modèle"}]}'.encode("latin-1")),
        "/html/v1/models": lambda h: send(h, 200, b"<!doctype html><html>Router login</html>", "text/html"),
        "/other/v1/models": lambda h: send(h, 200, b'{"hello": "world"}'),
        "/boom/v1/models": lambda h: send(h, 500, b'{"error": {"message": "CUDA out of memory"}}'),
    }
    with stand_in(routes) as base:
        root = base.removesuffix("/v1")

        def models(path: str) -> RemoteError:
            with RemoteClient(ServerConfig("x", f"{root}/{path}/v1")) as client:
                return fails(client.list_models)

        too_big = models("big")
        assert too_big.kind == "TooLarge" and f"{MAX_MODELS_BYTES >> 20} MB" in too_big.message
        latin1 = models("latin1")
        assert latin1.kind == "NotUTF8" and "not UTF-8" in latin1.message
        html = models("html")
        assert html.kind == "NotJSON" and "web page" in html.message
        assert models("other").kind == "NotOpenAI"
        boom = models("boom")
        assert boom.kind == "ServerError" and "CUDA out of memory" in boom.message


def test_stream_cut_mid_line_and_not_utf8() -> None:
    first = b'data: {"choices": [{"index": 0, "text": "Hello", "logprobs": null, "finish_reason": null}]}\n\n'

    def cut(h: BaseHTTPRequestHandler) -> None:
        sse_head(h)
        h.wfile.write(first + b'data: {"choices": [{"index": 0, "te')
        h.wfile.flush()

    def latin1(h: BaseHTTPRequestHandler) -> None:
        sse_head(h)
        h.wfile.write(first + 'data: {"choices": [{"index": 0, "text": "café"}]}\n\n'.encode("latin-1"))

    def no_done(h: BaseHTTPRequestHandler) -> None:
        sse_head(h)
        h.wfile.write(first)

    routes = {"/cut/v1/completions": cut, "/latin1/v1/completions": latin1, "/nodone/v1/completions": no_done}
    with stand_in(routes) as base:
        root = base.removesuffix("/v1")
        for path, kind, words in (
            ("cut", "StreamCut", "middle of a line"),
            ("latin1", "NotUTF8", "not UTF-8"),
            ("nodone", "StreamCut", "before saying it had finished"),
        ):
            tokens: list[dict[str, Any]] = []
            with RemoteClient(ServerConfig("x", f"{root}/{path}/v1")) as client:
                err = fails(lambda c=client, t=tokens: c.complete("m", {"prompt": "Hi"}, t.append))
            assert err.kind == kind and words in err.message, (path, err.message)
            assert (
                err.partial is not None and err.partial["text"] == "Hello" and [t["text"] for t in tokens] == ["Hello"]
            )
            assert "p" not in tokens[0]  # no logprobs came: none are made up


def test_key_never_reaches_messages_or_details() -> None:
    """A server that echoes the request back, key and all, in its error: the key is still not shown."""

    def echo(h: BaseHTTPRequestHandler) -> None:
        said = json.dumps(
            {"error": {"message": f"bad token {h.headers.get('Authorization')}"}, "headers": dict(h.headers)}
        )
        send(h, 400, said.encode())

    routes = {"/v1/models": echo, "/v1/completions": echo}
    with stand_in(routes) as base, RemoteClient(ServerConfig("x", base), KEY) as client:
        for call in (client.list_models, lambda: client.complete("m", {"prompt": "Hi"}, print)):
            err = fails(call)
            assert err.kind == "BadRequest" and "bad token" in err.message
            assert KEY not in err.message and KEY not in err.details and KEY not in repr(err.args)
            assert "•••" in err.details


def test_llama_server_shaped_chat_stream_with_token_ids() -> None:
    """llama-server sends token ids with its probabilities; they are kept, and the chosen one marked."""

    def chunk(text: str, tid: int, p1: float) -> bytes:
        content = [{"id": tid, "token": text, "bytes": list(text.encode()), "logprob": -0.1,
                    "top_logprobs": [{"id": tid, "token": text, "logprob": -0.1},
                                     {"id": 7, "token": "x", "logprob": p1}]}]  # fmt: skip
        data = {"choices": [{"index": 0, "delta": {"content": text}, "logprobs": {"content": content}}]}
        return b"data: " + json.dumps(data).encode() + b"\n\n"

    def chat(h: BaseHTTPRequestHandler) -> None:
        sse_head(h)
        h.wfile.write(b'data: {"choices": [{"index": 0, "delta": {"role": "assistant"}}]}\n\n')
        h.wfile.write(chunk("Hi", 42, -3.0) + chunk("!", 43, -4.0))
        end = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], "usage": {"prompt_tokens": 9}}
        h.wfile.write(b"data: " + json.dumps(end).encode() + b"\n\ndata: [DONE]\n\n")

    routes = {"/v1/models": models_route, "/v1/chat/completions": chat}
    with stand_in(routes) as base, RemoteClient(ServerConfig("x", base)) as client:
        assert client.list_models()[0]["id"] == "stand-in"
        assert client.capabilities is not None and client.capabilities.engine == "llama-server"
        tokens: list[dict[str, Any]] = []
        result = client.complete("stand-in", {"mode": "chat", "messages": [{"role": "user", "content": "Hi"}]},
                                 tokens.append)  # fmt: skip
    assert result["text"] == "Hi!" and result["stop_reason"] == "eos" and result["n_prompt"] == 9
    assert [t["token"] for t in tokens] == [42, 43]
    assert tokens[0]["alts"][0] == [42, "Hi", pytest.approx(0.904837, abs=1e-6)]
    assert tokens[0]["alts"][1][:2] == [7, "x"]
    assert result["metrics"]["prompt_tps"] is not None


def test_tokenizer_endpoints() -> None:
    def llama_server_tokenize(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, json.dumps({"tokens": [{"id": 5, "piece": "Hi"}, {"id": 6, "piece": [0xF0, 0x9F]}]}).encode())

    def vllm_tokenize(h: BaseHTTPRequestHandler) -> None:
        send(h, 200, json.dumps({"tokens": [5, 6], "token_strs": ["Hi", "!"], "count": 2}).encode())

    routes = {"/a/tokenize": llama_server_tokenize, "/b/tokenize": vllm_tokenize, "/c/v1/models": models_route}
    with stand_in(routes) as base:
        root = base.removesuffix("/v1")
        with RemoteClient(ServerConfig("a", f"{root}/a/v1")) as client:
            a = client.tokenize("m", "Hi")
        assert a.ids == [5, 6] and a.pieces == ["Hi", "\ufffd"] and a.endpoint == "/tokenize"
        assert a.data == [b"Hi", bytes([0xF0, 0x9F])] and a.partial == [False, True]
        with RemoteClient(ServerConfig("b", f"{root}/b/v1")) as client:
            assert client.tokenize("m", "Hi!").pieces == ["Hi", "!"]
        with RemoteClient(ServerConfig("c", f"{root}/c/v1")) as client:
            err = fails(lambda: client.tokenize("m", "Hi"))
        assert err.kind == "NoTokenizer" and "does not expose its tokenizer" in err.message


def test_stop_while_the_server_is_silent() -> None:
    """Stop lands at once even while no byte is coming (a long prompt being read, a stuck server):
    the socket is shut down under the waiting read."""
    release = threading.Event()

    def slow(h: BaseHTTPRequestHandler) -> None:
        sse_head(h)
        h.wfile.write(b'data: {"choices": [{"index": 0, "text": "Hello"}]}\n\n')
        h.wfile.flush()
        release.wait(20)

    with stand_in({"/v1/models": models_route, "/v1/completions": slow}) as base:
        with RemoteClient(ServerConfig("x", base, timeout_s=30)) as client:
            stopped: list[float] = []

            def emit(event: dict[str, Any]) -> None:
                def later() -> None:
                    time.sleep(0.3)
                    stopped.append(time.perf_counter())
                    client.stop()

                threading.Thread(target=later).start()

            result = client.complete("stand-in", {"prompt": "Hi"}, emit)
            assert time.perf_counter() - stopped[0] < 0.5
        release.set()
    assert result["stop_reason"] == "cancelled" and result["text"] == "Hello"
