"""OpenAI-compatible servers as Qt signals, shaped like :class:`ModelService`'s so that the Completion
panel can use either: ``token(rid, event)``, ``completed(rid, result)``, ``requestFailed(rid, kind,
message, details)``.

Network calls run on two worker threads: one for the stream (one at a time, as with the local host)
and one for short calls (checking a server, tokenizing), so that checking a server never waits for a
long answer. Clients, and the keys they carry, are made on those threads: building an HTTPS context
or asking the keyring can take longer than a frame. Stop (:meth:`cancel`) shuts the stream's socket
down from the GUI thread, so it takes effect at once, even while the server is silent.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import FMError
from desktop.core.remote.capabilities import Capabilities
from desktop.core.remote.client import RemoteClient
from desktop.core.remote.config import ServerConfig
from desktop.core.remote.errors import RemoteError, redact
from desktop.core.remote.secrets import KeyStore, key_store
from desktop.services.worker import SerialWorker, Task


class _Relay(QObject):
    """Carries token events from the stream thread to the GUI thread (a queued signal). It has no
    parent and is kept by the service, so it outlives any late emit from a thread left behind."""

    token = Signal(int, object)


@dataclass
class _Entry:
    ident: tuple[Any, ...]
    client: RemoteClient
    secret: str | None  # kept only to remove it from error texts


class RemoteService(QObject):
    """idle -> generating -> idle. One stream at a time; checks and tokenizing run beside it."""

    stateChanged = Signal(str)
    checked = Signal(str, object)  # server id, {"models": [...], "capabilities": {...}, "summary": str}
    checkFailed = Signal(str, str, str, str)  # server id, error kind, message, details
    token = Signal(int, object)  # request id, token event (text, t; p and alts where the server sent them)
    completed = Signal(int, object)  # request id, result (text, metrics, stop_reason, ...)
    partial = Signal(int, object)  # request id, the result so far, just before requestFailed for a broken stream
    requestFailed = Signal(int, str, str, str)  # request id, error kind, message, details
    tokenized = Signal(int, object)  # request id, {"ids", "pieces", "endpoint"}
    tokenizeFailed = Signal(int, str, str, str)  # request id, error kind, message, details

    def __init__(self, keys: KeyStore | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.keys = keys or key_store()
        self._stream_worker = SerialWorker("remote-stream", self)
        self._calls_worker = SerialWorker("remote-calls", self)
        self._relay = _Relay()
        self._relay.token.connect(self.token)
        self._clients: dict[str, _Entry] = {}
        self._clients_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._running: tuple[int, str, threading.Event] | None = None  # the stream: id, server id, stop flag
        self.capabilities: dict[str, Capabilities] = {}  # server id -> what the last check found
        self.state = "idle"
        self._closed = False

    # -- keys --------------------------------------------------------------------------------------
    def store_key(self, config: ServerConfig, key: str) -> tuple[bool, str]:
        """Keep ``key`` for ``config`` (setting its ``key_ref``). Returns (kept in the keyring, note):
        the note says in words when it is kept for this session only."""
        if not key.strip():
            self.forget_key(config)
            return True, ""
        ref, in_keyring = self.keys.put(key.strip(), config.key_ref)
        config.key_ref = ref
        self._drop_client(config.id)
        return in_keyring, self.keys.last_note

    def forget_key(self, config: ServerConfig) -> None:
        if config.key_ref:
            self.keys.delete(config.key_ref)
        config.key_ref = ""
        self._drop_client(config.id)

    # -- clients (made and used on the worker threads) ---------------------------------------------
    def _client(self, config: ServerConfig) -> RemoteClient:
        ident = (config.base_url, config.key_ref, config.timeout_s, config.verify_tls, config.plain_http_ok)
        with self._clients_lock:
            entry = self._clients.get(config.id)
            if entry is not None and entry.ident == ident:
                return entry.client
        key = self.keys.get(config.key_ref) if config.key_ref else None
        if config.key_ref and key is None:
            raise RemoteError(
                "KeyMissing",
                f"The API key for “{config.name}” is no longer known (it was kept for one session only, "
                "as this system has no keyring). Enter it again in the server's settings.",
            )
        client = RemoteClient(config, key)
        with self._clients_lock:
            old = self._clients.get(config.id)
            self._clients[config.id] = _Entry(ident, client, key)
        if old is not None and old.client is not client:
            old.client.close()
        return client

    def _drop_client(self, server_id: str) -> None:
        with self._clients_lock:
            entry = self._clients.pop(server_id, None)
        if entry is not None:
            entry.client.stop()
            self._calls_worker.submit(entry.client.close, on_failure=lambda _exc: None)

    # -- checking a server -------------------------------------------------------------------------
    def check(self, config: ServerConfig, probe_model: str | None = None) -> None:
        """List the server's models and find out what it can do; ``checked`` or ``checkFailed`` follows.
        The probability check asks ``probe_model`` (the first model when None) for one token."""
        cfg = dataclasses.replace(config)  # checked on the worker thread

        def job() -> dict[str, Any]:
            client = self._client(cfg)
            models = client.list_models()
            caps = client.capabilities or Capabilities.for_engine("unknown")
            if models:
                caps = client.probe(probe_model or models[0]["id"])
            return {"models": models, "capabilities": caps.as_dict(), "summary": caps.describe(), "caps": caps}

        def done(info: dict[str, Any]) -> None:
            self.capabilities[cfg.id] = info.pop("caps")
            self.checked.emit(cfg.id, info)

        def failed(exc: BaseException) -> None:
            kind, message, details = self._words(exc, cfg)
            self.checkFailed.emit(cfg.id, kind, message, details)

        self._calls_worker.submit(job, on_success=done, on_failure=failed, title="Checking the server")

    # -- completion --------------------------------------------------------------------------------
    def busy(self) -> bool:
        return self._running is not None

    def complete(self, config: ServerConfig, model: str, **params: Any) -> int | None:
        """Stream a completion or chat reply from ``model`` on the server; ``params`` as for
        :meth:`ModelService.complete`. Returns the request id, or None while another stream runs."""
        if self.busy() or self._closed:
            return None
        rid = next(self._ids)
        cfg = dataclasses.replace(config)  # checked on the worker thread
        caps = self.capabilities.get(cfg.id)
        want_logprobs = caps is None or caps.logprobs is not False
        relay = self._relay
        stop = threading.Event()

        def emit(event: dict[str, Any]) -> None:
            relay.token.emit(rid, event)

        def job() -> dict[str, Any]:
            client = self._client(cfg)
            if client.capabilities is None and caps is not None:
                client.capabilities = caps
            return client.complete(model, params, emit, logprobs=want_logprobs, cancel=stop)

        def done(result: dict[str, Any]) -> None:
            self._finish(rid)
            self.completed.emit(rid, {**result, "server": cfg.name, "server_id": cfg.id})

        def failed(exc: BaseException) -> None:
            self._finish(rid)
            partial = getattr(exc, "partial", None)
            if isinstance(partial, dict):
                self.partial.emit(rid, {**partial, "server": cfg.name, "server_id": cfg.id})
            kind, message, details = self._words(exc, cfg)
            self.requestFailed.emit(rid, kind, message, details)

        self._running = (rid, cfg.id, stop)
        self._set_state("generating")
        self._stream_worker.submit(job, on_success=done, on_failure=failed, title="Completion on a server")
        return rid

    def cancel(self) -> None:
        """Stop the running stream now: its connection is shut, so the server stops too. The run ends
        with ``completed`` and stop_reason "cancelled". Safe at any time, any number of times."""
        if self._running is None:
            return
        _rid, server_id, stop = self._running
        stop.set()  # seen by a stream that has not connected yet
        with self._clients_lock:
            entry = self._clients.get(server_id)
        if entry is not None:
            entry.client.stop()  # ends a read that is waiting now

    def _finish(self, rid: int) -> None:
        if self._running is not None and self._running[0] == rid:
            self._running = None
            self._set_state("idle")

    # -- tokenizer ---------------------------------------------------------------------------------
    def tokenize(self, config: ServerConfig, model: str, text: str) -> int:
        """The server's tokenization of ``text``; ``tokenized`` or ``tokenizeFailed`` follows."""
        rid = next(self._ids)
        cfg = dataclasses.replace(config)  # checked on the worker thread

        def job() -> dict[str, Any]:
            tokens = self._client(cfg).tokenize(model, text)
            return {"ids": tokens.ids, "pieces": tokens.pieces, "endpoint": tokens.endpoint}

        def failed(exc: BaseException) -> None:
            self.tokenizeFailed.emit(rid, *self._words(exc, cfg))

        self._calls_worker.submit(
            job, on_success=lambda r: self.tokenized.emit(rid, r), on_failure=failed, title="Tokenizing on a server"
        )
        return rid

    # -- shared ------------------------------------------------------------------------------------
    def _words(self, exc: BaseException, config: ServerConfig) -> tuple[str, str, str]:
        """(kind, message, details) of a failure, with the server's key removed from both texts (the
        client removes it already; this covers any other exception)."""
        with self._clients_lock:
            entry = self._clients.get(config.id)
        key = entry.secret if entry is not None else None
        if isinstance(exc, RemoteError):
            kind, message, details = exc.kind, exc.message, exc.details
        elif isinstance(exc, FMError):
            kind, message, details = type(exc).__name__, exc.message, exc.details
        else:
            kind, message, details = type(exc).__name__, "Something went wrong talking to the server.", repr(exc)
        return kind, redact(message, [key]), redact(details, [key])

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def shutdown(self, timeout_ms: int = 3000) -> None:
        """Stop the stream, close the connections and end both threads. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        with self._clients_lock:
            entries = list(self._clients.values())
            self._clients.clear()
        for entry in entries:
            entry.client.stop()
        self._stream_worker.stop(timeout_ms)
        self._calls_worker.stop(timeout_ms)
        for entry in entries:
            entry.client.close()
        # The tasks' callbacks hold this service: drop them, so that the service is freed when its owner
        # lets go, in order, and not by the garbage collector while a task is being deleted (a crash).
        for task in self.findChildren(Task):
            task.dropped = True
            task.on_success = task.on_failure = None
        self._running = None
        self._set_state("idle")
