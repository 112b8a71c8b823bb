"""The one app factory: the QApplication and the main window, built the same way for every caller.

``main()`` (``desktop/app.py``), the tests, the screenshot scripts, the smoke tour and the benchmarks all
build the app here, so what a test reaches is what a user gets. Nothing outside this module constructs
``MainWindow``, and nothing outside ``MainWindow`` constructs a panel or hands a service to one
(``tests/test_architecture.py`` checks both): a feature that only a test wired in cannot pass as done.

Qt is imported inside the functions, so importing this module costs nothing before the arguments are read.
"""

from __future__ import annotations

import gc
import sys
import threading
from types import TracebackType
from typing import TYPE_CHECKING

from desktop import APP_NAME, __version__

SWITCH_INTERVAL_S = 0.001

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from desktop.services.settings import Settings
    from desktop.ui.main_window import MainWindow


def install_excepthooks() -> None:
    """An exception that escapes a slot or a thread becomes one error dialog, not a dead app."""
    from desktop.services.messages import bridge

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        import traceback  # when an exception escapes: not on the way to the first frame

        details = "".join(traceback.format_exception(exc_type, exc, tb))
        sys.stderr.write(details)
        from PySide6.QtCore import QCoreApplication

        bridge().report(QCoreApplication.translate("App", "Unexpected error"), exc, details)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook


def application(excepthooks: bool = True) -> QApplication:
    """The QApplication (made once, reused after), named, with the message bridge and, unless a test keeps
    pytest's own hooks, the excepthooks that turn a stray exception into a dialog. (The wheel guard comes
    with the window's first panel: see ``MainWindow._finish_start``.)"""
    from PySide6.QtWidgets import QApplication

    from desktop.services.messages import bridge

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("FM Explorer")
    app.setDesktopFileName("fm-explorer")
    bridge()
    if excepthooks:
        install_excepthooks()
    return app


def install_language(settings: Settings | None = None) -> None:
    """The Hangul fallback font and the chosen language's translators; before any window is built."""
    from desktop import i18n
    from desktop.services.settings import Settings

    i18n.install(settings if settings is not None else Settings())


def freeze_start_objects() -> None:
    """Once a process's first window has started: what exists now (modules, Qt's wrappers, the first panel)
    lives as long as the app, so it leaves the garbage collector's view (``gc.freeze()``). A full collection
    otherwise walks all of it, 50-100 ms on the GUI thread in the middle of a long stream (800 ms seen at a
    stream's end on a busy machine); after, it walks only what was made since. Once: a later window (tests
    build many) changes nothing."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.collect()  # start-up's garbage goes first, not into the frozen generation for good
        gc.freeze()


_frozen = False


def build_window(
    settings: Settings | None = None,
    *,
    start_host: bool = True,
    autoload: bool = False,
    panel: str | None = None,
) -> MainWindow:
    """The main window, not yet shown: its shell (sidebar, menus, status bar) now, and on the turn after its
    first frame (``window.started``) every service the running app has and its first panel; anything asked
    for sooner (``window.models``, ``window.panel(name)``) is built then.

    ``start_host``: start the model host once the event loop runs (tests that load no model skip it).
    ``autoload``: load the default or last used model at start, as a user's launch does.
    ``panel``: the panel to open on, instead of the one used last."""
    from desktop.ui.main_window import MainWindow

    # A stream thread parsing a flood holds the interpreter's lock in short stretches, and Qt calls back into
    # Python many times during one layout: at the default switch interval (5 ms) each of those calls may
    # wait 5 ms for the lock, and a 3 ms layout takes 50. The app's threads are few and mostly waiting, so
    # switching more often costs nothing measurable. Here, not in application(): the tests' QApplication
    # comes from pytest-qt, and every window, theirs too, is built here.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    window = MainWindow(settings, start_host=start_host, panel=panel)
    window.started.connect(freeze_start_objects)
    if autoload:  # after the first frame, with the services
        window.started.connect(lambda: window.autoloader.start())
    return window
