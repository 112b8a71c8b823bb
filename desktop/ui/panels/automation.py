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

from PySide6.QtCore import Qt
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

from desktop.core.automation.agent import AgentEvent, Decision, RunResult, ToolCall
from desktop.core.automation.audit import AuditRow
from desktop.core.automation.policy import Level, Verdict
from desktop.core.automation.tools import TOOLS, Preview, Tool, ToolResult
from desktop.core.automation.world import Request
from desktop.services.agent_service import AgentService
from desktop.services.model_service import ModelService
from desktop.services.settings import Settings
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.approval_card import RISK_COLORS, ApprovalCard
from desktop.ui.widgets.charts import AlternativesBars
from desktop.ui.widgets.fit_scroll import scrolling_page
from desktop.ui.widgets.token_text import probability_color

EXPLANATION = (
    "<b>Crawl, walk, run.</b> <i>AI Engineering</i> (ch. 1), after Microsoft (2023), describes handing work to AI "
    "in stages. <b>Crawl:</b> a person must approve every action. <b>Walk:</b> the AI works with staff: it "
    "looks things up, holds tables and drafts replies on its own, and asks before anything reaches a customer or "
    "cannot be undone. <b>Run:</b> it answers customers alone, inside guardrails that code checks before any "
    "effect (party size, deposits, opening hours, no double booking, messages only to the customer who wrote, a "
    "rate limit). The rules are enforced in code, never in the prompt."
)
MODEL_WARNING = (
    "<b>About the model.</b> The bundled model has 135 million parameters. Grammar-constrained decoding means "
    "it always proposes a well-formed tool call, but it <b>will make poor choices</b>: the wrong restaurant, "
    "the wrong tool, a step too many. That is the point of crawl: a person catches them. Watch how often you "
    "reject or edit a tool's calls before you let it walk."
)
LEVEL_TEXT = {
    Level.CRAWL: "Crawl: every call waits for your approval.",
    Level.WALK: "Walk: look-ups, holds, notes and drafts run alone; customer-facing or irreversible calls ask.",
    Level.RUN: "Run: everything runs alone unless a guardrail blocks it. Kill (Esc) stops it at once.",
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
RECORD_COLUMNS = [  # (key, header, tooltip)
    ("tool", "Tool", "The tool"),
    ("risk", "Risk", "From the tool's annotations: low reads, medium changes the business, high reaches a customer"),
    ("auto", "Alone", "Calls that ran without a person (the level allowed them)"),
    ("approved", "Approved", "Calls a person approved unchanged"),
    ("edited", "Edited", "Calls a person approved after changing the arguments"),
    ("rejected", "Rejected", "Calls a person rejected (or stopped the run on)"),
    ("blocked", "Blocked", "Calls a guardrail refused, whatever the level"),
    ("error", "Failed", "Calls with invalid arguments or that failed"),
    ("suggests", "What the record suggests", "Plain words from the numbers; moving a level is your decision"),
]
TIMELINE_COLUMNS = ["Time", "Run", "Level", "Step", "Tool", "Decision", "Decided by", "Result"]
TIMELINE_WIDTHS = [62, 56, 44, 36, 118, 70, 96, 0]  # 0: the Result column takes the rest


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def call_label(tool: str, args: dict[str, Any]) -> str:
    inner = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in args.items())
    return f"{tool}({_short(inner, 90)})"


def suggestion(counts: dict[str, int]) -> str:
    """Plain words from a tool's record. The numbers inform the person; they never promote a level."""
    asked = counts.get("approved", 0) + counts.get("edited", 0) + counts.get("rejected", 0)
    blocked = counts.get("blocked", 0)
    if asked + blocked + counts.get("auto", 0) == 0:
        return "No record yet"
    if asked < 5:
        return f"Too few decisions to judge ({asked} of 5)"
    ok = counts.get("approved", 0) / asked
    bad = (counts.get("edited", 0) + counts.get("rejected", 0)) / asked
    if ok >= 0.9 and blocked == 0:
        return f"{ok:.0%} approved unchanged: a case for letting it run alone"
    if bad >= 0.3:
        return f"{bad:.0%} edited or rejected: keep a person on it"
    return f"{ok:.0%} approved unchanged: keep watching"


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
        self.calls: dict[int, ToolCall] = {}
        self.run_model = ""  # the step model's name, from the run's "started" event
        self.step_items: dict[int, QTreeWidgetItem] = {}
        self._build()
        self._wire()
        self._update_buttons()
        self._update_model_note()
        self.service.load_inbox()
        self.service.refresh_audit()

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        root = scrolling_page(self)
        title = QLabel("Automation: a booking agent at rising autonomy")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        title.setFont(font)
        root.addWidget(title)
        self.explanation = QLabel(EXPLANATION)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.explanation)
        self.warning = QLabel(MODEL_WARNING)
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.warning)

        bar = QHBoxLayout()
        self.level = QComboBox()
        for level in Level:
            self.level.addItem(level.value.capitalize(), level.value)
            self.level.setItemData(self.level.count() - 1, LEVEL_TEXT[level], Qt.ItemDataRole.ToolTipRole)
        saved = self.settings.get_str("automation/level", Level.CRAWL.value) if self.settings else "crawl"
        index = self.level.findData(saved)
        self.level.setCurrentIndex(max(index, 0))
        self.fresh = QCheckBox("Fresh world for each run")
        self.fresh.setChecked(True)
        self.fresh.setToolTip(
            "Start each run from a copy of the seed world. Untick to let runs build on each other's effects."
        )
        self.run_btn = QPushButton("Run")
        self.run_btn.setToolTip("Run the agent on the selected request (Ctrl+Enter)")
        self.pause_btn = QPushButton("Pause")
        self.pause_btn.setToolTip("Stop between steps; Resume goes on")
        self.kill_btn = QPushButton("Kill")
        self.kill_btn.setToolTip("Kill switch: stop the run now, in the middle of a step (Esc)")
        self.kill_btn.setStyleSheet("QPushButton:enabled { color: white; background: #c62828; font-weight: 600; }")
        self.reset_btn = QPushButton("Reset world")
        self.reset_btn.setToolTip("Put the restaurants, tables and bookings back to the seed")
        bar.addWidget(QLabel("Level"))
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
        left_layout.addWidget(QLabel("<b>Inbox</b>"))
        self.inbox = QTreeWidget()
        self.inbox.setHeaderLabels(["Request", "From", "Who", "Lang"])
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
        self.request_view.setPlaceholderText("The selected request. Its text is data for the agent, never orders.")
        left_layout.addWidget(self.request_view, 1)
        split.addWidget(left)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._build_steps(), "Steps")
        self.tabs.addTab(self._build_timeline(), "Audit log")
        self.tabs.addTab(self._build_record(), "Record")
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([430, 770])
        root.addWidget(split, 1)
        self.status = QLabel("Pick a request and press Run.")
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
        self.steps.setHeaderLabels(["Step", "Proposed call", "p(tool)", "Policy", "Decision", "Result"])
        self.steps.setRootIsDecorated(False)
        self.steps.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.steps.header().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.steps, 3)
        lower = QSplitter(Qt.Orientation.Horizontal)
        self.tool_bars = AlternativesBars()
        self.tool_bars.title = "Select a step: the probability the model gave each tool at the choice."
        lower.addWidget(self.tool_bars)
        self.step_detail = QPlainTextEdit()
        self.step_detail.setReadOnly(True)
        self.step_detail.setPlaceholderText("The selected step's arguments, reason and result.")
        lower.addWidget(self.step_detail)
        layout.addWidget(lower, 2)
        return box

    def _build_timeline(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        self.timeline = QTableWidget(0, len(TIMELINE_COLUMNS))
        self.timeline.setHorizontalHeaderLabels(TIMELINE_COLUMNS)
        self.timeline.verticalHeader().hide()
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.timeline.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        timeline_header = self.timeline.horizontalHeader()
        for c, width in enumerate(TIMELINE_WIDTHS):  # fixed widths: a long log never re-measures its columns
            if width:
                self.timeline.setColumnWidth(c, width)
        timeline_header.setSectionResizeMode(len(TIMELINE_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.timeline, 3)
        self.row_detail = QPlainTextEdit()
        self.row_detail.setReadOnly(True)
        self.row_detail.setPlaceholderText("Select a row: all of it, with the world's hash before and after.")
        layout.addWidget(self.row_detail, 1)
        row = QHBoxLayout()
        self.verify_btn = QPushButton("Verify")
        self.verify_btn.setToolTip("Check every row's hash chain: a changed or removed row is found")
        self.export_jsonl_btn = QPushButton("Export JSONL…")
        self.export_csv_btn = QPushButton("Export CSV…")
        self.undo_btn = QPushButton("Undo selected")
        self.undo_btn.setToolTip("Undo the selected row's effect, where its tool can be undone")
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
        note = QLabel(
            "For each tool: how often a person approved its calls unchanged, edited or rejected them, and how often "
            "a guardrail fired, over every run in the audit log. A tool a person nearly always approves unchanged "
            "is a candidate to move up a level; one that is often edited or rejected should stay with a person. "
            "<b>Moving a level is your decision</b>: the panel never does it for you."
        )
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(note)
        self.record_table = QTableWidget(0, len(RECORD_COLUMNS))
        self.record_table.setHorizontalHeaderLabels([label for _, label, _ in RECORD_COLUMNS])
        for c, (_, _, tip) in enumerate(RECORD_COLUMNS):
            header_item = self.record_table.horizontalHeaderItem(c)
            if header_item is not None:
                header_item.setToolTip(tip)
        self.record_table.verticalHeader().hide()
        self.record_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.record_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        record_header = self.record_table.horizontalHeader()
        record_header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        record_header.setSectionResizeMode(len(RECORD_COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.record_table, 1)
        self.rules_label = QLabel("Guardrails fired: none yet.")
        self.rules_label.setWordWrap(True)
        layout.addWidget(self.rules_label)
        return box

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
        s.exported.connect(lambda path, n: self._say(f"Exported {n} audit rows to {path}"))
        s.undone.connect(self._on_undone)
        s.failed.connect(lambda title, message, _d: self._say(f"{title}: {message}"))
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
        self.pause_btn.setText("Resume" if self.service.paused else "Pause")
        self.kill_btn.setEnabled(busy)
        self.reset_btn.setEnabled(not busy)
        self.level.setEnabled(not busy)
        self.fresh.setEnabled(not busy)
        row = self.selected_row()
        self.undo_btn.setEnabled(not busy and row is not None and self.service.undo_token(row) is not None)

    def _update_model_note(self) -> None:
        path = self.service.model_path()
        if path is None:
            self.model_note.setText("No model: load one in the Models panel.")
            return
        loaded = self.models is not None and self.models.model is not None
        source = "the model loaded in Models" if loaded else "the bundled default; load another in Models to change"
        self.model_note.setText(f"Agent model: {path.name} ({source}). It runs in a model host of its own.")

    def _on_level(self) -> None:
        level = self.current_level()
        self.level_text.setText(LEVEL_TEXT[level])
        if self.settings is not None:
            self.settings.set("automation/level", level.value)

    # -- inbox -------------------------------------------------------------------------------------
    def _on_inbox(self, requests: list[Request]) -> None:
        current = self.current_request()
        self.requests = list(requests)
        self.inbox.clear()
        for req in self.requests:
            who = "external" if req.external else "internal"
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
            who = "customer (external)" if req.external else "staff (internal)"
            body = req.body if len(req.body) <= 20_000 else req.body[:20_000] + f"\n… ({len(req.body):,} characters)"
            self.request_view.setPlainText(
                f"{req.id} · from {req.sender}, {who}, {req.language}\n{req.subject}\n\n{body}"
            )
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
            self._say("Resumed.")
        else:
            self.service.pause()
            self._say("Paused: the run stops after the step in flight. Resume to go on.")
        self._update_buttons()

    def kill(self) -> None:
        """Kill switch and Esc: safe at any moment, any number of times."""
        if not self.service.busy:
            return
        self._close_card()
        self.service.kill()
        self._say("Killed: the step in flight was cancelled; nothing more will happen in this run.")

    def reset_world(self) -> None:
        if self.service.reset_world():
            self._say("The world is back to its seed: restaurants, tables, customers and bookings as shipped.")

    def _on_run_started(self, run_id: str) -> None:
        self.run_model = ""
        self.steps.clear()
        self.calls.clear()
        self.step_items.clear()
        self.step_detail.clear()
        self.notice_label.clear()
        self.notice_label.hide()
        self.tool_bars.set_items("Select a step: the probability the model gave each tool at the choice.", [])
        self.tabs.setCurrentIndex(0)
        level = self.current_level().value
        self._say(f"Run {run_id} ({level}) started: loading the model…")
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
            self._say(f"Step {event.step}: the model is choosing a tool…")
            return
        if kind == "paused":
            self._say("Paused between steps. Resume to go on.")
            return
        if kind == "resumed":
            self._say("Resumed.")
            return
        if kind == "notice":
            message = str(data.get("message", ""))
            self._say(message)
            shown = self.notice_label.text()
            self.notice_label.setText(f"{shown}\n{message}" if shown else message)
            self.notice_label.show()
            if event.step > 0:
                item = self._step_item(event.step)
                item.setToolTip(0, str(data.get("message", "")))
            return
        if kind == "started":
            self.run_model = str(data.get("model", ""))
            self._say(f"Run {data.get('run_id', '')} at {data.get('level', '')} level on {self.run_model}.")
            return
        if kind in ("finished", "interrupted") or event.step <= 0:
            if kind == "interrupted":
                self._say(f"Interrupted: {data.get('message', '')}")
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
                    item.setToolTip(2, f"The model's probability for each tool at this choice:\n{top}")
                item.setToolTip(1, call.reason)
            if following:
                self.steps.setCurrentItem(item)
                self._show_step()
            else:
                self.steps.scrollToItem(item)
            self._say(f"Step {event.step}: proposed {item.text(1)}")
        elif kind == "verdict":
            verdict = data.get("verdict")
            action = getattr(verdict, "action", data.get("action", ""))
            rule = getattr(verdict, "rule", data.get("rule"))
            item.setText(3, f"{action} ({rule})" if rule else str(action))
        elif kind == "decision":
            decision = data.get("decision", data.get("kind", ""))  # the kind: approve, edit, reject...
            text = decision if isinstance(decision, str) else str(getattr(decision, "kind", ""))
            reason = data.get("reason") or getattr(decision, "reason", "")
            item.setText(4, str(text))
            if reason:
                item.setToolTip(4, str(reason))
        elif kind in ("result", "blocked", "error"):
            text = str(data.get("text") or data.get("message") or data.get("error") or "")
            item.setText(5, _short(text, 140))
            item.setToolTip(5, text)
            if kind == "result" and data.get("decision"):
                item.setText(4, str(data["decision"]))
            if kind == "blocked":
                item.setText(4, "blocked")
                rule = data.get("rule")
                if rule:
                    item.setText(3, f"block ({rule})")
            if kind != "result" or data.get("ok") is False:
                item.setForeground(5, QBrush(QColor(DECISION_COLORS["blocked" if kind == "blocked" else "error"])))
        color = DECISION_COLORS.get(item.text(4).split(" ")[0])
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
        self.tool_bars.set_items(f"Step {step}: p(tool) at the choice", items)
        lines = [
            f"Step {step}: {call.tool}",
            f"Reason (the model's words): {call.reason}",
            "Arguments:",
            json.dumps(call.args, indent=2, ensure_ascii=False),
        ]
        for col, label in ((3, "Policy"), (4, "Decision"), (5, "Result")):
            full = item.toolTip(col) if col == 5 and item.toolTip(col) else item.text(col)
            if full:
                lines.append(f"{label}: {full}")
        self.step_detail.setPlainText("\n".join(lines))

    def _on_run_finished(self, result: RunResult) -> None:
        self._close_card()
        extra = f" Guardrails blocked {result.blocked}." if result.blocked else ""
        asked = f" You were asked {result.interventions} times." if result.interventions else ""
        model = f" on {self.run_model}" if self.run_model else ""
        self._say(
            f"Run {result.run_id}{model}: {result.status} after {result.steps} steps in {result.seconds:.1f} s."
            f"{asked}{extra} {result.message}".strip()
        )
        self._update_buttons()

    def _on_run_failed(self, message: str, details: str) -> None:
        self._close_card()
        self._say(f"The run could not go on: {message}")
        self._update_buttons()

    # -- approvals ---------------------------------------------------------------------------------
    def _on_approval(self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview) -> None:
        self._close_card()
        card = ApprovalCard(call, tool, verdict, preview, self)
        card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        card.decided.connect(self._on_decided)
        card.finished.connect(lambda _r, c=card: self._forget_card(c))
        self.card = card
        self._say(f"Step {call.step}: waiting for you to approve {tool.name}.")
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
        self.world_label.setText(f"World state: {state_hash[:12]}" if state_hash else "")
        self.world_label.setToolTip(f"sha256 of the business tables: {state_hash}")

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
            row.level,
            str(row.step),
            row.tool,
            row.decision,
            row.decided_by,
            _short(result, 160),
        ]
        for c, value in enumerate(values):
            cell = QTableWidgetItem(value)
            if c == 5 and value in DECISION_COLORS:
                cell.setForeground(QBrush(QColor(DECISION_COLORS[value])))
            if c == 4 and row.risk in RISK_COLORS:
                cell.setForeground(QBrush(QColor(RISK_COLORS[row.risk])))
                cell.setToolTip(f"{row.risk} risk")
            if c == 7:
                cell.setToolTip(f"args: {json.dumps(row.args, ensure_ascii=False)}\n{result}")
            self.timeline.setItem(r, c, cell)

    def _show_row(self) -> None:
        row = self.selected_row()
        if row is None:
            self.row_detail.clear()
            return
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row.time))
        lines = [
            f"#{row.id} {when} · run {row.run_id} · {row.level} · model {row.model} · step {row.step}",
            f"{row.tool or '(run)'} · {row.risk or '-'} risk · {row.decision} by {row.decided_by} · "
            f"{row.duration_ms:.1f} ms",
            f"args: {json.dumps(row.args, ensure_ascii=False)}",
        ]
        if row.result:
            lines.append(f"result: {row.result}")
        if row.error:
            lines.append(f"error: {row.error}")
        lines.append(f"world before {row.hash_before[:16]} after {row.hash_after[:16]}")
        lines.append(f"row hash {row.row_hash[:16]} (previous {row.prev_hash[:16]})")
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
                if key == "tool":
                    value = name
                elif key == "risk":
                    value = tool.risk() if tool is not None else ""
                elif key == "suggests":
                    value = suggestion(counts)
                else:
                    value = str(counts.get(key, 0))
                cell = QTableWidgetItem(value)
                if key == "risk" and value in RISK_COLORS:
                    cell.setForeground(QBrush(QColor(RISK_COLORS[value])))
                table.setItem(r, c, cell)

    def _on_rules(self, rules: dict[str, int]) -> None:
        if not rules:
            self.rules_label.setText("Guardrails fired: none yet.")
            return
        parts = [f"{name} {count}×" for name, count in sorted(rules.items(), key=lambda kv: -kv[1])]
        self.rules_label.setText("Guardrails fired: " + ", ".join(parts) + ".")

    def _on_verified(self, result: Any) -> None:
        ok = bool(getattr(result, "ok", False))
        message = str(getattr(result, "message", ""))
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
        self._say(f"Exporting the audit log to {path}…")

    def undo_selected(self) -> None:
        row = self.selected_row()
        if row is not None and self.service.undo(row):
            self._say(f"Undoing step {row.step} ({row.tool})…")

    def _on_undone(self, result: ToolResult) -> None:
        self._say(f"Undone: {result.text}")

    # -- shutdown ----------------------------------------------------------------------------------
    def shutdown(self) -> None:
        self._close_card()
        self.service.shutdown()
