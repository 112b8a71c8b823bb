"""What the panel shows is what runs, and text it did not write is never markup. Through the window as ``main()``
builds it: every tool's card is compared with what executed (its arguments with the audit row, its message with
the outbox, its rows with the world's own diff), with invisible and bidi characters in the values; then markup
fed through the model's words, a tool result, the world and a customer is checked in every label, tooltip and cell
of the panel and the card."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QTableWidget, QTreeWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.automation import tools
from desktop.core.automation.host_model import ScriptedModel
from desktop.core.automation.policy import Level
from desktop.core.automation.world import World
from desktop.core.invisible import reveal
from desktop.services.audit_service import DB_FILE, AutomationFiles
from desktop.ui.panels.automation import AutomationPanel
from desktop.ui.widgets.approval_card import change_text
from tests.layout_check import clipped
from tests.ui import test_automation_panel as base
from tests.ui.test_automation_panel import (
    TIMEOUT,
    Open,
    calls,
    closed,
    log_rows,
    scripted_call,
    start,
    wait_card,
    wait_done,
)

open_panel = base.open_panel  # the panel tests' fixture: the window as main() builds it


def prepared_world(change: Callable[[Any], None]) -> None:
    """The app's database as a user's disk might hold it before the window opens: the seed, then ``change`` (raw
    SQL on the open transaction), recorded by a row as every change is."""
    files = AutomationFiles()
    world = World.fresh(files.folder, DB_FILE)
    log = files.log()
    try:
        with world.transaction() as db:
            before = world.state_hash()
            change(db)
            row = log.write(db, run_id="setup", decision="reset", decided_by="person", result="the test's world",
                            hash_before=before, hash_after=world.state_hash())  # fmt: skip
        log.committed(row)
    finally:
        log.close()
        world.close()


def snapshot(panel: AutomationPanel) -> dict[str, dict[str, dict[str, Any]]]:
    world = World(panel.service.db_path)
    try:
        return tools.snapshot(world)
    finally:
        world.close()


HOLD = {"restaurant": "Trattoria Luna", "date": "2026-12-04", "time": "20:00", "party_size": 2, "customer_id": "C01"}
EVERY_TOOL: list[tuple[str, dict[str, Any]]] = [  # Anna's request Q01, with invisible characters in the values
    ("search_restaurants", {"query": "pas\u00adta"}),
    ("check_availability", {k: v for k, v in HOLD.items() if k != "customer_id"}),
    ("read_request", {"request_id": "Q01"}),
    ("lookup_customer", {"customer": "C01"}),
    ("hold_table", HOLD),
    ("write_note", {"request_id": "Q01", "text": "Window\u200b seat\u202e please"}),
    ("draft_reply", {"request_id": "Q01", "text": "Dear Anna\u2066, see you\u2069 soon"}),
    ("confirm_booking", {"booking_id": "B0017"}),
    ("send_message", {"customer_id": "C01", "text": "Your table\u202e 0002 is held"}),
    ("charge_deposit", {"booking_id": "B0017", "amount": 20}),  # not asked for: the card says so
    ("cancel_booking", {"booking_id": "B0017", "reason": "\u202eok"}),
    ("finish", {"summary": "Booked\u200d and told Anna\u202e 0002"}),
]


def test_every_tool_s_card_shows_the_bytes_that_run(qtbot: QtBot, open_panel: Open) -> None:
    model = ScriptedModel([scripted_call(t, a) for t, a in EVERY_TOOL], then_finish=False)
    panel = open_panel(model)
    panel.service.max_steps = len(EVERY_TOOL)
    start(qtbot, panel, Level.CRAWL, "Q01")
    shown: list[dict[str, Any]] = []
    for tool, _args in EVERY_TOOL:
        card = wait_card(qtbot, panel, tool)
        before = snapshot(panel)
        seen: dict[str, Any] = {"tool": tool, "args": json.loads(card.args_edit.toPlainText())}
        seen["args_text"] = card.args_edit.toPlainText()
        seen["message"] = card.message_view.toPlainText() if card.message_view is not None else None
        seen["recorded"] = card.recorded_view.toPlainText() if card.recorded_view is not None else None
        seen["rows"] = table_text(card.rows_table)
        seen["hidden"] = card.hidden_label.text() if card.hidden_label.isVisible() else ""
        if tool in ("charge_deposit", "cancel_booking"):
            assert "not asked for" in card.head.text()
        # every button read whole as the card opens ("Approve cancel_booking for this run" was cut at 560 px)
        assert not [p for p in clipped(card) if p.startswith("QPushButton")], (tool, clipped(card))
        card.approve_button.click()
        qtbot.waitUntil(lambda c=card: closed(c), timeout=TIMEOUT)
        if tool != "finish":
            qtbot.waitUntil(lambda t=tool: bool(panel.card and panel.card.tool.name != t) or not panel.service.busy,
                            timeout=TIMEOUT)  # fmt: skip
            qtbot.waitUntil(lambda: panel.card is not None and panel.card.isVisible(), timeout=TIMEOUT)
        else:
            wait_done(qtbot, panel)
        after = snapshot(panel)
        seen["executed_rows"] = [[r["table"], r["op"], r["key"], change_text(r)] for r in tools.diff(before, after)]
        seen["sent"] = [r["after"]["text"] for r in tools.diff(before, after) if r["table"] == "outbox"]
        shown.append(seen)
    result = wait_done(qtbot, panel)
    assert result.status == "finished"
    rows = calls(log_rows(panel, result.run_id))
    assert [r.tool for r in rows] == [t for t, _ in EVERY_TOOL]
    for seen, row, (tool, args) in zip(shown, rows, EVERY_TOOL, strict=True):
        assert seen["args"] == args == row.args, tool  # exactly, invisible characters included
        if tool == "finish":
            assert seen["recorded"] == reveal(args["summary"]) and "⟨U+202E⟩" in seen["recorded"]
            assert result.summary == args["summary"]
            continue
        if tools.TOOLS[tool].annotations.read_only:
            assert seen["rows"] == [] and seen["executed_rows"] == [], tool
            continue
        assert seen["rows"] == seen["executed_rows"], tool  # the rows the card showed are the rows that changed
        if seen["sent"]:
            assert seen["message"] == "\n\n".join(reveal(t) for t in seen["sent"]), tool  # the exact message
        else:
            assert seen["message"] is None, tool
    hidden = {s["tool"]: s["hidden"] for s in shown}
    assert (
        "U+202E RIGHT-TO-LEFT OVERRIDE" in hidden["send_message"] and "U+200B ZERO WIDTH SPACE" in hidden["write_note"]
    )
    assert hidden["confirm_booking"] == ""
    panel.steps.setCurrentItem(panel.steps.topLevelItem(8))  # send_message: drawn visibly in the steps too
    assert "Your table⟨U+202E⟩ 0002 is held" in panel.steps_view.detail.toPlainText()
    assert "⟨U+202E⟩" in panel.steps.topLevelItem(8).text(1)  # type: ignore[union-attr]
    table = panel.audit_view.table
    qtbot.waitUntil(lambda: table.rowCount() >= len(EVERY_TOOL) + 3, timeout=TIMEOUT)
    row = next(r for r in range(table.rowCount()) if table.item(r, 4).text() == "send_message")  # type: ignore[union-attr]
    table.selectRow(row)
    assert "Your table⟨U+202E⟩ 0002 is held" in panel.audit_view.detail.toPlainText()  # and in the audit view
    message = next(s["message"] for s in shown if s["tool"] == "send_message")
    assert message == "Your table⟨U+202E⟩ 0002 is held"  # drawn as what it is, not as "2000"
    assert next(s for s in shown if s["tool"] == "send_message")["args_text"].count("\\u202e") == 1  # and as JSON


def table_text(table: QTableWidget | None) -> list[list[str]]:
    if table is None:
        return []
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]  # type: ignore[union-attr]


# ----- markup from the model, a tool, the world and a customer is plain text --------------------------------------
MARK = "<b>BIG</b>"


def rendered(text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    rich = fmt == Qt.TextFormat.RichText or (fmt == Qt.TextFormat.AutoText and GuiQt.mightBeRichText(text))
    if not rich:
        return text
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText()


def markup_seen(root: QWidget) -> tuple[int, list[str]]:
    """(how many places showed the marked text, the places that rendered it as markup)."""
    places, problems = 0, []

    def check(where: str, text: str, fmt: Qt.TextFormat = Qt.TextFormat.AutoText) -> None:
        nonlocal places
        if "BIG" not in text:
            return
        places += 1
        if MARK not in rendered(text, fmt):
            problems.append(f"{where}: {text!r}")

    for w in [root, *root.findChildren(QWidget)]:
        check(f"tooltip of {type(w).__name__}", w.toolTip())
        if isinstance(w, QLabel):
            check("label", w.text(), w.textFormat())
        if isinstance(w, QPlainTextEdit):
            check("text view", w.toPlainText(), Qt.TextFormat.PlainText)  # plain by nature
        if isinstance(w, QTreeWidget):
            for i in range(w.topLevelItemCount()):
                item = w.topLevelItem(i)
                for c in range(w.columnCount()):
                    check("tree cell tooltip", item.toolTip(c))  # type: ignore[union-attr]
        if isinstance(w, QTableWidget):
            for r in range(w.rowCount()):
                for c in range(w.columnCount()):
                    item = w.item(r, c)
                    if item is not None:
                        check("table cell tooltip", item.toolTip())
    return places, problems


def test_markup_anywhere_is_shown_as_the_characters_it_is(qtbot: QtBot, open_panel: Open) -> None:
    def poison(db: Any) -> None:
        db.execute("UPDATE restaurants SET name = 'Harbour <b>BIG</b> Grill' WHERE id = 'r04'")
        db.execute("UPDATE restaurant_search SET name = 'Harbour <b>BIG</b> Grill' WHERE restaurant_id = 'r04'")
        db.execute(
            "INSERT INTO requests VALUES ('Q60', '<i>Anna</i> <b>BIG</b> <anna.berg@example.com>', 'C01', 1, 'en', "
            "'<b>BIG</b> subject', '<b>BIG</b> body <img src=x> and <a href=x>a link</a>', 'book', 'book')"
        )

    prepared_world(poison)
    hold = {**HOLD, "restaurant": "Harbour <b>BIG</b> Grill", "time": "19:00"}
    steps = [
        scripted_call("search_restaurants", {"query": "grill"}, "<b>BIG</b> reason"),
        scripted_call("hold_table", hold, "<b>BIG</b> reason"),
        scripted_call("send_message", {"customer_id": "C01", "text": "<b>BIG</b> text"}, "<b>BIG</b> why"),
        scripted_call("finish", {"summary": "<b>BIG</b> Nothing was sent"}, "<b>BIG</b> done"),
    ]
    panel = open_panel(ScriptedModel(steps, then_finish=False))
    panel.header.fresh.setChecked(False)  # the poisoned world as it is
    start(qtbot, panel, Level.CRAWL, "Q60")
    cards: list[tuple[int, list[str]]] = []
    for call in steps:
        card = wait_card(qtbot, panel, call.tool)
        cards.append(markup_seen(card))
        card.approve_button.click()
        qtbot.waitUntil(lambda c=card: closed(c), timeout=TIMEOUT)
    wait_done(qtbot, panel)
    qtbot.waitUntil(lambda: panel.audit_view.table.rowCount() >= 7, timeout=TIMEOUT)
    for card_places, card_problems in cards:
        assert card_places >= 1 and card_problems == [], card_problems  # the reason at least; arguments, rows
    panel.steps.setCurrentItem(panel.steps.topLevelItem(2))
    panel.audit_view.table.selectRow(panel.audit_view.table.rowCount() - 2)
    panel.select_request("Q60")
    places, problems = markup_seen(panel)
    assert problems == []
    assert places >= 8  # the inbox, the steps' cells and tooltips, the timeline, the status line
    status = panel.status.text()
    assert "“<b>BIG</b> Nothing was sent”" in status and panel.status.textFormat() == Qt.TextFormat.PlainText
    assert "1 message was sent" in status  # the world's outcome, not the model's claim
    assert MARK in panel.steps_view.detail.toPlainText() and MARK in panel.inbox.view.toPlainText()
