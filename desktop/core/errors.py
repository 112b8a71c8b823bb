"""The project's exceptions. Each message is written for a person: what happened and what to do.

A message may be a plain English string or a translatable :class:`~desktop.core.messages.Message`
(see the rule in :mod:`desktop.core.messages`); ``read_header`` in ``gguf_header.py`` is the example.
"""

from __future__ import annotations

from desktop.core.messages import Message


class FMError(Exception):
    """Base class. ``str(err)`` and ``message`` are the plain-words message in English; ``text`` is the
    translatable :class:`Message` (a plain string becomes one with no context, shown as it is);
    ``details`` holds the technical part (never translated)."""

    def __init__(self, message: str | Message, details: str = "") -> None:
        text = message if isinstance(message, Message) else Message(message)
        super().__init__(text.english())
        self.text = text
        self.message = text.english()
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
