"""Freed memory goes back to the system after a long run (desktop/core/memory.py)."""

from __future__ import annotations

import sys

import psutil
import pytest

from desktop.core.memory import give_back_free_memory

MIB = 1 << 20


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim: Linux only")
def test_freed_pages_go_back_to_the_system() -> None:
    me = psutil.Process()
    # 2 KB strings (glibc's heap, not Python's own arenas); the first three quarters freed, below live ones,
    # so the heap cannot shrink from its top: without the trim, their pages stay the app's.
    kept = [("x" * 2048) + str(i) for i in range(40_000)]
    del kept[:30_000]
    before = me.memory_info().rss
    assert give_back_free_memory()
    after = me.memory_info().rss
    assert before - after > 20 * MIB, (before / MIB, after / MIB)
    assert len(kept) == 10_000
