"""Every panel fits a 1024x640 window (issue #23, items 5 and 6): the window as main() builds it, at that
size, in English and in Korean, walked through every panel and every tab of each, with no label, button,
combo, group title, tab or table header cut, and no text a chart draws cut (its ``clipped_texts()``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTabWidget
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.factory import install_language
from desktop.services.settings import Settings
from desktop.ui.main_window import PANELS
from tests.layout_check import clipped, walk_tabs

SIZE = (1024, 640)


def settle(ms: int = 120) -> None:
    end = time.monotonic() + ms / 1000
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.005)


@pytest.fixture
def open_window(make_window: Callable[..., Any], qtbot: QtBot) -> Iterator[Callable[[str], Any]]:
    """The window in ``lang`` as a start in that language builds it (fonts, translators, then the window),
    at 1024x640, with the models listed and the Automation inbox read."""

    def make(lang: str) -> Any:
        settings = Settings()
        settings.set(i18n.SETTING, lang)
        install_language(settings)
        window = make_window(settings=settings, start_host=False)
        window.resize(*SIZE)
        qtbot.waitUntil(lambda: len(window.catalog.catalog.entries) >= 2, timeout=20_000)
        automation = window.panel("Automation")
        qtbot.waitUntil(lambda: len(automation.requests) >= 18, timeout=20_000)
        settle(300)
        return window

    yield make
    i18n.install_language("en")


def cut_texts(window: Any) -> list[str]:
    """What is cut in each panel and each of its tabs, as "Panel › Tab: Widget 'text': needs N px, has M";
    Completion twice, in Completion mode and in Chat mode (which shows the chat format)."""
    found: list[str] = []
    for name in [*PANELS, "Completion (Chat)"]:
        if name == "Completion (Chat)":
            completion = window.panel("Completion")
            completion.mode.setCurrentIndex(completion.mode.findData("chat"))
        window.show_panel(name.split(" (")[0])
        settle(300)
        panel = window.panel(name.split(" (")[0])
        for where in walk_tabs(panel, settle):
            place = f"{name} › {where}" if where else name
            problems = clipped(panel)
            if problems:  # a layout may still be catching up with new text on a busy machine: look again
                settle(1500)
                problems = clipped(panel)
            found += [f"{place}: {problem}" for problem in problems if f"{place}: {problem}" not in found]
    completion = window.panel("Completion")
    for i in range(completion.chat_format.count()):  # every chat format a user can pick, read whole
        completion.chat_format.setCurrentIndex(i)
        settle()
        found += [f"Completion (Chat), format {i}: {p}" for p in clipped(completion.toolbar)]
    return found


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_every_panel_and_tab_fits_1024x640(qtbot: QtBot, open_window: Callable[[str], Any], lang: str) -> None:
    window = open_window(lang)
    assert (window.width(), window.height()) == SIZE
    found = cut_texts(window)
    assert not found, "\n".join(found)


def test_the_check_finds_text_that_is_cut(qtbot: QtBot, open_window: Callable[[str], Any]) -> None:
    """The check is not blind: a label, a button, a tab, a combo and a chart made too narrow are each named."""
    window = open_window("en")
    window.show_panel("Automation")
    panel = window.panel("Automation")
    settle()
    assert clipped(panel) == []
    label = panel.findChildren(QLabel)[0]
    label.setWordWrap(False)
    label.setText("A label whose text is far too long for the little room it is given")
    label.setFixedWidth(80)
    button = panel.findChildren(QPushButton)[0]
    button.setText("A button with far too many words on it")
    button.setFixedWidth(60)
    settle()
    found = "\n".join(clipped(panel))
    assert "'A label whose text is far too long" in found and "has 80" in found
    assert "'A button with far too many words on it': needs" in found

    tabs = panel.findChild(QTabWidget)
    assert tabs is not None
    tabs.setTabText(0, "A tab title that no tab bar of this width can hold " * 3)
    settle()
    assert "tab 0 'A tab title" in "\n".join(clipped(panel))

    combo = panel.level
    combo.setItemText(combo.currentIndex(), "A level with a name too long for its box")
    settle()
    assert "QComboBox() 'A level with a name too long for its box': needs" in "\n".join(clipped(panel))

    chart = panel.steps_view.bars
    chart.set_items([("check_availability", 0.7, True), ("search_restaurants", 0.3, False)])
    chart.setFixedWidth(60)
    settle()
    assert "ToolBars() draws 'check_availability' cut at 60 px" in "\n".join(clipped(panel))
