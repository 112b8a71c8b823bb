"""The Language menu: System / English / 한국어. The main window calls :func:`add_language_menu` once.

Choosing installs the new translators at once (``desktop.i18n.switch``; Qt sends ``LanguageChange`` to
every widget) and stores the choice in ``ui/language``. Every panel retranslates at once; a status line
keeps its last message, and an open approval card its words, until they next change. Nothing else is
touched (typed text, history, the loaded model and settings stay as they are).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from desktop import i18n
from desktop.services.settings import Settings

# A language is named in itself, never translated: a person who cannot read the current language must
# still find their own.
NATIVE_NAMES = {"en": "English", "ko": "한국어"}


class LanguageMenu(QMenu):
    def __init__(self, window: QMainWindow, settings: Settings) -> None:
        super().__init__(window)
        self.window_ = window
        self.settings = settings
        self.group = QActionGroup(self)
        self.group.setExclusive(True)
        self.actions_by_choice: dict[str, QAction] = {}
        chosen = i18n.stored_choice(settings)
        for choice in i18n.CHOICES:
            action = QAction(self)
            action.setCheckable(True)
            action.setChecked(choice == chosen)
            action.setData(choice)
            action.triggered.connect(lambda _=False, c=choice: self.choose(c))
            self.group.addAction(action)
            self.addAction(action)
            self.actions_by_choice[choice] = action
        self.addSeparator()
        self.note = QAction(self)
        self.note.setEnabled(False)
        self.addAction(self.note)
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(self.tr("&Language"))
        system = NATIVE_NAMES[i18n.resolve("system")]
        self.actions_by_choice["system"].setText(self.tr("System ({language})").format(language=system))
        for lang in i18n.LANGUAGES:
            self.actions_by_choice[lang].setText(NATIVE_NAMES[lang])
        self.note.setText(self.tr("Status lines change with their next message."))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def choose(self, choice: str) -> None:
        before = i18n.current_language()
        lang = i18n.switch(self.settings, choice)
        self.settings.sync()
        self.actions_by_choice[choice].setChecked(True)
        if lang == before:
            return
        self.window_.statusBar().showMessage(
            self.tr("Language: {language}. Typed text, history and the loaded model are kept.").format(
                language=NATIVE_NAMES[lang]
            ),
            10000,
        )


class _LanguageWatcher(QObject):
    """Calls back when its widget gets ``QEvent.LanguageChange`` (see :func:`on_language_change`)."""

    def __init__(self, widget: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(widget)
        self.callback = callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LanguageChange:
            self.callback()
        return False


def on_language_change(widget: QWidget, callback: Callable[[], None]) -> None:
    """Run ``callback`` (a panel's ``retranslate``, which sets every text again with ``self.tr``) each time
    the language changes, without overriding ``changeEvent``. The watcher lives as long as the widget."""
    _LanguageWatcher(widget, callback)


def add_language_menu(window: QMainWindow, settings: Settings) -> LanguageMenu:
    """Add the Language menu to the window's menu bar (before Help when there is one)."""
    menu = LanguageMenu(window, settings)
    bar = window.menuBar()
    about = getattr(window, "about_action", None)
    menus = [(a, a.menu()) for a in bar.actions()]
    help_menu = next((a for a, m in menus if isinstance(m, QMenu) and about in m.actions()), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)
    return menu
