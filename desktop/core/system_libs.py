"""The Linux system libraries Qt's xcb platform plugin needs (Qt 6.5+), checked before Qt starts.

Without them Qt says only "could not load the Qt platform plugin xcb" and aborts; minimal Debian and
Ubuntu installs lack several. Checking first lets the app name what is missing and how to install it.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SystemLib:
    soname: str
    debian: str  # apt package
    fedora: str  # dnf package


XCB_LIBS = (
    SystemLib("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLib("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLib("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLib("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLib("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLib("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLib("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
)


def _loads(soname: str) -> bool:
    """Whether the dynamic loader finds ``soname``: in the system, or in a frozen bundle's own folders."""
    bundle = getattr(sys, "_MEIPASS", None)
    candidates = [soname]
    if bundle:
        candidates = [os.path.join(bundle, soname), os.path.join(bundle, "PySide6", "Qt", "lib", soname), soname]
    for candidate in candidates:
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return True
    return False


def will_use_xcb(environ: dict[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will try its xcb plugin: Linux, an X display, and no other platform asked for."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen:
        return chosen.split(":")[0].split(";")[0] == "xcb"
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return False
    return bool(env.get("DISPLAY"))


def missing_xcb_libs(loads: Callable[[str], bool] = _loads) -> list[SystemLib]:
    return [lib for lib in XCB_LIBS if not loads(lib.soname)]


def missing_message(missing: list[SystemLib]) -> str:
    names = ", ".join(lib.soname for lib in missing)
    debian = " ".join(dict.fromkeys(lib.debian for lib in missing))
    fedora = " ".join(dict.fromkeys(lib.fedora for lib in missing))
    return (
        f"FM Explorer cannot open its window: this system lacks libraries that Qt needs to draw on X11 "
        f"({names}).\nInstall them, then start FM Explorer again:\n"
        f"  Debian, Ubuntu:  sudo apt install {debian}\n"
        f"  Fedora:          sudo dnf install {fedora}"
    )
