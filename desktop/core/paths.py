"""Where the app keeps its settings, data and caches. ``FM_EXPLORER_HOME`` puts all of them in one
folder (tests use it so they never touch a person's real settings)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "fm-explorer"


def _base(kind: str) -> Path:
    home = os.environ.get("FM_EXPLORER_HOME")
    if home:
        return Path(home) / kind
    if sys.platform == "win32":
        root = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return root / "FM Explorer" / kind
    if sys.platform == "darwin":
        lib = Path.home() / "Library"
        sub = {"config": "Preferences", "data": "Application Support", "cache": "Caches"}[kind]
        return lib / sub / "FM Explorer"
    xdg = {"config": "XDG_CONFIG_HOME", "data": "XDG_DATA_HOME", "cache": "XDG_CACHE_HOME"}[kind]
    default = {"config": ".config", "data": ".local/share", "cache": ".cache"}[kind]
    return Path(os.environ.get(xdg) or Path.home() / default) / APP_DIR_NAME


def config_dir() -> Path:
    return _base("config")


def data_dir() -> Path:
    return _base("data")


def cache_dir() -> Path:
    """``FM_EXPLORER_CACHE`` if set (tests share one cache across their per-test homes)."""
    override = os.environ.get("FM_EXPLORER_CACHE")
    return Path(override) if override else _base("cache")
