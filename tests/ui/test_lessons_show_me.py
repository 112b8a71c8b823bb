"""Every lesson's Show me and checks, through the window as main() builds it: each Show me leaves its panel in
the state the lesson describes (and each figure a lesson quotes is what the app shows); each check fails on
the app as Show me leaves it and passes once the attendee has done what it asks. A Show me that needs a view
this version does not have yet skips, naming the view."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QTabWidget
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.core.tokenizer_examples import EXAMPLES
from desktop.core.tokenizers import gguf_key
from desktop.core.vision import shape_labels
from desktop.resources import base_model_path, default_model_path
from desktop.ui.panels.lessons import LessonsPanel
from desktop.ui.panels.lessons.questions import AppCheckQuestion
from tests.ui.test_lessons import click, lessons_of

SENTENCE = "I can't wait to build AI applications"
KOREAN = "Korean paragraph"
ENGLISH = "English paragraph (the Korean one's meaning)"


def show_me(qtbot: QtBot, window: Any, lesson_id: str, step: int | None = None) -> LessonsPanel:
    """Press the Show me of a lesson (or of its step ``step``, counted from 1) in the Lessons panel."""
    lessons = lessons_of(window)
    lessons.open_lesson(lesson_id)
    button = lessons.page.show_me_btn if step is None else lessons.page.step_buttons[step - 1]
    assert button is not None
    click(qtbot, button)
    return lessons


def needs_view(lessons: LessonsPanel, window: Any, view: str) -> None:
    """Skip, naming the view, while this version of the app lacks it (the Show me said so on the page)."""
    if window.current_panel() == "Lessons" and lessons.page.status.text().startswith(f"This needs the {view} view"):
        pytest.skip(f"needs the {view} view (issue #25), which this version of the app does not have yet")
    assert not lessons.page.status.isVisible(), lessons.page.status.text()


def run_check(qtbot: QtBot, window: Any, index: int) -> tuple[bool, str]:
    """Press Check in the app on question ``index`` of the lesson on show: (passed, what it said)."""
    lessons = lessons_of(window)
    box = lessons.page.questions[index]
    assert isinstance(box, AppCheckQuestion)
    click(qtbot, box.button)
    lesson = lessons.current_lesson()
    assert lesson is not None and box.passed is not None
    assert lessons.service.progress.is_answered(lesson, index) or not box.passed  # a pass is kept
    return box.passed, box.result.text()


def tokenized(qtbot: QtBot, panel: Any, text: str, encoding: str) -> Any:
    qtbot.waitUntil(
        lambda: panel.result is not None and panel.result.text == text and panel.result.encoding == encoding,
        timeout=20000,
    )
    return panel.result


def listed(qtbot: QtBot, keys: Callable[[], list[str]], path: str) -> str:
    """Wait until ``path`` (the base model's file, where ``path`` is empty) is among ``keys()``, which name
    model files as they are or as gguf keys; the catalog scans and joins the base model's chunks at start."""

    def found() -> bool:
        wanted = path or str(base_model_path() or "")
        return bool(wanted) and any(k in (wanted, gguf_key(wanted)) for k in keys())

    qtbot.waitUntil(found, timeout=60000)
    return path or str(base_model_path())


# -- 1. Tokens and vocabulary --------------------------------------------------------------------------------
def test_tokens_show_me_the_figures_and_the_check(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    show_me(qtbot, window, "tokens")
    assert window.current_panel() == "Tokenizer"
    tok = window.panel("Tokenizer")
    assert tok.text() == SENTENCE and tok.current_key() == "cl100k_base" and tok.tabs.current_name() == "Spans"
    r = tokenized(qtbot, tok, SENTENCE, "cl100k_base")
    assert [s.text for s in r.spans] == ["I", " can", "'t", " wait", " to", " build", " AI", " applications"]
    assert "<b>8 tokens</b>" in tok.summary.summary.text()
    assert "vocabulary 100,277 (100,256 learned from text, 5 special, 16 ids unused)" in tok.summary.summary.text()

    passed, said = run_check(qtbot, window, 0)
    assert not passed and said.startswith("Tokens in cl100k_base (GPT-4, GPT-3.5): 8. The lesson asks for 7.")
    assert said.endswith("Hint: Keep the sentence and try the other encodings in the list.")
    tok.set_encoding("o200k_base")
    tokenized(qtbot, tok, SENTENCE, "o200k_base")
    passed, said = run_check(qtbot, window, 0)
    assert passed and said == "Right. Tokens in o200k_base (GPT-4o): 7."

    # Step 2's figures, in the models' own tokenizers (the vocabulary host reads each GGUF).
    listed(qtbot, lambda: tok.encoding_keys(), str(default_model_path()))
    base = listed(qtbot, lambda: tok.encoding_keys(), "")  # the catalog's first scan joins its chunks
    for path, shown, own in ((default_model_path(), 8, 8), (base, 10, 9)):
        key = gguf_key(str(path))
        assert tok.set_encoding(key)
        r = tokenized(qtbot, tok, SENTENCE, key)
        assert r.total_tokens == shown and sum(not s.added for s in r.spans) == own
    assert r.spans[0].added and r.spans[0].text == "<bos>"  # Gemma 3 puts <bos> before every text
    # The lesson's step and its notes box give the figure the app shows (both once said 9 beside a 10 shown).
    lesson = (Path(__file__).resolve().parents[2] / "resources" / "lessons" / "01-tokens.json").read_text("utf-8")
    assert f"Gemma 3 shows {shown}" in lesson and f"the app shows {shown}" in lesson

    tok.choose_example("Numbers")
    show_me(qtbot, window, "tokens", step=1)  # the step's own Show me: the sentence again
    assert tok.text() == SENTENCE and tok.current_key() == "cl100k_base"

    show_me(qtbot, window, "tokens", step=3)
    r = tokenized(qtbot, tok, EXAMPLES["How a word is split: cooking"], "cl100k_base")
    assert [s.text for s in r.spans][:2] == ["co", "oking"]  # “cooking” alone: co|oking
    assert [s.text for s in r.spans][-1] == " cooking"  # with its space: one token

    show_me(qtbot, window, "tokens", step=4)
    assert tok.tabs.current_name() == "Compare"
    qtbot.waitUntil(lambda: {"cl100k_base", "o200k_base"} <= set(tok.stats), timeout=20000)
    assert tok.text() == EXAMPLES[KOREAN]
    qtbot.waitUntil(lambda: (tok.stats["cl100k_base"].tokens, tok.stats["o200k_base"].tokens) == (125, 72))
    assert tok.stats["o200k_base"].vocab_size > 1.9 * tok.stats["cl100k_base"].vocab_size  # twice the vocabulary
    tok.tabs.show_tab("Spans")
    r = tokenized(qtbot, tok, EXAMPLES[KOREAN], "cl100k_base")
    assert any(s.text.startswith("<0x") for s in r.spans)  # Hangul split into byte pieces
    tok.tabs.show_tab("Compare")
    tok.choose_example(ENGLISH)
    qtbot.waitUntil(lambda: (tok.stats["cl100k_base"].tokens, tok.stats["o200k_base"].tokens) == (42, 42))


# -- 2. Self-supervision -------------------------------------------------------------------------------------
def test_self_supervision_show_me_and_the_check(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    show_me(qtbot, window, "self-supervision")
    tok = window.panel("Tokenizer")
    assert window.current_panel() == "Tokenizer" and tok.tabs.current_name() == "Training samples"
    r = tokenized(qtbot, tok, "I love street food.", "cl100k_base")
    assert r.total_tokens == 5
    table = tok.samples.samples_table
    qtbot.waitUntil(lambda: table.rowCount() == 6)
    assert table.item(0, 1).text() == "“I”" and table.item(5, 1).text() == "“<|endoftext|>”"
    assert table.item(0, 0).text() == "<|endoftext|>"  # the start marker, all the first sample reads

    lessons_of(window).open_lesson("self-supervision")
    passed, said = run_check(qtbot, window, 1)
    assert not passed and said.startswith("Type a text of your own: this is still the lesson's example.")
    tok.set_text("The cat sat on the mat by the door")  # 9 tokens, 10 samples
    tokenized(qtbot, tok, "The cat sat on the mat by the door", "cl100k_base")
    passed, said = run_check(qtbot, window, 1)
    assert passed and said == "Right. Training samples from this text: 10."
    tok.set_text("The cat sat on the mat.")
    tokenized(qtbot, tok, "The cat sat on the mat.", "cl100k_base")
    passed, said = run_check(qtbot, window, 1)
    assert said.startswith("Training samples from this text: 8. The lesson asks for 10.")


# -- 3. Masked or autoregressive -----------------------------------------------------------------------------
def test_masked_show_me_and_the_check(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    show_me(qtbot, window, "masked")
    tok = window.panel("Tokenizer")
    assert tok.tabs.current_name() == "Training samples"
    tokenized(qtbot, tok, EXAMPLES[ENGLISH], "cl100k_base")
    qtbot.waitUntil(lambda: tok.masked_sample() is not None)
    sample = tok.masked_sample()
    assert len(sample.ids) == 42 and len(sample.positions) == 6  # about 15% of 42
    assert sample.counts()["mask"] >= 1  # the view opens on a seed that shows a [MASK]
    assert "[MASK]" in tok.masked.masked_input.text()
    tok.choose_example("Training sentence")  # the figures' short text: 1 of 5 tokens, 20%
    tokenized(qtbot, tok, "I love street food.", "cl100k_base")
    qtbot.waitUntil(lambda: len(tok.masked_sample().ids) == 5)
    assert len(tok.masked_sample().positions) == 1 and "20%" in tok.masked.masked_input.text()
    tok.choose_example(ENGLISH)
    tokenized(qtbot, tok, EXAMPLES[ENGLISH], "cl100k_base")
    qtbot.waitUntil(lambda: len(tok.masked_sample().ids) == 42)

    lessons_of(window).open_lesson("masked")
    seeds = {"random": [], "none": []}
    for seed in range(40):
        tok.masked.mask_seed.setValue(seed)
        kinds = {p.action for p in tok.masked_sample().positions}
        seeds["random" if "random" in kinds else "none"].append(seed)
    tok.masked.mask_seed.setValue(seeds["none"][0])
    passed, said = run_check(qtbot, window, 1)
    assert not passed and said.startswith(f"At seed {seeds['none'][0]}, no chosen token is replaced by a random token.")
    tok.masked.mask_seed.setValue(seeds["random"][0])
    passed, said = run_check(qtbot, window, 1)
    assert passed and said == f"Right: at seed {seeds['random'][0]}, a chosen token is replaced by a random token."


# -- 6. Scale (the calculator; the Completion steps are below) -------------------------------------------------
def test_scale_show_me_the_figures_and_the_check(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    show_me(qtbot, window, "scale")
    assert window.current_panel() == "Models"
    fit = window.panel("Models").fit_view
    assert (fit.params.value(), fit.quant.currentData(), fit.ctx.value()) == (70, "Q8_0", 8192)
    estimate = fit.calculator_estimate()
    assert round(estimate.total / 2**30) == 72  # about 72 GiB
    assert round(estimate.weights / 2**30) == 69  # Q8_0: about 69 GiB of weights
    assert estimate.shape.bits_per_weight == 8.5
    assert "<b>72.0 GiB</b>" in fit.calc_view.text()  # the total, as the calculator shows it

    lessons_of(window).open_lesson("scale")
    passed, said = run_check(qtbot, window, 0)
    assert not passed and said.startswith("The calculator is set to 70.0B parameters at Q8_0.")
    fit.set_calculator(7, "Q4_K_M", 8192)
    passed, said = run_check(qtbot, window, 0)
    assert passed and said == "Right. The calculator is set to 7.0B parameters at Q4_K_M. It needs about 5.2 GiB."
    fit.set_calculator(7, "F16", 8192)
    assert round(fit.calculator_estimate().weights / 2**30) == 13  # half precision: 7B weights about 13 GiB
    fit.set_calculator(70, "F16", 8192)
    assert round(fit.calculator_estimate().weights / 2**30, -1) == 130  # 70B weights at F16 about 130 GiB


# -- 7. CLIP -------------------------------------------------------------------------------------------------
def test_clip_show_me_and_the_check(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    show_me(qtbot, window, "clip")
    assert window.current_panel() == "Vision"
    vision = window.panel("Vision")
    assert vision.labels() == shape_labels()
    model = vision.results_model
    qtbot.waitUntil(lambda: model.rowCount() == 12, timeout=30000)
    qtbot.waitUntil(lambda: sum(r.probs is not None for r in model.results()) == 12, timeout=120000)
    firsts = [(r.name, r.ranked[0][0]) for r in model.results()]
    right = [name for name, best in firsts if name == f"drawn {best}.png"]
    assert len(right) > len(firsts) / 2, firsts  # a picture's own colour and shape usually come first

    lessons_of(window).open_lesson("clip")
    passed, said = run_check(qtbot, window, 0)
    assert not passed and said.startswith("Add a label of your own (one per line), beside the lesson's.")
    vision.set_labels([*shape_labels(), "a photo of a dog"])
    qtbot.waitUntil(lambda: all(r.probs is not None and len(r.labels) == 31 for r in model.results()), timeout=120000)
    passed, said = run_check(qtbot, window, 0)
    assert passed and said == "Right. Labels ranked: 31."


def test_clip_natural_language_supervision_show_me(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    lessons = show_me(qtbot, window, "clip", step=4)
    needs_view(lessons, window, "Natural-language supervision")
    vision = window.panel("Vision")
    assert window.current_panel() == "Vision" and vision.tabs.currentWidget() is vision.supervision


# -- 8. Crawl, walk, run -------------------------------------------------------------------------------------
def test_agents_show_me_and_the_check(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    show_me(qtbot, window, "agents")
    assert window.current_panel() == "Automation"
    agent = window.panel("Automation")
    qtbot.waitUntil(lambda: agent.current_request() is not None and agent.current_request().id == "Q01", timeout=20000)
    assert agent.current_level().value == "crawl"
    assert agent.requests and agent.run_btn.isEnabled()

    lessons_of(window).open_lesson("agents")
    passed, said = run_check(qtbot, window, 0)
    assert not passed and said.startswith("Not yet. The level is Crawl; the request chosen is Q01.")
    show_me(qtbot, window, "agents", step=3)
    assert agent.current_level().value == "walk" and agent.current_request().id == "Q01"
    passed, _ = run_check(qtbot, window, 0)
    assert not passed
    show_me(qtbot, window, "agents", step=4)
    assert agent.current_level().value == "run" and agent.current_request().id == "Q06"
    assert "IGNORE YOUR PREVIOUS INSTRUCTIONS" in agent.current_request().body
    agent.level.setCurrentIndex(agent.level.findData("walk"))
    passed, said = run_check(qtbot, window, 0)
    assert passed and said == "Right. The level is Walk; the request chosen is Q06."


# -- Completion: lessons 3, 4, 5, 6 and 9 with the real models -----------------------------------------------
def finished(panel: Any) -> bool:
    run = panel.run
    return not panel.busy() and run is not None and bool(run.get("stop_reason"))


def generate(qtbot: QtBot, panel: Any) -> dict[str, Any]:
    qtbot.waitUntil(lambda: panel.generate_btn.isEnabled(), timeout=60000)
    click(qtbot, panel.generate_btn)
    qtbot.waitUntil(lambda: panel.busy(), timeout=10000)
    qtbot.waitUntil(lambda: finished(panel), timeout=120000)
    run: dict[str, Any] = panel.run
    return run


def current_tab(panel: Any) -> str:
    """The title of the innermost tab in front (Scoring and Experiments hold tabs of their own)."""
    tabs = panel.tabs
    while isinstance(tabs.currentWidget(), QTabWidget):
        tabs = tabs.currentWidget()
    return str(tabs.tabText(tabs.currentIndex()))


def test_completion_lesson_show_me_the_check_and_greedy_repeats(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window()
    show_me(qtbot, window, "completion")
    assert window.current_panel() == "Completion"
    comp = window.panel("Completion")
    assert comp.prompt.toPlainText() == "To be or not to be"
    qtbot.waitUntil(lambda: window.models.model is not None, timeout=60000)  # Show me loaded the default model
    assert window.models.model["path"] == str(default_model_path())

    lessons_of(window).open_lesson("completion")
    passed, said = run_check(qtbot, window, 0)
    assert not passed and said.startswith("Nothing has been generated yet: press Generate.")
    window.show_panel("Completion")
    first = generate(qtbot, comp)
    assert first["settings"]["temperature"] == pytest.approx(0.8)
    passed, said = run_check(qtbot, window, 0)
    assert not passed and said.startswith("The last run used temperature 0.8: set 0.0 and Generate again.")
    window.show_panel("Completion")
    comp.temperature.setValue(0.0)
    greedy = generate(qtbot, comp)["output"]
    passed, said = run_check(qtbot, window, 0)
    assert passed and said == "Right: the last run is the one the lesson asks for."
    window.show_panel("Completion")
    assert generate(qtbot, comp)["output"] == greedy  # temperature 0: the same text again

    lessons = show_me(qtbot, window, "completion", step=5)
    needs_view(lessons, window, "Generate ×N")


def test_tasks_lesson_compares_with_the_base_model(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window()
    compare_model = window.panel("Completion").compare_model
    base = listed(qtbot, lambda: [compare_model.itemData(i) for i in range(compare_model.count())], "")
    show_me(qtbot, window, "tasks")
    comp = window.panel("Completion")
    assert window.current_panel() == "Completion"
    assert comp.prompt.toPlainText().endswith("send your bank details\nLabel:")
    assert comp.compare.isChecked() and comp.compare_model.currentData() == base
    assert comp.temperature.value() == 0.0

    lessons_of(window).open_lesson("tasks")
    passed, said = run_check(qtbot, window, 0)
    assert not passed and said.startswith("Nothing has been generated yet")
    window.show_panel("Completion")
    run = generate(qtbot, comp)
    assert run["compare"]["output"] and run["output"]
    passed, said = run_check(qtbot, window, 0)
    assert passed and said == "Right: the last run is the one the lesson asks for."

    comp.mode.setCurrentIndex(comp.mode.findData("chat"))  # step 4: the base model has no chat template
    assert "the second model has no chat template: choose a chat format above for it" in comp.model_note.text()
    comp.mode.setCurrentIndex(comp.mode.findData("completion"))

    show_me(qtbot, window, "tasks", step=1)
    assert comp.prompt.toPlainText() == "How are you in French is"
    window.show_panel("Completion")
    comp.compare.setChecked(False)
    generate(qtbot, comp)
    passed, said = run_check(qtbot, window, 0)
    assert not passed and said.startswith("The last run is not the lesson's example")


def test_completion_tabs_that_lessons_open(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window()
    show_me(qtbot, window, "masked", step=3)
    comp = window.panel("Completion")
    assert window.current_panel() == "Completion" and current_tab(comp) == "Fill the blank"
    qtbot.waitUntil(lambda: window.models.model is not None, timeout=60000)
    blank = comp.fill_blank  # the step: press Fill the blank
    click(qtbot, blank.run_btn)
    qtbot.waitUntil(lambda: blank.both_table.rowCount() > 0, timeout=60000)
    left = [blank.left_table.item(r, 0).text().strip() for r in range(blank.left_table.rowCount())]
    assert len(left) == 10 and "dog" not in left  # nowhere in the top 10 after “The”
    assert blank.both_table.item(0, 0).text().startswith("1. dog")  # first with the words after the blank
    show_me(qtbot, window, "scale", step=3)
    assert current_tab(comp) == "Speed"
    show_me(qtbot, window, "scale", step=4)
    assert comp.prompt.toPlainText() == "What is 15% of 80? Think step by step."
    assert comp.mode.currentData() == "chat"
    show_me(qtbot, window, "evaluation")
    assert window.current_panel() == "Completion" and current_tab(comp) == "Score a text"


@pytest.mark.parametrize(
    ("lesson", "step", "view"),
    [("scale", 5, "Scale grid"), ("evaluation", 2, "Evaluate"), ("evaluation", 3, "Retrieval")],
)
def test_teaching_views_that_lessons_open(
    qtbot: QtBot, make_window: Callable[..., Any], lesson: str, step: int, view: str
) -> None:
    window = make_window(start_host=False)
    lessons = show_me(qtbot, window, lesson, step=step)
    needs_view(lessons, window, view)
    assert window.current_panel() == "Completion"


def test_every_show_me_of_every_lesson_is_tested_here() -> None:
    """A lesson added with a Show me gets a test here too: every (lesson, step) pair below is pressed above."""
    from desktop.core.lessons import load_lessons
    from desktop.services.lessons_service import bundled_folder
    from desktop.ui.main_window import PANELS
    from desktop.ui.panels.lessons import actions

    lessons, _ = load_lessons([bundled_folder()], actions.vocabulary(PANELS))
    pressed = {
        ("tokens", "lesson"), ("tokens", "step 1"), ("tokens", "step 3"), ("tokens", "step 4"),
        ("self-supervision", "lesson"), ("masked", "lesson"), ("masked", "step 3"),
        ("completion", "lesson"), ("completion", "step 5"), ("tasks", "lesson"), ("tasks", "step 1"),
        ("scale", "lesson"), ("scale", "step 3"), ("scale", "step 4"), ("scale", "step 5"),
        ("clip", "lesson"), ("clip", "step 4"), ("agents", "lesson"), ("agents", "step 3"), ("agents", "step 4"),
        ("evaluation", "lesson"), ("evaluation", "step 2"), ("evaluation", "step 3"),
    }  # fmt: skip
    found = {(lesson.id, where) for lesson in lessons for where, _calls in lesson.calls()}
    assert found == pressed
    checks = {(lesson.id, i) for lesson in lessons for i, q in enumerate(lesson.questions) if q.kind == "check"}
    assert checks == {("tokens", 0), ("self-supervision", 1), ("masked", 1), ("completion", 0), ("tasks", 0),
                      ("scale", 0), ("clip", 0), ("agents", 0)}  # fmt: skip


def test_show_me_in_korean(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    """Show me finds tabs by their shown titles, which are Korean in a Korean window."""
    i18n.install_language("ko")
    try:
        window = make_window()
        show_me(qtbot, window, "evaluation")
        comp = window.panel("Completion")
        assert window.current_panel() == "Completion" and current_tab(comp) == "텍스트 채점"
        show_me(qtbot, window, "tokens", step=4)
        tok = window.panel("Tokenizer")
        assert tok.text() == EXAMPLES[KOREAN] and tok.tabs.current_name() == "Compare"
        assert tok.tabs.tabText(tok.tabs.currentIndex()) == "비교"
        qtbot.waitUntil(lambda: window.models.model is not None, timeout=60000)  # loaded for Score a text
    finally:
        i18n.install_language("en")
