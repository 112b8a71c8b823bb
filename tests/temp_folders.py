"""Temporary folders that go when the process ends. A benchmark's or script's home holds an assembled
copy of the base model (about 250 MB); left behind by every run, they once filled the disk that CI uses."""

from __future__ import annotations

import atexit
import shutil
import tempfile


def temp_folder(prefix: str) -> str:
    """``tempfile.mkdtemp(prefix=prefix)``, removed (with what is in it) when the interpreter exits."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path
