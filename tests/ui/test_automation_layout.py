"""The Automation panel at 1024x640, as a user's small laptop shows it (issue #23, items 5 and 6): it fits without
scrolling, the run's status stays on screen, and no label, button, combo, table header or p(tool) name is cut, in
every tab, before and after a run. Through the window as main() builds it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetrics, QTextDocument
from PySide6.QtWidgets import QAbstractButton, QComboBox, QHeaderView, QLabel, QScrollArea, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.automation.policy import Level
from desktop.ui.panels.automation import AutomationPanel
from tests.ui import test_automation_panel as base
from tests.ui.test_automation_panel import HOLD, Open, script, start, wait_done

open_panel = base.open_panel  # the panel tests' fixture: the window as main() builds it


def _plain(label: QLabel) -> str:
    doc = QTextDocument()
    doc.setHtml(label.text()) if label.textFormat() != label.textFormat().PlainText else doc.setPlainText(label.text())
    return doc.toPlainText()


def clipped(root: QWidget) -> list[str]:
    """Every visible text in ``root`` that does not fit the room it has."""
    out: list[str] = []
    for label in root.findChildren(QLabel):
        if not label.isVisible() or not label.text():
            continue
        room = label.contentsRect()
        if label.wordWrap():
            need = label.heightForWidth(room.width() + label.contentsMargins().left() + label.contentsMargins().right())
            if need > label.height() + 1:
                out.append(f"label {label.text()[:50]!r}: needs {need} px high, has {label.height()}")
        else:
            width = max(
                QFontMetrics(label.font()).horizontalAdvance(line) for line in _plain(label).splitlines() or [""]
            )
            if width > room.width() + 1:
                out.append(f"label {label.text()[:50]!r}: needs {width} px wide, has {room.width()}")
    for button in root.findChildren(QAbstractButton):
        if button.isVisible() and button.text() and button.width() + 1 < button.sizeHint().width():
            out.append(f"button {button.text()!r}: {button.width()} < {button.sizeHint().width()}")
    for combo in root.findChildren(QComboBox):
        if combo.isVisible() and combo.width() + 1 < combo.sizeHint().width():
            out.append(f"combo {combo.currentText()!r}: {combo.width()} < {combo.sizeHint().width()}")
    for header in root.findChildren(QHeaderView):
        if not header.isVisible() or header.model() is None:
            continue
        metrics = header.fontMetrics()
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = str(header.model().headerData(section, header.orientation()) or "")
            need = metrics.horizontalAdvance(text) + 8
            if text and header.sectionSize(section) < need:
                out.append(f"header {text!r}: {header.sectionSize(section)} < {need}")
    return out


def fits(panel: AutomationPanel) -> list[str]:
    """The panel's page does not scroll, and the status line is inside the window."""
    problems = []
    area = panel.findChild(QScrollArea)
    assert area is not None
    if area.verticalScrollBar().isVisible() or area.horizontalScrollBar().isVisible():
        problems.append("the panel scrolls at this size")
    window = panel.window()
    top_left = panel.status.mapTo(window, QPoint(0, 0))
    status = QRect(top_left, panel.status.size())
    if not window.rect().contains(status) or panel.status.visibleRegion().isEmpty():
        problems.append(f"the status line is off screen: {status} in {window.rect()}")
    return problems


def test_the_panel_fits_1024x640_with_nothing_cut(qtbot: QtBot, open_panel: Open) -> None:
    panel = open_panel(script([("check_availability", {k: v for k, v in HOLD.items() if k != "customer_id"})]),
                       size=(1024, 640))  # fmt: skip
    qtbot.wait(300)
    assert panel.window().size().width() == 1024 and panel.window().size().height() == 640
    assert fits(panel) == [] and clipped(panel) == []
    bars = panel.steps_view
    assert bars.chart_title.text().startswith("Select a step")  # the hint, whole (it wraps)

    start(qtbot, panel, Level.RUN, "Q01")
    wait_done(qtbot, panel)
    qtbot.waitUntil(lambda: panel.record.table.rowCount() >= 2, timeout=20_000)
    panel.steps.setCurrentItem(panel.steps.topLevelItem(0))
    qtbot.wait(200)
    chart = bars.bars
    bold = chart.font()
    bold.setBold(True)
    longest = max(QFontMetrics(bold).horizontalAdvance(name) for name, _, _ in chart.items)
    assert len(chart.items) == 12 and chart.name_width() > longest  # every tool name whole ("check_availability")
    assert chart.width() >= chart.minimumSizeHint().width()
    for tab in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(tab)
        qtbot.wait(200)
        assert fits(panel) == [], panel.tabs.tabText(tab)
        assert clipped(panel) == [], panel.tabs.tabText(tab)
    assert "finished" in panel.status.text()


def test_below_its_minimum_the_panel_scrolls_and_the_checks_see_it(qtbot: QtBot, open_panel: Open) -> None:
    """The checks above are not blind: squeezed to 700x420, the page scrolls (and nothing overlaps)."""
    panel = open_panel(script([]), size=(700, 420))
    qtbot.wait(300)
    assert "the panel scrolls at this size" in fits(panel)
