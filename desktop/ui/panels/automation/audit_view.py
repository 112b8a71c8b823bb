"""The Audit log tab: what the last start found (runs the app never ended, a world the log does not explain, with
Repair), the timeline of every row, the selected row in full, Verify, Export and Undo.

Rows hold the model's and the customers' words: plain cells, visible invisible characters, long values cut with a
note (the row's detail shows them whole).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.automation.audit import AuditRow, VerifyResult
from desktop.core.automation.policy import Level
from desktop.core.automation.recovery import OpenReport
from desktop.core.messages import QT_TRANSLATE_NOOP, Message
from desktop.i18n import format_number
from desktop.ui.language import on_language_change
from desktop.ui.panels.automation.words import (
    DECISION_COLORS,
    cell,
    level_name,
    plain_label,
    plain_tip,
    risk_word,
    shown,
    tr,
    visible,
    word,
)
from desktop.ui.widgets.approval_card import RISK_COLORS

COLUMNS = [
    QT_TRANSLATE_NOOP("AutomationTimeline", "Time"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Run"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Level"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Step"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Tool"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Decision"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Decided by"),
    QT_TRANSLATE_NOOP("AutomationTimeline", "Result"),
]
WIDTHS = [62, 56, 44, 36, 118, 70, 96, 0]  # at least; 0: the Result column takes the rest


class AutomationAudit(QWidget):
    repair = Signal()  # the person asks to put the world back to the seed
    selectionChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self.report: OpenReport | None = None
        self.notes: list[Message] = []
        layout = QVBoxLayout(self)
        self.banner = plain_label()
        self.banner.hide()
        layout.addWidget(self.banner)
        self.repair_btn = QPushButton()
        self.repair_btn.hide()
        self.repair_btn.clicked.connect(self.repair)
        layout.addWidget(self.repair_btn)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(len(COLUMNS) - 1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 3)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        layout.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        self.verify_btn = QPushButton()
        self.export_jsonl_btn = QPushButton()
        self.export_csv_btn = QPushButton()
        self.undo_btn = QPushButton()
        for b in (self.verify_btn, self.export_jsonl_btn, self.export_csv_btn, self.undo_btn):
            buttons.addWidget(b)
        self.verify_label = plain_label()
        buttons.addWidget(self.verify_label, 1)
        layout.addLayout(buttons)
        self.table.itemSelectionChanged.connect(self._show_row)
        self.table.itemSelectionChanged.connect(self.selectionChanged)
        self.retranslate()
        on_language_change(self, self.retranslate)

    # ----- what the start found -----------------------------------------------------------------------------
    def set_report(self, report: OpenReport, notes: list[Message]) -> None:
        self.report, self.notes = report, list(notes)
        self._show_report()

    def _show_report(self) -> None:
        report = self.report
        lines = [shown(n) for n in self.notes]
        if report is not None and report.interrupted:
            lines.append(
                self.tr(
                    "The app stopped during %n run(s) (killed, crashed, or the machine went down). Each now has an "
                    "“interrupted” row; everything those runs did is in the log, and nothing ran after it.",
                    "",
                    len(report.interrupted),
                )
            )
        mismatch = report is not None and report.mismatch is not None
        if report is not None and report.mismatch is not None:
            lines.append(shown(report.mismatch))
        self.banner.setText("\n".join(lines))
        self.banner.setVisible(bool(lines))
        self.banner.setStyleSheet("color: #c62828;" if mismatch else "color: #b26a00;")
        self.repair_btn.setVisible(mismatch)

    def repaired(self) -> None:
        if self.report is not None:
            self.report.mismatch = None
        self._show_report()

    # ----- the timeline -------------------------------------------------------------------------------------
    def set_rows(self, rows: list[AuditRow]) -> None:
        """Append the rows that are new since the last refresh (the log only grows), then drop the oldest beyond
        what the service sends: a long log costs one row's widgets per new row, not a rebuild."""
        keep = self.selected()
        table = self.table
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
            self._fill(r, row)
        self.rows.extend(new)
        drop = len(self.rows) - max(len(rows), 1)
        for _ in range(max(drop, 0)):
            table.removeRow(0)
        del self.rows[: max(drop, 0)]
        table.setUpdatesEnabled(True)
        if keep is not None:
            for r, row in enumerate(self.rows):
                if row.id == keep.id:
                    table.selectRow(r)
                    break
        if at_bottom and new:
            table.scrollToBottom()
        if new and self.rows and last_id is not None:
            self.verify_label.clear()  # a verdict on fewer rows would read as one on these

    def _fill(self, r: int, row: AuditRow) -> None:
        result = row.error or row.result
        values = [
            time.strftime("%H:%M:%S", time.localtime(row.time)),
            row.run_id[-6:],
            level_name(row.level, short=True) if row.level else "",
            str(row.step),
            cell(row.tool, 40),
            word(row.decision),
            cell(word(row.decided_by), 40),
            cell(result, 160),
        ]
        for c, value in enumerate(values):
            item = QTableWidgetItem(value)
            if c == 5 and row.decision in DECISION_COLORS:
                item.setForeground(QBrush(QColor(DECISION_COLORS[row.decision])))
            if c == 4 and row.risk in RISK_COLORS:
                item.setForeground(QBrush(QColor(RISK_COLORS[row.risk])))
                item.setToolTip(plain_tip(self.tr("Risk: {risk}").format(risk=risk_word(row.risk))))
            if c == 7:
                args = json.dumps(row.args, ensure_ascii=False)
                item.setToolTip(plain_tip(self.tr("Arguments: {args}").format(args=args) + "\n" + result))
            self.table.setItem(r, c, item)

    def selected(self) -> AuditRow | None:
        model = self.table.selectionModel()
        chosen = model.selectedRows() if model is not None else []
        if not chosen:
            return None
        r = chosen[0].row()
        return self.rows[r] if 0 <= r < len(self.rows) else None

    def _show_row(self) -> None:
        row = self.selected()
        if row is None:
            self.detail.clear()
            return
        when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(row.time))
        lines = [
            self.tr("#{id} {when} · run {run} · {level} · model {model} · step {step}").format(
                id=row.id,
                when=when,
                run=row.run_id,
                level=level_name(row.level) if row.level else "-",
                model=visible(row.model),
                step=row.step,
            ),
            self.tr("{tool} · risk: {risk} · {decision}, decided by {who} · {ms} ms").format(
                tool=visible(row.tool) or self.tr("(run)"),
                risk=risk_word(row.risk) if row.risk else "-",
                decision=word(row.decision),
                who=visible(word(row.decided_by)),
                ms=format_number(row.duration_ms, 1),
            ),
            self.tr("Arguments: {args}").format(args=visible(json.dumps(row.args, ensure_ascii=False))),
        ]
        if row.result:
            lines.append(self.tr("Result: {text}").format(text=visible(row.result)))
        if row.error:  # a person's or a rule's reason is not an error
            why = row.decision in ("rejected", "blocked", "killed")
            label = self.tr("Why: {text}") if why else self.tr("Error: {text}")
            lines.append(label.format(text=visible(row.error)))
        lines.append(
            self.tr("world before {before} after {after}").format(
                before=row.hash_before[:16], after=row.hash_after[:16]
            )
        )
        lines.append(
            self.tr("row hash {hash} (previous {previous})").format(hash=row.row_hash[:16], previous=row.prev_hash[:16])
        )
        self.detail.setPlainText("\n".join(lines))

    def show_verified(self, result: VerifyResult) -> str:
        text = shown(result.shown)
        self.verify_label.setText(text)
        self.verify_label.setStyleSheet("color: #2e7d32;" if result.ok else "color: #c62828;")
        return text

    def export_label(self, kind: str) -> tuple[str, str]:
        """(dialog title, file filter) for an export of ``kind`` (csv or jsonl)."""
        label = self.tr("CSV (*.csv)") if kind == "csv" else self.tr("JSON lines (*.jsonl)")
        return self.tr("Export the audit log"), label

    def export_name(self, kind: str) -> str:
        return str(Path(f"fm-explorer-audit-{time.strftime('%Y%m%d-%H%M%S')}.{kind}"))

    def _fit_columns(self) -> None:
        """Fixed widths (a long log never re-measures its columns), wide enough for the header and the words of the
        installed language."""
        metrics = self.table.horizontalHeader().fontMetrics()
        cells = self.table.fontMetrics()
        samples: dict[int, list[str]] = {
            2: [level_name(level, short=True) for level in Level],
            5: [word(key) for key in DECISION_COLORS],
            6: [word(key) for key in ("policy", "person", "host", "agent", "app", "kill switch")],
        }
        for c, least in enumerate(WIDTHS):
            if least:
                width = max(least, metrics.horizontalAdvance(tr(COLUMNS[c])) + 24)
                for text in samples.get(c, []):
                    width = max(width, cells.horizontalAdvance(text) + 12)
                self.table.setColumnWidth(c, width)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([tr(c) for c in COLUMNS])
        self._fit_columns()
        for r, row in enumerate(self.rows):
            self._fill(r, row)
        self.detail.setPlaceholderText(self.tr("Select a row: all of it, with the world's hash before and after."))
        self.verify_btn.setText(self.tr("Verify"))
        self.verify_btn.setToolTip(
            self.tr("Check every row's keyed hash and link, the row ids, and the head recorded outside the log")
        )
        self.export_jsonl_btn.setText(self.tr("Export JSONL…"))
        self.export_csv_btn.setText(self.tr("Export CSV…"))
        self.undo_btn.setText(self.tr("Undo selected"))
        self.undo_btn.setToolTip(self.tr("Undo the selected row's effect, where its tool can be undone"))
        self.repair_btn.setText(self.tr("Repair: put the world back to the seed"))
        self._show_row()
        self._show_report()
