"""Where the audit log's key and head live: outside the log's folder.

The key (32 random bytes) is kept in the operating system's keyring (the ``keyring`` package, as server keys
are: ``desktop.core.remote.secrets``) under the app's service name. Where no keyring backend exists, it is kept
in a key file readable only by the user, in the app's config folder, which is not the folder the log is in. The
head file lives beside the key file.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from desktop.core.atomic import atomic_write_text
from desktop.core.paths import config_dir
from desktop.core.remote.secrets import SERVICE, KeyStore

KEY_NAME = "automation-audit-key"


@dataclass(frozen=True)
class AuditKey:
    key: bytes
    where: str  # "keyring" or the key file's path


def secrets_dir() -> Path:
    """The automation's key file and head file (the config folder, not the data folder the log is in)."""
    return config_dir() / "automation"


def head_path() -> Path:
    return secrets_dir() / "audit-head.json"


def _from_file(path: Path) -> bytes | None:
    try:
        text = path.read_text(encoding="ascii").strip()
        key = bytes.fromhex(text)
    except (OSError, ValueError):
        return None
    return key if len(key) >= 16 else None


def audit_key(store: KeyStore | None = None, folder: Path | None = None) -> AuditKey:
    """The log's key: from the keyring, or else the key file; made (and kept) the first time."""
    store = store or KeyStore()
    backend = store.backend()
    if backend is not None:
        with contextlib.suppress(Exception):
            found = backend.get_password(SERVICE, KEY_NAME)
            if found:
                return AuditKey(bytes.fromhex(found), "keyring")
            key = secrets.token_bytes(32)
            backend.set_password(SERVICE, KEY_NAME, key.hex())
            if backend.get_password(SERVICE, KEY_NAME) == key.hex():
                return AuditKey(key, "keyring")
    path = (folder or secrets_dir()) / "audit.key"
    key_found = _from_file(path)
    if key_found is not None:
        return AuditKey(key_found, str(path))
    key = secrets.token_bytes(32)
    atomic_write_text(path, key.hex())
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)
    return AuditKey(key, str(path))
