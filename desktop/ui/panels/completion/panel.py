"""Completion panel: a language model as a completion machine, streamed token by token, each token tinted
by its probability, with speed figures, presets, a comparison and a saved history; and the teaching
views (Fill the blank, Score a text, the sampling path).

This module is the shell: it lays the areas out and wires them to the shared state (state.py). Every run,
on the local model, a server model or the second model of Compare, goes one way (runner.py)."""

from __future__ import annotations

import time
from typing import Any, Protocol

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMessageBox, QScrollArea, QSplitter, QTabWidget, QVBoxLayout, QWidget

from desktop.resources import default_model_path
from desktop.services.history_service import HistoryService
from desktop.services.model_service import ModelService
from desktop.services.remote_source import RemoteModelSource
from desktop.services.settings import Settings
from desktop.services.source import Source, SourceRegistry
from desktop.services.teaching_service import TeachingService
from desktop.ui.language import on_language_change
from desktop.ui.panels.completion.compare import ComparePane, Comparison
from desktop.ui.panels.completion.history import HistoryTab
from desktop.ui.panels.completion.presets import PRESETS, ready_text
from desktop.ui.panels.completion.run_view import InputBox, RunTokenView
from desktop.ui.panels.completion.runner import Runner
from desktop.ui.panels.completion.settings import SamplingForm
from desktop.ui.panels.completion.source import SourceBar
from desktop.ui.panels.completion.speed import SpeedTab
from desktop.ui.panels.completion.state import LAST_RUN, CompletionState
from desktop.ui.panels.completion.teaching.fill_blank import FillBlankView
from desktop.ui.panels.completion.teaching.score import ScoreTextView
from desktop.ui.panels.completion.teaching.views import SecondHalf
from desktop.ui.panels.completion.texts import error_html, last_run_text, prefix_for
from desktop.ui.panels.completion.token_tab import TokenTab, bring_forward, scrolling
from desktop.ui.panels.completion.toolbar import Toolbar
from desktop.ui.widgets.fit_scroll import FitScrollArea
from desktop.ui.widgets.token_text import TokenTextView


class Services(Protocol):
    """What the panel takes from the window: its settings, its run history, and its sources."""

    settings: Settings
    history: HistoryService
    sources: SourceRegistry


class CompletionPanel(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings, self.history, self.sources = services.settings, services.history, services.sources
        self._build()
        self._wire()
        self.retranslate()
        on_language_change(self, self.retranslate)
        self.sources.local.models.hostDied.connect(lambda *_: self._update())
        last = self.settings.get_int(LAST_RUN, 0)
        if last > 0:  # the last conversation's output, as it was at quit
            self.history.open(last, lambda run: self.show_run(run, last=True))

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        # The panel scrolls rather than squeezing its widgets on top of each other when the window is
        # smaller than its minimum (it fits, without scrolling, in a 1024x640 window).
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = FitScrollArea()
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(self.scroll_area)
        content = QWidget()
        self.scroll_area.setWidget(content)
        root = QVBoxLayout(content)
        self.toolbar = Toolbar(self.settings)
        self.bar = SourceBar(self.sources, self.settings)
        root.addWidget(self.toolbar)
        root.addWidget(self.bar)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QSplitter(Qt.Orientation.Vertical)
        self.input = InputBox(self.settings)
        left.addWidget(self.input)
        self.output = RunTokenView()
        self.compare_box = ComparePane()
        self.compare_box.setVisible(False)
        outputs = QSplitter(Qt.Orientation.Horizontal)
        outputs.addWidget(self.output)
        outputs.addWidget(self.compare_box)
        left.addWidget(outputs)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 2)
        split.addWidget(left)
        self.tabs = QTabWidget()
        self.sampling = SamplingForm(self.settings)
        self.token_tab = TokenTab()
        self.speed = SpeedTab()
        self.history_tab = HistoryTab(self.history, self.settings, self.show_run, self.status_text)
        self.fill_blank = FillBlankView(self.source)
        self.score_text = ScoreTextView(self.source, second=self._score_second)
        pages: tuple[QWidget, ...] = (self.sampling, self.token_tab, self.speed, self.history_tab)
        for page in pages:
            self.tabs.addTab(page, "")
        self.scoring = QTabWidget()  # one tab of two: ten tabs side by side do not fit a 1024-pixel window
        self.scoring.setDocumentMode(True)
        self.scoring_pages = (scrolling(self.fill_blank), scrolling(self.score_text))
        for area in self.scoring_pages:
            self.scoring.addTab(area, "")
        self.tabs.addTab(self.scoring, "")
        self.second_half = SecondHalf(self.sources, self.source, self.request, scrolling, self)
        self.second_half.add_tabs(self.tabs)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        root.addWidget(split, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        root.addWidget(self.status)
        self._pending_status = ""
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(100)
        self._status_timer.timeout.connect(self._show_pending_status)
        self.comparison = Comparison(self.compare_box, self.sources, self.settings, self)
        self.state = CompletionState(
            self.sources, self.history, self.settings, Runner(self.output, self), self.comparison, self
        )
        # Short names for what scripts and tests reach most.
        self.mode, self.preset, self.chat_format = self.toolbar.mode, self.toolbar.preset, self.toolbar.chat_format
        self.generate_btn, self.stop_btn = self.toolbar.generate_btn, self.toolbar.stop_btn
        self.load_default_btn = self.toolbar.load_default_btn
        self.source_pick, self.compare, self.compare_model = (
            self.bar.source_pick,
            self.bar.compare,
            self.bar.compare_model,
        )
        self.model_note, self.prompt, self.system = self.bar.model_note, self.input.prompt, self.input.system
        self.compare_output = self.compare_box.output
        for key in ("temperature", "top_k", "top_p", "min_p", "repeat_penalty", "seed", "max_tokens", "stop"):
            setattr(self, key, self.sampling.widget(key))

    def _wire(self) -> None:
        t = self.toolbar
        t.generate_btn.clicked.connect(self.generate)
        t.stop_btn.clicked.connect(self.stop_generation)
        t.load_default_btn.clicked.connect(self.load_default_model)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.generate)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.generate)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.stop_generation)
        t.mode.currentIndexChanged.connect(self._on_mode)
        t.chat_format.currentIndexChanged.connect(self._update)
        t.preset.activated.connect(self.apply_preset)
        self.input.clear_chat_btn.clicked.connect(self.new_conversation)
        self.output.tokenClicked.connect(self.show_token)
        self.compare_output.tokenClicked.connect(lambda i: self.show_token(i, self.compare_output))
        self.bar.sourceChanged.connect(lambda: self.state.set_source_key(self.bar.source_key()))
        self.bar.compareChanged.connect(self._on_compare_changed)
        self.token_tab.show_probs.toggled.connect(self._toggle_probs)
        self.tabs.currentChanged.connect(self._on_tab)
        self.state.changed.connect(lambda: self._on_tab(self.tabs.currentIndex()))
        self.state.listen_to_source()
        self.state.set_source_key(self.bar.source_key())
        self.state.changed.connect(self._update)
        self.state.status.connect(self.status_text)
        self.state.error.connect(lambda text: self.status_text(error_html(text)))
        self.state.promptTooLong.connect(self._offer_truncation)
        self.state.conversationChanged.connect(lambda: self.prompt.clear())
        self.state.runEnded.connect(self.speed.show_run)
        self.state.primary.progressed.connect(self._on_progress)
        self.comparison.progressed.connect(self._on_compare_progress)
        self.history.noteChanged.connect(self._on_history_note)
        self._on_mode()
        self._on_compare_changed()

    def retranslate(self) -> None:
        for page, name in (
            (self.sampling, self.tr("Sampling")),
            (self.token_tab, self.tr("Token")),
            (self.speed, self.tr("Speed")),
            (self.scoring, self.tr("Scoring")),
        ):
            self.tabs.setTabText(self._tab_of(page), name)
        for index, name in enumerate((self.tr("Fill the blank"), self.tr("Score a text"))):
            self.scoring.setTabText(self.scoring.indexOf(self.scoring_pages[index]), name)
        self.second_half.retranslate()
        self.output.setPlaceholderText(
            self.tr("The prompt (grey) and the model's tokens, tinted by probability, appear here.")
        )
        self._on_history_note(self.history.note)
        run = self.state.run
        if run is not None and not self.state.busy():  # a chat transcript's role labels follow the language
            for view in (self.output, self.compare_output):
                if view.prefix:
                    view.prefix = prefix_for(run)
                    view.redraw()
        self._update()

    show_page = staticmethod(bring_forward)  # a page to the front, in the Scoring and Experiments groups too

    def _tab_of(self, page: QWidget) -> int:
        """The tab that holds ``page`` (the teaching views sit in scroll areas)."""
        holder: QWidget | None = page
        while holder is not None and self.tabs.indexOf(holder) < 0:
            holder = holder.parentWidget()
        return self.tabs.indexOf(holder) if holder is not None else -1

    def _on_history_note(self, note: str) -> None:
        self.history_tab.show_note(note)
        self.tabs.setTabText(self._tab_of(self.history_tab), self.history_tab.tab_text())
        self.tabs.setTabToolTip(self._tab_of(self.history_tab), note)

    # -- state to widgets --------------------------------------------------------------------------
    def source(self) -> Source:
        """What Generate runs on: the local model, or the chosen server model."""
        return self.state.source()

    def busy(self) -> bool:
        return self.state.busy()

    def _update(self, *_args: object) -> None:
        source = self.source()
        busy = self.state.busy() or source.state == "generating" or self.sources.local.state == "generating"
        can_generate = source.model is not None and not busy
        focused = self.window().focusWidget()
        if (focused is self.generate_btn and not can_generate) or (focused is self.stop_btn and not busy):
            # A focused button that turns disabled hands the focus to the next widget in the tab chain:
            # in Chat mode the System message, all selected, so the next words typed replaced it.
            self.prompt.setFocus(Qt.FocusReason.OtherFocusReason)
        self.generate_btn.setEnabled(can_generate)
        self.stop_btn.setEnabled(busy)
        local = source is self.sources.local
        self.load_default_btn.setVisible(local and source.model is None and source.state != "loading")
        caps = source.capabilities()
        self.sampling.apply_support(caps, str((source.model or {}).get("engine", "")) if caps.remote else "")
        self.bar.update_note(
            source, self.toolbar.chat(), str(self.chat_format.currentData()), self.chat_format.currentText()
        )
        self.fill_blank.update_support()
        self.score_text.update_support()

    def _on_tab(self, index: int) -> None:
        """Opening Fill the blank or Score a text on a server model checks whether the server can score
        (once per model, in the background); the view greys its button, with the reason, if not."""
        source = self.source()
        teaching = index == self._tab_of(self.scoring)
        if teaching and isinstance(source, RemoteModelSource) and not self.state.busy():
            source.check_scoring()

    def status_text(self, text: str) -> None:
        self._status_timer.stop()  # a live count still to come would overwrite this line
        self.status.setText(text)

    def _show_pending_status(self) -> None:
        if self.state.busy():
            self.status.setText(self._pending_status)

    def _on_mode(self, *_args: object) -> None:
        self.input.set_chat(self.toolbar.chat())
        self.chat_format.setVisible(self.toolbar.chat())
        self._update()

    def _on_compare_changed(self) -> None:
        on = self.bar.compare.isChecked()
        self.compare_box.setVisible(on)
        if on and not self.compare_box.title.text():
            self.compare_box.set_title("hint")
        self._update()

    # -- running -----------------------------------------------------------------------------------
    def request(self, truncate: bool = False) -> dict[str, Any] | None:
        """The run's params from the form, or None (and the reason on the status line)."""
        chat_format = str(self.chat_format.currentData())
        params, problem = self.input.request(self.toolbar.chat(), self.state.messages, chat_format)
        if params is None:
            self.status.setText(problem)
            return None
        return {**self.sampling.values(), "truncate": truncate, **params}

    def generate(self, truncate: bool = False) -> None:
        if self.state.busy():
            return
        source = self.source()
        if source.model is None:
            if source.capabilities().remote:
                self.status.setText(self.tr("That server was removed. Pick another model to run on."))
            else:
                self.status.setText(self.tr("Load a model first (Models panel, or “Load the default model”)."))
            return
        params = self.request(truncate)
        if params is None:
            return
        compare = None
        if self.bar.will_compare():
            compare, problem = self.state.plan_compare(
                source, params, self.bar.compare_key(), self.bar.compare_label(), self.bar.compare_has_template()
            )
            if compare is None:
                self.status.setText(error_html(problem))
                return
        self.sampling.save()
        self.toolbar.save()
        self.input.save_draft()
        if not self.state.begin(source, params, compare):
            self.status.setText(self.tr("The model is busy; wait for it or press Stop."))
            return
        self.output.show_run(prefix_for(params))
        self.speed.start()
        self.speed.show_network(source.capabilities().includes_network)
        self.status.setText(self.tr("Reading the prompt…"))
        self._update()

    def _on_progress(self, n: int) -> None:
        self.speed.show_live(self.state.primary.tokens)
        self._live_status(self.tr("Generating… %n token(s)", "", n))

    def _on_compare_progress(self, n: int) -> None:
        first = self.state.first_done()
        self._live_status(self.tr("{first} Second model: generating… %n token(s)", "", n).format(first=first))

    def _live_status(self, text: str) -> None:
        """A count that changes with every batch of tokens, shown ten times a second: a label whose size
        changes re-lays out the panel, and on two cores that work slows the model down."""
        self._pending_status = text
        if not self._status_timer.isActive():
            self._status_timer.start()

    def _offer_truncation(self, message: str) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("The prompt is too long"),
            self.tr("{message}\n\nKeep only the end of the prompt and generate?").format(message=message),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.generate(truncate=True)

    def stop_generation(self) -> None:
        """Stop button and Esc: safe at any moment, any number of times."""
        self.state.stop()
        self.score_text.stop()
        self.second_half.stop()

    def load_default_model(self) -> None:
        path = default_model_path()
        if path is None:
            self.status.setText(self.tr("The default model is not installed. Add a model in the Models panel."))
            return
        if not self.sources.local.load(path, **self.settings.load_options()):
            self.status.setText(self.tr("The model is busy; stop the running request first."))

    def apply_preset(self, index: int) -> None:
        if index <= 0:
            return
        name, mode, text, overrides = PRESETS[index - 1]
        had_text = bool(self.prompt.toPlainText().strip()) and self.prompt.toPlainText() != text
        self.sampling.apply(overrides)
        self.toolbar.set_mode(mode)
        if mode == "chat":
            self.new_conversation()
        self.input.replace_prompt(text)
        self.preset.setCurrentIndex(0)
        self.status.setText(ready_text(name, had_text))

    def new_conversation(self) -> None:
        self.state.messages = []
        self.output.show_run("")
        self.status.setText(self.tr("New conversation."))

    # -- tokens ------------------------------------------------------------------------------------
    def show_token(self, index: int, view: TokenTextView | None = None) -> None:
        if not self.token_tab.show_alternatives(view or self.output, index):
            return
        self.tabs.setCurrentWidget(self.token_tab)
        if view in (None, self.output) and not self.state.busy():
            self.token_tab.request_step(self.state.run, self.state.run_source or self.sources.local, index)

    def _toggle_probs(self, on: bool) -> None:
        for view in (self.output, self.compare_output):
            view.show_probabilities = on
            if not self.state.busy() and view.prefix:  # during a run, the setting applies to tokens to come
                view.redraw()

    # -- reopening a run ---------------------------------------------------------------------------
    def show_run(self, run: dict[str, Any] | None, last: bool = False) -> None:
        """A run from the history, with its own comparison (or none). ``last``: the run shown at the
        previous quit, reopened at start with its conversation."""
        if run is None or self.state.busy():
            if run is not None and not last:
                self.status.setText(self.tr("A run is in progress; stop it or wait before opening another."))
            return
        self.state.reopened(run, last)
        self.output.show_run(prefix_for(run), run.get("tokens", []))
        self.speed.show_run(run)
        self.compare_box.show_saved(run, self.compare.isChecked())
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(run.get("created", 0)))
        if last:
            self.toolbar.set_mode(str(run.get("mode", "completion")))
            self.status.setText(last_run_text(run, stamp))
        else:
            said = self.tr("Reopened a run from {time}.").format(time=stamp)
            if self.input.take_prompt_of(run):  # Generate runs what the box says: the run's own prompt
                self.toolbar.set_mode("completion")
                said += " " + self.tr("Its prompt is in the box (Ctrl+Z brings back what was there).")
            self.status.setText(said)

    def _score_second(self) -> None:
        """Score a text, side by side: the same text on the model chosen under Compare with."""
        n_ctx = int((self.sources.local.model or {}).get("n_ctx", 0) or 0) or 2048
        self.comparison.score_second(self.score_text, self.bar.compare_key(), self.bar.compare_label(), n_ctx)

    # -- what other parts of the app reach ----------------------------------------------------------
    @property
    def models(self) -> ModelService:
        return self.sources.local.models

    @property
    def teaching(self) -> TeachingService:
        return self.sources.local.teaching

    @property
    def run(self) -> dict[str, Any] | None:
        return self.state.run

    @property
    def messages(self) -> list[dict[str, str]]:
        return self.state.messages

    @property
    def compare_models(self) -> ModelService | None:
        """The second model host (Compare, and Score side by side), once it exists."""
        return self.comparison.host.models if self.comparison.host is not None else None

    def _compare_service(self) -> ModelService:
        return self.comparison.second_host().models

    def _save_draft(self) -> None:
        self.input.save_draft()

    def show_view(self, name: str) -> bool:
        """Bring a teaching view to the front by its English name ("Generate ×N", "Evaluate", "Retrieval",
        "Scale grid"), as the Lessons' Show me does; False when there is no such view."""
        return self.second_half.show(name)

    def shutdown(self) -> None:
        self.second_half.shutdown()
        self.state.close(self.tr("The app was closed during the comparison."))
        self.comparison.shutdown()
        self.score_text.detach_all()
        self.input.save_draft()
        self.sampling.save()
        self.toolbar.save()
