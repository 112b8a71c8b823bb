"""The automation's words for a person are translatable while the model, the audit log and logs keep English.

A stand-in translator marks every string of the approval card's, the agent service's and core's CoreAutomation
contexts, so the test needs no .qm and no Korean: a marked text was looked up in Qt's translation system, an
unmarked one was not. The card is opened the way a user meets it: a crawl run in the window as main() builds it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop.core.automation import tools
from desktop.core.automation.audit import AuditLog
from desktop.core.automation.policy import RULE_TEXT, RULES, Level, RunContext, decide
from desktop.core.automation.prompts import tool_lines
from desktop.core.automation.tools import TOOLS, ToolError
from desktop.core.automation.undo import undo as undo_call
from desktop.core.automation.world import World
from desktop.i18n import error_and_details as error_text
from desktop.i18n import translate_message
from tests.translators import MarkingTranslator as Marking
from tests.translators import installed, prefix_mark
from tests.ui import test_automation_panel as base
from tests.ui.test_automation_panel import (
    TIMEOUT,
    Open,
    script,
    start,
    wait_card,
)

open_panel = base.open_panel  # the panel tests' fixture: the window as main() builds it

CONTEXTS = ("ApprovalCard", "AgentService", "CoreAutomation", "AutomationApprovals")
MARK = "⟦KO⟧ "
HOLD = {"restaurant": "Trattoria Luna", "date": "2026-12-04", "time": "20:00", "party_size": 2, "customer_id": "C01"}


@pytest.fixture
def marking(qapp: QApplication) -> Iterator[Marking]:
    with installed(Marking(prefix_mark(MARK), CONTEXTS)) as translator:
        yield translator


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World.fresh(tmp_path / "lang")
    yield w
    w.close()


def ctx(world: World, level: Level) -> RunContext:
    return RunContext(level=level, request=world.request("Q01"))


def test_the_card_shows_its_own_and_cores_words_translated(qtbot: QtBot, open_panel: Open, marking: Marking) -> None:
    panel = open_panel(script([("hold_table", HOLD)]))
    start(qtbot, panel, Level.CRAWL, "Q01")
    card = wait_card(qtbot, panel, "hold_table")
    for button in (card.approve_button, card.edit_button, card.reject_button, card.stop_button):
        assert button.text().startswith(MARK), button.text()
    assert card.windowTitle().startswith(MARK) and "hold_table" in card.windowTitle()
    head = card.head.text()
    assert MARK + "medium risk" in head and MARK + "can be undone" in head  # core's badge words
    verdict = card.verdict_label.text()
    assert verdict.startswith(MARK + "Why you are asked: ") and MARK + "Crawl: every call waits" in verdict
    assert card.asks_label.text() == MARK + "The request asks for: " + MARK + "book"  # the effect's word too
    preview = card.preview_label.text()
    assert preview.startswith(MARK + "What would happen:") and "Can be undone." in preview and preview.count(MARK) == 2
    description = MARK + tools.TOOLS["hold_table"].description
    assert any(label.text() == description for label in card.findChildren(QLabel))
    headers = card.rows_table.horizontalHeaderItem(0) if card.rows_table is not None else None
    assert headers is not None and headers.text() == MARK + "Table"
    card.reject_call("Not in this test.")


def test_a_failing_preview_and_a_guardrail_are_translated_nested(world: World, marking: Marking) -> None:
    bad = tools.preview(world, "confirm_booking", {"booking_id": "B0020"})
    assert bad.error == "There is no booking B0020."  # the English stays the data
    assert translate_message(bad.shown_error or "") == MARK + "There is no booking B0020."
    assert translate_message(bad.shown_summary) == MARK + "Would fail: " + MARK + "There is no booking B0020."
    big = {**HOLD, "party_size": 12}
    verdict = decide(TOOLS["hold_table"], big, ctx(world, Level.RUN), world)
    assert verdict.action == "block" and verdict.rule == "party_size"
    assert verdict.message == (
        "Blocked by the rule 'party_size': a party of 12 is over the limit of 8; the manager handles it."
    )
    assert translate_message(verdict.shown) == (
        MARK + "Blocked by the rule 'party_size': " + MARK + "a party of 12 is over the limit of 8; the manager "
        "handles it."
    )
    assert RULES["party_size"] == "parties of at most 8"
    assert translate_message(RULE_TEXT["party_size"]) == MARK + "parties of at most 8"
    unasked = decide(TOOLS["cancel_booking"], {"booking_id": "B0013"}, ctx(world, Level.WALK), world)
    assert unasked.message == "Not asked for: request Q01 asks only for: book. A person decides."
    assert translate_message(unasked.shown).count(MARK) == 3  # the sentence, the reason, the effect's word


def test_the_model_audit_and_errors_keep_english(world: World, marking: Marking) -> None:
    lines = tool_lines(TOOLS)  # what the model reads about its tools
    assert MARK not in lines and "Hold a table for a customer" in lines
    with pytest.raises(ToolError) as caught:
        tools.execute(world, "confirm_booking", {"booking_id": "B0020"})
    assert caught.value.message == "There is no booking B0020." and str(caught.value) == caught.value.message
    shown, details = error_text(caught.value)  # the service's boundary translates
    assert shown == MARK + "There is no booking B0020." and details == ""
    log = AuditLog(world.path)
    try:
        result = log.verify()
        assert result.message == "The log has no rows yet."  # data and logs: English
        assert translate_message(result.shown) == MARK + "The log has no rows yet."
    finally:
        log.close()
    undo = undo_call(world, tools.execute(world, "hold_table", HOLD).undo_token or "")
    assert undo.text.startswith("Hold B") and translate_message(undo.shown).startswith(MARK + "Hold B")


def test_schema_problems_are_translated_part_by_part(
    qtbot: QtBot, world: World, open_panel: Open, marking: Marking
) -> None:
    note = TOOLS["write_note"]
    bad = {"request_id": "Q01", "text": "", "colour": "red"}
    english = tools.validate_args(note, bad, world)  # what the agent reads: unchanged English
    assert english == ["text: must not be empty", "colour: not an argument of this tool"]
    found = tools.args_problems(note, bad, world)
    assert translate_message(tools.joined(found)) == (
        MARK + "text: must not be empty; " + MARK + "colour: not an argument of this tool"
    )
    verdict = decide(note, bad, ctx(world, Level.RUN), world)
    assert verdict.rule == "invalid_args" and verdict.message.endswith("; ".join(english))
    assert translate_message(verdict.shown).count(MARK) == 3  # the sentence and each problem
    panel = open_panel(script([("write_note", {"request_id": "Q01", "text": "window seat"})]))
    start(qtbot, panel, Level.CRAWL, "Q01")
    card = wait_card(qtbot, panel, "write_note")
    card.edit_button.click()
    card.args_edit.setPlainText(json.dumps(bad))
    card.edit_button.click()  # the service refuses it, in the installed language
    qtbot.waitUntil(lambda: not card.checking, timeout=TIMEOUT)
    shown = card.error_label.text()
    assert shown.startswith(MARK + "Not run: ") and MARK + "text: must not be empty" in shown
    card.reject_call("Not in this test.")
