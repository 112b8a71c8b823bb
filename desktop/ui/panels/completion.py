"""Completion panel: a language model as a completion machine, streamed token by token, each token
tinted by its probability, with speed figures, presets and a saved history."""

from __future__ import annotations

import contextlib
import copy
import html
import json
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeySequence, QMouseEvent, QShortcut, QTextCursor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from desktop.core.atomic import atomic_write_text
from desktop.core.catalog import Catalog
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.core.metrics import latencies
from desktop.core.paths import data_dir
from desktop.core.store import RunSummary, to_markdown
from desktop.core.teaching import sampling as S
from desktop.i18n import format_int
from desktop.resources import default_model_path
from desktop.services.catalog_service import CatalogService
from desktop.services.history_service import HistoryService, SavedRun
from desktop.services.model_service import ModelService
from desktop.services.remote_service import RemoteService
from desktop.services.remote_source import RemoteModelSource, parse_source_key, remote_choices
from desktop.services.settings import Settings
from desktop.services.teaching_service import TeachingService
from desktop.ui.language import on_language_change
from desktop.ui.panels.completion_teaching import (
    FillBlankView,
    SamplingPathView,
    ScoreTextView,
    decode_step,
)
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.charts import AlternativesBars, LatencyChart
from desktop.ui.widgets.fit_scroll import FitScrollArea
from desktop.ui.widgets.token_text import TokenTextView

# Visible texts of this module are translated in the context "CompletionPanel": module-level ones are
# marked with QT_TRANSLATE_NOOP and translated where shown (``_t``). lupdate needs the context as a
# literal in each call, so it is written out, not CONTEXT.
CONTEXT = "CompletionPanel"


def _t(text: str) -> str:
    """``text`` (marked with QT_TRANSLATE_NOOP under CONTEXT) in the installed language."""
    return QCoreApplication.translate(CONTEXT, text)


# Presets that teach: (name, mode, text, settings overrides). The English name is the key (kept in the
# combo's item data); the combo shows its translation. The prompts stay as they are.
PRESETS: list[tuple[str, str, str, dict[str, Any]]] = [
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "To be or not to be"),
        "completion",
        "To be or not to be",
        {"max_tokens": 40},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Translation as completion"),
        "completion",
        "How are you in French is",
        {"max_tokens": 20},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Spam classifier as completion"),
        "completion",
        "Email: Win a FREE iPhone now!!! Click here to claim your prize\nLabel: spam\n\n"
        "Email: The meeting moved to 3pm, agenda attached\nLabel: not spam\n\n"
        "Email: Congratulations, you were selected for a cash reward, send your bank details\nLabel:",
        {"max_tokens": 3, "temperature": 0.0, "stop": "\\n"},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Few-shot translation"),
        "completion",
        "English: cheese\nFrench: fromage\n\nEnglish: house\nFrench: maison\n\nEnglish: thank you\nFrench:",
        {"max_tokens": 10, "temperature": 0.0, "stop": "\\n"},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Chain of thought"),
        "chat",
        "What is 15% of 80? Think step by step.",
        {"max_tokens": 160, "temperature": 0.2},
    ),
    # Korean: SmolLM2 was trained on English (its prompt here is 98 tokens, and it answers "Friday");
    # Gemma 3 270M base reads Korean (32 tokens) and answers "Today is the best weather today".
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Korean to English: translation as completion"),
        "completion",
        "한국어: 감사합니다\nEnglish: Thank you\n\n한국어: 안녕하세요\nEnglish: Hello\n\n"
        "한국어: 오늘 날씨가 정말 좋아요\nEnglish:",
        {"max_tokens": 16, "temperature": 0.0, "stop": "\\n"},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Korean review sentiment (few-shot)"),
        "completion",
        "리뷰: 음식이 정말 맛있고 직원들도 친절했어요.\n감정: 긍정\n\n"
        "리뷰: 배달이 한 시간이나 늦었고 음식이 다 식었어요.\n감정: 부정\n\n"
        "리뷰: 가격도 저렴하고 양도 많아서 또 올 거예요.\n감정:",
        {"max_tokens": 4, "temperature": 0.0, "stop": "\\n"},
    ),
    (
        QT_TRANSLATE_NOOP("CompletionPanel", "Chain of thought in Korean"),
        "chat",
        "사과가 12개 있었어요. 5개를 먹고 친구에게 3개를 더 받았어요. 지금 사과는 몇 개일까요? 단계별로 생각해 보세요.",
        {"max_tokens": 200, "temperature": 0.2},
    ),
]

CHAT_FORMATS: list[tuple[str, str]] = [
    (QT_TRANSLATE_NOOP("CompletionPanel", "The model's own chat template"), "template"),
    ("ChatML (<|im_start|>…)", "chatml"),
    ("Llama 2 ([INST] …)", "llama-2"),
    ("Gemma (<start_of_turn>…)", "gemma"),
    (QT_TRANSLATE_NOOP("CompletionPanel", "Plain (User: / Assistant:)"), "plain"),
]

SAMPLING_HELP: dict[str, str] = {
    "temperature": QT_TRANSLATE_NOOP(
        "CompletionPanel",
        "Divides the scores before sampling. 0 always takes the most likely token (greedy: the same "
        "text every time); higher values make unlikely tokens more likely.",
    ),
    "top_k": QT_TRANSLATE_NOOP("CompletionPanel", "Sample only among the k most likely tokens. 0 turns it off."),
    "top_p": QT_TRANSLATE_NOOP(
        "CompletionPanel",
        "Sample only among the most likely tokens whose probabilities add up to p (nucleus sampling).",
    ),
    "min_p": QT_TRANSLATE_NOOP("CompletionPanel", "Drop tokens less likely than min_p times the most likely one."),
    "repeat_penalty": QT_TRANSLATE_NOOP(
        "CompletionPanel", "Makes tokens that appeared recently less likely. 1.0 turns it off."
    ),
    "seed": QT_TRANSLATE_NOOP(
        "CompletionPanel",
        "The random seed. The same seed and settings give the same text. Random picks a new one each run.",
    ),
    "max_tokens": QT_TRANSLATE_NOOP("CompletionPanel", "Stop after this many generated tokens."),
    "stop": QT_TRANSLATE_NOOP(
        "CompletionPanel", "Stop when the text contains one of these, separated by commas. Write \\n for a new line."
    ),
}


def compare_figures_text(m: dict[str, Any]) -> str:
    parts = []
    if isinstance(m.get("ttft_s"), (int, float)):
        parts.append(
            QCoreApplication.translate("CompletionPanel", "Time to first token {ms} ms").format(
                ms=f"{m['ttft_s'] * 1000:.0f}"
            )
        )
    if isinstance(m.get("gen_tps"), (int, float)):
        parts.append(f"{m['gen_tps']:.1f} tok/s")
    if m:
        n = int(m.get("n_generated", 0) or 0)
        parts.append(QCoreApplication.translate("CompletionPanel", "%n token(s)", "", n))
    if m.get("includes_network"):
        parts.append(QCoreApplication.translate("CompletionPanel", "including network time"))
    return " · ".join(parts)


# The sampling settings' names as the server capabilities name them, and the Sampling tab's labels.
SAMPLING_LABELS: dict[str, str] = {
    "temperature": QT_TRANSLATE_NOOP("CompletionPanel", "Temperature"),
    "top_k": "Top-k",
    "top_p": "Top-p",
    "min_p": "Min-p",
    "repeat_penalty": QT_TRANSLATE_NOOP("CompletionPanel", "Repeat penalty"),
    "seed": QT_TRANSLATE_NOOP("CompletionPanel", "Seed"),
    "stop": QT_TRANSLATE_NOOP("CompletionPanel", "Stop strings"),
}


class RunTokenView(TokenTextView):
    """A token view where a token without a probability (a server that returned none) is shown plain,
    not tinted as if its probability were 0, and its tooltip says why."""

    def append_token(self, token: dict[str, Any]) -> None:
        if token.get("p") is not None or not self.show_probabilities:
            super().append_token(token)
            return
        self.show_probabilities = False
        try:
            super().append_token(token)
        finally:
            self.show_probabilities = True

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self.token_at(event.position().toPoint())
        if i is not None and self.tokens[i].get("p") is None:
            text = html.escape(repr(self.tokens[i].get("text", ""))[1:-1])
            QToolTip.showText(
                event.globalPosition().toPoint(),
                self.tr("<b>{token}</b>: the server returned no probability for this token.").format(token=text),
                self,
            )
            QTextBrowser.mouseMoveEvent(self, event)  # the base view's hover would say "p = 0%"
            return
        super().mouseMoveEvent(event)


STOP_REASONS: dict[str, str] = {
    "eos": QT_TRANSLATE_NOOP("CompletionPanel", "the model ended its text"),
    "length": QT_TRANSLATE_NOOP("CompletionPanel", "reached max tokens"),
    "stop": QT_TRANSLATE_NOOP("CompletionPanel", "met a stop string"),
    "cancelled": QT_TRANSLATE_NOOP("CompletionPanel", "stopped by you"),
    "closed": QT_TRANSLATE_NOOP("CompletionPanel", "the app was closed during the run"),
    "error": QT_TRANSLATE_NOOP("CompletionPanel", "an error broke the run"),
}


def stop_reason_text(reason: str) -> str:
    return _t(STOP_REASONS[reason]) if reason in STOP_REASONS else reason


COMPARE_HAS_TEMPLATE = Qt.ItemDataRole.UserRole + 1  # compare_model items: whether the model has a template


def parse_stops(text: str) -> list[str]:
    return [s.replace("\\n", "\n").replace("\\t", "\t") for s in text.split(",") if s.strip(" ")]


def _scrolling(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area: a tall view never makes the panel taller."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class CompletionPanel(QWidget):
    def __init__(
        self,
        models: ModelService,
        settings: Settings,
        history: HistoryService | None = None,
        catalog: CatalogService | None = None,
        parent: QWidget | None = None,
        remote: RemoteService | None = None,
    ) -> None:
        super().__init__(parent)
        self.models = models
        self.catalog = catalog
        self.remote: RemoteService | None = None  # servers, once set_remote gives them
        self._sources: dict[str, RemoteModelSource] = {}  # "remote:<server>/<model>" -> its source
        self._run_source: ModelService | RemoteModelSource | None = None  # what runs the current run
        self.compare_source: RemoteModelSource | None = None  # the comparison, when it is a server model
        self._catalog_models: list[tuple[str, str, bool]] = []  # local models for Compare: label, path, template
        self.compare_models: ModelService | None = None
        self.compare_rid: int | None = None
        self._compare_params: dict[str, Any] | None = None
        self._comparing = False  # the second model is loading or generating for the current run
        self._prefix = ""  # what each view shows before its tokens, to redraw them
        self._compare_prefix = ""
        self.settings = settings
        self.history = history or HistoryService(parent=self)
        self._owns_history = history is None
        self.messages: list[dict[str, str]] = []
        self.rid: int | None = None
        self.run: dict[str, Any] | None = None
        self._saved: SavedRun | None = None  # where the current run went in the history, once saved
        self._draft_path = data_dir() / "drafts" / "completion.txt"
        self.teaching = TeachingService(models, self)  # fill the blank, score a text, a step's logits
        self._step_rid: int | None = None
        self.compare_teaching: TeachingService | None = None  # score a text on the Compare model
        self._score_second_pending = False
        self._step_index = -1
        self._step_wanted: int | None = None
        self._build()
        self._wire()
        self._restore_draft()
        if remote is not None:
            self.set_remote(remote)
        self._on_model_state(models.state)

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
        bar = QHBoxLayout()
        # Texts are set in retranslate(); combos keep their keys in item data.
        self.mode = QComboBox()
        self.mode.addItem("", "completion")
        self.mode.addItem("", "chat")
        self.preset = QComboBox()
        self.preset.addItem("")
        for name, *_ in PRESETS:
            self.preset.addItem("", str(name))
        self.chat_format = QComboBox()
        for label, key in CHAT_FORMATS:
            self.chat_format.addItem(label, key)
        self.compare = QCheckBox()
        self.compare_model = QComboBox()
        for combo, chars in ((self.preset, 12), (self.chat_format, 14), (self.compare_model, 18)):
            # Long names elide instead of widening the panel beyond a 1024-pixel window.
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(chars)
        self.generate_btn = QPushButton()
        self.stop_btn = QPushButton()
        self.load_default_btn = QPushButton()
        self.mode_label = QLabel()
        for w in (self.mode_label, self.mode, self.preset, self.chat_format):
            bar.addWidget(w)
        bar.addStretch(1)
        for b in (self.load_default_btn, self.generate_btn, self.stop_btn):
            bar.addWidget(b)
        root.addLayout(bar)
        second = QHBoxLayout()  # two rows: one would need a window wider than 1024 pixels
        self.model_note = QLabel("")
        self.model_note.setWordWrap(True)
        self.source_label = QLabel()
        self.source_pick = QComboBox()
        self.source_pick.addItem("", "")
        self.source_pick.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source_pick.setMinimumContentsLength(16)
        for w in (self.source_label, self.source_pick):
            w.setVisible(False)  # shown once the app has servers
            second.addWidget(w)
        second.addWidget(self.compare)
        second.addWidget(self.compare_model)
        second.addWidget(self.model_note, 1)
        root.addLayout(second)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QSplitter(Qt.Orientation.Vertical)
        input_box = QWidget()
        input_layout = QVBoxLayout(input_box)
        input_layout.setContentsMargins(0, 0, 0, 0)
        self.system = QLineEdit()
        self.prompt = QPlainTextEdit()
        self.clear_chat_btn = QPushButton()
        input_layout.addWidget(self.system)
        input_layout.addWidget(self.prompt, 1)
        input_layout.addWidget(self.clear_chat_btn, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(input_box)
        self.output = RunTokenView()
        outputs = QSplitter(Qt.Orientation.Horizontal)
        outputs.addWidget(self.output)
        self.compare_box = QWidget()
        compare_layout = QVBoxLayout(self.compare_box)
        compare_layout.setContentsMargins(0, 0, 0, 0)
        self.compare_title = QLabel("")
        self.compare_title.setWordWrap(True)
        self.compare_output = RunTokenView()
        self.compare_figures = QLabel("")
        self.compare_figures.setWordWrap(True)
        compare_layout.addWidget(self.compare_title)
        compare_layout.addWidget(self.compare_output, 1)
        compare_layout.addWidget(self.compare_figures)
        self.compare_box.setVisible(False)
        outputs.addWidget(self.compare_box)
        left.addWidget(outputs)
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 2)
        split.addWidget(left)

        tabs = QTabWidget()
        self.sampling_tab = tabs.addTab(self._build_settings(), "")
        token_page = QWidget()
        token_layout = QVBoxLayout(token_page)
        self.alternatives = AlternativesBars()
        self.show_probs = QCheckBox()
        self.show_probs.setChecked(True)
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        token_layout.addWidget(self.show_probs)
        token_layout.addWidget(self.legend)
        token_layout.addWidget(self.alternatives)
        self.sampling_path = SamplingPathView()
        token_layout.addWidget(_scrolling(self.sampling_path), 1)
        self.token_tab = tabs.addTab(token_page, "")
        self.speed_tab = tabs.addTab(self._build_speed(), "")
        self.history_tab = tabs.addTab(self._build_history(), "")
        self.fill_blank = FillBlankView(self.teaching)
        self.fill_tab = tabs.addTab(_scrolling(self.fill_blank), "")
        self.score_text = ScoreTextView(
            self.teaching, lambda: str((self.models.model or {}).get("name", "")), second=self._score_with_compare
        )
        self.score_text.stop_btn.clicked.connect(self._stop_second_score)
        self.score_tab = tabs.addTab(_scrolling(self.score_text), "")
        self.tabs = tabs
        split.addWidget(tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        root.addWidget(split, 1)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        root.addWidget(self.status)
        self.retranslate_static()
        on_language_change(self, self.retranslate)

    def retranslate_static(self) -> None:
        """Every static text of the panel in the installed language (item data and typed text untouched)."""
        self.mode.setItemText(0, self.tr("Completion"))
        self.mode.setItemText(1, self.tr("Chat"))
        self.mode.setToolTip(self.tr("Completion continues your text. Chat sends messages through a chat format."))
        self.preset.setItemText(0, self.tr("Examples…"))
        for i, (name, *_) in enumerate(PRESETS, start=1):
            self.preset.setItemText(i, _t(name))
        self.preset.setToolTip(
            self.tr("Fill in a teaching example. Ctrl+Z in the prompt brings back what you had typed.")
        )
        for i, (label, _key) in enumerate(CHAT_FORMATS):
            self.chat_format.setItemText(i, _t(label))
        self.chat_format.setToolTip(
            self.tr(
                "How the messages become one prompt. A model without a chat template (a base model) needs a "
                "format chosen here. With Compare, a model that has its own template always uses it, and this "
                "format goes to the model without one."
            )
        )
        self.compare.setText(self.tr("Compare with"))
        self.compare.setToolTip(
            self.tr(
                "Run the same prompt on a second model, side by side. A base model next to an "
                "instruction-tuned one shows what post-training changes."
            )
        )
        self.generate_btn.setText(self.tr("Generate"))
        self.generate_btn.setToolTip(self.tr("Generate (Ctrl+Enter)"))
        self.stop_btn.setText(self.tr("Stop"))
        self.stop_btn.setToolTip(self.tr("Stop now (Esc)"))
        self.load_default_btn.setText(self.tr("Load the default model"))
        self.mode_label.setText(self.tr("Mode"))
        self.source_label.setText(self.tr("Run on"))
        self.source_pick.setItemText(0, self.tr("The local model"))
        self.source_pick.setToolTip(
            self.tr(
                "Where the first run happens: the model loaded on this machine, or a model on a server "
                "added in the Models panel."
            )
        )
        self.system.setPlaceholderText(self.tr("System message (optional, chat mode)"))
        self.clear_chat_btn.setText(self.tr("New conversation"))
        self.output.setPlaceholderText(
            self.tr("The prompt (grey) and the model's tokens, tinted by probability, appear here.")
        )
        self.tabs.setTabText(self.sampling_tab, self.tr("Sampling"))
        self.tabs.setTabText(self.token_tab, self.tr("Token"))
        self.tabs.setTabText(self.speed_tab, self.tr("Speed"))
        self.tabs.setTabText(self.history_tab, self.tr("History"))
        self.tabs.setTabText(self.fill_tab, self.tr("Fill the blank"))
        self.tabs.setTabText(self.score_tab, self.tr("Score a text"))
        self.show_probs.setText(self.tr("Tint tokens by probability"))
        self.legend.setText(
            self.tr(
                "<span style='background:#f1948a;color:#000'>&nbsp;unlikely&nbsp;</span> "
                "<span style='background:#f7dc6f;color:#000'>&nbsp;so-so&nbsp;</span> "
                "<span style='background:#82e0aa;color:#000'>&nbsp;likely&nbsp;</span> — probability from the "
                "model's own scores at that step (before sampling settings). Hover or click a token."
            )
        )
        for key, row_label in self.sampling_labels.items():
            row_label.setText(_t(SAMPLING_LABELS[key]) if key in SAMPLING_LABELS else self.tr("Max tokens"))
        for key, tip in SAMPLING_HELP.items():
            getattr(self, key).setToolTip(_t(tip))  # _apply_sampling_support adds a server's limits
        self.seed.setSpecialValueText(self.tr("Random"))
        self.stop.setPlaceholderText(self.tr("e.g. \\n, ###"))
        self.greedy_btn.setText(self.tr("Greedy (temperature 0)"))
        self.reset_btn.setText(self.tr("Defaults"))
        for key, (figure, tip) in self._figure_texts().items():
            self.figure_names[key].setText(figure)
            self.figure_names[key].setToolTip(tip)
        self.network_note.setText(
            self.tr("A run on a server: these times are measured here, so they include network time.")
        )
        self.export_md_btn.setText(self.tr("Export Markdown…"))
        self.export_json_btn.setText(self.tr("Export JSON…"))
        self.delete_btn.setText(self.tr("Delete"))

    def retranslate(self) -> None:
        """On a language change: the static texts, then the notes that depend on the state."""
        self.retranslate_static()
        self._show_network(self._network_shown)
        self._on_history_note(self.history.note)
        self._on_mode()
        self._apply_sampling_support()

    def _figure_texts(self) -> dict[str, tuple[str, str]]:
        return {
            "ttft": (
                self.tr("Time to first token"),
                self.tr("From Generate to the first token: includes reading the prompt."),
            ),
            "tpot": (
                self.tr("Time per output token"),
                self.tr("Average time between generated tokens after the first."),
            ),
            "gen_tps": (self.tr("Generation speed"), self.tr("Generated tokens per second.")),
            "prompt_tps": (self.tr("Prompt speed"), self.tr("Prompt tokens read per second.")),
            "n_prompt": (self.tr("Prompt tokens"), self.tr("How many tokens the prompt became.")),
            "n_generated": (self.tr("Generated tokens"), self.tr("How many tokens the model produced.")),
        }

    def _build_settings(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        s = self.settings

        def dspin(key: str, lo: float, hi: float, step: float, default: float) -> QDoubleSpinBox:
            box = QDoubleSpinBox()
            box.setRange(lo, hi)
            box.setSingleStep(step)
            box.setDecimals(2)
            box.setValue(s.get_float(f"completion/{key}", default, lo, hi))
            return box

        def ispin(key: str, lo: int, hi: int, default: int) -> QSpinBox:
            box = QSpinBox()
            box.setRange(lo, hi)
            box.setValue(s.get_int(f"completion/{key}", default))
            return box

        self.temperature = dspin("temperature", 0.0, 2.0, 0.1, 0.8)
        self.top_k = ispin("top_k", 0, 1000, 40)
        self.top_p = dspin("top_p", 0.0, 1.0, 0.05, 0.95)
        self.min_p = dspin("min_p", 0.0, 1.0, 0.01, 0.05)
        self.repeat_penalty = dspin("repeat_penalty", 0.5, 2.0, 0.05, 1.1)
        self.seed = ispin("seed", -1, 2**31 - 1, -1)
        self.max_tokens = ispin("max_tokens", 1, 8192, 128)
        self.stop = QLineEdit(s.get_str("completion/stop", ""))
        self.sampling_labels: dict[str, QLabel] = {}
        for key in ("temperature", "top_k", "top_p", "min_p", "repeat_penalty", "seed", "max_tokens", "stop"):
            label = QLabel()
            self.sampling_labels[key] = label
            form.addRow(label, getattr(self, key))
        self.sampling_note = QLabel("")  # which settings the chosen server does not take
        self.sampling_note.setWordWrap(True)
        self.sampling_note.setVisible(False)
        form.addRow(self.sampling_note)
        self.greedy_btn = QPushButton()
        self.greedy_btn.clicked.connect(lambda: self.temperature.setValue(0.0))
        self.reset_btn = QPushButton()
        self.reset_btn.clicked.connect(self.reset_sampling)
        row = QHBoxLayout()
        row.addWidget(self.greedy_btn)
        row.addWidget(self.reset_btn)
        form.addRow(row)
        return page

    def _build_speed(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        grid = QGridLayout()
        self.figures: dict[str, QLabel] = {}
        self.figure_names: dict[str, QLabel] = {}
        for i, key in enumerate(("ttft", "tpot", "gen_tps", "prompt_tps", "n_prompt", "n_generated")):
            name = QLabel()
            value = QLabel("–")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.25)
            font.setBold(True)
            value.setFont(font)
            grid.addWidget(name, i, 0)
            grid.addWidget(value, i, 1)
            self.figures[key] = value
            self.figure_names[key] = name
        layout.addLayout(grid)
        self.network_note = QLabel()
        self._network_shown = False
        self.network_note.setWordWrap(True)
        self.network_note.setVisible(False)
        layout.addWidget(self.network_note)
        self.chart = LatencyChart()
        layout.addWidget(self.chart)
        layout.addStretch(1)
        return page

    def _build_history(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.history_note = QLabel("")  # why runs are not being saved, while that lasts
        self.history_note.setWordWrap(True)
        self.history_note.setTextFormat(Qt.TextFormat.PlainText)
        self.history_note.setStyleSheet("color: #c0392b")
        self.history_note.setVisible(False)
        layout.addWidget(self.history_note)
        self.history_list = QListWidget()
        layout.addWidget(self.history_list, 1)
        row = QHBoxLayout()
        self.export_md_btn = QPushButton()
        self.export_json_btn = QPushButton()
        self.delete_btn = QPushButton()
        for b in (self.export_md_btn, self.export_json_btn, self.delete_btn):
            row.addWidget(b)
        layout.addLayout(row)
        return page

    def _wire(self) -> None:
        self.generate_btn.clicked.connect(self.generate)
        self.stop_btn.clicked.connect(self.stop_generation)
        self.load_default_btn.clicked.connect(self.load_default_model)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.generate)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.generate)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.stop_generation)
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.preset.activated.connect(self.apply_preset)
        self.clear_chat_btn.clicked.connect(self.new_conversation)
        self.output.tokenClicked.connect(self.show_token)
        self.compare_output.tokenClicked.connect(lambda i: self.show_token(i, self.compare_output))
        self.compare.toggled.connect(self._on_compare_toggled)
        for changed in (
            self.compare.toggled,
            self.compare_model.currentIndexChanged,
            self.chat_format.currentIndexChanged,
        ):
            changed.connect(lambda *_: self._update_note())
        if self.catalog is not None:
            self.catalog.changed.connect(self._on_catalog)
            self._on_catalog(self.catalog.catalog)
        self.show_probs.toggled.connect(self._toggle_probs)
        self.models.token.connect(self._on_local_token)
        self.models.completed.connect(self._on_local_completed)
        self.models.requestFailed.connect(self._on_local_failed)
        self.source_pick.currentIndexChanged.connect(self._on_source_changed)
        self.source_pick.activated.connect(self._remember_source)
        self.teaching.finished.connect(self._on_step)
        self.teaching.failed.connect(self._on_step_failed)
        self.models.stateChanged.connect(self._on_model_state)
        self.models.loaded.connect(lambda _r: self._on_model_state(self.models.state))
        self.history.changed.connect(self._on_history)
        self.history.noteChanged.connect(self._on_history_note)
        self._on_history_note(self.history.note)
        self.history_list.itemActivated.connect(self._open_history_item)
        self.history_list.itemClicked.connect(self._open_history_item)
        self.export_md_btn.clicked.connect(lambda: self.export("md"))
        self.export_json_btn.clicked.connect(lambda: self.export("json"))
        self.delete_btn.clicked.connect(self._delete_history_item)
        self._figures_timer = QTimer(self)
        self._figures_timer.setSingleShot(True)
        self._figures_timer.setInterval(100)
        self._figures_timer.timeout.connect(self._refresh_live_figures)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(800)
        self._draft_timer.timeout.connect(self._save_draft)
        self.prompt.textChanged.connect(self._draft_timer.start)
        mode = self.settings.get_str("completion/mode", "completion")
        self.mode.setCurrentIndex(max(0, self.mode.findData(mode)))
        self._on_mode()

    # -- settings and drafts -----------------------------------------------------------------------
    def sampling(self) -> dict[str, Any]:
        return {
            "temperature": round(self.temperature.value(), 3),
            "top_k": self.top_k.value(),
            "top_p": round(self.top_p.value(), 3),
            "min_p": round(self.min_p.value(), 3),
            "repeat_penalty": round(self.repeat_penalty.value(), 3),
            "seed": self.seed.value(),
            "max_tokens": self.max_tokens.value(),
            "stop": parse_stops(self.stop.text()),
        }

    def _save_sampling(self) -> None:
        for key, value in self.sampling().items():
            self.settings.set(f"completion/{key}", self.stop.text() if key == "stop" else value)
        self.settings.set("completion/mode", self.mode.currentData())

    def reset_sampling(self) -> None:
        self.temperature.setValue(0.8)
        self.top_k.setValue(40)
        self.top_p.setValue(0.95)
        self.min_p.setValue(0.05)
        self.repeat_penalty.setValue(1.1)
        self.seed.setValue(-1)
        self.max_tokens.setValue(128)
        self.stop.setText("")

    def _restore_draft(self) -> None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            self.prompt.setPlainText(self._draft_path.read_text(encoding="utf-8"))

    def _save_draft(self) -> None:
        """Whatever is typed survives a crash or a restart (a file, not settings: pastes can be huge)."""
        try:
            atomic_write_text(self._draft_path, self.prompt.toPlainText(), errors="replace")
        except OSError as exc:  # a read-only home, a full disk: say so once, leave no temp file
            self.settings.report_unsaved(self.tr("The typed prompt"), self._draft_path, exc)

    # -- modes and presets -------------------------------------------------------------------------
    def _on_mode(self) -> None:
        chat = self.mode.currentData() == "chat"
        self.system.setVisible(chat)
        self.chat_format.setVisible(chat)
        self.clear_chat_btn.setVisible(chat)
        self.prompt.setPlaceholderText(
            self.tr("Your message. Ctrl+Enter sends it.")
            if chat
            else self.tr("Type a prompt; the model continues it. Ctrl+Enter generates.")
        )
        self._update_note()

    def apply_preset(self, index: int) -> None:
        if index <= 0:
            return
        name, mode, text, overrides = PRESETS[index - 1]
        had_text = bool(self.prompt.toPlainText().strip()) and self.prompt.toPlainText() != text
        self.reset_sampling()
        self.mode.setCurrentIndex(self.mode.findData(mode))
        if mode == "chat":
            self.new_conversation()
        self.replace_prompt(text)
        for key, value in overrides.items():
            if key == "stop":
                self.stop.setText(str(value))
            else:
                widget = getattr(self, key)
                widget.setValue(value)
        self.preset.setCurrentIndex(0)
        if had_text:
            text = self.tr(
                "Example “{name}” ready: press Generate. Ctrl+Z in the prompt brings back what you had typed."
            )
        else:
            text = self.tr("Example “{name}” ready: press Generate.")
        self.status.setText(text.format(name=_t(name)))

    def replace_prompt(self, text: str) -> None:
        """Put ``text`` in the prompt box as one edit that Ctrl+Z undoes (setPlainText would clear the
        undo history, and the draft on disk follows the box 0.8 s later)."""
        cursor = QTextCursor(self.prompt.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.prompt.setTextCursor(cursor)

    def new_conversation(self) -> None:
        self.messages = []
        self.output.start()
        self.status.setText(self.tr("New conversation."))

    # -- model state -------------------------------------------------------------------------------
    def _on_model_state(self, _state: str = "") -> None:
        source = self.source()
        generating = source.state == "generating" or self.models.state == "generating"
        can_generate = source.model is not None and source.state != "generating" and not self.busy()
        can_stop = generating or self.busy()
        focused = self.window().focusWidget()
        if (focused is self.generate_btn and not can_generate) or (focused is self.stop_btn and not can_stop):
            # A focused button that turns disabled hands the focus to the next widget in the tab
            # chain: in Chat mode the System message, all selected, so the next words typed replaced it.
            self.prompt.setFocus(Qt.FocusReason.OtherFocusReason)
        self.generate_btn.setEnabled(can_generate)
        self.stop_btn.setEnabled(can_stop)
        self.load_default_btn.setVisible(
            source is self.models and self.models.model is None and self.models.state != "loading"
        )
        if (
            self.rid is not None
            and self._run_source is self.models
            and self.models.state in ("idle", "ready")
            and not generating
        ):
            self.rid = None
        self._update_note()

    def _update_note(self) -> None:
        source = self.source()
        if isinstance(source, RemoteModelSource):
            self.model_note.setText(self._server_note(source))
            return
        model = self.models.model
        if model is None:
            text = (
                self.tr("Loading a model…")
                if self.models.state == "loading"
                else self.tr("No model loaded. Load one in the Models panel, or load the default model here.")
            )
        else:
            text = self.tr("Model: <b>{name}</b> (context {n_ctx})").format(
                name=html.escape(str(model.get("name", ""))), n_ctx=format_int(int(model.get("n_ctx", 0) or 0))
            )
            if self.mode.currentData() == "chat" and not model.get("has_chat_template"):
                text += self.tr(
                    " — <span style='color:#c0392b'>this model has no chat template (a base model): "
                    "choose a chat format above, or use Completion mode.</span>"
                )
            if (
                self.mode.currentData() == "chat"
                and self._will_compare()
                and self.compare_model.currentData(COMPARE_HAS_TEMPLATE) is False
            ):
                fmt = self.chat_format.currentText()
                text += (
                    self.tr(
                        " — <span style='color:#c0392b'>the second model has no chat template: choose a chat "
                        "format above for it.</span>"
                    )
                    if self.chat_format.currentData() == "template"
                    else self.tr(
                        " — the second model (no chat template) gets {format}; a model with a template uses its own."
                    ).format(format=html.escape(fmt))
                )
        self.model_note.setText(text)

    def _server_note(self, source: RemoteModelSource) -> str:
        model = source.model
        if model is None:
            return self.tr("That server was removed. Pick another model to run on.")
        name = html.escape(str(model["name"]))
        if source.logprobs() is False:
            return self.tr(
                "On a server: <b>{name}</b> — <span style='color:#b9770e'>this server returned no "
                "probabilities, so its tokens are not tinted.</span>"
            ).format(name=name)
        return self.tr("On a server: <b>{name}</b> (the server applies its own chat template).").format(name=name)

    def load_default_model(self) -> None:
        path = default_model_path()
        if path is None:
            self.status.setText(self.tr("The default model is not installed. Add a model in the Models panel."))
            return
        if not self.models.load(path, **self.settings.load_options()):
            self.status.setText(self.tr("The model is busy; stop the running request first."))

    # -- running -----------------------------------------------------------------------------------
    def request(self, truncate: bool = False) -> dict[str, Any] | None:
        text = self.prompt.toPlainText()
        params: dict[str, Any] = {**self.sampling(), "truncate": truncate}
        if self.mode.currentData() == "chat":
            if not text.strip():
                self.status.setText(self.tr("Type a message first."))
                return None
            messages = [*self.messages]
            if self.system.text().strip() and not messages:
                messages.append({"role": "system", "content": self.system.text().strip()})
            messages.append({"role": "user", "content": text})
            fmt = self.chat_format_for(self.source().model, self._will_compare())
            params.update(mode="chat", messages=messages, chat_format=fmt)
        else:
            if not text.strip():
                self.status.setText(self.tr("The prompt is empty: type something for the model to continue."))
                return None
            params.update(mode="completion", prompt=text)
        return params

    def _will_compare(self) -> bool:
        return self.compare.isChecked() and self.compare_model.count() > 0

    def chat_format_for(self, model: dict[str, Any] | None, comparing: bool) -> str:
        """The chat format a model gets. Alone, the one chosen. Beside another model, a model with its
        own chat template uses it: the choice is for the model without one (a base model), and forcing
        one model's format on the other shows its control tokens as text."""
        chosen = str(self.chat_format.currentData())
        if comparing and model is not None and model.get("has_chat_template"):
            return "template"
        return chosen

    def busy(self) -> bool:
        """A run is in progress: the first model, or the comparison that follows it."""
        return self.rid is not None or self._comparing

    def generate(self, truncate: bool = False) -> None:
        if self.busy():
            return
        source = self.source()
        model = source.model
        if model is None:
            if isinstance(source, RemoteModelSource):
                self.status.setText(self.tr("That server was removed. Pick another model to run on."))
            else:
                self.status.setText(self.tr("Load a model first (Models panel, or “Load the default model”)."))
            return
        params = self.request(truncate)
        if params is None:
            return
        self._save_sampling()
        self._save_draft()
        rid = source.complete(**params)
        if rid is None:
            self.status.setText(self.tr("The model is busy; wait for it or press Stop."))
            return
        self.rid = rid
        self._run_source = source
        self._saved = None
        settings = {k: v for k, v in params.items() if k not in ("prompt", "messages")}
        self.run = {
            "created": time.time(),
            "mode": params["mode"],
            "model": model.get("name", ""),
            "model_path": model.get("path", ""),
            "prompt": params.get("prompt", ""),
            "messages": params.get("messages", []),
            "settings": settings,
            "tokens": [],
            "output": "",
        }
        if isinstance(source, RemoteModelSource):
            # The server's name and model, never its address's key (nor its key reference).
            self.run.update(server=model["server"], server_model=model["server_model"], engine=model["engine"])
            for name in source.unsupported():
                settings.pop(name, None)  # not sent, so not part of what produced the text
            settings.pop("chat_format", None)
        self._show_network(isinstance(source, RemoteModelSource))
        self._render_start(params)
        self._compare_params = None
        if self._will_compare():
            # The second model's format is settled once it is loaded and its template is known.
            self._compare_params = {**params, "chat_format": self.chat_format.currentData()}
        self._clear_compare_view()
        if self._compare_params is not None:
            self.compare_title.setText(
                self.tr("<b>{name}</b>: waits for the first run").format(
                    name=html.escape(self.compare_model.currentText())
                )
            )
        self.chart.set_values([])
        for label in self.figures.values():
            label.setText("–")
        self.status.setText(self.tr("Reading the prompt…"))
        self._on_model_state(self.models.state)

    def _render_start(self, params: dict[str, Any], view: TokenTextView | None = None) -> None:
        view = view or self.output
        if params["mode"] == "chat":
            # The transcript names the roles in English, as the model reads them (not translated).
            lines = [f"{m['role'].capitalize()}: {m['content']}\n\n" for m in params["messages"]]
            prefix = "".join(lines) + "Assistant: "
        else:
            prefix = params["prompt"]
        view.start(prefix)
        if view is self.output:
            self._prefix = prefix
        else:
            self._compare_prefix = prefix

    def stop_generation(self) -> None:
        """Stop button and Esc: safe at any moment, any number of times."""
        self.models.cancel()
        if self.compare_models is not None:
            self.compare_models.cancel()
        if isinstance(self._run_source, RemoteModelSource):
            self._run_source.cancel()
        if self.compare_source is not None:
            self.compare_source.cancel()

    # -- where a run happens: the local model or a server model ------------------------------------
    def set_remote(self, remote: RemoteService | None) -> None:
        """Offer the servers' models (Models panel, Servers list) beside the local model."""
        self.remote = remote
        if remote is not None:
            remote.serversChanged.connect(self._fill_sources)
            remote.checked.connect(self._on_server_checked)
        self._fill_sources()

    def _on_server_checked(self, _server_id: str, _info: object) -> None:
        self._fill_sources()

    def source(self) -> ModelService | RemoteModelSource:
        """What Generate runs on: the local model service, or the chosen server model."""
        source = self._source_for(str(self.source_pick.currentData() or ""))
        return source if source is not None else self.models

    def _source_for(self, key: str) -> RemoteModelSource | None:
        if self.remote is None:
            return None
        parsed = parse_source_key(key)
        if parsed is None:
            return None
        source = self._sources.get(key)
        if source is None:
            source = RemoteModelSource(self.remote, parsed[0], parsed[1], self)
            source.token.connect(self._on_source_token)
            source.completed.connect(self._on_source_completed)
            source.requestFailed.connect(self._on_source_failed)
            source.stateChanged.connect(self._on_model_state)
            self._sources[key] = source
        return source

    def _fill_sources(self, *_args: object) -> None:
        """The source picker and Compare's list: the local model(s), then every server model that the
        servers' last checks listed. A choice that is gone falls back to the local model."""
        choices = remote_choices(self.remote)
        wanted = str(self.source_pick.currentData() or self.settings.get_str("completion/source", ""))
        self.source_pick.blockSignals(True)
        try:
            self.source_pick.clear()
            self.source_pick.addItem(self.tr("The local model"), "")
            for label, key in choices:
                self.source_pick.addItem(label, key)
            self.source_pick.setCurrentIndex(max(0, self.source_pick.findData(wanted)))
        finally:
            self.source_pick.blockSignals(False)
        shown = self.remote is not None and bool(self.remote.servers())
        self.source_label.setVisible(shown)
        self.source_pick.setVisible(shown)
        self._fill_compare_models()
        self._on_source_changed()

    def _remember_source(self, _index: int) -> None:
        """The person's choice is kept for the next start (where its server's check brings it back)."""
        self.settings.set("completion/source", str(self.source_pick.currentData() or ""))

    def _on_source_changed(self, *_args: object) -> None:
        self._apply_sampling_support()
        self._on_model_state()

    def _apply_sampling_support(self) -> None:
        """Grey the sampling settings the chosen server does not take, and say so in their tooltips."""
        source = self.source()
        missing = source.unsupported() if isinstance(source, RemoteModelSource) else []
        engine = str(((source.model or {}).get("engine") if isinstance(source, RemoteModelSource) else "") or "")
        for name in SAMPLING_LABELS:
            widget = getattr(self, name)
            widget.setEnabled(name not in missing)
            tip = _t(SAMPLING_HELP[name])
            if name in missing:
                tip = self.tr("This server does not take this setting, so it is not sent. {help}").format(help=tip)
            widget.setToolTip(tip)
        if missing:
            names = ", ".join(_t(SAMPLING_LABELS[n]) for n in missing)
            self.sampling_note.setText(
                self.tr("Greyed: this server ({engine}) does not take {names}.").format(
                    engine=engine or self.tr("unknown engine"), names=names
                )
            )
        self.sampling_note.setVisible(bool(missing))

    def _show_network(self, on: bool) -> None:
        """Label the speed figures of a server run: measured here, network time included."""
        self._network_shown = on
        self.network_note.setVisible(on)
        for key, label in (
            ("ttft", self.tr("Time to first token")),
            ("tpot", self.tr("Time per output token")),
            ("gen_tps", self.tr("Generation speed")),
        ):
            self.figure_names[key].setText(
                self.tr("{figure} (including network time)").format(figure=label) if on else label
            )

    def _on_local_token(self, rid: int, token: dict[str, Any]) -> None:
        if self._run_source is self.models:
            self._on_token(rid, token)

    def _on_local_completed(self, rid: int, result: dict[str, Any]) -> None:
        if self._run_source is self.models:
            self._on_completed(rid, result)

    def _on_local_failed(self, rid: int, kind: str, message: str, details: str) -> None:
        if self._run_source is self.models:
            self._on_failed(rid, kind, message, details)

    def _on_source_token(self, rid: int, token: dict[str, Any]) -> None:
        sender = self.sender()
        if sender is self._run_source:
            self._on_token(rid, token)
        elif sender is self.compare_source:
            self._compare_token(rid, token)

    def _on_source_completed(self, rid: int, result: dict[str, Any]) -> None:
        sender = self.sender()
        if sender is self._run_source:
            self._on_completed(rid, result)
        elif sender is self.compare_source:
            self._compare_completed(rid, result)

    def _on_source_failed(self, rid: int, kind: str, message: str, details: str) -> None:
        sender = self.sender()
        if sender is self._run_source:
            self._on_failed(rid, kind, message, details)
        elif sender is self.compare_source:
            self._compare_failed(rid, kind, message, details)

    def _on_token(self, rid: int, token: dict[str, Any]) -> None:
        if rid != self.rid or self.run is None:
            return
        if token.get("eog"):
            return
        self.run["tokens"].append({k: token[k] for k in ("token", "text", "p", "t", "alts") if k in token})
        self.output.append_token(token)
        n = len(self.run["tokens"])
        times = [t["t"] for t in self.run["tokens"][-2:]]
        self.chart.add(1000 * (times[-1] - times[0] if len(times) == 2 else times[-1]))
        if n == 1:
            self.figures["ttft"].setText(f"{token['t'] * 1000:.0f} ms")
            self._refresh_live_figures()
        elif not self._figures_timer.isActive():
            # Labels change size as their numbers grow, and each change re-lays out the panel: at 100+
            # tokens a second that cost ~15% of generation speed on 2 cores. Ten refreshes a second.
            self._figures_timer.start()

    def _refresh_live_figures(self) -> None:
        if self.run is None or not self.run["tokens"]:
            return
        tokens = self.run["tokens"]
        n = len(tokens)
        self.figures["n_generated"].setText(str(n))
        span = tokens[-1]["t"] - tokens[0]["t"]
        if n > 1 and span > 0:
            self.figures["gen_tps"].setText(f"{(n - 1) / span:.1f} tok/s")
            self.figures["tpot"].setText(f"{1000 * span / (n - 1):.1f} ms")
        if self.rid is not None:
            self.status.setText(self.tr("Generating… %n token(s)", "", n))

    def _on_completed(self, rid: int, result: dict[str, Any]) -> None:
        if rid != self.rid or self.run is None:
            return
        self._figures_timer.stop()
        self.rid = None
        run = self.run
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
        self._show_figures(run)
        reason = stop_reason_text(str(run["stop_reason"]))
        notes = [self.tr("The prompt was cut to its end to fit the context.")] if run["truncated"] else []
        if run.get("server") and not run["logprobs"] and run["tokens"]:
            notes.append(self.tr("This server returned no probabilities, so the tokens are not tinted."))
        note = "".join(" " + n for n in notes)
        if run["mode"] == "chat" and run["stop_reason"] != "cancelled":
            # A stopped reply is not part of the conversation; the message stays for another try.
            self.messages = [*run["messages"], {"role": "assistant", "content": run["output"]}]
            self.prompt.clear()
        # Saved now, not after the comparison: quitting while the second model loads keeps this run.
        self._save_run()
        if self._compare_params is not None and run["stop_reason"] != "cancelled":
            self._comparing = True
            name = self.compare_model.currentText()
            self.status.setText(
                self.tr("First model done: {reason}.{notes} Now the second model ({name})…").format(
                    reason=reason, notes=note, name=name
                )
            )
            self._start_compare()
        else:
            if self._compare_params is not None:
                self.compare_title.setText(self.tr("Not compared: the first run was stopped."))
            self._compare_params = None
            self.status.setText(self.tr("Done: {reason}.{notes}").format(reason=reason, notes=note))
        self._on_model_state(self.models.state)

    def _save_run(self) -> None:
        """Save the current run once, as a snapshot (the worker thread serialises it later); after
        that, ``_save_compare`` updates the same saved run with its comparison."""
        if self.run is None or self._saved is not None:
            return
        self._saved = self.history.save(copy.deepcopy(self.run))

    def _save_compare(self, compare: dict[str, Any]) -> None:
        """Keep the comparison with its run, in memory and in the history."""
        if self.run is None:
            return
        self.run["compare"] = compare
        if self._saved is None:
            self._save_run()
        else:
            self.history.update(self._saved, copy.deepcopy(self.run))

    def _show_figures(self, run: dict[str, Any]) -> None:
        m = run.get("metrics") or {}

        def put(key: str, value: Any, fmt: str) -> None:
            self.figures[key].setText(fmt.format(value) if isinstance(value, (int, float)) else "–")

        put("ttft", (m.get("ttft_s") or 0) * 1000 if m.get("ttft_s") is not None else None, "{:.0f} ms")
        put("tpot", (m.get("tpot_s") or 0) * 1000 if m.get("tpot_s") is not None else None, "{:.1f} ms")
        put("gen_tps", m.get("gen_tps"), "{:.1f} tok/s")
        put("prompt_tps", m.get("prompt_tps"), "{:.0f} tok/s")
        put("n_prompt", m.get("n_prompt"), "{}")
        put("n_generated", m.get("n_generated"), "{}")
        self.chart.set_values([1000 * x for x in latencies([t["t"] for t in run.get("tokens", [])])])

    def _on_failed(self, rid: int, kind: str, message: str, details: str) -> None:
        if rid != self.rid:
            return
        self.rid = None
        self._compare_params = None
        self._on_model_state(self.models.state)
        if kind == "Cancelled":
            self.status.setText(self.tr("Stopped."))
            return
        source = self._run_source
        if isinstance(source, RemoteModelSource) and self.run is not None and source.last_partial is not None:
            self._keep_broken_run(self.run, source.last_partial, message)  # tokens came before the break
        self.status.setText(f"<span style='color:#c0392b'>{html.escape(message)}</span>")
        if kind == "PromptTooLongError":
            answer = QMessageBox.question(
                self,
                self.tr("The prompt is too long"),
                self.tr("{message}\n\nKeep only the end of the prompt and generate?").format(message=message),
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.generate(truncate=True)

    def _keep_broken_run(self, run: dict[str, Any], partial: dict[str, Any] | None, message: str) -> None:
        """A server run that broke: what arrived before the break is kept, and saved with the error."""
        partial = partial or {}
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
        self._show_figures(run)
        self._save_run()

    # -- tokens ------------------------------------------------------------------------------------
    def show_token(self, index: int, view: TokenTextView | None = None) -> None:
        tokens = (view or self.output).tokens
        if not 0 <= index < len(tokens):
            return
        token = tokens[index]
        if token.get("p") is None:
            self.alternatives.set_items(
                self.tr("Token {n}: this server returned no probabilities.").format(n=index + 1), []
            )
            self.tabs.setCurrentIndex(1)
            return
        items = [
            (repr(text)[1:-1] or "·", float(p), tid == token.get("token")) for tid, text, p in token.get("alts") or []
        ]
        chosen_in_top = any(chosen for *_x, chosen in items)
        if not chosen_in_top:
            items.append((repr(token.get("text", ""))[1:-1], float(token.get("p", 0.0)), True))
        self.alternatives.set_items(self.tr("Token {n}: what the model weighed").format(n=index + 1), items)
        self.tabs.setCurrentIndex(1)
        if view in (None, self.output):
            self._request_step(index)

    def _request_step(self, index: int) -> None:
        """Ask the host for the logits of step ``index`` of the shown run, for the sampling path."""
        run = self.run
        model = self.models.model
        if run is None or model is None or self.busy():
            return
        if run.get("server"):
            self.sampling_path.view.setText(
                self.tr("The sampling path needs a local model: a server does not send a step's scores.")
            )
            return
        if self._step_rid is not None:  # one step at a time: this one is asked for when that one is in
            self._step_wanted = index
            return
        if run.get("model_path") and model.get("path") != run.get("model_path"):
            self.sampling_path.view.setText(self.tr("The sampling path needs the run's own model loaded."))
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
        rid = self.teaching.request("step_logits", **params)
        if rid is not None:
            self._step_rid = rid
            self._step_index = index
            self.sampling_path.view.setText(self.tr("Reading that step's logits…"))

    def _on_step_failed(self, rid: int, kind: str, message: str, _details: str) -> None:
        if rid != self._step_rid:
            return
        self._step_rid = None
        self._step_wanted = None
        self.sampling_path.view.setText(self.tr("Stopped.") if kind == "Cancelled" else html.escape(message))

    def _on_step(self, rid: int, _op: str, data: dict[str, Any]) -> None:
        if rid != self._step_rid or self.run is None:
            return
        self._step_rid = None
        wanted, self._step_wanted = self._step_wanted, None
        if wanted is not None and wanted != self._step_index:
            self._request_step(wanted)
            return
        row, pieces = decode_step(data)
        s = self.run.get("settings") or {}
        run_settings = S.SamplerSettings(
            temperature=float(s.get("temperature", 0.8)),
            top_k=int(s.get("top_k", 40)),
            top_p=float(s.get("top_p", 0.95)),
            min_p=float(s.get("min_p", 0.05)),
            repeat_penalty=float(s.get("repeat_penalty", 1.1)),
        )
        generated = [int(t["token"]) for t in self.run.get("tokens", []) if "token" in t]
        step = self._step_index
        self.sampling_path.set_step(row, pieces, run_settings, generated[:step], generated[step])

    def _toggle_probs(self, on: bool) -> None:
        self.output.show_probabilities = on
        self.compare_output.show_probabilities = on
        if not self.busy():  # during a run, the new setting applies to the tokens still to come
            self.output.set_tokens(self._prefix, list(self.output.tokens))
            if self.compare_output.tokens:
                self.compare_output.set_tokens(self._compare_prefix, list(self.compare_output.tokens))

    # -- history -----------------------------------------------------------------------------------
    def _on_history(self, runs: list[RunSummary]) -> None:
        self.history_list.clear()
        for r in runs:
            stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.created))  # ISO: the same in every language
            item = QListWidgetItem(f"{stamp}  ·  {r.title}\n{r.model}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.history_list.addItem(item)

    def _on_history_note(self, note: str) -> None:
        self.history_note.setText(note)
        self.history_note.setVisible(bool(note))
        self.tabs.setTabText(self.history_tab, self.tr("History (not saved)") if note else self.tr("History"))
        self.tabs.setTabToolTip(self.history_tab, note)

    def _selected_run_id(self) -> int | None:
        item = self.history_list.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def _open_history_item(self, item: QListWidgetItem) -> None:
        self.history.open(int(item.data(Qt.ItemDataRole.UserRole)), self.show_run)

    def show_run(self, run: dict[str, Any] | None) -> None:
        if run is None or self.busy():
            if run is not None:
                self.status.setText(self.tr("A run is in progress; stop it or wait before opening another."))
            return
        self.run = run
        params = {"mode": run.get("mode", "completion"), "prompt": run.get("prompt", ""),
                  "messages": run.get("messages", [])}  # fmt: skip
        self.output.setUpdatesEnabled(False)
        self._render_start(params)
        for t in run.get("tokens", []):
            self.output.append_token(t)
        self.output.setUpdatesEnabled(True)
        self._show_figures(run)
        self._show_network(bool((run.get("metrics") or {}).get("includes_network")))
        self._saved = None  # already in the history: never saved again
        self._show_saved_compare(params, run.get("compare"))
        stamp = time.strftime("%Y-%m-%d %H:%M", time.localtime(run["created"]))
        self.status.setText(self.tr("Reopened a run from {time}.").format(time=stamp))

    def _show_saved_compare(self, params: dict[str, Any], compare: Any) -> None:
        """The comparison saved with a reopened run, or an empty second view if it had none (never the
        answer to some other prompt)."""
        self._clear_compare_view()
        if not isinstance(compare, dict):
            if self.compare.isChecked():
                self.compare_title.setText(self.tr("This run was not compared with a second model."))
            return
        self.compare_box.setVisible(True)
        self.compare_output.setUpdatesEnabled(False)
        self._render_start(params, self.compare_output)
        for t in compare.get("tokens") or []:
            self.compare_output.append_token(t)
        self.compare_output.setUpdatesEnabled(True)
        name = html.escape(str(compare.get("model", "")))
        if compare.get("error"):
            error = html.escape(str(compare["error"]))
            self.compare_title.setText(f"<b>{name}</b>: <span style='color:#c0392b'>{error}</span>")
        else:
            self.compare_title.setText(self.tr("<b>{name}</b>, same prompt and settings").format(name=name))
        self.compare_figures.setText(compare_figures_text(compare.get("metrics") or {}))

    def export(self, fmt: str) -> None:
        run_id = self._selected_run_id()
        if run_id is None:
            self.status.setText(self.tr("Pick a run in the list first."))
            return

        def write(run: dict[str, Any] | None) -> None:
            if run is None:
                return
            suffix = "md" if fmt == "md" else "json"
            name = file_dialogs.save_file_name(
                self, "export", self.tr("Export run"), f"run-{run_id}.{suffix}", f"*.{suffix}", self.settings
            )
            if name:
                self.export_to(run, Path(name), fmt)

        self.history.open(run_id, write)

    def export_to(self, run: dict[str, Any], path: Path, fmt: str) -> None:
        text = to_markdown(run) if fmt == "md" else json.dumps(run, indent=2, ensure_ascii=False)
        path.write_text(text, encoding="utf-8")
        self.status.setText(self.tr("Exported to {path}.").format(path=path))

    def _delete_history_item(self) -> None:
        run_id = self._selected_run_id()
        if run_id is not None:
            self.history.delete(run_id)

    # -- compare -----------------------------------------------------------------------------------
    def _on_catalog(self, catalog: Catalog) -> None:
        self._catalog_models = [
            (
                self.tr("{name} (base)").format(name=info.name) if not info.has_chat_template else info.name,
                str(info.path),
                info.has_chat_template,
            )
            for info in catalog.readable()
        ]
        self._fill_compare_models()

    def _fill_compare_models(self) -> None:
        """Compare's list: the local models, then the servers' models (a server applies its own template)."""
        current = self.compare_model.currentData()
        self.compare_model.blockSignals(True)
        self.compare_model.clear()
        for label, path, has_template in [
            *self._catalog_models,
            *((label, key, True) for label, key in remote_choices(self.remote)),
        ]:
            self.compare_model.addItem(label, path)
            self.compare_model.setItemData(self.compare_model.count() - 1, has_template, COMPARE_HAS_TEMPLATE)
        self.compare_model.blockSignals(False)
        index = self.compare_model.findData(current)
        if index < 0:  # prefer a base model: the contrast with the instruct default teaches the most
            index = next(
                (
                    i
                    for i in range(self.compare_model.count())
                    if self.compare_model.itemData(i, COMPARE_HAS_TEMPLATE) is False
                ),
                0,
            )
        self.compare_model.setCurrentIndex(index)

    def _on_compare_toggled(self, on: bool) -> None:
        self.compare_box.setVisible(on)
        if on and not self.compare_title.text():
            self.compare_title.setText(self.tr("The second model's answer appears here after the first run."))

    def _compare_service(self) -> ModelService:
        if self.compare_models is None:
            svc = ModelService(parent=self)
            svc.token.connect(self._on_compare_token)
            svc.completed.connect(self._on_compare_completed)
            svc.requestFailed.connect(self._on_compare_failed)
            svc.loaded.connect(lambda _r: self._run_compare())
            svc.loadFailed.connect(lambda m, _d: self._compare_failed_text(m))
            svc.loadCancelled.connect(lambda: self._compare_failed_text(self.tr("Stopped."), stop_reason="cancelled"))
            svc.hostDied.connect(lambda m, _d: self._compare_failed_text(m))
            self.compare_models = svc
        return self.compare_models

    def _compare_name(self) -> str:
        return str(((self.compare_models and self.compare_models.model) or {}).get("name", ""))

    def _score_with_compare(self) -> None:
        """Score a text: the same text on the model chosen under Compare, loaded if needed."""
        if self.compare_model.count() == 0:
            self.score_text.second_failed(
                self.tr("There is no other model to compare with: add one in the Models panel.")
            )
            return
        if parse_source_key(str(self.compare_model.currentData() or "")) is not None:
            self.score_text.second_failed(
                self.tr("Scoring a text needs a local model: pick one under Compare, not a server model.")
            )
            return
        path = self.compare_model.currentData()
        svc = self._compare_service()
        if self.compare_teaching is None:
            self.compare_teaching = TeachingService(svc, self)
            svc.loaded.connect(lambda _r: self._second_score_loaded())
            svc.loadFailed.connect(lambda m, _d: self._second_score_failed(m))
            svc.hostDied.connect(lambda m, _d: self._second_score_failed(m))
        if svc.model is not None and svc.model.get("path") == path:
            self.score_text.run_with(self.compare_teaching, self._compare_name)
            return
        self._score_second_pending = True
        self.score_text.waiting(
            self.tr("Loading {name} to score the same text…").format(name=html.escape(self.compare_model.currentText()))
        )
        n_ctx = int((self.models.model or {}).get("n_ctx", 2048))
        if not svc.load(path, **{**self.settings.load_options(), "n_ctx": n_ctx}):
            self._second_score_failed(self.tr("The comparison model is busy; try again."))

    def _second_score_loaded(self) -> None:
        if self._score_second_pending and self.compare_teaching is not None:
            self._score_second_pending = False
            self.score_text.run_with(self.compare_teaching, self._compare_name)

    def _second_score_failed(self, message: str) -> None:
        if self._score_second_pending:
            self._score_second_pending = False
            self.score_text.second_failed(message)

    def _stop_second_score(self) -> None:
        if self._score_second_pending and self.compare_models is not None:
            self.compare_models.cancel()
            self._second_score_failed(self.tr("Stopped."))

    def _start_compare(self) -> None:
        path = self.compare_model.currentData()
        self.compare_source = self._source_for(str(path or ""))
        if self.compare_source is not None:
            if self.compare_source.model is None:
                self._compare_failed_text(self.tr("That server was removed."))
            else:
                self._run_compare()
            return
        svc = self._compare_service()
        if svc.model is not None and svc.model.get("path") == path:
            self._run_compare()
            return
        self.compare_title.setText(
            self.tr("Loading <b>{name}</b> to compare…").format(name=html.escape(self.compare_model.currentText()))
        )
        n_ctx = int((self.models.model or {}).get("n_ctx", 2048))
        options = {**self.settings.load_options(), "n_ctx": n_ctx}
        if not svc.load(path, **options):
            self._compare_failed_text(self.tr("The comparison model is busy; try again."))

    def _run_compare(self) -> None:
        svc: ModelService | RemoteModelSource | None = self.compare_source or self.compare_models
        if self._compare_params is None or svc is None or svc.model is None:
            return
        params = dict(self._compare_params)
        if params["mode"] == "chat":
            params["chat_format"] = self.chat_format_for(svc.model, comparing=True)
        self._compare_params = params
        self.compare_rid = svc.complete(**params)
        if self.compare_rid is None:
            self._compare_failed_text(self.tr("The comparison model is busy; try again."))
            return
        name = html.escape(str(svc.model.get("name", "")))
        self.compare_title.setText(self.tr("<b>{name}</b>, same prompt and settings").format(name=name))
        self._render_start(params, self.compare_output)
        if isinstance(svc, RemoteModelSource):
            self.compare_title.setText(self.tr("<b>{name}</b> on a server, same prompt and settings").format(name=name))
        self.status.setText(self.tr("{first} The second model is reading the prompt…").format(first=self._first_done()))
        self._on_model_state(self.models.state)

    def _first_done(self) -> str:
        reason = stop_reason_text(str((self.run or {}).get("stop_reason", "")))
        return self.tr("First model done: {reason}.").format(reason=reason)

    def _clear_compare_view(self) -> None:
        self.compare_output.start()
        self._compare_prefix = ""
        self.compare_title.setText("")
        self.compare_figures.setText("")
        self.compare_box.setVisible(self.compare.isChecked())

    def _compare_record(self, **fields: Any) -> dict[str, Any]:
        """The comparison as it is saved with its run."""
        svc: ModelService | RemoteModelSource | None = self.compare_source or self.compare_models
        model = (svc.model if svc is not None else None) or {}
        params = self._compare_params or {}
        record: dict[str, Any] = {
            "model": model.get("name", "") or self.compare_model.currentText(),
            "model_path": model.get("path", "") or self.compare_model.currentData() or "",
            "tokens": list(self.compare_output.tokens),
            "output": "".join(str(t.get("text", "")) for t in self.compare_output.tokens),
            "metrics": {},
            "stop_reason": "",
        }
        if model.get("remote"):
            record.update(server=model.get("server", ""), server_model=model.get("server_model", ""))
        elif params.get("mode") == "chat":
            record["chat_format"] = params.get("chat_format", "")
        record.update(fields)
        return record

    def _on_compare_token(self, rid: int, token: dict[str, Any]) -> None:
        if self.compare_source is None:
            self._compare_token(rid, token)

    def _on_compare_completed(self, rid: int, result: dict[str, Any]) -> None:
        if self.compare_source is None:
            self._compare_completed(rid, result)

    def _on_compare_failed(self, rid: int, kind: str, message: str, details: str) -> None:
        if self.compare_source is None:
            self._compare_failed(rid, kind, message, details)

    def _compare_token(self, rid: int, token: dict[str, Any]) -> None:
        if rid == self.compare_rid and not token.get("eog"):
            self.compare_output.append_token(token)
            self.status.setText(
                self.tr("{first} Second model: generating… %n token(s)", "", len(self.compare_output.tokens)).format(
                    first=self._first_done()
                )
            )

    def _compare_completed(self, rid: int, result: dict[str, Any]) -> None:
        if rid != self.compare_rid:
            return
        m = result.get("metrics") or {}
        stop = str(result.get("stop_reason", ""))
        record = self._compare_record(output=result.get("text", ""), metrics=m, stop_reason=stop)
        self.compare_rid = None
        self._compare_params = None
        self._comparing = False
        self.compare_figures.setText(compare_figures_text(m))
        self._save_compare(record)
        self.status.setText(
            self.tr("Done. {first} Second model: {reason}.").format(
                first=self._first_done(), reason=stop_reason_text(stop)
            )
        )
        self._on_model_state(self.models.state)

    def _compare_failed(self, rid: int, kind: str, message: str, _details: str) -> None:
        if rid != self.compare_rid:
            return
        partial = self.compare_source.last_partial if self.compare_source is not None else None
        if partial is not None:  # a server stream that broke: keep what came, with the error
            self._compare_failed_text(message, metrics=partial.get("metrics") or {}, stop_reason="error")
            return
        if kind == "Cancelled":
            self._compare_failed_text(self.tr("Stopped."), stop_reason="cancelled")
        else:
            self._compare_failed_text(message)

    def _compare_failed_text(self, message: str, **fields: Any) -> None:
        if not self._comparing:
            return  # not about a comparison in progress (e.g. the idle comparison host died)
        record = self._compare_record(**{"error": message, "stop_reason": "failed", **fields})
        self._comparing = False
        self._compare_params = None
        self.compare_rid = None
        self.compare_title.setText(f"<span style='color:#c0392b'>{html.escape(message)}</span>")
        self._save_compare(record)
        self.status.setText(
            self.tr("{first} The comparison did not finish: {message}").format(
                first=self._first_done(), message=message
            )
        )
        self._on_model_state(self.models.state)

    def _save_what_exists(self) -> None:
        """At quit: the run in progress (what it has so far), or the comparison in progress beside a
        finished run, goes into the history before the services stop."""
        run = self.run
        if run is None:
            return
        if self.rid is not None:
            self.rid = None
            run.update(output="".join(str(t.get("text", "")) for t in run["tokens"]), stop_reason="closed")
            self._compare_params = None
            self._save_run()
        elif self._comparing:
            record = self._compare_record(
                stop_reason="closed", error=self.tr("The app was closed during the comparison.")
            )
            self._comparing = False
            self._compare_params = None
            self.compare_rid = None
            self._save_compare(record)

    def shutdown(self) -> None:
        self._save_what_exists()
        if self.compare_models is not None:
            self.compare_models.shutdown()
        for source in self._sources.values():
            source.shutdown()
        self._save_draft()
        self._save_sampling()
        if self._owns_history:
            self.history.shutdown()
