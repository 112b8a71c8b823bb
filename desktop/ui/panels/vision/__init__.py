"""The Vision panel, a package: ``panel.py`` is the shell; each area has its module (``sources``,
``status``, ``results``, ``labels``, ``engine_box`` with ``hub_row``, ``supervision``)."""

from desktop.ui.panels.vision.panel import VisionPanel
from desktop.ui.panels.vision.results import ResultsModel

__all__ = ["ResultsModel", "VisionPanel"]
