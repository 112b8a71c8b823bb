"""Fill the blank, Score a text and the sampling path in the Completion panel, on the real SmolLM2."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.core.teaching.sampling import SamplerSettings, sampling_path
from desktop.services.history_service import HistoryService
from desktop.services.model_service import ModelService
from desktop.services.settings import Settings
from desktop.ui.panels.completion import CompletionPanel


@pytest.fixture
def models(qtbot: QtBot, default_model: Path) -> Iterator[ModelService]:
    svc = ModelService()
    with qtbot.waitSignal(svc.loaded, timeout=60000):
        svc.load(default_model, n_ctx=512)
    yield svc
    svc.shutdown()


@pytest.fixture
def panel(qtbot: QtBot, fresh_home: Path, models: ModelService) -> Iterator[CompletionPanel]:
    history = HistoryService(fresh_home / "history.sqlite3")
    p = CompletionPanel(models, Settings(), history)
    qtbot.addWidget(p)
    p.resize(1024, 640)
    p.show()
    yield p
    p.shutdown()
    history.shutdown()


def test_sampling_path_of_a_clicked_step_redraws_live(qtbot: QtBot, panel: CompletionPanel) -> None:
    panel.mode.setCurrentIndex(panel.mode.findData("completion"))
    panel.prompt.setPlainText("Once upon a time")
    panel.max_tokens.setValue(6)
    panel.stop.setText("")
    panel.temperature.setValue(1.0)
    panel.top_k.setValue(40)
    panel.seed.setValue(11)
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        qtbot.mouseClick(panel.generate_btn, Qt.MouseButton.LeftButton)
    assert panel.run is not None and len(panel.run["tokens"]) >= 4
    view = panel.sampling_path
    with qtbot.waitSignal(view.redrawn, timeout=30000):
        panel.show_token(2)
    drawn = panel.run["tokens"][2]["token"]
    assert view.path is not None and view.path.chosen == drawn  # at the run's settings: the run's token
    assert view.row is not None and view.row.shape[0] == 49152
    # the same logits through the core: the same candidates
    expected = sampling_path(view.row, view.run_settings, view.history, u=view.u)
    assert expected.final_ids.tolist() == view.path.final_ids.tolist()
    assert "top-k" in view.view.text() and "drawn" in view.view.text()
    # sliders redraw at once: top-k 1 leaves one candidate, the most likely token
    slider = view.sliders["top_k"][0]
    with qtbot.waitSignal(view.redrawn, timeout=2000):
        slider.setValue(1)
    assert len(view.path.final_ids) == 1 and view.path.chosen == int(np.argmax(view.row))
    with qtbot.waitSignal(view.redrawn, timeout=2000):
        view.sliders["temperature"][0].setValue(200)
    assert view.settings().temperature == 2.0
    # two clicks in a row: the second step is asked for once the first is in, and shown last
    panel.show_token(0)
    panel.show_token(3)
    qtbot.waitUntil(lambda: len(view.history) == 3 and panel._step_rid is None, timeout=30000)
    assert view.token == panel.run["tokens"][3]["token"] and view.path.chosen == view.token
    view.reset()
    assert view.settings() == SamplerSettings(
        temperature=1.0, top_k=40, top_p=view.run_settings.top_p, min_p=view.run_settings.min_p,
        repeat_penalty=view.run_settings.repeat_penalty,
    )  # fmt: skip


def test_score_a_text(qtbot: QtBot, panel: CompletionPanel) -> None:
    view = panel.score_text
    view.input.setPlainText("The capital of France is Paris. The capital of Germany is Berlin.")
    with qtbot.waitSignal(panel.teaching.finished, timeout=60000):
        view.score_btn.click()
    assert view.result is not None
    assert "perplexity" in view.summary.text() and view.runs.rowCount() == 1
    tokens = view.result["tokens"]
    assert len(view.output.tokens) == len(tokens)
    assert all(0.0 < t["p"] <= 1.0 for t in view.output.tokens)
    assert view.output.toPlainText() == "The capital of France is Paris. The capital of Germany is Berlin."
    # a second score (same model) adds a row beside the first
    with qtbot.waitSignal(panel.teaching.finished, timeout=60000):
        view.score_btn.click()
    assert view.runs.rowCount() == 2
    ppl = [view.runs.item(r, 3).text() for r in range(2)]  # type: ignore[union-attr]
    assert ppl[0] == ppl[1]


def test_score_stop_keeps_what_was_scored(qtbot: QtBot, panel: CompletionPanel) -> None:
    view = panel.score_text
    view.input.setPlainText(" ".join(f"Line {i} of a long and rather repetitive text." for i in range(300)))
    view.window_box.setValue(64)
    view.stride_box.setValue(32)
    with qtbot.waitSignal(panel.teaching.partial, timeout=60000):
        view.score_btn.click()
    assert view.stop_btn.isEnabled() and not view.progress.isHidden()
    with qtbot.waitSignal(panel.teaching.failed, timeout=60000):
        view.stop_btn.click()
    assert view.summary.text().startswith("Stopped.") and "perplexity" in view.summary.text()
    assert view.score_btn.isEnabled() and view.progress.isHidden()


def test_fill_the_blank(qtbot: QtBot, panel: CompletionPanel) -> None:
    view = panel.fill_blank
    view.sentence.setText("The ___ barked at the mailman all morning.")
    view.words.setText("dog, cat, car")
    with qtbot.waitSignal(panel.teaching.finished, timeout=60000):
        view.run_btn.click()
    assert view.result is not None
    assert view.left_table.rowCount() == 10
    words = [d["word"] for d in view.result["both"]]
    assert {"dog", "cat", "car"} <= set(words)
    assert view.both_table.rowCount() == len(words)
    assert "Best with both sides" in view.status.text()
    view.sentence.setText("No blank here.")
    view.run()
    assert "exactly one blank" in view.status.text()


def test_score_a_text_on_two_models_side_by_side(qtbot: QtBot, fresh_home: Path, models: ModelService) -> None:
    from desktop.resources import base_model_path
    from desktop.services.catalog_service import CatalogService

    assert base_model_path(assemble=True) is not None
    settings = Settings()
    catalog = CatalogService(settings)
    history = HistoryService(fresh_home / "history.sqlite3")
    panel = CompletionPanel(models, settings, history, catalog)
    qtbot.addWidget(panel)
    try:
        with qtbot.waitSignal(catalog.changed, timeout=60000):
            catalog.rescan()
        names = [panel.compare_model.itemText(i).lower() for i in range(panel.compare_model.count())]
        index = next(i for i, name in enumerate(names) if "gemma" in name)
        panel.compare_model.setCurrentIndex(index)
        view = panel.score_text
        view.input.setPlainText("Korean: 안녕하세요, 만나서 반갑습니다. English: Hello, nice to meet you.")
        view.also.setChecked(True)
        view.score_btn.click()
        qtbot.waitUntil(lambda: len(view.results) == 2, timeout=120000)
        (first, a), (second, b) = view.results
        assert first != second and "gemma" in second.lower()
        assert view.runs.rowCount() == 2 and view.runs.item(1, 1).text() == second  # type: ignore[union-attr]
        assert a["perplexity"] > 1 and b["perplexity"] > 1 and a["perplexity"] != b["perplexity"]
        assert view.score_btn.isEnabled()
        bits = [float(view.runs.item(r, 5).text()) for r in range(2)]  # type: ignore[union-attr]
        assert all(0 < x < 20 for x in bits)
    finally:
        panel.shutdown()
        catalog.shutdown()
        history.shutdown()
