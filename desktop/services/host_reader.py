"""A thread that turns a model host's events into a Qt signal, and says how the host ended."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread, Signal

from desktop.core.host.client import HostProcess


class HostReader(QThread):
    message = Signal(object)  # one event dict
    ended = Signal(str)  # the exit report, written while still off the GUI thread ("" if we stopped it)

    def __init__(self, host: HostProcess) -> None:
        super().__init__()
        self.host = host

    def run(self) -> None:
        while True:
            msg = self.host.read_event()
            if msg is None:
                break
            self.message.emit(msg)
        self.ended.emit("" if self.host.stopping else self.host.exit_report())


class HostLink:
    """A model host child process and the thread that reads it: started on demand, restarted after a
    crash, stopped in order. ``on_message`` and ``on_ended`` run on the owner's (GUI) thread."""

    def __init__(
        self,
        command: list[str] | None,
        on_message: Callable[[dict[str, Any]], None],
        on_ended: Callable[[str], None],
    ) -> None:
        self.command = command
        self.on_message = on_message
        self.on_ended = on_ended
        self.host: HostProcess | None = None
        self._reader: HostReader | None = None

    def alive(self) -> bool:
        return self.host is not None and self.host.alive()

    def pid(self) -> int | None:
        return self.host.pid if self.host is not None and self.host.alive() else None

    def ensure(self) -> tuple[HostProcess, bool]:
        """The running host, starting a new one if needed; the flag says whether it was started now."""
        if self.host is not None and self.host.alive():
            return self.host, False
        self._release()
        host = HostProcess(self.command)
        host.start()
        self.host = host
        reader = HostReader(host)
        reader.message.connect(self.on_message)
        reader.ended.connect(self.on_ended)
        reader.start()
        self._reader = reader
        return host, True

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the host to exit (kill it after ``timeout``), then end the reader thread."""
        if self.host is not None:
            self.host.stop(timeout)
        self._release()

    def _release(self) -> None:
        if self._reader is not None:
            self._reader.wait(10000)
            with contextlib.suppress(RuntimeError):
                self._reader.message.disconnect(self.on_message)
                self._reader.ended.disconnect(self.on_ended)
            self._reader = None
        if self.host is not None and not self.host.alive():
            self.host.close()
