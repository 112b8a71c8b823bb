"""One serial worker per resource: jobs run one after another on the worker's own thread, and their
results come back on the GUI thread (the shape of Anki's QueryOp: success/failure callbacks).

The thread is a daemon ``threading.Thread``, not a QThread: a job that will not end (a stalled network
read, a model that takes a minute to load) must never hold up quitting, and Qt aborts the process when a
QThread object is destroyed while its thread still runs. ``stop`` waits a bounded time; a thread that is
still busy then is *abandoned*: it is told to deliver nothing more and to end after its current job, and
everything it may still touch (its loop, its job, the job's task) is kept in a module-level list for the
rest of the process, so that nothing it uses is ever freed under it, or freed on its thread.
"""

from __future__ import annotations

import queue
import sys
import threading
import traceback
import weakref
from collections.abc import Callable
from typing import Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QObject, Signal, Slot

from desktop.services.messages import bridge

DEFAULT_STOP_MS = 5000


def weak_callback(method: Callable[..., Any], *bound: Any) -> Callable[..., None]:
    """A Task callback that calls ``method(*bound, *its own arguments)`` without keeping ``method``'s object
    alive. A Task that never delivers (its worker stopped first) would otherwise tie the object into a reference
    cycle, and Python's cycle collector may run on any thread, while a QObject must be deleted on its own."""
    ref = weakref.WeakMethod(method)

    def call(*args: Any) -> None:
        target = ref()
        if target is not None:
            target(*bound, *args)

    return call


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
        self.dropped = False  # its worker was abandoned: the outcome, if one ever comes, is ignored
        self._deliver.connect(self._on_deliver)

    @Slot(bool, object, str)
    def _on_deliver(self, ok: bool, value: object, details: str) -> None:
        if self.done:
            return
        self.done = True
        if self.dropped:
            return  # kept alive by the abandoned worker's record; never deleted while it may emit
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


_Job = tuple[Callable[..., Any], tuple[Any, ...], Task]


class _Loop:
    """The worker's thread and the state it shares with its owner."""

    def __init__(self, name: str, jobs: queue.Queue[_Job | None]) -> None:
        self.jobs = jobs
        self.name = name
        self.abandoned = threading.Event()
        self.current: _Job | None = None  # the job running now; kept when abandoned
        self.kept: list[Task] = []  # tasks an abandoned thread may still emit on
        self.thread = threading.Thread(target=self.run, name=name, daemon=True)

    def run(self) -> None:
        while True:
            job = self.jobs.get()
            if job is None or self.abandoned.is_set():
                return
            self.current = job
            fn, args, task = job
            try:
                result = fn(*args)
            except Exception as exc:
                ok, value, details = False, exc, traceback.format_exc()
            else:
                ok, value, details = True, result, ""
            if self.abandoned.is_set():
                return  # nobody waits for it now; self.current keeps what the job used alive
            task._deliver.emit(ok, value, details)
            # Drop this thread's references now, while their owners still hold theirs: a QObject whose
            # last reference went away here would be deleted on the wrong thread.
            self.current = None
            job = fn = args = task = result = value = None  # type: ignore[assignment]


_abandoned: list[_Loop] = []  # for the life of the process: see the module's docstring


def abandoned_threads() -> list[str]:
    """Names of worker threads that did not stop in time and still run."""
    return [loop.name for loop in _abandoned if loop.thread.is_alive()]


class SerialWorker(QObject):
    """Runs submitted callables in order on one thread that it owns."""

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._stopping = False
        self._loop = _Loop(name, self._jobs)
        self._loop.thread.start()

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
        title: str | None = None,
    ) -> Task:
        """``title``: the error dialog's title (translated by the caller) when the job fails and no
        ``on_failure`` takes the error."""
        if title is None:
            title = self.tr("Something went wrong")
        task = Task(on_success, on_failure, title, parent=self)
        self._jobs.put((fn, args, task))
        return task

    @property
    def running(self) -> bool:
        return self._loop.thread.is_alive()

    def request_stop(self) -> None:
        """Ask the thread to end after the jobs queued so far, without waiting."""
        if not self._stopping:
            self._stopping = True
            self._jobs.put(None)

    def stop(self, timeout_ms: int = DEFAULT_STOP_MS) -> bool:
        """Finish the queued jobs, then end the thread, waiting at most ``timeout_ms``. A thread still busy
        then is abandoned safely (it delivers nothing more and ends after its current job, while the process
        goes on or quits). Returns False if it was abandoned."""
        self.request_stop()
        loop = self._loop
        if loop.abandoned.is_set():
            return not loop.thread.is_alive()
        loop.thread.join(max(0, timeout_ms) / 1000)
        if not loop.thread.is_alive():
            return True
        self._abandon()
        return False

    def _abandon(self) -> None:
        loop = self._loop
        loop.abandoned.set()
        for task in self.findChildren(Task):
            if not task.done:
                task.dropped = True
                task.setParent(None)  # the worker (its parent) may be deleted; the thread may still emit on it
                loop.kept.append(task)
        _abandoned.append(loop)
        job = loop.current
        what = getattr(job[0], "__qualname__", repr(job[0])) if job is not None else "a job"
        sys.stderr.write(
            f"fm-explorer: worker thread '{loop.name}' did not stop in time (busy in {what}); left behind\n"
        )


class _Closable(Protocol):
    def close(self) -> None: ...


S = TypeVar("S", bound=_Closable)


class WorkerStore(Generic[S]):
    """A store (an SQLite connection) that lives on one SerialWorker's thread: made by ``make`` on first use
    there, and only ever used there; ``close_and_stop`` closes it after every job already submitted, then
    stops the worker (HistoryService, EvalService)."""

    def __init__(self, worker: SerialWorker, make: Callable[[], S]) -> None:
        self.worker = worker
        self._make = make
        self._store: S | None = None

    def get(self) -> S:
        """The store (worker thread only)."""
        if self._store is None:
            self._store = self._make()
        return self._store

    def close_and_stop(self) -> None:
        def close() -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        self.worker.submit(close)
        self.worker.stop()
