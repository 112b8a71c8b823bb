#!/usr/bin/env python3
"""The glibc floor of a folder of binaries: the newest GLIBC_x.y symbol version any ELF file in it needs.
``python3 packaging/glibc_floor.py DIR`` prints it (packaging/smoke.sh checks the unpacked bundle with it);
packaging/build.py uses ``floor()`` to write _internal/GLIBC_FLOOR and the .deb's libc6 dependency.
Standard library only."""

from __future__ import annotations

import re
import sys
from pathlib import Path

NEED = re.compile(rb"GLIBC_(\d+\.\d+(?:\.\d+)?)\x00")


def floor(folder: Path) -> tuple[str, str]:
    """(version, the file that needs it); ("0", "") when nothing needs glibc (not Linux)."""
    best: tuple[tuple[int, ...], str] = ((0,), "")
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        with path.open("rb") as f:
            if f.read(4) != b"\x7fELF":
                continue
        for match in set(NEED.findall(path.read_bytes())):
            version = tuple(int(p) for p in match.decode().split("."))
            if version > best[0]:
                best = (version, str(path.relative_to(folder)))
    return ".".join(map(str, best[0])), best[1]


if __name__ == "__main__":
    print(floor(Path(sys.argv[1]))[0])
