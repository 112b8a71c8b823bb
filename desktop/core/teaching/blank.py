"""Fill the blank's shared rules, for the model host and for a server: where the blank's gap goes, and
which words are tried in it (the person's own, then the top of the left-only list)."""

from __future__ import annotations

from collections.abc import Sequence

from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, message

MAX_CANDIDATES = 64


def split_left(left_raw: str) -> tuple[str, str]:
    """(the words before the blank, the space before it). The space goes with the candidate, as BPE cuts
    it; a sentence needs a word before the blank, or the left-only model has nothing to read."""
    left = left_raw.rstrip()
    if not left:
        raise FMError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreHost",
                    "Write at least one word before the blank: the left-only model needs something to read.",
                )
            )
        )
    return left, left_raw[len(left) :]


def candidates(given: Sequence[object], pieces: Sequence[str], from_top: int, limit: int = MAX_CANDIDATES) -> list[str]:
    """The words to put in the blank: the person's own (``given``), then the printable words among the first
    ``from_top`` of the left-only list's ``pieces``, each once, at most ``limit``."""
    words: list[str] = []
    for w in [str(c).strip() for c in given]:
        if w and w not in words:
            words.append(w)
    for piece in pieces[:from_top]:
        w = piece.strip()
        if w and w.isprintable() and w not in words:
            words.append(w)
    words = words[:limit]
    if not words:
        raise FMError(message(QT_TRANSLATE_NOOP("CoreHost", "There are no candidates to put in the blank.")))
    return words


def in_list(word: str, pieces: Sequence[str]) -> bool:
    """Whether ``word`` is one of the left-only list's pieces (spaces aside)."""
    return any(p.strip() == word for p in pieces)
