"""No scroll-wheel hijack: a value widget (a combo box, a spin box, a slider or dial, a tab bar) changes its
value on the wheel only when it has the keyboard focus. Otherwise the wheel scrolls the scroll area
around it, as the user meant. Scroll bars are the exception: turning the wheel over one is scrolling.

One event filter on the QApplication does it for every widget, present and future: ``install()``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QTabBar,
    QWidget,
)

GUARDED = (QComboBox, QAbstractSpinBox, QAbstractSlider, QTabBar)
UNGUARDED = (QScrollBar,)  # a slider too, but the wheel over it is how a page scrolls


def is_guarded(obj: QObject) -> bool:
    return isinstance(obj, GUARDED) and not isinstance(obj, UNGUARDED)


def _guarded(obj: QObject) -> QWidget | None:
    """The value widget that ``obj`` is, or is part of (a spin box's line edit)."""
    widget = obj if isinstance(obj, QWidget) else None
    while widget is not None:
        if is_guarded(widget):
            return widget
        if widget.isWindow():
            return None
        parent = widget.parentWidget()
        # Only climb from a guarded widget's own internals, never from an unrelated child.
        if parent is None or not is_guarded(parent):
            return None
        widget = parent
    return None


def _scroll_area(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area whose viewport contains ``widget``."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        if parent.isWindow():
            return None
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, QWidget) and is_guarded(watched):
            _no_wheel_focus(watched)
        elif kind == QEvent.Type.Wheel and isinstance(event, QWheelEvent):
            widget = _guarded(watched)
            if widget is not None and not widget.hasFocus():
                _forward(widget, event)
                return True  # the value stays as it is
        return False


def _no_wheel_focus(widget: QWidget) -> None:
    """A wheel over a widget with Qt.WheelFocus would give it focus first, and then its value turns."""
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _forward(widget: QWidget, event: QWheelEvent) -> None:
    area = _scroll_area(widget)
    if area is None:
        return
    viewport = area.viewport()
    position = QPointF(viewport.mapFromGlobal(event.globalPosition().toPoint()))
    forwarded = QWheelEvent(
        position,
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
        event.source(),
        event.pointingDevice(),
    )
    QApplication.sendEvent(viewport, forwarded)


_guard: WheelGuard | None = None


def install(app: QApplication | None = None) -> WheelGuard:
    """Install the guard on the application (once; later calls return the same guard)."""
    global _guard
    app = app or QApplication.instance()  # type: ignore[assignment]
    assert isinstance(app, QApplication), "create the QApplication first"
    if _guard is None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
        for widget in app.allWidgets():
            if is_guarded(widget):
                _no_wheel_focus(widget)
    return _guard
