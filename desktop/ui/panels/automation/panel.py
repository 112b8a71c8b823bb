"""Automation panel: a restaurant-booking agent at three levels of autonomy (crawl, walk, run), with a person's
approval card, rules in code, a kill switch, and an audit log a person can verify and export.

This module is the shell: it lays the areas out and wires them to the two services the window gives it, the agent
service (runs, approvals, the world) and the audit service (the log's timeline, record, Verify and Export). Each
area is a module of its own: ``header`` (levels and run buttons), ``inbox``, ``steps``, ``card`` (the approval
card's life), ``audit_view``, ``record``; ``words`` holds the shared vocabulary and the one way to show text the
panel did not write. Promotion is the person's call.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QTreeWidget, QWidget

from desktop.core.automation.agent import AgentEvent, RunResult
from desktop.core.automation.audit import AuditRow, VerifyResult
from desktop.core.automation.policy import Level
from desktop.core.automation.recovery import OpenReport
from desktop.core.automation.tools import ToolResult
from desktop.core.automation.world import Request
from desktop.core.messages import Message
from desktop.i18n import format_number
from desktop.services.agent_service import AgentService
from desktop.services.audit_service import AuditService
from desktop.services.settings import Settings
from desktop.ui.language import on_language_change
from desktop.ui.panels.automation.audit_view import AutomationAudit
from desktop.ui.panels.automation.card import AutomationApprovals
from desktop.ui.panels.automation.header import AutomationHeader
from desktop.ui.panels.automation.inbox import AutomationInbox
from desktop.ui.panels.automation.record import AutomationRecord
from desktop.ui.panels.automation.steps import AutomationSteps
from desktop.ui.panels.automation.words import level_name, plain_label, shown, visible, word
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.approval_card import ApprovalCard
from desktop.ui.widgets.fit_scroll import scrolling_page


class AutomationPanel(QWidget):
    def __init__(
        self, agents: AgentService, audit: AuditService, settings: Settings | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = agents  # the window's status bar reads service.host_pid()
        self.audit = audit
        self.settings = settings
        self.world_hash = ""
        self.run_model = ""  # the step model's name, from the run's "started" event
        self._start_notice = ""  # what the start found, kept in front of the first check's result
        root = scrolling_page(self)
        self.header = AutomationHeader(settings)
        root.addWidget(self.header)
        split = QSplitter(Qt.Orientation.Horizontal)
        self.inbox = AutomationInbox()
        split.addWidget(self.inbox)
        self.tabs = QTabWidget()
        self.steps_view = AutomationSteps()
        self.audit_view = AutomationAudit()
        self.record = AutomationRecord()
        for area in (self.steps_view, self.audit_view, self.record):
            self.tabs.addTab(area, "")
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 5)
        split.setSizes([380, 820])
        root.addWidget(split, 1)
        self.status = plain_label()
        self.world_label = QLabel()
        status_row = QHBoxLayout()
        status_row.addWidget(self.status, 1)
        status_row.addWidget(self.world_label)
        root.addLayout(status_row)
        self.approvals = AutomationApprovals(agents, self)
        self._wire()
        self.retranslate()
        on_language_change(self, self.retranslate)
        self._update_buttons()
        self._fill_models()
        agents.load_inbox()  # opens the database; the log is read once it is open (``opened``)

    # -- what scripts and tests reach (the areas' widgets by their old names) --------------------------------
    @property
    def card(self) -> ApprovalCard | None:
        return self.approvals.card

    @property
    def steps(self) -> QTreeWidget:
        return self.steps_view.tree

    @property
    def level(self) -> QComboBox:
        return self.header.level

    @property
    def requests(self) -> list[Request]:
        return self.inbox.requests

    @property
    def run_btn(self) -> QPushButton:
        return self.header.run_btn

    def _wire(self) -> None:
        a, h, audit, view = self.service, self.header, self.audit, self.audit_view
        h.run_btn.clicked.connect(self.run)
        h.pause_btn.clicked.connect(self.toggle_pause)
        h.kill_btn.clicked.connect(self.kill)
        h.reset_btn.clicked.connect(self.reset_world)
        h.level.currentIndexChanged.connect(lambda _i: self._update_buttons())
        h.fresh.toggled.connect(lambda on: setattr(a, "fresh_world_per_run", on))
        self.inbox.changed.connect(self._update_buttons)
        view.verify_btn.clicked.connect(audit.verify)
        view.export_jsonl_btn.clicked.connect(lambda: self._export("jsonl"))
        view.export_csv_btn.clicked.connect(lambda: self._export("csv"))
        view.undo_btn.clicked.connect(self.undo_selected)
        view.repair.connect(self.repair_world)
        view.selectionChanged.connect(self._update_buttons)
        self.steps_view.said.connect(self._say)
        self.approvals.said.connect(self._say)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.kill)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.run)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.run)
        a.agentEvent.connect(self._on_event)
        a.runStarted.connect(self._on_run_started)
        a.runFinished.connect(self._on_run_finished)
        a.runFailed.connect(self._on_run_failed)
        a.busyChanged.connect(lambda _b: self._update_buttons())
        a.pausedChanged.connect(lambda _p: self._update_buttons())
        a.inboxLoaded.connect(self.inbox.set_requests)
        a.worldChanged.connect(self._on_world_changed)
        a.opened.connect(self._on_opened)
        a.undone.connect(self._on_undone)
        a.failed.connect(self._on_failed)
        a.logChanged.connect(audit.refresh)
        a.choicesChanged.connect(self._fill_models)
        h.model_pick.currentIndexChanged.connect(self._on_model_pick)
        audit.auditRows.connect(self._on_rows)
        audit.statsReady.connect(self.record.set_record)
        audit.rulesReady.connect(self.record.set_rules)
        audit.verified.connect(self._on_verified)
        audit.exported.connect(lambda path, rows: self._say(
            self.tr("Exported %n audit row(s) to {path}.", "", rows).format(path=path)
        ))  # fmt: skip
        audit.failed.connect(self._on_failed)
        if a.models is not None:
            a.models.loaded.connect(lambda _r: self._update_model_note())
            a.models.unloaded.connect(self._update_model_note)

    # -- state -----------------------------------------------------------------------------------------------
    def current_level(self) -> Level:
        return self.header.current_level()

    def current_request(self) -> Request | None:
        return self.inbox.current()

    def select_request(self, request_id: str) -> None:
        self.inbox.select(request_id)

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _update_buttons(self) -> None:
        a = self.service
        self.header.set_busy(a.busy, a.paused, self.current_request() is not None)
        row = self.audit_view.selected()
        self.audit_view.undo_btn.setEnabled(not a.busy and row is not None and a.undo_token(row) is not None)

    def _fill_models(self) -> None:
        self.header.set_choices(self.service.model_choices(), self.service.model_key)
        self._on_model_pick()

    def _on_model_pick(self, _index: int = -1) -> None:
        self.service.model_key = self.header.chosen_key()
        self._update_model_note()

    def _update_model_note(self) -> None:
        if self.service.on_server():
            self.header.set_model(self.service.model_name(), True, server=True)
            return
        models = self.service.models
        loaded = models is not None and models.model is not None
        self.header.set_model(self.service.model_name(), loaded)

    # -- runs ------------------------------------------------------------------------------------------------
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
        self.approvals.close()
        self.service.kill()
        self._say(self.tr("Killed: the step in flight was cancelled; nothing more will happen in this run."))

    def reset_world(self) -> None:
        if self.service.reset_world():
            self._say(self.tr("The world is back to its seed: restaurants, tables, customers and bookings as shipped."))

    def repair_world(self) -> None:
        if self.service.repair_world():
            self.audit_view.repaired()
            self._say(self.tr("The world is back to its seed, and the log records the repair."))

    def _on_run_started(self, run_id: str) -> None:
        self.run_model = ""
        self.steps_view.clear()
        self.tabs.setCurrentIndex(0)
        level = level_name(self.current_level())
        self._say(self.tr("Run {run} ({level}) started: loading the model…").format(run=run_id, level=level))
        self._update_buttons()

    def _on_event(self, event: AgentEvent) -> None:
        self.steps_view.on_event(event)
        data = event.data or {}
        if event.kind == "started":
            self.run_model = str(data.get("model", ""))
            self._say(self.tr("Run {run} at the {level} level on {model}.").format(
                run=data.get("run_id", ""), level=level_name(str(data.get("level", ""))), model=visible(self.run_model)
            ))  # fmt: skip
        elif event.kind == "paused":
            self._say(self.tr("Paused between steps. Resume to go on."))
        elif event.kind == "resumed":
            self._say(self.tr("Resumed."))
        elif event.kind == "interrupted":
            self._say(self.tr("Interrupted: {message}").format(message=shown(data.get("message", ""))))

    def _on_run_finished(self, result: RunResult) -> None:
        """The result line comes from the world (what changed, what was sent); the model's summary is shown as the
        model's, in its own words."""
        self.approvals.close()
        seconds, status = format_number(result.seconds, 1), word(result.status)
        if self.run_model:
            head = self.tr("Run {run} on {model}: {status} after %n step(s) in {seconds} s.", "", result.steps)
        else:
            head = self.tr("Run {run}: {status} after %n step(s) in {seconds} s.", "", result.steps)
        parts = [head.format(run=result.run_id, model=visible(self.run_model), status=status, seconds=seconds)]
        if result.status not in ("finished", "step_limit"):
            parts.append(shown(result.shown))
        parts.append(shown(result.outcome_text or result.outcome))
        if result.interventions:
            parts.append(self.tr("You stepped in %n time(s).", "", result.interventions))
        if result.blocked:
            parts.append(self.tr("Rules blocked %n call(s).", "", result.blocked))
        if result.summary:
            parts.append(self.tr("The model's summary (its own words, not checked): “{summary}”").format(
                summary=visible(result.summary)
            ))  # fmt: skip
        self._say(" ".join(p for p in parts if p))
        self._update_buttons()

    def _on_run_failed(self, message: str, details: str) -> None:
        self.approvals.close()
        self._say(self.tr("The run could not go on: {message}").format(message=shown(message)))
        self._update_buttons()

    # -- the world and the log -------------------------------------------------------------------------------
    def _on_world_changed(self, state_hash: str) -> None:
        self.world_hash = state_hash
        self.world_label.setText(self.tr("World state: {hash}").format(hash=state_hash[:12]) if state_hash else "")
        self.world_label.setToolTip(self.tr("sha256 of the business tables: {hash}").format(hash=state_hash))

    def _on_opened(self, report: OpenReport, notes: list[Message]) -> None:
        """What the start found (runs the app never ended, a world the log does not explain) is shown at once."""
        self.audit_view.set_report(report, notes)
        if report.interrupted or report.mismatch is not None or notes:
            self.tabs.setCurrentWidget(self.audit_view)
            self._start_notice = self.tr("The app found something at start: see the Audit log tab.")
            self._say(self._start_notice)
        self.audit.verify()

    def _on_rows(self, rows: list[AuditRow]) -> None:
        self.audit_view.set_rows(rows)
        self._update_buttons()

    def _on_verified(self, result: VerifyResult) -> None:
        # The first check's result joins what the start found instead of hiding it.
        notice, self._start_notice = self._start_notice, ""
        self._say(" ".join(t for t in (notice, self.audit_view.show_verified(result)) if t))

    def selected_row(self) -> AuditRow | None:
        return self.audit_view.selected()

    def _export(self, kind: str) -> None:
        title, label = self.audit_view.export_label(kind)
        path = file_dialogs.save_file_name(
            self, "export", title, self.audit_view.export_name(kind), label, self.settings
        )
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        self.audit.export(path)
        self._say(self.tr("Exporting the audit log to {path}…").format(path=path))

    def _on_failed(self, title: object, message: object, _details: object) -> None:
        self._say(self.tr("{title}: {message}").format(title=shown(title), message=shown(message)))

    def undo_selected(self) -> None:
        row = self.selected_row()
        if row is not None and self.service.undo(row):
            self._say(self.tr("Undoing step {step} ({tool})…").format(step=row.step, tool=row.tool))

    def _on_undone(self, result: ToolResult) -> None:
        self._say(self.tr("Undone: {text}").format(text=shown(result.shown)))

    def retranslate(self) -> None:
        """The tabs' names; each area retranslates itself, and the status line keeps its last message."""
        self.tabs.setTabText(0, self.tr("Steps"))
        self.tabs.setTabText(1, self.tr("Audit log"))
        self.tabs.setTabText(2, self.tr("Record"))
        if not self.status.text():
            self._say(self.tr("Pick a request and press Run."))
        self._on_world_changed(self.world_hash)
        self._update_model_note()

    # -- shutdown --------------------------------------------------------------------------------------------
    def shutdown(self) -> None:
        self.approvals.close()
        self.service.shutdown()
        self.audit.shutdown()
