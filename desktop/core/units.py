"""Sizes and counts in words people read."""

from __future__ import annotations


def human_size(n: int, binary: bool = False) -> str:
    """1234567 -> "1.2 MB" (or "1.2 MiB" with ``binary``)."""
    step = 1024 if binary else 1000
    units = ("bytes", "KiB", "MiB", "GiB") if binary else ("bytes", "KB", "MB", "GB")
    size = float(n)
    for unit in units:
        if size < step or unit == units[-1]:
            return f"{int(size)} bytes" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= step
    return f"{n} bytes"


def rough_size(n: int) -> str:
    """A size for a sentence, in binary units: one decimal below 10 (5.6 GiB), whole above (73 GiB, 180 MiB)."""
    size = float(n)
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if size < 1024 or unit == "TiB":
            if unit == "bytes":
                return f"{int(size)} bytes"
            return f"{size:.1f} {unit}" if round(size, 1) < 10 else f"{round(size):,} {unit}"
        size /= 1024
    return f"{n} bytes"


def human_count(n: int) -> str:
    """134515008 -> "134.5M"."""
    for unit, scale in (("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f}{unit}"
    return str(n)
