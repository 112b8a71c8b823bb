"""A run's outcome, read from the world and not from the model: how many rows changed and what was sent.

The model's ``finish`` summary says what the model believes it did; this says what happened ("0 rows changed;
nothing was sent."). The panel shows the outcome as the run's result and the summary beside it as the model's.
"""

from __future__ import annotations

from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message


def sent_count(changes: list[dict[str, Any]]) -> int:
    """Messages that went to customers: rows added to the outbox."""
    return sum(1 for c in changes if c.get("table") == "outbox" and c.get("op") == "insert")


def outcome_of(changes: list[dict[str, Any]]) -> Message:
    """``"3 rows changed; 1 message was sent."`` from the rows that differ between the run's start and end."""
    rows, sent = len(changes), sent_count(changes)
    if rows == 0:
        changed = message(QT_TRANSLATE_NOOP("CoreAutomation", "0 rows changed"))
    elif rows == 1:
        changed = message(QT_TRANSLATE_NOOP("CoreAutomation", "1 row changed"))
    else:
        changed = message(QT_TRANSLATE_NOOP("CoreAutomation", "{count} rows changed"), count=rows)
    if sent == 0:
        went = message(QT_TRANSLATE_NOOP("CoreAutomation", "nothing was sent"))
    elif sent == 1:
        went = message(QT_TRANSLATE_NOOP("CoreAutomation", "1 message was sent"))
    else:
        went = message(QT_TRANSLATE_NOOP("CoreAutomation", "{count} messages were sent"), count=sent)
    return message(QT_TRANSLATE_NOOP("CoreAutomation", "{changed}; {sent}."), changed=changed, sent=went)


def change_words(changes: list[dict[str, Any]]) -> list[str]:
    """Each change in short (English, for the log): ``insert bookings B0017``."""
    return [f"{c.get('op')} {c.get('table')} {c.get('key')}" for c in changes]
