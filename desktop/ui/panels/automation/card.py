"""The approval card's life in the panel: opened when the agent service asks a person, fed the service's answer
to an edit (refused, or checked with its new preview), closed when the run ends."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from desktop.core.automation.agent import ToolCall
from desktop.core.automation.calls import Decision
from desktop.core.automation.policy import Verdict
from desktop.core.automation.tools import Preview, Tool
from desktop.services.agent_service import AgentService
from desktop.ui.widgets.approval_card import ApprovalCard


class AutomationApprovals(QObject):
    said = Signal(str)  # a line for the panel's status

    def __init__(self, agents: AgentService, parent: QWidget) -> None:
        super().__init__(parent)
        self.agents = agents
        self.window_parent = parent
        self.card: ApprovalCard | None = None
        agents.approvalNeeded.connect(self._open)
        agents.editRefused.connect(self._refused)
        agents.editChecked.connect(self._checked)

    def _open(self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview) -> None:
        self.close()
        card = ApprovalCard(call, tool, verdict, preview, self.window_parent)
        card.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        card.decided.connect(self.agents.answer)
        card.decided.connect(lambda d, c=call, t=tool: self._decided(d, c, t))
        card.checkEdit.connect(self.agents.check_edit)
        card.finished.connect(lambda _r, c=card: self._forget(c))
        self.card = card
        self.said.emit(
            self.tr("Step {step}: waiting for you to approve {tool}.").format(step=call.step, tool=tool.name)
        )
        card.show()
        card.raise_()
        card.activateWindow()
        card.reject_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _decided(self, decision: Decision, call: ToolCall, tool: Tool) -> None:
        """The status says what the person decided: the card's 'waiting for you' line is over."""
        step, name = call.step, tool.name
        lines = {
            "approve": self.tr("Step {step}: you approved {tool}; the agent goes on."),
            "approve_tool": self.tr("Step {step}: you approved {tool}, and its later calls in this run."),
            "edit": self.tr("Step {step}: you edited and approved {tool}; the agent goes on."),
            "reject": self.tr("Step {step}: you sent {tool} back; the agent is told why and tries again."),
            "stop": self.tr("Step {step}: you stopped the run at {tool}."),
        }
        line = lines.get(decision.kind)
        if line is not None:
            self.said.emit(line.format(step=step, tool=name))

    def _refused(self, errors: list[str]) -> None:
        if self.card is not None:
            self.card.refuse_edit(list(errors))

    def _checked(self, args: dict[str, Any], verdict: Verdict, preview: Preview) -> None:
        if self.card is not None:
            self.card.show_checked(args, verdict, preview)

    def _forget(self, card: ApprovalCard) -> None:
        if self.card is card:
            self.card = None

    def close(self) -> None:
        card, self.card = self.card, None
        if card is not None:
            card.dismiss()
