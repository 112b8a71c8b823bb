"""SerialWorker: jobs in order, outcomes on the GUI thread, and a stop that never hangs or aborts the process,
whatever a job is doing."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from desktop.services import worker as worker_module
from desktop.services.messages import bridge
from desktop.services.worker import SerialWorker

ROOT = Path(__file__).resolve().parents[2]


def test_jobs_run_in_order_and_report_on_the_gui_thread(qtbot: QtBot) -> None:
    owner = QObject()
    worker = SerialWorker("test-worker", owner)
    gui = threading.get_ident()
    ran_on: list[int] = []
    got: list[object] = []
    failures: list[BaseException] = []

    def job(n: int) -> int:
        ran_on.append(threading.get_ident())
        time.sleep(0.01)
        return n

    for n in range(5):
        worker.submit(job, n, on_success=lambda v: got.append((v, threading.get_ident() == gui)))
    worker.submit(lambda: 1 / 0, on_failure=failures.append)
    reported: list[tuple[str, str, str]] = []
    bridge().error.connect(lambda *a: reported.append(a))
    worker.submit(lambda: [][1], title="A title")
    qtbot.waitUntil(lambda: len(got) == 5 and len(failures) == 1 and len(reported) == 1, timeout=5000)
    assert got == [(n, True) for n in range(5)]
    assert set(ran_on) != {gui} and len(set(ran_on)) == 1
    assert isinstance(failures[0], ZeroDivisionError)
    assert reported[0][0] == "A title" and "IndexError" in reported[0][1]
    assert worker.stop() and not worker.running


def test_stop_finishes_queued_jobs_first(qtbot: QtBot) -> None:
    worker = SerialWorker("test-queue")
    done: list[int] = []
    for n in range(3):
        worker.submit(lambda n=n: (time.sleep(0.05), done.append(n)))
    assert worker.stop(5000)
    assert done == [0, 1, 2] and not worker.running


def test_a_stuck_job_is_abandoned_quickly_and_delivers_nothing(qtbot: QtBot) -> None:
    owner = QObject()
    worker = SerialWorker("test-stuck", owner)
    release = threading.Event()
    started = threading.Event()
    delivered: list[object] = []

    def stuck() -> str:
        started.set()
        release.wait(30)
        return "late"

    worker.submit(stuck, on_success=delivered.append, on_failure=delivered.append)
    worker.submit(lambda: "queued", on_success=delivered.append)
    assert started.wait(5)
    t0 = time.perf_counter()
    assert worker.stop(200) is False
    assert time.perf_counter() - t0 < 1.0
    assert "test-stuck" in worker_module.abandoned_threads()
    owner.deleteLater()  # the worker and its tasks' former parent go away while the thread still runs
    qtbot.wait(50)
    release.set()  # the job ends later: nothing is delivered, the thread ends, the process lives on
    qtbot.waitUntil(lambda: "test-stuck" not in worker_module.abandoned_threads(), timeout=5000)
    qtbot.wait(100)
    assert delivered == []


QUIT_SCRIPT = textwrap.dedent(
    """
    import sys, threading, time
    from PySide6.QtCore import QObject, QTimer
    from PySide6.QtWidgets import QApplication
    from desktop.services.worker import SerialWorker

    app = QApplication([])
    owner = QObject()
    worker = SerialWorker("vision-io", owner)
    started = threading.Event()
    worker.submit(lambda: (started.set(), threading.Event().wait(120)))
    started.wait(10)

    def quit_now():
        t0 = time.perf_counter()
        ok = worker.stop(500)
        owner.deleteLater()
        print(f"stopped={ok} in {time.perf_counter() - t0:.2f}s", flush=True)
        app.quit()

    QTimer.singleShot(0, quit_now)
    app.exec()
    del worker, owner, app
    print("exited cleanly", flush=True)
    """
)


def test_quitting_while_a_job_hangs_ends_the_process_cleanly() -> None:
    """The reported crash: "QThread: Destroyed while thread 'vision-io' is still running", then SIGABRT."""
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", QUIT_SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    elapsed = time.perf_counter() - t0
    assert proc.returncode == 0, proc.stderr
    assert "stopped=False" in proc.stdout and "exited cleanly" in proc.stdout
    assert "Destroyed while thread" not in proc.stderr
    assert "did not stop in time" in proc.stderr
    assert elapsed < 20  # interpreter start and Qt included; the stop itself took half a second
