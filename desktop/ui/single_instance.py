"""One running copy per user and settings folder: two copies would share one draft file and one
settings file, and the last to save would win.

The first copy holds a lock file (QLockFile: a lock left by a crashed copy is recognised by its dead
process id and taken over) and listens on a local socket; the socket file a crashed copy left behind
is removed first. A second launch finds the lock held, connects, asks the first copy to raise its
window, and exits. Copies with different ``FM_EXPLORER_HOME`` folders (tests, screenshots) never meet.
"""

from __future__ import annotations

import getpass
import hashlib
import re
import time
from pathlib import Path

from PySide6.QtCore import QDir, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from desktop.core.paths import config_dir

RAISE = b"raise\n"


def instance_key(folder: Path | None = None) -> str:
    """The socket and lock name for this user and this settings folder."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    user = re.sub(r"[^A-Za-z0-9_-]", "_", user)[:32]
    where = str((folder or config_dir()).resolve())
    return f"fm-explorer-{user}-{hashlib.sha256(where.encode()).hexdigest()[:16]}"


def ask_running_copy(key: str, timeout_s: float = 3.0) -> bool:
    """Ask the copy that listens on ``key`` to raise its window. False if none answered."""
    deadline = time.monotonic() + timeout_s
    while True:
        socket = QLocalSocket()
        socket.connectToServer(key)
        if socket.waitForConnected(300):
            socket.write(RAISE)
            ok = socket.waitForBytesWritten(1000)
            socket.disconnectFromServer()
            if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
                socket.waitForDisconnected(500)
            return ok
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.1)  # the first copy holds the lock but may be a moment away from listening


class SingleInstance(QObject):
    """``claim()`` once at start: True if this is the first copy (it then listens for later ones)."""

    activated = Signal()  # a later launch asked this copy to show its window

    def __init__(self, key: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key or instance_key()
        self.lock = QLockFile(str(Path(QDir.tempPath()) / f"{self.key}.lock"))
        self.lock.setStaleLockTime(0)  # held for the whole session: only a dead owner makes it stale
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        self.listening = False
        self._clients: list[QLocalSocket] = []

    def claim(self) -> bool:
        """Take the lock and listen. False if another live copy holds the lock."""
        if not self.lock.tryLock(100):
            # Not even the lock file can be written (a read-only temp folder): run unguarded.
            return self.lock.error() != QLockFile.LockError.LockFailedError
        QLocalServer.removeServer(self.key)  # a socket file left by a crashed copy
        self.listening = self.server.listen(self.key)
        return True

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._clients.append(socket)  # owned by the server, which deletes it; no deleteLater races
            socket.readyRead.connect(self._on_ready)
            if socket.bytesAvailable():
                self._read(socket)

    def _on_ready(self) -> None:
        socket = self.sender()
        if isinstance(socket, QLocalSocket):
            self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            self.activated.emit()

    def release(self) -> None:
        for socket in self._clients:
            socket.abort()
        self._clients.clear()
        self.server.close()
        if self.lock.isLocked():
            self.lock.unlock()
