"""A thread that turns a model host's events into a Qt signal, and says how the host ended."""

from __future__ import annotations

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
