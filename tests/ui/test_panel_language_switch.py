"""Models, Servers, Will it fit and Vision follow a language change at once (their retranslate methods),
and a panel's logic never reads its own translated text back. A stand-in translator marks every string of
those panels' contexts, so the test needs no .qm and no Korean."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.factory import build_window
from desktop.services import vision_service
from desktop.services.settings import Settings
from desktop.ui.main_window import MainWindow
from tests.translators import MarkingTranslator as Marking
from tests.translators import prefix_mark

CONTEXTS = ("ModelsPanel", "FitView", "ServersList", "ServerDialog", "VisionPanel")
MARK = "⟦KO⟧ "


@pytest.fixture
def marking(qapp: QApplication) -> Iterator[Marking]:
    translator = Marking(prefix_mark(MARK), CONTEXTS)
    yield translator
    QCoreApplication.removeTranslator(translator)
    i18n.install_language("en")


def test_models_servers_fit_and_vision_retranslate_when_the_language_changes(
    qtbot: QtBot, fresh_home: Path, models_dir: Path, marking: Marking
) -> None:
    win = build_window(Settings(), start_host=False)
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.catalog.changed, timeout=10000):
        pass
    models, vision = win.models_panel, win.vision_panel
    assert models.servers is not None
    state = models.table.item(0, 4)
    assert state is not None and state.text() == "Bundled" and models.load_btn.text() == "Load"
    typed = "red circle\nblue square"
    vision.labels_box.edit.setPlainText(typed)

    QCoreApplication.installTranslator(marking)  # Qt sends LanguageChange to every widget
    qtbot.waitUntil(lambda: models.load_btn.text() == MARK + "Load", timeout=5000)
    header = models.table.horizontalHeaderItem(0)
    assert header is not None and header.text() == MARK + "Model"
    state = models.table.item(0, 4)
    assert state is not None and state.text() == MARK + "Bundled"  # the state column follows too
    assert models.fit_view.title() == MARK + "Will it fit?"
    assert models.servers.add_btn.text() == MARK + "Add server…"
    assert vision.classify_btn.text() == MARK + "Classify again"
    assert vision.labels_box.title() == MARK + "Labels — one per line"
    engine = vision.engine.engine_combo
    assert engine.itemText(0) == MARK + "Auto" and engine.itemData(0) == "auto"
    assert vision.tabs.tabText(1) == MARK + "Natural-language supervision"
    assert vision.supervision.earlier_btn.text() == MARK + "Earlier pairs"
    assert vision.labels_box.edit.toPlainText() == typed  # nothing typed is lost

    QCoreApplication.removeTranslator(marking)
    qtbot.waitUntil(lambda: models.load_btn.text() == "Load", timeout=5000)
    assert vision.classify_btn.text() == "Classify again" and models.fit_view.title() == "Will it fit?"
    win.close()


def test_vision_says_the_model_is_ready_in_any_language(
    qtbot: QtBot, make_window: Callable[..., MainWindow], marking: Marking, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The "Model ready" news once depended on the status line starting with the English "Loading"."""
    # the service's own loading news, as a translation would show it
    monkeypatch.setattr(vision_service, "LOADING_TEXT", MARK + vision_service.LOADING_TEXT)
    QCoreApplication.installTranslator(marking)
    window = make_window(start_host=False)
    window.show_panel("Vision")
    panel = window.vision_panel
    seen: list[str] = []
    panel.service.modelLoaded.connect(lambda _info: seen.append(panel.status_text()))  # after the panel's slot
    with qtbot.waitSignal(panel.service.modelLoaded, timeout=60_000):
        panel.service.make_samples(2)
    assert seen and seen[0].startswith(MARK + "Model ready: ")
