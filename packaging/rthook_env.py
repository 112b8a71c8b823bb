# PyInstaller runtime hook: runs in the frozen app before any of its modules, in every process (the window,
# the model host, the vision host). Standard library only.
import os
import sys

# ONNX Runtime writes a device id and queued telemetry under ~/.cache/Microsoft unless this is set before it is
# imported. desktop/core/vision sets it too; this is the bundle's own guard (issue 20).
os.environ["ORT_DISABLE_TELEMETRY"] = "1"


def _glibc_floor_check() -> None:
    """The bundle carries libraries built against a newer glibc than some systems have: say so plainly
    instead of failing later with a loader error. The floor is written at build time (packaging/build.py)."""
    if not sys.platform.startswith("linux"):
        return
    floor_file = os.path.join(getattr(sys, "_MEIPASS", ""), "GLIBC_FLOOR")
    try:
        with open(floor_file, encoding="ascii") as f:
            floor = f.read().strip()
        have = os.confstr("CS_GNU_LIBC_VERSION") or ""
    except (OSError, ValueError):
        return
    if not have.startswith("glibc "):
        return

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(p) for p in text.split(".") if p.isdigit())

    mine = have.split()[1]
    if version(mine) < version(floor):
        sys.stderr.write(
            f"FM Explorer needs glibc {floor} or newer, and this system has {mine}.\n"
            "It runs on Debian 12, Ubuntu 24.04, Fedora 37, RHEL 10 and newer. On an older system, run it from\n"
            "source (see README.md: `make run`).\n"
        )
        sys.exit(1)


_glibc_floor_check()
