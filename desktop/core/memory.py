"""Handing freed memory back to the system.

A long run makes large short-lived copies (the stream's text, the run's JSON as it is saved). Python frees
them, but glibc's allocator keeps most freed pages for later, so the app's memory, as the system sees it,
stays at its peak: 33 of the 87 MiB a flooded 8,192-token run added were free pages
(tests/benchmarks/bench_server_hostile.py). ``malloc_trim(0)`` returns them, for every thread's heap.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
from collections.abc import Callable

_trim: Callable[[int], int] | None = None
_looked = False


def _malloc_trim() -> Callable[[int], int] | None:
    global _trim, _looked
    if not _looked:
        _looked = True
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
                _trim = libc.malloc_trim  # glibc only: musl has no malloc_trim
                _trim.argtypes = [ctypes.c_size_t]
                _trim.restype = ctypes.c_int
            except (OSError, AttributeError):
                _trim = None
    return _trim


def give_back_free_memory() -> bool:
    """Return the C heap's free pages to the system where the allocator can (glibc on Linux). True if it
    did; False where there is no such call (macOS and Windows return large frees on their own)."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
