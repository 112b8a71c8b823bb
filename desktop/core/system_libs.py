"""What Qt needs from a Linux system to open a window, checked before Qt starts: a display, and the X11
libraries its xcb platform plugin links (Qt 6.5+).

Without a display Qt prints "could not connect to display" and then aborts blaming ``xcb-cursor0``; without
the libraries it says only "could not load the Qt platform plugin xcb" and aborts. Checking first lets the
app say what is wrong and what to do. ``REQUIRED_X_LIBS`` is the one list: the app's check, the ``.deb``'s
``Depends`` (packaging/build.py) and the README's install commands (tests/core/test_system_libs.py) all
come from it, and packaging/fm-explorer.spec keeps these libraries out of the bundle (the system's own
must be used, whatever the build machine had).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from typing import NamedTuple

# ctypes and socket are imported where used, and these are NamedTuples, not dataclasses: this module runs
# on every start, before the first frame, where dataclasses' import (inspect) alone costs a few ms.


class SystemLib(NamedTuple):
    soname: str
    debian: str  # apt package (Debian, Ubuntu)
    fedora: str  # dnf package (Fedora, RHEL)


# Every library Qt's xcb plugin (libqxcb.so, libQt6XcbQpa.so.6) and QtGui link that is not part of glibc or
# the bundle: `readelf -d` on PySide6's Qt. Minimal installs lack the xcb-util ones (cursor, icccm, image,
# keysyms, render-util) and xkbcommon-x11; the rest come with any X11 desktop.
REQUIRED_X_LIBS = (
    SystemLib("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    SystemLib("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    SystemLib("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    SystemLib("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    SystemLib("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    SystemLib("libxcb-util.so.1", "libxcb-util1", "xcb-util"),
    SystemLib("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
    SystemLib("libxkbcommon.so.0", "libxkbcommon0", "libxkbcommon"),
    SystemLib("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    SystemLib("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    SystemLib("libxcb-render.so.0", "libxcb-render0", "libxcb"),
    SystemLib("libxcb-shm.so.0", "libxcb-shm0", "libxcb"),
    SystemLib("libxcb-sync.so.1", "libxcb-sync1", "libxcb"),
    SystemLib("libxcb-xfixes.so.0", "libxcb-xfixes0", "libxcb"),
    SystemLib("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    SystemLib("libxcb.so.1", "libxcb1", "libxcb"),
    SystemLib("libX11-xcb.so.1", "libx11-xcb1", "libX11-xcb"),
    SystemLib("libX11.so.6", "libx11-6", "libX11"),
    SystemLib("libGL.so.1", "libgl1", "libglvnd-glx"),
    SystemLib("libEGL.so.1", "libegl1", "libglvnd-egl"),
    SystemLib("libfontconfig.so.1", "libfontconfig1", "fontconfig"),
)
XCB_LIBS = REQUIRED_X_LIBS  # the older name
# What a fresh Debian 12 lacks (the xcb-util libraries and xkbcommon-x11); the tests hide these to simulate it.
FRESH_INSTALL_LACKS = REQUIRED_X_LIBS[:7]
NO_WINDOW_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb", "vkkhrdisplay", "minimalegl")


def debian_packages(libs: tuple[SystemLib, ...] | list[SystemLib] = REQUIRED_X_LIBS) -> list[str]:
    return list(dict.fromkeys(lib.debian for lib in libs))


def fedora_packages(libs: tuple[SystemLib, ...] | list[SystemLib] = REQUIRED_X_LIBS) -> list[str]:
    return list(dict.fromkeys(lib.fedora for lib in libs))


def _loads(soname: str) -> bool:
    """Whether the dynamic loader finds ``soname`` on this system (the bundle carries none of them)."""
    import ctypes

    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def _platform_asked(env: Mapping[str, str]) -> str:
    """The first platform QT_QPA_PLATFORM names ("" when it is not set)."""
    return env.get("QT_QPA_PLATFORM", "").split(";")[0].split(":")[0].strip()


def will_use_xcb(environ: Mapping[str, str] | None = None, platform: str | None = None) -> bool:
    """Whether Qt will try its xcb plugin: Linux, an X display, and no other platform asked for."""
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return False
    chosen = _platform_asked(env)
    if chosen:
        return chosen == "xcb"
    if env.get("WAYLAND_DISPLAY") and env.get("XDG_SESSION_TYPE") == "wayland":
        return False
    return bool(env.get("DISPLAY"))


def missing_xcb_libs(loads: Callable[[str], bool] = _loads) -> list[SystemLib]:
    return [lib for lib in REQUIRED_X_LIBS if not loads(lib.soname)]


def missing_message(missing: list[SystemLib]) -> str:
    names = ", ".join(lib.soname for lib in missing)
    return (
        f"FM Explorer cannot open its window: this system lacks libraries that Qt needs to draw on X11 "
        f"({names}).\nInstall them, then start FM Explorer again:\n"
        f"  Debian, Ubuntu:  sudo apt install {' '.join(debian_packages(missing))}\n"
        f"  Fedora:          sudo dnf install {' '.join(fedora_packages(missing))}"
    )


# -- the display ------------------------------------------------------------------------------------------
def _x_socket_answers(display: str, timeout: float = 3.0) -> bool:
    """Whether an X server listens where ``display`` points (":1", "unix:1", "host:10.0"). Used only where
    libxcb itself cannot be loaded (then the library message follows anyway)."""
    import socket

    host, _, rest = display.rpartition(":")
    number = rest.split(".")[0]
    if not number.isdigit():
        return False
    try:
        if host in ("", "unix"):
            path = f"/tmp/.X11-unix/X{number}"
            for address in ("\0" + path, path):  # Linux's abstract socket first, then the file
                with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                    sock.settimeout(timeout)
                    try:
                        sock.connect(address)
                        return True
                    except OSError:
                        continue
            return False
        with socket.create_connection((host, 6000 + int(number)), timeout=timeout):
            return True
    except OSError:
        return False


def x_display_opens(display: str) -> bool:
    """Whether the X display opens, as Qt would open it: ``xcb_connect`` (which also checks the cookie)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return _x_socket_answers(display)
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def wayland_display_opens(env: Mapping[str, str]) -> bool:
    """Whether the Wayland socket WAYLAND_DISPLAY names accepts a connection."""
    name = env.get("WAYLAND_DISPLAY", "")
    path = name if name.startswith("/") else os.path.join(env.get("XDG_RUNTIME_DIR", ""), name)
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(3.0)
        try:
            sock.connect(path)
        except OSError:
            return False
    return True


class DisplayState(NamedTuple):
    """What a window would be drawn on. ``kind``: "x11", "wayland", "none" (no display variable), "other"
    (a platform that needs no display, such as offscreen, or a system other than Linux)."""

    kind: str
    display: str
    opens: bool

    @property
    def ok(self) -> bool:
        return self.kind == "other" or self.opens

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "display": self.display, "opens": self.opens, "ok": self.ok}


def display_state(
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    x_opens: Callable[[str], bool] = x_display_opens,
) -> DisplayState:
    env = os.environ if environ is None else environ
    if not (platform or sys.platform).startswith("linux"):
        return DisplayState("other", "", True)
    chosen = _platform_asked(env)
    if chosen and chosen not in ("xcb", "wayland", "wayland-egl"):
        return DisplayState("other", chosen, True)
    wayland, x11 = env.get("WAYLAND_DISPLAY", ""), env.get("DISPLAY", "")
    if wayland and chosen != "xcb" and wayland_display_opens(env):
        return DisplayState("wayland", wayland, True)
    if x11 and not chosen.startswith("wayland"):
        return DisplayState("x11", x11, x_opens(x11))
    if wayland:
        return DisplayState("wayland", wayland, False)
    return DisplayState("none", "", False)


def display_message(state: DisplayState) -> str:
    """One plain message naming why no window can open here, and what to do."""
    if state.kind == "none":
        why = (
            "there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set): an SSH session without X "
            "forwarding, a server without a desktop, or WSL without its graphical layer"
        )
    elif state.kind == "x11":
        why = f"the X display {state.display!r} (DISPLAY) does not answer, or refuses the connection"
    else:
        why = f"the Wayland display {state.display!r} (WAYLAND_DISPLAY) does not answer"
    return (
        f"FM Explorer cannot open its window: {why}.\n"
        "To use it:\n"
        "  - start it on the computer's own desktop, or\n"
        "  - connect with X forwarding: ssh -X user@host (or ssh -Y), then run fm-explorer, or\n"
        "  - check what works on this machine without a window: fm-explorer --self-check"
    )
