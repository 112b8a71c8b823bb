"""Translatable messages from core, which never imports Qt. The rule, for everyone who writes core code:

1. A sentence that a person will read is written once, in English, as a *template* marked with
   ``QT_TRANSLATE_NOOP(context, text)``. ``pyside6-lupdate`` (``make translations``) finds these calls in
   Python files by name and puts ``text`` into ``resources/translations/fm_explorer_ko.ts`` under
   ``context``; at run time the call does nothing but return the text (tagged with its context).
2. The variable parts are *named placeholders* (``{name}``, ``{reason}``), passed as keyword arguments to
   :func:`message`; never build the sentence with an f-string or ``+`` (lupdate would store the literal
   ``{…}`` of an f-string, and a translator cannot reorder fragments).
3. Core raises ``FMError(message(QT_TRANSLATE_NOOP("CoreErrors", "Cannot open “{name}”: {reason}."),
   name=path.name, reason=why))``. ``str(err)`` and ``err.message`` stay English (logs, ``--self-check``,
   tests); ``err.text`` keeps the :class:`Message`.
4. The boundary translates: the UI (or a service) calls ``desktop.i18n.translate_message(err.text)``, which
   is ``QCoreApplication.translate(context, template).format(**args)``. Arguments are data (file names,
   numbers, OS reasons) and are not translated.

Contexts used by core: ``CoreErrors`` (exceptions in :mod:`desktop.core.errors`'s classes),
``CoreVision`` (vision label warnings). Keep the context short and stable: it is the translator's key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class Template(str):
    """An English template that remembers the translation context it was marked with."""

    context: str

    def __new__(cls, text: str, context: str = "") -> Template:
        obj = super().__new__(cls, text)
        obj.context = context
        return obj


def QT_TRANSLATE_NOOP(context: str, text: str) -> Template:  # the name lupdate looks for
    """Mark ``text`` for translation under ``context``; returns it unchanged (as a :class:`Template`)."""
    return Template(text, context)


@dataclass(frozen=True)
class Message:
    """An English template, its translation context and its arguments. ``str()`` gives the English."""

    template: str
    context: str = ""
    args: Mapping[str, Any] = field(default_factory=dict)

    def english(self) -> str:
        return format_template(self.template, self.args)

    def __str__(self) -> str:
        return self.english()


def message(template: str, **args: Any) -> Message:
    """A message from a template marked with :func:`QT_TRANSLATE_NOOP` (its context travels with it)."""
    return Message(str(template), getattr(template, "context", ""), dict(args))


def format_template(template: str, args: Mapping[str, Any]) -> str:
    """``template.format(**args)``; a translation with a broken placeholder falls back to showing the
    template with its arguments appended, never an exception in the middle of reporting an error."""
    try:
        return template.format(**args)
    except (KeyError, IndexError, ValueError, AttributeError):
        extra = ", ".join(f"{k}={v}" for k, v in args.items())
        return f"{template} ({extra})" if extra else template
