"""JSON text of a large run record, made in slices.

``json.dumps`` is C code that holds the interpreter's lock for the whole call: the 16 MB record of a flooded
run took 100-300 ms, and the window's thread, which needs the same lock to run any Python at all, froze for
as long, although the dump ran on the history's own thread. Made in slices (a long string 64 K characters
at a time, a long list 64 items at a time), the lock is free between them. The text reads back to the same
value as ``json.dumps``'s."""

from __future__ import annotations

import json
from typing import Any

STRING_SLICE = 1 << 16
LIST_SLICE = 64


def _value(value: Any) -> str:
    if isinstance(value, str) and len(value) > STRING_SLICE:
        parts = (json.dumps(value[i : i + STRING_SLICE])[1:-1] for i in range(0, len(value), STRING_SLICE))
        return '"' + "".join(parts) + '"'
    if isinstance(value, list) and len(value) > LIST_SLICE:
        parts = (json.dumps(value[i : i + LIST_SLICE])[1:-1] for i in range(0, len(value), LIST_SLICE))
        return "[" + ", ".join(parts) + "]"
    return json.dumps(value)


def dumps_in_slices(record: dict[str, Any]) -> str:
    """``json.dumps(record)`` (its top-level values' long strings and long lists cut into slices)."""
    return "{" + ", ".join(f"{json.dumps(str(key))}: {_value(value)}" for key, value in record.items()) + "}"
