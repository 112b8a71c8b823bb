"""The Completion panel's shared state (its presenter): the chosen source, the run shown and whether one is
in progress, the conversation, and the run's way from Generate to the history. The areas read it and the
panel wires them to it; none of them reaches into another.

A run goes: ``begin`` (the first model, through a Runner) -> ``finished`` -> saved at once -> the
comparison, if Compare is ticked (the same Runner path on the second model) -> its record is added to the
saved run. Whatever exists is saved at quit (``close``)."""

from __future__ import annotations

import copy
import time
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.services.history_service import HistoryService, SavedRun
from desktop.services.settings import Settings
from desktop.services.source import Source, SourceRegistry
from desktop.ui.panels.completion.compare import Comparison
from desktop.ui.panels.completion.presets import lesson_for
from desktop.ui.panels.completion.runner import Runner
from desktop.ui.panels.completion.texts import stop_reason_text

LAST_RUN = "completion/last_run"  # the history id of the run shown last, reopened at the next start


class CompletionState(QObject):
    changed = Signal()  # busy, the chosen source or what it can do changed
    status = Signal(str)  # a line for the status bar (rich text; untrusted parts escaped)
    error = Signal(str)  # the same, as an error (plain text, shown in red)
    runEnded = Signal(object)  # the run record, once the first model is done (saved)
    promptTooLong = Signal(str)  # the host's message: the panel may offer to keep the prompt's end
    conversationChanged = Signal()

    def __init__(
        self,
        registry: SourceRegistry,
        history: HistoryService,
        settings: Settings,
        primary: Runner,
        comparison: Comparison,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.registry = registry
        self.history = history
        self.settings = settings
        self.primary = primary
        self.comparison = comparison
        self.source_key = ""
        self.run: dict[str, Any] | None = None  # the run shown: in progress, just done, or reopened
        self.run_source: Source | None = None  # what ran it (None for a reopened run)
        self.saved: SavedRun | None = None  # where the current run went in the history, once saved
        self.messages: list[dict[str, str]] = []  # the conversation so far (chat mode)
        self.n_ctx = 2048  # the first model's context, which a second model is loaded with
        primary.finished.connect(self._on_finished)
        primary.failed.connect(self._on_failed)
        comparison.ended.connect(self._on_compared)

    # -- what is chosen ----------------------------------------------------------------------------
    def source(self) -> Source:
        """What Generate runs on: the chosen server model, else the local model."""
        return self.registry.source(self.source_key) or self.registry.local

    def set_source_key(self, key: str) -> None:
        previous = self.source()
        self.source_key = key
        source = self.source()
        if source is not previous:
            previous.changed.disconnect(self.changed)
            previous.stateChanged.disconnect(self.changed)
            source.changed.connect(self.changed)
            source.stateChanged.connect(self.changed)
        self.changed.emit()

    def listen_to_source(self) -> None:
        source = self.source()
        source.changed.connect(self.changed)
        source.stateChanged.connect(self.changed)

    def busy(self) -> bool:
        """A run is in progress: the first model, or the comparison that follows it."""
        return self.primary.busy() or self.comparison.comparing

    # -- a run -------------------------------------------------------------------------------------
    def begin(self, source: Source, params: dict[str, Any], compare: tuple[str, str, dict[str, Any]] | None) -> bool:
        """Start ``params`` on ``source``; ``compare``: (key, label, params) for the second model, or None."""
        model = source.model
        if model is None or not self.primary.start(source, params):
            return False
        self.run_source = source
        self.saved = None
        self.n_ctx = int(model.get("n_ctx", 0) or 0) or 2048
        settings = {k: v for k, v in params.items() if k not in ("prompt", "messages")}
        self.run = {
            "created": time.time(),
            "mode": params["mode"],
            "model": model.get("name", ""),
            "model_path": model.get("path", ""),
            "prompt": params.get("prompt", ""),
            "messages": params.get("messages", []),
            "settings": settings,
            "tokens": self.primary.tokens,
            "output": "",
        }
        caps = source.capabilities()
        if caps.remote:
            # The server's name and model, never its address or key (nor its key reference).
            self.run.update(server=model["server"], server_model=model["server_model"], engine=model["engine"])
            for name in caps.unsupported:
                settings.pop(name, None)  # not sent, so not part of what produced the text
            settings.pop("chat_format", None)
        if compare is not None:
            self.comparison.prepare(*compare)
        else:
            self.comparison.cancel_prepared(False)
        self.changed.emit()
        return True

    def plan_compare(
        self, source: Source, params: dict[str, Any], key: str, label: str, has_template: bool | None
    ) -> tuple[tuple[str, str, dict[str, Any]] | None, str]:
        """The comparison of a run about to start: ((key, label, its params), "") or (None, why not).
        A model with its own chat template uses it beside another model (``params`` changes so); the
        format chosen in the toolbar is for the model without one."""
        if params["mode"] != "chat":
            return (key, label, dict(params)), ""
        chosen = str(params.get("chat_format", "template"))
        if chosen == "template" and has_template is False:
            # Checked before anything loads: the second model would load (hundreds of MB) only to fail.
            return None, self.tr(
                "{name} has no chat template, so it cannot answer in Chat mode with “Model's own template”. "
                "Choose a chat format above for it, untick Compare, or use Completion mode."
            ).format(name=label)
        if (source.model or {}).get("has_chat_template"):
            params["chat_format"] = "template"
        return (key, label, {**params, "chat_format": chosen}), ""

    def stop(self) -> None:
        self.primary.stop()
        self.comparison.stop()
        self.registry.local.cancel()  # a teaching request on the local host, too (Stop is for everything)

    def _on_finished(self, result: dict[str, Any]) -> None:
        run = self.run
        if run is None:
            return
        run.update(
            output=result.get("text", ""),
            metrics=result.get("metrics", {}),
            stop_reason=result.get("stop_reason", ""),
            n_prompt=result.get("n_prompt", 0),
            truncated=result.get("truncated", False),
            rendered_prompt=result.get("prompt", ""),
        )
        if run.get("server"):
            run["logprobs"] = bool(result.get("logprobs"))
        reason = stop_reason_text(str(run["stop_reason"]))
        notes = [self.tr("The prompt was cut to its end to fit the context.")] if run["truncated"] else []
        if run.get("server") and not run["logprobs"] and run["tokens"]:
            notes.append(self.tr("This server returned no probabilities, so the tokens are not tinted."))
        lesson = lesson_for(run)
        if lesson:
            notes.append(lesson)
        note = "".join(" " + n for n in notes)
        if run["mode"] == "chat" and run["stop_reason"] != "cancelled":
            # A stopped reply is not part of the conversation; the message stays for another try.
            self.messages = [*run["messages"], {"role": "assistant", "content": run["output"]}]
            self.conversationChanged.emit()
        # Saved now, not after the comparison: quitting while the second model loads keeps this run.
        self.save_run()
        self.runEnded.emit(run)
        if self.comparison.params is not None and run["stop_reason"] != "cancelled":
            self.status.emit(
                self.tr("First model done: {reason}.{notes} Now the second model ({name})…").format(
                    reason=reason, notes=note, name=self.comparison.label
                )
            )
            self.comparison.start(self.n_ctx)
        else:
            self.comparison.cancel_prepared(self.comparison.params is not None)
            self.status.emit(self.tr("Done: {reason}.{notes}").format(reason=reason, notes=note))
        self.changed.emit()

    def _on_failed(self, kind: str, message: str, partial: dict[str, Any] | None) -> None:
        self.comparison.cancel_prepared(False)
        run = self.run
        if kind == "Cancelled":
            self.status.emit(self.tr("Stopped."))
        elif kind != "Ended":
            if partial is not None and run is not None:
                self._keep_broken_run(run, partial, message)  # tokens came before the break
            self.error.emit(message)
            if kind == "PromptTooLongError":
                self.promptTooLong.emit(message)
        self.changed.emit()

    def _keep_broken_run(self, run: dict[str, Any], partial: dict[str, Any], message: str) -> None:
        """A server run that broke: what arrived before the break is kept, and saved with the error."""
        run.update(
            output=str(partial.get("text", "".join(str(t.get("text", "")) for t in run["tokens"]))),
            metrics=partial.get("metrics") or {},
            stop_reason="error",
            error=message,
            n_prompt=partial.get("n_prompt", 0),
            truncated=False,
            rendered_prompt=partial.get("prompt", ""),
            logprobs=bool(partial.get("logprobs")),
        )
        self.save_run()
        self.runEnded.emit(run)

    def first_done(self) -> str:
        reason = stop_reason_text(str((self.run or {}).get("stop_reason", "")))
        return self.tr("First model done: {reason}.").format(reason=reason)

    def _on_compared(self, record: dict[str, Any]) -> None:
        self.save_compare(record)
        if record.get("error"):
            self.error.emit(
                self.tr("{first} The comparison did not finish: {message}").format(
                    first=self.first_done(), message=record["error"]
                )
            )
        else:
            self.status.emit(
                self.tr("Done. {first} Second model: {reason}.").format(
                    first=self.first_done(), reason=stop_reason_text(str(record.get("stop_reason", "")))
                )
            )
        self.changed.emit()

    # -- the history -------------------------------------------------------------------------------
    def save_run(self) -> None:
        """Save the current run once, as a snapshot (the worker thread serialises it later); after that,
        ``save_compare`` updates the same saved run with its comparison."""
        if self.run is None or self.saved is not None:
            return
        self.saved = self.history.save(copy.deepcopy(self.run), on_saved=self._remember)

    def _remember(self, run_id: int) -> None:
        self.settings.set(LAST_RUN, run_id)

    def save_compare(self, compare: dict[str, Any]) -> None:
        """Keep the comparison with its run, in memory and in the history."""
        if self.run is None:
            return
        self.run["compare"] = compare
        if self.saved is None:
            self.save_run()
        else:
            self.history.update(self.saved, copy.deepcopy(self.run))

    def reopened(self, run: dict[str, Any], last: bool) -> None:
        """A run from the history is shown: it is never saved again. ``last``: it is the run shown at the
        previous quit, and its conversation goes on (a chat reply that ended by itself)."""
        self.run = run
        self.run_source = None
        self.saved = None
        if isinstance(run.get("id"), int):
            self.settings.set(LAST_RUN, run["id"])
        if last and run.get("mode") == "chat" and run.get("stop_reason") not in ("cancelled", "closed", "error"):
            self.messages = [*run.get("messages", []), {"role": "assistant", "content": run.get("output", "")}]

    def close(self, closed_message: str) -> None:
        """At quit: the run in progress (what it has so far), or the comparison in progress beside a finished
        run, goes into the history before the services stop."""
        run = self.run
        if run is None:
            return
        if self.primary.busy():
            self.primary.abandon()
            run.update(output="".join(str(t.get("text", "")) for t in run["tokens"]), stop_reason="closed")
            self.comparison.cancel_prepared(False)
            self.save_run()
            return
        record = self.comparison.close(closed_message)
        if record is not None:
            self.save_compare(record)
