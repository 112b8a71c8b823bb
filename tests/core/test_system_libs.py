"""What Qt needs to open a window, checked before Qt starts: the display, and the X11 libraries, named with
the commands that install them from the one list (REQUIRED_X_LIBS) that the README and the .deb use too.
The real starts (no display, a display that does not answer, libraries hidden) are in tests/test_cli.py."""

from __future__ import annotations

import re
import socket
from pathlib import Path

from desktop.core.system_libs import (
    REQUIRED_X_LIBS,
    debian_packages,
    display_message,
    display_state,
    fedora_packages,
    missing_message,
    missing_xcb_libs,
    will_use_xcb,
)

ROOT = Path(__file__).resolve().parent.parent.parent


def test_only_an_x11_start_on_linux_is_checked() -> None:
    assert will_use_xcb({"DISPLAY": ":0"}, "linux")
    assert will_use_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not will_use_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not will_use_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "linux")
    assert not will_use_xcb({}, "linux")  # no display: the display check says so first
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


def test_every_library_the_xcb_plugin_links_is_in_the_list() -> None:
    """The list is what Qt's xcb plugin really needs: every X11, xcb, xkbcommon, GL and fontconfig library
    that PySide6's libqxcb.so and libQt6XcbQpa.so.6 link (read from their ELF headers)."""
    import PySide6

    qt = Path(PySide6.__file__).parent / "Qt"
    needed: set[str] = set()
    for binary in (qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6"):
        if not binary.is_file():
            continue
        data = binary.read_bytes()
        pattern = rb"lib(?:xcb|X11|xkbcommon|GL|EGL|fontconfig)[\w.+-]*\.so\.\d+"
        needed |= {m.decode() for m in re.findall(pattern, data)}
    listed = {lib.soname for lib in REQUIRED_X_LIBS}
    assert needed, "PySide6's xcb plugin was not found"
    assert needed <= listed, sorted(needed - listed)


def test_the_readmes_give_the_install_commands_of_the_list() -> None:
    apt = "sudo apt install " + " ".join(debian_packages())
    dnf = "sudo dnf install " + " ".join(fedora_packages())
    for readme in (ROOT / "README.md", ROOT / "packaging" / "README.md"):
        text = " ".join(readme.read_text(encoding="utf-8").split())  # line breaks inside the command
        text = text.replace("`", "")
        assert apt in text, readme
        assert dnf in text, readme


def test_the_display_state() -> None:
    def opens(_display: str) -> bool:
        return True

    def refuses(_display: str) -> bool:
        return False

    assert display_state({}, "linux").kind == "none"
    assert not display_state({}, "linux").ok
    assert display_state({"DISPLAY": ":5"}, "linux", opens).as_dict() == {
        "kind": "x11", "display": ":5", "opens": True, "ok": True,
    }  # fmt: skip
    assert not display_state({"DISPLAY": ":5"}, "linux", refuses).ok
    assert display_state({"QT_QPA_PLATFORM": "offscreen"}, "linux").ok  # needs no display
    assert display_state({}, "darwin").ok
    # A Wayland socket that does not answer, and an X display that does: X11 it is.
    state = display_state({"WAYLAND_DISPLAY": "/nonexistent/wayland-9", "DISPLAY": ":5"}, "linux", opens)
    assert state.kind == "x11" and state.ok
    assert display_state({"WAYLAND_DISPLAY": "/nonexistent/wayland-9"}, "linux", opens).kind == "wayland"
    assert "ssh -X" in display_message(display_state({}, "linux"))


def test_a_wayland_socket_that_answers(tmp_path: Path) -> None:
    path = tmp_path / "wayland-0"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
        server.listen(1)
        state = display_state({"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": str(tmp_path)}, "linux")
    assert state.kind == "wayland" and state.ok
