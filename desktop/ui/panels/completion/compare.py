"""Compare: the same prompt and settings on a second model, side by side. The second model is a model file
(loaded in a model host of its own) or a server model; either way it runs through the same Runner as
the first. Score a text borrows the same second model for its side-by-side score."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.services.remote_source import parse_source_key
from desktop.services.settings import Settings
from desktop.services.source import LocalSource, Source, SourceRegistry
from desktop.ui.language import on_language_change
from desktop.ui.panels.completion.run_view import RunTokenView
from desktop.ui.panels.completion.runner import Runner
from desktop.ui.panels.completion.teaching.score import ScoreTextView
from desktop.ui.panels.completion.texts import error_html, figures_line, prefix_for


class ComparePane(QWidget):
    """The second model's title, tokens and speed line. The title is kept as (kind, name, message) and
    drawn in the installed language, so a language change redraws it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel("")
        self.title.setWordWrap(True)
        self.output = RunTokenView()
        self.figures = QLabel("")
        self.figures.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.output, 1)
        layout.addWidget(self.figures)
        self._title: tuple[str, str, str] = ("", "", "")
        self._metrics: dict[str, Any] = {}
        on_language_change(self, self.retranslate)

    def set_title(self, kind: str, name: str = "", message: str = "") -> None:
        self._title = (kind, name, message)
        self.retranslate()

    def set_figures(self, metrics: dict[str, Any]) -> None:
        self._metrics = dict(metrics)
        self.figures.setText(figures_line(self._metrics))

    def retranslate(self) -> None:
        kind, name, message = self._title
        name = html.escape(name)  # a model's name comes from its file or a server
        texts = {
            "": "",
            "hint": self.tr("The second model's answer appears here after the first run."),
            "waits": self.tr("<b>{name}</b>: waits for the first run"),
            "loading": self.tr("Loading <b>{name}</b> to compare…"),
            "local": self.tr("<b>{name}</b>, same prompt and settings"),
            "server": self.tr("<b>{name}</b> on a server, same prompt and settings"),
            "not_compared": self.tr("This run was not compared with a second model."),
            "first_stopped": self.tr("Not compared: the first run was stopped."),
        }
        if kind == "error":
            text = f"<b>{name}</b>: {error_html(message)}" if name else error_html(message)
        else:
            text = texts.get(kind, "").format(name=name)
        self.title.setText(text)
        self.figures.setText(figures_line(self._metrics))
        if not self.output.tokens and not self.output.prefix:
            self.output.setPlaceholderText("")

    def clear(self) -> None:
        self.output.show_run("")
        self.set_title("")
        self.set_figures({})

    def show_saved(self, run: dict[str, Any], compare_ticked: bool) -> None:
        """The comparison saved with a reopened run, or an empty pane if it had none (never the answer to
        some other prompt)."""
        self.clear()
        compare = run.get("compare")
        if not isinstance(compare, dict):
            if compare_ticked:
                self.set_title("not_compared")
            return
        self.setVisible(True)
        self.output.show_run(prefix_for(run), compare.get("tokens") or [])
        error = compare.get("error")
        kind = "error" if error else "server" if compare.get("server") else "local"
        self.set_title(kind, str(compare.get("model", "")), str(error or ""))
        self.set_figures(compare.get("metrics") or {})


class Comparison(QObject):
    """The second run of a run with Compare ticked: find or load the second model, run the first run's
    params on it, and hand back the record that is saved with the first run."""

    progressed = Signal(int)  # tokens so far
    ended = Signal(object)  # the comparison's record (with "error" when it did not finish)

    def __init__(self, pane: ComparePane, registry: SourceRegistry, settings: Settings, parent: QObject) -> None:
        super().__init__(parent)
        self.pane = pane
        self.registry = registry
        self.settings = settings
        self.runner = Runner(pane.output, self)
        self.runner.progressed.connect(self.progressed)
        self.runner.finished.connect(self._on_finished)
        self.runner.failed.connect(self._on_failed)
        self.host: LocalSource | None = None  # the second model host, made on first use
        self.params: dict[str, Any] | None = None
        self.key = ""  # what to compare with: a model file's path or a server key
        self.label = ""
        self.target: Source | None = None
        self.comparing = False  # loading or running for the current run
        self._waiting_for: Callable[[], None] | None = None  # what runs once the second host has loaded
        self._failed_load: Callable[[str], None] = lambda _message: None

    # -- the second host ---------------------------------------------------------------------------
    def second_host(self) -> LocalSource:
        if self.host is None:
            self.host = self.registry.open_local("compare", self)
            self.host.models.loaded.connect(self._on_loaded)
            self.host.models.loadFailed.connect(lambda m, _d: self._load_failed(m))
            self.host.models.loadCancelled.connect(lambda: self._load_failed(self.tr("Stopped.")))
            self.host.models.hostDied.connect(lambda m, _d: self._load_failed(m))
        return self.host

    def source_for(self, key: str, n_ctx: int, then: Callable[[Source], None], failed: Callable[[str], None]) -> str:
        """The second model ready to run: a server model at once; a model file once loaded in the second
        host (``then`` is called after the load). Returns "loading", "ready" or "failed"."""
        source = self.registry.source(key) if parse_source_key(key) is not None else None
        if source is not None:
            if source.model is None:
                failed(self.tr("That server was removed."))
                return "failed"
            then(source)
            return "ready"
        host = self.second_host()
        if host.has_loaded(key):
            then(host)
            return "ready"
        self._waiting_for = lambda: then(host)
        self._failed_load = failed
        if not host.load(key, **{**self.settings.load_options(), "n_ctx": n_ctx}):
            self._waiting_for = None
            failed(self.tr("The comparison model is busy; try again."))
            return "failed"
        return "loading"

    def _on_loaded(self, _model: object) -> None:
        waiting, self._waiting_for = self._waiting_for, None
        if waiting is not None:
            waiting()

    def _load_failed(self, message: str) -> None:
        if self._waiting_for is not None:
            self._waiting_for = None
            self._failed_load(message)

    # -- a comparison ------------------------------------------------------------------------------
    def prepare(self, key: str, label: str, params: dict[str, Any]) -> None:
        """Compare the coming run with ``key``. ``params``: the first run's, with the chat format chosen in
        the toolbar (the second model uses its own template instead, where it has one)."""
        self.key, self.label, self.params = key, label, dict(params)
        self.target = None
        self.pane.clear()
        self.pane.set_title("waits", label)

    def cancel_prepared(self, first_stopped: bool) -> None:
        if self.params is not None and first_stopped:
            self.pane.set_title("first_stopped")
        self.params = None

    def start(self, n_ctx: int) -> None:
        """The first run is done: run the same params on the second model (loading it first if needed)."""
        if self.params is None:
            return
        self.comparing = True
        if self.source_for(self.key, n_ctx, self._run, self._fail) == "loading":
            self.pane.set_title("loading", self.label)

    def _run(self, source: Source) -> None:
        if self.params is None or not self.comparing:
            return
        params = dict(self.params)
        if params["mode"] == "chat" and (source.model or {}).get("has_chat_template"):
            # A model with its own chat template uses it: the chosen format is for the model without one
            # (a base model); forcing one model's format on the other shows its control tokens as text.
            params["chat_format"] = "template"
        self.params = params
        self.target = source
        self.pane.output.show_run(prefix_for(params))
        if not self.runner.start(source, params):
            self._fail(self.tr("The comparison model is busy; try again."))
            return
        self.pane.set_title("server" if source.capabilities().remote else "local", source.name)

    def score_second(self, view: ScoreTextView, key: str, label: str, n_ctx: int) -> None:
        """Score a text, side by side: the same text on ``key`` (the model chosen under Compare with)."""
        if not key:
            view.second_failed(self.tr("There is no other model to compare with: add one in the Models panel."))
            return
        if self.source_for(key, n_ctx, view.run_with, view.second_failed) == "loading":
            view.waiting(self.tr("Loading {name} to score the same text…").format(name=html.escape(label)))

    def record(self, **fields: Any) -> dict[str, Any]:
        """The comparison as it is saved with its run."""
        model = (self.target.model if self.target is not None else None) or {}
        params = self.params or {}
        tokens = list(self.runner.tokens)
        record: dict[str, Any] = {
            "model": model.get("name", "") or self.label,
            "model_path": model.get("path", "") or self.key,
            "tokens": tokens,
            "output": "".join(str(t.get("text", "")) for t in tokens),
            "metrics": {},
            "stop_reason": "",
        }
        if model.get("remote"):
            record.update(server=model.get("server", ""), server_model=model.get("server_model", ""))
        elif params.get("mode") == "chat":
            record["chat_format"] = params.get("chat_format", "")
        record.update(fields)
        return record

    def _on_finished(self, result: dict[str, Any]) -> None:
        metrics = result.get("metrics") or {}
        record = self.record(output=result.get("text", ""), metrics=metrics, stop_reason=result.get("stop_reason", ""))
        self._end()
        self.pane.set_figures(metrics)
        self.ended.emit(record)

    def _on_failed(self, kind: str, message: str, partial: dict[str, Any] | None) -> None:
        if partial is not None:  # a server stream that broke: keep what came, with the error
            self._fail(message, metrics=partial.get("metrics") or {}, stop_reason="error")
        elif kind == "Cancelled":
            self._fail(self.tr("Stopped."), stop_reason="cancelled")
        else:
            self._fail(message)

    def _fail(self, message: str, **fields: Any) -> None:
        if not self.comparing:
            return  # not about a comparison in progress (e.g. the idle comparison host died)
        record = self.record(**{"error": message, "stop_reason": "failed", **fields})
        self._end()
        self.pane.set_title("error", "", message)
        self.ended.emit(record)

    def _end(self) -> None:
        self.comparing = False
        self.params = None
        self._waiting_for = None

    def stop(self) -> None:
        self.runner.stop()
        if self.host is not None and self._waiting_for is not None:
            self.host.cancel()

    def close(self, message: str) -> dict[str, Any] | None:
        """At quit: the comparison in progress, as a record that says the app was closed (None if none)."""
        if not self.comparing:
            return None
        record = self.record(stop_reason="closed", error=message)
        self.runner.abandon()
        self._end()
        return record

    def shutdown(self) -> None:
        self.runner.abandon()
        if self.host is not None:
            self.host.shutdown()
