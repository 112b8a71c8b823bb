"""JSON lines between the app and the model host.

Requests (app -> host): ``{"id": n, "op": "...", ...}``. ``cancel`` is read on the host's reader
thread and takes effect at once; every other op runs in order on the host's main thread.
Events (host -> app): ``{"id": n, "type": "hello"|"progress"|"result"|"error"|"token", ...}``.
"""

from __future__ import annotations

import json
from typing import Any

Message = dict[str, Any]

HELLO = "hello"
PROGRESS = "progress"
RESULT = "result"
ERROR = "error"
TOKEN = "token"


def encode(message: Message) -> bytes:
    return (json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def decode(line: bytes) -> Message:
    msg = json.loads(line.decode("utf-8"))
    if not isinstance(msg, dict):
        raise ValueError("message is not an object")
    return msg
