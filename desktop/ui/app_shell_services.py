"""The window's services, built together on first use: on the turn after the window's first frame, or
earlier when something asks for one (a test, a panel). Their modules' imports (the model host's client,
the catalog, SQLite, the server client) are most of what a start would otherwise spend before the window
shows."""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar, overload

from PySide6.QtWidgets import QWidget

from desktop.services.settings import Settings

T = TypeVar("T")


class WindowServices:
    """Every service the window owns; each is a child of the window, and stops with it."""

    def __init__(self, window: QWidget, settings: Settings) -> None:
        from desktop.services.autoload import AutoLoader
        from desktop.services.catalog_service import CatalogService
        from desktop.services.history_service import HistoryService
        from desktop.services.model_service import ModelService
        from desktop.services.remote_service import RemoteService
        from desktop.services.source import SourceRegistry
        from desktop.services.system_monitor import SystemMonitor

        self.settings = settings
        self.models = ModelService(parent=window)
        self.catalog = CatalogService(settings, parent=window)
        self.monitor = SystemMonitor(self.models, parent=window)
        self.history = HistoryService(parent=window)
        self.remote = RemoteService(parent=window, settings=settings)  # the one client of servers
        self.sources = SourceRegistry(self.models, self.catalog, self.remote, parent=window)  # local and server
        # Always there, so the last used model is remembered however the window was built.
        self.autoloader = AutoLoader(self.models, settings, parent=window)


class HasServices(Protocol):
    def services(self) -> WindowServices: ...


class Service(Generic[T]):
    """A window attribute that is one of its services: ``window.models`` builds them all if need be."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, window: None, owner: type) -> Service[T]: ...

    @overload
    def __get__(self, window: HasServices, owner: type) -> T: ...

    def __get__(self, window: HasServices | None, owner: type) -> Any:
        return self if window is None else getattr(window.services(), self.name)
