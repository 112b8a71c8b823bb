"""Automation panel: a restaurant-booking agent at three levels of autonomy (crawl, walk, run), with a person's
approval card, guardrails, a kill switch, and an audit log a person can verify and export.

The panel only talks to AgentService: it picks the level and the request, shows each step as it comes (with
the probability the model gave each candidate tool), opens the approval card when the service asks, and shows
the timeline and the per-tool record that argue for moving a level up or down. Promotion is the person's call.
"""

from __future__ import annotations

import html
import json
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.automation import policy as policy_module
from desktop.core.automation.agent import AgentEvent, Decision, RunResult, ToolCall
from desktop.core.automation.audit import AuditRow
from desktop.core.automation.policy import Level, Verdict
from desktop.core.automation.tools import TOOLS, Preview, Tool, ToolResult
from desktop.core.automation.world import Request
from desktop.core.messages import QT_TRANSLATE_NOOP, Message
from desktop.i18n import format_number, translate_message
from desktop.services.agent_service import AgentService
from desktop.services.model_service import ModelService
from desktop.services.settings import Settings
from desktop.ui.language import on_language_change
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.approval_card import RISK_COLORS, ApprovalCard
from desktop.ui.widgets.charts import AlternativesBars
from desktop.ui.widgets.fit_scroll import scrolling_page
from desktop.ui.widgets.token_text import probability_color

CONTEXT = "AutomationPanel"  # the translation context of this module's texts (the class's own self.tr)

EXPLANATION = QT_TRANSLATE_NOOP(
    "AutomationPanel",
    "<b>Crawl, walk, run.</b> <i>AI Engineering</i> (ch. 1), after Microsoft (2023), describes handing work to AI "
    "in stages. <b>Crawl:</b> a person must approve every action. <b>Walk:</b> the AI works with staff: it "
    "looks things up, holds tables and drafts replies on its own, and asks before anything reaches a customer or "
    "cannot be undone. <b>Run:</b> it answers customers alone, inside guardrails that code checks before any "
    "effect (party size, deposits, opening hours, no double booking, messages only to the customer who wrote, a "
    "rate limit). The rules are enforced in code, never in the prompt.",
)
MODEL_WARNING = QT_TRANSLATE_NOOP(
    "AutomationPanel",
    "<b>About the model.</b> The bundled model has 135 million parameters. Grammar-constrained decoding means "
    "it always proposes a well-formed tool call, but it <b>will make poor choices</b>: the wrong restaurant, "
    "the wrong tool, a step too many. That is the point of crawl: a person catches them. Watch how often you "
    "reject or edit a tool's calls before you let it walk.",
)
LEVEL_NAMES = {  # the level's value stays the key (settings, audit log); this is what a person reads
    Level.CRAWL: QT_TRANSLATE_NOOP("AutomationLevels", "Crawl"),
    Level.WALK: QT_TRANSLATE_NOOP("AutomationLevels", "Walk"),
    Level.RUN: QT_TRANSLATE_NOOP("AutomationLevels", "Run"),
}
LEVEL_WORDS = {  # the audit log's short form (its narrow column): the word without the English in brackets
    Level.CRAWL: QT_TRANSLATE_NOOP("AutomationTimeline", "crawl"),
    Level.WALK: QT_TRANSLATE_NOOP("AutomationTimeline", "walk"),
    Level.RUN: QT_TRANSLATE_NOOP("AutomationTimeline", "run"),
}
LEVEL_TEXT = {
    Level.CRAWL: QT_TRANSLATE_NOOP("AutomationPanel", "Crawl: every call waits for your approval."),
    Level.WALK: QT_TRANSLATE_NOOP(
        "AutomationPanel",
        "Walk: look-ups, holds, notes and drafts run alone; customer-facing or irreversible calls ask.",
    ),
    Level.RUN: QT_TRANSLATE_NOOP(
        "AutomationPanel", "Run: everything runs alone unless a guardrail blocks it. Kill (Esc) stops it at once."
    ),
}
DECISION_COLORS = {
    "auto": "#1565c0",
    "approved": "#2e7d32",
    "edited": "#b26a00",
    "rejected": "#c62828",
    "blocked": "#6a1b9a",
    "error": "#c62828",
    "interrupted": "#c62828",
}
WORDS = {  # keys from the audit log and the agent's events (data, English) -> the word a person reads
    # decisions (audit log)
    "auto": QT_TRANSLATE_NOOP("AutomationPanel", "auto"),
    "approved": QT_TRANSLATE_NOOP("AutomationPanel", "approved"),
    "edited": QT_TRANSLATE_NOOP("AutomationPanel", "edited"),
    "rejected": QT_TRANSLATE_NOOP("AutomationPanel", "rejected"),
    "blocked": QT_TRANSLATE_NOOP("AutomationPanel", "blocked"),
    "error": QT_TRANSLATE_NOOP("AutomationPanel", "error"),
    "interrupted": QT_TRANSLATE_NOOP("AutomationPanel", "interrupted"),
    "info": QT_TRANSLATE_NOOP("AutomationPanel", "info"),
    # a person's answers on the approval card
    "approve": QT_TRANSLATE_NOOP("AutomationPanel", "approve"),
    "approve_tool": QT_TRANSLATE_NOOP("AutomationPanel", "approve tool"),
    "edit": QT_TRANSLATE_NOOP("AutomationPanel", "edit"),
    "reject": QT_TRANSLATE_NOOP("AutomationPanel", "reject"),
    "stop": QT_TRANSLATE_NOOP("AutomationPanel", "stop"),
    # the policy's verdicts
    "ask": QT_TRANSLATE_NOOP("AutomationPanel", "ask"),
    "block": QT_TRANSLATE_NOOP("AutomationPanel", "block"),
    # who decided
    "policy": QT_TRANSLATE_NOOP("AutomationPanel", "policy"),
    "person": QT_TRANSLATE_NOOP("AutomationPanel", "person"),
    "host": QT_TRANSLATE_NOOP("AutomationPanel", "host"),
    "agent": QT_TRANSLATE_NOOP("AutomationPanel", "agent"),
    "schema": QT_TRANSLATE_NOOP("AutomationPanel", "schema"),
    # how a run ended
    "finished": QT_TRANSLATE_NOOP("AutomationPanel", "finished"),
    "step_limit": QT_TRANSLATE_NOOP("AutomationPanel", "step limit reached"),
    "stopped": QT_TRANSLATE_NOOP("AutomationPanel", "stopped"),
    "killed": QT_TRANSLATE_NOOP("AutomationPanel", "killed"),
}
RISK_WORDS = {
    "low": QT_TRANSLATE_NOOP("AutomationPanel", "low"),
    "medium": QT_TRANSLATE_NOOP("AutomationPanel", "medium"),
    "high": QT_TRANSLATE_NOOP("AutomationPanel", "high"),
}
RECORD_COLUMNS = [  # (key, header, tooltip)
    ("tool", QT_TRANSLATE_NOOP("AutomationPanel", "Tool"), QT_TRANSLATE_NOOP("AutomationPanel", "The tool")),
    (
        "risk",
        QT_TRANSLATE_NOOP("AutomationPanel", "Risk"),
        QT_TRANSLATE_NOOP(
            "AutomationPanel",
            "From the tool's annotations: low reads, medium changes the business, high reaches a customer",
        ),
    ),
    (
        "auto",
        QT_TRANSLATE_NOOP("AutomationPanel", "Alone"),
        QT_TRANSLATE_NOOP("AutomationPanel", "Calls that ran without a person (the level allowed them)"),
    ),
    (
        "approved",
        QT_TRANSLATE_NOOP("AutomationPanel", "Approved"),
        QT_TRANSLATE_NOOP("AutomationPanel", "Calls a person approved unchanged"),
    ),
    (
        "edited",
        QT_TRANSLATE_NOOP("AutomationPanel", "Edited"),
        QT_TRANSLATE_NOOP("AutomationPanel", "Calls a person approved after changing the arguments"),
    ),
    (
        "rejected",
        QT_TRANSLATE_NOOP("AutomationPanel", "Rejected"),
        QT_TRANSLATE_NOOP("AutomationPanel", "Calls a person rejected (or stopped the run on)"),
    ),
    (
        "blocked",
        QT_TRANSLATE_NOOP("AutomationPanel", "Blocked"),
        QT_TRANSLATE_NOOP("AutomationPanel", "Calls a guardrail refused, whatever the level"),
    ),
    (
        "error",
        QT_TRANSLATE_NOOP("AutomationPanel", "Failed"),
        QT_TRANSLATE_NOOP("AutomationPanel", "Calls with invalid arguments or that failed"),
    ),
    (
        "suggests",
        QT_TRANSLATE_NOOP("AutomationPanel", "What the record suggests"),
        QT_TRANSLATE_NOOP("AutomationPanel", "Plain words from the numbers; moving a level is your decision"),
    ),
]
TIMELINE_COLUMNS = [
    QT_TRANSLATE_NOOP("AutomationTimeline", "Time"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Run"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Level"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Step"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Tool"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Decision"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Decided by"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Result"),
]
TIMELINE_WIDTHS = [62, 56, 44, 36, 118, 70, 96, 0]  # at least; 0: the Result column takes the rest
STEP_COLUMNS = [
    QT_TRANSLATE_NOOP("AutomationPanel", "Step"),
    QT_TRANSLATE_NOOP("AutomationPanel", "Proposed call"),
    "p(tool)",
    QT_TRANSLATE_NOOP("AutomationPanel", "Policy"),
    QT_TRANSLATE_NOOP("AutomationPanel", "Decision"),
    QT_TRANSLATE_NOOP("AutomationPanel", "Result"),
]
INBOX_COLUMNS = [
    QT_TRANSLATE_NOOP("AutomationPanel", "Request"),
    QT_TRANSLATE_NOOP("AutomationPanel", "From"),
    QT_TRANSLATE_NOOP("AutomationPanel", "Who"),
    QT_TRANSLATE_NOOP("AutomationPanel", "Lang"),
]


def _tr(text: str) -> str:
    """A text marked above, in the installed language, looked up under the context it was marked with (level
    names and the audit log's columns have their own, so that "Run" the level, "Run" the button and "Run" the
    column can be translated apart)."""
    return QCoreApplication.translate(getattr(text, "context", "") or CONTEXT, text)


def _t(value: object) -> str:
    """What core or the agent service sent, for a person: a Message translated, a string as it is."""
    if value is None:
        return ""
    if isinstance(value, (str, Message)):
        return translate_message(value)
    return str(value)


def word(key: object) -> str:
    """A key from the audit log or an event (``approved``, ``policy``, ``finished``) in the installed language;
    an unknown key (a rule name, a reviewer's name) as it is."""
    text = _t(key)
    marked = WORDS.get(text)
    return _tr(marked) if marked is not None else text


def risk_word(risk: str) -> str:
    marked = RISK_WORDS.get(risk)
    return _tr(marked) if marked is not None else risk


def level_name(level: Level | str, short: bool = False) -> str:
    """A level as a person reads it (``short``: the audit log's column, ``crawl`` -> 기어가기)."""
    try:
        return _tr((LEVEL_WORDS if short else LEVEL_NAMES)[Level(level)])
    except ValueError:
        return str(level)


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def call_label(tool: str, args: dict[str, Any]) -> str:
    inner = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in args.items())
    return f"{tool}({_short(inner, 90)})"


def _percent(value: float) -> str:
    return f"{value:.0%}"


def suggestion(counts: dict[str, int]) -> str:
    """Plain words from a tool's record. The numbers inform the person; they never promote a level."""
    asked = counts.get("approved", 0) + counts.get("edited", 0) + counts.get("rejected", 0)
    blocked = counts.get("blocked", 0)
    if asked + blocked + counts.get("auto", 0) == 0:
        return QCoreApplication.translate("AutomationPanel", "No record yet")
    if asked < 5:
        return QCoreApplication.translate("AutomationPanel", "Too few decisions to judge ({asked} of 5)").format(
            asked=asked
        )
    ok = counts.get("approved", 0) / asked
    bad = (counts.get("edited", 0) + counts.get("rejected", 0)) / asked
    if ok >= 0.9 and blocked == 0:
        return QCoreApplication.translate(
            "AutomationPanel", "{percent} approved unchanged: a case for letting it run alone"
        ).format(percent=_percent(ok))
    if bad >= 0.3:
        return QCoreApplication.translate(
            "AutomationPanel", "{percent} edited or rejected: keep a person on it"
        ).format(percent=_percent(bad))
    return QCoreApplication.translate("AutomationPanel", "{percent} approved unchanged: keep watching").format(
        percent=_percent(ok)
    )


class AutomationPanel(QWidget):
    def __init__(
        self,
        models: ModelService | None = None,
        settings: Settings | None = None,
        service: AgentService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.models = models
        self.settings = settings
        self.service = service or AgentService(models, parent=self)
        self.card: ApprovalCard | None = None
        self.requests: list[Request] = []
        self.rows: list[AuditRow] = []
        self.record: dict[str, dict[str, int]] = {}
        self.rules: dict[str, int] = {}
        self.world_hash = ""
        self.calls: dict[int, ToolCall] = {}
        self.run_model = ""  # the step model's name, from the run's "started" event
        self.step_items: dict[int, QTreeWidgetItem] = {}
        self._build()
        self.retranslate()
        on_language_change(self, self.retranslate)
        self._wire()
        self._update_buttons()
        self._update_model_note()
        self.service.load_inbox()
        self.service.refresh_audit()

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        root = scrolling_page(self)
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        root.addWidget(self.title)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.explanation)
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.warning)

        bar = QHBoxLayout()
        self.level = QComboBox()
        for level in Level:
            self.level.addItem(level.value, level.value)  # the text is set in retranslate; the data is the key
        saved = self.settings.get_str("automation/level", Level.CRAWL.value) if self.settings else "crawl"
        index = self.level.findData(saved)
        self.level.setCurrentIndex(max(index, 0))
        self.fresh = QCheckBox()
        self.fresh.setChecked(True)
        self.run_btn = QPushButton()
        self.pause_btn = QPushButton()
        self.kill_btn = QPushButton()
        self.kill_btn.setStyleSheet("QPushButton:enabled { color: white; background: #c62828; font-weight: 600; }")
        self.reset_btn = QPushButton()
        self.level_label = QLabel()
        bar.addWidget(self.level_label)
        bar.addWidget(self.level)
        self.level_text = QLabel("")
        self.level_text.setWordWrap(True)  # wraps rather than holding the panel wide at 1024 px
        bar.addWidget(self.level_text, 1)
        bar.addWidget(self.fresh)
        for b in (self.run_btn, self.pause_btn, self.kill_btn, self.reset_btn):
            bar.addWidget(b)
        root.addLayout(bar)
        self.model_note = QLabel("")
        self.model_note.setWordWrap(True)
        root.addWidget(self.model_note)

        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.inbox_label = QLabel()
        left_layout.addWidget(self.inbox_label)
        self.inbox = QTreeWidget()
        self.inbox.setColumnCount(len(INBOX_COLUMNS))
        self.inbox.setRootIsDecorated(False)
        self.inbox.setAlternatingRowColors(True)
        header = self.inbox.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        left_layout.addWidget(self.inbox, 2)
        self.request_view = QPlainTextEdit()
        self.request_view.setReadOnly(True)
        left_layout.addWidget(self.request_view, 1)
        split.addWidget(left)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_steps(), "")
        self.tabs.addTab(self._build_timeline(), "")
        self.tabs.addTab(self._build_record(), "")
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([430, 770])
        root.addWidget(split, 1)
        self.status = QLabel(self.tr("Pick a request and press Run."))
        self.status.setWordWrap(True)
        self.world_label = QLabel("")
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.world_label)
        root.addLayout(status_row)

    def _build_steps(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        self.notice_label = QLabel("")
        self.notice_label.setWordWrap(True)
        self.notice_label.setStyleSheet("color: #b26a00;")
        self.notice_label.hide()
        layout.addWidget(self.notice_label)
        self.steps = QTreeWidget()
        self.steps.setColumnCount(len(STEP_COLUMNS))
        self.steps.setRootIsDecorated(False)
        self.steps.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.steps.header().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.steps, 3)
        lower = QSplitter(Qt.Orientation.Horizontal)
        self.tool_bars = AlternativesBars()
        lower.addWidget(self.tool_bars)
        self.step_detail = QPlainTextEdit()
        self.step_detail.setReadOnly(True)
        lower.addWidget(self.step_detail)
        layout.addWidget(lower, 2)
        return box

    def _build_timeline(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        self.timeline = QTableWidget(0, len(TIMELINE_COLUMNS))
        self.timeline.verticalHeader().hide()
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        timeline_header = self.timeline.horizontalHeader()
        timeline_header.setSectionResizeMode(len(TIMELINE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.timeline, 3)
        self.row_detail = QPlainTextEdit()
        self.row_detail.setReadOnly(True)
        layout.addWidget(self.row_detail, 1)
        row = QHBoxLayout()
        self.verify_btn = QPushButton()
        self.export_jsonl_btn = QPushButton()
        self.export_csv_btn = QPushButton()
        self.undo_btn = QPushButton()
        self.verify_label = QLabel("")
        self.verify_label.setWordWrap(True)
        for b in (self.verify_btn, self.export_jsonl_btn, self.export_csv_btn, self.undo_btn):
            row.addWidget(b)
        row.addWidget(self.verify_label, 1)
        layout.addLayout(row)
        return box

    def _build_record(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        self.record_note = QLabel()
        self.record_note.setWordWrap(True)
        self.record_note.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.record_note)
        self.record_table = QTableWidget(0, len(RECORD_COLUMNS))
        self.record_table.verticalHeader().hide()
        self.record_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.record_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        record_header = self.record_table.horizontalHeader()
        record_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        record_header.setSectionResizeMode(len(RECORD_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.record_table, 1)
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)
        layout.addWidget(self.rules_label)
        return box

    def retranslate(self) -> None:
        """Every static text, again in the installed language (called at start and on a language change). The
        tables' words are filled again from what the panel holds; the status line keeps its last message."""
        self.title.setText(self.tr("Automation: a booking agent at rising autonomy"))
        self.explanation.setText(_tr(EXPLANATION))
        self.warning.setText(_tr(MODEL_WARNING))
        self.level_label.setText(self.tr("Level"))
        for i in range(self.level.count()):
            level = Level(str(self.level.itemData(i)))
            self.level.setItemText(i, level_name(level))
            self.level.setItemData(i, _tr(LEVEL_TEXT[level]), Qt.ItemDataRole.ToolTipRole)
        self.level_text.setText(_tr(LEVEL_TEXT[self.current_level()]))
        self.fresh.setText(self.tr("Fresh world for each run"))
        self.fresh.setToolTip(
            self.tr("Start each run from a copy of the seed world. Untick to let runs build on each other's effects.")
        )
        self.run_btn.setText(self.tr("Run"))
        self.run_btn.setToolTip(self.tr("Run the agent on the selected request (Ctrl+Enter)"))
        self.pause_btn.setToolTip(self.tr("Stop between steps; Resume goes on"))
        self.kill_btn.setText(self.tr("Kill"))
        self.kill_btn.setToolTip(self.tr("Kill switch: stop the run now, in the middle of a step (Esc)"))
        self.reset_btn.setText(self.tr("Reset world"))
        self.reset_btn.setToolTip(self.tr("Put the restaurants, tables and bookings back to the seed"))
        self.inbox_label.setText(self.tr("<b>Inbox</b>"))
        self.inbox.setHeaderLabels([_tr(c) for c in INBOX_COLUMNS])
        self.request_view.setPlaceholderText(
            self.tr("The selected request. Its text is data for the agent, never orders.")
        )
        self.tabs.setTabText(0, self.tr("Steps"))
        self.tabs.setTabText(1, self.tr("Audit log"))
        self.tabs.setTabText(2, self.tr("Record"))
        self.steps.setHeaderLabels([_tr(c) for c in STEP_COLUMNS])
        self.step_detail.setPlaceholderText(self.tr("The selected step's arguments, reason and result."))
        self.timeline.setHorizontalHeaderLabels([_tr(c) for c in TIMELINE_COLUMNS])
        self._fit_timeline_columns()
        self.row_detail.setPlaceholderText(self.tr("Select a row: all of it, with the world's hash before and after."))
        self.verify_btn.setText(self.tr("Verify"))
        self.verify_btn.setToolTip(self.tr("Check every row's hash chain: a changed or removed row is found"))
        self.export_jsonl_btn.setText(self.tr("Export JSONL…"))
        self.export_csv_btn.setText(self.tr("Export CSV…"))
        self.undo_btn.setText(self.tr("Undo selected"))
        self.undo_btn.setToolTip(self.tr("Undo the selected row's effect, where its tool can be undone"))
        self.record_note.setText(
            self.tr(
                "For each tool: how often a person approved its calls unchanged, edited or rejected them, and how "
                "often a guardrail fired, over every run in the audit log. A tool a person nearly always approves "
                "unchanged is a candidate to move up a level; one that is often edited or rejected should stay with "
                "a person. <b>Moving a level is your decision</b>: the panel never does it for you."
            )
        )
        self.record_table.setHorizontalHeaderLabels([_tr(label) for _, label, _ in RECORD_COLUMNS])
        for c, (_, _, tip) in enumerate(RECORD_COLUMNS):
            header_item = self.record_table.horizontalHeaderItem(c)
            if header_item is not None:
                header_item.setToolTip(_tr(tip))
        self._on_rules(self.rules)
        self._on_record(self.record)
        for r, row in enumerate(self.rows):
            self._fill_row(r, row)
        self._on_inbox(self.requests)
        self._show_request()
        self._show_row()
        self._on_world_changed(self.world_hash)
        self._update_model_note()
        self._update_buttons()
        if self.steps.currentItem() is None:
            self.tool_bars.set_items(self._bars_hint(), [])
        else:
            self._show_step()

    def _bars_hint(self) -> str:
        return self.tr("Select a step: the probability the model gave each tool at the choice.")

    def _fit_timeline_columns(self) -> None:
        """Fixed widths (a long log never re-measures its columns), wide enough for the header and the words
        of the installed language."""
        metrics = self.timeline.horizontalHeader().fontMetrics()
        cells = self.timeline.fontMetrics()
        samples: dict[int, list[str]] = {
            2: [level_name(level, short=True) for level in Level],
            5: [word(key) for key in DECISION_COLORS],
            6: [word(key) for key in ("policy", "person", "host", "agent", "schema")],
        }
        for c, least in enumerate(TIMELINE_WIDTHS):
            if not least:
                continue
            width = max(least, metrics.horizontalAdvance(_tr(TIMELINE_COLUMNS[c])) + 16)
            for text in samples.get(c, []):
                width = max(width, cells.horizontalAdvance(text) + 12)
            self.timeline.setColumnWidth(c, width)

    def _wire(self) -> None:
        s = self.service
        self.run_btn.clicked.connect(self.run)
        self.pause_btn.clicked.connect(self.toggle_pause)
        self.kill_btn.clicked.connect(self.kill)
        self.reset_btn.clicked.connect(self.reset_world)
        self.verify_btn.clicked.connect(s.verify)
        self.export_jsonl_btn.clicked.connect(lambda: self._export("jsonl"))
        self.export_csv_btn.clicked.connect(lambda: self._export("csv"))
        self.undo_btn.clicked.connect(self.undo_selected)
        self.level.currentIndexChanged.connect(self._on_level)
        self.fresh.toggled.connect(lambda on: setattr(self.service, "fresh_world_per_run", on))
        self.inbox.currentItemChanged.connect(lambda *_: self._show_request())
        self.steps.currentItemChanged.connect(lambda *_: self._show_step())
        self.timeline.itemSelectionChanged.connect(self._update_buttons)
        self.timeline.itemSelectionChanged.connect(self._show_row)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.kill)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.run)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.run)
        s.agentEvent.connect(self._on_event)
        s.approvalNeeded.connect(self._on_approval)
        s.editRefused.connect(self._on_edit_refused)
        s.editAccepted.connect(self._on_edit_accepted)
        s.runStarted.connect(self._on_run_started)
        s.runFinished.connect(self._on_run_finished)
        s.runFailed.connect(self._on_run_failed)
        s.busyChanged.connect(lambda _b: self._update_buttons())
        s.pausedChanged.connect(lambda _p: self._update_buttons())
        s.inboxLoaded.connect(self._on_inbox)
        s.worldChanged.connect(self._on_world_changed)
        s.auditRows.connect(self._on_rows)
        s.statsReady.connect(self._on_record)
        s.rulesReady.connect(self._on_rules)
        s.verified.connect(self._on_verified)
        s.exported.connect(self._on_exported)
        s.undone.connect(self._on_undone)
        s.failed.connect(self._on_failed)
        if self.models is not None:
            self.models.loaded.connect(lambda _r: self._update_model_note())
            self.models.unloaded.connect(self._update_model_note)
        self._on_level()

    # -- state -------------------------------------------------------------------------------------
    def current_level(self) -> Level:
        return Level(str(self.level.currentData()))

    def current_request(self) -> Request | None:
        item = self.inbox.currentItem()
        if item is None:
            return None
        index = self.inbox.indexOfTopLevelItem(item)
        return self.requests[index] if 0 <= index < len(self.requests) else None

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _update_buttons(self) -> None:
        busy = self.service.busy
        self.run_btn.setEnabled(not busy and self.current_request() is not None)
        self.pause_btn.setEnabled(busy)
        self.pause_btn.setText(self.tr("Resume") if self.service.paused else self.tr("Pause"))
        self.kill_btn.setEnabled(busy)
        self.reset_btn.setEnabled(not busy)
        self.level.setEnabled(not busy)
        self.fresh.setEnabled(not busy)
        row = self.selected_row()
        self.undo_btn.setEnabled(not busy and row is not None and self.service.undo_token(row) is not None)

    def _update_model_note(self) -> None:
        path = self.service.model_path()
        if path is None:
            self.model_note.setText(self.tr("No model: load one in the Models panel."))
            return
        loaded = self.models is not None and self.models.model is not None
        if loaded:
            text = self.tr("Agent model: {name} (the model loaded in Models). It runs in a model host of its own.")
        else:
            text = self.tr(
                "Agent model: {name} (the bundled default; load another in Models to change). "
                "It runs in a model host of its own."
            )
        self.model_note.setText(text.format(name=path.name))

    def _on_level(self) -> None:
        level = self.current_level()
        self.level_text.setText(_tr(LEVEL_TEXT[level]))
        if self.settings is not None:
            self.settings.set("automation/level", level.value)

    # -- inbox -------------------------------------------------------------------------------------
    def _on_inbox(self, requests: list[Request]) -> None:
        current = self.current_request()
        self.requests = list(requests)
        self.inbox.clear()
        for req in self.requests:
            who = self.tr("external") if req.external else self.tr("internal")
            name = req.sender.split("<")[0].strip() or req.sender
            item = QTreeWidgetItem([_short(req.subject, 80), name, who, req.language])
            item.setToolTip(1, req.sender)
            item.setToolTip(0, _short(req.body, 300))
            self.inbox.addTopLevelItem(item)
        target = 0
        if current is not None:
            target = next((i for i, r in enumerate(self.requests) if r.id == current.id), 0)
        first = self.inbox.topLevelItem(target)
        if first is not None:
            self.inbox.setCurrentItem(first)
        self._update_buttons()

    def select_request(self, request_id: str) -> None:
        for i, req in enumerate(self.requests):
            item = self.inbox.topLevelItem(i)
            if req.id == request_id and item is not None:
                self.inbox.setCurrentItem(item)
                return
        raise KeyError(request_id)

    def _show_request(self) -> None:
        req = self.current_request()
        if req is None:
            self.request_view.clear()
        else:
            if req.external:
                head = self.tr("{id} · from {sender}, customer (external), {language}")
            else:
                head = self.tr("{id} · from {sender}, staff (internal), {language}")
            body = req.body
            if len(body) > 20_000:
                count = f"{len(req.body):,}"  # thousands with commas in English and Korean alike
                more = self.tr("… ({count} characters)").format(count=count)
                body = body[:20_000] + "\n" + more
            head = head.format(id=req.id, sender=req.sender, language=req.language)
            self.request_view.setPlainText(f"{head}\n{req.subject}\n\n{body}")
        self._update_buttons()

    # -- runs --------------------------------------------------------------------------------------
    def run(self) -> bool:
        req = self.current_request()
        if req is None or self.service.busy:
            return False
        return self.service.start(self.current_level(), req.id)

    def toggle_pause(self) -> None:
        if self.service.paused:
            self.service.resume()
            self._say(self.tr("Resumed."))
        else:
            self.service.pause()
            self._say(self.tr("Paused: the run stops after the step in flight. Resume to go on."))
        self._update_buttons()

    def kill(self) -> None:
        """Kill switch and Esc: safe at any moment, any number of times."""
        if not self.service.busy:
            return
        self._close_card()
        self.service.kill()
        self._say(self.tr("Killed: the step in flight was cancelled; nothing more will happen in this run."))

    def reset_world(self) -> None:
        if self.service.reset_world():
            self._say(self.tr("The world is back to its seed: restaurants, tables, customers and bookings as shipped."))

    def _on_run_started(self, run_id: str) -> None:
        self.run_model = ""
        self.steps.clear()
        self.calls.clear()
        self.step_items.clear()
        self.step_detail.clear()
        self.notice_label.clear()
        self.notice_label.hide()
        self.tool_bars.set_items(self._bars_hint(), [])
        self.tabs.setCurrentIndex(0)
        level = level_name(self.current_level())
        self._say(self.tr("Run {run} ({level}) started: loading the model…").format(run=run_id, level=level))
        self._update_buttons()

    def _step_item(self, step: int) -> QTreeWidgetItem:
        item = self.step_items.get(step)
        if item is None:
            item = QTreeWidgetItem([str(step), "", "", "", "", ""])
            self.steps.addTopLevelItem(item)
            self.step_items[step] = item
        return item

    def _on_event(self, event: AgentEvent) -> None:
        data = event.data or {}
        kind = event.kind
        if kind == "thinking":
            self._say(self.tr("Step {step}: the model is choosing a tool…").format(step=event.step))
            return
        if kind == "paused":
            self._say(self.tr("Paused between steps. Resume to go on."))
            return
        if kind == "resumed":
            self._say(self.tr("Resumed."))
            return
        if kind == "notice":
            message = _t(data.get("message", ""))
            self._say(message)
            shown = self.notice_label.text()
            self.notice_label.setText(f"{shown}\n{message}" if shown else message)
            self.notice_label.show()
            if event.step > 0:
                item = self._step_item(event.step)
                item.setToolTip(0, message)
            return
        if kind == "started":
            self.run_model = str(data.get("model", ""))
            self._say(
                self.tr("Run {run} at the {level} level on {model}.").format(
                    run=data.get("run_id", ""), level=level_name(str(data.get("level", ""))), model=self.run_model
                )
            )
            return
        if kind in ("finished", "interrupted") or event.step <= 0:
            if kind == "interrupted":
                self._say(self.tr("Interrupted: {message}").format(message=_t(data.get("message", ""))))
            return
        count = self.steps.topLevelItemCount()
        last = self.steps.topLevelItem(count - 1) if count else None
        following = self.steps.currentItem() in (None, last)  # the person has not picked an older step
        item = self._step_item(event.step)
        if kind == "proposed":
            call = data.get("call")
            if isinstance(call, ToolCall):
                self.calls[event.step] = call
                item.setText(1, call_label(call.tool, call.args))
                p = dict(call.tool_probs).get(call.tool)
                if p is not None:
                    item.setText(2, f"{p:.0%}")
                    item.setBackground(2, QBrush(probability_color(p)))
                    top = "\n".join(f"{name}: {q:.1%}" for name, q in call.tool_probs[:5])
                    item.setToolTip(2, self.tr("The model's probability for each tool at this choice:") + "\n" + top)
                item.setToolTip(1, call.reason)
            if following:
                self.steps.setCurrentItem(item)
                self._show_step()
            else:
                self.steps.scrollToItem(item)
            self._say(self.tr("Step {step}: proposed {call}").format(step=event.step, call=item.text(1)))
        elif kind == "verdict":
            verdict = data.get("verdict")
            action = word(getattr(verdict, "action", data.get("action", "")))
            rule = getattr(verdict, "rule", data.get("rule"))
            item.setText(3, f"{action} ({rule})" if rule else action)
            why = getattr(verdict, "shown", None) or data.get("message")
            if why:
                item.setToolTip(3, _t(why))
        elif kind == "decision":
            decision = data.get("decision", data.get("kind", ""))  # the kind: approve, edit, reject...
            key = decision if isinstance(decision, str) else str(getattr(decision, "kind", ""))
            reason = data.get("reason") or getattr(decision, "reason", "")
            item.setText(4, word(key))
            item.setData(4, Qt.ItemDataRole.UserRole, key)
            if reason:
                item.setToolTip(4, _t(reason))
        elif kind in ("result", "blocked", "error"):
            text = _t(data.get("text") or data.get("message") or data.get("error") or "")
            item.setText(5, _short(text, 140))
            item.setToolTip(5, text)
            if kind == "result" and data.get("decision"):
                item.setText(4, word(data["decision"]))
                item.setData(4, Qt.ItemDataRole.UserRole, str(data["decision"]))
            if kind == "blocked":
                item.setText(4, word("blocked"))
                item.setData(4, Qt.ItemDataRole.UserRole, "blocked")
                rule = data.get("rule")
                if rule:
                    item.setText(3, "{action} ({rule})".format(action=word("block"), rule=rule))
            if kind != "result" or data.get("ok") is False:
                item.setForeground(5, QBrush(QColor(DECISION_COLORS["blocked" if kind == "blocked" else "error"])))
        color = DECISION_COLORS.get(str(item.data(4, Qt.ItemDataRole.UserRole) or ""))
        if color:
            item.setForeground(4, QBrush(QColor(color)))
        if self.steps.currentItem() is item:
            self._show_step()

    def _show_step(self) -> None:
        item = self.steps.currentItem()
        if item is None:
            return
        step = int(item.text(0))
        call = self.calls.get(step)
        if call is None:
            return
        items = [(name, p, name == call.tool) for name, p in call.tool_probs]
        self.tool_bars.set_items(self.tr("Step {step}: p(tool) at the choice").format(step=step), items)
        lines = [
            self.tr("Step {step}: {tool}").format(step=step, tool=call.tool),
            self.tr("Reason (the model's words): {reason}").format(reason=call.reason),
            self.tr("Arguments:"),
            json.dumps(call.args, indent=2, ensure_ascii=False),
        ]
        labels = {
            3: self.tr("Policy: {text}"),
            4: self.tr("Decision: {text}"),
            5: self.tr("Result: {text}"),
        }
        for col, label in labels.items():
            full = item.toolTip(col) if col == 5 and item.toolTip(col) else item.text(col)
            if full:
                lines.append(label.format(text=full))
        self.step_detail.setPlainText("\n".join(lines))

    def _on_run_finished(self, result: RunResult) -> None:
        self._close_card()
        status = word(result.status)
        seconds = format_number(result.seconds, 1)
        if self.run_model:
            head = self.tr("Run {run} on {model}: {status} after %n step(s) in {seconds} s.", "", result.steps)
        else:
            head = self.tr("Run {run}: {status} after %n step(s) in {seconds} s.", "", result.steps)
        parts = [head.format(run=result.run_id, model=self.run_model, status=status, seconds=seconds)]
        if result.interventions:
            parts.append(self.tr("You stepped in %n time(s).", "", result.interventions))
        if result.blocked:
            parts.append(self.tr("Guardrails blocked %n call(s).", "", result.blocked))
        message = _t(getattr(result, "shown", result.message))  # the Message when core sends one
        if message:
            parts.append(message)
        self._say(" ".join(parts))
        self._update_buttons()

    def _on_run_failed(self, message: str, details: str) -> None:
        self._close_card()
        self._say(self.tr("The run could not go on: {message}").format(message=_t(message)))
        self._update_buttons()

    # -- approvals ---------------------------------------------------------------------------------
    def _on_approval(self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview) -> None:
        self._close_card()
        card = ApprovalCard(call, tool, verdict, preview, self)
        card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        card.decided.connect(self._on_decided)
        card.finished.connect(lambda _r, c=card: self._forget_card(c))
        self.card = card
        self._say(self.tr("Step {step}: waiting for you to approve {tool}.").format(step=call.step, tool=tool.name))
        card.show()
        card.raise_()
        card.activateWindow()
        card.reject_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_decided(self, decision: Decision) -> None:
        self.service.answer(decision)

    def _on_edit_refused(self, errors: list[str]) -> None:
        if self.card is not None:
            self.card.refuse_edit(list(errors))

    def _on_edit_accepted(self) -> None:
        if self.card is not None:
            self.card.edit_accepted()

    def _forget_card(self, card: ApprovalCard) -> None:
        if self.card is card:
            self.card = None

    def _close_card(self) -> None:
        card, self.card = self.card, None
        if card is not None:
            card.dismiss()

    # -- the world and the audit log -----------------------------------------------------------------
    def _on_world_changed(self, state_hash: str) -> None:
        self.world_hash = state_hash
        self.world_label.setText(self.tr("World state: {hash}").format(hash=state_hash[:12]) if state_hash else "")
        self.world_label.setToolTip(self.tr("sha256 of the business tables: {hash}").format(hash=state_hash))

    def _on_rows(self, rows: list[AuditRow]) -> None:
        """Append the rows that are new since the last refresh (the log only grows), then drop the oldest beyond
        what the service sends: a long log costs one row's widgets per new row, not a rebuild."""
        keep = self.selected_row()
        table = self.timeline
        last_id = self.rows[-1].id if self.rows else None
        new = [r for r in rows if last_id is None or r.id > last_id]
        if not rows or (self.rows and rows[0].id < self.rows[0].id):
            new, self.rows = list(rows), []  # not a continuation (a replaced log): start over
            table.setRowCount(0)
        at_bottom = table.verticalScrollBar().value() >= table.verticalScrollBar().maximum() - 2
        table.setUpdatesEnabled(False)
        start = table.rowCount()
        table.setRowCount(start + len(new))
        for r, row in enumerate(new, start):
            self._fill_row(r, row)
        self.rows.extend(new)
        drop = len(self.rows) - max(len(rows), 1)
        if drop > 0:
            for _ in range(drop):
                table.removeRow(0)
            del self.rows[:drop]
        table.setUpdatesEnabled(True)
        if keep is not None:
            for r, row in enumerate(self.rows):
                if row.id == keep.id:
                    table.selectRow(r)
                    break
        if at_bottom and new:
            table.scrollToBottom()
        self._update_buttons()

    def _fill_row(self, r: int, row: AuditRow) -> None:
        result = row.error or row.result
        values = [
            time.strftime("%H:%M:%S", time.localtime(row.time)),
            row.run_id[-6:],
            level_name(row.level, short=True),
            str(row.step),
            row.tool,
            word(row.decision),
            word(row.decided_by),
            _short(result, 160),
        ]
        for c, value in enumerate(values):
            cell = QTableWidgetItem(value)
            if c == 5 and row.decision in DECISION_COLORS:
                cell.setForeground(QBrush(QColor(DECISION_COLORS[row.decision])))
            if c == 4 and row.risk in RISK_COLORS:
                cell.setForeground(QBrush(QColor(RISK_COLORS[row.risk])))
                cell.setToolTip(self.tr("Risk: {risk}").format(risk=risk_word(row.risk)))
            if c == 7:
                args = json.dumps(row.args, ensure_ascii=False)
                cell.setToolTip(self.tr("Arguments: {args}").format(args=args) + "\n" + result)
            self.timeline.setItem(r, c, cell)

    def _show_row(self) -> None:
        row = self.selected_row()
        if row is None:
            self.row_detail.clear()
            return
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row.time))
        lines = [
            self.tr("#{id} {when} · run {run} · {level} · model {model} · step {step}").format(
                id=row.id, when=when, run=row.run_id, level=level_name(row.level), model=row.model, step=row.step
            ),
            self.tr("{tool} · risk: {risk} · {decision}, decided by {who} · {ms} ms").format(
                tool=row.tool or self.tr("(run)"),
                risk=risk_word(row.risk) if row.risk else "-",
                decision=word(row.decision),
                who=word(row.decided_by),
                ms=format_number(row.duration_ms, 1),
            ),
            self.tr("Arguments: {args}").format(args=json.dumps(row.args, ensure_ascii=False)),
        ]
        if row.result:
            lines.append(self.tr("Result: {text}").format(text=row.result))
        if row.error:
            lines.append(self.tr("Error: {text}").format(text=row.error))
        lines.append(
            self.tr("world before {before} after {after}").format(
                before=row.hash_before[:16], after=row.hash_after[:16]
            )
        )
        lines.append(
            self.tr("row hash {hash} (previous {previous})").format(hash=row.row_hash[:16], previous=row.prev_hash[:16])
        )
        self.row_detail.setPlainText("\n".join(lines))

    def selected_row(self) -> AuditRow | None:
        selected = self.timeline.selectionModel().selectedRows() if self.timeline.selectionModel() else []
        if not selected:
            return None
        r = selected[0].row()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _on_record(self, record: dict[str, dict[str, int]]) -> None:
        self.record = dict(record)
        names = [name for name in TOOLS if name in self.record] + [n for n in self.record if n not in TOOLS]
        table = self.record_table
        table.setRowCount(len(names))
        for r, name in enumerate(names):
            counts = self.record[name]
            tool = TOOLS.get(name)
            for c, (key, _label, _tip) in enumerate(RECORD_COLUMNS):
                risk = tool.risk() if tool is not None else ""
                if key == "tool":
                    value = name
                elif key == "risk":
                    value = risk_word(risk)
                elif key == "suggests":
                    value = suggestion(counts)
                else:
                    value = str(counts.get(key, 0))
                cell = QTableWidgetItem(value)
                if key == "risk" and risk in RISK_COLORS:
                    cell.setForeground(QBrush(QColor(RISK_COLORS[risk])))
                table.setItem(r, c, cell)

    def _on_rules(self, rules: dict[str, int]) -> None:
        self.rules = dict(rules)
        if not rules:
            self.rules_label.setToolTip("")
            self.rules_label.setText(self.tr("Guardrails fired: none yet."))
            return
        parts = [f"{name} {count}×" for name, count in sorted(rules.items(), key=lambda kv: -kv[1])]
        self.rules_label.setText(self.tr("Guardrails fired: {rules}.").format(rules=", ".join(parts)))
        meanings = getattr(policy_module, "RULE_TEXT", None) or policy_module.RULES  # what each rule means
        lines = [f"{name}: {_t(meanings[name])}" for name in sorted(rules) if name in meanings]
        self.rules_label.setToolTip("\n".join(lines))

    def _on_verified(self, result: Any) -> None:
        ok = bool(getattr(result, "ok", False))
        message = _t(getattr(result, "shown", getattr(result, "message", "")))
        color = "#2e7d32" if ok else "#c62828"
        self.verify_label.setText(f"<span style='color:{color}'>{html.escape(message)}</span>")
        self._say(message)

    def _export(self, kind: str) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        label = self.tr("CSV (*.csv)") if kind == "csv" else self.tr("JSON lines (*.jsonl)")
        path = file_dialogs.save_file_name(
            self, "export", self.tr("Export the audit log"), f"fm-explorer-audit-{stamp}.{kind}", label, self.settings
        )
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        self.service.export(path)
        self._say(self.tr("Exporting the audit log to {path}…").format(path=path))

    def _on_exported(self, path: str, rows: int) -> None:
        self._say(self.tr("Exported %n audit row(s) to {path}.", "", rows).format(path=path))

    def _on_failed(self, title: object, message: object, _details: object) -> None:
        self._say(self.tr("{title}: {message}").format(title=_t(title), message=_t(message)))

    def undo_selected(self) -> None:
        row = self.selected_row()
        if row is not None and self.service.undo(row):
            self._say(self.tr("Undoing step {step} ({tool})…").format(step=row.step, tool=row.tool))

    def _on_undone(self, result: ToolResult) -> None:
        self._say(self.tr("Undone: {text}").format(text=_t(result.text)))

    # -- shutdown ----------------------------------------------------------------------------------
    def shutdown(self) -> None:
        self._close_card()
        self.service.shutdown()
