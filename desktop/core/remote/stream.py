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
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

from desktop.core.host.generation import Request
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.metrics import speed_figures
from desktop.core.remote.errors import RemoteError

TokenSink = Callable[[dict[str, Any]], None]

MAX_LINE_BYTES = 1 << 20  # one SSE line: a chunk with a few tokens is a few hundred bytes
MAX_JSON_BYTES = 4 << 20  # one whole JSON answer (a tokenization, a probe)
# A model list: vLLM and OpenAI describe each model in about 1 KB, so 10,000 models are about 11 MB.
MAX_MODELS_BYTES = 32 << 20

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
        return json.loads(text) if len(text) < PARTS_FROM else parse_in_parts(text)
    except ValueError as exc:
        start = text.strip()[:60]
        page = start.startswith("<")
        if not start and what == STREAM_LINE:
            template = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "A line of the server's stream is empty where a JSON chunk should be, so this does not look like "
                "an OpenAI-compatible server.",
            )
        elif not start:
            template = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The server's answer is empty where JSON should be, so this does not look like an "
                "OpenAI-compatible server.",
            )
        elif what == STREAM_LINE and page:
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


PARTS_FROM = 1 << 20  # answers from this size on are parsed in parts (parse_in_parts)
_SPACE = re.compile(r"[ \t\n\r]*")
_decoder = json.JSONDecoder()


def parse_in_parts(text: str) -> Any:
    """``json.loads(text)`` for an object whose bulk is in top-level arrays (a model list), parsed one
    array item at a time. ``json.loads`` holds the interpreter's lock for the whole text (a 10 MB list:
    about 0.1 s, a frozen window meanwhile, though it runs on another thread); between items, the GUI
    thread gets its turn. Anything of another shape, or not JSON, goes to ``json.loads`` for its answer
    and its error message."""
    try:
        return _object_in_parts(text)
    except (ValueError, IndexError, TypeError):
        return json.loads(text)


def _object_in_parts(text: str) -> dict[str, Any]:
    def skip(i: int) -> int:
        match = _SPACE.match(text, i)
        return match.end() if match else i

    def expect(i: int, char: str) -> int:
        if text[i] != char:
            raise ValueError(char)
        return skip(i + 1)

    i = expect(skip(0), "{")
    out: dict[str, Any] = {}
    while text[i] != "}":
        key, i = _decoder.raw_decode(text, i)
        if not isinstance(key, str):
            raise ValueError("key")
        i = expect(skip(i), ":")
        if text[i] == "[":
            items: list[Any] = []
            i = skip(i + 1)
            while text[i] != "]":
                item, i = _decoder.raw_decode(text, i)
                items.append(item)
                i = skip(i)
                if text[i] == ",":
                    i = skip(i + 1)
                    if text[i] == "]":
                        raise ValueError("trailing comma")
                elif text[i] != "]":
                    raise ValueError("]")
            value: Any = items
            i += 1
        else:
            value, i = _decoder.raw_decode(text, i)
        out[key] = value
        i = skip(i)
        if text[i] == ",":
            i = skip(i + 1)
            if text[i] == "}":
                raise ValueError("trailing comma")
        elif text[i] != "}":
            raise ValueError("}")
    if skip(i + 1) != len(text):
        raise ValueError("extra data")
    return out


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


# A real token is a few bytes, and a chunk that holds several tokens says so in its logprobs; an answer
# beyond this many bytes per allowed token is not a completion (the text stops there, with an error).
MAX_BYTES_PER_TOKEN = 8192
MIN_STREAM_BYTES = 4 << 20


class StreamState:
    """What a stream has produced so far, and the app's own limits on it: ``max_tokens`` tokens whatever
    the server sends (``full`` once reached), and ``max_bytes`` of text."""

    def __init__(self, req: Request, model: str) -> None:
        self.req = req
        self.model = model
        self.started = 0.0
        self.pieces: list[str] = []  # joined once, at the end: ``text += piece`` per token is quadratic
        self.n_bytes = 0
        self.max_bytes = max(MIN_STREAM_BYTES, req.max_tokens * MAX_BYTES_PER_TOKEN)
        self.times: list[float] = []
        self.finish: str | None = None
        self.stop_string = False
        self.done = False
        self.full = False  # max_tokens reached: the app ends the stream, whatever the server does
        self.usage: dict[str, Any] = {}
        self.logprobs_seen = False
        self.stop_reason = ""

    @property
    def text(self) -> str:
        return "".join(self.pieces)

    def take(self, chunk: Any, mode: str, emit: TokenSink, whole: bool = False) -> None:
        if not isinstance(chunk, dict):
            template = QT_TRANSLATE_NOOP(
                "CoreErrors", "The server's stream holds something other than completion chunks."
            )
            raise RemoteError("NotOpenAI", message(template))
        if chunk.get("error"):
            err = chunk["error"]
            said = err.get("message") if isinstance(err, dict) else err
            template = QT_TRANSLATE_NOOP("CoreErrors", "The server reported an error during the answer: {said}")
            raise RemoteError("ServerError", message(template, said=str(said)), str(chunk)[:500])
        if isinstance(chunk.get("usage"), dict):
            self.usage = chunk["usage"]
        now = time.perf_counter() - self.started
        for choice in chunk.get("choices") or []:
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            if mode == "chat":
                part = choice.get("message") if whole else choice.get("delta")
                text = str((part or {}).get("content") or "")
                entries = chat_tokens(choice.get("logprobs"))
            else:
                text = str(choice.get("text") or "")
                entries = completion_tokens(choice.get("logprobs"))
            if entries:
                self.logprobs_seen = True
            for entry in assign_text(entries, text):
                if self.full:
                    return
                self._add(entry, now, emit)
            if choice.get("finish_reason"):
                self.finish = str(choice["finish_reason"])
                reason = choice.get("stop_reason")
                self.stop_string = isinstance(reason, str) and bool(reason)
        if whole:
            self.done = True

    def _add(self, entry: dict[str, Any], now: float, emit: TokenSink) -> None:
        piece = entry["text"]
        self.n_bytes += len(piece)  # characters: a cheap bound, as close as needed to bytes here
        if self.n_bytes > self.max_bytes:
            text = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The server sent more than {mb} MB of text for at most {n} tokens, far more than tokens can "
                "hold, so the answer was not read further.",
            )
            raise RemoteError("TooLarge", message(text, mb=self.max_bytes >> 20, n=self.req.max_tokens))
        event = {"i": len(self.times), "token": entry.get("token", -1), "text": piece, "t": now}
        if entry.get("p") is not None:
            event["p"] = entry["p"]
            event["alts"] = entry.get("alts") or []
        self.pieces.append(piece)
        self.times.append(now)
        emit(event)
        if len(self.times) >= self.req.max_tokens:
            self.full = True

    def result(self) -> dict[str, Any]:
        total = time.perf_counter() - self.started
        n_prompt = int(self.usage.get("prompt_tokens") or 0)
        metrics = speed_figures(n_prompt, self.times, total).as_dict()
        if not n_prompt:
            metrics["prompt_tps"] = None  # the server did not say how long the prompt was
        metrics["includes_network"] = True
        reason = self.stop_reason
        if not reason and self.full and not (self.finish and self.finish != "length"):
            reason = "length"  # the app's own limit, whether or not the server kept to it
        if not reason:
            reason = {"length": "length", "stop": "stop" if self.stop_string else "eos"}.get(self.finish or "", "eos")
        return {
            "text": self.text,
            "seed": self.req.seed if self.req.seed >= 0 else None,
            "max_tokens": self.req.max_tokens,
            "prompt": self.req.prompt if self.req.mode != "chat" else "",
            "n_prompt": n_prompt,
            "truncated": False,
            "stop_reason": reason,
            "n_ctx": None,
            "metrics": metrics,
            "model": self.model,
            "logprobs": self.logprobs_seen,
            "finish_reason": self.finish,
        }
