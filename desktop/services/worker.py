"""One serial worker per resource: jobs run one after another on the worker's own thread, and their
results come back on the GUI thread (the shape of Anki's QueryOp: success/failure callbacks)."""

from __future__ import annotations

import queue
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from desktop.services.messages import bridge


class Task(QObject):
    """One submitted job. Lives on the GUI thread; its callbacks run there."""

    _deliver = Signal(bool, object, str)
    finished = Signal()

    def __init__(
        self,
        on_success: Callable[[Any], None] | None,
        on_failure: Callable[[BaseException], None] | None,
        title: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_success = on_success
        self.on_failure = on_failure
        self.title = title
        self.done = False
        self._deliver.connect(self._on_deliver)

    @Slot(bool, object, str)
    def _on_deliver(self, ok: bool, value: object, details: str) -> None:
        self.done = True
        try:
            if ok:
                if self.on_success is not None:
                    self.on_success(value)
            elif self.on_failure is not None:
                assert isinstance(value, BaseException)
                self.on_failure(value)
            else:
                assert isinstance(value, BaseException)
                bridge().report(self.title, value, details)
        finally:
            self.finished.emit()
            self.deleteLater()


class _Loop(QThread):
    def __init__(self, jobs: queue.Queue[tuple[Callable[..., Any], tuple[Any, ...], Task] | None]) -> None:
        super().__init__()
        self.jobs = jobs

    def run(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None:
                return
            fn, args, task = job
            try:
                result = fn(*args)
            except Exception as exc:
                task._deliver.emit(False, exc, traceback.format_exc())
            else:
                task._deliver.emit(True, result, "")
            # Drop this thread's references now, while their owners still hold theirs: a QObject whose
            # last reference went away here would be deleted on the wrong thread.
            job = fn = args = task = result = None  # type: ignore[assignment]


class SerialWorker(QObject):
    """Runs submitted callables in order on one thread that it owns."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: queue.Queue[tuple[Callable[..., Any], tuple[Any, ...], Task] | None] = queue.Queue()
        self._thread = _Loop(self._jobs)
        self._thread.setObjectName(name)
        self._thread.start()

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        title: str = "Something went wrong",
    ) -> Task:
        task = Task(on_success, on_failure, title, parent=self)
        self._jobs.put((fn, args, task))
        return task

    def stop(self, timeout_ms: int = 10000) -> bool:
        """Finish the queued jobs, then end the thread. Returns False if it did not end in time."""
        if not self._thread.isRunning():
            return True
        self._jobs.put(None)
        return bool(self._thread.wait(timeout_ms))
