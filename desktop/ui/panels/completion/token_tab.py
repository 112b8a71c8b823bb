"""The Token tab: the tint switch and its legend, a clicked token's alternatives, and the sampling path of
that step (its full logits, asked of the source that ran it: a local model only)."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import QCheckBox, QLabel, QScrollArea, QTabWidget, QVBoxLayout, QWidget

from desktop.core.teaching import sampling as S
from desktop.services.source import Source
from desktop.ui.language import on_language_change
from desktop.ui.panels.completion.teaching.common import shown
from desktop.ui.panels.completion.teaching.sampling_path import SamplingPathView, decode_step
from desktop.ui.widgets.charts import AlternativesBars
from desktop.ui.widgets.token_text import TokenTextView


def bring_forward(page: QWidget) -> None:
    """Bring ``page`` to the front in every tab widget it sits in (tabs inside tabs included)."""
    child: QWidget | None = page
    while child is not None:
        holder = child.parentWidget()
        tabs = holder.parentWidget() if holder is not None else None
        if isinstance(tabs, QTabWidget) and tabs.indexOf(child) >= 0:
            tabs.setCurrentWidget(child)
        child = holder


def scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area: a tall view never makes the panel taller."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class TokenTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.alternatives = AlternativesBars()
        self.show_probs = QCheckBox()
        self.show_probs.setChecked(True)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        layout.addWidget(self.show_probs)
        layout.addWidget(self.legend)
        layout.addWidget(self.alternatives)
        self.sampling_path = SamplingPathView()
        layout.addWidget(scrolling(self.sampling_path), 1)
        self.source: Source | None = None  # the source asked for the step now in flight
        self.run: dict[str, Any] | None = None
        self.step_rid: int | None = None
        self.step_index = -1
        self.step_wanted: int | None = None
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        self.show_probs.setText(self.tr("Tint tokens by probability"))
        self.legend.setText(
            self.tr(
                "<span style='background:#f1948a;color:#000'>&nbsp;unlikely&nbsp;</span> "
                "<span style='background:#f7dc6f;color:#000'>&nbsp;so-so&nbsp;</span> "
                "<span style='background:#82e0aa;color:#000'>&nbsp;likely&nbsp;</span> — probability from the "
                "model's own scores at that step (before sampling settings). Hover or click a token."
            )
        )

    def show_alternatives(self, view: TokenTextView, index: int) -> bool:
        """The alternatives of token ``index`` of ``view``; False when there is no such token."""
        tokens = view.tokens
        if not 0 <= index < len(tokens):
            return False
        token = tokens[index]
        if token.get("p") is None:
            self.alternatives.set_items(
                self.tr("Token {n}: this server returned no probabilities.").format(n=index + 1), []
            )
            return True
        items = [(shown(text), float(p), tid == token.get("token")) for tid, text, p in token.get("alts") or []]
        if not any(chosen for *_x, chosen in items):
            items.append((shown(str(token.get("text", ""))), float(token.get("p", 0.0)), True))
        self.alternatives.set_items(self.tr("Token {n}: what the model weighed").format(n=index + 1), items)
        return True

    def request_step(self, run: dict[str, Any] | None, source: Source, index: int) -> None:
        """Ask ``source`` for the logits of step ``index`` of ``run``, for the sampling path."""
        view = self.sampling_path.view
        if run is None:
            return
        if run.get("server"):
            view.setText(self.tr("The sampling path needs a local model: a server does not send a step's scores."))
            return
        caps = source.capabilities()
        if not caps.step_logits:
            view.setText(html.escape(caps.step_note))
            return
        if self.step_rid is not None:  # one step at a time: this one is asked for when that one is in
            self.step_wanted = index
            return
        model = source.model
        if model is None or (run.get("model_path") and model.get("path") != run.get("model_path")):
            view.setText(self.tr("The sampling path needs the run's own model loaded."))
            return
        generated = [int(t["token"]) for t in run.get("tokens", []) if "token" in t]
        if not 0 <= index < len(generated):
            return
        settings = run.get("settings") or {}
        params: dict[str, Any] = {"generated": generated, "step": index}
        if run.get("mode") == "chat":
            params.update(messages=run.get("messages", []), chat_format=settings.get("chat_format", "template"))
        else:
            params["prompt"] = run.get("prompt", "")
        rid = source.score("step_logits", **params)
        if rid is None:
            return
        if self.source is not source:
            self._listen(source)
        self.run = run
        self.step_rid = rid
        self.step_index = index
        view.setText(self.tr("Reading that step's logits…"))

    def _listen(self, source: Source) -> None:
        if self.source is not None:
            self.source.scored.disconnect(self._on_step)
            self.source.scoreFailed.disconnect(self._on_step_failed)
        self.source = source
        source.scored.connect(self._on_step)
        source.scoreFailed.connect(self._on_step_failed)

    def _on_step_failed(self, rid: int, kind: str, message: str, _details: str) -> None:
        if rid != self.step_rid:
            return
        self.step_rid = None
        self.step_wanted = None
        self.sampling_path.view.setText(self.tr("Stopped.") if kind == "Cancelled" else html.escape(message))

    def _on_step(self, rid: int, _op: str, data: dict[str, Any]) -> None:
        run, source = self.run, self.source
        if rid != self.step_rid or run is None or source is None:
            return
        self.step_rid = None
        wanted, self.step_wanted = self.step_wanted, None
        if wanted is not None and wanted != self.step_index:
            self.request_step(run, source, wanted)
            return
        row, pieces = decode_step(data)
        s = run.get("settings") or {}
        run_settings = S.SamplerSettings(
            temperature=float(s.get("temperature", 0.8)),
            top_k=int(s.get("top_k", 40)),
            top_p=float(s.get("top_p", 0.95)),
            min_p=float(s.get("min_p", 0.05)),
            repeat_penalty=float(s.get("repeat_penalty", 1.1)),
        )
        generated = [int(t["token"]) for t in run.get("tokens", []) if "token" in t]
        step = self.step_index
        self.sampling_path.set_step(row, pieces, run_settings, generated[:step], generated[step])
