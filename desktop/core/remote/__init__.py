"""OpenAI-compatible servers (vLLM, llama-server, llama_cpp.server, Ollama, OpenAI): settings, keys,
the client, capabilities and errors in plain words. Pure Python; the service runs it off the GUI thread."""

from desktop.core.remote.capabilities import Capabilities, guess_engine
from desktop.core.remote.client import RemoteClient, RemoteTokens
from desktop.core.remote.config import ServerConfig, is_loopback, normalize_base_url, plain_http_warning
from desktop.core.remote.errors import RemoteError, redact
from desktop.core.remote.secrets import KeyStore, key_store

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
