"""The Completion panel (panel.py) and its areas, one module each."""

from desktop.ui.panels.completion.panel import CompletionPanel
from desktop.ui.panels.completion.presets import PRESETS

__all__ = ["PRESETS", "CompletionPanel"]
