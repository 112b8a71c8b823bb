"""Qt's xcb libraries are checked before Qt starts, and what is missing is named with its install command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from desktop.core.system_libs import missing_message, missing_xcb_libs, will_use_xcb


def test_only_an_x11_start_on_linux_is_checked() -> None:
    assert will_use_xcb({"DISPLAY": ":0"}, "linux")
    assert will_use_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not will_use_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not will_use_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "linux")
    assert not will_use_xcb({}, "linux")  # no display: Qt will say so itself
    assert not will_use_xcb({"DISPLAY": ":0"}, "darwin")


def test_missing_libraries_are_named_with_the_commands_that_install_them() -> None:
    """A system without libxcb-cursor and libxcb-icccm (the fault is simulated by the loader)."""
    absent = {"libxcb-cursor.so.0", "libxcb-icccm.so.4"}
    missing = missing_xcb_libs(lambda soname: soname not in absent)
    assert {lib.soname for lib in missing} == absent
    text = missing_message(missing)
    assert "libxcb-cursor.so.0" in text and "libxcb-icccm.so.4" in text
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4" in text
    assert "sudo dnf install xcb-util-cursor xcb-util-wm" in text


def test_the_app_exits_with_the_message_before_qt(tmp_path: Path) -> None:
    """A real start with one library made unloadable (LD_PRELOAD cannot hide one, so the check's loader is
    pointed at a name that does not exist): exit 1 with the install command, and no Qt abort."""
    code = (
        "import sys, desktop.core.system_libs as s\n"
        "s.XCB_LIBS = (s.SystemLib('libfm-explorer-missing.so.0', 'libxcb-cursor0', 'xcb-util-cursor'),)\n"
        "from desktop.app import main\n"
        "sys.exit(main([]))\n"
    )
    env = dict(os.environ, DISPLAY=":99", FM_EXPLORER_HOME=str(tmp_path))
    env.pop("QT_QPA_PLATFORM", None)
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 1, out.stderr
    assert "sudo apt install libxcb-cursor0" in out.stderr
    assert "could not load the Qt platform plugin" not in out.stderr
