"""The project's exceptions. Each message is written for a person: what happened and what to do."""

from __future__ import annotations


class FMError(Exception):
    """Base class. ``str(err)`` is the plain-words message; ``details`` holds the technical part."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details


class ModelFileError(FMError):
    """A model file cannot be read: missing, not a GGUF, truncated or corrupt."""


class ModelLoadError(FMError):
    """llama.cpp refused to load a model."""


class HostDiedError(FMError):
    """The model host process ended while it was needed."""


class HostBusyError(FMError):
    """The model host is already running a request of this kind."""


class AssetMissingError(FMError):
    """A bundled asset (default model, tokenizer file) is not installed."""
