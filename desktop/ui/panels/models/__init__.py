"""The Models panel: ``panel.py`` is the shell; one module per area (the table, the details, loading, this
machine, "Will it fit?") and the shared state. The Servers list is ``desktop/ui/panels/servers.py``."""

from desktop.ui.panels.models.fit import FitView, breakdown_html
from desktop.ui.panels.models.load import AUTOLOAD_KEY, describe_load
from desktop.ui.panels.models.panel import ModelsPanel

__all__ = ["AUTOLOAD_KEY", "FitView", "ModelsPanel", "breakdown_html", "describe_load"]
