"""Verify an audit log's rows: keyed hashes, links, contiguous ids, and the head recorded outside the file.

Each problem class has its own sentence, so a person learns what was done to the log, and the good case says
only what was checked: "consistent with the head recorded at …".
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

from desktop.core.messages import QT_TRANSLATE_NOOP, message

if TYPE_CHECKING:
    from desktop.core.automation.audit import Head, VerifyResult


def _when(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))


def verify_rows(
    values: list[dict[str, Any]], key: bytes, key_id: str, head: Head | None, head_expected: bool
) -> VerifyResult:
    """``values``: every row's stored columns, in id order. ``head_expected``: the log keeps a head outside
    (the app's does), so a missing head is itself a finding."""
    from desktop.core.automation.audit import GENESIS, _verified, row_hash

    count = len(values)

    def bad(row: int | None, text: Any) -> VerifyResult:
        return _verified(False, count, row, text)

    if head is not None and head.key_id != key_id:
        return bad(
            None,
            message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation",
                    "The head recorded at {when} was written with another key than the one in use now, so the rows "
                    "cannot be checked (the key was replaced, or the log comes from another installation).",
                ),
                when=_when(head.time),
            ),
        )
    prev, expected = GENESIS, 1
    for v in values:
        row = int(v["id"])
        if row != expected:
            if expected == 1:
                text = message(
                    QT_TRANSLATE_NOOP(
                        "CoreAutomation", "The log starts at row {row}: the rows before it were removed."
                    ),
                    row=row,
                )
            else:
                text = message(
                    QT_TRANSLATE_NOOP(
                        "CoreAutomation", "Row ids jump from {before} to {row}: the rows between were removed."
                    ),
                    before=expected - 1,
                    row=row,
                )
            return bad(row, text)
        if v["prev_hash"] != prev:
            return bad(
                row,
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreAutomation",
                        "Row {row} does not follow the row before it: a row before it was removed or changed.",
                    ),
                    row=row,
                ),
            )
        if row_hash(v, key) != v["row_hash"]:
            return bad(
                row,
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreAutomation",
                        "Row {row} was changed after it was written: its keyed hash does not match (a hash "
                        "recomputed without the log's key does not).",
                    ),
                    row=row,
                ),
            )
        prev, expected = v["row_hash"], expected + 1
    last_id = int(values[-1]["id"]) if values else 0
    if not values and (head is None or head.last_id == 0):
        return _verified(True, 0, None, message(QT_TRANSLATE_NOOP("CoreAutomation", "The log has no rows yet.")))
    if head is None:
        if head_expected:
            return bad(
                None,
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreAutomation",
                        "The {count} rows verify with the log's key, but no head was recorded outside the log for "
                        "this file, so rows removed from its end cannot be ruled out (the head file was removed, or "
                        "the log was moved here).",
                    ),
                    count=count,
                ),
            )
        return _verified(
            True,
            count,
            None,
            message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation",
                    "All {count} rows verify with the log's key. No head is kept outside this log, so rows removed "
                    "from its end would not be seen.",
                ),
                count=count,
            ),
        )
    when = _when(head.time)
    if not values and head.last_id > 0:
        return bad(
            None,
            message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation",
                    "The log has no rows, but the head recorded at {when} says it had {rows}: it was emptied or "
                    "replaced.",
                ),
                when=when,
                rows=head.last_id,
            ),
        )
    if last_id < head.last_id:
        return bad(
            last_id + 1,
            message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation",
                    "The log ends at row {last}, but the head recorded at {when} says row {head}: rows were removed "
                    "from the end (or this is a copy without its -wal file).",
                ),
                last=last_id,
                when=when,
                head=head.last_id,
            ),
        )
    if head.last_id and values[head.last_id - 1]["row_hash"] != head.last_hash:
        return bad(
            head.last_id,
            message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation", "Row {row} is not the row the head recorded at {when}: the log was rewritten."
                ),
                row=head.last_id,
                when=when,
            ),
        )
    later = last_id - head.last_id
    if later:
        text = message(
            QT_TRANSLATE_NOOP(
                "CoreAutomation",
                "All {count} rows verify with the log's key and are consistent with the head recorded at {when} "
                "(row {head}); the {later} row(s) after it were written later and verify too.",
            ),
            count=count,
            when=when,
            head=head.last_id,
            later=later,
        )
    else:
        text = message(
            QT_TRANSLATE_NOOP(
                "CoreAutomation",
                "All {count} rows verify with the log's key and are consistent with the head recorded at {when} "
                "(row {head}).",
            ),
            count=count,
            when=when,
            head=head.last_id,
        )
    return _verified(True, count, None, text)
