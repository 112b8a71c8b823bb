"""The app's one CSV writer: formula-safe and atomic.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some with a tab or a carriage
return) as a formula, so a value from a model, a customer or a file name can become a command on the
machine of whoever opens the export (OWASP's "CSV injection"). :func:`safe_cell` prefixes such a text cell
with an apostrophe, which spreadsheets show as text; it looks past leading spaces and invisible characters,
and treats the full-width forms (``＝``) alike. Numbers are written as they are.

:func:`write_csv` writes the whole file to a temporary one beside the target and renames it over the
target (``desktop.core.atomic``): a reader never sees half an export, and a failed write leaves nothing.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from desktop.core.atomic import atomic_write_text
from desktop.core.invisible import is_invisible

FORMULA_STARTS = frozenset("=+-@\t\r")


def _first_visible(text: str) -> str:
    for ch in text:
        if ch in "\t\r":
            return ch
        if ch.isspace() or is_invisible(ch):
            continue
        return unicodedata.normalize("NFKC", ch)[:1]
    return ""


def safe_cell(value: Any) -> Any:
    """A cell a spreadsheet shows as text: a string that could start a formula gets a leading apostrophe.
    Numbers (int, float, not bool) and None stay as they are; everything else becomes its ``str``."""
    if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return value
    text = str(value)
    return "'" + text if _first_visible(text) in FORMULA_STARTS else text


def csv_text(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> tuple[str, int]:
    """The CSV as text (every cell through :func:`safe_cell`) and the number of data rows."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow([safe_cell(c) for c in header])
    count = 0
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
        count += 1
    return out.getvalue(), count


def write_csv(path: Path, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> int:
    """Write a formula-safe CSV to ``path`` atomically (UTF-8); returns the number of data rows."""
    text, count = csv_text(header, rows)
    atomic_write_text(Path(path), text)
    return count
