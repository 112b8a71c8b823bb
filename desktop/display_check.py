"""Before Qt starts: can a window open here? No display, a display that does not answer, or missing X11
libraries each get one plain message and exit 1, never Qt's abort (issue 24).

The message goes to stderr and, where a person started the app from the desktop menu and sees no
terminal, to a dialog or notification through whatever the desktop has (zenity, kdialog, notify-send).
Runs before Qt exists, so the text is English (as ``--help`` is).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

from desktop.core.system_libs import display_message, display_state, missing_message, missing_xcb_libs, will_use_xcb

TITLE = "FM Explorer cannot start"


def problem_before_qt(environ: Mapping[str, str] | None = None) -> tuple[str, str] | None:
    """(kind, message) when no window can open here: kind "display" or "libraries"; None when it can."""
    env = os.environ if environ is None else environ
    state = display_state(env)
    if not state.ok:
        return "display", display_message(state)
    missing = missing_xcb_libs() if will_use_xcb(env) else []
    if missing:
        return "libraries", missing_message(missing)
    return None


def _system_env() -> dict[str, str]:
    """The environment for a system tool: a frozen bundle's loader path put back as it was, so that zenity
    and friends load the system's libraries, not the bundle's."""
    env = dict(os.environ)
    if getattr(sys, "frozen", False):
        original = env.pop("LD_LIBRARY_PATH_ORIG", None)
        if original is not None:
            env["LD_LIBRARY_PATH"] = original
        else:
            env.pop("LD_LIBRARY_PATH", None)
    return env


def show_where_seen(message: str, kind: str) -> str | None:
    """Show ``message`` in a dialog or notification when no terminal shows stderr (a start from the
    desktop menu). Returns the tool used, or None. Does not wait for the dialog to close."""
    if sys.stderr is not None and sys.stderr.isatty():
        return None
    if kind == "display":  # nothing on screen could show it
        return None
    import shutil  # here, not on every start's way to the first frame
    import subprocess

    commands = {
        "zenity": ["--error", "--no-wrap", "--no-markup", f"--title={TITLE}", f"--text={message}"],
        "kdialog": ["--title", TITLE, "--error", message],
        "notify-send": ["--urgency=critical", "--app-name=FM Explorer", TITLE, message],
    }
    for tool, args in commands.items():
        path = shutil.which(tool)
        if path is None:
            continue
        try:
            subprocess.Popen(
                [path, *args],
                env=_system_env(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        except OSError:
            continue
        return tool
    return None


def refuse_if_no_window() -> int | None:
    """Exit code 1 after telling why no window can open; None when it can."""
    found = problem_before_qt()
    if found is None:
        return None
    kind, message = found
    print(message, file=sys.stderr)
    show_where_seen(message, kind)
    return 1
