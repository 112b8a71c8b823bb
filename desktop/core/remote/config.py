"""A server's settings, the base URL's checks, and the plain-HTTP question asked before a key is sent.

The settings hold a *key reference* (where :mod:`desktop.core.remote.secrets` keeps the key), never the
key: ``to_dict`` is what may be written to QSettings, the history or an export.
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.remote.errors import RemoteError

DEFAULT_TIMEOUT_S = 60.0
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass
class ServerConfig:
    """One OpenAI-compatible server as the person added it."""

    name: str
    base_url: str
    key_ref: str = ""  # where the key is kept ("" = no key); never the key itself
    timeout_s: float = DEFAULT_TIMEOUT_S
    verify_tls: bool = True
    plain_http_ok: bool = False  # the person agreed to send the key over plain http:// to this host
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ServerConfig:
        known = set(cls.__dataclass_fields__)
        values = {k: v for k, v in data.items() if k in known}
        values["base_url"] = normalize_base_url(str(values.get("base_url", "")))
        values["timeout_s"] = float(values.get("timeout_s", DEFAULT_TIMEOUT_S))
        return cls(**values)


def normalize_base_url(text: str) -> str:
    """The base URL in one form, or a RemoteError (kind ``BadURL``) that says what is wrong with it.

    Without a scheme, ``http://`` is assumed; without a path, ``/v1`` (which vLLM, llama-server,
    llama_cpp.server, Ollama and OpenAI all use); a trailing slash is dropped."""
    raw = text.strip()
    if not raw:
        raise RemoteError(
            "BadURL",
            message(QT_TRANSLATE_NOOP("CoreErrors", "Type the server's address, for example http://gpu-box:8000/v1.")),
        )
    if any(c.isspace() for c in raw):
        template = QT_TRANSLATE_NOOP("CoreErrors", "“{address}” is not an address: it contains spaces.")
        raise RemoteError("BadURL", message(template, address=raw))
    shown = text.strip()
    if not _SCHEME.match(raw):
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        template = QT_TRANSLATE_NOOP("CoreErrors", "“{address}” is not a valid address: {reason}.")
        raise RemoteError("BadURL", message(template, address=shown, reason=str(exc))) from None
    if parts.scheme.lower() not in ("http", "https"):
        template = QT_TRANSLATE_NOOP(
            "CoreErrors", "“{address}” is not an http:// or https:// address (it starts with {scheme}://)."
        )
        raise RemoteError("BadURL", message(template, address=shown, scheme=parts.scheme))
    host = parts.hostname or ""
    if not host or not re.fullmatch(r"[A-Za-z0-9._~%:-]+", host) or host.startswith(".") or ".." in host:
        template = QT_TRANSLATE_NOOP(
            "CoreErrors", "“{address}” has no valid host name. Example: http://gpu-box:8000/v1."
        )
        raise RemoteError("BadURL", message(template, address=shown))
    if port == 0:
        template = QT_TRANSLATE_NOOP("CoreErrors", "“{address}” has port 0, which no server listens on.")
        raise RemoteError("BadURL", message(template, address=shown))
    if parts.query or parts.fragment:
        template = QT_TRANSLATE_NOOP("CoreErrors", "“{address}” has a ?query or #fragment; a base URL has neither.")
        raise RemoteError("BadURL", message(template, address=shown))
    if parts.username or parts.password:
        template = QT_TRANSLATE_NOOP("CoreErrors", "Put the API key in the key field, not in the address.")
        raise RemoteError("BadURL", message(template))
    path = parts.path.rstrip("/") or "/v1"
    netloc = parts.netloc.lower() if parts.netloc.islower() else parts.netloc
    return urlunsplit((parts.scheme.lower(), netloc, path, "", ""))


def server_root(base_url: str) -> str:
    """The server's root: the base URL without its trailing ``/v1`` (where ``/tokenize`` lives)."""
    root = base_url.rstrip("/")
    return root[: -len("/v1")] if root.endswith("/v1") else root


def is_loopback(host: str) -> bool:
    """True for addresses that never leave this machine: localhost, 127.0.0.0/8, ::1."""
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plain_http_question(base_url: str, has_key: bool) -> Message | None:
    """The question to ask before sending a key over plain HTTP to another machine (translatable; the UI
    shows ``desktop.i18n.translate_message(...)``), or None when there is nothing to ask (no key,
    https://, or a loopback address)."""
    if not has_key:
        return None
    parts = urlsplit(base_url)
    if parts.scheme.lower() != "http" or is_loopback(parts.hostname or ""):
        return None
    template = QT_TRANSLATE_NOOP(
        "CoreErrors",
        "{host} is reached over plain http://, so the API key would cross the network unencrypted, readable by "
        "anyone on the way. Send it anyway?",
    )
    return message(template, host=parts.hostname)


def plain_http_warning(base_url: str, has_key: bool) -> str | None:
    """:func:`plain_http_question` in English (None when there is nothing to ask)."""
    question = plain_http_question(base_url, has_key)
    return question.english() if question is not None else None
