"""The Automation panel follows a language change at once (its retranslate method), shows core's Messages
translated, and its logic never reads its own translated text back: level keys, decision colours and the
record's risk colours come from the data. A stand-in translator marks every string of the panel's contexts
and of core's CoreAutomation, so the test needs no .qm and no Korean."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.core.automation.policy import Level
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.ui.panels.automation import DECISION_COLORS, _t, suggestion
from desktop.ui.widgets.approval_card import RISK_COLORS
from tests.translators import MarkingTranslator as Marking
from tests.translators import prefix_mark
from tests.ui import test_automation_panel as base
from tests.ui.test_automation_panel import HOLD, TIMEOUT, MakePanel, script, start, wait_done

folder = base.folder  # the panel tests' fixtures: a real world and audit log in tmp_path, a scripted model
make_panel = base.make_panel

CONTEXTS = ("AutomationPanel", "AutomationLevels", "AutomationTimeline", "CoreAutomation")
MARK = "⟦KO⟧ "


@pytest.fixture
def marking(qapp: QApplication) -> Iterator[Marking]:
    translator = Marking(prefix_mark(MARK), CONTEXTS, fill_plural=True)
    yield translator
    QCoreApplication.removeTranslator(translator)
    i18n.install_language("en")


def test_the_panel_retranslates_at_once_and_keeps_its_keys(
    qtbot: QtBot, make_panel: MakePanel, marking: Marking
) -> None:
    panel = make_panel(script([("hold_table", HOLD)]))
    start(qtbot, panel, Level.WALK, "Q01")
    wait_done(qtbot, panel)
    qtbot.waitUntil(lambda: panel.timeline.rowCount() >= 2 and panel.record_table.rowCount() >= 1, timeout=TIMEOUT)
    assert panel.run_btn.text() == "Run" and panel.level.currentText() == "Walk"
    rows = panel.timeline.rowCount()

    QCoreApplication.installTranslator(marking)  # Qt sends LanguageChange to every widget
    qtbot.waitUntil(lambda: panel.run_btn.text() == MARK + "Run", timeout=5000)
    assert panel.level.currentText() == MARK + "Walk" and panel.level.currentData() == "walk"
    assert panel.current_level() == Level.WALK
    assert panel.tabs.tabText(1) == MARK + "Audit log"
    assert panel.explanation.text().startswith(MARK + "<b>Crawl, walk, run.</b>")
    header = panel.timeline.horizontalHeaderItem(2)
    assert header is not None and header.text() == MARK + "Level"
    assert panel.timeline.rowCount() == rows  # refilled, not appended
    hold = next(r for r in range(rows) if panel.timeline.item(r, 4).text() == "hold_table")  # type: ignore[union-attr]
    decision = panel.timeline.item(hold, 5)
    assert decision is not None and decision.text() == MARK + "auto"
    assert decision.foreground().color() == QColor(DECISION_COLORS["auto"])  # from the key, not the text
    level = panel.timeline.item(hold, 2)
    assert level is not None and level.text() == MARK + "walk"  # the short form, in the narrow column
    names = [panel.record_table.item(r, 0).text() for r in range(panel.record_table.rowCount())]  # type: ignore[union-attr]
    risk = panel.record_table.item(names.index("hold_table"), 1)
    assert risk is not None and risk.text() == MARK + "medium"
    assert risk.foreground().color() == QColor(RISK_COLORS["medium"])
    assert panel.rules_label.text() == MARK + "Guardrails fired: none yet."

    # a run in the new language: the panel's words and core's Messages come translated
    start(qtbot, panel, Level.RUN, "Q01")
    result = wait_done(qtbot, panel)
    assert result.status == "finished"
    assert panel.status.text().startswith(MARK + "Run ")
    assert (MARK + "finished") in panel.status.text()

    QCoreApplication.removeTranslator(marking)
    qtbot.waitUntil(lambda: panel.run_btn.text() == "Run", timeout=5000)
    assert panel.level.currentText() == "Run" and panel.current_level() == Level.RUN


def test_core_messages_and_suggestions_are_translated(qapp: QApplication, marking: Marking) -> None:
    said = message(QT_TRANSLATE_NOOP("CoreAutomation", "All {count} rows are intact."), count=3)
    assert _t(said) == "All 3 rows are intact." and _t("plain") == "plain" and _t(None) == ""
    assert suggestion({}) == "No record yet"
    QCoreApplication.installTranslator(marking)
    assert _t(said) == MARK + "All 3 rows are intact."
    assert _t("world data stays") == "world data stays"
    assert suggestion({"approved": 2}) == MARK + "Too few decisions to judge (2 of 5)"
