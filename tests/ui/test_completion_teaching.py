"""Fill the blank, Score a text and the sampling path in the Completion panel, on the real SmolLM2 (and
Gemma 3 270M beside it), in the window as ``main()`` builds it."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.core.teaching import perplexity as P
from desktop.core.teaching.sampling import SamplerSettings, sampling_path
from desktop.resources import base_model_path
from desktop.ui.panels.completion import CompletionPanel
from desktop.ui.panels.completion.settings import HELP
from desktop.ui.panels.completion.teaching.fill_blank import FILL_EXPLANATION
from tests.ui.test_completion_panel import open_completion


@pytest.fixture
def panel(qtbot: QtBot, make_window: Callable[..., Any], default_model: Path) -> CompletionPanel:
    p: CompletionPanel = open_completion(qtbot, make_window, default_model, n_ctx=512)
    p.window().resize(1024, 640)
    return p


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
    view = panel.token_tab.sampling_path
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
    assert "(1 candidate)" in view.view.text()  # one candidate, not "1 candidates"
    view.sliders["top_p"][0].setValue(100)
    view.sliders["min_p"][0].setValue(0)
    with qtbot.waitSignal(view.redrawn, timeout=2000):
        slider.setValue(0)  # every cut off: the whole vocabulary, its count with a separator
    count = len(view.path.final_ids)
    assert count >= 1000 and f"({count:,} candidates)" in view.view.text()
    with qtbot.waitSignal(view.redrawn, timeout=2000):
        slider.setValue(1)
    with qtbot.waitSignal(view.redrawn, timeout=2000):
        view.sliders["temperature"][0].setValue(200)
    assert view.settings().temperature == 2.0
    # two clicks in a row: the second step is asked for once the first is in, and shown last
    panel.show_token(0)
    panel.show_token(3)
    qtbot.waitUntil(lambda: len(view.history) == 3 and panel.token_tab.step_rid is None, timeout=30000)
    assert view.token == panel.run["tokens"][3]["token"] and view.path.chosen == view.token
    view.reset()
    assert view.settings() == SamplerSettings(
        temperature=1.0, top_k=40, top_p=view.run_settings.top_p, min_p=view.run_settings.min_p,
        repeat_penalty=view.run_settings.repeat_penalty,
    )  # fmt: skip


def test_the_sampling_path_shows_split_characters_as_the_list_does(qtbot: QtBot, panel: CompletionPanel) -> None:
    """A new user's finding: a step whose candidates are parts of a Korean character was drawn in the sampling
    path as "\ufffd 65%, \ufffd 12%, ..." (all alike), where the step's list above shows <0xEC>."""
    panel.mode.setCurrentIndex(panel.mode.findData("completion"))
    panel.prompt.setPlainText("안녕하세요 😀 Once upon a time, 🐱 a cat named 나비")
    panel.max_tokens.setValue(2)
    panel.stop.setText("")
    panel.temperature.setValue(0.0)
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        qtbot.mouseClick(panel.generate_btn, Qt.MouseButton.LeftButton)
    view = panel.token_tab.sampling_path
    with qtbot.waitSignal(view.redrawn, timeout=30000):
        panel.show_token(0)
    pieces = list(view.pieces.values())
    assert pieces and not any("\ufffd" in p for p in pieces)
    assert any(p.startswith("<0x") for p in pieces)  # the model weighs parts of a character here
    assert "&lt;0x" in view.view.text() and "\ufffd" not in view.view.text()


def test_the_wheel_scrolls_past_the_sampling_path_sliders(qtbot: QtBot, panel: CompletionPanel) -> None:
    """Issue 23 item 4: a wheel over a slider that has no focus scrolls the page; the run's settings stay."""
    panel.tabs.setCurrentWidget(panel.token_tab)
    view = panel.token_tab.sampling_path
    slider = view.sliders["temperature"][0]
    slider.setValue(80)
    qtbot.waitUntil(lambda: slider.isVisible(), timeout=5000)
    panel.prompt.setFocus()
    center = slider.rect().center()
    event = QWheelEvent(
        QPointF(center), QPointF(slider.mapToGlobal(center)), QPoint(0, 0), QPoint(0, -120),
        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False,
    )  # fmt: skip
    QApplication.sendEvent(slider, event)
    assert slider.value() == 80
    slider.setFocus()
    QApplication.sendEvent(slider, event)
    assert slider.value() != 80  # with the focus, the wheel is the person's choice


def test_score_a_text(qtbot: QtBot, panel: CompletionPanel) -> None:
    view = panel.score_text
    teaching = panel.sources.local
    view.input.setPlainText("The capital of France is Paris. The capital of Germany is Berlin.")
    with qtbot.waitSignal(teaching.scored, timeout=60000):
        view.score_btn.click()
    assert view.result is not None
    assert "perplexity" in view.summary.text() and view.runs.rowCount() == 1
    tokens = view.result["tokens"]
    assert len(view.output.tokens) == len(tokens)
    assert all(0.0 < t["p"] <= 1.0 for t in view.output.tokens)
    assert view.output.toPlainText() == "The capital of France is Paris. The capital of Germany is Berlin."
    # a second score (same model) adds a row beside the first
    with qtbot.waitSignal(teaching.scored, timeout=60000):
        view.score_btn.click()
    assert view.runs.rowCount() == 2
    ppl = [view.runs.item(r, 3).text() for r in range(2)]  # type: ignore[union-attr]
    assert ppl[0] == ppl[1]


def test_score_stop_keeps_what_was_scored(qtbot: QtBot, panel: CompletionPanel) -> None:
    view = panel.score_text
    teaching = panel.sources.local
    view.input.setPlainText(" ".join(f"Line {i} of a long and rather repetitive text." for i in range(300)))
    view.window_box.setValue(64)
    view.stride_box.setValue(32)
    with qtbot.waitSignal(teaching.scorePartial, timeout=60000):
        view.score_btn.click()
    assert view.stop_btn.isEnabled() and not view.progress.isHidden()
    with qtbot.waitSignal(teaching.scoreFailed, timeout=60000):
        view.stop_btn.click()
    assert view.summary.text().startswith("Stopped.") and "perplexity" in view.summary.text()
    assert view.score_btn.isEnabled() and view.progress.isHidden()


def test_fill_the_blank(qtbot: QtBot, panel: CompletionPanel) -> None:
    view = panel.fill_blank
    view.sentence.setText("The ___ barked at the mailman all morning.")
    view.words.setText("dog, cat, car")
    with qtbot.waitSignal(panel.sources.local.scored, timeout=60000):
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


def test_score_a_text_on_two_models_side_by_side(qtbot: QtBot, panel: CompletionPanel) -> None:
    """Both models' tinted tokens stay on screen, each under its name (issue 23 item 2), and the table
    holds both rows."""
    assert base_model_path(assemble=True) is not None
    names = [panel.compare_model.itemText(i).lower() for i in range(panel.compare_model.count())]
    panel.compare_model.setCurrentIndex(next(i for i, name in enumerate(names) if "gemma" in name))
    view = panel.score_text
    text = "Korean: 안녕하세요, 만나서 반갑습니다. English: Hello, nice to meet you."
    view.input.setPlainText(text)
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
    # side by side: each model's own tokens, tinted by its own probabilities, under its own name
    left, right = view.first, view.second_column
    assert left.isVisibleTo(view) and right.isVisibleTo(view)
    assert left.title.text() == first and right.title.text() == second
    assert left.output.toPlainText() == right.output.toPlainText() == text
    assert len(left.output.tokens) == len(a["tokens"]) and len(right.output.tokens) == len(b["tokens"])
    assert [t["p"] for t in right.output.tokens] == pytest.approx([math.exp(t["logprob"]) for t in b["tokens"]])
    assert len(left.output.tokens) != len(right.output.tokens)  # two tokenizers: two different cuts


def test_teaching_texts_say_what_is_true() -> None:
    """Issue 25 items 2, 7, 8 and 10: the texts that taught something false."""
    fill = str(FILL_EXPLANATION)
    assert "imitation of what a masked model like BERT gets for free" in fill
    assert "what a masked model like BERT does" not in fill
    assert "Likelihood measures how well a model fits a text, not whether an answer is good" in str(P.EXPLANATION)
    temperature = str(HELP["temperature"])
    assert "Divides the scores before sampling" not in temperature
    assert "Applied last, after top-k, top-p and min-p" in temperature


def test_the_stride_help_and_the_windows_agree(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    """Issue 25 item 7: "at least window − stride, after the first window": what plan_windows gives."""
    panel = make_window(start_host=False, panel="Completion").panel("Completion")
    tip = panel.score_text.stride_box.toolTip()
    assert "After the first window, every token has at least window − stride tokens of context" in tip
    window, stride, n = 8, 3, 40
    for w in P.plan_windows(n, window, stride):
        for token in range(w.score_from, w.end):
            context = token - w.begin
            if w.begin > 0:
                assert context >= window - stride
            else:
                assert context == token  # the first window: only the tokens before it


def test_the_temperature_tooltip_tells_the_sampling_paths_order(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    """Issue 25 item 10: the tooltip and the sampling path tell one story: temperature comes last."""
    panel = make_window(start_host=False, panel="Completion").panel("Completion")
    tip = panel.temperature.toolTip()
    row = np.log(np.array([0.5, 0.3, 0.15, 0.05], dtype=np.float32))
    stages = [s.name for s in sampling_path(row, SamplerSettings(temperature=0.7, top_k=3), []).stages]
    assert stages.index("temperature") > max(stages.index(n) for n in ("top-k", "top-p", "min-p"))
    assert tip.index("top-k") < tip.index("top-p") < tip.index("min-p")
    assert "last" in tip and "never changes which tokens are candidates" in tip
