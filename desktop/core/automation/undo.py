"""Undo: reverse an internal call (a hold, a note, a draft) in one transaction, with the row that records it."""

from __future__ import annotations

import re
import sqlite3

from desktop.core.automation.tools import Recorder, ToolError, ToolResult, _diff, _locked, _snapshot
from desktop.core.automation.world import World
from desktop.core.messages import QT_TRANSLATE_NOOP, message

_UNDO = re.compile(r"^(hold_table|write_note|draft_reply):([A-Za-z0-9]+)$")


def undo(world: World, undo_token: str, *, record: Recorder | None = None) -> ToolResult:
    """Reverse an internal call (hold_table, write_note, draft_reply) in one transaction, with its audit row
    (``record``) in the same transaction. A hold that was confirmed since, or a row already gone, cannot be undone
    (ToolError)."""
    m = _UNDO.match(undo_token or "")
    if not m:
        raise ToolError(
            message(QT_TRANSLATE_NOOP("CoreAutomation", "Nothing to undo for {token}."), token=repr(undo_token))
        )
    kind, key = m.groups()
    try:
        with world.transaction() as db:
            hash_before = world.state_hash()
            before = _snapshot(world)
            if kind == "hold_table":
                b = world.booking(key)
                if b is None:
                    raise ToolError(
                        message(QT_TRANSLATE_NOOP("CoreAutomation", "The hold {id} is already gone."), id=key)
                    )
                if b.status != "held" or b.deposit:
                    raise ToolError(
                        message(
                            QT_TRANSLATE_NOOP(
                                "CoreAutomation", "Booking {id} is {status} now; cancel it instead of undoing the hold."
                            ),
                            id=key,
                            status=b.status,
                        )
                    )
                db.execute("DELETE FROM bookings WHERE id = ?", (key,))
                said = message(QT_TRANSLATE_NOOP("CoreAutomation", "Hold {id} removed."), id=key)
            else:
                table = "notes" if kind == "write_note" else "drafts"
                cur = db.execute(f"DELETE FROM {table} WHERE id = ?", (int(key),))
                if cur.rowcount != 1:
                    gone = (
                        QT_TRANSLATE_NOOP("CoreAutomation", "The note {id} is already gone.")
                        if table == "notes"
                        else QT_TRANSLATE_NOOP("CoreAutomation", "The draft {id} is already gone.")
                    )
                    raise ToolError(message(gone, id=key))
                removed = (
                    QT_TRANSLATE_NOOP("CoreAutomation", "Note {id} removed.")
                    if table == "notes"
                    else QT_TRANSLATE_NOOP("CoreAutomation", "Draft {id} removed.")
                )
                said = message(removed, id=key)
            changes = _diff(before, _snapshot(world))
            result = ToolResult(True, {"changes": changes}, said.english(), None, said, hash_before, world.state_hash())
            if record is not None:
                record(db, result)
    except sqlite3.OperationalError as exc:
        raise _locked(exc) from exc
    return result
