"""The app's one text cutter: a long value is shortened only with a note that says how much went.

A person deciding on a value must never read a cut value as the whole of it, and a model must know that a
tool result or a request was shortened. ``cut`` keeps the start (or the start and the end) and puts a note
where the text was removed; the note is a template the caller may translate (``{count}`` is the number of
characters removed, with thousands separators).
"""

from __future__ import annotations

END_NOTE = "… [+{count} characters]"
MIDDLE_NOTE = "\n[… {count} characters cut …]\n"


def cut(text: str, limit: int, *, middle: bool = False, note: str | None = None) -> tuple[str, int]:
    """``text`` within about ``limit`` characters and how many were removed (0: unchanged).

    ``middle`` keeps the first two thirds and the last third of ``limit`` (a request, a tool result: its end
    often matters); otherwise the start is kept. ``note`` replaces the default note template."""
    if len(text) <= limit:
        return text, 0
    limit = max(limit, 1)
    removed = len(text) - limit
    shown = (note if note is not None else MIDDLE_NOTE if middle else END_NOTE).format(count=f"{removed:,}")
    if not middle:
        return text[:limit] + shown, removed
    head = limit * 2 // 3
    return text[:head] + shown + text[len(text) - (limit - head) :], removed


def one_line(text: str) -> str:
    """Whitespace (line breaks included) collapsed to single spaces, for a table cell."""
    return " ".join(text.split())
