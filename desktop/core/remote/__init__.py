"""OpenAI-compatible servers (vLLM, llama-server, llama_cpp.server, Ollama, OpenAI): settings, keys,
the client, capabilities and errors in plain words. Pure Python; the service runs it off the GUI thread."""

from typing import TYPE_CHECKING, Any

from desktop.core.remote.capabilities import Capabilities, guess_engine
from desktop.core.remote.config import ServerConfig, is_loopback, normalize_base_url, plain_http_warning
from desktop.core.remote.errors import RemoteError, redact
from desktop.core.remote.secrets import KeyStore, key_store

if TYPE_CHECKING:
    from desktop.core.remote.client import RemoteClient, RemoteTokens


def __getattr__(name: str) -> Any:
    """The client on first use: it imports httpx, which the app's start does not need."""
    if name in ("RemoteClient", "RemoteTokens"):
        from desktop.core.remote import client

        return getattr(client, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Capabilities",
    "KeyStore",
    "RemoteClient",
    "RemoteError",
    "RemoteTokens",
    "ServerConfig",
    "guess_engine",
    "is_loopback",
    "key_store",
    "normalize_base_url",
    "plain_http_warning",
    "redact",
]
