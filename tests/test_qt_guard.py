"""Guards against Qt binding releases that break the app in ways its other tests cannot see."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    value = Signal(object)
    pair = Signal(str, float)


def test_signal_emit_keeps_reference_counts(qtbot: QtBot) -> None:
    """PySide6 6.12.0 decremented True's reference count on every emit (Python 3.11): after a few
    hundred signals the interpreter aborts at exit with 'deallocating True or False'."""
    emitter = _Emitter()
    emitter.value.connect(lambda _v: None)
    emitter.pair.connect(lambda _s, _f: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(200):
        emitter.value.emit({"ok": True})
        emitter.pair.emit("x", 0.5)
    assert (sys.getrefcount(True), sys.getrefcount(False)) == before
