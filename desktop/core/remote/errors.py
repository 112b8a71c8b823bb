"""Every way a request to a server can fail, in plain words, with the technical part in ``details``.

A key never appears in a message or in details: :func:`redact` removes it from any text built here,
and the request's headers (where the key travels) are never written into either.

The messages are translatable (:mod:`desktop.core.messages`): each is a ``QT_TRANSLATE_NOOP("CoreErrors",
...)`` template with named arguments, kept in ``err.text``; ``err.message`` stays English. The UI shows
``desktop.i18n.error_text(err)``. A message that quotes the server's own words has two templates, with
and without them, so that each is a whole sentence for the translator.
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

if TYPE_CHECKING:
    import httpx  # imported where used: httpx (and its CLI's click and rich) costs start-up time

HIDDEN = "•••"


class RemoteError(FMError):
    """A server request failed. ``kind`` is a short tag for code (the ``requestFailed`` error kind);
    ``partial`` holds what a stream had produced before it broke (text, tokens, metrics), if anything."""

    def __init__(
        self, kind: str, message: str | Message, details: str = "", partial: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message, details)
        self.kind = kind
        self.partial = partial
        self.kept_tokens = 0  # a broken stream: how many tokens it had sent (the UI says they are kept)

    def keep_partial(self, n_tokens: int) -> None:
        """Say, in English, that the ``n_tokens`` a broken stream had sent are kept (the UI adds the
        translated sentence from ``kept_tokens``)."""
        if n_tokens == 1:
            self.message += " The one token received before that is kept."
        else:
            self.message += f" The {n_tokens} tokens received before that are kept."
        self.args = (self.message,)
        self.kept_tokens = n_tokens

    def redact(self, secrets: Iterable[str | None]) -> RemoteError:
        """Remove ``secrets`` from the message (English and the translatable one's arguments) and the
        details, in place; returns the error."""
        secrets = list(secrets)
        args = {k: redact(v, secrets) if isinstance(v, str) else v for k, v in self.text.args.items()}
        self.text = Message(self.text.template, self.text.context, args)
        self.message = redact(self.message, secrets)
        self.details = redact(self.details, secrets)
        self.args = (self.message,)
        return self


def redact(text: str, secrets: Iterable[str | None]) -> str:
    """``text`` with every secret replaced by dots: as it is, stripped, and as ``repr`` shows it (an
    error about a header can quote the value with its escapes)."""
    for secret in secrets:
        if not secret:
            continue
        for form in {secret, secret.strip(), repr(secret)[1:-1], repr(secret.strip())[1:-1]}:
            if form:
                text = text.replace(form, HIDDEN)
    return text


def where(url: str) -> str:
    """``host:port`` of a URL, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or url
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        return host
    return f"{host}:{port}"


def _causes(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    seen: set[int] = set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        chain.append(cur)
        seen.add(id(cur))
        cur = cur.__cause__ or cur.__context__
    return chain


def _has(chain: list[BaseException], *types: type[BaseException]) -> BaseException | None:
    return next((e for e in chain if isinstance(e, types)), None)


def transport_error(exc: httpx.TransportError, url: str, timeout_s: float, key: str | None) -> RemoteError:
    """An httpx transport failure (nothing usable came back) as a RemoteError."""
    import httpx

    chain = _causes(exc)
    text = " | ".join(f"{type(e).__name__}: {e}" for e in chain)
    details = redact(f"{_method(exc)} {url}\n{text}", [key])
    at = where(url)
    host = urlsplit(url).hostname or at
    seconds = f"{timeout_s:g}"
    if isinstance(exc, httpx.ConnectTimeout):
        template = QT_TRANSLATE_NOOP(
            "CoreErrors",
            "{at} did not accept a connection within {seconds} s. Check the address, and whether a firewall "
            "is in the way.",
        )
        return RemoteError("Timeout", message(template, at=at, seconds=seconds), details)
    if isinstance(exc, httpx.TimeoutException):
        template = QT_TRANSLATE_NOOP(
            "CoreErrors",
            "The server at {at} accepted the connection but sent nothing for {seconds} s. It may be busy or "
            "stuck: try again, or allow a longer timeout in the server's settings.",
        )
        return RemoteError("Timeout", message(template, at=at, seconds=seconds), details)
    lowered = text.lower()
    if _has(chain, ssl.SSLError) or "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
        plain = "wrong version number" in lowered or "record layer" in lowered  # it speaks plain HTTP
        if "certificate" in lowered and plain:
            template = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The secure (TLS) connection to {at} failed: its certificate is not trusted. If the server "
                "speaks plain HTTP, write http:// instead of https://.",
            )
        elif "certificate" in lowered:
            template = QT_TRANSLATE_NOOP(
                "CoreErrors", "The secure (TLS) connection to {at} failed: its certificate is not trusted."
            )
        elif plain:
            template = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The secure (TLS) connection to {at} failed: the TLS handshake failed. If the server speaks "
                "plain HTTP, write http:// instead of https://.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "CoreErrors", "The secure (TLS) connection to {at} failed: the TLS handshake failed."
            )
        return RemoteError("TLSError", message(template, at=at), details)
    if _has(chain, socket.gaierror) or "name or service not known" in lowered or "nodename nor servname" in lowered:
        template = QT_TRANSLATE_NOOP(
            "CoreErrors",
            "The name “{host}” was not found. Check the spelling of the address, or use its IP address.",
        )
        return RemoteError("NameNotFound", message(template, host=host), details)
    refused = _has(chain, ConnectionRefusedError)
    if refused is not None or "connection refused" in lowered or f"errno {errno.ECONNREFUSED}" in lowered:
        template = QT_TRANSLATE_NOOP(
            "CoreErrors", "Nothing answers at {at}: the connection was refused. Is the server running, on this port?"
        )
        return RemoteError("ConnectionRefused", message(template, at=at), details)
    if isinstance(exc, httpx.ConnectError):
        template = QT_TRANSLATE_NOOP("CoreErrors", "Could not connect to {at}: {reason}.")
        return RemoteError("Unreachable", message(template, at=at, reason=str(chain[-1])), details)
    if isinstance(exc, httpx.RemoteProtocolError) and "receive buffer too long" in lowered:
        template = QT_TRANSLATE_NOOP(
            "CoreErrors",
            "{at} sent a header (or a line of HTTP framing) longer than the 16 KB allowed, so its answer was not "
            "read. This does not look like an OpenAI-compatible server.",
        )
        return RemoteError("BadHTTP", message(template, at=at), details)
    if isinstance(exc, httpx.RemoteProtocolError) and "without sending a response" in lowered:
        template = QT_TRANSLATE_NOOP(
            "CoreErrors", "{at} closed the connection without answering (the server may have stopped or crashed)."
        )
        return RemoteError("ConnectionLost", message(template, at=at), details)
    if isinstance(exc, httpx.RemoteProtocolError) and not _mid_answer(lowered):
        template = QT_TRANSLATE_NOOP(
            "CoreErrors",
            "{at} answered with something that is not valid HTTP ({error}). Is this the address of an "
            "OpenAI-compatible server?",
        )
        return RemoteError("BadHTTP", message(template, at=at, error=str(exc)[:120]), details)
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        template = QT_TRANSLATE_NOOP(
            "CoreErrors",
            "The connection to {at} closed in the middle of the answer (the server may have stopped or crashed).",
        )
        return RemoteError("ConnectionLost", message(template, at=at), details)
    template = QT_TRANSLATE_NOOP("CoreErrors", "The request to {at} failed: {error}.")
    return RemoteError("NetworkError", message(template, at=at, error=type(exc).__name__), details)


def _mid_answer(lowered: str) -> bool:
    """Whether an HTTP protocol error is a connection cut inside a body (rather than a malformed answer)."""
    return any(
        words in lowered
        for words in ("incomplete", "peer closed", "connection closed", "complete message body", "reset")
    )


def _method(exc: httpx.TransportError) -> str:
    try:
        return exc.request.method
    except RuntimeError:  # no request attached
        return "REQUEST"


def status_error(status: int, body: str, url: str, method: str, key: str | None, model: str = "") -> RemoteError:
    """An HTTP error status as a RemoteError, with the server's own words where it gave some."""
    said = redact(server_message(body), [key])
    details = redact(f"{method} {url}\nHTTP {status}\n{body[:2000]}", [key])

    def saying(plain: str, with_said: str, **args: Any) -> Message:
        """The message, with the server's own words when it gave some (two whole sentences to translate)."""
        return message(with_said, said=said, **args) if said else message(plain, **args)

    if status == 401:
        if key:
            text = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The server refused the API key (401 Unauthorized). Check the key in this server's settings.",
            )
        else:
            text = QT_TRANSLATE_NOOP(
                "CoreErrors",
                "The server needs an API key (401 Unauthorized). Add the key in this server's settings.",
            )
        return RemoteError("Unauthorized", message(text), details)
    if status == 403:
        text = QT_TRANSLATE_NOOP(
            "CoreErrors", "The server refused access (403 Forbidden): the API key is wrong, or it may not do this."
        )
        return RemoteError("Forbidden", message(text), details)
    if status == 404:
        if model and "model" in said.lower():
            return RemoteError(
                "ModelNotFound",
                saying(
                    QT_TRANSLATE_NOOP("CoreErrors", "The server has no model “{model}”."),
                    QT_TRANSLATE_NOOP("CoreErrors", "The server has no model “{model}”. The server said: {said}"),
                    model=model,
                ),
                details,
            )
        text = QT_TRANSLATE_NOOP(
            "CoreErrors",
            "{path} was not found on {at} (404). This does not look like an OpenAI-compatible address: the "
            "base URL usually ends in /v1, as in http://host:8000/v1.",
        )
        return RemoteError("NotFound", message(text, path=urlsplit(url).path or "/", at=where(url)), details)
    if status == 429:
        plain = QT_TRANSLATE_NOOP("CoreErrors", "The server is refusing requests for now (429: too many).")
        with_said = QT_TRANSLATE_NOOP(
            "CoreErrors", "The server is refusing requests for now (429: too many). The server said: {said}"
        )
        return RemoteError("RateLimited", saying(plain, with_said), details)
    if status in (400, 422):
        plain = QT_TRANSLATE_NOOP("CoreErrors", "The server refused the request ({status}).")
        with_said = QT_TRANSLATE_NOOP(
            "CoreErrors", "The server refused the request ({status}). The server said: {said}"
        )
        return RemoteError("BadRequest", saying(plain, with_said, status=status), details)
    if status >= 500:
        plain = QT_TRANSLATE_NOOP("CoreErrors", "The server failed while answering ({status}).")
        with_said = QT_TRANSLATE_NOOP(
            "CoreErrors", "The server failed while answering ({status}). The server said: {said}"
        )
        return RemoteError("ServerError", saying(plain, with_said, status=status), details)
    plain = QT_TRANSLATE_NOOP("CoreErrors", "The server answered with status {status}.")
    with_said = QT_TRANSLATE_NOOP("CoreErrors", "The server answered with status {status}. The server said: {said}")
    return RemoteError("HTTPError", saying(plain, with_said, status=status), details)


def server_message(body: str) -> str:
    """The human part of an error body: OpenAI's ``{"error": {"message": ...}}``, FastAPI's
    ``{"detail": ...}``, or the start of a short plain-text body."""
    import json

    try:
        data = json.loads(body)
    except ValueError:
        text = body.strip()
        return text[:200] if text and "<" not in text[:1] else ""
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and err.get("message"):
            return str(err["message"])[:300]
        if isinstance(err, str):
            return err[:300]
        detail = data.get("detail") or data.get("message")
        if detail:
            return str(detail)[:300]
    return ""
