"""The Completion panel follows a language change at once: every static text goes through tr() in the
panel's contexts, keys stay in item data, and nothing typed is lost. A stand-in translator (it marks
each text it translates) makes this visible in any language, without depending on the Korean .ts."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from desktop.services.history_service import HistoryService
from desktop.services.model_service import ModelService
from desktop.services.settings import Settings
from desktop.ui.panels.completion import PRESETS, CompletionPanel
from tests.translators import MarkingTranslator

CONTEXTS = {"CompletionPanel", "FillBlankView", "ScoreTextView", "SamplingPathView"}


@pytest.fixture
def panel(qtbot: QtBot, fresh_home: Path) -> Iterator[CompletionPanel]:
    models = ModelService()  # no model: only the texts are under test
    history = HistoryService(fresh_home / "history.sqlite3")
    p = CompletionPanel(models, Settings(), history)
    qtbot.addWidget(p)
    p.show()
    yield p
    p.shutdown()
    history.shutdown()
    models.shutdown()


def test_language_change_retranslates_the_panel_and_keeps_the_keys(qtbot: QtBot, panel: CompletionPanel) -> None:
    panel.prompt.setPlainText("what I typed")
    assert panel.generate_btn.text() == "Generate"
    translator = MarkingTranslator(lambda _context, source: f"«{source}»", CONTEXTS)
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: panel.generate_btn.text() == "«Generate»", timeout=5000)
        assert panel.tabs.tabText(panel.history_tab) == "«History»"
        assert panel.preset.itemText(1) == f"«{PRESETS[0][0]}»"
        assert panel.preset.itemData(1) == PRESETS[0][0]  # the English key stays
        assert panel.mode.currentData() == "completion"
        assert panel.sampling_labels["temperature"].text() == "«Temperature»"
        assert panel.temperature.toolTip().startswith("«Divides the scores")
        assert panel.model_note.text().startswith("«No model loaded.")
        assert panel.prompt.placeholderText().startswith("«Type a prompt")
        assert panel.fill_blank.run_btn.text() == "«Fill the blank»"
        assert panel.score_text.runs.horizontalHeaderItem(3).text() == "«Perplexity»"
        assert panel.sampling_path.reset_btn.text() == "«The run's settings»"
        assert panel.prompt.toPlainText() == "what I typed"
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: panel.generate_btn.text() == "Generate", timeout=5000)
    assert panel.preset.itemText(1) == PRESETS[0][0]
    assert panel.prompt.toPlainText() == "what I typed"
