"""What the teaching views share: core's teaching texts in the installed language, read-only tables, and
a token's text as a table shows it."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QTableWidget, QTableWidgetItem

from desktop.core.messages import Message
from desktop.i18n import translate_message


def core_text(text: Message | str) -> str:
    """A teaching text from core in the installed language: a :class:`Message`, a string marked with
    ``QT_TRANSLATE_NOOP`` (it carries its context), or a plain string shown as it is."""
    context = getattr(text, "context", "")
    if isinstance(text, str) and context:
        return QCoreApplication.translate(context, text)
    return translate_message(text)


def item(text: str, right: bool = False) -> QTableWidgetItem:
    cell = QTableWidgetItem(text)
    if right:
        cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return cell


def table(columns: int) -> QTableWidget:
    """A read-only table; its headers are set (translated) by its view's retranslate()."""
    t = QTableWidget(0, columns)
    t.verticalHeader().setVisible(False)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for col in range(1, columns):
        t.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    return t


def shown(piece: str) -> str:
    """A token's text with its control characters escaped; "·" for an empty one, and "␣" for each space of
    a piece that is only spaces (a lone space token otherwise shows as an empty label)."""
    if piece and piece.strip(" ") == "":
        return "␣" * len(piece)
    return repr(piece)[1:-1] or "·"
