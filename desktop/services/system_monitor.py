"""Memory in use by the app and its model host, sampled on a timer (psutil reads are ~0.1 ms)."""

from __future__ import annotations

import psutil
from PySide6.QtCore import QObject, QTimer, Signal

from desktop.services.model_service import ModelService


class SystemMonitor(QObject):
    memory = Signal(float, float)  # app MiB, model host MiB

    def __init__(self, models: ModelService, interval_ms: int = 2000, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.models = models
        self._me = psutil.Process()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.sample)
        self._timer.start()

    def sample(self) -> tuple[float, float]:
        app = self._me.memory_info().rss / 2**20
        host = 0.0
        pid = self.models.host_pid()
        if pid is not None:
            try:
                host = psutil.Process(pid).memory_info().rss / 2**20
            except psutil.Error:
                host = 0.0
        self.memory.emit(app, host)
        return app, host

    def stop(self) -> None:
        self._timer.stop()
