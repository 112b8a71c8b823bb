"""What the Models panel's areas share: the selected catalog entry, what this machine's GPU is, and the
news of the last load, kept as what happened (not as words) so it can be said again in a new language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from desktop.core.catalog import CatalogEntry
from desktop.core.hardware import GPUInfo

# What the result line says: nothing yet, a load running, the model busy, a load's outcome, an unload,
# a cancelled load, or a failure (the service's message, already in words).
NONE, LOADING, BUSY, LOADED, UNLOADED, CANCELLED, FAILED = (
    "none",
    "loading",
    "busy",
    "loaded",
    "unloaded",
    "cancelled",
    "failed",
)


@dataclass
class Outcome:
    kind: str = NONE
    name: str = ""  # the model being loaded
    result: dict[str, Any] = field(default_factory=dict)  # the host's load result
    capabilities: dict[str, Any] | None = None  # the host's capabilities at that load
    trained: int | None = None  # the model's own context length
    message: str = ""  # a failure's words


@dataclass
class ModelsState:
    selected: CatalogEntry | None = None
    gpu: GPUInfo | None = None
    outcome: Outcome = field(default_factory=Outcome)

    def trained_context(self) -> int | None:
        info = self.selected.info if self.selected is not None else None
        return info.context_length if info is not None else None
