"""Entry point: argument handling, the QApplication, wiring, excepthooks and an ordered shutdown.

Qt is imported only after the arguments are read, so ``--version`` and the model host start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import TYPE_CHECKING

from desktop import APP_NAME, __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop.ui.main_window import MainWindow


# The environment's way to ask for the probe: the measured start is then a user's, with no arguments.
PROBE_ENV = "FM_STARTUP_PROBE"


def parse_args(argv: list[str]) -> argparse.Namespace:
    if not argv:  # a user's start: the parser's set-up (gettext's file lookups, ~30 regexes) costs ~2 ms of it
        return argparse.Namespace(**NO_ARGUMENTS)
    return parser().parse_args(argv)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fm-explorer", description=f"{APP_NAME}: foundation models, offline.")
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument(
        "--self-check", action="store_true", help="print a JSON report of what works on this machine and exit"
    )
    parser.add_argument("--model-host", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--vision-host", action="store_true", help=argparse.SUPPRESS)  # CLIP's child process
    parser.add_argument("--bundle-check", action="store_true", help=argparse.SUPPRESS)  # packaging/smoke.py
    parser.add_argument("--smoke", action="store_true", help=argparse.SUPPRESS)  # packaging/smoke.sh's tour
    from desktop.ui.panel_builders import PANELS  # names only: no Qt

    parser.add_argument(
        "--panel",
        type=str.casefold,
        choices=[name.casefold() for name in PANELS],  # a wrong name is refused, not silently ignored
        help="open this panel first (%(choices)s)",
    )
    parser.add_argument("--screenshot", metavar="PNG", help=argparse.SUPPRESS)
    parser.add_argument("--startup-probe", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--agent-eval",
        nargs="?",
        const="full",
        choices=("full", "quick"),
        help="run the automation agent's task suite at each level on the local models, print a table and a JSON line",
    )
    return parser


# What the parser gives for no arguments (tests/test_cli.py checks the two agree).
NO_ARGUMENTS: dict[str, object] = {
    "self_check": False, "model_host": False, "vision_host": False, "bundle_check": False, "smoke": False,
    "panel": None, "screenshot": None, "startup_probe": False, "agent_eval": None,
}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.model_host:
        from desktop.core.host.server import main as host_main

        return host_main()
    if args.vision_host:
        from desktop.core.vision.host import main as vision_host_main

        return vision_host_main()
    if args.bundle_check:
        from desktop.bundle_check import main as bundle_main

        return bundle_main()
    if args.smoke:
        from desktop.smoke import main as smoke_main

        return smoke_main()
    if args.self_check:
        from desktop.selfcheck import main as check_main

        return check_main()
    if args.agent_eval:
        from desktop.core.automation.evaluate import cli as agent_eval

        return agent_eval(quick=args.agent_eval == "quick")
    return run_gui(args)


# What the way to the first frame leaves out (tests/test_cli.py checks the probe's list): the Qt namespace
# (93 enum types, 12 ms), QtNetwork (the single-instance socket listens after the frame), and the modules
# only a failure or a panel needs. Not ctypes: on an X display the display check opens the display with
# libxcb through it, before Qt.
FIRST_FRAME_WITHOUT = ("Qt", "PySide6.QtNetwork", "html", "datetime", "numpy", "sqlite3", "llama_cpp")


def _loaded(name: str) -> bool:
    if name == "Qt":
        from PySide6 import QtCore

        return "Qt" in vars(QtCore)  # PySide adds a type to its module when it is first used
    return name in sys.modules


def _probe_startup(window: MainWindow) -> None:
    """Print the wall time the window's first frame was painted on an exposed window (``exposed_at``: the
    shell, the sidebar and an empty page), then the time its first panel was built (``ready_at``), and quit.
    A launcher that noted when it started the app subtracts (``startup_s`` counts from psutil's process start
    time, which can be off by up to a second, as it comes from the boot time in whole seconds)."""
    from PySide6.QtWidgets import QApplication

    def shown() -> None:
        now = time.time()
        early = [name for name in FIRST_FRAME_WITHOUT if _loaded(name)]
        import json  # after the clock and the list are read: not on the path being measured

        import psutil

        created = psutil.Process().create_time()
        print(json.dumps({"startup_s": round(now - created, 3), "exposed_at": now, "loaded_early": early}), flush=True)

    def ready() -> None:
        now = time.time()
        import json

        print(json.dumps({"ready_at": now}), flush=True)
        QApplication.quit()

    window.firstFrame.connect(shown)
    window.started.connect(ready)


def run_gui(args: argparse.Namespace) -> int:
    from desktop.display_check import refuse_if_no_window

    # Before Qt: without a display or its X11 libraries, Qt aborts with a message that blames a library.
    refused = refuse_if_no_window()
    if refused is not None:
        return refused
    from PySide6.QtCore import QTimer

    from desktop import factory
    from desktop.ui.single_instance import SingleInstance, ask_running_copy

    app = factory.application()
    instance: SingleInstance | None = None
    if not args.screenshot:  # a screenshot run uses its own FM_EXPLORER_HOME and may run beside the app
        instance = SingleInstance(parent=app)
        if not instance.claim(listen=False):  # it listens once the window is on screen
            if ask_running_copy(instance.key):
                print(f"{APP_NAME} is already running; its window was brought to the front.", file=sys.stderr)
                return 0
            print(f"{APP_NAME} is already running but does not answer; not starting a second copy.", file=sys.stderr)
            return 1
    from desktop.services.settings import Settings

    probe = args.startup_probe or os.environ.get(PROBE_ENV) == "1"
    settings = Settings()  # one for the language and the window: each QSettings reads the file
    factory.install_language(settings)  # the panels' imports come after this: after a second copy has left
    try:
        # The default (first launch) or last used model, unless models/autoload is off or this is a probe.
        window = factory.build_window(settings, autoload=not probe, panel=args.panel)
    except Exception as exc:
        return _startup_failed(exc)
    if instance is not None:
        instance.activated.connect(lambda: _bring_to_front(window))
        window.started.connect(instance.listen)
    window.show()
    if args.screenshot:
        delay = int(os.environ.get("FM_SCREENSHOT_DELAY_MS", "2500"))

        def grab() -> None:
            window.grab().save(args.screenshot)
            window.close()

        QTimer.singleShot(delay, grab)
    if probe:
        _probe_startup(window)
    code = app.exec()
    window.shutdown()
    if instance is not None:
        instance.release()
    return int(code)


def _bring_to_front(window: QWidget) -> None:
    """A second launch asked for this window."""
    from PySide6.QtCore import Qt

    window.setWindowState((window.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
    window.show()
    window.raise_()
    window.activateWindow()


def _startup_failed(exc: Exception) -> int:
    """The window could not be built (its threads are already stopped): say why, exit with 1."""
    import traceback  # only when the start failed

    from PySide6.QtCore import QCoreApplication
    from PySide6.QtGui import QGuiApplication

    from desktop.i18n import error_text
    from desktop.ui.error_dialog import ErrorDialog

    details = "".join(traceback.format_exception(exc))
    message = f"{APP_NAME} could not start: {type(exc).__name__}: {exc}"
    sys.stderr.write(f"{message}\n\n{details}")
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):  # a person can see a dialog
        dialog = ErrorDialog(
            QCoreApplication.translate("App", "{app} could not start").format(app=APP_NAME),
            QCoreApplication.translate("App", "{error}\n\nPlease report this with the details below.").format(
                error=error_text(exc)
            ),
            details,
        )
        dialog.exec()
    return 1
