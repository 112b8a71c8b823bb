"""The approval card's words for values: the arguments as exact JSON (invisible characters as escapes), a preview
row's change in words (invisible characters drawn visibly), parsing edited arguments, the coloured badges."""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core.automation.tools import effect_text
from desktop.core.invisible import char_name, is_invisible, reveal
from desktop.i18n import translate_message

EFFECT_COLORS = {"none": "#455a64", "undoable": "#1565c0", "irreversible": "#6a1b9a"}


def badge(text: str, color: str) -> str:
    """A small coloured label as rich text (readable in light and dark palettes: white on a strong colour)."""
    return f"<span style='background:{color}; color:white; font-weight:600;'>&nbsp;{html.escape(text)}&nbsp;</span>"


def _escape_invisible(ch: str) -> str:
    cp = ord(ch)
    if cp <= 0xFFFF:
        return f"\\u{cp:04x}"
    cp -= 0x10000
    return f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}"  # JSON's surrogate pair


def args_text(args: dict[str, Any]) -> str:
    """The arguments as JSON, exactly: invisible and direction-changing characters written as JSON escapes, so
    they are seen, and parsing the text gives back the very same arguments."""
    text = json.dumps(args, indent=2, ensure_ascii=False, sort_keys=False)
    return "".join(_escape_invisible(ch) if is_invisible(ch) else ch for ch in text)


def hidden_characters(value: Any) -> list[str]:
    """The names of the invisible characters anywhere in ``value`` (strings inside dicts and lists too)."""
    text = json.dumps(value, ensure_ascii=False)
    return sorted({char_name(ch) for ch in text if is_invisible(ch)})


def _fields(row: dict[str, Any]) -> str:
    return ", ".join(f"{k}={reveal(str(v))}" for k, v in row.items())


def change_text(row: dict[str, Any]) -> str:
    """One preview row's change in words, whole and visible: the new fields of an insert, old -> new for an
    update."""
    before = row.get("before") if isinstance(row.get("before"), dict) else None
    after = row.get("after") if isinstance(row.get("after"), dict) else None
    if before is None and after is not None:
        return _fields(after)
    if after is None and before is not None:
        return QCoreApplication.translate("ApprovalCard", "removes {fields}").format(fields=_fields(before))
    if before is not None and after is not None:
        changed = [
            f"{k}: {reveal(str(before.get(k)))} → {reveal(str(v))}" for k, v in after.items() if before.get(k) != v
        ]
        return ", ".join(changed) or QCoreApplication.translate("ApprovalCard", "no field changes")
    return ""


def effect_badge(effect: str) -> str:
    """The effect's badge in the installed language ("can be undone")."""
    return badge(translate_message(effect_text(effect)), EFFECT_COLORS.get(effect, EFFECT_COLORS["irreversible"]))


def parse_args(text: str) -> tuple[dict[str, Any] | None, str]:
    """The edited arguments as a dict, or None and why not (plain words)."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, QCoreApplication.translate(
            "ApprovalCard", "The arguments are not valid JSON (line {line}, column {column}: {error})."
        ).format(line=exc.lineno, column=exc.colno, error=exc.msg)
    if not isinstance(value, dict):
        return None, QCoreApplication.translate(
            "ApprovalCard", 'The arguments must be a JSON object: {"name": value, …}.'
        )
    return value, ""
