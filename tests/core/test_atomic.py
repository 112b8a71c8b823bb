"""Atomic writes: the old file or the new one, never half; a failed write leaves no temporary file."""

from __future__ import annotations

import contextlib
import errno
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core import tiktoken_files
from desktop.core.atomic import atomic_write_bytes, atomic_write_text
from desktop.core.errors import FMError


@contextlib.contextmanager
def _disk_full(limit: int = 64 * 1024) -> Iterator[None]:
    """A real write failure part-way through a file: the process may not grow a file past ``limit``
    bytes (RLIMIT_FSIZE; the write fails with EFBIG, as it would with ENOSPC on a full disk)."""
    resource = pytest.importorskip("resource")
    old_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    old_handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, old_limit[1]))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, old_limit)
        signal.signal(signal.SIGXFSZ, old_handler)


def test_writes_and_replaces(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "draft.txt"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second ☃")
    assert target.read_text(encoding="utf-8") == "second ☃"
    assert os.listdir(target.parent) == ["draft.txt"]


def test_full_disk_keeps_old_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "draft.txt"
    target.write_text("old")
    with _disk_full(), pytest.raises(OSError) as err:
        atomic_write_bytes(target, b"new" * 100_000)
    assert err.value.errno == errno.EFBIG
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["draft.txt"]


def test_unwritable_folder_raises(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(OSError):
        atomic_write_text(blocker / "draft.txt", "text")


def test_tiktoken_files_on_a_full_disk_leave_nothing(tmp_path: Path) -> None:
    before = os.environ.get("TIKTOKEN_CACHE_DIR")
    cache = tmp_path / "tiktoken"
    with _disk_full(), pytest.raises(FMError, match="tokenizer file"):
        tiktoken_files.install_rank_files(cache)
    assert list(cache.iterdir()) == []  # neither a partial rank file nor a temporary file
    assert os.environ.get("TIKTOKEN_CACHE_DIR") == before
    tiktoken_files.install_rank_files(cache)
    assert sorted(p.name for p in cache.iterdir()) == sorted(name for name, _ in tiktoken_files.RANK_FILES.values())
    if before is None:
        os.environ.pop("TIKTOKEN_CACHE_DIR", None)
    else:
        os.environ["TIKTOKEN_CACHE_DIR"] = before
