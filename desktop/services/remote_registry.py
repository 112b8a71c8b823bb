"""The servers the person added, saved in the settings (without keys), and what the last check of each
found: models, capabilities and a status in words. :class:`RemoteService` extends this with the work
(checks, streams, tokenizing); the split keeps each file readable."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Signal

from desktop.core.messages import Message, Template
from desktop.core.remote.capabilities import Capabilities
from desktop.core.remote.config import ServerConfig
from desktop.i18n import translate_message
from desktop.services.worker import Task

if TYPE_CHECKING:
    from desktop.services.settings import Settings


def translated(msg: Message) -> str:
    """``msg`` in the installed language, its arguments too where they are marked templates (an engine's
    description in :meth:`Capabilities.describe_message`)."""
    args = {
        k: QCoreApplication.translate(v.context, v) if isinstance(v, Template) and v.context else v
        for k, v in msg.args.items()
    }
    return translate_message(Message(msg.template, msg.context, args))


@dataclass
class ServerStatus:
    """What is known of a server now, for the Servers list: ``state`` is "unchecked", "checking", "ok"
    or "failed"; ``message`` says it in words (the failure's, or the summary); ``since`` is when it was
    last found so (``time.time()``; 0 before any check)."""

    state: str = "unchecked"
    kind: str = ""  # the failure's error kind ("ConnectionRefused", "Unauthorized", ...)
    message: str = ""
    details: str = ""
    since: float = 0.0


class Registry(QObject):
    """The list of servers and what is known of each; subclasses do the checking."""

    serversChanged = Signal()  # a server was added, changed or removed
    statusChanged = Signal(str)  # server id: its check started, succeeded or failed, or it went down

    def __init__(self, settings: Settings | None, settings_key: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self._settings_key = settings_key
        self._caps: dict[str, Capabilities] = {}  # server id -> what the last successful check found
        self._models: dict[str, list[str]] = {}  # server id -> model ids from the last successful check
        self._status: dict[str, ServerStatus] = {}
        self._servers: list[ServerConfig] = self._load_servers()

    # -- what subclasses provide -------------------------------------------------------------------
    def check(self, config: ServerConfig | str, probe_model: str | None = None) -> None:
        raise NotImplementedError

    def store_key(self, config: ServerConfig, key: str) -> tuple[bool, str]:
        raise NotImplementedError

    def forget_key(self, config: ServerConfig) -> None:
        raise NotImplementedError

    def _changed(self, server_id: str, removed: bool) -> None:
        """A server's settings changed or it was removed (its work in flight should end)."""

    def _normalize(self, base_url: str) -> str:
        return base_url

    # -- the list ----------------------------------------------------------------------------------
    def _load_servers(self) -> list[ServerConfig]:
        """The saved servers; an entry that cannot be read (a hand-edited file) is skipped."""
        if self.settings is None:
            return []
        try:
            data = json.loads(self.settings.get_str(self._settings_key, "[]") or "[]")
        except ValueError:
            return []
        servers: list[ServerConfig] = []
        for item in data if isinstance(data, list) else []:
            try:
                config = ServerConfig.from_dict(item)
            except Exception:  # a bad URL, a missing name, not a dict: skip that one
                continue
            if config.id not in {s.id for s in servers}:
                servers.append(config)
        return servers

    def _save_servers(self) -> None:
        if self.settings is not None:
            self.settings.set(self._settings_key, json.dumps([s.to_dict() for s in self._servers]))
            self.settings.sync()

    def servers(self) -> list[ServerConfig]:
        """Copies of the servers, in the order they were added."""
        return [dataclasses.replace(s) for s in self._servers]

    def server(self, server_id: str) -> ServerConfig | None:
        for s in self._servers:
            if s.id == server_id:
                return dataclasses.replace(s)
        return None

    def add_server(self, config: ServerConfig, key: str | None = None, check: bool = True) -> str:
        """Add ``config`` (its key, when given, goes to the key store, never to the settings) and check
        it. Returns a note to show when the key is kept for this session only ("" otherwise). A base
        URL that is not one raises RemoteError ("BadURL"); the dialog checks it with the same words first."""
        config = dataclasses.replace(config)
        config.base_url = self._normalize(config.base_url)
        note = ""
        if key is not None and key.strip():
            _kept, note = self.store_key(config, key)
        self._servers = [s for s in self._servers if s.id != config.id] + [config]
        self._save_servers()
        self.serversChanged.emit()
        if check:
            self.check(config.id)
        return note

    def update_server(self, config: ServerConfig, key: str | None = None, check: bool = True) -> str:
        """Change a server's settings. ``key``: None keeps the key it has, "" forgets it, any other
        text replaces it. Its work in flight is cancelled, what its last check found is dropped, and it
        is checked again."""
        config = dataclasses.replace(config)
        config.base_url = self._normalize(config.base_url)
        old = self.server(config.id)
        if old is None:
            return self.add_server(config, key, check)
        config.key_ref = old.key_ref  # the key changes only through ``key``
        note = ""
        if key is not None:
            if key.strip():
                _kept, note = self.store_key(config, key)
            else:
                self.forget_key(config)
        self._servers = [config if s.id == config.id else s for s in self._servers]
        self._changed(config.id, removed=False)
        self._forget_checks(config.id)
        self._save_servers()
        self.serversChanged.emit()
        if check:
            self.check(config.id)
        return note

    def remove_server(self, server_id: str) -> None:
        """Remove a server, cancel its work in flight at once, and forget its key."""
        config = self.server(server_id)
        if config is None:
            return
        self._changed(server_id, removed=True)
        self.forget_key(config)
        self._servers = [s for s in self._servers if s.id != server_id]
        self._forget_checks(server_id)
        self._status.pop(server_id, None)
        self._save_servers()
        self.serversChanged.emit()

    def _forget_checks(self, server_id: str) -> None:
        self._caps.pop(server_id, None)
        self._models.pop(server_id, None)
        self._status[server_id] = ServerStatus()

    # -- what the checks found ---------------------------------------------------------------------
    def models(self, server_id: str) -> list[str]:
        """The model ids the last successful check listed (empty before one)."""
        return list(self._models.get(server_id, []))

    def capabilities(self, server_id: str) -> dict[str, Any]:
        """What the last successful check found the server can do (empty before one): ``engine``,
        ``logprobs`` (True/False/None), ``params`` (our sampling names it takes -> its names),
        ``tokenize`` (the endpoint, once one answered), ``max_alternatives``, ``notes``."""
        caps = self._caps.get(server_id)
        return caps.as_dict() if caps is not None else {}

    def caps(self, server_id: str) -> Capabilities | None:
        """The same as :meth:`capabilities`, as the object (``supports()``, ``unsupported()``)."""
        return self._caps.get(server_id)

    def status(self, server_id: str) -> ServerStatus:
        return dataclasses.replace(self._status.get(server_id, ServerStatus()))

    def check_all(self) -> None:
        """Check every server, each on its own thread; the app does this at start."""
        for config in self._servers:
            self.check(config.id)

    def _set_status(self, server_id: str, status: ServerStatus, quiet: bool = False) -> None:
        self._status[server_id] = status
        if not quiet:
            self.statusChanged.emit(server_id)

    def _found(self, server_id: str, caps: Capabilities, models: list[str], status: ServerStatus) -> None:
        self._caps[server_id] = caps
        self._models[server_id] = models
        self._set_status(server_id, status)

    def drop_callbacks(self) -> None:
        """At quit: the tasks' callbacks hold this service; drop them, so that it is freed when its owner
        lets go, in order, and not by the garbage collector while a task is being deleted (a crash)."""
        for task in self.findChildren(Task):
            task.dropped = True
            task.on_success = task.on_failure = None
