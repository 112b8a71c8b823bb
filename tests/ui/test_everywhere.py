"""The README's "Everywhere" claims that no other test reached through the window: Ctrl+1 … Ctrl+6 switch
panels, Lessons included, and the wheel over a tab bar without the focus leaves its tab alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import PANELS


def test_ctrl_1_to_6_switch_panels_lessons_last(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    assert len(PANELS) == 6 and PANELS[-1] == "Lessons"
    for index in reversed(range(len(PANELS))):  # from the last, so each key moves away from the panel shown
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + index), Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda i=index: window.current_panel() == PANELS[i], timeout=5000)
        assert window.panel(PANELS[index]).isVisible()


def _wheel(widget: QWidget) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(widget, event)


def test_the_wheel_changes_a_tab_only_with_focus(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False, panel="Completion")
    tabs = window.panel("Completion").findChild(QTabWidget)
    assert tabs is not None
    bar = tabs.tabBar()
    tabs.setCurrentIndex(0)
    window.panel("Completion").prompt.setFocus()
    _wheel(bar)
    assert tabs.currentIndex() == 0
    bar.setFocus()
    qtbot.waitUntil(bar.hasFocus, timeout=5000)
    _wheel(bar)
    assert tabs.currentIndex() == 1  # with the focus, the wheel is the person's choice
