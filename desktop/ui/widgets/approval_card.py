"""The approval card: what the agent wants to do, in full, before it happens.

It shows the tool, its complete arguments as JSON (editable), the agent's reason, a risk badge, whether the
action can be undone, and a preview of the effect (the rows that would change, or the exact message). The
person answers with Approve once, Approve this tool for this run, Edit then approve, Reject with a reason, or
Stop run. Focus starts on Reject, the safe choice; closing the card (Esc, the window's close button) rejects.

Edited arguments go back to the agent service, which checks them against the tool's schema and the world on
the agent's thread; until it accepts them the card stays open, and if it refuses them the card says why.
Arguments that are not even a JSON object never leave the card.

Language: the card's own words are ``self.tr`` (context ApprovalCard); the tool's description, the risk and
effect words, the policy's verdict and the preview come from core as Messages (context CoreAutomation) and are
shown through ``desktop.i18n.translate_message``. The reasons that go back to the agent (``CLOSED_REASON``,
``DEFAULT_REJECT_REASON``, the stop reason) stay English: the model and the audit log read them. A card lives for
one decision, so a language switch applies to the next card.
"""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFontDatabase, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.automation.agent import Decision, ToolCall
from desktop.core.automation.policy import Verdict
from desktop.core.automation.tools import REACHES_CUSTOMER, Preview, Tool, effect_text, risk_text
from desktop.core.messages import Message, message
from desktop.i18n import translate_message

RISK_COLORS = {"low": "#2e7d32", "medium": "#b26a00", "high": "#c62828"}
CLOSED_REASON = "The person closed the approval card without approving."  # to the agent: English
DEFAULT_REJECT_REASON = "A person rejected this call."  # to the agent: English


def badge(text: str, color: str) -> str:
    """A small coloured label as rich text (readable in light and dark palettes: white on a strong colour)."""
    return f"<span style='background:{color}; color:white; font-weight:600;'>&nbsp;{html.escape(text)}&nbsp;</span>"


def args_text(args: dict[str, Any]) -> str:
    return json.dumps(args, indent=2, ensure_ascii=False, sort_keys=False)


def change_text(row: dict[str, Any]) -> str:
    """One preview row's change in words: the new fields of an insert, old -> new for an update."""
    before = row.get("before") if isinstance(row.get("before"), dict) else None
    after = row.get("after") if isinstance(row.get("after"), dict) else None
    if before is None and after is not None:
        return ", ".join(f"{k}={v}" for k, v in after.items())
    if after is None and before is not None:
        return QCoreApplication.translate("ApprovalCard", "removes {fields}").format(
            fields=", ".join(f"{k}={v}" for k, v in before.items())
        )
    if before is not None and after is not None:
        changed = [f"{k}: {before.get(k)} → {v}" for k, v in after.items() if before.get(k) != v]
        return ", ".join(changed) or QCoreApplication.translate("ApprovalCard", "no field changes")
    return ""


EFFECT_COLORS = {"none": "#455a64", "undoable": "#1565c0", "irreversible": "#6a1b9a"}


def effect_badge(effect: str) -> str:
    """The effect's badge in the installed language ("can be undone")."""
    return badge(translate_message(effect_text(effect)), EFFECT_COLORS.get(effect, EFFECT_COLORS["irreversible"]))


def parse_args(text: str) -> tuple[dict[str, Any] | None, str]:
    """The edited arguments as a dict, or None and why not (plain words)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, QCoreApplication.translate(
            "ApprovalCard", "The arguments are not valid JSON (line {line}, column {column}: {error})."
        ).format(line=exc.lineno, column=exc.colno, error=exc.msg)
    if not isinstance(value, dict):
        return None, QCoreApplication.translate(
            "ApprovalCard", 'The arguments must be a JSON object: {"name": value, …}.'
        )
    return value, ""


class ApprovalCard(QDialog):
    """One pending tool call. Emits ``decided`` once with the person's Decision (an edit may be refused by the
    service and then answered again: see ``refuse_edit``)."""

    decided = Signal(object)  # Decision

    def __init__(
        self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.call = call
        self.tool = tool
        self.verdict = verdict
        self.preview = preview
        self.decision: Decision | None = None
        self._closing_quietly = False
        self._checking = False
        self._answered = False
        self.setWindowTitle(self.tr("Approve step {step}: {tool}?").format(step=call.step, tool=tool.name))
        # Not modal: while deciding, a person can read the request, the steps and the audit log behind it (and Kill).
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.setMinimumWidth(560)
        self._build()
        self.reject_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._answered and not self.editing:
            self.reject_button.setFocus(Qt.FocusReason.OtherFocusReason)  # the safe choice

    # -- layout ------------------------------------------------------------------------------------
    def _build(self) -> None:
        root = QVBoxLayout(self)
        tool = self.tool
        risk = tool.risk()
        effect = tool.effect()
        head = QLabel(
            f"<span style='font-size:14pt; font-weight:600'>{html.escape(tool.name)}</span>&nbsp;&nbsp;"
            + badge(translate_message(risk_text(risk)), RISK_COLORS.get(risk, "#555"))
            + "&nbsp;"
            + effect_badge(effect)
            + (
                f"&nbsp;{badge(translate_message(message(REACHES_CUSTOMER)), '#ad1457')}"
                if tool.annotations.open_world
                else ""
            )
        )
        head.setTextFormat(Qt.TextFormat.RichText)
        self.head = head
        root.addWidget(head)
        description = QLabel(html.escape(translate_message(tool.text)))
        description.setWordWrap(True)
        root.addWidget(description)

        why = translate_message(self.verdict.shown) or self.tr("This call waits for a person at this level.")
        if self.verdict.rule:
            why = self.tr("{why} (rule: {rule})").format(why=why, rule=self.verdict.rule)
        self.verdict_label = QLabel(self.tr("<i>Why you are asked:</i> {why}").format(why=html.escape(why)))
        self.verdict_label.setWordWrap(True)
        self.verdict_label.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.verdict_label)

        reason = self.call.reason.strip() or self.tr("(the agent gave no reason)")
        self.reason_label = QLabel(
            self.tr("<b>The agent's reason</b> (written by the model, not checked): “{reason}”").format(
                reason=html.escape(reason)
            )
        )
        self.reason_label.setWordWrap(True)
        self.reason_label.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.reason_label)

        root.addWidget(QLabel(self.tr("<b>Arguments</b> (complete; press Edit to change them)")))
        self.args_edit = QPlainTextEdit(args_text(self.call.args))
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.args_edit.setFont(fixed)
        self.args_edit.setReadOnly(True)
        self.args_edit.setTabChangesFocus(True)
        lines = self.args_edit.toPlainText().count("\n") + 2
        height = min(max(lines, 3), 14) * self.args_edit.fontMetrics().lineSpacing() + 12
        self.args_edit.setFixedHeight(height)
        root.addWidget(self.args_edit)
        self.error_label = QLabel("")
        self.error_label.setWordWrap(True)
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        root.addWidget(self.error_label)

        root.addWidget(self._preview_widget())

        reason_row = QHBoxLayout()
        reason_row.addWidget(QLabel(self.tr("Reason for rejecting:")))
        self.reject_reason = QLineEdit()
        self.reject_reason.setPlaceholderText(self.tr("Goes back to the agent as the tool's error (optional)"))
        reason_row.addWidget(self.reject_reason, 1)
        root.addLayout(reason_row)

        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Approve once"))
        self.approve_button.setToolTip(self.tr("Run this call once, as shown (Ctrl+Enter)"))
        self.approve_tool_button = QPushButton(self.tr("Approve {tool} for this run").format(tool=tool.name))
        self.approve_tool_button.setToolTip(
            self.tr(
                "Run this call and let the rest of this run use this tool without asking (Ctrl+Shift+Enter). "
                "Guardrails still apply."
            )
        )
        self.edit_button = QPushButton(self.tr("Edit then approve"))
        self.edit_button.setToolTip(self.tr("Change the arguments, then approve them (Ctrl+E; then Ctrl+Enter)"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.setToolTip(
            self.tr("Do not run it; the reason goes back to the agent (Enter; Esc or closing the card also rejects)")
        )
        self.stop_button = QPushButton(self.tr("Stop run"))
        self.stop_button.setToolTip(self.tr("Reject this call and end the run (Ctrl+Shift+S)"))
        for b in (self.approve_button, self.approve_tool_button, self.edit_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.stop_button)
        root.addLayout(buttons)
        keys = QLabel(
            self.tr(
                "Keys: Enter or Esc rejects · Ctrl+Enter approves once · Ctrl+Shift+Enter approves the tool for this "
                "run · Ctrl+E edits · Ctrl+R types a reason · Ctrl+Shift+S stops the run"
            )
        )
        keys.setWordWrap(True)
        keys.setEnabled(False)  # drawn muted
        root.addWidget(keys)
        for b in (self.approve_button, self.approve_tool_button, self.edit_button, self.stop_button):
            b.setAutoDefault(False)
            b.setDefault(False)
        self.reject_button.setAutoDefault(True)
        self.reject_button.setDefault(True)

        self.approve_button.clicked.connect(self.approve_once)
        self.approve_tool_button.clicked.connect(self.approve_tool)
        self.edit_button.clicked.connect(self.edit_or_approve_edit)
        self.reject_button.clicked.connect(lambda: self.reject_call())
        self.stop_button.clicked.connect(self.stop_run)
        self.reject_reason.returnPressed.connect(lambda: self.reject_call())
        for keys_text, slot in (
            ("Ctrl+Return", self._ctrl_enter),
            ("Ctrl+Enter", self._ctrl_enter),
            ("Ctrl+Shift+Return", self._approve_tool_key),
            ("Ctrl+Shift+Enter", self._approve_tool_key),
            ("Ctrl+E", self._edit_key),
            ("Ctrl+R", lambda: self.reject_reason.setFocus(Qt.FocusReason.ShortcutFocusReason)),
            ("Ctrl+Shift+S", self.stop_run),
        ):
            shortcut = QShortcut(QKeySequence(keys_text), self)
            shortcut.activated.connect(slot)

    def _preview_widget(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        preview = self.preview
        summary = translate_message(preview.shown_summary) or self.tr("No preview.")
        text = self.tr("<b>What would happen:</b> {summary}").format(summary=html.escape(summary))
        if preview.error:
            failure = self.tr("<b>This call would fail:</b> {error}").format(
                error=html.escape(translate_message(preview.shown_error or ""))
            )
            text += f"<br><span style='color:#c62828'>{failure}</span>"
        self.preview_label = QLabel(text)
        self.preview_label.setWordWrap(True)
        self.preview_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.preview_label)
        self.message_view: QPlainTextEdit | None = None
        self.rows_table: QTableWidget | None = None
        if preview.message is not None:
            layout.addWidget(QLabel(self.tr("The exact message that would be sent:")))
            view = QPlainTextEdit(preview.message)
            view.setReadOnly(True)
            view.setTabChangesFocus(True)
            view.setMaximumHeight(120)
            layout.addWidget(view)
            self.message_view = view
        if preview.rows:
            headers = [self.tr("Table"), self.tr("Change"), self.tr("Key"), self.tr("What changes")]
            table = QTableWidget(len(preview.rows), len(headers))
            table.setHorizontalHeaderLabels(headers)
            table.verticalHeader().hide()
            table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
            table.setTabKeyNavigation(False)
            table.setWordWrap(True)
            for r, row in enumerate(preview.rows):
                values = [str(row.get("table", "")), str(row.get("op", "")), str(row.get("key", "")), change_text(row)]
                for c, value in enumerate(values):
                    table.setItem(r, c, QTableWidgetItem(value))
            table.resizeColumnsToContents()
            table.horizontalHeader().setStretchLastSection(True)
            table.resizeRowsToContents()
            table.setMaximumHeight(min(40 + 40 * len(preview.rows), 200))
            table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
            layout.addWidget(table)
            self.rows_table = table
        return box

    # -- answers -----------------------------------------------------------------------------------
    @property
    def editing(self) -> bool:
        return not self.args_edit.isReadOnly()

    def _finish(self, decision: Decision) -> None:
        if self._answered or self._checking:
            return
        self._answered = True
        self.decision = decision
        self.decided.emit(decision)
        self._closing_quietly = True
        self.done(QDialog.DialogCode.Accepted if decision.kind not in ("reject", "stop") else 0)

    def approve_once(self) -> None:
        self._finish(Decision(kind="approve"))

    def approve_tool(self) -> None:
        self._finish(Decision(kind="approve_tool"))

    def edit_or_approve_edit(self) -> None:
        """First press: make the arguments editable. Second press: approve the edited arguments."""
        if self._checking or self._answered:
            return
        if not self.editing:
            self.args_edit.setReadOnly(False)
            self.args_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.edit_button.setText(self.tr("Approve edited"))
            self.approve_button.setEnabled(False)
            self.approve_tool_button.setEnabled(False)
            return
        self.submit_edit()

    def submit_edit(self) -> None:
        if self._checking or self._answered:
            return
        args, problem = parse_args(self.args_edit.toPlainText())
        if args is None:
            self.show_errors([problem])
            return
        if args == self.call.args:
            self._finish(Decision(kind="approve"))  # an edit that changed nothing is an approval
            return
        self.error_label.setText(self.tr("Checking the edited arguments…"))
        self.error_label.setStyleSheet("")
        self.error_label.show()
        self._checking = True
        self._set_buttons_enabled(False)
        self.decision = Decision(kind="edit", args=args)
        self.decided.emit(self.decision)

    @property
    def checking(self) -> bool:
        """Edited arguments are with the service; every button waits for its answer (milliseconds)."""
        return self._checking

    def edit_accepted(self) -> None:
        """The service accepted the edited arguments: the card's job is done."""
        self._checking = False
        self._answered = True
        self._closing_quietly = True
        self.done(QDialog.DialogCode.Accepted)

    def refuse_edit(self, errors: list[Message | str]) -> None:
        """The service refused the edited arguments: say why and let the person fix them, or reject."""
        self._checking = False
        self.decision = None
        self._set_buttons_enabled(True)
        self.approve_button.setEnabled(False)
        self.approve_tool_button.setEnabled(False)
        self.show_errors(errors)
        self.args_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_errors(self, errors: list[Message | str]) -> None:
        """Why the arguments were not run: core's Messages (or plain strings) in the installed language."""
        self.error_label.setStyleSheet("color: #c62828;")
        shown = " ".join(translate_message(e) for e in errors)
        text = self.tr("Not run: {errors}").format(errors=shown) if errors else ""
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for b in (self.approve_button, self.approve_tool_button, self.edit_button, self.reject_button):
            b.setEnabled(enabled)
        self.stop_button.setEnabled(enabled)

    def reject_call(self, reason: str | None = None) -> None:
        text = (reason if reason is not None else self.reject_reason.text()).strip()
        self._finish(Decision(kind="reject", reason=text or DEFAULT_REJECT_REASON))

    def stop_run(self) -> None:
        self._finish(Decision(kind="stop", reason="A person stopped the run."))

    def _approve_tool_key(self) -> None:
        if not self.editing:
            self.approve_tool()

    def _edit_key(self) -> None:
        if not self.editing:
            self.edit_or_approve_edit()

    def _ctrl_enter(self) -> None:
        if self.editing:
            self.edit_or_approve_edit()
        else:
            self.approve_once()

    def dismiss(self) -> None:
        """Close without answering (the run already ended: killed, or the service shut down)."""
        self._answered = True
        self._checking = False
        self._closing_quietly = True
        self.done(0)

    # -- closing rejects ---------------------------------------------------------------------------
    def reject(self) -> None:  # Esc, and QDialog's own close path
        if self._checking:
            return
        if self._closing_quietly:
            super().reject()
            return
        self.reject_call(self.reject_reason.text().strip() or CLOSED_REASON)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._checking:
            event.ignore()  # the edited arguments are being checked; the answer comes in milliseconds
            return
        if not self._closing_quietly:
            self.reject_call(self.reject_reason.text().strip() or CLOSED_REASON)
        super().closeEvent(event)
