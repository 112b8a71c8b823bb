"""Panels are built when first shown: the window's shell (sidebar, empty page, menus) is drawn first, its
first panel on the turn after; each other panel is built (once) when shown or asked for, what a panel keeps
is restored then, and only built panels stop."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from desktop.factory import SWITCH_INTERVAL_S, build_window
from desktop.services.settings import Settings
from desktop.ui.main_window import PANELS


def test_only_the_first_panel_is_built_at_start(qtbot: QtBot, fresh_home: Path, models_dir: Path) -> None:
    win = build_window(Settings(), start_host=False)
    qtbot.addWidget(win)
    order: list[str] = []
    win.firstFrame.connect(lambda: order.append(f"frame {sorted(win.panels)}"))
    win.started.connect(lambda: order.append(f"started {sorted(win.panels)}"))
    with qtbot.waitSignal(win.started, timeout=10000):
        win.show()
        assert not win.panels and win.sidebar.count() == len(PANELS)  # the shell only, until it is drawn
    assert order == ["frame []", "started ['Models']"]
    assert gc.get_freeze_count() > 0  # what exists at start is out of the full collections' way
    assert sys.getswitchinterval() == SWITCH_INTERVAL_S
    assert win.stack.currentWidget() is win.panels["Models"] and win.panels["Models"].isVisible()
    win.show_panel("Vision")
    assert set(win.panels) == {"Models", "Vision"}
    vision = win.panels["Vision"]
    assert vision.isVisible()
    assert win.stack.currentWidget() is vision
    win.show_panel("Models")
    win.show_panel("Vision")
    assert win.vision_panel is vision  # built once
    assert "Tokenizer" not in win.panels and win._compare_host_pid() is None
    win.close()  # shuts down only what was built; the autouse guard checks nothing is left running
    assert set(win.panels) == {"Models", "Vision"}


def test_the_last_panel_is_the_one_built_and_drafts_restore_on_demand(
    qtbot: QtBot, fresh_home: Path, models_dir: Path
) -> None:
    first = build_window(Settings(), start_host=False)
    qtbot.addWidget(first)
    first.show_panel("Completion")
    first.completion_panel.prompt.setPlainText("A draft kept for later")
    first.tokenizer_panel.set_text("tokens to keep")
    first.close()
    second = build_window(Settings(), start_host=False)
    qtbot.addWidget(second)
    assert second.current_panel() == "Completion"
    qtbot.waitUntil(lambda: list(second.panels) == ["Completion"])  # never shown: built on the first turn
    assert second.completion_panel.prompt.toPlainText() == "A draft kept for later"
    assert second.tokenizer_panel.text() == "tokens to keep"  # built now, restored now
    assert set(second.panels) == {"Completion", "Tokenizer"}
    second.close()


def test_every_panel_can_be_built_from_its_shortcut(qtbot: QtBot, fresh_home: Path, models_dir: Path) -> None:
    win = build_window(Settings(), start_host=False)
    qtbot.addWidget(win)
    with qtbot.waitSignal(win.started, timeout=10000):
        win.show()
    for index, name in enumerate(PANELS):
        win.sidebar.setCurrentRow(index)
        assert win.current_panel() == name and win.panels[name].isVisible()
    win.close()


def test_a_panel_that_cannot_be_built_says_so_in_its_place_and_the_others_work(
    qtbot: QtBot, fresh_home: Path, models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desktop.ui.panels.tokenizer as tokenizer

    def boom(self: object, *args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated failure in one panel")

    monkeypatch.setattr(tokenizer.TokenizerPanel, "__init__", boom)
    win = build_window(Settings(), start_host=False)
    qtbot.addWidget(win)
    win.show_panel("Tokenizer")
    page = win.stack.currentWidget()
    texts = [label.text() for label in page.findChildren(QLabel)]
    assert any("could not be opened" in t and "simulated failure in one panel" in t for t in texts), texts
    assert len(win.errors) == 1  # one dialog with the details, not one per click
    win.show_panel("Models")
    win.show_panel("Tokenizer")
    assert len(win.errors) == 1
    win.show_panel("Completion")
    assert "Completion" in win.panels
    win.close()


def test_a_panel_asked_for_before_the_first_frame_is_the_page_shown(
    qtbot: QtBot, fresh_home: Path, models_dir: Path
) -> None:
    win = build_window(Settings(), start_host=False, panel="Vision")
    qtbot.addWidget(win)
    win.show()
    vision = win.panel("Vision")  # before the first frame, while its page is still the empty one
    assert win.stack.currentWidget() is vision and win.current_panel() == "Vision"
    qtbot.waitUntil(vision.isVisible)
    win.close()


class _WindowsShown(QObject):
    """Every widget that is shown as a window of its own (a widget shown before it has a parent is one)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) and watched.isWindow():
            self.shown.append(type(watched).__name__)
        return False


def test_no_panel_flashes_a_window_and_the_window_stays_active(
    qtbot: QtBot, fresh_home: Path, models_dir: Path
) -> None:
    """A widget made visible before it is added to a layout is, for a moment, a window of its own: on a
    desktop it flashes, and taking the activation from the main window it left Esc and the wheel dead
    until a click (the Score a text view's checkbox did, once panels came after the first frame)."""
    app = QApplication.instance()
    assert app is not None
    spy = _WindowsShown()
    app.installEventFilter(spy)
    try:
        win = build_window(Settings(), start_host=False)
        qtbot.addWidget(win)
        with qtbot.waitSignal(win.started, timeout=10000):
            win.show()
        for name in PANELS:
            win.show_panel(name)
        qtbot.wait(50)  # the platform's (queued) activation events
    finally:
        app.removeEventFilter(spy)
    assert spy.shown == ["MainWindow"]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=5000)
