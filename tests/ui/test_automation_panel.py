"""The Automation panel through the window as ``main()`` builds it (``make_window``), offscreen, on the real SQLite
world and audit log in the app's data folder.

Every button of the approval card (approve once, approve this tool, edit then approve, an edit the schema refuses,
reject with a reason, stop, closing, the keyboard) is driven through the panel and the agent service. The agent's
model is a scripted stand-in (``ScriptedModel``, behind the same model interface as the local model host), so each
flow is deterministic; the real SmolLM2 runs through the window in ``test_a_crawl_run_on_the_real_model``.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.core.automation.agent import RunResult, ToolCall
from desktop.core.automation.audit import AuditRow
from desktop.core.automation.host_model import ScriptedModel
from desktop.core.automation.policy import Level, waits_at_walk
from desktop.core.automation.tools import TOOLS
from desktop.core.automation.world import World
from desktop.services.settings import Settings
from desktop.ui.panels.automation import AutomationPanel, suggestion
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.approval_card import CLOSED_REASON, ApprovalCard

TIMEOUT = 20_000
DATE = "2026-12-04"  # a Friday in the seed week
HOLD = {"restaurant": "Harbour Grill", "date": DATE, "time": "19:00", "party_size": 2, "customer_id": "C01"}
Open = Callable[..., AutomationPanel]


def scripted_call(tool: str, args: dict[str, Any], reason: str = "") -> ToolCall:
    """A call as a model would propose it, with a probability for every candidate tool."""
    others = [t for t in TOOLS if t != tool]
    probs = [(tool, 0.6)] + [(t, 0.4 / len(others)) for t in others]
    return ToolCall(0, tool, dict(args), reason or f"The request needs {tool}.", probs)


def script(calls: list[tuple[str, dict[str, Any]]], **kw: Any) -> ScriptedModel:
    """These calls in order, then ``finish``; it keeps every transcript it saw."""
    return ScriptedModel([scripted_call(tool, args) for tool, args in calls], **kw)


@pytest.fixture
def open_panel(make_window: Callable[..., Any]) -> Iterator[Open]:
    """The window as main() builds it, on the Automation panel, with a scripted stand-in for the agent's model."""

    def make(model: ScriptedModel | None = None, size: tuple[int, int] = (1200, 760)) -> AutomationPanel:
        window = make_window(start_host=False, panel="Automation")
        window.resize(*size)
        panel = window.panel("Automation")
        assert isinstance(panel, AutomationPanel)
        if model is not None:
            panel.service.model_factory = lambda _path: model
        deadline = time.monotonic() + TIMEOUT / 1000
        while len(panel.requests) < 18 and time.monotonic() < deadline:
            QApplication.processEvents()
            time.sleep(0.01)
        assert len(panel.requests) >= 18
        return panel

    yield make


def start(qtbot: QtBot, panel: AutomationPanel, level: Level, request_id: str = "Q01") -> None:
    panel.level.setCurrentIndex(panel.level.findData(level.value))
    panel.select_request(request_id)
    assert panel.run_btn.isEnabled()
    panel.run_btn.click()
    assert panel.service.busy


def wait_card(qtbot: QtBot, panel: AutomationPanel, tool: str) -> ApprovalCard:
    try:
        qtbot.waitUntil(lambda: panel.card is not None and panel.card.isVisible() and panel.card.tool.name == tool,
                        timeout=TIMEOUT)  # fmt: skip
    except Exception:
        raise AssertionError(
            f"no card for {tool}: {panel.card and panel.card.tool.name} {panel.status.text()}"
        ) from None
    assert panel.card is not None
    card = panel.card
    card.activateWindow()
    qtbot.waitUntil(card.isActiveWindow)  # shortcuts reach the active window only
    return card


def finish_run(qtbot: QtBot, panel: AutomationPanel) -> None:
    """At crawl and walk, ending the request waits for a person: approve it."""
    wait_card(qtbot, panel, "finish").approve_button.click()


def closed(card: ApprovalCard) -> bool:
    """The card is gone (it deletes itself once closed)."""
    return not shiboken6.isValid(card) or not card.isVisible()


def wait_done(qtbot: QtBot, panel: AutomationPanel) -> RunResult:
    qtbot.waitUntil(lambda: not panel.service.busy, timeout=TIMEOUT)
    result = panel.service.last_result
    assert result is not None
    return result


def log_rows(panel: AutomationPanel, run_id: str | None = None) -> list[AuditRow]:
    log = panel.service.files.log()
    try:
        return log.rows(run_id)
    finally:
        log.close()


def calls(rows: list[AuditRow]) -> list[AuditRow]:
    return [r for r in rows if r.tool]


def query(panel: AutomationPanel, sql: str) -> list[tuple[Any, ...]]:
    world = World(panel.service.db_path)
    try:
        return [tuple(r) for r in world.query(sql)]
    finally:
        world.close()


def bookings(panel: AutomationPanel) -> list[tuple[Any, ...]]:
    return query(panel, "SELECT id, restaurant_id, party_size, status FROM bookings")


# -- the panel -------------------------------------------------------------------------------------------------
def test_fresh_world_is_kept_for_the_next_start_as_the_level_is(qtbot: QtBot, open_panel: Open) -> None:
    first = open_panel(script([]))
    assert first.header.fresh.isChecked()  # the default
    first.header.fresh.setChecked(False)
    first.level.setCurrentIndex(first.level.findData("walk"))
    first.window().close()
    again = open_panel(script([]))  # the next start, on the same settings
    assert not again.header.fresh.isChecked() and again.level.currentData() == "walk"


def test_panel_explains_levels_and_what_waits_at_walk(qtbot: QtBot, open_panel: Open) -> None:
    panel = open_panel(script([]))
    header = panel.header
    assert not header.explanation.isVisible()  # folded away to fit 1024x640
    header.about.click()
    assert header.explanation.isVisible() and header.warning.isVisible()
    text = header.explanation.text() + header.warning.text()
    for words in ("Crawl", "Walk", "Run", "Microsoft (2023)", "135 million", "poor choices", "a person catches them",
                  "ending the request included", "only what the request asks for"):  # fmt: skip
        assert words in text, words
    assert [panel.level.itemData(i) for i in range(panel.level.count())] == ["crawl", "walk", "run"]
    panel.level.setCurrentIndex(panel.level.findData("walk"))
    waits = [name for name, tool in TOOLS.items() if waits_at_walk(tool)]
    assert waits == ["confirm_booking", "send_message", "cancel_booking", "charge_deposit", "finish"]
    assert ", ".join(waits) in header.level_text.text()  # the panel shows which calls wait at walk
    panel.level.setCurrentIndex(panel.level.findData("crawl"))
    assert "finish included" in header.level_text.text()
    tree = panel.inbox.tree
    first = tree.topLevelItem(0)
    assert first is not None and first.text(0).startswith("Q01 Anna Berg: Table for two") and first.text(1) == "book"
    kinds = {tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())}  # type: ignore[union-attr]
    assert {"book", "cancel", "confirm", "question", "note", "other"} <= kinds
    langs = {tree.topLevelItem(i).text(2) for i in range(tree.topLevelItemCount())}  # type: ignore[union-attr]
    assert "ko" in langs
    panel.select_request("Q13")
    assert "Asks for: confirm B0012" in panel.inbox.view.toPlainText()
    assert not header.kill_btn.isEnabled() and not header.pause_btn.isEnabled()
    assert header.model_note.text().startswith("Agent model: SmolLM2 135M Instruct (the bundled default")


# -- the card --------------------------------------------------------------------------------------------------
def test_card_shows_everything_and_starts_on_reject(qtbot: QtBot, open_panel: Open) -> None:
    panel = open_panel(script([("hold_table", HOLD)]))
    start(qtbot, panel, Level.CRAWL)
    card = wait_card(qtbot, panel, "hold_table")
    assert json.loads(card.args_edit.toPlainText()) == HOLD  # the complete arguments, as JSON
    assert card.args_edit.isReadOnly()
    head = card.head.text()
    assert "hold_table" in head and "medium risk" in head and "can be undone" in head
    assert "The request needs hold_table." in card.reason_label.text()
    assert "Crawl" in card.verdict_label.text() and card.asks_label.text() == "The request asks for: book"
    assert "Harbour Grill" in card.preview_label.text()
    assert card.rows_table is not None
    op, change = card.rows_table.item(0, 1), card.rows_table.item(0, 3)
    assert op is not None and op.text() == "insert"
    assert change is not None and "party_size=2" in change.text()
    assert card.focusWidget() is card.reject_button and card.reject_button.isDefault()
    qtbot.keyClick(card.reject_button, Qt.Key.Key_Return)  # Enter takes the safe choice
    qtbot.waitUntil(lambda: closed(card))
    finish_run(qtbot, panel)
    result = wait_done(qtbot, panel)
    assert [r.decision for r in calls(log_rows(panel, result.run_id))] == ["rejected", "approved"]


@pytest.mark.parametrize(
    ("press", "kind"),
    [
        (lambda c: c.approve_button.click(), "approved"),
        (lambda c: c.approve_tool_button.click(), "approved"),
        (lambda c: c.stop_button.click(), "rejected"),
        (lambda c: c.close(), "rejected"),
        (lambda c: c.reject(), "rejected"),  # Esc
    ],
    ids=["approve", "approve tool", "stop", "close", "esc"],
)
def test_card_buttons_answer_once(
    qtbot: QtBot, open_panel: Open, press: Callable[[ApprovalCard], None], kind: str
) -> None:
    panel = open_panel(script([("hold_table", HOLD)]))
    start(qtbot, panel, Level.CRAWL)
    card = wait_card(qtbot, panel, "hold_table")
    press(card)
    press(card)
    qtbot.waitUntil(lambda: closed(card))
    if not (kind == "rejected" and card.decision is not None and card.decision.kind == "stop"):
        finish_run(qtbot, panel)
    result = wait_done(qtbot, panel)
    hold = [r for r in log_rows(panel, result.run_id) if r.tool == "hold_table"]
    assert [r.decision for r in hold] == [kind]  # answered once
    if card.decision is not None and card.decision.kind == "reject":
        assert hold[0].error == CLOSED_REASON


def test_card_keyboard(qtbot: QtBot, open_panel: Open) -> None:
    note = {"request_id": "Q01", "text": "Window seat"}
    answers = ["escape", "approve", "edit", "approve_tool"]
    panel = open_panel(script([("write_note", note)] * (len(answers) + 1)))
    panel.service.max_steps = 12
    start(qtbot, panel, Level.CRAWL)
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    for answer in answers:
        card = wait_card(qtbot, panel, "write_note")
        if answer == "escape":
            qtbot.keyClick(card, Qt.Key.Key_Escape)
        elif answer == "approve":
            qtbot.keyClick(card.reject_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        elif answer == "edit":
            qtbot.keyClick(card.reject_button, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
            assert not card.args_edit.isReadOnly() and card.args_edit.hasFocus()
            card.args_edit.setPlainText(json.dumps({**note, "text": "Window seat, please"}))
            qtbot.keyClick(card.args_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # check
            qtbot.waitUntil(lambda c=card: c.checked_args is not None, timeout=TIMEOUT)
            assert "Window seat, please" in card.rows_table.item(0, 3).text()  # type: ignore[union-attr]
            qtbot.keyClick(card.approve_button, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # approve
        else:
            qtbot.keyClick(card.reject_button, Qt.Key.Key_Return, shift_ctrl)  # approve the tool for the run
        qtbot.waitUntil(lambda c=card: closed(c), timeout=TIMEOUT)
    wait_card(qtbot, panel, "finish").stop_button.click()
    result = wait_done(qtbot, panel)
    rows = [(r.decision, r.error) for r in calls(log_rows(panel, result.run_id))]
    assert rows == [
        ("rejected", CLOSED_REASON),
        ("approved", ""),
        ("edited", ""),
        ("approved", ""),
        ("approved_for_run", ""),  # the fifth note ran without a card
        ("rejected", "stopped the run"),
    ]
    assert result.status == "stopped" and result.message == "A person stopped the run."  # said once


def test_ctrl_r_types_a_reason_and_ctrl_shift_s_stops(qtbot: QtBot, open_panel: Open) -> None:
    panel = open_panel(script([("hold_table", HOLD)] * 2))
    start(qtbot, panel, Level.CRAWL)
    card = wait_card(qtbot, panel, "hold_table")
    qtbot.keyClick(card.reject_button, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert card.reject_reason.hasFocus()
    qtbot.keyClicks(card.reject_reason, "Not on Fridays")
    qtbot.keyClick(card.reject_reason, Qt.Key.Key_Return)
    card = wait_card(qtbot, panel, "hold_table")
    shift_ctrl = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    qtbot.keyClick(card.reject_button, Qt.Key.Key_S, shift_ctrl)
    result = wait_done(qtbot, panel)
    assert [(r.decision, r.error) for r in calls(log_rows(panel, result.run_id))] == [
        ("rejected", "Not on Fridays"),
        ("rejected", "stopped the run"),
    ]


def test_card_refuses_arguments_that_are_not_json(qtbot: QtBot, open_panel: Open) -> None:
    panel = open_panel(script([("hold_table", HOLD)]))
    start(qtbot, panel, Level.CRAWL)
    card = wait_card(qtbot, panel, "hold_table")
    card.edit_button.click()
    for text in ('{"restaurant": "Harbour Grill",', "[1, 2]"):
        card.args_edit.setPlainText(text)
        card.edit_button.click()
        assert card.isVisible() and not card.checking
        assert card.error_label.isVisible() and "Not run" in card.error_label.text()
    card.args_edit.setPlainText(json.dumps(HOLD))  # edited back to the proposal: an approval
    card.edit_button.click()
    finish_run(qtbot, panel)
    result = wait_done(qtbot, panel)
    assert calls(log_rows(panel, result.run_id))[0].decision == "approved"


def test_suggestion_words() -> None:
    assert suggestion({}) == "No record yet"
    assert "Too few" in suggestion({"approved": 2})
    assert "run alone" in suggestion({"approved": 10})
    assert "keep a person" in suggestion({"approved": 3, "rejected": 3})
    assert "a case" not in suggestion({"approved": 10, "blocked": 1})
    assert "Too few decisions to judge (0 of 5)" in suggestion({"approved_for_run": 40})  # nobody looked at those


# -- flows through the panel and the service -----------------------------------------------------------------
def test_approve_once_runs_the_call_and_finish_waits_at_crawl(qtbot: QtBot, open_panel: Open) -> None:
    model = script([("read_request", {"request_id": "Q01"}), ("hold_table", HOLD)])
    panel = open_panel(model)
    seed = bookings(panel)
    start(qtbot, panel, Level.CRAWL)
    assert panel.header.kill_btn.isEnabled() and not panel.run_btn.isEnabled()
    assert not panel.header.reset_btn.isEnabled()
    wait_card(qtbot, panel, "read_request").approve_button.click()
    card = wait_card(qtbot, panel, "hold_table")
    assert panel.steps.topLevelItemCount() == 2
    item = panel.steps.topLevelItem(1)
    assert item is not None and item.text(1).startswith("hold_table(") and item.text(2) == "60%"
    assert panel.steps_view.bars.items[0] == ("hold_table", 0.6, True)  # p(tool) for every candidate
    assert len(panel.steps_view.bars.items) == len(TOOLS)
    card.approve_button.click()
    card = wait_card(qtbot, panel, "finish")  # crawl: ending the request waits too
    assert card.recorded_view is not None and card.recorded_view.toPlainText() == "Script done."
    assert card.rows_table is not None and card.rows_table.item(0, 0).text() == "bookings"  # type: ignore[union-attr]
    card.approve_button.click()
    result = wait_done(qtbot, panel)
    assert result.status == "finished" and result.steps == 3 and result.interventions == 0
    rows = log_rows(panel, result.run_id)
    assert [(r.tool, r.decision, r.decided_by) for r in rows] == [
        ("", "reset", "person"),
        ("", "started", "person"),
        ("read_request", "approved", "person"),
        ("hold_table", "approved", "person"),
        ("finish", "approved", "person"),
        ("", "ended", "agent"),
    ]
    assert rows[3].hash_before != rows[3].hash_after
    new = [b for b in bookings(panel) if b not in seed]
    assert len(new) == 1 and new[0][2:] == (2, "held")
    qtbot.waitUntil(lambda: panel.audit_view.table.rowCount() >= 6, timeout=TIMEOUT)
    status = panel.status.text()
    assert "finished" in status and "1 row changed; nothing was sent." in status
    assert "The model's summary (its own words, not checked): “Script done.”" in status


def test_approve_tool_for_this_run_is_counted_apart(qtbot: QtBot, open_panel: Open) -> None:
    check = {"restaurant": "Harbour Grill", "date": DATE, "time": "19:00", "party_size": 2}
    model = script([("check_availability", check), ("check_availability", {**check, "time": "20:00"})])
    panel = open_panel(model)
    asked: list[int] = []
    panel.service.approvalNeeded.connect(lambda call, *_: asked.append(call.step))
    start(qtbot, panel, Level.CRAWL)
    wait_card(qtbot, panel, "check_availability").approve_tool_button.click()
    finish_run(qtbot, panel)
    result = wait_done(qtbot, panel)
    assert result.status == "finished" and asked == [1, 3]  # step 2 ran without a card
    rows = calls(log_rows(panel, result.run_id))
    assert [(r.tool, r.decision) for r in rows] == [
        ("check_availability", "approved"),
        ("check_availability", "approved_for_run"),  # nobody looked at this one
        ("finish", "approved"),
    ]
    qtbot.waitUntil(lambda: panel.record.table.rowCount() >= 2, timeout=TIMEOUT)
    names = [panel.record.table.item(r, 0).text() for r in range(panel.record.table.rowCount())]  # type: ignore[union-attr]
    row = names.index("check_availability")
    headers = [panel.record.table.horizontalHeaderItem(c).text() for c in range(panel.record.table.columnCount())]  # type: ignore[union-attr]
    counts = {headers[c]: panel.record.table.item(row, c).text() for c in range(len(headers))}  # type: ignore[union-attr]
    assert counts["Approved"] == "1" and counts["For the run"] == "1"
    assert counts["What the record suggests"] == "Too few decisions to judge (1 of 5)"


def test_edit_shows_the_new_preview_and_asks_again(qtbot: QtBot, open_panel: Open) -> None:
    panel = open_panel(script([("hold_table", HOLD)]))
    start(qtbot, panel, Level.CRAWL)
    card = wait_card(qtbot, panel, "hold_table")
    assert card.rows_table is not None and "party_size=2" in card.rows_table.item(0, 3).text()  # type: ignore[union-attr]
    card.edit_button.click()
    card.args_edit.setPlainText(json.dumps({**HOLD, "party_size": 3, "time": "20:00"}))
    card.edit_button.click()  # checked, decided and previewed on the agent thread
    qtbot.waitUntil(lambda: card.checked_args is not None, timeout=TIMEOUT)
    assert card.isVisible() and card.args_edit.isReadOnly()  # asked again
    assert card.rows_table is not None
    change = card.rows_table.item(0, 3).text()  # type: ignore[union-attr]
    assert "party_size=3" in change and "time=20:00" in change  # the NEW rows
    assert card.approve_button.text() == "Approve edited" and not card.approve_tool_button.isEnabled()
    assert bookings(panel) == [b for b in bookings(panel)]  # nothing ran yet
    card.approve_button.click()
    qtbot.waitUntil(lambda: closed(card), timeout=TIMEOUT)
    finish_run(qtbot, panel)
    result = wait_done(qtbot, panel)
    assert result.interventions == 1
    rows = calls(log_rows(panel, result.run_id))
    assert (rows[0].tool, rows[0].decision, rows[0].args["party_size"]) == ("hold_table", "edited", 3)
    assert [b for b in bookings(panel) if b[3] == "held" and b[2] == 3]


def test_edit_that_fails_its_schema_or_a_rule_is_never_run(qtbot: QtBot, open_panel: Open) -> None:
    panel = open_panel(script([("hold_table", HOLD)]))
    start(qtbot, panel, Level.CRAWL)
    card = wait_card(qtbot, panel, "hold_table")
    before = bookings(panel)
    card.edit_button.click()
    card.args_edit.setPlainText(json.dumps({**HOLD, "restaurant": "Nowhere Diner", "party_size": 99, "x": 1}))
    card.edit_button.click()
    qtbot.waitUntil(lambda: not card.checking, timeout=TIMEOUT)
    assert card.isVisible() and panel.card is card  # still open: the person can fix it or reject
    errors = card.error_label.text()
    assert "Nowhere Diner" in errors and "99" in errors and "x: not an argument" in errors
    card.args_edit.setPlainText(json.dumps({**HOLD, "party_size": 12}))  # fits the schema, breaks a rule
    card.edit_button.click()
    qtbot.waitUntil(lambda: not card.checking, timeout=TIMEOUT)
    assert "party_size" in card.error_label.text() and card.checked_args is None
    assert bookings(panel) == before
    card.reject_reason.setText("Wrong restaurant")
    card.reject_button.click()
    finish_run(qtbot, panel)
    result = wait_done(qtbot, panel)
    rows = calls(log_rows(panel, result.run_id))
    assert (rows[0].tool, rows[0].decision, rows[0].error) == ("hold_table", "rejected", "Wrong restaurant")
    assert "edited" not in {r.decision for r in rows}
    assert bookings(panel) == before


def test_reject_with_a_reason_goes_back_to_the_agent(qtbot: QtBot, open_panel: Open) -> None:
    model = script([("send_message", {"customer_id": "C01", "text": "We are full, sorry."})])
    panel = open_panel(model)
    start(qtbot, panel, Level.CRAWL)
    card = wait_card(qtbot, panel, "send_message")
    card.reject_reason.setText("Offer the 20:00 slot instead")
    assert "waiting for you to approve send_message" in panel.status.text()
    card.reject_button.click()
    assert "you sent send_message back" in panel.status.text()  # no longer "waiting for you"
    finish_run(qtbot, panel)
    result = wait_done(qtbot, panel)
    assert (result.status, result.interventions) == ("finished", 1)
    fed = [e for e in model.transcripts[1] if e.get("kind") == "result"]
    assert fed and fed[0]["status"] == "rejected" and "Offer the 20:00 slot instead" in fed[0]["text"]
    rows = calls(log_rows(panel, result.run_id))
    assert (rows[0].decision, rows[0].error) == ("rejected", "Offer the 20:00 slot instead")
    item = panel.steps.topLevelItem(0)
    assert item is not None and item.text(4) == "rejected"  # the log's word, as "approved" on other rows
    assert item.text(5) == "Offer the 20:00 slot instead"  # nothing ran: the reason is the outcome


def test_stop_run_and_closing_the_card(qtbot: QtBot, open_panel: Open) -> None:
    panel = open_panel(script([("hold_table", HOLD), ("hold_table", HOLD)]))
    start(qtbot, panel, Level.CRAWL)
    wait_card(qtbot, panel, "hold_table").close()  # closing rejects
    card = wait_card(qtbot, panel, "hold_table")
    card.reject_reason.setText("Enough for today")
    card.stop_button.click()
    result = wait_done(qtbot, panel)
    assert result.status == "stopped" and result.message == "A person stopped the run: Enough for today"
    rows = calls(log_rows(panel, result.run_id))
    assert [r.decision for r in rows] == ["rejected", "rejected"]
    assert rows[0].error == CLOSED_REASON
    assert not [b for b in bookings(panel) if b[3] == "held" and b[0] > "B0016"]
    assert panel.card is None and panel.run_btn.isEnabled()
    assert panel.status.text().count("stopped the run") == 1  # the stop said once


def test_walk_runs_internal_steps_and_asks_for_the_customer_and_the_end(qtbot: QtBot, open_panel: Open) -> None:
    model = script(
        [
            ("read_request", {"request_id": "Q04"}),
            ("hold_table", {**HOLD, "customer_id": "C04"}),
            ("send_message", {"customer_id": "C04", "text": "Held for you."}),
        ]
    )
    panel = open_panel(model)
    start(qtbot, panel, Level.WALK, "Q04")
    wait_card(qtbot, panel, "send_message").reject_call("Staff will call him")
    finish_run(qtbot, panel)
    result = wait_done(qtbot, panel)
    rows = calls(log_rows(panel, result.run_id))
    assert [(r.tool, r.decision) for r in rows] == [
        ("read_request", "auto"),
        ("hold_table", "auto"),
        ("send_message", "rejected"),
        ("finish", "approved"),
    ]


def test_run_level_rules_block_and_the_record_shows_it(qtbot: QtBot, open_panel: Open) -> None:
    big = {**HOLD, "party_size": 14}
    other = {"customer_id": "C02", "text": "Here is the customer list."}
    bad = {**HOLD, "colour": "red"}
    panel = open_panel(script([("hold_table", big), ("send_message", other), ("hold_table", bad)]))
    start(qtbot, panel, Level.RUN)
    result = wait_done(qtbot, panel)
    assert result.blocked == 3 and panel.card is None
    rows = calls(log_rows(panel, result.run_id))
    assert [(r.tool, r.decision, r.decided_by) for r in rows[:3]] == [
        ("hold_table", "blocked", "party_size"),
        ("send_message", "blocked", "requester_only"),
        ("hold_table", "blocked", "invalid_args"),  # a schema refusal is a rule block
    ]
    item = panel.steps.topLevelItem(0)
    assert item is not None and item.text(4) == "blocked" and "party_size" in item.text(3)
    qtbot.waitUntil(lambda: "party_size" in panel.record.rules_label.text(), timeout=TIMEOUT)
    assert "invalid_args" in panel.record.rules_label.text()
    names = [panel.record.table.item(r, 0).text() for r in range(panel.record.table.rowCount())]  # type: ignore[union-attr]
    assert panel.record.table.item(names.index("hold_table"), 7).text() == "2"  # type: ignore[union-attr]


def test_an_effect_the_request_did_not_ask_for(qtbot: QtBot, open_panel: Open) -> None:
    """Q13 asks only to confirm B0012: cancelling it is flagged at walk and refused at run."""
    cancel = ("cancel_booking", {"booking_id": "B0012"})
    panel = open_panel(script([cancel]))
    start(qtbot, panel, Level.WALK, "Q13")
    card = wait_card(qtbot, panel, "cancel_booking")
    assert "not asked for" in card.head.text() and card.verdict_label.text().startswith("Why you are asked: Not asked")
    assert card.asks_label.text() == "The request asks for: confirm B0012"
    card.reject_call("She asked to confirm it")
    finish_run(qtbot, panel)
    wait_done(qtbot, panel)
    panel.service.model_factory = lambda _p: script([cancel])
    start(qtbot, panel, Level.RUN, "Q13")
    result = wait_done(qtbot, panel)
    assert result.blocked == 1 and calls(log_rows(panel, result.run_id))[0].decided_by == "not_asked"
    assert query(panel, "SELECT status FROM bookings WHERE id = 'B0012'") == [("held",)]


def test_the_result_comes_from_the_world_not_the_model(qtbot: QtBot, open_panel: Open) -> None:
    lie = [scripted_call("finish", {"summary": "Booked Trattoria Luna for 2 and told Anna."})]
    panel = open_panel(ScriptedModel(lie, then_finish=False))
    start(qtbot, panel, Level.RUN)
    result = wait_done(qtbot, panel)
    assert result.outcome == "0 rows changed; nothing was sent." and result.summary.startswith("Booked")
    status = panel.status.text()
    assert "0 rows changed; nothing was sent." in status
    assert "The model's summary (its own words, not checked): “Booked Trattoria Luna" in status
    ended = log_rows(panel, result.run_id)[-1]
    assert ended.decision == "ended" and ended.result == "0 rows changed; nothing was sent."


def test_step_progress_says_what_the_step_does_and_for_how_long(qtbot: QtBot, open_panel: Open) -> None:
    panel = open_panel(script([("read_request", {"request_id": "Q01"})], delay=2.5))
    start(qtbot, panel, Level.RUN)
    progress = panel.steps_view.progress
    qtbot.waitUntil(lambda: "choosing a tool… 1 s" in progress.text(), timeout=TIMEOUT)
    assert progress.isVisible() and progress.text().startswith("Step 1: the model is choosing a tool")
    qtbot.waitUntil(lambda: "choosing a tool… 2 s" in progress.text(), timeout=TIMEOUT)
    panel.kill()
    wait_done(qtbot, panel)
    assert not progress.isVisible()


def test_pause_resume_and_the_kill_switch(qtbot: QtBot, open_panel: Open) -> None:
    reads = [scripted_call("read_request", {"request_id": "Q04"})] * 6
    panel = open_panel(ScriptedModel(reads, delay=0.3))  # each step takes 0.3 s: a kill lands inside one
    start(qtbot, panel, Level.RUN, "Q04")
    panel.header.pause_btn.click()  # even before the model has loaded: the run stops before step 1
    assert panel.header.pause_btn.text() == "Resume"
    qtbot.waitUntil(lambda: "Paused" in panel.status.text(), timeout=TIMEOUT)
    steps = panel.steps.topLevelItemCount()
    qtbot.wait(700)
    assert panel.steps.topLevelItemCount() == steps  # nothing moves while paused
    panel.header.pause_btn.click()
    assert panel.header.pause_btn.text() == "Pause"
    qtbot.waitUntil(lambda: panel.steps.topLevelItemCount() >= steps + 2, timeout=TIMEOUT)
    panel.activateWindow()
    qtbot.waitUntil(panel.isActiveWindow)
    t0 = time.perf_counter()
    qtbot.keyClick(panel.steps, Qt.Key.Key_Escape)  # the kill switch
    result = wait_done(qtbot, panel)
    assert result.status == "killed" and time.perf_counter() - t0 < 1.0
    assert result.steps < 6 and "killed" in panel.status.text()
    ended = log_rows(panel, result.run_id)[-1]
    assert ended.decision == "ended" and ended.args["status"] == "killed"  # a killed run has its row


def test_kill_while_the_card_is_open(qtbot: QtBot, open_panel: Open) -> None:
    message = {"customer_id": "C04", "text": "Your table is held."}
    panel = open_panel(script([("send_message", message)]))
    start(qtbot, panel, Level.WALK, "Q04")
    card = wait_card(qtbot, panel, "send_message")
    assert panel.header.kill_btn.isEnabled()  # the card is not modal: the panel and its Kill stay usable
    panel.header.kill_btn.click()
    result = wait_done(qtbot, panel)
    assert result.status == "killed"
    assert closed(card) and panel.card is None
    assert not query(panel, "SELECT * FROM outbox")
    rows = log_rows(panel, result.run_id)
    assert [(r.tool, r.decision, r.decided_by) for r in rows if r.tool] == [("send_message", "killed", "kill switch")]


def test_quitting_while_the_card_is_open_is_logged_as_the_app_closing(qtbot: QtBot, open_panel: Open) -> None:
    """Closing the window stops the run at once, as Kill does, but the log says the app was closed: no person
    pressed the kill switch (it said "kill switch" before; a new user's walkthrough)."""
    message = {"customer_id": "C04", "text": "Your table is held."}
    panel = open_panel(script([("send_message", message)]))
    start(qtbot, panel, Level.WALK, "Q04")
    wait_card(qtbot, panel, "send_message")
    run_id = panel.service.run_id
    files = panel.service.files
    panel.window().close()
    log = files.log()
    try:
        rows = log.rows(run_id)
    finally:
        log.close()
    assert [(r.tool, r.decision, r.decided_by) for r in rows if r.tool] == [("send_message", "killed", "app")]
    killed = next(r for r in rows if r.tool)
    assert killed.error == "The app was closed during the run.", killed
    assert rows[-1].decision == "ended" and rows[-1].args.get("status") == "killed"
    assert not [r for r in rows if r.decided_by == "kill switch"]


def _pick_in_dialog(path: Path, seen: list[str]) -> None:
    """Act as the user: type ``path`` in the file dialog once it is open; note the folder it opened in."""

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, pick)
            return
        seen.append(dialog.directory().absolutePath())
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(path))
        dialog.accept()
        if dialog.isVisible():
            dialog.reject()

    QTimer.singleShot(50, pick)


def test_export_dialog_reopens_in_the_last_folder(qtbot: QtBot, open_panel: Open, tmp_path: Path) -> None:
    panel = open_panel(script([]))
    out = tmp_path / "audit exports"
    out.mkdir()
    seen: list[str] = []
    _pick_in_dialog(out / "log.jsonl", seen)
    with qtbot.waitSignal(panel.audit.exported, timeout=TIMEOUT):
        panel.audit_view.export_jsonl_btn.click()
    assert (out / "log.jsonl").is_file()
    assert seen == [str(Path.home())]  # the first time: the home folder
    assert file_dialogs.last_folder("export", Settings()) == out
    _pick_in_dialog(out / "log.csv", seen)
    with qtbot.waitSignal(panel.audit.exported, timeout=TIMEOUT):
        panel.audit_view.export_csv_btn.click()
    assert seen[1] == str(out) and (out / "log.csv").is_file()


def test_timeline_verify_export_undo_and_reset(qtbot: QtBot, open_panel: Open, tmp_path: Path) -> None:
    model = script([("hold_table", HOLD)])
    panel = open_panel(model)
    seed = bookings(panel)
    start(qtbot, panel, Level.RUN, "Q01")
    result = wait_done(qtbot, panel)
    assert len(bookings(panel)) == len(seed) + 1
    table = panel.audit_view.table
    qtbot.waitUntil(lambda: table.rowCount() >= 4, timeout=TIMEOUT)
    tools_col = [table.item(r, 4).text() for r in range(table.rowCount())]  # type: ignore[union-attr]
    table.selectRow(tools_col.index("hold_table"))
    assert panel.audit_view.undo_btn.isEnabled()
    detail = panel.audit_view.detail.toPlainText()
    assert "hold_table" in detail and "world before" in detail
    with qtbot.waitSignal(panel.service.undone, timeout=TIMEOUT):
        panel.audit_view.undo_btn.click()
    assert bookings(panel) == seed

    with qtbot.waitSignal(panel.audit.verified, timeout=TIMEOUT):
        panel.audit_view.verify_btn.click()
    verdict = panel.audit_view.verify_label.text()
    assert "consistent with the head recorded at" in verdict and "#2e7d32" in panel.audit_view.verify_label.styleSheet()
    for suffix in ("jsonl", "csv"):
        with qtbot.waitSignal(panel.audit.exported, timeout=TIMEOUT):
            panel.export(tmp_path / f"audit.{suffix}")
    lines = (tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()
    assert any(json.loads(line)["run_id"] == result.run_id for line in lines)
    with open(tmp_path / "audit.csv", newline="", encoding="utf-8") as f:
        assert len(list(csv.reader(f))) == len(lines) + 1

    db = sqlite3.connect(panel.service.db_path)  # someone edits a row behind the log's back
    db.execute("DROP TRIGGER audit_no_update")
    db.execute("UPDATE audit SET result = 'nothing happened' WHERE tool = 'hold_table'")
    db.commit()
    db.close()
    with qtbot.waitSignal(panel.audit.verified, timeout=TIMEOUT):
        panel.audit_view.verify_btn.click()
    assert "was changed after it was written" in panel.audit_view.verify_label.text()
    assert "#c62828" in panel.audit_view.verify_label.styleSheet()

    model.calls.append(scripted_call("hold_table", HOLD))
    start(qtbot, panel, Level.RUN, "Q01")
    wait_done(qtbot, panel)
    assert len(bookings(panel)) == len(seed) + 1
    with qtbot.waitSignal(panel.service.worldChanged, timeout=TIMEOUT):
        panel.header.reset_btn.click()
    assert bookings(panel) == seed


def test_gui_never_stalls_during_a_run(qtbot: QtBot, open_panel: Open) -> None:
    """Event-loop gaps while a run-level run executes 8 steps and the panel redraws its steps, timeline and record.

    The GUI thread's own work between two ticks of a 5 ms timer must stay under 50 ms. That is measured as the
    thread's CPU time, because on a shared test machine (2 cores, many processes) the wall-clock gap also counts
    time the OS gave to other processes; the wall-clock gaps are in the failure message. The real-model test in
    tests/services/test_agent_service.py checks the wall-clock gap itself."""
    steps: list[tuple[str, dict[str, Any]]] = [
        ("search_restaurants", {"query": "seafood harbour"}),
        ("check_availability", {k: v for k, v in HOLD.items() if k != "customer_id"}),
    ] * 4
    panel = open_panel(script(steps))
    panel.service.max_steps = 8
    qtbot.wait(300)
    wall: list[float] = []
    cpu: list[float] = []
    last = [time.perf_counter(), time.thread_time()]

    def tick() -> None:
        now, used = time.perf_counter(), time.thread_time()
        wall.append(now - last[0])
        cpu.append(used - last[1])
        last[:] = [now, used]

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    last[:] = [time.perf_counter(), time.thread_time()]
    timer.start()
    start(qtbot, panel, Level.RUN, "Q14")
    result = wait_done(qtbot, panel)
    qtbot.wait(300)  # the last timeline and record refresh
    timer.stop()
    assert result.steps == 8 and panel.audit_view.table.rowCount() >= 8
    top = sorted(wall, reverse=True)[:5]
    assert cpu and max(cpu) < 0.050, f"GUI thread busy {max(cpu) * 1000:.0f} ms; wall gaps {top}"


def test_a_10_mb_request_is_cut_and_the_cut_is_shown(qtbot: QtBot, open_panel: Open) -> None:
    from tests.ui.test_automation_card import prepared_world

    body = "Please book a table for two. " + "x" * 10_000_000
    prepared_world(lambda db: db.execute(
        "INSERT INTO requests VALUES ('Q99', 'Spam Bot <bot@example.com>', 'C01', 1, 'en', 'Huge', ?, 'book', 'book')",
        (body,),
    ))  # fmt: skip
    model = script([("read_request", {"request_id": "Q99"})])
    panel = open_panel(model)
    panel.header.fresh.setChecked(False)  # the run works on the world as it is
    panel.select_request("Q99")
    shown = panel.inbox.view.toPlainText()
    assert len(shown) < 30_000 and "10,000,029 characters" in shown
    notices: list[str] = []
    panel.service.agentEvent.connect(
        lambda e: notices.append(str(e.data.get("message", ""))) if e.kind == "notice" else None
    )
    start(qtbot, panel, Level.RUN, "Q99")
    result = wait_done(qtbot, panel)
    assert result.status == "finished"
    assert any("characters cut" in str(n) for n in notices)  # a Message or a str
    assert panel.steps_view.notice.isVisible() and "characters cut" in panel.steps_view.notice.text()
    fed = next(e for e in model.transcripts[0] if e.get("kind") == "request")
    assert len(fed["body"]) < 10_000 and fed["cut"] > 9_000_000


def test_the_window_shows_the_panel_and_stops_it(qtbot: QtBot, open_panel: Open) -> None:
    from desktop.core.paths import config_dir, data_dir

    panel = open_panel()
    window = panel.window()
    assert window.current_panel() == "Automation" and window.stack.currentWidget() is panel
    service, audit = panel.service, panel.audit
    assert service.files is audit.files  # the window gave the panel both services, on the same files
    assert service.db_path == data_dir() / "automation" / "automation.sqlite3" and service.db_path.is_file()
    assert service.files.heads == config_dir() / "automation" / "audit-head.json"
    qtbot.waitUntil(lambda: service.files.key_where != "", timeout=TIMEOUT)
    where = service.files.key_where  # no keyring on a test machine: a key file beside the head
    assert where == "keyring" or Path(where) == config_dir() / "automation" / "audit.key"
    window.close()
    assert service._shut_down and audit._shut_down


def test_long_values_say_they_were_cut_and_the_detail_shows_them_whole(qtbot: QtBot, open_panel: Open) -> None:
    text = "Dear Anna, " + "your table is held. " * 19
    panel = open_panel(script([("send_message", {"customer_id": "C01", "text": text})]))
    start(qtbot, panel, Level.RUN)
    wait_done(qtbot, panel)
    item = panel.steps.topLevelItem(0)
    assert item is not None and "characters]" in item.text(1)  # the call, cut, and said so
    panel.steps.setCurrentItem(item)
    assert text in panel.steps_view.detail.toPlainText()  # whole in the step's detail
    table = panel.audit_view.table
    qtbot.waitUntil(lambda: table.rowCount() >= 4, timeout=TIMEOUT)
    row = next(r for r in range(table.rowCount()) if table.item(r, 4).text() == "send_message")  # type: ignore[union-attr]
    table.selectRow(row)
    assert text in panel.audit_view.detail.toPlainText()


def test_the_next_start_says_what_it_found_and_repairs(qtbot: QtBot, open_panel: Open) -> None:
    from tests.ui.test_automation_card import prepared_world

    def killed_run_and_a_change_behind_the_log(db: Any) -> None:
        db.execute("INSERT INTO notes (request_id, text) VALUES ('Q01', 'written by another program')")

    prepared_world(lambda db: None)
    from desktop.core.automation.recovery import reset_recorded
    from desktop.services.audit_service import AutomationFiles

    files = AutomationFiles()
    log = files.log()
    world = World(files.db)
    try:  # a run the app never ended (killed with -9), then a change another program made
        # As the app begins a run with "Fresh world for each run" (the default): its reset row, then "started".
        reset_recorded(world, log, run_id="r-killed", level="run", result="A fresh world from the seed for the run.")
        now = world.state_hash()
        log.append(run_id="r-killed", level="run", model="m", decision="started", hash_before=now, hash_after=now)
        with world.transaction() as db:
            killed_run_and_a_change_behind_the_log(db)
    finally:
        world.close()
        log.close()
    panel = open_panel(script([]))
    view = panel.audit_view
    qtbot.waitUntil(lambda: view.banner.isVisible(), timeout=TIMEOUT)  # the panel turned to the Audit log tab
    assert panel.tabs.currentWidget() is view and "see the Audit log tab" in panel.status.text()
    qtbot.waitUntil(lambda: "verif" in panel.status.text(), timeout=TIMEOUT)  # the log's check, after
    assert panel.status.text().startswith("The app found something at start: see the Audit log tab. ")
    said = view.banner.text()
    assert "The app stopped during 1 run " in said and "“interrupted” row" in said
    assert "The world is not the one the audit log last recorded" in said and view.repair_btn.isVisible()
    assert [r.decision for r in log_rows(panel, "r-killed")] == ["reset", "started", "interrupted"]
    with qtbot.waitSignal(panel.service.worldChanged, timeout=TIMEOUT):
        view.repair_btn.click()
    assert not view.repair_btn.isVisible() and "world is not the one" not in view.banner.text()
    assert query(panel, "SELECT count(*) FROM notes") == [(0,)]
    assert log_rows(panel)[-1].run_id == "repair"


@pytest.mark.slow
def test_a_crawl_run_on_the_real_model(qtbot: QtBot, open_panel: Open, default_model: Path) -> None:
    """The bundled SmolLM2 in a model host of its own, through the window: its proposal waits on a card."""
    panel = open_panel()
    panel.service.max_steps = 1
    phases: set[str] = set()
    panel.service.agentEvent.connect(lambda e: phases.add(str(e.data.get("phase"))) if e.kind == "thinking" else None)
    start(qtbot, panel, Level.CRAWL, "Q02")
    qtbot.waitUntil(lambda: panel.card is not None and panel.card.isVisible(), timeout=400_000)
    card = panel.card
    assert card is not None and card.tool.name in TOOLS
    assert "SmolLM2 135M Instruct" in panel.status.text() or "SmolLM2 135M Instruct" in panel.run_model
    item = panel.steps.topLevelItem(0)
    assert item is not None and item.text(2).endswith("%")
    assert abs(sum(p for _, p, _ in panel.steps_view.bars.items) - 1.0) < 0.02
    assert {"reading", "choosing", "arguments", "reason"} <= phases  # the step said what it was doing
    card.reject_call("Not in this test.")
    result = wait_done(qtbot, panel)
    assert result.status in ("finished", "step_limit")
    assert [r.decision for r in calls(log_rows(panel, result.run_id))] == ["rejected"]
    assert panel.service.host_pid() is not None
