"""Source: a model that can complete, tokenize and score, on this machine or on a server.

Every panel and the agent use this interface, never the model host or the server client directly. It
has two implementations:

- :class:`LocalSource`: a model loaded in a model host (a :class:`ModelService`): the window's own
  (``window.sources.local``), or a host of its own for a second model (Compare: ``sources.open_local()``).
- :class:`desktop.services.remote_source.RemoteModelSource`: one model on an OpenAI-compatible server,
  through the window's one :class:`RemoteService`.

What a source offers
--------------------
``key``
    ``""`` for the window's local model, the file's path for a model in a host of its own, or
    ``remote:<server id>/<model id>`` for a server model (kept in pickers and in settings).
``state``
    ``"idle"``, ``"starting"``, ``"ready"``, ``"loading"``, ``"loaded"`` or ``"generating"`` (a server
    source is ``"loaded"`` or ``"generating"``); ``stateChanged`` says when it changes.
``model``
    The model as the panels describe it, or None (nothing loaded, or the server was removed): ``name``,
    ``path`` (the key for a server model), ``n_ctx`` (0 when unknown), ``has_chat_template``, and for a
    server model ``remote``, ``server``, ``server_model``, ``engine``. Never a key or an address.
``capabilities()``
    A :class:`SourceCapabilities`: probabilities or not, the sampling settings it does not take, whether it
    formats chat itself, whether it can tokenize, score and give a step's logits, and why not, in words.
    ``changed`` is emitted when the model or what it can do changes.

Running
-------
``complete(**params) -> request id | None``
    A streamed completion (``mode="completion"``, ``prompt``) or chat reply (``mode="chat"``,
    ``messages``, ``chat_format``) with the sampling settings (``temperature``, ``top_k``, ``top_p``,
    ``min_p``, ``repeat_penalty``, ``seed``, ``max_tokens``, ``stop``). None when nothing is loaded or the
    source is busy. Then ``token(rid, event)`` per token (``text``, ``t`` seconds since the start, and
    ``p``, ``alts`` [[id, text, p], ...] where known) and ``tokens(rid, [events])`` for the same tokens in
    batches of at most one a frame (a view appends a batch at once); then ``completed(rid, result)``
    (``text``, ``stop_reason``, ``metrics``, ``n_prompt``, ``prompt`` as rendered, ...) or
    ``requestFailed(rid, kind, message, details)``. A stream that breaks after some tokens gives
    ``partial(rid, result so far)`` just before ``requestFailed`` (``last_partial`` keeps it).
``cancel()``
    Stop whatever this source runs now, at its next check. Safe at any time.
``busy()``
    A request is running.
``score(op, **params) -> request id | None``
    A teaching request: ``"score"`` (``text``, optional ``window``, ``stride``), ``"fill_blank"``
    (``left``, ``right``, ``candidates``, ``top_n``, ``from_top``) or ``"step_logits"`` (a run's prompt or
    messages, ``generated``, ``step``). Results have the model host's shapes
    (desktop/core/host/scoring.py): ``scoreProgress(rid, fraction)``, ``scorePartial(rid, event)``,
    ``scored(rid, op, result)`` or ``scoreFailed(rid, kind, message, details)``.
``tokenize(text) -> request id | None``
    The model's own tokens: ``tokenized(rid, {"ids": [...], "pieces": [text per token] | None})`` or
    ``tokenizeFailed(rid, kind, message, details)``.

Events carry request ids; a listener keeps the id it got and ignores the others (a source is shared).

Which sources exist
-------------------
:class:`SourceRegistry` (``window.sources``) lists them for pickers: ``run_choices()`` (the local model,
then every server model) and ``model_choices()`` (every readable model file, then every server model),
each a :class:`SourceChoice`; ``changed`` says when a list changes (a rescan, a server added, checked or
removed). ``source(key)`` gives the shared source for ``""`` or a server key.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from desktop.services.model_service import ModelService
from desktop.services.teaching_service import TeachingService

if TYPE_CHECKING:
    from desktop.core.catalog import Catalog
    from desktop.services.catalog_service import CatalogService
    from desktop.services.remote_service import RemoteService
    from desktop.services.remote_source import RemoteModelSource

LOCAL_KEY = ""  # the window's own local model


@dataclass(frozen=True)
class SourceCapabilities:
    """What a source can do now. ``*_note`` says why not, in the installed language ("" when it can)."""

    remote: bool = False
    logprobs: bool | None = True  # completions come with token probabilities (None: not known yet)
    unsupported: tuple[str, ...] = ()  # sampling settings (local names) this source does not take
    chat_template: bool | None = None  # it formats chat messages itself (None: no model)
    tokenize: bool = True
    score: bool = True  # "score" and "fill_blank"
    score_note: str = ""
    step_logits: bool = True  # a step's full logits, for the sampling path
    step_note: str = ""
    includes_network: bool = False  # its speed figures include network time


@dataclass(frozen=True)
class SourceChoice:
    """One entry of a picker: the key, the label to show (a model's own name is plain text), whether the
    model formats chat itself (None: not known), and whether it is a server model."""

    key: str
    label: str
    has_chat_template: bool | None
    remote: bool


class Source(QObject):
    """The interface (see the module's docstring). Subclasses implement the methods."""

    stateChanged = Signal(str)
    changed = Signal()  # the model, or what it can do, changed
    token = Signal(int, object)
    tokens = Signal(int, object)
    completed = Signal(int, object)
    partial = Signal(int, object)
    requestFailed = Signal(int, str, str, str)
    scoreProgress = Signal(int, float)
    scorePartial = Signal(int, object)
    scored = Signal(int, str, object)
    scoreFailed = Signal(int, str, str, str)
    tokenized = Signal(int, object)
    tokenizeFailed = Signal(int, str, str, str)

    key: str = LOCAL_KEY
    last_partial: dict[str, Any] | None = None

    @property
    def state(self) -> str:
        raise NotImplementedError

    @property
    def model(self) -> dict[str, Any] | None:
        raise NotImplementedError

    @property
    def name(self) -> str:
        return str((self.model or {}).get("name", ""))

    def capabilities(self) -> SourceCapabilities:
        raise NotImplementedError

    def busy(self) -> bool:
        raise NotImplementedError

    def complete(self, **params: Any) -> int | None:
        raise NotImplementedError

    def cancel(self) -> None:
        raise NotImplementedError

    def score(self, op: str, **params: Any) -> int | None:
        raise NotImplementedError

    def tokenize(self, text: str) -> int | None:
        raise NotImplementedError

    def shutdown(self) -> None:
        """Stop what runs and let go of shared services (at quit, or when its owner is done with it)."""


class LocalSource(Source):
    """A model in a model host. ``ModelService`` keeps its own signals (other code listens to them too);
    this source passes them on, and runs teaching requests on the same host through a TeachingService."""

    def __init__(self, models: ModelService, key: str = LOCAL_KEY, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.models = models
        self.key = key
        self.teaching = TeachingService(models, self)
        self._tokenize_ids: set[int] = set()
        # Signal to signal: passed on in Qt, no Python call per token.
        models.token.connect(self.token)
        models.tokens.connect(self.tokens)
        models.completed.connect(self.completed)
        models.requestFailed.connect(self.requestFailed)
        models.stateChanged.connect(self.stateChanged)
        for signal in (models.loaded, models.unloaded, models.hostDied, models.loadFailed):
            signal.connect(self._changed)
        self.teaching.progress.connect(self.scoreProgress)
        self.teaching.partial.connect(self.scorePartial)
        self.teaching.finished.connect(self._on_teaching_finished)
        self.teaching.failed.connect(self._on_teaching_failed)

    def _changed(self, *_args: object) -> None:
        self.changed.emit()

    @property
    def state(self) -> str:
        return self.models.state

    @property
    def model(self) -> dict[str, Any] | None:
        return self.models.model

    def capabilities(self) -> SourceCapabilities:
        model = self.models.model
        return SourceCapabilities(chat_template=bool(model.get("has_chat_template")) if model else None)

    def busy(self) -> bool:
        return self.models.busy()

    def complete(self, **params: Any) -> int | None:
        return self.models.complete(**params)

    def cancel(self) -> None:
        self.models.cancel()

    def score(self, op: str, **params: Any) -> int | None:
        return self.teaching.request(op, **params)

    def tokenize(self, text: str) -> int | None:
        model = self.models.model
        if model is None:
            return None
        rid = self.teaching.request("tokenize", path=str(model.get("path", "")), text=text)
        if rid is not None:
            self._tokenize_ids.add(rid)
        return rid

    def _on_teaching_finished(self, rid: int, op: str, data: dict[str, Any]) -> None:
        if rid in self._tokenize_ids:
            self._tokenize_ids.discard(rid)
            pieces = [base64.b64decode(p).decode("utf-8", errors="replace") for p in data.get("pieces") or []]
            self.tokenized.emit(rid, {"ids": list(data.get("ids") or []), "pieces": pieces or None})
            return
        self.scored.emit(rid, op, data)

    def _on_teaching_failed(self, rid: int, kind: str, message: str, details: str) -> None:
        if rid in self._tokenize_ids:
            self._tokenize_ids.discard(rid)
            self.tokenizeFailed.emit(rid, kind, message, details)
            return
        self.scoreFailed.emit(rid, kind, message, details)

    def load(self, path: Path | str, **options: Any) -> bool:
        """Load ``path`` in this source's host (the second host's model changes as Compare needs)."""
        return self.models.load(path, **options)

    def has_loaded(self, path: Path | str) -> bool:
        return self.models.model is not None and str(self.models.model.get("path")) == str(path)

    def shutdown(self) -> None:
        self.models.shutdown()


class SourceRegistry(QObject):
    """The sources the app can run on, for every panel's pickers (``window.sources``)."""

    changed = Signal()  # run_choices() or model_choices() changed

    def __init__(
        self,
        models: ModelService,
        catalog: CatalogService | None = None,
        remote: RemoteService | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.local = LocalSource(models, LOCAL_KEY, self)
        self.catalog = catalog
        self.remote = remote
        self._remote_sources: dict[str, RemoteModelSource] = {}
        self._scoring: Any = None  # the server scoring worker, made on first use
        self._files: list[SourceChoice] = []
        if catalog is not None:
            catalog.changed.connect(self._on_catalog)
            self._on_catalog(catalog.catalog)
        if remote is not None:
            remote.serversChanged.connect(self._on_servers)
            remote.checked.connect(self._on_servers)

    def _on_catalog(self, catalog: Catalog | None) -> None:
        infos = catalog.readable() if catalog is not None else []
        self._files = [SourceChoice(str(i.path), i.name, i.has_chat_template, False) for i in infos]
        self.changed.emit()

    def _on_servers(self, *_args: object) -> None:
        for source in self._remote_sources.values():
            source.changed.emit()  # a check or a removal changes what it can do
        self.changed.emit()

    def server_choices(self) -> list[SourceChoice]:
        from desktop.services.remote_source import remote_choices

        return [SourceChoice(key, label, True, True) for label, key in remote_choices(self.remote)]

    def check_servers(self) -> None:
        """Check the servers no check has looked at yet (the app's start), so that their models can be
        listed wherever a picker opens first; the Servers list checks them all again when it opens."""
        if self.remote is None:
            return
        for config in self.remote.servers():
            if self.remote.status(config.id).state == "unchecked":
                self.remote.check(config.id)

    def has_servers(self) -> bool:
        return self.remote is not None and bool(self.remote.servers())

    def run_choices(self) -> list[SourceChoice]:
        """The window's local model (whatever is loaded; its label is the caller's), then the server models."""
        return [SourceChoice(LOCAL_KEY, "", None, False), *self.server_choices()]

    def model_choices(self) -> list[SourceChoice]:
        """Every readable model file (each needs a host of its own), then the server models."""
        return [*self._files, *self.server_choices()]

    def source(self, key: str) -> Source | None:
        """The shared source for ``key``: the local model for ``""``, a server model for its key (whose
        ``model`` is None while its server is not, or no longer, in the list); None for a model file (load
        it in a host of your own: :meth:`open_local`)."""
        if key == LOCAL_KEY:
            return self.local
        from desktop.services.remote_source import RemoteModelSource, parse_source_key

        parsed = parse_source_key(key)
        if parsed is None or self.remote is None:
            return None
        source = self._remote_sources.get(key)
        if source is None:
            source = RemoteModelSource(self.remote, parsed[0], parsed[1], self, scoring=self.server_scoring())
            self._remote_sources[key] = source
        return source

    def server_scoring(self) -> Any:
        """The one worker that scores on servers (made on first use; see remote_source.ServerScoring)."""
        if self._scoring is None and self.remote is not None:
            from desktop.services.remote_source import ServerScoring

            self._scoring = ServerScoring(self.remote, self)
        return self._scoring

    def open_local(self, key: str = "second", parent: QObject | None = None) -> LocalSource:
        """A local source with a model host of its own (started on its first load). The caller owns it and
        calls its ``shutdown()``."""
        return LocalSource(ModelService(parent=parent), key, parent)

    def shutdown(self) -> None:
        for source in self._remote_sources.values():
            source.shutdown()
        if self._scoring is not None:
            self._scoring.shutdown()
