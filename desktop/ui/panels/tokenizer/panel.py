"""Tokenizer panel: text as a model sees it. Coloured token spans live as you type, for GPT-4's
cl100k_base, GPT-4o's o200k_base, the GGUF models on this machine and the servers' models (their own
vocabularies); ids to copy, ids back to text, all encodings side by side, and a sentence as training
samples, autoregressive and masked.

The shell: it lays the areas out, wires them to the TokenizerService, and keeps what they share in a
:class:`TokenizerState`. Each area is a module of its own with its own ``retranslate()``."""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer
from PySide6.QtWidgets import QFrame, QScrollArea, QSplitter, QVBoxLayout, QWidget

from desktop.core.catalog import Catalog
from desktop.core.teaching import masked as M
from desktop.core.tokenizers import EXAMPLES, Tokenization, TokenStats, gguf_path
from desktop.services.catalog_service import CatalogService
from desktop.services.drafts import Draft
from desktop.services.remote_service import RemoteService
from desktop.services.remote_source import parse_source_key, remote_choices
from desktop.services.settings import Settings
from desktop.services.tokenizer_service import TokenizerService
from desktop.ui.language import on_language_change
from desktop.ui.panels.tokenizer.input import InputBar, TokenInput
from desktop.ui.panels.tokenizer.state import TokenizerState
from desktop.ui.panels.tokenizer.summary import SummaryArea
from desktop.ui.panels.tokenizer.tabs import TokenTabs

DEBOUNCE_MS = 60
DEBOUNCE_LARGE_MS = 300  # for texts above LARGE_TEXT characters: each pass counts all of it
LARGE_TEXT = 200_000
BUSY_MS = 250  # a tokenization still running after this long says so, and the old counts go
# What is typed is kept between sessions (a draft file: pastes can be huge). A text longer than this keeps
# only its first DRAFT_LIMIT characters.
DRAFT_LIMIT = 1_000_000
SETTING_ENCODING = "tokenizer/encoding"
SETTING_SPECIAL = "tokenizer/special"


class TokenizerPanel(QWidget):
    """``settings``: where the encoding and the special-token switch are kept, and whether the typed
    text is kept (a draft file under the data folder); without it nothing persists."""

    def __init__(
        self,
        catalog: CatalogService,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        remote: RemoteService | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog_service = catalog
        self.settings = settings
        self.remote = remote  # servers whose models' tokenizers are offered
        self.state = TokenizerState(wanted_encoding=settings.get_str(SETTING_ENCODING, "") if settings else "")
        self.service = TokenizerService(parent=self)
        self.draft = Draft("tokenizer.txt", lambda: self.tr("The Tokenizer's text"), settings, DRAFT_LIMIT, self)
        self._build()
        if settings is not None:
            with QSignalBlocker(self.special):
                self.special.setChecked(settings.get_int(SETTING_SPECIAL, 0) == 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self.tokenize_now)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(BUSY_MS)
        self._busy_timer.timeout.connect(self._on_slow)
        self.service.tokenized.connect(self._on_tokenized)
        self.service.statsReady.connect(self._on_stats)
        self.service.decoded.connect(lambda key, text, n: self.decode_tab.show_decoded(text, n, self.state.label(key)))
        self.service.failed.connect(self._on_failed)
        self.service.busyChanged.connect(self._on_busy)
        self.draft.timer.timeout.connect(self.save_draft)
        catalog.changed.connect(self._on_catalog)
        if remote is not None:
            self.service.set_remote(remote)
            remote.serversChanged.connect(self._on_servers)
            remote.checked.connect(self._on_servers)
        self._on_catalog(catalog.catalog)
        draft = self.draft.read()
        self.set_text(EXAMPLES["English sentence"] if draft is None else draft)
        example = next((name for name, text in EXAMPLES.items() if text == self.text()), "")
        self.state.example = example
        self.summary.show_example(example)
        self.input.textChanged.connect(self.draft.timer.start)
        on_language_change(self, self._on_language_change)

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        # Everything sits in a scroll area: below its minimum size the panel scrolls, never overlaps.
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(self.scroll_area)
        content = QWidget()
        self.scroll_area.setWidget(content)
        root = QVBoxLayout(content)
        self.bar = InputBar()
        self.encoding, self.examples, self.special = self.bar.encoding, self.bar.examples, self.bar.special
        self.encoding.currentIndexChanged.connect(self._on_encoding_changed)
        self.bar.exampleChosen.connect(self.choose_example)
        self.special.toggled.connect(self._on_special_toggled)
        root.addWidget(self.bar)

        split = QSplitter(Qt.Orientation.Vertical)
        self.input = TokenInput()
        self.input.textChanged.connect(self._schedule)
        split.addWidget(self.input)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.summary = SummaryArea()
        lower_layout.addWidget(self.summary)
        self.tabs = TokenTabs()
        self.spans_tab, self.ids_tab, self.decode_tab = self.tabs.spans_tab, self.tabs.ids_tab, self.tabs.decode_tab
        self.compare_tab, self.samples, self.masked = self.tabs.compare_tab, self.tabs.samples, self.tabs.masked
        self.ids_tab.decodeRequested.connect(self._decode_ids)
        self.decode_tab.decodeRequested.connect(self._decode)
        self.tabs.currentChanged.connect(lambda _i: self._refresh_current_tab())
        lower_layout.addWidget(self.tabs, 1)
        split.addWidget(lower)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 3)
        split.setSizes([140, 420])
        root.addWidget(split, 1)
        self.retranslate()

    def retranslate(self) -> None:
        """The static texts in the installed language (at start and on a language change)."""
        self.bar.retranslate()
        self.input.retranslate()
        self.summary.retranslate()
        self.tabs.retranslate()

    def _on_language_change(self) -> None:
        """Static texts, then everything drawn from a result, again in the new language."""
        self.retranslate()
        self._on_catalog(self.catalog_service.catalog)
        if self.state.result is not None:
            self._show_summary(self.state.result)
            self.state.dirty.update(("Spans", "Ids", "Training samples"))
        self._fill_compare()
        self._refresh_current_tab()

    # -- encodings ---------------------------------------------------------------------------------
    def current_key(self) -> str:
        return self.encoding.current_key()

    def encoding_keys(self) -> list[str]:
        return self.encoding.keys()

    def set_encoding(self, key: str) -> bool:
        return self.encoding.select(key)

    def compare_keys(self) -> list[str]:
        return self.encoding.local_keys()

    def _on_servers(self, *_args: object) -> None:
        self._on_catalog(self.catalog_service.catalog)

    def _on_catalog(self, catalog: Catalog) -> None:
        self.service.forget_broken()  # a rescan: files that stopped the host may be fixed
        if self.encoding.refresh(catalog, remote_choices(self.remote), self.state):
            self._on_encoding_changed(chosen=False)
        self._refresh_current_tab()

    def _on_encoding_changed(self, _index: int = -1, chosen: bool = True) -> None:
        key = self.current_key()
        self.state.shown_encoding = key
        if chosen:  # a person's choice (not a list refresh falling back): keep it
            self.state.wanted_encoding = ""
            if self.settings is not None:
                self.settings.set(SETTING_ENCODING, key)
        if gguf_path(key) is not None:
            self.bar.busy_label.setText(self.tr("Reading the model's vocabulary…"))
        elif parse_source_key(key) is not None:
            self.bar.busy_label.setText(self.tr("Asking the server…"))
        self.tokenize_now()

    # -- input -------------------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self.input.set_text(text)

    def text(self) -> str:
        return self.input.toPlainText()

    def choose_example(self, name: str) -> None:
        """Put the example ``name`` (its English key) in the box, as one edit that Ctrl+Z undoes, and say
        what it shows."""
        self.input.replace_all(EXAMPLES[name])
        self.state.example = name
        self.summary.show_example(name)

    def _on_special_toggled(self, checked: bool) -> None:
        if self.settings is not None:
            self.settings.set(SETTING_SPECIAL, int(checked))
        self.state.stats.clear()
        self.tokenize_now()

    def _schedule(self) -> None:
        self.spans_tab.show_help()
        self.input.relax_wrapping()
        if self.state.example and self.text() != EXAMPLES[self.state.example]:
            self.state.example = ""
            self.summary.show_example("")
        large = self.input.document().characterCount() > LARGE_TEXT
        self._debounce.start(DEBOUNCE_LARGE_MS if large else DEBOUNCE_MS)

    def tokenize_now(self) -> None:
        """Tokenize the input now (the debounce timer calls this after a pause in typing)."""
        self._debounce.stop()
        self.spans_tab.show_help()
        key, text = self.current_key(), self.text()
        self.state.pending_chars = len(text)
        self.service.tokenize(key, text, self.special.isChecked(), label=self.state.label(key))
        self.state.dirty.add("Compare")
        if self.tabs.current_name() == "Compare":
            self._request_stats(text)

    # -- results -----------------------------------------------------------------------------------
    @property
    def result(self) -> Tokenization | None:
        return self.state.result

    @property
    def stats(self) -> dict[str, TokenStats]:
        return self.state.stats

    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.bar.busy_label.setText("")

    def _on_slow(self) -> None:
        """Still tokenizing after a moment (a big paste, a GGUF or a server): the counts on show are the
        old text's, so they give way to a word that the new ones are coming."""
        self.bar.busy_label.setText(self.tr("Tokenizing…"))
        state, key = self.state, self.current_key()
        shown = state.result
        if state.pending_chars is None or shown is None:
            return
        if shown.text != self.text() or not state.accepts(shown, key, self.special.isChecked()):
            self.summary.show_counting(state.pending_chars, state.label(key))

    def _on_tokenized(self, result: Tokenization) -> None:
        if not self.state.accepts(result, self.current_key(), self.special.isChecked()):
            return
        self.state.show(result)
        self._show_summary(result)
        self._refresh_current_tab()

    def _show_summary(self, r: Tokenization) -> None:
        self.summary.show_result(r, DRAFT_LIMIT if self.draft.keeps else None)

    def _on_failed(self, kind: str, key: str, message: str, _details: str) -> None:
        if kind == "tokenize":
            if key == self.current_key():
                self.summary.show_error(message)
                self.bar.busy_label.setText("")
        elif kind == "stats":
            self.state.stats_errors[key] = message
            self._fill_compare()
        else:
            self.decode_tab.show_error(message)

    def _refresh_current_tab(self) -> None:
        if self.tabs.current_name() == "Compare" and "Compare" in self.state.dirty:
            self.state.dirty.discard("Compare")
            self._request_stats(self.text())
        self.tabs.redraw(self.state)

    # -- decode and compare ------------------------------------------------------------------------
    def _decode_ids(self, ids_text: str) -> None:
        self.decode_tab.decode_input.setPlainText(ids_text)
        self.tabs.show_tab("Decode")
        self.decode_tab.decode_now()

    def _decode(self, ids_text: str) -> None:
        key = self.current_key()
        self.service.decode(key, ids_text, label=self.state.label(key))

    def _request_stats(self, text: str) -> None:
        self.state.stats_errors.clear()
        for key in self.compare_keys():
            self.service.stats(key, text, self.special.isChecked(), label=self.state.label(key))
        self._fill_compare()

    def _on_stats(self, stats: TokenStats) -> None:
        self.state.stats[stats.encoding] = stats
        self.state.stats_errors.pop(stats.encoding, None)
        self._fill_compare()

    def _fill_compare(self) -> None:
        keys = self.compare_keys()
        names = {k: self.state.label(k) for k in keys}
        self.compare_tab.show_stats(keys, names, self.state.stats, self.state.stats_errors)

    def masked_sample(self) -> M.MaskedSample | None:
        """The masked-LM sample on show (the current text's first tokens at the seed shown)."""
        return self.masked.sample()

    # -- lifecycle ---------------------------------------------------------------------------------
    def save_draft(self) -> bool:
        """Keep the text for next time; False when it could not be written (said once)."""
        return self.draft.save(self.text())

    def shutdown(self) -> None:
        """Keep the draft; stop the timers, the tokenizer's worker thread and its model host process."""
        self.save_draft()
        if self.settings is not None:
            self.settings.set(SETTING_ENCODING, self.state.wanted_encoding or self.current_key())
            self.settings.set(SETTING_SPECIAL, int(self.special.isChecked()))
        self._debounce.stop()
        self._busy_timer.stop()
        self.service.shutdown()
