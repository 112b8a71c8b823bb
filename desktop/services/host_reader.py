"""A model host child process and the thread that reads it, as one piece a service owns."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.core.host.client import HostProcess


class HostReader(QThread):
    """Turns one host's events into signals; each carries the host, so a late event from a host that
    has since been replaced can be told apart."""

    messages = Signal(object, object)  # host, a list of the event dicts that arrived together
    ended = Signal(object, str)  # host, exit report written off the GUI thread ("" if we stopped it)

    def __init__(self, host: HostProcess) -> None:
        super().__init__()
        self.host = host

    def run(self) -> None:
        # One signal per read, not per event: when tokens come faster than the GUI thread takes them,
        # it handles the waiting ones in one pass (and repaints once) instead of one wake-up each.
        while True:
            batch = self.host.read_events()
            if not batch:
                break
            self.messages.emit(self.host, batch)
        self.ended.emit(self.host, "" if self.host.stopping else self.host.exit_report())


class HostLink(QObject):
    """Starts the host on demand, restarts it after a crash, stops it in order. ``on_message`` and
    ``on_ended`` run on the GUI thread, only for the current host, and ``on_ended`` once per host;
    ``on_batch_end``, if given, after the events of one read (a service can then act once per batch)."""

    def __init__(
        self,
        command: list[str] | None,
        on_message: Callable[[dict[str, Any]], None],
        on_ended: Callable[[str], None],
        parent: QObject | None = None,
        on_batch_end: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.command = command
        self.on_message = on_message
        self.on_ended = on_ended
        self.on_batch_end = on_batch_end
        self.host: HostProcess | None = None
        self._reader: HostReader | None = None
        self._ended_seen = False

    def alive(self) -> bool:
        return self.host is not None and self.host.alive()

    def pid(self) -> int | None:
        return self.host.pid if self.host is not None and self.host.alive() else None

    def ensure(self) -> tuple[HostProcess, bool]:
        """The running host, starting a new one if needed; the flag says whether it was started now."""
        if self.host is not None and self.host.alive():
            return self.host, False
        old = self.host
        if old is not None and not old.stopping and not self._ended_seen:
            # It died and its end has not been handled yet: handle it now, before its successor starts.
            self._ended_seen = True
            self.on_ended(old.exit_report())
        self._release()
        host = HostProcess(self.command)
        host.start()
        self.host = host
        self._ended_seen = False
        reader = HostReader(host)
        reader.messages.connect(self._messages)
        reader.ended.connect(self._ended)
        reader.start()
        self._reader = reader
        return host, True

    @Slot(object, object)
    def _messages(self, host: HostProcess, batch: list[dict[str, Any]]) -> None:
        for msg in batch:
            if host is not self.host:  # a handler replaced the host: the rest belongs to the old one
                return
            self.on_message(msg)
        if self.on_batch_end is not None and host is self.host:
            self.on_batch_end()

    @Slot(object, str)
    def _ended(self, host: HostProcess, report: str) -> None:
        if host is self.host and not self._ended_seen:
            self._ended_seen = True
            self.on_ended(report)

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the host to exit (kill it after ``timeout``), then end the reader thread."""
        if self.host is not None:
            self.host.stop(timeout)
        self._release()

    def _release(self) -> None:
        if self._reader is not None:
            self._reader.wait(10000)
            with contextlib.suppress(RuntimeError):
                self._reader.messages.disconnect(self._messages)
                self._reader.ended.disconnect(self._ended)
            self._reader = None
        if self.host is not None and not self.host.alive():
            self.host.close()
