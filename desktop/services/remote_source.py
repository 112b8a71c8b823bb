"""One model on an OpenAI-compatible server as a :class:`Source` (desktop/services/source.py).

A :class:`RemoteModelSource` runs completions on the app's one :class:`RemoteService` for one (server,
model). Many sources share that service: each passes on only the events of its own requests. A stream
broken midway also gives ``partial`` (the text so far) just before ``requestFailed``, as the service does.

Scoring a text and filling the blank need the server's log-probabilities for a text it is given
(``echo``), which not every server returns, and which llama-cpp-python returns one token late for some
models: :class:`ServerScoring` checks that once per server model (desktop/core/teaching/server_scoring.py)
and then scores on a thread of its own, so a score never waits behind a stream.

Sources are named by a key, ``remote:<server id>/<model id>`` (model ids may hold slashes; server ids
do not), which the panels keep in their pickers and in saved settings.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import FMError
from desktop.core.messages import message
from desktop.core.remote.capabilities import SAMPLING
from desktop.core.remote.config import ServerConfig
from desktop.core.remote.errors import RemoteError
from desktop.i18n import error_text, translate_message
from desktop.services.remote_service import RemoteService
from desktop.services.source import Source, SourceCapabilities
from desktop.services.worker import SerialWorker

if TYPE_CHECKING:
    from desktop.core.teaching.server_scoring import PromptLogprobs, ScoringClient

KEY_PREFIX = "remote:"


def source_key(server_id: str, model: str) -> str:
    return f"{KEY_PREFIX}{server_id}/{model}"


def parse_source_key(key: str) -> tuple[str, str] | None:
    """(server id, model id) of a ``remote:`` key, or None for any other key (a local model's path)."""
    if not key.startswith(KEY_PREFIX) or "/" not in key[len(KEY_PREFIX) :]:
        return None
    server_id, model = key[len(KEY_PREFIX) :].split("/", 1)
    return (server_id, model) if server_id and model else None


def source_label(config: ServerConfig, model: str) -> str:
    """How a server model is named in pickers, titles and the history: "server name / model"."""
    return f"{config.name} / {model}"


def remote_choices(remote: RemoteService | None) -> list[tuple[str, str]]:
    """(label, key) for every model the servers' last checks listed, in the order they were added."""
    if remote is None:
        return []
    return [
        (source_label(config, model), source_key(config.id, model))
        for config in remote.servers()
        for model in remote.models(config.id)
    ]


class ServerScoring(QObject):
    """Scoring on servers, one request at a time on a thread of its own, with a client per server (made
    on that thread: the key store may be slow). Results come back through ``done`` and ``failed``."""

    done = Signal(int, str, object)  # request id, op, result
    failed = Signal(int, str, str, str)  # request id, error kind, message, details
    checked = Signal(str)  # source key: whether its prompt log-probabilities can be trusted is now known

    def __init__(self, remote: RemoteService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.remote = remote
        self.worker = SerialWorker("server-scoring", self)
        self._clients: dict[str, tuple[tuple[Any, ...], ScoringClient]] = {}  # on the worker thread only
        self._checks: dict[str, PromptLogprobs] = {}  # source key -> what the check found
        self._ids = iter(range(1, 1 << 62))
        self._cancel = threading.Event()
        self._closed = False
        self._jobs = 0  # submitted and not yet answered

    def busy(self) -> bool:
        """A check or a score is on its way: a stream now would cut it short on servers that serve one
        request at a time (llama_cpp.server ends the running request when a new one comes)."""
        return self._jobs > 0

    def _submit(self, job: Callable[[], Any], ok: Callable[[Any], None], bad: Callable[[BaseException], None]) -> None:
        self._jobs += 1

        def success(value: Any) -> None:
            self._jobs -= 1
            ok(value)

        def failure(exc: BaseException) -> None:
            self._jobs -= 1
            bad(exc)

        self.worker.submit(job, on_success=success, on_failure=failure)

    def check_result(self, key: str) -> PromptLogprobs | None:
        return self._checks.get(key)

    def _client(self, config: ServerConfig) -> ScoringClient:
        from desktop.core.teaching.server_scoring import ScoringClient

        ident = (config.base_url, config.key_ref, config.timeout_s, config.verify_tls, config.plain_http_ok)
        held = self._clients.get(config.id)
        if held is not None and held[0] == ident:
            return held[1]
        key = self.remote.keys.get(config.key_ref) if config.key_ref else None
        if config.key_ref and key is None:
            raise RemoteError(
                "KeyMissing",
                self.tr("The API key for this server is no longer known; enter it again in the server's settings."),
            )
        client = ScoringClient(config, key)
        if held is not None:
            held[1].close()
        self._clients[config.id] = (ident, client)
        return client

    def check(self, key: str, config: ServerConfig, model: str) -> None:
        """Find out once whether the server's echoed log-probabilities are right (``checked`` follows)."""
        if key in self._checks or self._closed:
            return

        def job() -> PromptLogprobs:
            return self._client(config).check_prompt_logprobs(model)

        def found(result: PromptLogprobs) -> None:
            self._checks[key] = result
            self.checked.emit(key)

        def unknown(_exc: BaseException) -> None:
            self.checked.emit(key)  # not known: a later score checks again

        self._submit(job, found, unknown)

    def request(self, key: str, config: ServerConfig, model: str, op: str, params: dict[str, Any]) -> int:
        """Run ``op`` ("score" or "fill_blank") after the check; ``done`` or ``failed`` follows."""
        rid = next(self._ids)
        self._cancel = cancel = threading.Event()
        known = self._checks.get(key)

        def job() -> tuple[Any, Any]:
            client = self._client(config)
            check = known or client.check_prompt_logprobs(model)
            if not check.ok:
                return check, None
            if cancel.is_set():
                raise _Stopped
            if op == "score":
                return check, client.score(model, str(params.get("text", "")))
            return check, client.fill_blank(
                model,
                str(params.get("left", "")),
                str(params.get("right", "")),
                [str(c) for c in params.get("candidates", [])],
                int(params.get("top_n", 10)),
                int(params.get("from_top", 5)),
                cancel,
            )

        def ok(answer: tuple[Any, Any]) -> None:
            check, result = answer
            if key not in self._checks:
                self._checks[key] = check
                self.checked.emit(key)
            if result is None:
                self.failed.emit(rid, "NotSupported", translate_message(check.reason or ""), "")
            else:
                self.done.emit(rid, op, result)

        def bad(exc: BaseException) -> None:
            from desktop.core.teaching.server_scoring import ScoringCancelled

            if isinstance(exc, (_Stopped, ScoringCancelled)):
                self.failed.emit(rid, "Cancelled", self.tr("Stopped."), "")
            elif isinstance(exc, FMError):
                self.failed.emit(rid, getattr(exc, "kind", type(exc).__name__), error_text(exc), exc.details)
            else:
                self.failed.emit(rid, type(exc).__name__, self.tr("Scoring on the server failed."), repr(exc))

        self._submit(job, ok, bad)
        return rid

    def cancel(self) -> None:
        """Stop between requests (a request already sent runs to its end)."""
        self._cancel.set()

    def shutdown(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._cancel.set()

        def close() -> None:
            for _ident, client in self._clients.values():
                client.close()
            self._clients.clear()

        self.worker.submit(close, on_failure=lambda _exc: None)
        self.worker.stop(2000)


class _Stopped(Exception):
    pass


class RemoteModelSource(Source):
    """loaded -> generating -> loaded, like a local source with a model loaded."""

    def __init__(
        self,
        remote: RemoteService,
        server_id: str,
        model: str,
        parent: QObject | None = None,
        scoring: ServerScoring | None = None,
    ) -> None:
        super().__init__(parent)
        self.remote = remote
        self.server_id = server_id
        self.model_id = model
        self.key = source_key(server_id, model)
        self.rid: int | None = None
        self._state = "loaded"
        self.last_partial: dict[str, Any] | None = None
        self.scoring = scoring
        self._score_ids: set[int] = set()
        self._tokenize_ids: set[int] = set()
        self._connections = [
            (remote.token, self._on_token),
            (remote.tokens, self._on_tokens),  # the service's own batches: one per relay pass
            (remote.completed, self._on_completed),
            (remote.partial, self._on_partial),
            (remote.requestFailed, self._on_failed),
            (remote.tokenized, self._on_tokenized),
            (remote.tokenizeFailed, self._on_tokenize_failed),
        ]
        if scoring is not None:
            self._connections += [
                (scoring.done, self._on_scored),
                (scoring.failed, self._on_score_failed),
                (scoring.checked, self._on_checked),
            ]
        for signal, slot in self._connections:
            signal.connect(slot)

    # -- what the panel reads ----------------------------------------------------------------------
    def config(self) -> ServerConfig | None:
        return self.remote.server(self.server_id)

    @property
    def state(self) -> str:
        return self._state

    @property
    def model(self) -> dict[str, Any] | None:
        """The model as the panels describe it (None once its server is removed). Never the key."""
        config = self.config()
        if config is None:
            return None
        caps = self.remote.capabilities(self.server_id)
        return {
            "name": source_label(config, self.model_id),
            "path": self.key,
            "remote": True,
            "server": config.name,
            "server_model": self.model_id,
            "engine": caps.get("engine", ""),
            "has_chat_template": True,  # the server applies its own
            "n_ctx": 0,
        }

    def logprobs(self) -> bool | None:
        """Whether the server returns token probabilities (None: its check has not said)."""
        value = self.remote.capabilities(self.server_id).get("logprobs")
        return value if isinstance(value, bool) else None

    def unsupported(self) -> list[str]:
        """The sampling settings (local names) this server does not take; empty before a check."""
        params = self.remote.capabilities(self.server_id).get("params")
        if not isinstance(params, dict):
            return []
        return [p for p in SAMPLING if p not in params]

    def capabilities(self) -> SourceCapabilities:
        logprobs = self.logprobs()
        score, note = True, ""
        if self.config() is None:
            score, note = False, self.tr("That server was removed.")
        elif logprobs is False:
            from desktop.core.teaching.server_scoring import NO_LOGPROBS  # imports httpx: only with servers

            score, note = False, translate_message(message(NO_LOGPROBS))
        elif self.scoring is None:
            score, note = False, self.tr("Scoring on servers is not available here.")
        else:
            check = self.scoring.check_result(self.key)
            if check is not None and not check.ok:
                score, note = False, translate_message(check.reason or "")
        return SourceCapabilities(
            remote=True,
            logprobs=logprobs,
            unsupported=tuple(self.unsupported()),
            chat_template=True,
            tokenize=True,
            score=score,
            score_note=note,
            step_logits=False,
            step_note=self.tr("The sampling path needs a local model: a server does not send a step's scores."),
            includes_network=True,
        )

    def check_scoring(self) -> None:
        """Find out (once, in the background) whether this server can score; ``changed`` follows. Not while
        a stream runs: a second request would cut it short on a server that serves one at a time."""
        config = self.config()
        if self.scoring is None or config is None or self.logprobs() is False or self.remote.busy(self.server_id):
            return
        self.scoring.check(self.key, config, self.model_id)

    def busy(self) -> bool:
        return self.rid is not None or bool(self._score_ids) or (self.scoring is not None and self.scoring.busy())

    # -- requests ----------------------------------------------------------------------------------
    def complete(self, **params: Any) -> int | None:
        """Start a streamed completion or chat reply. None while any server stream runs, or when the
        server was removed."""
        config = self.config()
        if config is None or self.rid is not None or (self.scoring is not None and self.scoring.busy()):
            return None
        self.last_partial = None
        rid = self.remote.complete(config, self.model_id, **params)
        if rid is None:
            return None
        self.rid = rid
        self._set_state("generating")
        return rid

    def cancel(self) -> None:
        """Stop this source's stream now (the connection is closed, so the server stops too), and its
        scoring between requests."""
        if self.rid is not None:
            self.remote.cancel(self.rid)  # this stream only: another panel's may run on the same server
        if self._score_ids and self.scoring is not None:
            self.scoring.cancel()

    def score(self, op: str, **params: Any) -> int | None:
        config = self.config()
        if op not in ("score", "fill_blank") or config is None or self.scoring is None or self._score_ids:
            return None
        if self.remote.busy(self.server_id):  # a stream runs there: one request at a time, as on the local host
            return None
        if not self.capabilities().score:
            return None
        rid = self.scoring.request(self.key, config, self.model_id, op, params)
        self._score_ids.add(rid)
        return rid

    def tokenize(self, text: str) -> int | None:
        config = self.config()
        if config is None:
            return None
        rid = self.remote.tokenize(config, self.model_id, text)
        self._tokenize_ids.add(rid)
        return rid

    def shutdown(self) -> None:
        self.cancel()
        for signal, slot in self._connections:
            with contextlib.suppress(RuntimeError, TypeError):  # already gone at quit
                signal.disconnect(slot)

    # -- events ------------------------------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        if state != self._state:
            self._state = state
            self.stateChanged.emit(state)

    def _on_token(self, rid: int, event: dict[str, Any]) -> None:
        if rid != self.rid:
            return
        self.token.emit(rid, event)

    def _on_tokens(self, rid: int, events: list[dict[str, Any]]) -> None:
        if rid == self.rid and events:
            self.tokens.emit(rid, events)

    def _on_completed(self, rid: int, result: dict[str, Any]) -> None:
        if rid == self.rid:
            self.rid = None
            self._set_state("loaded")
            self.completed.emit(rid, result)

    def _on_partial(self, rid: int, result: dict[str, Any]) -> None:
        if rid == self.rid:
            self.last_partial = dict(result)
            self.partial.emit(rid, result)

    def _on_failed(self, rid: int, kind: str, message: str, details: str) -> None:
        if rid == self.rid:
            self.rid = None
            self._set_state("loaded")
            self.requestFailed.emit(rid, kind, message, details)

    def _on_scored(self, rid: int, op: str, result: dict[str, Any]) -> None:
        if rid in self._score_ids:
            self._score_ids.discard(rid)
            self.scored.emit(rid, op, result)

    def _on_score_failed(self, rid: int, kind: str, message: str, details: str) -> None:
        if rid in self._score_ids:
            self._score_ids.discard(rid)
            self.scoreFailed.emit(rid, kind, message, details)

    def _on_checked(self, key: str) -> None:
        if key == self.key:
            self.changed.emit()

    def _on_tokenized(self, rid: int, result: dict[str, Any]) -> None:
        if rid in self._tokenize_ids:
            self._tokenize_ids.discard(rid)
            self.tokenized.emit(rid, {"ids": list(result.get("ids") or []), "pieces": result.get("pieces")})

    def _on_tokenize_failed(self, rid: int, kind: str, message: str, details: str) -> None:
        if rid in self._tokenize_ids:
            self._tokenize_ids.discard(rid)
            self.tokenizeFailed.emit(rid, kind, message, details)
