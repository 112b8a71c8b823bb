"""The app's side of the model host: start the child, send requests, read events, explain its death.

Blocking by design: ``read_event`` waits for the next line, so a service calls it on its own thread;
``read_events`` returns every event the pipe holds at once (a reader that fell behind catches up in
one step, and the GUI then handles them in one pass).
stderr goes to a temporary file (no thread needed to drain it) whose tail explains a crash.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections import deque
from typing import IO, Any

from desktop.core.errors import HostDiedError
from desktop.core.host import protocol
from desktop.core.host.protocol import WireMessage
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message


def host_command() -> list[str]:
    """How to start the host: the frozen app re-runs itself with a flag; otherwise ``python -m``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--model-host"]
    return [sys.executable, "-m", "desktop.core.host"]


def describe_exit_message(returncode: int | None) -> Message:
    """Why the host ended, in plain words, as a translatable message (the UI shows it with
    ``desktop.i18n.translate_message``); :func:`describe_exit` is its English."""
    if returncode is None:
        return message(QT_TRANSLATE_NOOP("CoreHost", "it stopped answering"))
    if returncode < 0:
        try:
            name = signal.Signals(-returncode).name
        except ValueError:
            name = f"signal {-returncode}"
        plain = {
            "SIGABRT": QT_TRANSLATE_NOOP(
                "CoreHost",
                "llama.cpp stopped it on an internal check (abort), often a sign of a damaged model file [{signal}]",
            ),
            "SIGSEGV": QT_TRANSLATE_NOOP("CoreHost", "it crashed (segmentation fault) [{signal}]"),
            "SIGKILL": QT_TRANSLATE_NOOP(
                "CoreHost", "it was killed, possibly because the system ran out of memory [{signal}]"
            ),
            "SIGBUS": QT_TRANSLATE_NOOP(
                "CoreHost",
                "it crashed reading the model file (bus error); the file may have changed on disk [{signal}]",
            ),
        }.get(name, QT_TRANSLATE_NOOP("CoreHost", "it was stopped by {signal} [{signal}]"))
        return message(plain, signal=name)
    return message(QT_TRANSLATE_NOOP("CoreHost", "it exited with code {code}"), code=returncode)


def describe_exit(returncode: int | None) -> str:
    return describe_exit_message(returncode).english()


class HostProcess:
    """One model host child process. Methods are safe to call from any one thread at a time, except
    ``read_event``, which belongs to the reader thread."""

    def __init__(self, command: list[str] | None = None, env: dict[str, str] | None = None) -> None:
        self.command = command or host_command()
        self.env = env
        self.proc: subprocess.Popen[bytes] | None = None
        self._ids = itertools.count(1)
        self._write_lock = threading.Lock()
        self._stderr: IO[bytes] | None = None
        self.stopping = False
        self._inbox: deque[WireMessage] = deque()  # events read from the pipe, not yet returned
        self._partial: list[bytes] = []  # the start of a line whose end has not arrived

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self) -> None:
        self.stopping = False
        # Append mode: the child shares this file offset, so our reads (seek) never move where it writes.
        self._stderr = tempfile.TemporaryFile(mode="a+b", prefix="fm-host-", suffix=".log")  # noqa: SIM115
        env = dict(os.environ if self.env is None else self.env)
        env.setdefault("PYTHONUNBUFFERED", "1")
        self.proc = subprocess.Popen(
            self.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            env=env,
            close_fds=True,
        )

    def send(self, op: str, **params: Any) -> int:
        """Send a request; returns its id. Raises HostDiedError if the host is gone."""
        rid = next(self._ids)
        self._write({"id": rid, "op": op, **params})
        return rid

    def cancel(self, target: int = 0) -> None:
        """Stop request ``target`` (0: whatever runs now) at its next check (a token, a load step);
        a request still queued is skipped. Never raises."""
        with contextlib.suppress(HostDiedError):
            self._write({"id": 0, "op": "cancel", "target": target})

    def _write(self, request: WireMessage) -> None:
        proc = self.proc
        if proc is None or proc.stdin is None or proc.stdin.closed or proc.poll() is not None:
            raise HostDiedError(
                message(
                    QT_TRANSLATE_NOOP("CoreHost", "The model host is not running. Load the model again to restart it.")
                )
            )
        with self._write_lock:
            try:
                proc.stdin.write(protocol.encode(request))
                proc.stdin.flush()
            except (OSError, ValueError) as exc:  # a broken pipe, or stdin closed by request_stop
                # No exit report here: it waits for the process, and this runs on the caller's (GUI)
                # thread. The reader thread reports how the host ended.
                raise HostDiedError(
                    message(
                        QT_TRANSLATE_NOOP(
                            "CoreHost", "The model host stopped unexpectedly. Load the model again to restart it."
                        )
                    )
                ) from exc

    def read_event(self) -> WireMessage | None:
        """The next event, or None when the host has closed its output (it exited)."""
        while not self._inbox:
            if not self._fill():
                return None
        return self._inbox.popleft()

    def read_events(self) -> list[WireMessage]:
        """Every event that has arrived, waiting for at least one; [] when the host has closed its
        output (it exited)."""
        while not self._inbox:
            if not self._fill():
                return []
        events = list(self._inbox)
        self._inbox.clear()
        return events

    def _fill(self) -> bool:
        """Read what the pipe holds (waiting for at least one byte) into the inbox; False at the end
        of output. One read takes whatever has arrived, so events that came together leave together;
        a torn line is skipped, never fatal."""
        proc = self.proc
        if proc is None or proc.stdout is None:
            return False
        try:
            data = os.read(proc.stdout.fileno(), 1 << 16)
        except (OSError, ValueError):  # closed under us
            return False
        if not data:
            return False
        if b"\n" not in data:
            self._partial.append(data)
            return True
        self._partial.append(data)
        *lines, rest = b"".join(self._partial).split(b"\n")
        self._partial = [rest] if rest else []
        for line in lines:
            if line:
                with contextlib.suppress(ValueError):  # UnicodeDecodeError and JSONDecodeError too
                    self._inbox.extend(protocol.unbatch(protocol.decode(line)))
        return True

    def stderr_tail(self, max_bytes: int = 8000) -> str:
        f = self._stderr
        if f is None or f.closed:
            return ""
        try:
            f.flush()
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - max_bytes))
            return f.read().decode("utf-8", errors="replace")
        except (OSError, ValueError):
            return ""

    def wait(self, timeout: float) -> int | None:
        if self.proc is None:
            return None
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def exit_report(self) -> str:
        code = self.wait(1.0)
        return f"{describe_exit(code)}\n\nLast output of the model host:\n{self.stderr_tail()}"

    def request_stop(self) -> None:
        """Ask the host to exit without waiting for it (several hosts can then wind down at once)."""
        self.stopping = True
        proc = self.proc
        if proc is None or proc.stdin is None or proc.stdin.closed:
            return
        if proc.poll() is None:
            with contextlib.suppress(HostDiedError):
                self._write({"id": 0, "op": "shutdown"})
        with contextlib.suppress(OSError):
            proc.stdin.close()

    def stop(self, timeout: float = 3.0) -> None:
        """Ask the host to exit; kill it if it does not within ``timeout`` seconds."""
        self.request_stop()
        proc = self.proc
        if proc is not None and self.wait(timeout) is None:
            proc.kill()
            self.wait(5)  # a process that ignores SIGKILL (stuck in the kernel) must not stop our shutdown

    def close(self) -> None:
        """Release the pipes and the log file; call after the reader has seen the end of output."""
        if self.proc is not None:
            for stream in (self.proc.stdin, self.proc.stdout):
                if stream is not None:
                    with contextlib.suppress(OSError):
                        stream.close()
        if self._stderr is not None:
            self._stderr.close()

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
