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
import json
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, Template, message
from desktop.core.remote.capabilities import Capabilities
from desktop.core.remote.config import ServerConfig, normalize_base_url
from desktop.core.remote.errors import RemoteError, redact
from desktop.core.remote.secrets import KeyStore, key_store
from desktop.i18n import error_text, format_int, translate_message
from desktop.services.worker import SerialWorker, Task

if TYPE_CHECKING:
    from desktop.core.remote.client import RemoteClient  # imported where used: httpx costs start-up time
    from desktop.services.settings import Settings

SETTINGS_KEY = "servers/list"  # a JSON list of ServerConfig.to_dict(): key references, never keys


def _translated(msg: Message) -> str:
    """``msg`` in the installed language, its arguments too where they are marked templates (an engine's
    description in :meth:`Capabilities.describe_message`)."""
    args = {
        k: QCoreApplication.translate(v.context, v) if isinstance(v, Template) and v.context else v
        for k, v in msg.args.items()
    }
    return translate_message(Message(msg.template, msg.context, args))


class _Relay(QObject):
    """Carries token events from the stream thread to the GUI thread (a queued signal). It has no
    parent and is kept by the service, so it outlives any late emit from a thread left behind."""

    token = Signal(int, object)


@dataclass
class ServerStatus:
    """What the last check of a server found, for the Servers list: ``state`` is "unchecked",
    "checking", "ok" or "failed"; ``message`` says it in words (the failure's, or the summary)."""

    state: str = "unchecked"
    kind: str = ""  # the failure's error kind ("ConnectionRefused", "Unauthorized", ...)
    message: str = ""
    details: str = ""


@dataclass
class _Entry:
    ident: tuple[Any, ...]
    client: RemoteClient
    secret: str | None  # kept only to remove it from error texts


class RemoteService(QObject):
    """idle -> generating -> idle. One stream at a time; checks and tokenizing run beside it.

    It also keeps the servers the person added (the registry): :meth:`servers`, :meth:`add_server`,
    :meth:`update_server`, :meth:`remove_server`, saved in the settings under ``servers/list`` (without
    keys), and what the last check of each found (:meth:`models`, :meth:`capabilities`, :meth:`status`)."""

    stateChanged = Signal(str)
    serversChanged = Signal()  # a server was added, changed or removed
    statusChanged = Signal(str)  # server id: its check started, succeeded or failed
    checked = Signal(str, object)  # server id, {"models": [...], "capabilities": {...}, "summary": str}
    checkFailed = Signal(str, str, str, str)  # server id, error kind, message, details
    token = Signal(int, object)  # request id, token event (text, t; p and alts where the server sent them)
    completed = Signal(int, object)  # request id, result (text, metrics, stop_reason, ...)
    partial = Signal(int, object)  # request id, the result so far, just before requestFailed for a broken stream
    requestFailed = Signal(int, str, str, str)  # request id, error kind, message, details
    tokenized = Signal(int, object)  # request id, {"ids", "pieces", "endpoint"}
    tokenizeFailed = Signal(int, str, str, str)  # request id, error kind, message, details

    def __init__(
        self, keys: KeyStore | None = None, parent: QObject | None = None, settings: Settings | None = None
    ) -> None:
        super().__init__(parent)
        self.keys = keys or key_store()
        self.settings = settings
        self._stream_worker = SerialWorker("remote-stream", self)
        self._calls_worker = SerialWorker("remote-calls", self)
        self._relay = _Relay()
        self._relay.token.connect(self.token)
        self._clients: dict[str, _Entry] = {}
        self._clients_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._running: tuple[int, str, threading.Event] | None = None  # the stream: id, server id, stop flag
        self._caps: dict[str, Capabilities] = {}  # server id -> what the last successful check found
        self._models: dict[str, list[str]] = {}  # server id -> model ids from the last successful check
        self._status: dict[str, ServerStatus] = {}
        self._generation: dict[str, int] = {}  # server id -> bumped when its settings change or it goes
        self.state = "idle"
        self._closed = False
        self._servers: list[ServerConfig] = self._load_servers()

    # -- the registry ------------------------------------------------------------------------------
    def _load_servers(self) -> list[ServerConfig]:
        """The saved servers; an entry that cannot be read (a hand-edited file) is skipped."""
        if self.settings is None:
            return []
        try:
            data = json.loads(self.settings.get_str(SETTINGS_KEY, "[]") or "[]")
        except ValueError:
            return []
        servers: list[ServerConfig] = []
        for item in data if isinstance(data, list) else []:
            try:
                config = ServerConfig.from_dict(item)
            except Exception:  # a bad URL, a missing name, not a dict: skip that one
                continue
            if config.id not in {s.id for s in servers}:
                servers.append(config)
        return servers

    def _save_servers(self) -> None:
        if self.settings is not None:
            self.settings.set(SETTINGS_KEY, json.dumps([s.to_dict() for s in self._servers]))
            self.settings.sync()

    def servers(self) -> list[ServerConfig]:
        """Copies of the servers, in the order they were added."""
        return [dataclasses.replace(s) for s in self._servers]

    def server(self, server_id: str) -> ServerConfig | None:
        for s in self._servers:
            if s.id == server_id:
                return dataclasses.replace(s)
        return None

    def add_server(self, config: ServerConfig, key: str | None = None, check: bool = True) -> str:
        """Add ``config`` (its key, when given, goes to the key store, never to the settings) and check
        it. Returns a note to show when the key is kept for this session only ("" otherwise). A base
        URL that is not one raises RemoteError ("BadURL"); the dialog checks it with the same words first."""
        config = dataclasses.replace(config)
        config.base_url = normalize_base_url(config.base_url)
        note = ""
        if key is not None and key.strip():
            _kept, note = self.store_key(config, key)
        self._servers = [s for s in self._servers if s.id != config.id] + [config]
        self._save_servers()
        self.serversChanged.emit()
        if check:
            self.check(config.id)
        return note

    def update_server(self, config: ServerConfig, key: str | None = None, check: bool = True) -> str:
        """Change a server's settings. ``key``: None keeps the key it has, "" forgets it, any other
        text replaces it. What its last check found is dropped, and it is checked again."""
        config = dataclasses.replace(config)
        config.base_url = normalize_base_url(config.base_url)
        old = self.server(config.id)
        if old is None:
            return self.add_server(config, key, check)
        config.key_ref = old.key_ref  # the key changes only through ``key``
        note = ""
        if key is not None:
            if key.strip():
                _kept, note = self.store_key(config, key)
            else:
                self.forget_key(config)
        self._servers = [config if s.id == config.id else s for s in self._servers]
        self._drop_client(config.id)
        self._forget_checks(config.id)
        self._save_servers()
        self.serversChanged.emit()
        if check:
            self.check(config.id)
        return note

    def remove_server(self, server_id: str) -> None:
        """Remove a server and forget its key."""
        config = self.server(server_id)
        if config is None:
            return
        self.forget_key(config)
        self._servers = [s for s in self._servers if s.id != server_id]
        self._forget_checks(server_id)
        self._status.pop(server_id, None)
        self._save_servers()
        self.serversChanged.emit()

    def _forget_checks(self, server_id: str) -> None:
        """Drop what checks found; a check still running for the old settings will not bring it back."""
        self._generation[server_id] = self._generation.get(server_id, 0) + 1
        self._caps.pop(server_id, None)
        self._models.pop(server_id, None)
        self._status[server_id] = ServerStatus()

    def models(self, server_id: str) -> list[str]:
        """The model ids the last successful check listed (empty before one)."""
        return list(self._models.get(server_id, []))

    def capabilities(self, server_id: str) -> dict[str, Any]:
        """What the last successful check found the server can do (empty before one): ``engine``,
        ``logprobs`` (True/False/None), ``params`` (our sampling names it takes -> its names),
        ``tokenize`` (the endpoint, once one answered), ``max_alternatives``, ``notes``."""
        caps = self._caps.get(server_id)
        return caps.as_dict() if caps is not None else {}

    def caps(self, server_id: str) -> Capabilities | None:
        """The same as :meth:`capabilities`, as the object (``supports()``, ``unsupported()``)."""
        return self._caps.get(server_id)

    def status(self, server_id: str) -> ServerStatus:
        return dataclasses.replace(self._status.get(server_id, ServerStatus()))

    def check_all(self) -> None:
        """Check every server (off the GUI thread, one after another); the app does this at start."""
        for config in self._servers:
            self.check(config.id)

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
        return in_keyring, translate_message(note) if note is not None else self.keys.last_note

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
            entry.client.stop()
            self._calls_worker.submit(entry.client.close, on_failure=lambda _exc: None)

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
        generation = self._generation.get(cfg.id, 0)

        def current() -> bool:  # the server was not changed or removed while it was checked
            return self._generation.get(cfg.id, 0) == generation

        self._status[cfg.id] = ServerStatus("checking", message=self.tr("Checking…"))
        self.statusChanged.emit(cfg.id)

        def job() -> dict[str, Any]:
            client = self._client(cfg)
            models = client.list_models()
            caps = client.capabilities or Capabilities.for_engine("unknown")
            if models:
                caps = client.probe(probe_model or models[0]["id"])
            return {"models": models, "capabilities": caps.as_dict(), "summary": caps.describe(), "caps": caps}

        def done(info: dict[str, Any]) -> None:
            caps = info.pop("caps")
            info["summary"] = _translated(caps.describe_message())  # on the GUI thread: the language now
            if current():
                self._caps[cfg.id] = caps
                self._models[cfg.id] = [str(m.get("id", "")) for m in info["models"]]
                self._status[cfg.id] = ServerStatus("ok", message=str(info["summary"]))
                self.statusChanged.emit(cfg.id)
            self.checked.emit(cfg.id, info)

        def failed(exc: BaseException) -> None:
            kind, message, details = self._words(exc, cfg)
            if current():
                self._status[cfg.id] = ServerStatus("failed", kind, message, details)
                self.statusChanged.emit(cfg.id)
            self.checkFailed.emit(cfg.id, kind, message, details)

        self._calls_worker.submit(job, on_success=done, on_failure=failed, title=self.tr("Checking the server"))

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
        caps = self._caps.get(cfg.id)
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
        self._stream_worker.submit(job, on_success=done, on_failure=failed, title=self.tr("Completion on a server"))
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
            job,
            on_success=lambda r: self.tokenized.emit(rid, r),
            on_failure=failed,
            title=self.tr("Tokenizing on a server"),
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
            if exc.kept_tokens:
                kept = self.tr("The {n} tokens received before that are kept.").format(n=format_int(exc.kept_tokens))
                text = f"{text} {kept}"
        elif isinstance(exc, FMError):
            kind, text, details = type(exc).__name__, error_text(exc), exc.details
        else:
            kind, text, details = type(exc).__name__, self.tr("Something went wrong talking to the server."), repr(exc)
        return kind, redact(text, [key]), redact(details, [key])

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
