"""Tokenizer panel: text as a model sees it. Coloured token spans live as you type, for GPT-4's
cl100k_base, GPT-4o's o200k_base and the GGUF models on this machine (their own vocabularies);
ids to copy, ids back to text, all encodings side by side, and a sentence as training samples."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMimeData, QRectF, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QGuiApplication,
    QPainter,
    QPaintEvent,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.core.atomic import atomic_write_text
from desktop.core.catalog import Catalog
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.paths import data_dir
from desktop.core.teaching import masked as M
from desktop.core.tokenizers import (
    EXAMPLES,
    TIKTOKEN_ENCODINGS,
    TIKTOKEN_LABELS,
    WORDS_PER_TOKEN_RULE,
    SpecialToken,
    Tokenization,
    TokenizerError,
    TokenSpan,
    TokenStats,
    gguf_key,
    gguf_path,
    tiktoken_decode_bytes,
    training_samples,
)
from desktop.i18n import translate_message
from desktop.services.catalog_service import CatalogService
from desktop.services.remote_service import RemoteService
from desktop.services.remote_source import parse_source_key, remote_choices
from desktop.services.settings import Settings
from desktop.services.tokenizer_service import TokenizerService
from desktop.ui.language import on_language_change
from desktop.ui.widgets.token_view import PALETTE, TokenView, describe_span, shown_text, wrap_mode_for

DEBOUNCE_MS = 60
DEBOUNCE_LARGE_MS = 300  # for texts above LARGE_TEXT characters: each pass counts all of it
LARGE_TEXT = 200_000
MAX_SAMPLES = 200
ERROR_STYLE = "color: #c0392b;"
NOTICE_STYLE = "background: #fff3cd; color: #664d03; border: 1px solid #ffe69c; border-radius: 4px; padding: 4px 8px;"
# The tabs' keys (their shown titles are set in retranslate, in the installed language).
TABS = ("Spans", "Ids", "Decode", "Compare", "Training samples")
COMPARE_COLUMNS = ("Encoding", "Tokens", "Characters / token", "Words / token", "Vocabulary")
EXAMPLES_CONTEXT = "TokenizerExamples"  # the context core marks the example names with
HOVER_HELP = QT_TRANSLATE_NOOP(
    "TokenizerPanel",
    "Each colour is one token. Hover a token for its id and bytes. "
    "<span style='color:#7A2E0E'>&lt;0xEC&gt;</span>-style pieces are bytes of a character "
    "that the tokenizer split; ↵ marks a line break.",
)
# What is typed is kept between sessions: a draft file (pastes can be huge), saved a moment after the
# last keystroke and at shutdown. A text longer than this keeps only its first DRAFT_LIMIT characters.
DRAFT_DELAY_MS = 800
DRAFT_LIMIT = 1_000_000
SETTING_ENCODING = "tokenizer/encoding"
SETTING_SPECIAL = "tokenizer/special"


class TokenInput(QPlainTextEdit):
    """The text to tokenize. A paste with a very long unbroken run switches wrapping to "anywhere"
    before Qt lays it out (see ``wrap_mode_for``); it switches back once the text is short again."""

    def insertFromMimeData(self, source: QMimeData) -> None:
        if source.hasText():
            self.prepare_for(source.text())
        super().insertFromMimeData(source)

    def prepare_for(self, text: str) -> None:
        mode = wrap_mode_for(text)
        if mode == QTextOption.WrapMode.WrapAnywhere and self.wordWrapMode() != mode:
            self.setWordWrapMode(mode)

    def set_text(self, text: str) -> None:
        # Never lay out a long run with word wrapping: relax the mode only once the run is gone.
        mode = wrap_mode_for(text)
        if mode == QTextOption.WrapMode.WrapAnywhere:
            self.setWordWrapMode(mode)
        self.setPlainText(text)
        if mode != self.wordWrapMode():
            self.setWordWrapMode(mode)

    def relax_wrapping(self) -> None:
        if self.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere and self.document().characterCount() < 2000:
            self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)


class BarChart(QWidget):
    """Horizontal bars: one per encoding, its token count written at the end."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: list[tuple[str, int | None]] = []
        self.setMinimumHeight(120)

    def set_bars(self, bars: list[tuple[str, int | None]]) -> None:
        self._bars = bars
        self.setMinimumHeight(24 + 28 * max(len(bars), 1))
        self.update()

    def bars(self) -> list[tuple[str, int | None]]:
        return list(self._bars)

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = p.fontMetrics()
        if not self._bars:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, self.tr("Type some text to compare encodings."))
            return
        label_w = min(max(fm.horizontalAdvance(name) for name, _ in self._bars) + 12, self.width() // 2)
        top = 12
        row_h = 28
        most = max((v for _, v in self._bars if v), default=1)
        count_w = fm.horizontalAdvance(f"{most:,}") + 12
        span_w = max(self.width() - label_w - count_w - 16, 10)
        for i, (name, value) in enumerate(self._bars):
            y = top + i * row_h
            p.setPen(self.palette().windowText().color())
            text_rect = QRectF(0, y, label_w - 8, row_h - 6)
            elided = fm.elidedText(name, Qt.TextElideMode.ElideRight, label_w - 8)
            p.drawText(text_rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, elided)
            if value is None:
                p.drawText(QRectF(label_w, y, span_w, row_h - 6), Qt.AlignmentFlag.AlignVCenter, "…")
                continue
            w = span_w * value / most if most else 0
            p.setPen(Qt.PenStyle.NoPen)
            colour = QColor(PALETTE[i % len(PALETTE)]).darker(125)
            p.setBrush(colour)
            p.drawRoundedRect(QRectF(label_w, y + 2, max(w, 2), row_h - 10), 3, 3)
            p.setPen(self.palette().windowText().color())
            p.drawText(
                QRectF(label_w + w + 6, y, count_w, row_h - 6),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{value:,}",
            )


_FLAT = str.maketrans({"\n": "↵", "\r": "␍", "\t": "→"})


def _token_label(token: TokenSpan | SpecialToken) -> str:
    if isinstance(token, SpecialToken):
        return token.text
    return shown_text(token).replace("\n", "")


class TokenizerPanel(QWidget):
    """``settings``: where the encoding and the special-token switch are kept, and whether the typed
    text is kept (a draft file under the data folder); without it nothing persists (tests)."""

    def __init__(
        self,
        catalog: CatalogService,
        settings: Settings | None = None,
        parent: QWidget | None = None,
        remote: RemoteService | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog_service = catalog
        self.remote: RemoteService | None = None  # servers whose models' tokenizers are offered
        self.settings = settings
        self.draft_path: Path | None = data_dir() / "drafts" / "tokenizer.txt" if settings is not None else None
        self._draft_saved: str | None = None  # the text last written to the draft
        # the stored encoding, until the catalog lists it (GGUF files appear after the first scan)
        self._wanted_encoding = settings.get_str(SETTING_ENCODING, "") if settings is not None else ""
        self._refreshing_encodings = False
        self._shown_encoding = ""  # the encoding the text was last tokenized with
        self.service = TokenizerService(parent=self)
        self.result: Tokenization | None = None
        self.stats: dict[str, TokenStats] = {}
        self._stats_errors: dict[str, str] = {}
        self._dirty: set[str] = set(TABS)
        self._labels: dict[str, str] = dict(TIKTOKEN_LABELS)
        self._hover_helps: set[str] = set()
        self._build()
        if settings is not None:
            with QSignalBlocker(self.special):
                self.special.setChecked(settings.get_int(SETTING_SPECIAL, 0) == 1)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.timeout.connect(self.tokenize_now)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(250)
        self._busy_timer.timeout.connect(lambda: self.busy_label.setText(self.tr("Tokenizing…")))
        self.service.tokenized.connect(self._on_tokenized)
        self.service.statsReady.connect(self._on_stats)
        self.service.decoded.connect(self._on_decoded)
        self.service.failed.connect(self._on_failed)
        self.service.busyChanged.connect(self._on_busy)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        catalog.changed.connect(self._on_catalog)
        if remote is not None:
            self.set_remote(remote, refill=False)
        self._on_catalog(catalog.catalog)
        draft = self._read_draft()
        self.set_text(EXAMPLES["English sentence"] if draft is None else draft)
        self._draft_saved = self.text() if draft is not None else None
        self.input.textChanged.connect(self._draft_timer.start)
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
        bar = QHBoxLayout()
        self.encoding_label = QLabel()
        bar.addWidget(self.encoding_label)
        self.encoding = QComboBox()
        # Long model names must not widen the window: the box shows at least a few words, grows
        # with the room there is, and elides the rest (the list opens wide enough to read them).
        self.encoding.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.encoding.setMinimumContentsLength(14)
        self.encoding.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.encoding.setMaximumWidth(420)
        self.encoding.currentIndexChanged.connect(self._on_encoding_changed)
        bar.addWidget(self.encoding, 3)
        bar.addSpacing(8)
        self.examples = QComboBox()
        self.examples.addItem("", "")  # "Choose an example…", set in retranslate
        for name in EXAMPLES:
            self.examples.addItem(name, name)  # the English name is the key; the text is translated
        self.examples.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.examples.setMinimumContentsLength(14)
        self.examples.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.examples.setMaximumWidth(320)
        self.examples.view().setMinimumWidth(self.examples.view().sizeHintForColumn(0) + 24)
        self.examples.activated.connect(self._on_example)
        bar.addWidget(self.examples, 2)
        bar.addSpacing(8)
        self.special = QCheckBox()
        self.special.toggled.connect(self._on_special_toggled)
        bar.addWidget(self.special)
        # takes the room left over, and only that: its text never widens the panel
        self.busy_label = QLabel("")
        self.busy_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.busy_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addWidget(self.busy_label, 1)
        root.addLayout(bar)

        split = QSplitter(Qt.Orientation.Vertical)
        self.input = TokenInput()
        self.input.textChanged.connect(self._schedule)
        split.addWidget(self.input)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel("")
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        lower_layout.addWidget(self.summary)
        self.notice = QLabel("")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setVisible(False)
        lower_layout.addWidget(self.notice)
        self.error = QLabel("")
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        lower_layout.addWidget(self.error)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_spans_tab(), "")
        self.tabs.addTab(self._build_ids_tab(), "")
        self.tabs.addTab(self._build_decode_tab(), "")
        self.tabs.addTab(self._build_compare_tab(), "")
        self.tabs.addTab(self._build_samples_tab(), "")
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
        self.encoding_label.setText(self.tr("Encoding"))
        self.encoding.setToolTip(
            self.tr(
                "Whose tokenizer to use: OpenAI's tiktoken encodings (offline), or a GGUF model's own "
                "vocabulary, read without loading its weights."
            )
        )
        self.examples.setToolTip(self.tr("Replace the text with an example (Ctrl+Z brings your text back)."))
        self.examples.setItemText(0, self.tr("Choose an example…"))
        for row in range(1, self.examples.count()):
            key = str(self.examples.itemData(row))
            self.examples.setItemText(row, QCoreApplication.translate(EXAMPLES_CONTEXT, key))
        self.examples.view().setMinimumWidth(self.examples.view().sizeHintForColumn(0) + 24)
        self.special.setText(self.tr("<|…|> as special tokens"))
        self.special.setToolTip(
            self.tr(
                "Off: a marker such as <|endoftext|> typed in the text is tokenized as ordinary text. "
                "On: it becomes the single special token the model uses to mark boundaries."
            )
        )
        self.input.setPlaceholderText(self.tr("Type or paste text to see it as tokens…"))
        titles = (
            self.tr("Spans"),
            self.tr("Ids"),
            self.tr("Decode"),
            self.tr("Compare"),
            self.tr("Training samples"),
        )
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
        self.copy_ids_btn.setText(self.tr("Copy ids"))
        self.to_decode_btn.setText(self.tr("Decode these ids"))
        self.decode_intro.setText(
            self.tr("Paste token ids (for example [15339, 1917]) to turn them back into text with the encoding above:")
        )
        self.decode_btn.setText(self.tr("Decode"))
        self.decode_output.setPlaceholderText(self.tr("The decoded text appears here."))
        self.compare_table.setHorizontalHeaderLabels(
            (
                self.tr("Encoding"),
                self.tr("Tokens"),
                self.tr("Characters / token"),
                self.tr("Words / token"),
                self.tr("Vocabulary"),
            )
        )
        self.compare_note.setText(
            self.tr(
                "Rule of thumb: English text averages about {words} words per token. "
                "Fewer characters per token means the same text costs more tokens: more money, more time, "
                "and less of it fits in the model's context."
            ).format(words=WORDS_PER_TOKEN_RULE)
        )
        self.samples_table.setHorizontalHeaderLabels(
            (self.tr("Context (what the model reads)"), self.tr("Next token (label)"), self.tr("Id"))
        )
        self.masked_explain.setText(translate_message(message(M.EXPLANATION)))
        self.seed_label.setText(self.tr("Seed"))
        self.mask_seed.setToolTip(self.tr("The same seed always masks the same tokens the same way."))
        self.mask_again.setText(self.tr("Mask again"))
        self.mask_again.setToolTip(self.tr("Another sample of the same sentence (the next seed)."))
        self.masked_table.setHorizontalHeaderLabels(
            (self.tr("The model sees"), self.tr("It must predict (label)"), self.tr("Why"))
        )
        if not self.hover_info.text() or self.hover_info.text() in self._hover_helps:
            self.hover_info.setText(self._hover_help())

    def _hover_help(self) -> str:
        text = self.tr(HOVER_HELP)
        self._hover_helps.add(text)  # the help in every language shown so far: a switch replaces it
        return text

    def _on_language_change(self) -> None:
        """Static texts, then everything drawn from a result, again in the new language."""
        self.retranslate()
        self._on_catalog(self.catalog_service.catalog)
        if self.result is not None:
            self._show_summary(self.result)
            self._dirty.update(("Spans", "Ids", "Training samples"))
        self._fill_compare()
        self._refresh_current_tab()
        self.chart.update()

    def _build_spans_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.token_view = TokenView()
        self.token_view.tokenHovered.connect(self._on_hovered)
        layout.addWidget(self.token_view, 1)
        self.hover_info = QLabel("")
        self.hover_info.setTextFormat(Qt.TextFormat.RichText)
        self.hover_info.setWordWrap(True)
        layout.addWidget(self.hover_info)
        return page

    def _build_ids_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.ids_view = QPlainTextEdit()
        self.ids_view.setReadOnly(True)
        self.ids_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.ids_view, 1)
        row = QHBoxLayout()
        self.ids_note = QLabel("")
        row.addWidget(self.ids_note, 1)
        self.copy_ids_btn = QPushButton()
        self.copy_ids_btn.clicked.connect(self.copy_ids)
        row.addWidget(self.copy_ids_btn)
        self.to_decode_btn = QPushButton()
        self.to_decode_btn.clicked.connect(self._ids_to_decode)
        row.addWidget(self.to_decode_btn)
        layout.addLayout(row)
        return page

    def _build_decode_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.decode_intro = QLabel()
        self.decode_intro.setWordWrap(True)
        layout.addWidget(self.decode_intro)
        self.decode_input = QPlainTextEdit()
        self.decode_input.setPlaceholderText("15339, 1917")
        self.decode_input.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.decode_input.setMaximumHeight(110)
        layout.addWidget(self.decode_input)
        row = QHBoxLayout()
        self.decode_btn = QPushButton()
        self.decode_btn.clicked.connect(self.decode_now)
        row.addWidget(self.decode_btn)
        self.decode_status = QLabel("")
        self.decode_status.setWordWrap(True)
        row.addWidget(self.decode_status, 1)
        layout.addLayout(row)
        self.decode_output = QPlainTextEdit()
        self.decode_output.setReadOnly(True)
        layout.addWidget(self.decode_output, 1)
        return page

    def _build_compare_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.compare_table = QTableWidget(0, len(COMPARE_COLUMNS))
        self.compare_table.verticalHeader().setVisible(False)
        self.compare_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.compare_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, len(COMPARE_COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.compare_table, 1)
        self.chart = BarChart()
        layout.addWidget(self.chart)
        self.compare_note = QLabel()
        self.compare_note.setWordWrap(True)
        layout.addWidget(self.compare_note)
        return page

    def _build_samples_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.samples_intro = QLabel("")
        self.samples_intro.setWordWrap(True)
        self.samples_intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.samples_intro)
        self.samples_table = QTableWidget(0, 3)
        self.samples_table.verticalHeader().setVisible(True)
        self.samples_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.samples_table.setTextElideMode(Qt.TextElideMode.ElideLeft)
        self.samples_table.setWordWrap(False)
        header = self.samples_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.samples_table, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(page)
        split.addWidget(self._build_masked_side())
        split.setSizes([500, 500])
        return split

    def _build_masked_side(self) -> QWidget:
        """BERT's masked-LM recipe beside the autoregressive samples, on the same tokens."""
        page = QWidget()
        layout = QVBoxLayout(page)
        self.masked_explain = QLabel()
        self.masked_explain.setWordWrap(True)
        layout.addWidget(self.masked_explain)
        row = QHBoxLayout()
        self.seed_label = QLabel()
        row.addWidget(self.seed_label)
        self.mask_seed = QSpinBox()
        self.mask_seed.setRange(0, 999_999)
        self.mask_seed.setValue(0)
        self.mask_seed.valueChanged.connect(lambda _v: self._fill_masked())
        row.addWidget(self.mask_seed)
        self.mask_again = QPushButton()
        self.mask_again.clicked.connect(lambda: self.mask_seed.setValue((self.mask_seed.value() + 1) % 1_000_000))
        row.addWidget(self.mask_again)
        row.addStretch(1)
        layout.addLayout(row)
        self.masked_input = QLabel("")
        self.masked_input.setWordWrap(True)
        self.masked_input.setTextFormat(Qt.TextFormat.RichText)
        self.masked_input.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.masked_input)
        self.masked_table = QTableWidget(0, 3)
        self.masked_table.verticalHeader().setVisible(False)
        self.masked_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.masked_table.horizontalHeader()
        for col in range(3):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.masked_table, 1)
        return page

    # -- encodings ---------------------------------------------------------------------------------
    def current_key(self) -> str:
        key = self.encoding.currentData()
        return str(key) if key else TIKTOKEN_ENCODINGS[0]

    def encoding_keys(self) -> list[str]:
        return [str(self.encoding.itemData(i)) for i in range(self.encoding.count())]

    def set_encoding(self, key: str) -> bool:
        index = self.encoding.findData(key)
        if index < 0:
            return False
        self.encoding.setCurrentIndex(index)
        return True

    def set_remote(self, remote: RemoteService | None, refill: bool = True) -> None:
        """Offer each server model's own tokenizer (as its last check listed it) beside the others."""
        self.remote = remote
        self.service.set_remote(remote)
        if remote is not None:
            remote.serversChanged.connect(self._on_servers)
            remote.checked.connect(self._on_servers)
        if refill:
            self._on_servers()

    def _on_servers(self, *_args: object) -> None:
        self._on_catalog(self.catalog_service.catalog)

    def _on_catalog(self, catalog: Catalog) -> None:
        self._refreshing_encodings = True
        try:
            self._fill_encodings(catalog)
        finally:
            self._refreshing_encodings = False

    def _fill_encodings(self, catalog: Catalog) -> None:
        current = self.current_key() if self.encoding.count() else TIKTOKEN_ENCODINGS[0]
        if self._wanted_encoding:
            current = self._wanted_encoding
        self.service.forget_broken()
        with QSignalBlocker(self.encoding):
            self.encoding.clear()
            for name in TIKTOKEN_ENCODINGS:
                self.encoding.addItem(TIKTOKEN_LABELS[name], name)
            for info in catalog.readable():
                key = gguf_key(str(info.path))
                if info.vocab_size:
                    label = self.tr("{name} (GGUF, {count} tokens)").format(
                        name=info.name, count=f"{info.vocab_size:,}"
                    )
                else:
                    label = self.tr("{name} (GGUF)").format(name=info.name)
                self._labels[key] = info.name
                self.encoding.addItem(label, key)
                self.encoding.setItemData(self.encoding.count() - 1, str(info.path), Qt.ItemDataRole.ToolTipRole)
            for name, key in remote_choices(self.remote):
                self._labels[key] = name
                self.encoding.addItem(self.tr("{name} (server)").format(name=name), key)
                self.encoding.setItemData(
                    self.encoding.count() - 1,
                    self.tr("The server's own tokenizer, through its tokenize endpoint."),
                    Qt.ItemDataRole.ToolTipRole,
                )
            self.encoding.view().setMinimumWidth(self.encoding.view().sizeHintForColumn(0) + 24)
            index = self.encoding.findData(current)
            if index >= 0:
                self._wanted_encoding = ""
            elif self._wanted_encoding:  # not listed (yet): keep what was shown, remember the wish
                index = self.encoding.findData(self._shown_encoding)
        self.encoding.setCurrentIndex(max(index, 0))
        if self.current_key() != self._shown_encoding:
            self._on_encoding_changed()
        self.stats = {k: v for k, v in self.stats.items() if k in self.encoding_keys()}
        self._dirty.add("Compare")
        self._refresh_current_tab()

    def _label(self, key: str) -> str:
        return self._labels.get(key) or Path(gguf_path(key) or key).name

    def _on_encoding_changed(self, _index: int = -1) -> None:
        key = self.current_key()
        self._shown_encoding = key
        if not self._refreshing_encodings:  # a choice (not a list refresh falling back): keep it
            self._wanted_encoding = ""
            if self.settings is not None:
                self.settings.set(SETTING_ENCODING, key)
        if gguf_path(key) is not None:
            self.busy_label.setText(self.tr("Reading the model's vocabulary…"))
        elif parse_source_key(key) is not None:
            self.busy_label.setText(self.tr("Asking the server…"))
        self.tokenize_now()

    # -- input -------------------------------------------------------------------------------------
    def set_text(self, text: str) -> None:
        self.input.set_text(text)

    def text(self) -> str:
        return self.input.toPlainText()

    def _on_example(self, index: int) -> None:
        if index <= 0:
            return
        name = str(self.examples.itemData(index))
        if name in EXAMPLES:
            # One edit that Ctrl+Z undoes, so an example never silently replaces what was typed.
            text = EXAMPLES[name]
            self.input.prepare_for(text)
            cursor = self.input.textCursor()
            cursor.select(QTextCursor.SelectionType.Document)
            cursor.insertText(text)
            self.input.setTextCursor(cursor)
        with QSignalBlocker(self.examples):
            self.examples.setCurrentIndex(0)

    def _on_special_toggled(self, checked: bool) -> None:
        if self.settings is not None:
            self.settings.set(SETTING_SPECIAL, int(checked))
        self.stats.clear()
        self.tokenize_now()

    def _schedule(self) -> None:
        self._show_hover_help()
        self.input.relax_wrapping()
        large = self.input.document().characterCount() > LARGE_TEXT
        self._debounce.start(DEBOUNCE_LARGE_MS if large else DEBOUNCE_MS)

    def tokenize_now(self) -> None:
        """Tokenize the input now (the debounce timer calls this after a pause in typing)."""
        self._debounce.stop()
        self._show_hover_help()
        key = self.current_key()
        text = self.text()
        self.service.tokenize(key, text, self.special.isChecked(), label=self._label(key))
        self._dirty.add("Compare")
        if self.tabs.currentIndex() == TABS.index("Compare"):
            self._request_stats(text)

    # -- results -----------------------------------------------------------------------------------
    def _on_busy(self, busy: bool) -> None:
        if busy:
            self._busy_timer.start()
        else:
            self._busy_timer.stop()
            self.busy_label.setText("")

    def _on_tokenized(self, result: Tokenization) -> None:
        if result.encoding != self.current_key() or result.allow_special != self.special.isChecked():
            return
        self.result = result
        self.error.setVisible(False)
        self._show_summary(result)
        self._dirty.update(("Spans", "Ids", "Training samples"))
        self._refresh_current_tab()

    def _show_summary(self, r: Tokenization) -> None:
        s = r.stats()
        if s.words:
            per_word = self.tr("{count} words per token").format(count=f"{s.words_per_token:.2f}")
        else:
            per_word = self.tr("no words")
        remote = bool(r.extra.get("remote"))
        if remote:
            vocab = self.tr("vocabulary size not given by the server")
        else:
            vocab = self.tr("vocabulary {size}").format(size=f"{s.vocab_size:,}")
        self.summary.setText(
            self.tr(
                "<b>{tokens} tokens</b> &nbsp;·&nbsp; {chars} characters &nbsp;·&nbsp; "
                "{per_token} characters per token &nbsp;·&nbsp; {per_word} &nbsp;·&nbsp; "
                "{vocab} &nbsp;·&nbsp; {label}"
            ).format(
                tokens=f"{s.tokens:,}",
                chars=f"{s.chars:,}",
                per_token=f"{s.chars_per_token:.2f}",
                per_word=per_word,
                vocab=vocab,
                label=html.escape(r.label),
            )
        )
        notes: list[str] = []
        if r.truncated:
            notes.append(
                self.tr(
                    "This text has {chars} characters: the spans and ids show only its first "
                    "{shown} characters ({tokens} tokens). The counts are for all of it."
                ).format(chars=f"{len(r.text):,}", shown=f"{r.shown_chars:,}", tokens=f"{len(r.spans):,}")
            )
        if remote and not r.extra.get("pieces_known"):
            notes.append(
                self.tr(
                    "The server gave the token ids but not each token's text (too many different tokens to "
                    "ask for one by one), so the spans cannot be placed; the ids and counts are exact."
                )
            )
        elif not r.aligned:
            notes.append(self.tr("This tokenizer changes the text it reads (normalization), so spans are approximate."))
        if self.draft_path is not None and len(r.text) > DRAFT_LIMIT:
            notes.append(
                self.tr("Only the first {limit} characters of this text are kept for next time.").format(
                    limit=f"{DRAFT_LIMIT:,}"
                )
            )
        self.notice.setText(" ".join(notes))
        self.notice.setVisible(bool(notes))

    def _on_failed(self, kind: str, key: str, message: str, _details: str) -> None:
        if kind == "tokenize":
            if key == self.current_key():
                self.error.setText(message)
                self.error.setVisible(True)
                self.busy_label.setText("")
        elif kind == "stats":
            self._stats_errors[key] = message
            self._fill_compare()
        else:
            self.decode_status.setText(f"<span style='{ERROR_STYLE}'>{html.escape(message)}</span>")
            self.decode_output.clear()

    def _refresh_current_tab(self) -> None:
        name = TABS[self.tabs.currentIndex()]
        if name == "Compare" and "Compare" in self._dirty:
            self._dirty.discard("Compare")
            self._request_stats(self.text())
            return
        if name not in self._dirty or self.result is None:
            return
        self._dirty.discard(name)
        if name == "Spans":
            self.token_view.set_spans(self.result.spans)
        elif name == "Ids":
            self._fill_ids()
        elif name == "Training samples":
            self._fill_samples()

    def _on_hovered(self, index: int) -> None:
        spans = self.token_view.spans()
        if 0 <= index < len(spans):
            self.hover_info.setText(describe_span(index, spans[index]).replace("<br>", " &nbsp;·&nbsp; "))

    def _show_hover_help(self) -> None:
        """The text or encoding changed: a token's details from before no longer apply."""
        help_text = self._hover_help()
        if self.hover_info.text() != help_text:
            self.hover_info.setText(help_text)

    # -- ids and decode ----------------------------------------------------------------------------
    def ids_text(self) -> str:
        return "[" + ", ".join(str(i) for i in self.result.ids) + "]" if self.result else "[]"

    def _fill_ids(self) -> None:
        r = self.result
        assert r is not None
        self.ids_view.setPlainText(self.ids_text())
        shown = f"{len(r.spans):,}"
        if r.truncated:
            note = self.tr("{shown} ids (of {total}; the text is shown in part).").format(
                shown=shown, total=f"{r.total_tokens:,}"
            )
        else:
            note = self.tr("{shown} ids.").format(shown=shown)
        self.ids_note.setText(note)

    def copy_ids(self) -> None:
        QGuiApplication.clipboard().setText(self.ids_text())
        self.ids_note.setText(self.tr("Copied."))

    def _ids_to_decode(self) -> None:
        self.decode_input.setPlainText(self.ids_text())
        self.tabs.setCurrentIndex(TABS.index("Decode"))
        self.decode_now()

    def decode_now(self) -> None:
        key = self.current_key()
        self.decode_status.setText(self.tr("Decoding…"))
        self.service.decode(key, self.decode_input.toPlainText(), label=self._label(key))

    def _on_decoded(self, key: str, text: str, n_ids: int) -> None:
        self.decode_output.setPlainText(text)
        self.decode_status.setText(
            self.tr("{ids} ids → {chars} characters with {name}.").format(
                ids=f"{n_ids:,}", chars=f"{len(text):,}", name=self._label(key)
            )
        )

    # -- compare -----------------------------------------------------------------------------------
    def compare_keys(self) -> list[str]:
        """The encodings in the Compare tab: every one but the servers' (a count there would ask each
        server at every pause in typing)."""
        return [k for k in self.encoding_keys() if parse_source_key(k) is None]

    def _request_stats(self, text: str) -> None:
        self._stats_errors.clear()
        for key in self.compare_keys():
            self.service.stats(key, text, self.special.isChecked(), label=self._label(key))
        self._fill_compare()

    def _on_stats(self, stats: TokenStats) -> None:
        self.stats[stats.encoding] = stats
        self._stats_errors.pop(stats.encoding, None)
        self._fill_compare()

    def _fill_compare(self) -> None:
        keys = self.compare_keys()
        self.compare_table.setRowCount(len(keys))
        bars: list[tuple[str, int | None]] = []
        for row, key in enumerate(keys):
            s = self.stats.get(key)
            error = self._stats_errors.get(key)
            name = TIKTOKEN_LABELS.get(key) or self.tr("{name} (GGUF)").format(name=self._label(key))
            if s is not None:
                cells = [name, f"{s.tokens:,}", f"{s.chars_per_token:.2f}", f"{s.words_per_token:.2f}"]
                cells.append(f"{s.vocab_size:,}")
            else:
                cells = [name, self.tr("cannot read") if error else "…", "", "", ""]
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if col:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if error:
                    item.setToolTip(error)
                    item.setForeground(QColor("#c0392b"))
                self.compare_table.setItem(row, col, item)
            if not error:
                bars.append((name, s.tokens if s is not None else None))
        self.chart.set_bars(bars)

    # -- training samples --------------------------------------------------------------------------
    def _fill_samples(self) -> None:
        r = self.result
        assert r is not None
        samples = training_samples(r, MAX_SAMPLES)
        bos = html.escape(r.bos.text) if r.bos else "&lt;BOS&gt;"
        eos = html.escape(r.eos.text) if r.eos else "&lt;EOS&gt;"
        intro = self.tr(
            "Self-supervision: a text labels itself. Every token becomes the answer to “what comes next?” "
            "given all the tokens before it, from <b>{bos}</b> (start) to <b>{eos}</b> (end) in "
            "{name}: one training sample per token, the last one predicting the end, "
            "and no label written by hand."
        ).format(bos=bos, eos=eos, name=html.escape(r.label))
        if len(r.spans) >= MAX_SAMPLES:
            intro += " " + self.tr("Only the first {count} are listed.").format(count=MAX_SAMPLES)
        self.samples_intro.setText(intro)
        table = self.samples_table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(samples))
        for row, sample in enumerate(samples):
            context = sample.context_text().translate(_FLAT)
            target = _token_label(sample.target)
            items = [
                QTableWidgetItem(context),
                QTableWidgetItem(f"“{target}”"),
                QTableWidgetItem(str(sample.target.id)),
            ]
            items[0].setToolTip(" | ".join(_token_label(t) for t in sample.context[-40:]))
            items[1].setBackground(QColor(PALETTE[row % len(PALETTE)]))
            items[1].setForeground(QColor("#1B1B1B"))
            for col, item in enumerate(items):
                table.setItem(row, col, item)
        table.setUpdatesEnabled(True)
        self._fill_masked()

    def masked_sample(self) -> M.MaskedSample | None:
        """The masked-LM sample of the current text's tokens (the first MAX_SAMPLES) at the chosen seed."""
        r = self.result
        if r is None:
            return None
        spans = [sp for sp in r.spans if not sp.added][:MAX_SAMPLES]
        protected = {sp.id for sp in spans if sp.special}
        for special in (r.bos, r.eos):
            if special is not None:
                protected.add(special.id)
        return M.mask_tokens([sp.id for sp in spans], max(r.vocab_size, 1), self.mask_seed.value(), protected)

    def _token_text(self, token_id: int) -> str:
        """A random replacement's text: tiktoken decodes at once; a GGUF vocabulary shows the id."""
        r = self.result
        if r is not None and r.encoding in TIKTOKEN_ENCODINGS:
            try:
                return tiktoken_decode_bytes(r.encoding, [token_id])[0].decode("utf-8", errors="replace")
            except TokenizerError:  # an id in a gap of the vocabulary
                pass
        return f"#{token_id}"

    def _fill_masked(self) -> None:
        r = self.result
        sample = self.masked_sample()
        if r is None or sample is None:
            return
        spans = [sp for sp in r.spans if not sp.added][:MAX_SAMPLES]
        chosen = {p.index: p for p in sample.positions}
        parts: list[str] = []
        for i, sp in enumerate(spans):
            label = html.escape(_token_label(sp).translate(_FLAT))
            p = chosen.get(i)
            if p is None:
                parts.append(label)
            elif p.action == M.MASK:
                parts.append("<b style='background:#1B1B1B;color:#FFFFFF'>[MASK]</b>")
            elif p.action == M.RANDOM:
                shown = html.escape(self._token_text(int(p.shown or 0)).translate(_FLAT))
                parts.append(f"<span style='background:#F5B041;color:#1B1B1B'>{shown}</span>")
            else:
                parts.append(f"<u style='background:#A9DFBF;color:#1B1B1B'>{label}</u>")
        counts = sample.counts()
        head = self.tr(
            "<b>Masked-LM input</b> (seed {seed}): {chosen} of {tokens} tokens chosen (15%): {masked} masked, "
            "{random} random {random_swatch}, {kept} unchanged {kept_swatch}"
        ).format(
            seed=sample.seed,
            chosen=len(sample.positions),
            tokens=len(spans),
            masked=counts[M.MASK],
            random=counts[M.RANDOM],
            kept=counts[M.KEEP],
            random_swatch="<span style='background:#F5B041;color:#1B1B1B'>&nbsp;</span>",
            kept_swatch="<span style='background:#A9DFBF;color:#1B1B1B'>&nbsp;</span>",
        )
        self.masked_input.setText(head + "<br>" + "".join(parts))
        why = {
            M.MASK: self.tr("masked (80% of the chosen)"),
            M.RANDOM: self.tr("a random token (10%)"),
            M.KEEP: self.tr("left unchanged (10%)"),
        }
        table = self.masked_table
        table.setRowCount(len(sample.positions))
        for row, p in enumerate(sample.positions):
            seen = "[MASK]" if p.shown is None else self._token_text(p.shown) if p.action == M.RANDOM else None
            if seen is None:
                seen = _token_label(spans[p.index])
            items = [
                QTableWidgetItem(self.tr("position {n}: “{token}”").format(n=p.index + 1, token=seen.translate(_FLAT))),
                QTableWidgetItem(f"“{_token_label(spans[p.index]).translate(_FLAT)}” ({p.original})"),
                QTableWidgetItem(why[p.action]),
            ]
            for col, item in enumerate(items):
                table.setItem(row, col, item)

    # -- lifecycle ---------------------------------------------------------------------------------
    def _read_draft(self) -> str | None:
        """The text kept from the last session, or None when there is none to restore."""
        if self.draft_path is None:
            return None
        try:
            with self.draft_path.open(encoding="utf-8", errors="replace", newline="") as f:
                return f.read(DRAFT_LIMIT)
        except OSError:  # no draft yet, or unreadable: start with the example
            return None

    def draft_text(self) -> str:
        """What the draft keeps of the text: all of it, up to DRAFT_LIMIT characters."""
        return self.text()[:DRAFT_LIMIT]

    def save_draft(self) -> bool:
        """Write the text to the draft file (atomically: a crash mid-write keeps the old draft).
        Returns False when it could not be written."""
        self._draft_timer.stop()
        if self.draft_path is None:
            return True
        text = self.draft_text()
        if text == self._draft_saved:
            return True
        try:
            atomic_write_text(self.draft_path, text, errors="replace")
        except OSError as exc:  # a read-only home, a full disk: said once, no temporary file left
            if self.settings is not None:
                self.settings.report_unsaved(self.tr("The Tokenizer's text"), self.draft_path, exc)
            return False
        self._draft_saved = text
        return True

    def shutdown(self) -> None:
        """Keep the draft; stop the timers, the tokenizer's worker thread and its model host process."""
        self.save_draft()
        if self.settings is not None:
            self.settings.set(SETTING_ENCODING, self._wanted_encoding or self.current_key())
            self.settings.set(SETTING_SPECIAL, int(self.special.isChecked()))
        self._debounce.stop()
        self._busy_timer.stop()
        self.service.shutdown()
