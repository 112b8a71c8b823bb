"""OpenAI-compatible servers as Qt signals, shaped like :class:`ModelService`'s so that the Completion
panel can use either: ``token(rid, event)``, ``tokens(rid, events)``, ``completed(rid, result)``,
``requestFailed(rid, kind, message, details)``.

Servers are independent of each other. Each server has a worker thread of its own for its short calls
(checking it, tokenizing), and each stream runs on a thread of its own, so a server that is slow, stuck
or dripping a byte at a time holds up nothing but its own work. Every request has a total deadline
(:mod:`desktop.core.remote.deadline`). Removing or editing a server shuts its connections down at once
(its calls end as cancelled) and gives it a fresh worker; quitting does the same for every server and
waits at most :attr:`RemoteService.quit_wait_s` for the threads. Clients, and the keys they carry, are
made on the worker threads: building an HTTPS context or asking the keyring can take longer than a frame.

Tokens reach the GUI thread through a :class:`TokenRelay`: at most one pass a frame, bounded in GUI time,
with the stream thread waiting when the window is behind, so no stream can flood the window.
A stream that fails on the connection marks its server's status, and servers that were checked are
looked at again every :attr:`RemoteService.watch_interval_s` (the model list only), so the Servers list
does not say "Connected" about a server that has gone.
"""

from __future__ import annotations

import dataclasses
import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import SIGNAL, QObject, QTimer, Signal

from desktop.core.errors import FMError
from desktop.core.remote.capabilities import Capabilities
from desktop.core.remote.config import ServerConfig, normalize_base_url
from desktop.core.remote.errors import RemoteError, redact
from desktop.core.remote.secrets import KeyStore, key_store
from desktop.i18n import error_text, format_int
from desktop.services.remote_registry import Registry, ServerStatus, translated
from desktop.services.token_relay import TokenRelay
from desktop.services.worker import SerialWorker, Task

if TYPE_CHECKING:
    from desktop.core.remote.client import RemoteClient  # imported where used: httpx costs start-up time
    from desktop.core.remote.transport import StreamCall
    from desktop.services.settings import Settings

__all__ = ["SETTINGS_KEY", "RemoteService", "ServerStatus"]
_translated = translated  # the name other modules' tests import

SETTINGS_KEY = "servers/list"  # a JSON list of ServerConfig.to_dict(): key references, never keys
# Failures that say the server (or the way to it) is down, not that one request was refused.
DOWN = ("ConnectionRefused", "ConnectionLost", "StreamCut", "Timeout", "NameNotFound", "Unreachable", "TLSError",
        "NetworkError", "BadHTTP")  # fmt: skip


@dataclass
class _Entry:
    ident: tuple[Any, ...]
    client: RemoteClient
    secret: str | None  # kept only to remove it from error texts


@dataclass
class _Run:
    rid: int
    server_id: str
    call: StreamCall
    worker: SerialWorker


@dataclass
class _Server:
    """A server's own thread for short calls, and the bookkeeping of what it is doing."""

    worker: SerialWorker
    checking: bool = False
    pinging: bool = False
    models_key: tuple[str, ...] = field(default_factory=tuple)


class RemoteService(Registry):
    """Streams (any number at once), checks and tokenizing, each server on its own threads.

    The servers the person added (:meth:`servers`, :meth:`add_server`, :meth:`update_server`,
    :meth:`remove_server`) and what the last check of each found (:meth:`models`, :meth:`capabilities`,
    :meth:`status`) are kept by the :class:`Registry` it extends."""

    watch_interval_s = 60.0  # how often checked servers are looked at again (0: never)
    quit_wait_s = 0.5  # the longest quitting waits for server threads, all together

    stateChanged = Signal(str)  # "generating" while any stream runs, else "idle"
    checked = Signal(str, object)  # server id, {"models": [...], "capabilities": {...}, "summary": str}
    checkFailed = Signal(str, str, str, str)  # server id, error kind, message, details
    token = Signal(int, object)  # request id, token event (text, t; p and alts where the server sent them)
    tokens = Signal(int, object)  # request id, the events of one pass, after their ``token`` signals
    completed = Signal(int, object)  # request id, result (text, metrics, stop_reason, ...)
    partial = Signal(int, object)  # request id, the result so far, just before requestFailed for a broken stream
    requestFailed = Signal(int, str, str, str)  # request id, error kind, message, details
    tokenized = Signal(int, object)  # request id, {"ids", "pieces", "endpoint", "data", "partial", "joined"}
    tokenizeFailed = Signal(int, str, str, str)  # request id, error kind, message, details

    def __init__(
        self, keys: KeyStore | None = None, parent: QObject | None = None, settings: Settings | None = None
    ) -> None:
        super().__init__(settings, SETTINGS_KEY, parent)
        self.keys = keys or key_store()
        self._relay = TokenRelay(self._deliver_tokens, self)
        self._clients: dict[str, _Entry] = {}
        self._clients_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._runs: dict[int, _Run] = {}
        self._state: dict[str, _Server] = {}
        self._generations: dict[str, int] = {}  # bumped when a server changes or goes: late answers are ignored
        self._workers: list[SerialWorker] = []  # every thread made (pruned as they end): stopped at quit
        self.state = "idle"
        self._closed = False
        self._watch = QTimer(self)
        self._watch.timeout.connect(self._look_again)
        if self.watch_interval_s > 0:
            self._watch.start(round(self.watch_interval_s * 1000))
        if self._servers:
            QTimer.singleShot(0, self, self.check_all)  # at every start, once the event loop runs: off this thread

    # -- each server's own thread ------------------------------------------------------------------
    def _server(self, server_id: str) -> _Server:
        state = self._state.get(server_id)
        if state is None:
            state = self._state[server_id] = _Server(self._new_worker(f"remote-{server_id[:8]}"))
        return state

    def _new_worker(self, name: str) -> SerialWorker:
        ended = [w for w in self._workers if not w.running and all(t.done for t in w.findChildren(Task))]
        for worker in ended:
            worker.deleteLater()  # its thread has ended, and what it sent has arrived
        self._workers = [w for w in self._workers if w not in ended]
        worker = SerialWorker(name, self)
        self._workers.append(worker)
        return worker

    def _generation(self, server_id: str) -> int:
        return self._generations.get(server_id, 0)

    def _retire(self, server_id: str) -> None:
        """End a server's work now: its connections are shut (calls in flight end as cancelled), its
        streams stop, its thread ends once free, and later calls get a fresh thread and client."""
        self._generations[server_id] = self._generation(server_id) + 1
        state = self._state.get(server_id)
        if state is not None:
            state.checking = state.pinging = False
            state.worker.request_stop()
            state.worker = self._new_worker(f"remote-{server_id[:8]}")
        with self._clients_lock:
            entry = self._clients.pop(server_id, None)
        if entry is not None:
            entry.client.close()  # shuts the sockets down: a read waiting on the other thread ends now
        for run in [r for r in self._runs.values() if r.server_id == server_id]:
            run.call.stop()
        self._relay.release()

    def _submit(self, server_id: str, job: Any, done: Any, failed: Any, title: str) -> None:
        """Run ``job`` on the server's thread; ``done``/``failed`` run on the GUI thread, and only if
        the server was not changed or removed meanwhile."""
        state = self._server(server_id)
        generation = self._generation(server_id)

        def current() -> bool:
            return not self._closed and self._generation(server_id) == generation

        def guarded() -> Any:
            if not current():
                raise RemoteError("Cancelled", "The server was removed or changed.")
            return job()

        state.worker.submit(
            guarded,
            on_success=lambda value: done(value, current()),
            on_failure=lambda exc: failed(exc, current()),
            title=title,
        )

    # -- the registry's hooks ----------------------------------------------------------------------
    def _changed(self, server_id: str, removed: bool) -> None:
        """A server's settings changed, or it was removed: its work in flight is cancelled at once."""
        self._retire(server_id)
        if removed:
            state = self._state.pop(server_id, None)
            if state is not None:
                state.worker.request_stop()

    def _normalize(self, base_url: str) -> str:
        return normalize_base_url(base_url)

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
        note = getattr(self.keys, "last_message", None)
        return in_keyring, translated(note) if note is not None else self.keys.last_note

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
            from desktop.core.messages import QT_TRANSLATE_NOOP, message

            text = QT_TRANSLATE_NOOP(
                "RemoteService",
                "The API key for “{name}” is no longer known (it was kept for one session only, as this system "
                "has no keyring). Enter it again in the server's settings.",
            )
            raise RemoteError("KeyMissing", message(text, name=config.name))
        from desktop.core.remote.client import RemoteClient

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
            entry.client.close()

    # -- checking a server -------------------------------------------------------------------------
    def check(self, config: ServerConfig | str, probe_model: str | None = None) -> None:
        """List the server's models and find out what it can do; ``checked`` or ``checkFailed`` follows.
        ``config``: a server's settings, or the id of a server in the list. The probability check asks
        ``probe_model`` (the first model when None) for one token."""
        if isinstance(config, str):
            found = self.server(config)
            if found is None or self._closed:
                return
            config = found
        if self._closed:
            return
        cfg = dataclasses.replace(config)  # checked on the worker thread
        state = self._server(cfg.id)
        state.checking = True
        self._set_status(cfg.id, ServerStatus("checking", message=self.tr("Checking…")))

        def job() -> dict[str, Any]:
            client = self._client(cfg)
            models = client.list_models()
            caps = client.capabilities or Capabilities.for_engine("unknown")
            if models:
                caps = client.probe(probe_model or models[0]["id"])
            ids = [str(m.get("id", "")) for m in models]  # here, not on the GUI thread: lists can be long
            return {"models": models, "ids": ids, "capabilities": caps.as_dict(), "caps": caps}

        def done(info: dict[str, Any], current: bool) -> None:
            caps = info.pop("caps")
            ids = info.pop("ids")
            info["summary"] = translated(caps.describe_message())  # on the GUI thread: the language now
            if current:
                state.checking = False
                state.models_key = tuple(ids)
                self._found(cfg.id, caps, ids, ServerStatus("ok", message=str(info["summary"]), since=time.time()))
            self.checked.emit(cfg.id, info)

        def failed(exc: BaseException, current: bool) -> None:
            kind, message, details = self._words(exc, cfg)
            if current:
                state.checking = False
                cancelled = kind == "Cancelled"  # its key changed meanwhile: not a finding about the server
                found = ServerStatus() if cancelled else ServerStatus("failed", kind, message, details, time.time())
                self._set_status(cfg.id, found)
            if kind != "Cancelled":
                self.checkFailed.emit(cfg.id, kind, message, details)

        self._submit(cfg.id, job, done, failed, self.tr("Checking the server"))

    def _look_again(self) -> None:
        """Every ``watch_interval_s``: list each checked server's models again (not the probe), on its own
        thread, unless it is busy. A server that stopped answering is marked failed; one that answers
        again is checked in full."""
        for config in self.servers():
            state = self._server(config.id)
            status = self.status(config.id)
            busy = any(r.server_id == config.id for r in self._runs.values())
            if status.state not in ("ok", "failed") or state.checking or state.pinging or busy:
                continue
            self._ping(config, status.state == "failed")

    def _ping(self, cfg: ServerConfig, was_failed: bool) -> None:
        state = self._server(cfg.id)
        state.pinging = True

        def job() -> list[str]:
            return [str(m.get("id", "")) for m in self._client(cfg).list_models()]

        def done(ids: list[str], current: bool) -> None:
            if not current:
                return
            state.pinging = False
            if was_failed or tuple(ids) != state.models_key:
                self.check(cfg.id)  # back, or its models changed: the full check says what it can do now
            else:
                status = self.status(cfg.id)
                self._set_status(cfg.id, dataclasses.replace(status, since=time.time()), quiet=True)

        def failed(exc: BaseException, current: bool) -> None:
            if not current:
                return
            state.pinging = False
            kind, message, details = self._words(exc, cfg)
            if kind != "Cancelled":
                self._set_status(cfg.id, ServerStatus("failed", kind, message, details, since=time.time()))

        self._submit(cfg.id, job, done, failed, self.tr("Checking the server"))

    # -- completion --------------------------------------------------------------------------------
    def busy(self, server_id: str | None = None) -> bool:
        """Whether a stream runs (on ``server_id``, or on any server)."""
        return any(server_id is None or r.server_id == server_id for r in self._runs.values())

    def complete(self, config: ServerConfig, model: str, **params: Any) -> int | None:
        """Stream a completion or chat reply from ``model`` on the server; ``params`` as for
        :meth:`ModelService.complete`. Returns the request id (None after shutdown). Streams run at
        once, each on its own thread; the app stops each at ``max_tokens`` whatever the server sends."""
        if self._closed:
            return None
        from desktop.core.remote.transport import StreamCall

        rid = next(self._ids)
        cfg = dataclasses.replace(config)  # read on the worker thread
        caps = self._caps.get(cfg.id)
        want_logprobs = caps is None or caps.logprobs is not False
        relay = self._relay
        call = StreamCall()

        def emit(event: dict[str, Any]) -> None:
            relay.put(rid, event, call.cancel.is_set)

        def job() -> dict[str, Any]:
            client = self._client(cfg)
            if client.capabilities is None and caps is not None:
                client.capabilities = caps
            return client.complete(model, params, emit, logprobs=want_logprobs, call=call)

        def done(result: dict[str, Any]) -> None:
            if self._end_run(rid, cfg.id):
                self.completed.emit(rid, {**result, "server": cfg.name, "server_id": cfg.id})
                if self.server(cfg.id) is not None and self.status(cfg.id).state in ("failed", "unchecked"):
                    self.check(cfg.id)  # it answers (again): say so in the list

        def failed(exc: BaseException) -> None:
            if not self._end_run(rid, cfg.id):
                return
            partial = getattr(exc, "partial", None)
            if isinstance(partial, dict):
                self.partial.emit(rid, {**partial, "server": cfg.name, "server_id": cfg.id})
            kind, message, details = self._words(exc, cfg)
            if kind in DOWN and self.server(cfg.id) is not None:
                self._set_status(cfg.id, ServerStatus("failed", kind, message, details, since=time.time()))
            self.requestFailed.emit(rid, kind, message, details)

        worker = self._new_worker(f"remote-stream-{rid}")
        self._runs[rid] = _Run(rid, cfg.id, call, worker)
        self._set_state("generating")
        worker.submit(job, on_success=done, on_failure=failed, title=self.tr("Completion on a server"))
        worker.request_stop()  # the thread ends with its one job
        return rid

    def _end_run(self, rid: int, server_id: str) -> bool:
        """The stream ``rid`` ended: its last tokens go out, then its result. False after shutdown."""
        if rid not in self._runs or self._closed:
            return False
        self._relay.flush(rid)  # while the run is still known: its tokens go out
        del self._runs[rid]
        if not self._runs:
            self._set_state("idle")
        return True

    def cancel(self, rid: int | None = None) -> None:
        """Stop the stream ``rid`` (every stream when None) now: its connection is shut, so the server
        stops too. The run ends with ``completed`` and stop_reason "cancelled". Safe at any time."""
        for run in list(self._runs.values()):
            if rid is None or run.rid == rid:
                run.call.stop()
        self._relay.release()

    def _deliver_tokens(self, rid: int, events: list[dict[str, Any]]) -> None:
        if rid not in self._runs:
            return  # a run already ended (flushed) or dropped at shutdown
        for event in events:
            self.token.emit(rid, event)
        if self.receivers(SIGNAL("tokens(int,PyObject)")) > 0:
            self.tokens.emit(rid, events)

    # -- tokenizer ---------------------------------------------------------------------------------
    def tokenize(self, config: ServerConfig, model: str, text: str) -> int:
        """The server's tokenization of ``text``; ``tokenized`` or ``tokenizeFailed`` follows, with
        :class:`desktop.core.remote.tokens.RemoteTokens`' fields: ``pieces`` (each token's own text, U+FFFD
        where it is part of a character), ``data`` (each token's bytes), ``partial`` and ``joined`` (texts
        that join back into the input), each None where the server does not make it known."""
        rid = next(self._ids)
        cfg = dataclasses.replace(config)  # read on the worker thread

        def job() -> dict[str, Any]:
            tokens = self._client(cfg).tokenize(model, text)
            return {
                "ids": tokens.ids,
                "pieces": tokens.pieces,
                "endpoint": tokens.endpoint,
                "data": tokens.data,
                "partial": tokens.partial,
                "joined": tokens.joined,
            }

        def failed(exc: BaseException, _current: bool) -> None:
            kind, message, details = self._words(exc, cfg)
            if kind in DOWN and self.server(cfg.id) is not None:
                self._set_status(cfg.id, ServerStatus("failed", kind, message, details, since=time.time()))
            self.tokenizeFailed.emit(rid, kind, message, details)

        if self._closed:
            return rid
        self._submit(
            cfg.id, job, lambda r, _current: self.tokenized.emit(rid, r), failed, self.tr("Tokenizing on a server")
        )
        return rid

    # -- shared ------------------------------------------------------------------------------------
    def _words(self, exc: BaseException, config: ServerConfig) -> tuple[str, str, str]:
        """(kind, message, details) of a failure, with the server's key removed from both texts (the
        client removes it already; this covers any other exception). The message is translated here (the
        callers run on the GUI thread); details stay as they are."""
        with self._clients_lock:
            entry = self._clients.get(config.id)
        key = entry.secret if entry is not None else None
        if isinstance(exc, RemoteError):
            kind, text, details = exc.kind, error_text(exc), exc.details
            if exc.kept_tokens == 1:
                text = f"{text} {self.tr('The one token received before that is kept.')}"
            elif exc.kept_tokens:
                kept = self.tr("The {n} tokens received before that are kept.").format(n=format_int(exc.kept_tokens))
                text = f"{text} {kept}"
        elif isinstance(exc, FMError):
            kind, text, details = type(exc).__name__, error_text(exc), exc.details
        else:
            kind, text, details = type(exc).__name__, self.tr("Something went wrong talking to the server."), repr(exc)
        return kind, redact(text, [key]), redact(details, [key])

    def threads_running(self) -> list[str]:
        """The names of this service's threads still running (none after :meth:`shutdown`, unless one
        was left behind in a call that cannot be interrupted, such as a name lookup)."""
        return [w.name for w in self._workers if w.running]

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def shutdown(self, timeout_ms: int | None = None) -> None:
        """Stop every stream and call now, close the connections and end the threads, waiting at most
        ``timeout_ms`` (``quit_wait_s`` by default) for all of them together. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._watch.stop()
        self._relay.close()
        for run in self._runs.values():
            run.call.stop()
        with self._clients_lock:
            entries = list(self._clients.values())
            self._clients.clear()
        for entry in entries:
            entry.client.close()
        workers = list(self._workers)
        for worker in workers:
            worker.request_stop()
        wait_s = self.quit_wait_s if timeout_ms is None else timeout_ms / 1000
        end = time.monotonic() + wait_s
        for worker in workers:
            worker.stop(max(0, round((end - time.monotonic()) * 1000)))
        self.drop_callbacks()
        self._runs.clear()
        self._set_state("idle")
