"""A stand-in translation for tests: no .qm needed to see which texts go through Qt's translation."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QCoreApplication, QTranslator


def context_mark(context: str, source: str) -> str:
    """``[context]source``: shows which context a text was looked up in."""
    return f"[{context}]{source}"


def prefix_mark(mark: str) -> Callable[[str, str], str]:
    return lambda _context, source: mark + source


class MarkingTranslator(QTranslator):
    """Every string of ``contexts`` (all, when None) comes back as ``mark(context, source)``; the others
    are left untranslated. ``fill_plural`` puts the count in for ``%n``, as Qt does with a real plural."""

    def __init__(
        self,
        mark: Callable[[str, str], str] = context_mark,
        contexts: Collection[str] | None = None,
        fill_plural: bool = False,
    ) -> None:
        super().__init__()
        self.mark, self.contexts, self.fill_plural = mark, contexts, fill_plural

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        if self.contexts is not None and context not in self.contexts:
            return None
        if self.fill_plural and n >= 0:
            source = source.replace("%n", str(n))
        return self.mark(context, source)

    def isEmpty(self) -> bool:
        return False


@contextmanager
def installed(translator: QTranslator) -> Iterator[QTranslator]:
    QCoreApplication.installTranslator(translator)
    try:
        yield translator
    finally:
        QCoreApplication.removeTranslator(translator)
