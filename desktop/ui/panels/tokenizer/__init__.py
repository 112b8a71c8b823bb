"""The Tokenizer panel: ``panel.py`` is the shell; one module per area (the input bar, the summary, the
span/id/decode views, Compare, training samples, the masked recipe) and the shared state."""

from desktop.ui.panels.tokenizer.panel import DRAFT_LIMIT, TokenizerPanel
from desktop.ui.panels.tokenizer.state import TABS
from desktop.ui.panels.tokenizer.views import HOVER_HELP

__all__ = ["DRAFT_LIMIT", "HOVER_HELP", "TABS", "TokenizerPanel"]
