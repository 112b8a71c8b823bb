"""The panels: their names, in the sidebar's order, and how each is built (on first show or first ask).

Each panel's module is imported when it is built: the import, with what it brings, is much of its cost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from desktop.core.messages import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from desktop.ui.main_window import MainWindow

# The panels' names are their keys (settings, ``panel(name)``); the sidebar shows them translated.
PANELS = (
    QT_TRANSLATE_NOOP("MainWindow", "Models"),
    QT_TRANSLATE_NOOP("MainWindow", "Tokenizer"),
    QT_TRANSLATE_NOOP("MainWindow", "Completion"),
    QT_TRANSLATE_NOOP("MainWindow", "Vision"),
    QT_TRANSLATE_NOOP("MainWindow", "Automation"),
    QT_TRANSLATE_NOOP("MainWindow", "Lessons"),
)


def make_panel(window: MainWindow, name: str) -> QWidget:
    """One panel, its module imported now (the import is much of its cost)."""
    if name == "Models":
        from desktop.ui.panels.models import ModelsPanel

        return ModelsPanel(window.catalog, window.models, window.settings, remote=window.remote)
    if name == "Completion":
        from desktop.ui.panels.completion import CompletionPanel

        return CompletionPanel(window.services())
    if name == "Tokenizer":
        from desktop.ui.panels.tokenizer import TokenizerPanel

        return TokenizerPanel(window.catalog, window.settings, remote=window.remote)
    if name == "Vision":
        from desktop.ui.panels.vision import VisionPanel

        return VisionPanel(window.settings)
    if name == "Automation":
        from desktop.services.agent_service import agent_services
        from desktop.ui.panels.automation import AutomationPanel

        return AutomationPanel(*agent_services(window.models, window, window.remote), window.settings)
    if name == "Lessons":
        from desktop.ui.panels.lessons import LessonsPanel

        return LessonsPanel(window, window.settings, PANELS)
    from desktop.ui.panels.placeholder import PLANNED, PlaceholderPanel

    summary, points = PLANNED[name]
    return PlaceholderPanel(name, summary, points)
