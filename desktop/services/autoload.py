"""First launch, as a workshop attendee meets it: a model is loaded without a trip to the Models panel.

The first launch loads the bundled default (SmolLM2 135M Instruct); later launches reload the model that was
last loaded, whichever panel loaded it. A last model that has moved or been deleted falls back to the
default, with a status-bar line saying so. The setting ``models/autoload`` (default on; its checkbox is in
the Models panel) turns all of this off.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from desktop.services.messages import bridge
from desktop.services.model_service import ModelService
from desktop.services.settings import Settings

AUTOLOAD_KEY = "models/autoload"
LAST_MODEL_KEY = "models/last"


def choose_model(settings: Settings) -> tuple[Path | None, str]:
    """The model to load at start, and the last used model's path when it is gone ("" otherwise):
    (None, "") when autoload is off. A bundled model found elsewhere (the app folder moved) is no loss."""
    from desktop.resources import base_model_path, default_model_path

    if not settings.get_bool(AUTOLOAD_KEY, True):
        return None, ""
    default = default_model_path()
    last = settings.get_str(LAST_MODEL_KEY, "")
    if not last:
        return default, ""
    path = Path(last)
    if path.is_file():
        return path, ""
    for bundled in (default, base_model_path()):
        if bundled is not None and bundled.name == path.name and bundled.is_file():
            return bundled, ""
    return default, last


class AutoLoader(QObject):
    """Remembers every model the main model service loads, and loads one at start (``start``)."""

    def __init__(self, models: ModelService, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.models = models
        self.settings = settings
        self.chosen: Path | None = None
        models.loaded.connect(self._remember)

    def _remember(self, result: object) -> None:
        path = result.get("path") if isinstance(result, dict) else None
        if path:
            self.settings.set(LAST_MODEL_KEY, str(path))
            self.settings.sync()

    def start(self) -> Path | None:
        """Load the chosen model with the saved load options; the path, or None when nothing is loaded."""
        path, gone = choose_model(self.settings)
        if gone and path is not None:
            note = self.tr("The last used model is no longer at {path}; the default model is loaded instead.")
            bridge().show_info(note.format(path=gone))
        if path is None:
            return None
        if not self.models.load(path, **self.settings.load_options()):
            return None
        self.chosen = path
        return path
