"""The Automation panel follows a language change at once (each area's retranslate), shows core's Messages
translated, and its logic never reads its own translated text back: level keys, decision colours and the
record's risk colours come from the data. A stand-in translator marks every string of the panel's contexts
and of core's CoreAutomation, so the test needs no .qm and no Korean. Through the window as main() builds it."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.core.automation.policy import Level
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.ui.panels.automation import DECISION_COLORS, shown, suggestion
from desktop.ui.widgets.approval_card import RISK_COLORS
from tests.translators import MarkingTranslator as Marking
from tests.translators import prefix_mark
from tests.ui import test_automation_panel as base
from tests.ui.test_automation_panel import (  # the panel tests' fixture and helpers
    HOLD,
    TIMEOUT,
    Open,
    script,
    start,
    wait_done,
)

open_panel = base.open_panel  # the panel tests' fixture: the window as main() builds it

CONTEXTS = (
    "AutomationPanel", "AutomationLevels", "AutomationTimeline", "CoreAutomation", "AutomationHeader",
    "AutomationInbox", "AutomationSteps", "AutomationAudit", "AutomationRecord", "AutomationApprovals",
)  # fmt: skip
MARK = "⟦KO⟧ "


@pytest.fixture
def marking(qapp: QApplication) -> Iterator[Marking]:
    translator = Marking(prefix_mark(MARK), CONTEXTS, fill_plural=True)
    yield translator
    QCoreApplication.removeTranslator(translator)
    i18n.install_language("en")


def settled(qtbot: QtBot, count: Callable[[], int], quiet_s: float = 0.5) -> None:
    """Wait until ``count()`` has not changed for ``quiet_s``."""
    last = [-1, 0.0]

    def still() -> bool:
        n, now = count(), time.monotonic()
        if n != last[0]:
            last[:] = [n, now]
            return False
        return now - last[1] >= quiet_s

    qtbot.waitUntil(still, timeout=TIMEOUT)


def test_the_panel_retranslates_at_once_and_keeps_its_keys(qtbot: QtBot, open_panel: Open, marking: Marking) -> None:
    panel = open_panel(script([("hold_table", HOLD)]))
    start(qtbot, panel, Level.RUN, "Q01")
    wait_done(qtbot, panel)
    table, record = panel.audit_view.table, panel.record.table
    qtbot.waitUntil(lambda: table.rowCount() >= 4 and record.rowCount() >= 1, timeout=TIMEOUT)
    settled(qtbot, table.rowCount)  # the log's last rows come after the run's end (5 once, read at 4)
    panel.level.setCurrentIndex(panel.level.findData("walk"))
    assert panel.run_btn.text() == "Run" and panel.level.currentText() == "Walk"
    rows = table.rowCount()

    QCoreApplication.installTranslator(marking)  # Qt sends LanguageChange to every widget
    qtbot.waitUntil(lambda: panel.run_btn.text() == MARK + "Run", timeout=5000)
    assert panel.level.currentText() == MARK + "Walk" and panel.level.currentData() == "walk"
    assert panel.current_level() == Level.WALK
    assert panel.tabs.tabText(1) == MARK + "Audit log"
    assert panel.header.explanation.text().startswith(MARK + "<b>Crawl, walk, run.</b>")
    assert panel.header.level_text.text().startswith(MARK + "Walk:")
    assert panel.inbox.label.text() == MARK + "Inbox"
    header = table.horizontalHeaderItem(2)
    assert header is not None and header.text() == MARK + "Level"
    assert table.rowCount() == rows  # refilled, not appended
    hold = next(r for r in range(rows) if table.item(r, 4).text() == "hold_table")  # type: ignore[union-attr]
    decision = table.item(hold, 5)
    assert decision is not None and decision.text() == MARK + "auto"
    assert decision.foreground().color() == QColor(DECISION_COLORS["auto"])  # from the key, not the text
    level = table.item(hold, 2)
    assert level is not None and level.text() == MARK + "run"  # the short form, in the narrow column
    names = [record.item(r, 0).text() for r in range(record.rowCount())]  # type: ignore[union-attr]
    risk = record.item(names.index("hold_table"), 1)
    assert risk is not None and risk.text() == MARK + "medium"
    assert risk.foreground().color() == QColor(RISK_COLORS["medium"])
    assert panel.record.rules_label.text() == MARK + "Rules fired: none yet."

    # a run in the new language: the panel's words and core's Messages come translated
    start(qtbot, panel, Level.RUN, "Q01")
    result = wait_done(qtbot, panel)
    assert result.status == "finished"
    status = panel.status.text()
    assert status.startswith(MARK + "Run ") and (MARK + "finished") in status
    assert MARK + "0 rows changed" in status  # core's outcome, translated part by part

    QCoreApplication.removeTranslator(marking)
    qtbot.waitUntil(lambda: panel.run_btn.text() == "Run", timeout=5000)
    assert panel.level.currentText() == "Run" and panel.current_level() == Level.RUN


def test_core_messages_and_suggestions_are_translated(qapp: QApplication, marking: Marking) -> None:
    said = message(QT_TRANSLATE_NOOP("CoreAutomation", "The log has no rows yet."))
    assert shown(said) == "The log has no rows yet." and shown("plain") == "plain" and shown(None) == ""
    assert suggestion({}) == "No record yet"
    QCoreApplication.installTranslator(marking)
    assert shown(said) == MARK + "The log has no rows yet."
    assert shown("world data stays") == "world data stays"
    assert suggestion({"approved": 2}) == MARK + "Too few decisions to judge (2 of 5)"
