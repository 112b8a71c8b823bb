"""The teaching examples fit the models they run on (issue 23 item 1: the Korean sentiment example stopped
SmolLM2 after one token of its 6-token answer), and the chain-of-thought examples say what they teach
(issue 25 item 9), on both bundled models, in the window as ``main()`` builds it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.resources import base_model_path
from desktop.ui.panels.completion.presets import EXPECTED, LESSONS, PRESETS
from tests.ui.test_completion_panel import open_completion


def _token_counts(path: Path, texts: list[str]) -> list[int]:
    from llama_cpp import Llama

    llm = Llama(str(path), vocab_only=True, verbose=False)
    try:
        return [len(llm.tokenize(t.encode("utf-8"), add_bos=False)) for t in texts]
    finally:
        llm.close()


@pytest.fixture(scope="module")
def models(default_model: Path) -> list[Path]:
    base = base_model_path(assemble=True)
    assert base is not None, "Gemma 3 270M (the bundled base model) must be installed"
    return [default_model, base]


def test_every_few_shot_answer_fits_its_presets_limit_in_both_tokenizers(models: list[Path]) -> None:
    few_shot = {name: overrides for name, mode, _text, overrides in PRESETS if name in EXPECTED}
    assert set(few_shot) == set(EXPECTED)
    answers = [EXPECTED[name] + "\n" for name in few_shot]
    for path in models:
        for (name, overrides), n in zip(few_shot.items(), _token_counts(path, answers), strict=True):
            assert overrides["stop"] == "\\n", name  # the answer is one line: the new line ends it
            assert overrides["max_tokens"] >= 2 * n, (path.name, name, n)  # room for a longer answer too


@pytest.mark.parametrize("which", [0, 1], ids=["SmolLM2", "Gemma"])
def test_every_few_shot_preset_finishes_its_answer(
    qtbot: QtBot, make_window: Callable[..., Any], models: list[Path], which: int
) -> None:
    """Each few-shot example, run as it comes, ends on its own (the new line, or the model's end), never
    cut by Max tokens."""
    panel = open_completion(qtbot, make_window, models[which])
    for index, (name, _mode, _text, _overrides) in enumerate(PRESETS, start=1):
        if name not in EXPECTED:
            continue
        panel.apply_preset(index)
        with qtbot.waitSignal(panel.models.completed, timeout=120000):
            panel.generate()
        run = panel.run
        assert run is not None and run["stop_reason"] in ("stop", "eos"), (name, run["stop_reason"], run["output"])
        assert run["output"].strip(), name


def test_chain_of_thought_says_that_reasoning_comes_with_scale(
    qtbot: QtBot, make_window: Callable[..., Any], default_model: Path
) -> None:
    panel = open_completion(qtbot, make_window, default_model)
    index = next(i for i, (name, *_x) in enumerate(PRESETS, start=1) if name == "Chain of thought")
    panel.apply_preset(index)
    lesson = "step-by-step reasoning emerges with scale"
    assert lesson in panel.status.text() and "server model" in panel.status.text()
    panel.max_tokens.setValue(4)  # the lesson is about the answer; a few tokens are enough to see it follow
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        panel.generate()
    assert panel.status.text().startswith("Done") and lesson in panel.status.text()
    assert set(LESSONS) == {"Chain of thought", "Chain of thought in Korean"}
    # an ordinary prompt gets no lesson
    panel.prompt.setPlainText("What is 15% of 80?")
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        panel.generate()
    assert lesson not in panel.status.text()
