"""Turning a server's answer into the local host's token events.

Each event has the shape :mod:`desktop.core.host.generation` emits: ``i`` (index), ``token`` (id),
``text``, ``t`` (seconds since the request started, measured here, so network time is included),
and, where the server returned ``logprobs``, ``p`` and ``alts`` (``[id, text, p]``, most likely
first). OpenAI-compatible servers do not send token ids (llama-server does); where none is sent, ids are
negative stand-ins, equal for the chosen token and the alternative with the same text, so that a view
can mark which alternative was picked.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.remote.errors import RemoteError

MAX_LINE_BYTES = 1 << 20  # one SSE line: a chunk with a few tokens is a few hundred bytes
MAX_JSON_BYTES = 4 << 20  # one whole JSON answer (a model list, a tokenization)

Token = dict[str, Any]


ANSWER = "The server's answer"
STREAM_LINE = "A line of the server's stream"  # ``what`` for one line of a stream; else the whole answer


def decode_utf8(data: bytes, what: str = ANSWER) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if what == STREAM_LINE:
            text = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "A line of the server's stream is not UTF-8 text (byte {byte} is not), so it is not an "
                "OpenAI-compatible answer.",
            )
        else:
            text = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The server's answer is not UTF-8 text (byte {byte} is not), so it is not an OpenAI-compatible answer.",
            )
        raise RemoteError("NotUTF8", message(text, byte=exc.start), f"first bytes: {data[:80]!r}") from None


def parse_json(text: str, what: str = ANSWER) -> Any:
    try:
        return json.loads(text)
    except ValueError as exc:
        start = text.strip()[:60]
        page = start.startswith("<")
        if what == STREAM_LINE and page:
            template = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "A line of the server's stream is not JSON (it looks like a web page), so this does not look "
                "like an OpenAI-compatible server. It began: “{start}”.",
            )
        elif what == STREAM_LINE:
            template = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "A line of the server's stream is not JSON, so this does not look like an OpenAI-compatible "
                "server. It began: “{start}”.",
            )
        elif page:
            template = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The server's answer is not JSON (it looks like a web page), so this does not look like an "
                "OpenAI-compatible server. It began: “{start}”.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The server's answer is not JSON, so this does not look like an OpenAI-compatible server. "
                "It began: “{start}”.",
            )
        raise RemoteError(
            "NotJSON", message(template, start=start), f"{exc}\nfirst characters: {text[:300]!r}"
        ) from None


def split_lines(chunks: Iterator[bytes], check: Callable[[], None] | None = None) -> Iterator[str]:
    """The lines of a byte stream, decoded as UTF-8. A line longer than ``MAX_LINE_BYTES`` is refused;
    bytes left over at the end without a line break (a stream cut mid-line) raise ``StreamCut``."""
    buf = b""
    for chunk in chunks:
        if check is not None:
            check()
        buf += chunk
        if b"\n" not in chunk:
            if len(buf) > MAX_LINE_BYTES:
                raise _line_too_long()
            continue
        *lines, buf = buf.split(b"\n")
        for line in lines:
            if len(line) > MAX_LINE_BYTES:
                raise _line_too_long()
            yield decode_utf8(line.rstrip(b"\r"))
        if len(buf) > MAX_LINE_BYTES:
            raise _line_too_long()
    if buf.strip():
        text = QT_TRANSLATE_NOOP(
            "CoreErrors",
            "The answer stopped in the middle of a line: the connection closed before the server finished (it "
            "may have stopped or crashed).",
        )
        raise RemoteError(
            "StreamCut",
            message(text),
            f"unfinished line ({len(buf)} bytes): {buf[:200]!r}",
        )


def _line_too_long() -> RemoteError:
    text = QT_TRANSLATE_NOOP(
        "CoreErrors",
        "The server sent a line longer than {mb} MB in its stream, which no token stream needs; the answer was "
        "not read further.",
    )
    return RemoteError("TooLarge", message(text, mb=MAX_LINE_BYTES >> 20))


def sse_data(lines: Iterator[str]) -> Iterator[str]:
    """The ``data:`` payloads of a server-sent-events stream (comments, event names and pings
    skipped; a multi-line event's data joined). ``[DONE]`` is passed on as it is."""
    data: list[str] = []
    for line in lines:
        if not line:
            if data:
                yield "\n".join(data)
                data = []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        if name == "data":
            data.append(value[1:] if value.startswith(" ") else value)
    if data:
        yield "\n".join(data)


def _p(logprob: Any) -> float | None:
    try:
        value = float(logprob)
    except (TypeError, ValueError):
        return None
    if math.isnan(value):
        return None
    return math.exp(value) if value > -1e4 else 0.0


def _token_text(entry: dict[str, Any]) -> str:
    raw = entry.get("bytes")
    if isinstance(raw, list) and raw and all(isinstance(b, int) and 0 <= b < 256 for b in raw):
        return bytes(raw).decode("utf-8", errors="replace")
    return str(entry.get("token", ""))


def _alts(pairs: list[tuple[int | None, str, float]]) -> tuple[list[list[Any]], dict[str, int]]:
    """``[id, text, p]`` rows, most likely first, with negative stand-in ids where none was sent."""
    pairs = sorted(pairs, key=lambda x: -x[2])
    rows: list[list[Any]] = []
    ids: dict[str, int] = {}
    for n, (tid, text, p) in enumerate(pairs):
        use = tid if tid is not None else -(n + 1)
        rows.append([use, text, p])
        ids.setdefault(text, use)
    return rows, ids


def chat_tokens(logprobs: Any) -> list[dict[str, Any]]:
    """Per-token entries from the chat form: ``{"content": [{token, logprob, top_logprobs}]}`` (also
    what llama-server returns for plain completions)."""
    out: list[dict[str, Any]] = []
    for entry in (logprobs or {}).get("content") or []:
        if not isinstance(entry, dict):
            continue
        pairs = []
        for alt in entry.get("top_logprobs") or []:
            if isinstance(alt, dict):
                p = _p(alt.get("logprob"))
                if p is not None:
                    tid = alt.get("id")
                    pairs.append((int(tid) if isinstance(tid, int) else None, _token_text(alt), p))
        rows, ids = _alts(pairs)
        text = _token_text(entry)
        tid = entry.get("id")
        chosen = int(tid) if isinstance(tid, int) else ids.get(text, -(len(rows) + 1))
        out.append({"token": chosen, "text": text, "p": _p(entry.get("logprob")), "alts": rows})
    return out


def completion_tokens(logprobs: Any) -> list[dict[str, Any]]:
    """Per-token entries from the legacy completions form: ``tokens``, ``token_logprobs`` and
    ``top_logprobs`` (a ``{text: logprob}`` object per token)."""
    if not isinstance(logprobs, dict):
        return []
    if "content" in logprobs and "tokens" not in logprobs:
        return chat_tokens(logprobs)
    tokens = logprobs.get("tokens") or []
    lps = logprobs.get("token_logprobs") or []
    tops = logprobs.get("top_logprobs") or []
    out: list[dict[str, Any]] = []
    for n, text in enumerate(tokens):
        top = tops[n] if n < len(tops) and isinstance(tops[n], dict) else {}
        pairs: list[tuple[int | None, str, float]] = [
            (None, str(k), p) for k, v in top.items() if (p := _p(v)) is not None
        ]
        rows, ids = _alts(pairs)
        text = str(text)
        out.append(
            {
                "token": ids.get(text, -(len(rows) + 1)),
                "text": text,
                "p": _p(lps[n]) if n < len(lps) else None,
                "alts": rows,
            }
        )
    return out


def assign_text(entries: list[dict[str, Any]], text: str) -> list[dict[str, Any]]:
    """Make the entries' texts join to ``text``, the chunk's own (which can differ from the tokens'
    when a token ends inside a character, or when the server holds back a possible stop string)."""
    if not entries:
        return [{"text": text}] if text else []
    if "".join(e["text"] for e in entries) == text:
        return entries
    for n, e in enumerate(entries):
        e["text"] = text if n == 0 else ""
    return entries
