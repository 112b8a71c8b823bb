"""Which model the booking agent runs on: the GGUF loaded in Models (or the bundled default) in a model host of
its own, or a model on a server from Models -> Servers, through the small adapter below (the agent steps
synchronously on its own thread, so it talks to the server with a client of its own rather than through the
window's streaming ``RemoteModelSource``; the server's address, key and timeout are the ones the person set)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.core.automation.calls import StepModel
from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.services.remote_source import parse_source_key, remote_choices, source_label

if TYPE_CHECKING:
    from desktop.services.remote_service import RemoteService

LOCAL = ""  # the key of "the model loaded in Models"


def is_server_key(key: str) -> bool:
    return parse_source_key(key) is not None


def server_choices(remote: RemoteService | None) -> list[tuple[str, str]]:
    """(label, key) for every model the servers' last checks listed."""
    return remote_choices(remote)


def server_label(remote: RemoteService | None, key: str) -> str:
    parsed = parse_source_key(key)
    config = remote.server(parsed[0]) if remote is not None and parsed is not None else None
    return source_label(config, parsed[1]) if config is not None and parsed is not None else ""


def server_step_model(remote: RemoteService | None, key: str, name: str) -> StepModel:
    """A ``ServerStepModel`` for a ``remote:<server>/<model>`` key, with the server's own settings and key. Made on
    the agent thread; FMError when the server was removed or its key is no longer known."""
    from desktop.core.automation.server_model import ServerStepModel

    parsed = parse_source_key(key)
    config = remote.server(parsed[0]) if remote is not None and parsed is not None else None
    if remote is None or parsed is None or config is None:
        raise FMError(message(QT_TRANSLATE_NOOP("AgentService", "That server was removed: choose another model.")))
    api_key = remote.keys.get(config.key_ref) if config.key_ref else None
    if config.key_ref and api_key is None:
        said = QT_TRANSLATE_NOOP(
            "AgentService", "The API key for “{name}” is no longer known. Enter it again in the server's settings."
        )
        raise FMError(message(said, name=config.name))
    return ServerStepModel(config, parsed[1], api_key, name=name)
