"""The Automation panel as a package: ``panel.py`` is the shell; each area is a module of its own."""

from desktop.ui.panels.automation.panel import AutomationPanel
from desktop.ui.panels.automation.record import suggestion
from desktop.ui.panels.automation.words import DECISION_COLORS, shown

__all__ = ["DECISION_COLORS", "AutomationPanel", "shown", "suggestion"]
