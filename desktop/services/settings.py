"""Settings that persist (QSettings in an INI file under the app's config folder).

Every stored value is read through a typed getter that falls back to its default when the file holds
something else (``temperature=abc``), so a bad line can never stop the app. When the folder cannot be
created or written (a read-only home, a full disk), the settings live in memory for this session and
the user is told once, through the message bridge.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QCoreApplication, QSettings

from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.core.paths import config_dir
from desktop.services.messages import bridge

# What report_unsaved is told could not be saved: English keys, translated when shown. A caller with a new
# one adds it here, so that lupdate finds it.
UNSAVED_WHAT = (
    QT_TRANSLATE_NOOP("Settings", "Settings"),
    QT_TRANSLATE_NOOP("Settings", "The typed prompt"),
    QT_TRANSLATE_NOOP("Settings", "The Tokenizer's text"),
)

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off", ""})


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "settings.ini"
        self.problem: OSError | None = None  # why settings cannot be saved, if they cannot
        self._reported: set[str] = set()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.problem = exc  # QSettings still works, in memory
        self.q = QSettings(str(self.path), QSettings.Format.IniFormat)

    # -- storage problems --------------------------------------------------------------------------
    def check_writable(self) -> OSError | None:
        """Whether the settings file can be written; the reason if not (kept in ``problem``)."""
        if self.problem is None:
            try:
                fd, probe = tempfile.mkstemp(dir=self.path.parent, prefix=".write-test-")
                os.close(fd)
                os.unlink(probe)
                if self.path.exists() and not os.access(self.path, os.W_OK):
                    raise PermissionError(13, "Permission denied", str(self.path))
            except OSError as exc:
                self.problem = exc
        return self.problem

    def report_problems(self) -> None:
        """Say once, after the window shows, that settings will not be kept (if so)."""
        problem = self.check_writable()
        if problem is not None:
            self.report_unsaved("Settings", self.path, problem)

    def report_unsaved(self, what: str, path: Path, exc: BaseException) -> None:
        """Tell the user that ``what`` could not be saved: the first problem of the session in the error
        dialog, later different ones in the status bar, a repeat of the same one not at all."""
        if what in self._reported:
            return
        first = not self._reported
        self._reported.add(what)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        template = QT_TRANSLATE_NOOP(
            "Settings",
            "{what} could not be saved in {folder} ({reason}). The app keeps working, but what is not saved "
            "is lost when you quit. Make that folder writable or free some disk space.",
        )
        english = template.format(what=what, folder=path.parent, reason=reason)
        sys.stderr.write(f"{english}\n")
        message = QCoreApplication.translate("Settings", template).format(
            what=QCoreApplication.translate("Settings", what), folder=path.parent, reason=reason
        )
        if first:
            bridge().error.emit(
                QCoreApplication.translate("Settings", "Some things cannot be saved"), message, repr(exc)
            )
        else:
            bridge().show_info(message)

    def _list(self, key: str) -> list[str]:
        value = self.q.value(key, [])
        if isinstance(value, str):
            return [value] if value else []
        if isinstance(value, (list, tuple)):
            return [str(v) for v in value]
        return []

    def _set_list(self, key: str, values: list[str]) -> None:
        self.q.setValue(key, list(dict.fromkeys(values)))

    # models
    def model_folders(self) -> list[Path]:
        return [Path(p) for p in self._list("models/folders")]

    def add_model_folder(self, folder: Path) -> None:
        self._set_list("models/folders", [*self._list("models/folders"), str(folder)])

    def model_files(self) -> list[Path]:
        return [Path(p) for p in self._list("models/files")]

    def add_model_file(self, path: Path) -> None:
        self._set_list("models/files", [*self._list("models/files"), str(path)])

    def load_options(self) -> dict[str, int]:
        return {
            "n_gpu_layers": self.get_int("load/n_gpu_layers", -1),
            "n_ctx": self.get_int("load/n_ctx", 2048),
            "n_threads": self.get_int("load/n_threads", 0),
        }

    def set_load_options(self, options: dict[str, int]) -> None:
        for key, value in options.items():
            self.q.setValue(f"load/{key}", int(value))

    # -- typed getters: a value of the wrong kind reads as the default -----------------------------
    def get_int(self, key: str, default: int, lo: int | None = None, hi: int | None = None) -> int:
        """An integer; the default if the stored value is not one or lies outside [lo, hi]."""
        value = self.q.value(key, default)
        try:
            if isinstance(value, bool) or not isinstance(value, (int, str, float)):
                return default
            number = int(value) if not isinstance(value, str) else int(value.strip())
        except (ValueError, OverflowError):
            return default
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            return default
        return number

    def get_float(self, key: str, default: float, lo: float | None = None, hi: float | None = None) -> float:
        """A finite number; the default if the stored value is not one or lies outside [lo, hi]."""
        value = self.q.value(key, default)
        try:
            if isinstance(value, bool) or not isinstance(value, (int, str, float)):
                return default
            number = float(value)
        except (ValueError, OverflowError):
            return default
        if not math.isfinite(number):
            return default
        if (lo is not None and number < lo) or (hi is not None and number > hi):
            return default
        return number

    def get_bool(self, key: str, default: bool) -> bool:
        """``true/false``, ``1/0``, ``yes/no``, ``on/off``; anything else reads as the default."""
        value = self.q.value(key, default)
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value != 0 if value in (0, 1) else default
        if isinstance(value, str):
            word = value.strip().lower()
            if word in _TRUE:
                return True
            if word in _FALSE and word:
                return False
        return default

    def get_str(self, key: str, default: str = "") -> str:
        value = self.q.value(key, default)
        return value if isinstance(value, str) else default

    def get_choice(self, key: str, choices: list[str] | tuple[str, ...], default: str) -> str:
        """One of ``choices``; the default for anything else."""
        value = self.get_str(key, default)
        return value if value in choices else default

    def get_bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) else None

    def set(self, key: str, value: Any) -> None:
        self.q.setValue(key, value)

    def sync(self) -> None:
        """Write to disk now; a failure is reported once (the values stay in memory)."""
        with contextlib.suppress(RuntimeError):
            self.q.sync()
        if self.q.status() == QSettings.Status.AccessError:
            self.report_unsaved("Settings", self.path, self.problem or PermissionError(13, "cannot write the file"))
