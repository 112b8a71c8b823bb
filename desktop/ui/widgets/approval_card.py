"""The approval card: what the agent wants to do, in full, before it happens, and exactly as it would run.

It shows the tool, its complete arguments as JSON (editable), the agent's reason, what the request asks for, a risk
badge, whether the action can be undone, and a preview of the effect: the rows that would change and the exact
message a customer would get; for ``finish``, the summary exactly as it would be recorded and what changed in the
world during the run. The person answers with Approve once, Approve this tool for this run, Edit then approve,
Reject with a reason, or Stop run. Focus starts on Reject, the safe choice; closing the card (Esc, the window's
close button) rejects.

What is shown is what runs. Text from the model, a tool or the world is plain text, never markup. Invisible and
direction-changing characters are drawn visibly: ``⟨U+202E⟩`` in the message, the reason and the rows, and as JSON
escapes (``\\u202e``) in the arguments, which stay exact and editable. Nothing is cut: long values scroll.

Edits: the first press of "Edit then approve" makes the arguments editable; the next sends them to be checked
(``checkEdit``) against the tool's schema, the world and the rules on the agent's thread. Refused ones never run
(``refuse_edit`` says why). Accepted ones come back with their NEW preview (``show_checked``): the card shows the
new rows and message and asks again, and only then "Approve edited" runs them.

Language: the card's own words are ``self.tr`` (context ApprovalCard); core's words come as Messages (context
CoreAutomation) through ``desktop.i18n.translate_message``. The reasons that go back to the agent stay English.
"""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QFontDatabase, QKeySequence, QResizeEvent, QShortcut, QShowEvent
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
from desktop.core.automation.tools import REACHES_CUSTOMER, Preview, Tool, risk_text
from desktop.core.invisible import reveal
from desktop.core.messages import Message, message
from desktop.i18n import translate_message
from desktop.ui.widgets.approval_text import (
    args_text,
    badge,
    change_text,
    effect_badge,
    hidden_characters,
    parse_args,
)

__all__ = ["CLOSED_REASON", "DEFAULT_REJECT_REASON", "RISK_COLORS", "ApprovalCard", "args_text", "change_text"]

RISK_COLORS = {"low": "#2e7d32", "medium": "#b26a00", "high": "#c62828"}
CLOSED_REASON = "The person closed the approval card without approving."  # to the agent: English
DEFAULT_REJECT_REASON = "A person rejected this call."  # to the agent: English


def _plain(text: str = "", wrap: bool = True) -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


def _text_view(text: str, height: int = 120) -> QPlainTextEdit:
    view = QPlainTextEdit(text)
    view.setReadOnly(True)
    view.setTabChangesFocus(True)
    view.setMaximumHeight(height)
    return view


class _RowsTable(QTableWidget):
    """The preview's rows: the change column wraps, and every row is as tall as its text at the width it has."""

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.resizeRowsToContents()


class ApprovalCard(QDialog):
    """One pending tool call. Emits ``decided`` once with the person's Decision, and ``checkEdit`` with edited
    arguments to be checked before they can be approved."""

    decided = Signal(object)  # Decision
    checkEdit = Signal(object)  # dict: edited arguments, to be checked and previewed

    def __init__(
        self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.call, self.tool, self.verdict, self.preview = call, tool, verdict, preview
        self.decision: Decision | None = None
        self.checked_args: dict[str, Any] | None = None  # edited arguments the service checked and previewed
        self._closing_quietly = self._checking = self._answered = False
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
        self.head = QLabel()
        self.head.setTextFormat(Qt.TextFormat.RichText)  # our own words: the tool's name and the badges
        root.addWidget(self.head)
        root.addWidget(_plain(translate_message(self.tool.text)))
        self.verdict_label = _plain()
        root.addWidget(self.verdict_label)
        self.asks_label = _plain()
        root.addWidget(self.asks_label)
        reason = reveal(self.call.reason.strip()) or self.tr("(the agent gave no reason)")
        self.reason_label = _plain(
            self.tr("The agent's reason (written by the model, not checked): “{reason}”").format(reason=reason)
        )
        root.addWidget(self.reason_label)
        self.args_title = _plain(self.tr("Arguments (complete; press Edit to change them)"))
        root.addWidget(self.args_title)
        self.args_edit = QPlainTextEdit(args_text(self.call.args))
        self.args_edit.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.args_edit.setReadOnly(True)
        self.args_edit.setTabChangesFocus(True)
        lines = self.args_edit.toPlainText().count("\n") + 2
        self.args_edit.setFixedHeight(min(max(lines, 3), 14) * self.args_edit.fontMetrics().lineSpacing() + 12)
        root.addWidget(self.args_edit)
        self.hidden_label = _plain()
        self.hidden_label.setStyleSheet("color: #c62828;")
        root.addWidget(self.hidden_label)
        self.error_label = _plain()
        self.error_label.setStyleSheet("color: #c62828;")
        self.error_label.hide()
        root.addWidget(self.error_label)
        self.preview_box = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_box)
        self.preview_layout.setContentsMargins(0, 0, 0, 0)
        root.addWidget(self.preview_box)
        self._show(self.call.args, self.verdict, self.preview)

        reason_row = QHBoxLayout()
        reason_row.addWidget(QLabel(self.tr("Reason for rejecting:")))
        self.reject_reason = QLineEdit()
        self.reject_reason.setPlaceholderText(self.tr("Goes back to the agent as the tool's error (optional)"))
        reason_row.addWidget(self.reject_reason, 1)
        root.addLayout(reason_row)
        button_row = self._buttons()
        root.addLayout(button_row)
        # Wide enough for the row of buttons: "Approve check_availability for this run" was cut at 560 px.
        margins = root.contentsMargins()
        self.setMinimumWidth(max(self.minimumWidth(), button_row.sizeHint().width() + margins.left() + margins.right()))
        keys = QLabel(
            self.tr(
                "Keys: Enter or Esc rejects · Ctrl+Enter approves once · Ctrl+Shift+Enter approves the tool for this "
                "run · Ctrl+E edits · Ctrl+R types a reason · Ctrl+Shift+S stops the run"
            )
        )
        keys.setWordWrap(True)
        keys.setEnabled(False)  # drawn muted
        root.addWidget(keys)

    def _buttons(self) -> QHBoxLayout:
        buttons = QHBoxLayout()
        self.approve_button = QPushButton(self.tr("Approve once"))
        self.approve_button.setToolTip(self.tr("Run this call once, as shown (Ctrl+Enter)"))
        self.approve_tool_button = QPushButton(self.tr("Approve {tool} for this run").format(tool=self.tool.name))
        self.approve_tool_button.setToolTip(
            self.tr(
                "Run this call and let the rest of this run use this tool without asking (Ctrl+Shift+Enter). "
                "Rules still apply, and the record counts those calls apart from the ones you approve one by one."
            )
        )
        self.edit_button = QPushButton(self.tr("Edit then approve"))
        self.edit_button.setToolTip(
            self.tr("Change the arguments, check them, then approve what they will do (Ctrl+E)")
        )
        self.reject_button = QPushButton(self.tr("Reject"))
        self.reject_button.setToolTip(
            self.tr("Do not run it; the reason goes back to the agent (Enter; Esc or closing the card also rejects)")
        )
        self.stop_button = QPushButton(self.tr("Stop run"))
        self.stop_button.setToolTip(self.tr("Reject this call and end the run (Ctrl+Shift+S)"))
        for b in (self.approve_button, self.approve_tool_button, self.edit_button):
            buttons.addWidget(b)
            b.setAutoDefault(False)
        self.approve_tool_button.setVisible(self.tool.name != "finish")  # a run ends once
        buttons.addStretch(1)
        buttons.addWidget(self.reject_button)
        buttons.addWidget(self.stop_button)
        self.stop_button.setAutoDefault(False)
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
            QShortcut(QKeySequence(keys_text), self).activated.connect(slot)
        return buttons

    def _show(self, args: dict[str, Any], verdict: Verdict, preview: Preview) -> None:
        """The head, the verdict, what the request asks for, the hidden characters and the preview, for ``args``."""
        self.verdict, self.preview = verdict, preview
        risk, effect = self.tool.risk(), self.tool.effect()
        head = f"<span style='font-size:14pt; font-weight:600'>{html.escape(self.tool.name)}</span>&nbsp;&nbsp;"
        head += (
            badge(translate_message(risk_text(risk)), RISK_COLORS.get(risk, "#555")) + "&nbsp;" + effect_badge(effect)
        )
        if self.tool.annotations.open_world:
            head += f"&nbsp;{badge(translate_message(message(REACHES_CUSTOMER)), '#ad1457')}"
        if verdict.rule == "not_asked":
            unasked = self.tr("not asked for")
            head += "&nbsp;" + badge(unasked, "#e65100")
        self.head.setText(head)
        why = translate_message(verdict.shown) or self.tr("This call waits for a person at this level.")
        if verdict.rule:
            why = self.tr("{why} (rule: {rule})").format(why=why, rule=verdict.rule)
        self.verdict_label.setText(self.tr("Why you are asked: {why}").format(why=why))
        self.verdict_label.setStyleSheet("color: #e65100; font-weight: 600;" if verdict.rule == "not_asked" else "")
        asks = translate_message(verdict.asks)
        if asks:
            self.asks_label.setText(self.tr("The request asks for: {asks}").format(asks=asks))
        else:
            self.asks_label.setText(self.tr("The request asks for no booking or payment effect."))
        hidden = hidden_characters(args)
        self.hidden_label.setText(
            self.tr(
                "Invisible or direction-changing characters in the arguments (shown as \\u escapes): {names}"
            ).format(names=", ".join(hidden))
            if hidden
            else ""
        )
        self.hidden_label.setVisible(bool(hidden))
        while self.preview_layout.count():
            taken = self.preview_layout.takeAt(0)
            widget = taken.widget() if taken is not None else None
            if widget is not None:
                widget.deleteLater()
        self._fill_preview(preview)

    def _fill_preview(self, preview: Preview) -> None:
        add = self.preview_layout.addWidget
        summary = translate_message(preview.shown_summary) or self.tr("No preview.")
        self.preview_label = _plain(self.tr("What would happen: {summary}").format(summary=summary))
        add(self.preview_label)
        if preview.error:
            failure = _plain(
                self.tr("This call would fail: {error}").format(error=translate_message(preview.shown_error or ""))
            )
            failure.setStyleSheet("color: #c62828;")
            add(failure)
        self.message_view: QPlainTextEdit | None = None
        self.recorded_view: QPlainTextEdit | None = None
        self.rows_table: QTableWidget | None = None
        if preview.recorded is not None:
            add(_plain(self.tr("The summary, exactly as it will be recorded (the model's words, not checked):")))
            self.recorded_view = _text_view(reveal(preview.recorded), 90)
            add(self.recorded_view)
        if preview.message is not None:
            add(_plain(self.tr("The exact message that would be sent:")))
            self.message_view = _text_view(reveal(preview.message))
            add(self.message_view)
        if preview.during_run:
            add(_plain(self.tr("What changed in the world during this run:") if preview.rows else self.tr(
                "Nothing changed in the world during this run: no row, no message."
            )))  # fmt: skip
        if preview.rows:
            self.rows_table = self._rows(preview.rows)
            add(self.rows_table)

    def _rows(self, rows: list[dict[str, Any]]) -> QTableWidget:
        headers = [self.tr("Table"), self.tr("Change"), self.tr("Key"), self.tr("What changes")]
        table = _RowsTable(len(rows), len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setTabKeyNavigation(False)
        table.setWordWrap(True)
        for r, row in enumerate(rows):
            values = [str(row.get("table", "")), str(row.get("op", "")), str(row.get("key", "")), change_text(row)]
            for c, value in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(value))
        header = table.horizontalHeader()
        for c in range(3):
            header.setSectionResizeMode(c, header.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, header.ResizeMode.Stretch)  # the change wraps: never cut, never scrolled
        table.resizeRowsToContents()
        table.setMinimumHeight(min(40 + 24 * len(rows), 120))
        table.setMaximumHeight(min(60 + 60 * len(rows), 260))
        table.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        return table

    # -- answers -----------------------------------------------------------------------------------
    @property
    def editing(self) -> bool:
        return not self.args_edit.isReadOnly()

    @property
    def checking(self) -> bool:
        """Edited arguments are with the service; every button waits for its answer (milliseconds)."""
        return self._checking

    def _finish(self, decision: Decision) -> None:
        if self._answered or self._checking:
            return
        self._answered = True
        self.decision = decision
        self.decided.emit(decision)
        self._closing_quietly = True
        self.done(QDialog.DialogCode.Accepted if decision.kind not in ("reject", "stop") else 0)

    def approve_once(self) -> None:
        if self.checked_args is not None:  # after a checked edit, the approval is of what was checked
            self._finish(Decision(kind="edit", args=dict(self.checked_args)))
        elif not self.editing:
            self._finish(Decision(kind="approve"))

    def approve_tool(self) -> None:
        if self.checked_args is None and not self.editing:
            self._finish(Decision(kind="approve_tool"))

    def edit_or_approve_edit(self) -> None:
        """First press: make the arguments editable. Next: send them to be checked (they come back previewed)."""
        if self._checking or self._answered:
            return
        if not self.editing:
            self.checked_args = None
            self.args_edit.setReadOnly(False)
            self.args_edit.setFocus(Qt.FocusReason.OtherFocusReason)
            self.args_title.setText(self.tr("Arguments: edit them, then press Check the edit (Ctrl+Enter)"))
            self.edit_button.setText(self.tr("Check the edit"))
            self.approve_button.setText(self.tr("Approve once"))
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
        self.checkEdit.emit(args)

    def show_checked(self, args: dict[str, Any], verdict: Verdict, preview: Preview) -> None:
        """The service accepted the edited arguments: show what they will do, and ask again."""
        self._checking = False
        self.checked_args = dict(args)
        self.args_edit.setPlainText(args_text(args))
        self.args_edit.setReadOnly(True)
        self.args_title.setText(self.tr("Edited arguments, checked: this is what will run"))
        self.error_label.hide()
        self._show(args, verdict, preview)
        self._set_buttons_enabled(True)
        self.approve_button.setText(self.tr("Approve edited"))
        self.approve_tool_button.setEnabled(False)
        self.edit_button.setText(self.tr("Edit again"))
        self.approve_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def refuse_edit(self, errors: list[Message | str]) -> None:
        """The service refused the edited arguments: say why and let the person fix them, or reject."""
        self._checking = False
        self._set_buttons_enabled(True)
        self.approve_button.setEnabled(False)
        self.approve_tool_button.setEnabled(False)
        self.show_errors(errors)
        self.args_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_errors(self, errors: list[Message | str]) -> None:
        """Why the arguments were not run: core's Messages (or plain strings) in the installed language."""
        self.error_label.setStyleSheet("color: #c62828;")
        text = (
            self.tr("Not run: {errors}").format(errors=" ".join(translate_message(e) for e in errors)) if errors else ""
        )
        self.error_label.setText(text)
        self.error_label.setVisible(bool(text))

    def _set_buttons_enabled(self, enabled: bool) -> None:
        for b in (
            self.approve_button,
            self.approve_tool_button,
            self.edit_button,
            self.reject_button,
            self.stop_button,
        ):
            b.setEnabled(enabled)

    def reject_call(self, reason: str | None = None) -> None:
        text = (reason if reason is not None else self.reject_reason.text()).strip()
        self._finish(Decision(kind="reject", reason=text or DEFAULT_REJECT_REASON))

    def stop_run(self) -> None:
        self._finish(Decision(kind="stop", reason=self.reject_reason.text().strip()))

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
        self._answered, self._checking, self._closing_quietly = True, False, True
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
