"""One model on an OpenAI-compatible server, shaped like :class:`ModelService` for the panels.

A :class:`RemoteModelSource` has the signals the Completion panel listens to on the local host
(``token``, ``completed``, ``requestFailed``, ``stateChanged``) and the calls it makes
(``complete(**params)``, ``cancel()``, ``busy()``, ``model``), but runs on the app's one
:class:`RemoteService` for one (server, model). Many sources share that service: each passes on only
the events of its own requests. A stream broken midway also gives ``partial`` (the text so far)
just before ``requestFailed``, as the service does.

Sources are named by a key, ``remote:<server id>/<model id>`` (model ids may hold slashes; server ids
do not), which the panels keep in their pickers and in saved settings.
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.remote.capabilities import SAMPLING
from desktop.core.remote.config import ServerConfig
from desktop.services.remote_service import RemoteService

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


class RemoteModelSource(QObject):
    """loaded -> generating -> loaded, like a ModelService with a model loaded."""

    stateChanged = Signal(str)
    token = Signal(int, object)  # request id, token event (text, t; p and alts where the server sent them)
    completed = Signal(int, object)  # request id, result (text, metrics, stop_reason, server, ...)
    partial = Signal(int, object)  # request id, the result so far, just before requestFailed
    requestFailed = Signal(int, str, str, str)  # request id, error kind, message, details

    def __init__(self, remote: RemoteService, server_id: str, model: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.remote = remote
        self.server_id = server_id
        self.model_id = model
        self.key = source_key(server_id, model)
        self.rid: int | None = None
        self.state = "loaded"
        self.last_partial: dict[str, Any] | None = None
        remote.token.connect(self._on_token)
        remote.completed.connect(self._on_completed)
        remote.partial.connect(self._on_partial)
        remote.requestFailed.connect(self._on_failed)

    # -- what the panel reads ----------------------------------------------------------------------
    def config(self) -> ServerConfig | None:
        return self.remote.server(self.server_id)

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

    def capabilities(self) -> dict[str, Any]:
        return self.remote.capabilities(self.server_id)

    def logprobs(self) -> bool | None:
        """Whether the server returns token probabilities (None: its check has not said)."""
        value = self.capabilities().get("logprobs")
        return value if isinstance(value, bool) else None

    def unsupported(self) -> list[str]:
        """The sampling settings (local names) this server does not take; empty before a check."""
        params = self.capabilities().get("params")
        if not isinstance(params, dict):
            return []
        return [p for p in SAMPLING if p not in params]

    def busy(self) -> bool:
        return self.rid is not None

    # -- requests ----------------------------------------------------------------------------------
    def complete(self, **params: Any) -> int | None:
        """Start a streamed completion or chat reply. None while any server stream runs, or when the
        server was removed."""
        config = self.config()
        if config is None or self.rid is not None:
            return None
        self.last_partial = None
        rid = self.remote.complete(config, self.model_id, **params)
        if rid is None:
            return None
        self.rid = rid
        self._set_state("generating")
        return rid

    def cancel(self) -> None:
        """Stop this source's stream now (the connection is closed, so the server stops too)."""
        if self.rid is not None:
            self.remote.cancel()

    def shutdown(self) -> None:
        self.cancel()
        for signal, slot in (
            (self.remote.token, self._on_token),
            (self.remote.completed, self._on_completed),
            (self.remote.partial, self._on_partial),
            (self.remote.requestFailed, self._on_failed),
        ):
            with contextlib.suppress(RuntimeError, TypeError):  # already gone at quit
                signal.disconnect(slot)

    # -- events ------------------------------------------------------------------------------------
    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.stateChanged.emit(state)

    def _on_token(self, rid: int, event: dict[str, Any]) -> None:
        if rid == self.rid:
            self.token.emit(rid, event)

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
