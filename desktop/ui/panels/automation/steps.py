"""The run's steps as they come: the call the model proposed (tinted by the probability it gave that tool), the
policy's verdict, the decision and the result; for the selected step, p(tool) for every candidate and everything
about the step; and, while the model works, what the step is doing and for how long.

Everything here that the model or a tool wrote is shown as plain text, with invisible characters drawn visibly;
long values in the table say how much was cut, and the step's detail shows them whole.
"""

from __future__ import annotations

import json
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.automation.agent import AgentEvent, ToolCall
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.ui.language import on_language_change
from desktop.ui.panels.automation.tool_chart import ToolBars
from desktop.ui.panels.automation.words import (
    DECISION_COLORS,
    call_label,
    cell,
    plain_label,
    plain_tip,
    shown,
    tr,
    visible,
    word,
)
from desktop.ui.widgets.token_text import probability_color

COLUMNS = [
    QT_TRANSLATE_NOOP("AutomationPanel", "Step"),
    QT_TRANSLATE_NOOP("AutomationPanel", "Proposed call"),
    "p(tool)",
    QT_TRANSLATE_NOOP("AutomationPanel", "Policy"),
    QT_TRANSLATE_NOOP("AutomationPanel", "Decision"),
    QT_TRANSLATE_NOOP("AutomationPanel", "Result"),
]
PHASES = {  # what a step is doing (the model's phases, host_model.py) -> words
    "starting": QT_TRANSLATE_NOOP("AutomationPanel", "preparing the step"),
    "reading": QT_TRANSLATE_NOOP("AutomationPanel", "reading the request and the results so far"),
    "choosing": QT_TRANSLATE_NOOP("AutomationPanel", "choosing a tool"),
    "arguments": QT_TRANSLATE_NOOP("AutomationPanel", "writing the arguments"),
    "reason": QT_TRANSLATE_NOOP("AutomationPanel", "writing its reason"),
}
FULL = Qt.ItemDataRole.UserRole + 1  # a cell's whole text (the step's detail shows it)


# A reviewer's decision (calls.Decision.kind) -> the audit log's word for it.
DECIDED = {
    "approve": "approved",
    "approve_tool": "approved_for_run",
    "edit": "edited",
    "reject": "rejected",
    "stop": "stopped",
}


class AutomationSteps(QWidget):
    said = Signal(str)  # a line for the panel's status

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calls: dict[int, ToolCall] = {}
        self.items: dict[int, QTreeWidgetItem] = {}
        self._phase: tuple[int, str, float] | None = None  # step, phase, since
        layout = QVBoxLayout(self)
        self.notice = plain_label()
        self.notice.setStyleSheet("color: #b26a00;")
        self.notice.hide()
        layout.addWidget(self.notice)
        self.progress = plain_label()
        self.progress.hide()
        layout.addWidget(self.progress)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setRootIsDecorated(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        fit, stretch = QHeaderView.ResizeMode.ResizeToContents, QHeaderView.ResizeMode.Stretch
        for column, mode in enumerate((fit, stretch, fit, fit, fit, stretch)):
            header.setSectionResizeMode(column, mode)
        split = QSplitter(Qt.Orientation.Vertical)  # the person may give the steps or the chart more room
        split.addWidget(self.tree)
        lower = QSplitter(Qt.Orientation.Horizontal)
        chart = QWidget()
        chart_layout = QVBoxLayout(chart)
        chart_layout.setContentsMargins(0, 0, 0, 0)
        self.chart_title = QLabel()
        self.chart_title.setWordWrap(True)
        self.chart_title.setTextFormat(Qt.TextFormat.PlainText)
        chart_layout.addWidget(self.chart_title)
        self.bars = ToolBars()
        scroll = QScrollArea()  # twelve bars need not fit a small window: they scroll
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.bars)
        chart_layout.addWidget(scroll, 1)
        lower.addWidget(chart)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        lower.addWidget(self.detail)
        lower.setStretchFactor(1, 1)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self.timer = QTimer(self)
        self.timer.setInterval(500)
        self.timer.timeout.connect(self._tick)
        self.tree.currentItemChanged.connect(lambda *_: self.show_step())
        self.retranslate()
        on_language_change(self, self.retranslate)

    def clear(self) -> None:
        self.tree.clear()
        self.calls.clear()
        self.items.clear()
        self.detail.clear()
        self.notice.clear()
        self.notice.hide()
        self._stop_progress()
        self.show_step()

    # ----- progress -----------------------------------------------------------------------------------------
    def _tick(self) -> None:
        if self._phase is None:
            return
        step, phase, since = self._phase
        doing = tr(PHASES.get(phase, PHASES["starting"]))
        text = self.tr("Step {step}: the model is {doing}… {seconds} s").format(
            step=step, doing=doing, seconds=int(time.monotonic() - since)
        )
        self.progress.setText(text)

    def _start_progress(self, step: int, phase: str) -> None:
        since = self._phase[2] if self._phase is not None and self._phase[0] == step else time.monotonic()
        self._phase = (step, phase, since)
        self.progress.show()
        self._tick()
        if not self.timer.isActive():
            self.timer.start()

    def _stop_progress(self) -> None:
        self._phase = None
        self.timer.stop()
        self.progress.hide()

    # ----- events -------------------------------------------------------------------------------------------
    def item(self, step: int) -> QTreeWidgetItem:
        found = self.items.get(step)
        if found is None:
            found = QTreeWidgetItem([str(step), "", "", "", "", ""])
            self.tree.addTopLevelItem(found)
            self.items[step] = found
        return found

    def _set(self, item: QTreeWidgetItem, column: int, text: str, limit: int = 140) -> None:
        item.setText(column, cell(text, limit))
        item.setData(column, FULL, visible(text))
        item.setToolTip(column, plain_tip(text))

    def on_event(self, event: AgentEvent) -> None:
        data, kind = event.data or {}, event.kind
        if kind == "thinking":
            self._start_progress(event.step, str(data.get("phase", "starting")))
            return
        if kind == "notice":
            text = shown(data.get("message", ""))
            self.notice.setText(f"{self.notice.text()}\n{text}" if self.notice.text() else text)
            self.notice.show()
            self.said.emit(text)
            return
        if kind in ("proposed", "finished", "interrupted", "paused") or event.step <= 0:
            self._stop_progress()
        if kind in ("finished", "interrupted", "started", "paused", "resumed") or event.step <= 0:
            return
        count = self.tree.topLevelItemCount()
        last = self.tree.topLevelItem(count - 1) if count else None
        following = self.tree.currentItem() in (None, last)  # the person has not picked an older step
        item = self.item(event.step)
        if kind == "proposed":
            self._proposed(item, event.step, data.get("call"))
            if following:
                self.tree.setCurrentItem(item)
            else:
                self.tree.scrollToItem(item)
        elif kind == "verdict":
            rule = data.get("rule")
            action = word(data.get("action", ""))
            item.setText(3, f"{action} ({rule})" if rule else action)
            item.setToolTip(3, plain_tip(shown(data.get("message"))))
        elif kind == "decision":
            # In the log's words (rejected, not reject), as the rows the result sets later say approved.
            key = DECIDED.get(str(data.get("decision", "")), str(data.get("decision", "")))
            reason = shown(data.get("reason") or "")
            item.setText(4, word(key))
            item.setData(4, Qt.ItemDataRole.UserRole, key)
            item.setToolTip(4, plain_tip(reason))
            if key in ("rejected", "stopped") and reason:  # nothing ran: the person's reason is the outcome
                self._set(item, 5, reason)
        elif kind in ("result", "blocked", "error"):
            self._outcome(item, kind, data)
        color = DECISION_COLORS.get(str(item.data(4, Qt.ItemDataRole.UserRole) or ""))
        if color:
            item.setForeground(4, QBrush(QColor(color)))
        if self.tree.currentItem() is item:
            self.show_step()

    def _proposed(self, item: QTreeWidgetItem, step: int, call: object) -> None:
        if not isinstance(call, ToolCall):
            return
        self.calls[step] = call
        item.setText(1, call_label(call.tool, call.args))
        item.setData(1, FULL, visible(json.dumps(call.args, ensure_ascii=False)))
        item.setToolTip(1, plain_tip(call.reason))
        p = dict(call.tool_probs).get(call.tool)
        if p is not None:
            item.setText(2, f"{p:.0%}")
            item.setBackground(2, QBrush(probability_color(p)))
            top = "\n".join(f"{name}: {q:.1%}" for name, q in call.tool_probs[:5])
            item.setToolTip(2, plain_tip(self.tr("The model's probability for each tool at this choice:") + "\n" + top))
        self.said.emit(self.tr("Step {step}: proposed {call}").format(step=step, call=item.text(1)))

    def _outcome(self, item: QTreeWidgetItem, kind: str, data: dict[str, object]) -> None:
        self._set(item, 5, shown(data.get("text") or data.get("message") or data.get("error") or ""))
        if kind == "result" and data.get("decision"):
            item.setText(4, word(data["decision"]))
            item.setData(4, Qt.ItemDataRole.UserRole, str(data["decision"]))
        if kind == "blocked":
            item.setText(4, word("blocked"))
            item.setData(4, Qt.ItemDataRole.UserRole, "blocked")
            if data.get("rule"):
                item.setText(3, "{action} ({rule})".format(action=word("block"), rule=data["rule"]))
        if kind != "result" or data.get("ok") is False:
            item.setForeground(5, QBrush(QColor(DECISION_COLORS["blocked" if kind == "blocked" else "error"])))

    # ----- the selected step --------------------------------------------------------------------------------
    def show_step(self) -> None:
        item = self.tree.currentItem()
        call = self.calls.get(int(item.text(0))) if item is not None else None
        if item is None or call is None:
            self.chart_title.setText(self.tr("Select a step: the probability the model gave each tool."))
            self.bars.set_items([])
            return
        step = int(item.text(0))
        self.chart_title.setText(self.tr("Step {step}: p(tool) at the choice").format(step=step))
        self.bars.set_items([(name, p, name == call.tool) for name, p in call.tool_probs])
        lines = [
            self.tr("Step {step}: {tool}").format(step=step, tool=call.tool),
            self.tr("Reason (the model's words): {reason}").format(reason=visible(call.reason)),
            self.tr("Arguments:"),
            visible(json.dumps(call.args, indent=2, ensure_ascii=False)),
        ]
        labels = {3: self.tr("Policy: {text}"), 4: self.tr("Decision: {text}"), 5: self.tr("Result: {text}")}
        for col, label in labels.items():
            full = item.data(col, FULL) or item.text(col)
            if full:
                lines.append(label.format(text=full))
        self.detail.setPlainText("\n".join(lines))

    def retranslate(self) -> None:
        self.tree.setHeaderLabels([tr(c) for c in COLUMNS])
        self.detail.setPlaceholderText(self.tr("The selected step's arguments, reason and result."))
        self._tick()
        self.show_step()
