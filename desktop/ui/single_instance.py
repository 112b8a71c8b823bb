"""One running copy per user and settings folder: two copies would share one draft file and one
settings file, and the last to save would win.

The first copy holds a lock file (QLockFile: a lock left by a crashed copy is recognised by its dead
process id and taken over) and, once its window is on screen, listens on a local socket; the socket file a
crashed copy left behind is removed first. QtNetwork loads only then, or in a second copy: not on the way
to the first frame. A second launch finds the lock held, connects, asks the first copy to raise its
window, and exits. Copies with different ``FM_EXPLORER_HOME`` folders (tests, screenshots) never meet.
"""

from __future__ import annotations

import getpass
import re
import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCryptographicHash, QDir, QLockFile, QObject, Signal

from desktop.core.paths import config_dir

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

RAISE = b"raise\n"


def instance_key(folder: Path | None = None) -> str:
    """The socket and lock name for this user and this settings folder."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    user = re.sub(r"[^A-Za-z0-9_-]", "_", user)[:32]
    where = str((folder or config_dir()).resolve())
    digest = QCryptographicHash.hash(where.encode(), QCryptographicHash.Algorithm.Sha256)  # hashlib's sha256
    return f"fm-explorer-{user}-{bytes(digest.toHex().data()).decode()[:16]}"


def ask_running_copy(key: str, timeout_s: float = 3.0) -> bool:
    """Ask the copy that listens on ``key`` to raise its window. False if none answered."""
    from PySide6.QtNetwork import QLocalSocket

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
    """``claim()`` once at start: True if this is the first copy; ``listen()`` then, once its window is
    shown, answers later ones (``claim()`` alone does both)."""

    activated = Signal()  # a later launch asked this copy to show its window

    def __init__(self, key: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key or instance_key()
        self.lock = QLockFile(str(Path(QDir.tempPath()) / f"{self.key}.lock"))
        self.lock.setStaleLockTime(0)  # held for the whole session: only a dead owner makes it stale
        self.server: QLocalServer | None = None
        self.listening = False
        self._clients: list[QLocalSocket] = []

    def claim(self, listen: bool = True) -> bool:
        """Take the lock and, unless ``listen`` is False, listen. False if another live copy holds the lock."""
        if not self.lock.tryLock(100):
            # Not even the lock file can be written (a read-only temp folder): run unguarded.
            return self.lock.error() != QLockFile.LockError.LockFailedError
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        """Answer later launches. A second copy that comes before this asks again for 3 s."""
        from PySide6.QtNetwork import QLocalServer

        if self.server is not None or not self.lock.isLocked():
            return
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        QLocalServer.removeServer(self.key)  # a socket file left by a crashed copy
        self.listening = self.server.listen(self.key)

    def _on_connection(self) -> None:
        assert self.server is not None
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._clients.append(socket)  # owned by the server, which deletes it; no deleteLater races
            socket.readyRead.connect(self._on_ready)
            if socket.bytesAvailable():
                self._read(socket)

    def _on_ready(self) -> None:
        from PySide6.QtNetwork import QLocalSocket

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
        if self.server is not None:
            self.server.close()
        if self.lock.isLocked():
            self.lock.unlock()
