"""Text that does not fit: labels, buttons, combo boxes, tab titles and header sections whose text is
elided or cut off at the window's current size, and the texts a custom-painted widget says it draws cut
(its ``clipped_texts()``). Used by tests/ui/test_layout.py."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

SLACK = 2  # pixels of rounding a style may take


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _label_clipped(label: QLabel) -> str | None:
    text = label.text()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    rect = label.contentsRect()
    margin = label.margin() * 2 + label.indent() if label.indent() > 0 else label.margin() * 2
    if label.textFormat() == Qt.TextFormat.RichText or (
        label.textFormat() == Qt.TextFormat.AutoText and QtGui.Qt.mightBeRichText(text)
    ):
        need = label.sizeHint()
        if label.wordWrap():
            if label.heightForWidth(rect.width()) > rect.height() + SLACK:
                return f"needs {label.heightForWidth(rect.width())} px of height, has {rect.height()}"
            return None
        if need.width() > label.width() + SLACK:
            return f"needs {need.width()} px, has {label.width()}"
        return None
    metrics = label.fontMetrics()
    if label.wordWrap():
        need_h = label.heightForWidth(label.width())
        if need_h > label.height() + SLACK:
            return f"needs {need_h} px of height, has {label.height()}"
        return None
    widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
    if widest + margin > rect.width() + SLACK:
        return f"needs {widest + margin} px, has {rect.width()}"
    lines = text.count("\n") + 1
    if metrics.lineSpacing() * lines > rect.height() + metrics.leading() + SLACK + 2:
        return f"needs {metrics.lineSpacing() * lines} px of height, has {rect.height()}"
    return None


def _button_clipped(button: QAbstractButton) -> str | None:
    text = _plain(button.text())
    if not text:
        return None
    if isinstance(button, (QPushButton, QToolButton)):
        hint = button.sizeHint()
        if isinstance(button, QToolButton) and button.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly:
            return None
        if hint.width() > button.width() + SLACK:
            return f"needs {hint.width()} px, has {button.width()}"
        return None
    if isinstance(button, (QCheckBox, QRadioButton)):
        option = QStyleOptionButton()
        button.initStyleOption(option)
        element = (
            QStyle.SubElement.SE_CheckBoxContents
            if isinstance(button, QCheckBox)
            else QStyle.SubElement.SE_RadioButtonContents
        )
        contents = button.style().subElementRect(element, option, button)
        need = button.fontMetrics().horizontalAdvance(text)
        if need > contents.width() + SLACK:
            return f"needs {need} px, has {contents.width()}"
    return None


def _combo_clipped(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text or combo.isEditable():
        return None
    from PySide6.QtWidgets import QStyleOptionComboBox

    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(
        QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxEditField, combo
    )
    need = combo.fontMetrics().horizontalAdvance(text) + 4  # the style's padding inside the field
    if not combo.itemIcon(combo.currentIndex()).isNull():
        need += combo.iconSize().width() + 4
    if need > field.width() + SLACK:
        return f"needs {need} px, has {field.width()}"
    return None


def _tabs_clipped(bar: QTabBar) -> Iterator[tuple[str, str]]:
    for i in range(bar.count()):
        text = _plain(bar.tabText(i))
        need = bar.fontMetrics().horizontalAdvance(text)
        rect = bar.tabRect(i)
        if need > rect.width() - 8 + SLACK:  # the style's tab padding
            yield f"tab {i} {text!r}", f"needs {need} px, has {rect.width()}"
        elif rect.right() > bar.width() + SLACK or rect.left() < -SLACK:  # behind the bar's scroll buttons
            yield f"tab {i} {text!r}", f"lies outside the tab bar ({rect.left()}..{rect.right()} of {bar.width()} px)"


def _header_clipped(header: QHeaderView) -> Iterator[tuple[str, str]]:
    model = header.model()
    if model is None or not header.isVisible():
        return
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, header.orientation(), Qt.ItemDataRole.DisplayRole) or "")
        if not text:
            continue
        need = header.sectionSizeFromContents(section)
        size = header.sectionSize(section)
        if header.orientation() == Qt.Orientation.Horizontal and need.width() > size + SLACK:
            yield f"header {section} {text!r}", f"needs {need.width()} px, has {size}"


def clipped(root: QWidget) -> list[str]:
    """Every visible text in ``root`` that does not fit, as "Type(name) 'text': needs N px, has M"."""
    found: list[str] = []
    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        name = f"{type(w).__name__}({w.objectName()})"
        problem: str | None = None
        text = ""
        if isinstance(w, QLabel):
            problem, text = _label_clipped(w), w.text()
        elif isinstance(w, QAbstractButton):
            problem, text = _button_clipped(w), w.text()
        elif isinstance(w, QComboBox):
            problem, text = _combo_clipped(w), w.currentText()
        elif isinstance(w, QGroupBox) and w.title():
            need = w.fontMetrics().horizontalAdvance(_plain(w.title())) + 12
            if need > w.width() + SLACK:
                problem, text = f"needs {need} px, has {w.width()}", w.title()
        elif isinstance(w, QAbstractScrollArea) and w.horizontalScrollBar().isVisible():
            if not isinstance(w, (QAbstractItemView, QPlainTextEdit, QTextEdit)):  # a page, not a list or text
                wide = w.horizontalScrollBar().maximum() + w.viewport().width()
                found.append(f"{name}: scrolls sideways, {wide} px in {w.viewport().width()}")
        elif isinstance(w, QTabBar):
            found += [f"{name} {where}: {p}" for where, p in _tabs_clipped(w)]
        elif isinstance(w, QHeaderView):
            found += [f"{name} {where}: {p}" for where, p in _header_clipped(w)]
        if problem:
            found.append(f"{name} {text[:60]!r}: {problem}")
        hook = getattr(w, "clipped_texts", None)
        if callable(hook):
            found += [f"{name} draws {t[:60]!r} cut at {w.width()} px" for t in hook()]
    return found


def walk_tabs(root: QWidget, settle: Callable[[], None]) -> Iterator[str]:
    """Show every tab of every tab widget in ``root`` in turn, nested ones included, yielding where it is
    ("" first, then "Tab › Inner tab"); each tab widget is put back on the tab it was on."""
    seen: set[int] = set()

    def visit(path: str) -> Iterator[str]:
        yield path
        for tabs in root.findChildren(QTabWidget):
            if id(tabs) in seen or not tabs.isVisibleTo(root):
                continue
            seen.add(id(tabs))
            was = tabs.currentIndex()
            for i in range(tabs.count()):
                if i == was or not tabs.isTabEnabled(i):
                    continue
                tabs.setCurrentIndex(i)
                settle()
                yield from visit(f"{path} › {_plain(tabs.tabText(i))}" if path else _plain(tabs.tabText(i)))
            tabs.setCurrentIndex(was)
            settle()

    yield from visit("")
