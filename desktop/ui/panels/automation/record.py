"""The Record tab: per tool, how its calls went over every run, and what the numbers suggest.

Calls a person approved one by one are counted apart from calls that ran under "Approve this tool for this run",
which nobody looked at; only the first count towards "a case for letting it run alone". Moving a level is always
the person's decision.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.automation import policy
from desktop.core.automation.tools import TOOLS
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.ui.language import on_language_change
from desktop.ui.panels.automation.words import percent, plain_tip, risk_word, shown, tr
from desktop.ui.widgets.approval_card import RISK_COLORS

COLUMNS = [  # (key, header, tooltip)
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
        QT_TRANSLATE_NOOP("AutomationPanel", "Calls a person approved unchanged, one by one"),
    ),
    (
        "approved_for_run",
        QT_TRANSLATE_NOOP("AutomationPanel", "For the run"),
        QT_TRANSLATE_NOOP(
            "AutomationPanel",
            "Calls that ran because a person approved the tool for the whole run: nobody looked at them, so they "
            "are not counted as approvals",
        ),
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
        QT_TRANSLATE_NOOP("AutomationPanel", "Calls a rule refused, the schema included, whatever the level"),
    ),
    (
        "error",
        QT_TRANSLATE_NOOP("AutomationPanel", "Failed"),
        QT_TRANSLATE_NOOP("AutomationPanel", "Calls that failed when they ran"),
    ),
    (
        "suggests",
        QT_TRANSLATE_NOOP("AutomationPanel", "What the record suggests"),
        QT_TRANSLATE_NOOP("AutomationPanel", "Plain words from the numbers; moving a level is your decision"),
    ),
]


def suggestion(counts: dict[str, int]) -> str:
    """Plain words from a tool's record. Only calls a person decided one by one count as decisions; the numbers
    inform the person, they never promote a level."""
    asked = counts.get("approved", 0) + counts.get("edited", 0) + counts.get("rejected", 0)
    blocked = counts.get("blocked", 0)
    if asked + blocked + counts.get("auto", 0) + counts.get("approved_for_run", 0) == 0:
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
        ).format(percent=percent(ok))
    if bad >= 0.3:
        return QCoreApplication.translate(
            "AutomationPanel", "{percent} edited or rejected: keep a person on it"
        ).format(percent=percent(bad))
    return QCoreApplication.translate("AutomationPanel", "{percent} approved unchanged: keep watching").format(
        percent=percent(ok)
    )


class AutomationRecord(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.record: dict[str, dict[str, int]] = {}
        self.rules: dict[str, int] = {}
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)  # our own words
        layout.addWidget(self.note)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Every column as wide as its header and its cells: a narrow window scrolls the table, never cuts it.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table, 1)
        self.rules_label = QLabel()
        self.rules_label.setWordWrap(True)
        self.rules_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.rules_label)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def set_record(self, record: dict[str, dict[str, int]]) -> None:
        self.record = dict(record)
        names = [name for name in TOOLS if name in self.record] + [n for n in self.record if n not in TOOLS]
        self.table.setRowCount(len(names))
        for r, name in enumerate(names):
            counts = self.record[name]
            tool = TOOLS.get(name)
            risk = tool.risk() if tool is not None else ""
            for c, (key, _label, _tip) in enumerate(COLUMNS):
                if key == "tool":
                    value = name
                elif key == "risk":
                    value = risk_word(risk)
                elif key == "suggests":
                    value = suggestion(counts)
                else:
                    value = str(counts.get(key, 0))
                item = QTableWidgetItem(value)
                if key == "risk" and risk in RISK_COLORS:
                    item.setForeground(QBrush(QColor(RISK_COLORS[risk])))
                self.table.setItem(r, c, item)

    def set_rules(self, rules: dict[str, int]) -> None:
        self.rules = dict(rules)
        if not rules:
            self.rules_label.setToolTip("")
            self.rules_label.setText(self.tr("Rules fired: none yet."))
            return
        parts = [f"{name} {count}×" for name, count in sorted(rules.items(), key=lambda kv: -kv[1])]
        self.rules_label.setText(self.tr("Rules fired: {rules}.").format(rules=", ".join(parts)))
        lines = [f"{name}: {shown(policy.RULE_TEXT[name])}" for name in sorted(rules) if name in policy.RULE_TEXT]
        self.rules_label.setToolTip(plain_tip("\n".join(lines)))

    def retranslate(self) -> None:
        self.note.setText(
            self.tr(
                "For each tool: how often a person approved its calls unchanged, edited or rejected them, and how "
                "often a rule fired, over every run in the audit log. Calls that ran under “Approve this tool for "
                "this run” are counted apart: nobody looked at them. A tool a person nearly always approves unchanged "
                "is a candidate to move up a level; one that is often edited or rejected should stay with a person. "
                "<b>Moving a level is your decision</b>: the panel never does it for you."
            )
        )
        self.table.setHorizontalHeaderLabels([tr(label) for _, label, _ in COLUMNS])
        for c, (_, _, tip) in enumerate(COLUMNS):
            item = self.table.horizontalHeaderItem(c)
            if item is not None:
                item.setToolTip(tr(tip))
        self.set_rules(self.rules)
        self.set_record(self.record)
