"""Settings that persist (QSettings in an INI file under the app's config folder)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from desktop.core.paths import config_dir


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "settings.ini"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.q = QSettings(str(self.path), QSettings.Format.IniFormat)

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

    # generic
    def get_int(self, key: str, default: int) -> int:
        value = self.q.value(key, default)
        try:
            return int(value) if isinstance(value, (int, str, float)) else default
        except ValueError:
            return default

    def get_str(self, key: str, default: str = "") -> str:
        value = self.q.value(key, default)
        return value if isinstance(value, str) else default

    def get_bytes(self, key: str) -> QByteArray | None:
        value = self.q.value(key)
        return value if isinstance(value, QByteArray) else None

    def set(self, key: str, value: Any) -> None:
        self.q.setValue(key, value)

    def sync(self) -> None:
        self.q.sync()
