"""API keys in the operating system's keyring (the ``keyring`` package), or, where no keyring backend
exists, in this process's memory for the session only, and said so.

Settings keep only a key's reference (:attr:`ServerConfig.key_ref`); the key itself is read here when a
request is built, and nowhere is it written to a file by the app.
"""

from __future__ import annotations

import contextlib
import threading
import uuid
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

SERVICE = "fm-explorer"
NO_KEYRING = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "No keyring is available on this system, so the key is kept in memory for this session only: you will be "
    "asked for it again after a restart.",
)
KEYRING_REFUSED = QT_TRANSLATE_NOOP(
    "CoreErrors",
    "The keyring refused the key ({error}). No keyring is available on this system, so the key is kept in "
    "memory for this session only: you will be asked for it again after a restart.",
)


def _real_backend(backend: Any) -> bool:
    """Whether ``backend`` can keep a secret: keyring's fail and null backends cannot."""
    try:
        from keyring.backends import fail, null
    except ImportError:
        return False
    if isinstance(backend, (fail.Keyring, null.Keyring)):
        return False
    try:
        return float(backend.priority) > 0
    except Exception:
        return False


class KeyStore:
    """Keys by reference. ``backend``: a keyring backend to use instead of the system's (tests,
    or a person's choice); ``None`` asks keyring for the system's."""

    def __init__(self, backend: Any | None = None) -> None:
        self._session: dict[str, str] = {}
        self._lock = threading.Lock()
        self._backend = backend
        self._checked = backend is not None
        self.last_note = ""  # why the last key went to the session store, in English ("" = in the keyring)
        self.last_message: Message | None = None  # the same, translatable (None = in the keyring)

    def backend(self) -> Any | None:
        """The keyring backend in use, or None when there is no usable one."""
        if not self._checked:
            self._checked = True
            try:
                import keyring

                self._backend = keyring.get_keyring()
            except Exception:
                self._backend = None
        return self._backend if self._backend is not None and _real_backend(self._backend) else None

    def _note(self, note: Message | None) -> None:
        self.last_message = note
        self.last_note = note.english() if note is not None else ""

    def available(self) -> bool:
        return self.backend() is not None

    def put(self, key: str, ref: str = "") -> tuple[str, bool]:
        """Keep ``key``; returns ``(reference, kept in the keyring)``. When it went to the session
        store instead, :attr:`last_note` says why."""
        ref = ref or uuid.uuid4().hex
        backend = self.backend()
        if backend is not None:
            try:
                backend.set_password(SERVICE, ref, key)
            except Exception as exc:
                self._note(message(KEYRING_REFUSED, error=type(exc).__name__))
            else:
                with self._lock:
                    self._session.pop(ref, None)
                self._note(None)
                return ref, True
        else:
            self._note(message(NO_KEYRING))
        with self._lock:
            self._session[ref] = key
        return ref, False

    def get(self, ref: str) -> str | None:
        """The key kept under ``ref``, or None (no such key, or a session key after a restart)."""
        if not ref:
            return None
        with self._lock:
            if ref in self._session:
                return self._session[ref]
        backend = self.backend()
        if backend is None:
            return None
        try:
            value = backend.get_password(SERVICE, ref)
        except Exception:
            return None
        return str(value) if value is not None else None

    def delete(self, ref: str) -> None:
        if not ref:
            return
        with self._lock:
            self._session.pop(ref, None)
        backend = self.backend()
        if backend is not None:
            with contextlib.suppress(Exception):  # not there: nothing to delete
                backend.delete_password(SERVICE, ref)

    def in_session_only(self, ref: str) -> bool:
        with self._lock:
            return ref in self._session


_store: KeyStore | None = None


def key_store() -> KeyStore:
    """The process's one key store."""
    global _store
    if _store is None:
        _store = KeyStore()
    return _store
