"""The Completion panel follows a language change at once: every static text goes through tr() in the
panel's contexts, keys stay in item data, nothing typed is lost, and what a run leaves on screen (the
Compare pane's header, the chat transcript's role labels, the speed line) follows too. A stand-in
translator (it marks each text it translates) makes this visible in any language, without depending on
the Korean .ts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from desktop.ui.panels.completion import PRESETS
from tests.translators import MarkingTranslator
from tests.ui.test_completion_panel import open_completion

CONTEXTS = {
    "CompletionPanel",
    "Toolbar",
    "SourceBar",
    "InputBox",
    "SamplingForm",
    "TokenTab",
    "SpeedTab",
    "HistoryTab",
    "ComparePane",
    "FillBlankView",
    "ScoreTextView",
    "SamplingPathView",
}


def mark(_context: str, source: str) -> str:
    return f"«{source}»"


def test_language_change_retranslates_the_panel_and_keeps_the_keys(
    qtbot: QtBot, make_window: Callable[..., Any]
) -> None:
    panel = make_window(start_host=False, panel="Completion").panel("Completion")
    panel.prompt.setPlainText("what I typed")
    assert panel.generate_btn.text() == "Generate"
    translator = MarkingTranslator(mark, CONTEXTS)
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: panel.generate_btn.text() == "«Generate»", timeout=5000)
        assert panel.tabs.tabText(panel.tabs.indexOf(panel.history_tab)) == "«History»"
        assert panel.preset.itemText(1) == f"«{PRESETS[0][0]}»"
        assert panel.preset.itemData(1) == PRESETS[0][0]  # the English key stays
        assert panel.mode.currentData() == "completion"
        assert panel.sampling.labels["temperature"].text() == "«Temperature»"
        assert panel.temperature.toolTip().startswith("«Applied last")
        assert panel.model_note.text().startswith("«No model loaded.")
        assert panel.prompt.placeholderText().startswith("«Type a prompt")
        assert panel.fill_blank.run_btn.text() == "«Fill the blank»"
        assert panel.score_text.runs.horizontalHeaderItem(3).text() == "«Perplexity»"
        assert panel.token_tab.sampling_path.reset_btn.text() == "«The run's settings»"
        assert panel.speed.figure_names["ttft"].text() == "«Time to first token»"
        assert panel.prompt.toPlainText() == "what I typed"
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: panel.generate_btn.text() == "Generate", timeout=5000)
    assert panel.preset.itemText(1) == PRESETS[0][0]
    assert panel.prompt.toPlainText() == "what I typed"


def test_what_a_compared_chat_leaves_on_screen_follows_the_language(
    qtbot: QtBot, make_window: Callable[..., Any], default_model: Path
) -> None:
    """Issue 23 item 7: the Compare pane's header, the "User:/Assistant:" labels and its speed line were
    left in English."""
    panel = open_completion(qtbot, make_window, default_model)
    panel.mode.setCurrentIndex(panel.mode.findData("chat"))
    panel.chat_format.setCurrentIndex(panel.chat_format.findData("gemma"))
    panel.compare.setChecked(True)
    panel.prompt.setPlainText("Say hello.")
    panel.max_tokens.setValue(3)
    panel.temperature.setValue(0.0)
    panel.generate()
    qtbot.waitUntil(lambda: panel.run is not None and "compare" in panel.run, timeout=120000)
    pane = panel.compare_box
    assert "same prompt and settings" in pane.title.text() and "tok/s" in pane.figures.text()
    assert panel.output.toPlainText().startswith("User: Say hello.")
    translator = MarkingTranslator(mark, CONTEXTS)
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: pane.title.text().startswith("«"), timeout=5000)
        assert "Gemma 3 270M" in pane.title.text()  # the name, inside the translated sentence
        parts = pane.figures.text().split(" · ")
        assert parts and all(p.startswith("«") for p in parts), parts
        for view in (panel.output, panel.compare_output):
            text = view.toPlainText()
            assert text.startswith("«User:» Say hello.") and "«Assistant:»" in text, text
            assert "User: " not in text
        assert panel.output.toPlainText().endswith(panel.run["output"])  # type: ignore[index]
    finally:
        QCoreApplication.removeTranslator(translator)
