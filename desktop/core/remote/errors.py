"""Every way a request to a server can fail, in plain words, with the technical part in ``details``.

A key never appears in a message or in details: :func:`redact` removes it from any text built here,
and the request's headers (where the key travels) are never written into either.
"""

from __future__ import annotations

import errno
import socket
import ssl
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import httpx

from desktop.core.errors import FMError

HIDDEN = "•••"


class RemoteError(FMError):
    """A server request failed. ``kind`` is a short tag for code (the ``requestFailed`` error kind);
    ``partial`` holds what a stream had produced before it broke (text, tokens, metrics), if anything."""

    def __init__(self, kind: str, message: str, details: str = "", partial: dict[str, Any] | None = None) -> None:
        super().__init__(message, details)
        self.kind = kind
        self.partial = partial


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
    chain = _causes(exc)
    text = " | ".join(f"{type(e).__name__}: {e}" for e in chain)
    details = redact(f"{_method(exc)} {url}\n{text}", [key])
    at = where(url)
    host = urlsplit(url).hostname or at
    if isinstance(exc, httpx.ConnectTimeout):
        return RemoteError(
            "Timeout",
            f"{at} did not accept a connection within {timeout_s:g} s. Check the address, and whether a "
            "firewall is in the way.",
            details,
        )
    if isinstance(exc, httpx.TimeoutException):
        return RemoteError(
            "Timeout",
            f"The server at {at} accepted the connection but sent nothing for {timeout_s:g} s. It may be busy "
            "or stuck: try again, or allow a longer timeout in the server's settings.",
            details,
        )
    lowered = text.lower()
    if _has(chain, ssl.SSLError) or "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
        reason = "its certificate is not trusted" if "certificate" in lowered else "the TLS handshake failed"
        hint = (
            " If the server speaks plain HTTP, write http:// instead of https://."
            if "wrong version number" in lowered or "record layer" in lowered
            else ""
        )
        return RemoteError("TLSError", f"The secure (TLS) connection to {at} failed: {reason}.{hint}", details)
    if _has(chain, socket.gaierror) or "name or service not known" in lowered or "nodename nor servname" in lowered:
        return RemoteError(
            "NameNotFound",
            f"The name “{host}” was not found. Check the spelling of the address, or use its IP address.",
            details,
        )
    refused = _has(chain, ConnectionRefusedError)
    if refused is not None or "connection refused" in lowered or f"errno {errno.ECONNREFUSED}" in lowered:
        return RemoteError(
            "ConnectionRefused",
            f"Nothing answers at {at}: the connection was refused. Is the server running, on this port?",
            details,
        )
    if isinstance(exc, httpx.ConnectError):
        return RemoteError("Unreachable", f"Could not connect to {at}: {chain[-1]}.", details)
    if isinstance(exc, (httpx.RemoteProtocolError, httpx.ReadError)):
        return RemoteError(
            "ConnectionLost",
            f"The connection to {at} closed in the middle of the answer (the server may have stopped or crashed).",
            details,
        )
    return RemoteError("NetworkError", f"The request to {at} failed: {type(exc).__name__}.", details)


def _method(exc: httpx.TransportError) -> str:
    try:
        return exc.request.method
    except RuntimeError:  # no request attached
        return "REQUEST"


def status_error(status: int, body: str, url: str, method: str, key: str | None, model: str = "") -> RemoteError:
    """An HTTP error status as a RemoteError, with the server's own words where it gave some."""
    said = server_message(body)
    details = redact(f"{method} {url}\nHTTP {status}\n{body[:2000]}", [key])
    said_part = f" The server said: {redact(said, [key])}" if said else ""
    if status == 401:
        text = (
            "The server refused the API key (401 Unauthorized). Check the key in this server's settings."
            if key
            else "The server needs an API key (401 Unauthorized). Add the key in this server's settings."
        )
        return RemoteError("Unauthorized", text, details)
    if status == 403:
        return RemoteError(
            "Forbidden",
            "The server refused access (403 Forbidden): the API key is wrong, or it may not do this.",
            details,
        )
    if status == 404:
        if model and "model" in said.lower():
            return RemoteError("ModelNotFound", f"The server has no model “{model}”.{said_part}", details)
        return RemoteError(
            "NotFound",
            f"{urlsplit(url).path or '/'} was not found on {where(url)} (404). This does not look like an "
            "OpenAI-compatible address: the base URL usually ends in /v1, as in http://host:8000/v1.",
            details,
        )
    if status == 429:
        return RemoteError(
            "RateLimited", f"The server is refusing requests for now (429: too many).{said_part}", details
        )
    if status in (400, 422):
        return RemoteError("BadRequest", f"The server refused the request ({status}).{said_part}", details)
    if status >= 500:
        return RemoteError("ServerError", f"The server failed while answering ({status}).{said_part}", details)
    return RemoteError("HTTPError", f"The server answered with status {status}.{said_part}", details)


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
