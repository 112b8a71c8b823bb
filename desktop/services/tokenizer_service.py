"""Tokenization as Qt signals, latest request wins.

tiktoken encodings run on one serial worker thread. GGUF tokenizers are read vocabulary-only by
llama.cpp in a model host process of this service's own (a malformed file can abort llama.cpp; the
host dies, the app does not, and the file is remembered as broken). A server model's tokenizer
(``remote:<server id>/<model>`` keys) is asked through the app's RemoteService, off the GUI thread:
``/tokenize`` on llama-server and vLLM, ``/extras/tokenize`` on llama_cpp.server. Each kind of request has one
slot: while one runs, a newer one waits, and a newer one still replaces it. A result is delivered
only if nothing newer is waiting, so typing fast never builds a queue of stale work.

``failed`` carries a message for a person in the installed language: core errors are translated here
(``desktop.i18n.error_text``), the service's own sentences are ``self.tr``; details stay untranslated.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.core.errors import FMError, HostDiedError
from desktop.core.host import protocol
from desktop.core.host.client import HostProcess, describe_exit
from desktop.core.server_tokens import server_spans
from desktop.core.tokenizers import (
    DISPLAY_CHAR_LIMIT,
    DISPLAY_TOKEN_LIMIT,
    TIKTOKEN_ENCODINGS,
    TIKTOKEN_LABELS,
    Tokenization,
    TokenizerError,
    TokenStats,
    count_words,
    decode_piece,
    decode_text,
    display_spans,
    gguf_path,
    gguf_tokenization,
    parse_ids,
    sanitize,
    tiktoken_decode_bytes,
    tiktoken_stats,
    tiktoken_tokenize,
)
from desktop.i18n import error_text
from desktop.services.host_reader import HostLink
from desktop.services.remote_service import RemoteService
from desktop.services.remote_source import parse_source_key
from desktop.services.worker import SerialWorker


@dataclass
class _Job:
    slot: str
    kind: str  # tokenize | stats | decode
    key: str
    label: str
    text: str
    allow_special: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


def _decode_tiktoken(key: str, ids_text: str) -> tuple[str, int]:
    ids = parse_ids(ids_text)
    return decode_text(tiktoken_decode_bytes(key, ids)), len(ids)


def remote_tokenization(
    key: str, label: str, text: str, reply: dict[str, Any], allow_special: bool, display_chars: int
) -> Tokenization:
    """Spans from a server's tokenize answer: ``ids``, and ``pieces``, one per token, where the server gave
    them. What the client should put in ``pieces``: each token's raw bytes (``bytes``) wherever the server
    says them (llama-server's ``with_pieces``), else its text (``str``, with U+FFFD where the server could
    not decode the token alone), or None for a token it knows nothing of. Bytes left open are worked out
    from the input (:func:`desktop.core.server_tokens.server_spans`), and a token still undetermined shows
    ``<?>``. Without ``pieces`` at all the ids stand alone and the spans cannot be placed.
    A server does not say its vocabulary size: it is 0 here, "not given" in the panel."""
    ids = [int(i) for i in reply.get("ids") or []]
    pieces = reply.get("pieces")
    known = isinstance(pieces, list) and len(pieces) == len(ids)
    if isinstance(pieces, list) and known:
        spans, aligned, shown, unknown = server_spans(text, ids, pieces, display_chars)
    else:
        blank = [(tid, b"", False, False) for tid in ids]
        spans, aligned, shown = display_spans(text, blank, True, display_chars)
        unknown = 0
    return Tokenization(
        encoding=key,
        label=label,
        text=text,
        spans=spans,
        shown_chars=shown,
        total_tokens=len(ids),
        words=count_words(text),
        vocab_size=0,
        aligned=aligned and known,
        allow_special=allow_special,
        extra={"endpoint": reply.get("endpoint", ""), "pieces_known": known, "remote": True, "unknown": unknown},
    )


def _gguf_stats(key: str, label: str, text: str, reply: dict[str, Any]) -> TokenStats:
    return TokenStats(key, label, int(reply.get("total", 0)), len(text), count_words(text), int(reply["n_vocab"]))


class TokenizerService(QObject):
    tokenized = Signal(object)  # Tokenization
    statsReady = Signal(object)  # TokenStats
    decoded = Signal(str, str, int)  # key, text, number of ids
    failed = Signal(str, str, str, str)  # kind (tokenize | stats | decode), key, message, details
    busyChanged = Signal(bool)

    def __init__(self, host_command: list[str] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = SerialWorker("tokenizer", self)
        self.link = HostLink(host_command, self._on_event, self._on_ended, self)
        self._running: dict[str, _Job] = {}  # slot -> job in progress
        self._waiting: dict[str, _Job] = {}  # slot -> the newest job waiting for that slot
        self._host_jobs: dict[int, _Job] = {}  # request id -> job
        self._broken: dict[str, str] = {}  # GGUF path -> why its vocabulary cannot be read
        self.remote: RemoteService | None = None
        self._remote_jobs: dict[int, _Job] = {}  # RemoteService request id -> job
        self._closed = False
        self.display_chars = DISPLAY_CHAR_LIMIT
        self.display_tokens = DISPLAY_TOKEN_LIMIT

    # -- public API --------------------------------------------------------------------------------
    def tokenize(self, key: str, text: str, allow_special: bool = False, label: str = "") -> None:
        """Tokenize ``text`` with encoding ``key``; ``tokenized`` or ``failed`` follows."""
        self._request(_Job("tokenize", "tokenize", key, label or TIKTOKEN_LABELS.get(key, key), text, allow_special))

    def stats(self, key: str, text: str, allow_special: bool = False, label: str = "") -> None:
        """Count tokens of ``text`` with ``key``; ``statsReady`` or ``failed`` follows."""
        job = _Job(f"stats:{key}", "stats", key, label or TIKTOKEN_LABELS.get(key, key), text, allow_special)
        self._request(job)

    def decode(self, key: str, ids_text: str, label: str = "") -> None:
        """Decode pasted ids with ``key``; ``decoded`` or ``failed`` follows."""
        self._request(_Job("decode", "decode", key, label or key, ids_text))

    def busy(self) -> bool:
        return bool(self._running)

    def set_remote(self, remote: RemoteService | None) -> None:
        """The servers whose models' tokenizers ``remote:`` keys name."""
        if self.remote is not None:
            self.remote.tokenized.disconnect(self._on_remote_tokenized)
            self.remote.tokenizeFailed.disconnect(self._on_remote_failed)
        self.remote = remote
        if remote is not None:
            remote.tokenized.connect(self._on_remote_tokenized)
            remote.tokenizeFailed.connect(self._on_remote_failed)

    def broken_reason(self, key: str) -> str | None:
        path = gguf_path(key)
        return self._broken.get(path) if path is not None else None

    @property
    def host(self) -> HostProcess | None:
        return self.link.host

    def host_pid(self) -> int | None:
        return self.link.pid()

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop the worker thread, the host process and its reader. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        self._waiting.clear()
        self._running.clear()
        self._host_jobs.clear()
        self._remote_jobs.clear()
        self.set_remote(None)
        self.worker.stop()
        self.link.stop(timeout)

    # -- slots: latest wins ------------------------------------------------------------------------
    def _request(self, job: _Job) -> None:
        if self._closed:
            return
        if job.slot in self._running:
            self._waiting[job.slot] = job
            return
        self._start(job)

    def _start(self, job: _Job) -> None:
        was_busy = self.busy()
        self._running[job.slot] = job
        if not was_busy:
            self.busyChanged.emit(True)
        try:
            path = gguf_path(job.key)
            if parse_source_key(job.key) is not None:
                self._start_remote(job)
            elif path is None:
                self._start_tiktoken(job)
            else:
                self._start_gguf(job, path)
        except FMError as exc:
            self._fail(job, error_text(exc), exc.details)
        except OSError as exc:
            self._fail(job, self.tr("The tokenizer host could not start: {reason}").format(reason=exc), repr(exc))

    def _is_current(self, job: _Job) -> bool:
        return not self._closed and self._running.get(job.slot) is job

    def _finish(self, job: _Job, deliver: Callable[[], None]) -> None:
        """End ``job``: deliver its result unless a newer request waits, then start that one."""
        if not self._is_current(job):
            return
        del self._running[job.slot]
        waiting = self._waiting.pop(job.slot, None)
        if waiting is None:
            deliver()
        else:
            self._start(waiting)
        if not self.busy() and not self._closed:
            self.busyChanged.emit(False)

    def _fail(self, job: _Job, message: str, details: str = "") -> None:
        self._finish(job, lambda: self.failed.emit(job.kind, job.key, message, details))

    def _failure_handler(self, job: _Job) -> Callable[[BaseException], None]:
        def on_failure(exc: BaseException) -> None:
            if isinstance(exc, FMError):
                self._fail(job, error_text(exc), exc.details)
            else:
                self._fail(
                    job, self.tr("The tokenizer hit an unexpected error: {reason}").format(reason=exc), repr(exc)
                )

        return on_failure

    # -- tiktoken ----------------------------------------------------------------------------------
    def _start_tiktoken(self, job: _Job) -> None:
        if job.key not in TIKTOKEN_ENCODINGS:
            raise TokenizerError(self.tr("“{name}” is not an encoding this app knows.").format(name=job.key))
        if job.kind == "tokenize":
            self.worker.submit(
                tiktoken_tokenize,
                job.key,
                job.text,
                job.allow_special,
                self.display_chars,
                self.display_tokens,
                on_success=lambda r: self._finish(job, lambda: self.tokenized.emit(r)),
                on_failure=self._failure_handler(job),
            )
        elif job.kind == "stats":
            self.worker.submit(
                tiktoken_stats,
                job.key,
                job.text,
                job.allow_special,
                on_success=lambda r: self._finish(job, lambda: self.statsReady.emit(r)),
                on_failure=self._failure_handler(job),
            )
        else:
            self.worker.submit(
                _decode_tiktoken,
                job.key,
                job.text,
                on_success=lambda r: self._finish(job, lambda: self.decoded.emit(job.key, r[0], r[1])),
                on_failure=self._failure_handler(job),
            )

    # -- a server's tokenizer ----------------------------------------------------------------------
    def _start_remote(self, job: _Job) -> None:
        parsed = parse_source_key(job.key)
        assert parsed is not None
        server_id, model = parsed
        config = self.remote.server(server_id) if self.remote is not None else None
        if self.remote is None or config is None:
            raise TokenizerError(self.tr("That server is no longer in the list. Pick another tokenizer."))
        if job.kind == "decode":
            raise TokenizerError(
                self.tr(
                    "Turning ids back into text is not offered for a server model here. Pick the same model's "
                    "GGUF file, if you have it, to decode its ids."
                )
            )
        rid = self.remote.tokenize(config, model, sanitize(job.text))
        self._remote_jobs[rid] = job

    def _on_remote_tokenized(self, rid: int, reply: dict[str, Any]) -> None:
        job = self._remote_jobs.pop(rid, None)
        if job is None or not self._is_current(job):
            return
        if job.kind == "stats":
            n = len(reply.get("ids") or [])
            stats = TokenStats(job.key, job.label, n, len(job.text), count_words(job.text), 0)
            self._finish(job, lambda: self.statsReady.emit(stats))
            return
        self.worker.submit(
            remote_tokenization,
            job.key,
            job.label,
            job.text,
            reply,
            job.allow_special,
            self.display_chars,
            on_success=lambda r: self._finish(job, lambda: self.tokenized.emit(r)),
            on_failure=self._failure_handler(job),
        )

    def _on_remote_failed(self, rid: int, _kind: str, message: str, details: str) -> None:
        job = self._remote_jobs.pop(rid, None)
        if job is not None:
            self._fail(job, message, details)

    # -- GGUF through the host ---------------------------------------------------------------------
    def _start_gguf(self, job: _Job, path: str) -> None:
        reason = self._broken.get(path)
        if reason is not None:
            raise TokenizerError(reason)
        if job.kind == "decode":
            ids = parse_ids(job.text)
            self._send(job, "detokenize", path=path, ids=ids)
            job.extra["n_ids"] = len(ids)
            return
        self._send(
            job,
            "tokenize",
            path=path,
            text=sanitize(job.text),  # lone surrogates cannot travel as UTF-8
            max_tokens=self.display_tokens if job.kind == "tokenize" else 0,
            add_special=True,
            allow_special=job.allow_special,
        )

    def _ensure_host(self) -> HostProcess:
        return self.link.ensure()[0]

    def _send(self, job: _Job, op: str, **params: Any) -> None:
        host = self._ensure_host()
        job.extra["path"] = params["path"]
        rid = host.send(op, **params)  # HostDiedError is an FMError: the caller reports it
        self._host_jobs[rid] = job

    def _on_event(self, msg: dict[str, Any]) -> None:
        kind = msg.get("type")
        if kind not in (protocol.RESULT, protocol.ERROR):
            return
        job = self._host_jobs.pop(int(msg.get("id", 0)), None)
        if job is None or not self._is_current(job):
            return
        if kind == protocol.ERROR:
            self._fail(job, str(msg.get("message", "")), str(msg.get("details", "")))
            return
        data = dict(msg.get("data") or {})
        if job.kind == "tokenize":
            self.worker.submit(
                gguf_tokenization,
                job.key,
                job.label,
                job.text,
                data,
                job.allow_special,
                self.display_chars,
                on_success=lambda r: self._finish(job, lambda: self.tokenized.emit(r)),
                on_failure=self._failure_handler(job),
            )
        elif job.kind == "stats":
            self.worker.submit(
                _gguf_stats,
                job.key,
                job.label,
                job.text,
                data,
                on_success=lambda r: self._finish(job, lambda: self.statsReady.emit(r)),
                on_failure=self._failure_handler(job),
            )
        else:
            text = decode_text([decode_piece(p) for p in data.get("pieces", [])])
            n_ids = int(job.extra.get("n_ids", 0))
            self._finish(job, lambda: self.decoded.emit(job.key, text, n_ids))

    def _on_ended(self, report: str) -> None:
        if self._closed:
            return
        jobs = list(self._host_jobs.values())
        self._host_jobs.clear()
        if not jobs:
            return
        code = self.host.proc.returncode if self.host is not None and self.host.proc is not None else None
        for job in jobs:
            path = str(job.extra.get("path", ""))
            name = Path(path).name
            message = self.tr(
                "llama.cpp stopped while reading the vocabulary of “{name}” ({exit}). "
                "The file may be damaged or need a newer llama.cpp. The app is fine; pick another model."
            ).format(name=name, exit=describe_exit(code))
            if path:
                self._broken[path] = message
            self._fail(job, message, report)

    def warm_up(self) -> None:
        """Start the host ahead of the first GGUF request (it takes a moment to import llama.cpp)."""
        if not self._closed:
            with contextlib.suppress(HostDiedError, OSError):
                self._ensure_host()

    def forget_broken(self) -> None:
        """Try again the GGUF files that stopped the host before (after a rescan: they may be fixed)."""
        self._broken.clear()
