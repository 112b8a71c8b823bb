"""JSON lines between the app and the model host.

Requests (app -> host): ``{"id": n, "op": "...", ...}``. ``cancel`` is read on the host's reader
thread and takes effect at once; every other op runs in order on the host's main thread.
Events (host -> app): ``{"id": n, "type": "hello"|"progress"|"result"|"error"|"token", ...}``. Token
events travel in batches, ``{"id": n, "type": "tokens", "events": [{...}, ...]}`` (see ``outbox.py``), and
``HostProcess`` hands them on one by one, as ``"token"`` events, so readers never see a batch.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.core import messages

WireMessage = dict[str, Any]  # one JSON object on the pipe (a Message is the translatable text: core.messages)

HELLO = "hello"
PROGRESS = "progress"
RESULT = "result"
ERROR = "error"
TOKEN = "token"
TOKENS = "tokens"  # several token events of one request, in one line


def encode(message: WireMessage) -> bytes:
    return (json.dumps(message, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def decode(line: bytes) -> WireMessage:
    msg = json.loads(line.decode("utf-8"))
    if not isinstance(msg, dict):
        raise ValueError("message is not an object")
    return msg


def unbatch(msg: WireMessage) -> list[WireMessage]:
    """A batch of token events as the single ``"token"`` events it carries; any other event as itself."""
    if msg.get("type") != TOKENS:
        return [msg]
    rid = msg.get("id", 0)
    return [{"id": rid, "type": TOKEN, **event} for event in msg.get("events") or () if isinstance(event, dict)]


def text_to_wire(text: str | messages.Message) -> str | dict[str, Any]:
    """A translatable message as JSON (template, context, arguments, nested messages too), sent in an
    error event's ``"text"`` beside the English ``"message"``, so that the app shows what the host says in
    its own language (``ModelService`` translates it); a plain string as it is. The same shape as the
    vision host's ``message_to_wire``."""
    if not isinstance(text, messages.Message):
        return text
    args = {k: text_to_wire(v) if isinstance(v, messages.Message) else v for k, v in text.args.items()}
    return {"template": text.template, "context": text.context, "args": args}


def text_from_wire(data: Any) -> str | messages.Message:
    if isinstance(data, dict) and "template" in data:
        args = {k: text_from_wire(v) if isinstance(v, dict) else v for k, v in dict(data.get("args") or {}).items()}
        return messages.Message(str(data["template"]), str(data.get("context", "")), args)
    return "" if data is None else str(data)
