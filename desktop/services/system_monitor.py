"""Memory in use by the app and its model hosts, sampled on a timer (psutil reads are ~0.1 ms).

Several model hosts can run at once (the main one, Compare's, the Tokenizer's vocabulary host, the
Automation agent's): each owner registers a function that returns its host's pid (None when none
runs), and every sample counts them all."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.services.model_service import ModelService

if TYPE_CHECKING:
    import psutil  # imported at the first sample, seconds after the window shows

PidProvider = Callable[[], int | None]

# A host's name is its key in ``hosts``/``last_hosts`` (English); whoever shows it translates it with
# ``QCoreApplication.translate("SystemMonitor", name)``. The names the app uses are marked here.
MAIN_HOST = QT_TRANSLATE_NOOP("SystemMonitor", "Main model host")
HOST_NAMES = (
    MAIN_HOST,
    QT_TRANSLATE_NOOP("SystemMonitor", "Compare's model host"),
    QT_TRANSLATE_NOOP("SystemMonitor", "Tokenizer's vocabulary host"),
    QT_TRANSLATE_NOOP("SystemMonitor", "Automation agent's model host"),
    QT_TRANSLATE_NOOP("SystemMonitor", "Vision host"),
)


class SystemMonitor(QObject):
    memory = Signal(float, float)  # app MiB, all model hosts together MiB
    hosts = Signal(object)  # {host name: MiB} for each host running now

    def __init__(
        self, models: ModelService | None = None, interval_ms: int = 2000, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._me: psutil.Process | None = None
        self._providers: dict[str, PidProvider] = {}
        self.last_hosts: dict[str, float] = {}
        if models is not None:
            self.add_host(MAIN_HOST, models.host_pid)
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.sample)
        self._timer.start()

    def add_host(self, name: str, pid: PidProvider) -> None:
        """Count the host whose pid ``pid()`` returns (None while it is not running) under ``name``;
        a second call with the same name replaces the first."""
        self._providers[name] = pid

    def remove_host(self, name: str) -> None:
        self._providers.pop(name, None)

    @staticmethod
    def _rss_mib(pid: int) -> float:
        import psutil

        try:
            return float(psutil.Process(pid).memory_info().rss) / 2**20
        except psutil.Error:
            return 0.0

    def sample(self) -> tuple[float, float]:
        if self._me is None:
            import psutil

            self._me = psutil.Process()
        app = self._me.memory_info().rss / 2**20
        per_host: dict[str, float] = {}
        seen: set[int] = set()
        for name, provider in list(self._providers.items()):
            try:
                pid = provider()
            except RuntimeError:  # its owner (a Qt object) was deleted
                continue
            if pid is None or pid in seen:
                continue
            seen.add(pid)
            mib = self._rss_mib(pid)
            if mib:
                per_host[name] = mib
        self.last_hosts = per_host
        host = sum(per_host.values())
        self.hosts.emit(dict(per_host))
        self.memory.emit(app, host)
        return app, host

    def stop(self) -> None:
        self._timer.stop()
