"""The Completion panel end to end on the real default model, offscreen, in the window as ``main()`` builds
it (desktop.factory.build_window, through the ``make_window`` fixture)."""

from __future__ import annotations

import json
import os
import re
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.core.store import RunStore
from desktop.ui.panels.completion import PRESETS, CompletionPanel
from desktop.ui.panels.completion.state import LAST_RUN


def history_path(home: Path) -> Path:
    return home / "data" / "history.sqlite3"


def saved_runs(path: Path) -> list[dict[str, Any]]:
    store = RunStore(path)  # a new connection, as after a restart
    try:
        return [run for r in store.list() if (run := store.get(r.id)) is not None]
    finally:
        store.close()


def open_completion(qtbot: QtBot, make_window: Callable[..., Any], model: Path | None, n_ctx: int = 1024) -> Any:
    """The window with ``model`` loaded as the Models panel loads it, and its Completion panel; the
    catalog's first scan is done (Compare lists the model files)."""
    window = make_window(panel="Completion")
    panel = window.panel("Completion")
    qtbot.waitUntil(lambda: panel.compare_model.count() > 0, timeout=60000)
    if model is not None:
        with qtbot.waitSignal(window.models.loaded, timeout=60000):
            window.models.load(model, n_ctx=n_ctx)
    return panel


@pytest.fixture
def panel(qtbot: QtBot, make_window: Callable[..., Any], default_model: Path) -> CompletionPanel:
    return open_completion(qtbot, make_window, default_model)  # type: ignore[no-any-return]


def generate(qtbot: QtBot, panel: CompletionPanel, prompt: str, max_tokens: int = 12) -> None:
    panel.mode.setCurrentIndex(panel.mode.findData("completion"))
    panel.prompt.setPlainText(prompt)
    panel.max_tokens.setValue(max_tokens)
    panel.temperature.setValue(0.0)
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        qtbot.mouseClick(panel.generate_btn, Qt.MouseButton.LeftButton)


def test_generate_streams_tinted_tokens_and_figures(qtbot: QtBot, panel: CompletionPanel) -> None:
    generate(qtbot, panel, "To be or not to be")
    assert panel.run is not None
    tokens = panel.run["tokens"]
    assert 1 <= len(tokens) <= 12
    text = panel.output.toPlainText()
    assert text.startswith("To be or not to be") and text.endswith(panel.run["output"])
    assert all(0.0 <= t["p"] <= 1.0 and len(t["alts"]) == 10 for t in tokens)
    figures = panel.speed.figures
    assert figures["ttft"].text().endswith("ms")
    assert figures["n_generated"].text() == str(len(tokens))
    assert figures["n_prompt"].text() == str(panel.run["metrics"]["n_prompt"]) != "0"  # a local run says
    chart = panel.speed.chart
    assert len(chart.values_ms) == len(tokens)
    if len(tokens) > 1:  # the caption's maximum is of the bars after the first, and says so
        rest = f"{max(chart.values_ms[1:]):.1f}"
        assert chart.caption().endswith(f"; the rest at most {rest})"), chart.caption()
    panel.show_token(0)
    alternatives = panel.token_tab.alternatives
    assert alternatives.items and any(chosen for *_x, chosen in alternatives.items)
    assert "Done" in panel.status.text()


def test_a_rerun_counts_only_the_prompt_tokens_read_again(qtbot: QtBot, panel: CompletionPanel) -> None:
    """llama.cpp keeps the prompt's beginning from the previous run and reads only what is new: the prompt
    speed counts the tokens read, not the whole prompt over a first token that came 10x sooner (a walkthrough
    saw 272 tok/s, then 2928 tok/s for the same prompt)."""
    prompt = "The three most important ideas in machine learning are"
    generate(qtbot, panel, prompt, max_tokens=5)
    assert panel.run is not None
    first = panel.run["metrics"]
    assert first["n_prompt_reused"] == 0 and first["prompt_tps"] > 0
    assert panel.speed.figures["n_prompt"].text() == str(first["n_prompt"])
    generate(qtbot, panel, prompt + " that", max_tokens=5)  # the same beginning, one word more
    again = panel.run["metrics"]
    assert again["n_prompt"] == first["n_prompt"] + 1
    assert 0 < again["n_prompt_reused"] < again["n_prompt"]
    read = again["n_prompt"] - again["n_prompt_reused"]
    assert again["prompt_tps"] == pytest.approx(read / again["ttft_s"])
    shown = panel.speed.figures["n_prompt"].text()
    assert shown == f"{again['n_prompt']} ({again['n_prompt_reused']} kept from the last run)", shown
    generate(qtbot, panel, "Something else entirely", max_tokens=5)
    assert panel.run["metrics"]["n_prompt_reused"] <= 1  # at most the start-of-text token


def test_a_split_characters_alternatives_show_its_bytes(qtbot: QtBot, panel: CompletionPanel) -> None:
    """Korean text comes out of SmolLM2 a byte at a time: the alternatives of such a step are byte pieces
    (<0xEC>), as the Tokenizer draws them, not ten rows of U+FFFD that cannot be told apart."""
    generate(qtbot, panel, "안녕하세요. 저는", max_tokens=16)
    assert panel.run is not None
    tokens = panel.run["tokens"]
    byte_steps = [i for i, t in enumerate(tokens) if any(re.fullmatch(r"(<0x[0-9A-F]{2}>)+", a[1]) for a in t["alts"])]
    assert byte_steps, [t["alts"][:3] for t in tokens]
    assert not [a for t in tokens for a in t["alts"] if "\ufffd" in a[1]]
    panel.show_token(byte_steps[0])
    shown = [text for text, _p, _chosen in panel.token_tab.alternatives.items]
    assert any(text.startswith("<0x") for text in shown) and len(set(shown)) == len(shown), shown


def test_an_alternative_of_spaces_only_is_drawn_as_visible_spaces(qtbot: QtBot, panel: CompletionPanel) -> None:
    """Code's indentation comes as tokens of spaces only; their row in the Token tab showed an empty label."""
    generate(qtbot, panel, "def add(a, b):\n", max_tokens=4)
    assert panel.run is not None
    tokens = panel.run["tokens"]
    spaced = [i for i, t in enumerate(tokens) if any(a[1] and not a[1].strip(" ") for a in t["alts"])]
    assert spaced, [t["alts"][:3] for t in tokens]
    panel.show_token(spaced[0])
    labels = [text for text, _p, _chosen in panel.token_tab.alternatives.items]
    assert all(text.strip() for text in labels), labels  # no label a person cannot see
    assert any(set(text) == {"␣"} for text in labels), labels


def test_history_survives_a_restart_and_exports(
    qtbot: QtBot, panel: CompletionPanel, fresh_home: Path, tmp_path: Path
) -> None:
    generate(qtbot, panel, "The capital of France is", max_tokens=6)
    history = panel.history_tab
    qtbot.waitUntil(lambda: history.list.count() == 1, timeout=10000)
    run_id = history.selected_run_id() or int(history.list.item(0).data(Qt.ItemDataRole.UserRole))
    store = RunStore(history_path(fresh_home))  # a new connection, as after a restart
    saved = store.get(run_id)
    store.close()
    assert saved is not None and saved["prompt"] == "The capital of France is"
    assert saved["tokens"] == panel.run["tokens"]  # type: ignore[index]
    history.export_to(saved, tmp_path / "run.md", "md")
    history.export_to(saved, tmp_path / "run.json", "json")
    qtbot.waitUntil(lambda: "run.json" in panel.status.text(), timeout=10000)
    assert "## Speed" in (tmp_path / "run.md").read_text()
    assert json.loads((tmp_path / "run.json").read_text())["output"] == saved["output"]
    panel.output.clear()
    panel.show_run(saved)
    assert panel.output.toPlainText().endswith(saved["output"])


def test_stop_pressed_twenty_times(qtbot: QtBot, panel: CompletionPanel) -> None:
    panel.prompt.setPlainText("Once upon a time")
    panel.max_tokens.setValue(400)
    panel.temperature.setValue(0.8)
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        panel.generate()
        qtbot.waitUntil(lambda: panel.run is not None and len(panel.run["tokens"]) >= 2, timeout=30000)
        for _ in range(20):
            qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert panel.run is not None and panel.run["stop_reason"] == "cancelled"
    assert "stopped by you" in panel.status.text()
    generate(qtbot, panel, "Hello", max_tokens=3)  # and it still works


def test_empty_prompt_message(qtbot: QtBot, panel: CompletionPanel) -> None:
    panel.prompt.setPlainText("   ")
    panel.generate()
    assert "empty" in panel.status.text()
    assert not panel.busy()


def test_no_model_says_how_to_load_one(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    panel = make_window(start_host=False, panel="Completion").panel("Completion")
    assert "No model loaded" in panel.model_note.text() and panel.load_default_btn.isVisibleTo(panel)
    assert not panel.generate_btn.isEnabled()
    assert not panel.source_pick.isVisibleTo(panel)  # "Run on" shows once the app has a server
    panel.prompt.setPlainText("Hello")
    panel.generate()
    assert "Load a model first" in panel.status.text() and not panel.busy()


def test_host_death_mid_run_keeps_the_prompt(qtbot: QtBot, panel: CompletionPanel) -> None:
    panel.prompt.setPlainText("Once upon a time")
    panel.max_tokens.setValue(500)
    panel.temperature.setValue(0.0)

    def kill_on_first_token(_rid: int, _token: object) -> None:
        panel.models.token.disconnect(kill_on_first_token)
        pid = panel.models.host_pid()
        assert pid is not None
        os.kill(pid, signal.SIGKILL)

    panel.models.token.connect(kill_on_first_token)
    with qtbot.waitSignal(panel.models.hostDied, timeout=60000):
        panel.generate()
    assert panel.prompt.toPlainText() == "Once upon a time"
    assert not panel.busy()
    assert "stopped" in panel.status.text()
    assert panel.load_default_btn.isVisibleTo(panel)


def test_presets_fill_the_form(qtbot: QtBot, panel: CompletionPanel) -> None:
    for index, (_name, mode, text, overrides) in enumerate(PRESETS, start=1):
        panel.apply_preset(index)
        assert panel.mode.currentData() == mode
        assert panel.prompt.toPlainText() == text
        if "max_tokens" in overrides:
            assert panel.max_tokens.value() == overrides["max_tokens"]


def test_chat_mode_keeps_the_conversation(qtbot: QtBot, panel: CompletionPanel) -> None:
    panel.mode.setCurrentIndex(panel.mode.findData("chat"))
    panel.prompt.setPlainText("Say hello.")
    panel.max_tokens.setValue(8)
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        panel.generate()
    assert [m["role"] for m in panel.messages] == ["user", "assistant"]
    assert panel.prompt.toPlainText() == ""
    assert "User: Say hello." in panel.output.toPlainText()


def test_compare_runs_the_same_prompt_on_the_base_model(qtbot: QtBot, panel: CompletionPanel) -> None:
    assert "(base)" in panel.compare_model.currentText()  # the base model is preferred
    panel.compare.setChecked(True)
    panel.prompt.setPlainText("The capital of France is")
    panel.max_tokens.setValue(6)
    panel.temperature.setValue(0.0)
    panel.generate()
    qtbot.waitUntil(lambda: panel.run is not None and "compare" in panel.run, timeout=120000)
    compare = panel.run["compare"]  # type: ignore[index]
    assert compare["model"] == "Gemma 3 270M"
    assert compare["tokens"] and compare["output"] == "".join(t["text"] for t in compare["tokens"])
    assert panel.compare_output.toPlainText().startswith("The capital of France is")
    assert re.search(r"\d+ token", panel.compare_box.figures.text())  # "%n token(s)", the generated count


def test_probability_toggle_redraws_exactly_the_same_text(qtbot: QtBot, panel: CompletionPanel) -> None:
    panel.stop.setText("9")
    generate(qtbot, panel, "1, 2, 3, 4, 5,", max_tokens=30)
    assert panel.run is not None and panel.run["stop_reason"] == "stop"
    before = panel.output.toPlainText()
    panel.token_tab.show_probs.setChecked(False)
    assert panel.output.toPlainText() == before
    panel.token_tab.show_probs.setChecked(True)
    assert panel.output.toPlainText() == before


def test_stopped_chat_reply_is_not_added_to_the_conversation(qtbot: QtBot, panel: CompletionPanel) -> None:
    panel.mode.setCurrentIndex(panel.mode.findData("chat"))
    panel.prompt.setPlainText("Tell me a long story.")
    panel.max_tokens.setValue(400)
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        panel.generate()
        qtbot.waitUntil(lambda: panel.run is not None and len(panel.run["tokens"]) >= 1, timeout=30000)
        panel.stop_generation()
    assert panel.messages == []
    assert panel.prompt.toPlainText() == "Tell me a long story."
    # History tells the stopped reply from a finished one (they looked the same)
    rows = panel.history_tab.list
    qtbot.waitUntil(lambda: rows.count() >= 1 and "stopped by you" in rows.item(0).text(), timeout=10000)
    panel.max_tokens.setValue(2)
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        panel.generate()
    qtbot.waitUntil(lambda: rows.count() >= 2, timeout=10000)
    assert "stopped by you" not in rows.item(0).text() and "stopped by you" in rows.item(1).text()


def test_compare_saves_each_run_once(qtbot: QtBot, panel: CompletionPanel, fresh_home: Path) -> None:
    saved: list[int] = []
    panel.history.changed.connect(lambda runs: saved.append(len(runs)))
    panel.compare.setChecked(True)
    panel.prompt.setPlainText("Hello")
    panel.max_tokens.setValue(3)
    panel.generate()
    qtbot.waitUntil(lambda: panel.comparison.comparing, timeout=60000)
    assert panel.busy()
    panel.generate()  # refused while the comparison runs
    qtbot.waitUntil(lambda: not panel.busy(), timeout=120000)
    qtbot.waitUntil(lambda: bool(saved) and saved[-1] == 1, timeout=10000)
    assert panel.compare_models is not None
    pid = panel.compare_models.host_pid()
    assert pid is not None
    with qtbot.waitSignal(panel.compare_models.hostDied, timeout=10000):
        os.kill(pid, signal.SIGKILL)
    qtbot.wait(300)
    assert len(saved_runs(history_path(fresh_home))) == 1  # a late failure of the idle host saves nothing more


def test_quitting_while_the_second_model_loads_keeps_the_first_run(
    qtbot: QtBot, panel: CompletionPanel, fresh_home: Path
) -> None:
    panel.compare.setChecked(True)
    panel.prompt.setPlainText("The capital of France is")
    panel.max_tokens.setValue(4)
    panel.temperature.setValue(0.0)
    panel.generate()
    qtbot.waitUntil(lambda: panel.comparison.comparing, timeout=60000)  # the first run is done; the second loads
    status = panel.status.text()
    first = panel.run
    assert first is not None and first["stop_reason"] in ("length", "eos")
    panel.window().close()  # what quitting does
    runs = saved_runs(history_path(fresh_home))
    assert len(runs) == 1
    assert runs[0]["prompt"] == "The capital of France is" and runs[0]["output"] == first["output"]
    compare = runs[0]["compare"]
    assert isinstance(compare, dict) and compare["stop_reason"] == "closed"
    assert not status.startswith("Done")  # not while the second model is still to run


def test_quitting_during_a_run_saves_what_it_has(
    qtbot: QtBot, panel: CompletionPanel, fresh_home: Path, make_window: Callable[..., Any]
) -> None:
    panel.prompt.setPlainText("Once upon a time")
    panel.max_tokens.setValue(400)
    panel.generate()
    qtbot.waitUntil(lambda: panel.run is not None and len(panel.run["tokens"]) >= 2, timeout=30000)
    panel.window().close()
    runs = saved_runs(history_path(fresh_home))
    assert len(runs) == 1 and runs[0]["stop_reason"] == "closed"
    assert runs[0]["output"] and len(runs[0]["tokens"]) >= 2
    # the next start shows it and says it was cut off (a new user took it for a finished run)
    # the save's answer (the run's id, kept to reopen it) comes on the loop's next turn, as in the app
    # before its Quit event
    qtbot.waitUntil(lambda: panel.settings.get_int(LAST_RUN, 0) > 0, timeout=5000)
    again = make_window(start_host=False, panel="Completion").panel("Completion")
    qtbot.waitUntil(lambda: "The last run" in again.status.text(), timeout=10000)
    assert "cut off when the app was closed" in again.status.text(), again.status.text()
    assert again.run is not None and again.run["output"] == runs[0]["output"], (again.output.toPlainText(), runs[0])


def test_compare_in_chat_mode_gives_each_model_its_own_format(
    qtbot: QtBot, panel: CompletionPanel, fresh_home: Path, tmp_path: Path
) -> None:
    panel.mode.setCurrentIndex(panel.mode.findData("chat"))
    panel.compare.setChecked(True)
    assert "the second model has no chat template" in panel.model_note.text()  # the template cannot serve it
    panel.chat_format.setCurrentIndex(panel.chat_format.findData("gemma"))  # for the base model
    assert "gets Gemma" in panel.model_note.text()
    panel.prompt.setPlainText("What is the capital of France?")
    panel.max_tokens.setValue(6)
    panel.temperature.setValue(0.0)
    panel.generate()
    qtbot.waitUntil(lambda: panel.comparison.comparing, timeout=60000)
    qtbot.waitUntil(lambda: not panel.busy(), timeout=120000)
    run = panel.run
    assert run is not None
    assert run["settings"]["chat_format"] == "template"  # SmolLM keeps its own template (ChatML)
    assert "<|im_start|>" in run["rendered_prompt"] and "<start_of_turn>" not in run["rendered_prompt"]
    assert "<end_of_turn>" not in run["output"]
    assert run["compare"]["chat_format"] == "gemma" and run["compare"]["model"] == "Gemma 3 270M"
    assert panel.status.text().startswith("Done")
    qtbot.waitUntil(lambda: saved_runs(history_path(fresh_home))[0].get("compare") == run["compare"], timeout=10000)
    runs = saved_runs(history_path(fresh_home))
    assert len(runs) == 1
    panel.history_tab.export_to(runs[0], tmp_path / "run.md", "md")
    panel.history_tab.export_to(runs[0], tmp_path / "run.json", "json")
    qtbot.waitUntil(lambda: "run.json" in panel.status.text(), timeout=10000)
    markdown = (tmp_path / "run.md").read_text()
    assert "- chat_format: template" in markdown and "## Compared with Gemma 3 270M" in markdown
    assert "- chat_format: gemma" in markdown
    assert json.loads((tmp_path / "run.json").read_text())["compare"]["chat_format"] == "gemma"


def test_compare_in_chat_with_a_model_without_a_template_is_refused_before_loading(
    qtbot: QtBot, panel: CompletionPanel
) -> None:
    """Issue 23 item 3: the base model would load (about 650 MB) only to fail; it is checked first."""
    panel.mode.setCurrentIndex(panel.mode.findData("chat"))
    panel.compare.setChecked(True)
    assert "(base)" in panel.compare_model.currentText()
    panel.chat_format.setCurrentIndex(panel.chat_format.findData("template"))
    panel.prompt.setPlainText("What is the capital of France?")
    panel.generate()
    assert not panel.busy() and panel.run is None
    assert "has no chat template" in panel.status.text() and "Gemma 3 270M" in panel.status.text()
    qtbot.wait(300)
    assert panel.compare_models is None  # no second host was started, nothing was loaded
    assert panel.prompt.toPlainText() == "What is the capital of France?"


def test_chat_focus_stays_in_the_message_box_after_generate(qtbot: QtBot, panel: CompletionPanel) -> None:
    panel.mode.setCurrentIndex(panel.mode.findData("chat"))
    panel.system.setText("You are brief.")
    panel.prompt.setPlainText("Say hello.")
    panel.max_tokens.setValue(4)
    panel.temperature.setValue(0.0)
    panel.activateWindow()
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        qtbot.mouseClick(panel.generate_btn, Qt.MouseButton.LeftButton)
    qtbot.wait(50)
    assert panel.window().focusWidget() is panel.prompt
    assert panel.system.selectedText() == "" and panel.system.text() == "You are brief."


def test_an_example_can_be_undone(qtbot: QtBot, panel: CompletionPanel) -> None:
    panel.prompt.setPlainText("")
    qtbot.keyClicks(panel.prompt, "my own careful prompt")
    panel.apply_preset(1)
    assert panel.prompt.toPlainText() == PRESETS[0][2]
    status = panel.status.text()
    panel.prompt.setFocus()
    qtbot.keyClick(panel.prompt, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.prompt.toPlainText() == "my own careful prompt"
    assert "Ctrl+Z" in status  # and the status line says how
    panel.input.save_draft()  # the draft follows the box, so it holds the typed text again
    assert panel.input.draft_path.read_text(encoding="utf-8") == "my own careful prompt"


def test_reopening_a_run_shows_its_own_comparison_or_none(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    panel = make_window(start_host=False, panel="Completion").panel("Completion")
    token = {"token": 1, "text": " Paris", "p": 0.9, "t": 0.05, "alts": [[1, " Paris", 0.9]]}
    base = {"created": 1.0, "mode": "completion", "prompt": "The capital of France is", "tokens": [token]}
    other = {"model": "Gemma 3 270m", "tokens": [{**token, "text": " a"}], "output": " a", "metrics": {}}
    panel.compare.setChecked(True)
    panel.show_run({**base, "compare": other})
    assert panel.compare_box.isVisibleTo(panel)
    assert panel.compare_output.toPlainText() == "The capital of France is a"
    assert "Gemma 3 270m" in panel.compare_box.title.text()
    panel.prompt.setPlainText("A prompt of my own")
    panel.show_run({**base, "prompt": "Once upon a time"})  # a run saved without a comparison
    assert panel.compare_output.toPlainText() == ""
    assert "same prompt" not in panel.compare_box.title.text()
    assert panel.output.toPlainText() == "Once upon a time Paris"
    # Generate runs what the box says: the reopened run's prompt is put there, as one edit Ctrl+Z undoes.
    assert panel.prompt.toPlainText() == "Once upon a time" and "Ctrl+Z" in panel.status.text()
    panel.prompt.undo()
    assert panel.prompt.toPlainText() == "A prompt of my own"


def test_the_panel_fits_1024x640_and_scrolls_below(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    """Chat mode with Compare shows every control at once; in a 1024x640 window nothing overlaps and
    nothing scrolls; smaller, it scrolls instead."""
    window = make_window(start_host=False, panel="Completion")
    panel = window.panel("Completion")
    qtbot.waitUntil(lambda: panel.compare_model.count() > 0, timeout=60000)
    panel.mode.setCurrentIndex(panel.mode.findData("chat"))
    panel.compare.setChecked(True)
    key = [
        panel.mode, panel.preset, panel.chat_format, panel.compare, panel.compare_model, panel.generate_btn,
        panel.stop_btn, panel.system, panel.prompt, panel.input.clear_chat_btn, panel.output, panel.compare_box,
        panel.tabs, panel.status,
    ]  # fmt: skip

    def rect(w: QWidget) -> QRect:
        return QRect(w.mapTo(panel, QPoint(0, 0)), w.size())

    for size, scrolls in (((1024, 640), False), ((800, 500), None), ((640, 350), True)):
        window.resize(*size)
        qtbot.wait(50)
        bars = panel.scroll_area.horizontalScrollBar(), panel.scroll_area.verticalScrollBar()
        if scrolls is not None:
            assert any(b.isVisible() for b in bars) == scrolls, size
        for i, a in enumerate(key):
            assert a.isVisible()
            hint = a.minimumSizeHint()
            assert a.width() >= hint.width() and a.height() >= hint.height(), (size, a)
            for b in key[i + 1 :]:
                assert not rect(a).intersects(rect(b)), (size, a, b)


def test_history_that_cannot_be_saved_is_shown_and_runs_still_list(
    qtbot: QtBot, make_window: Callable[..., Any], default_model: Path, fresh_home: Path
) -> None:
    fresh_home.mkdir(parents=True, exist_ok=True)
    (fresh_home / "data").write_text("a file where the data folder should be")
    panel = open_completion(qtbot, make_window, default_model)
    history = panel.history_tab
    qtbot.waitUntil(lambda: not history.note.isHidden(), timeout=10000)
    assert "cannot be written" in history.note.text()
    assert panel.tabs.tabText(panel.tabs.indexOf(history)) == "History (not saved)"
    generate(qtbot, panel, "Hello", max_tokens=2)
    qtbot.waitUntil(lambda: history.list.count() == 1, timeout=10000)  # kept for this session


def test_a_restart_remembers_compare_the_chat_format_and_the_last_conversation(
    qtbot: QtBot, make_window: Callable[..., Any], default_model: Path
) -> None:
    """Issue 23 item 11: the Compare tick box, the chat format and the last conversation's output come back
    after a restart (the prompt itself always did)."""
    panel = open_completion(qtbot, make_window, default_model)
    panel.mode.setCurrentIndex(panel.mode.findData("chat"))
    panel.chat_format.setCurrentIndex(panel.chat_format.findData("gemma"))
    panel.prompt.setPlainText("Say hello.")
    panel.max_tokens.setValue(6)
    panel.temperature.setValue(0.0)
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        panel.generate()
    run = panel.run
    assert run is not None
    panel.compare.setChecked(True)
    shown = panel.output.toPlainText()
    assert shown.startswith("User: Say hello.") and shown.endswith(run["output"])
    qtbot.waitUntil(lambda: panel.history_tab.list.count() == 1, timeout=10000)
    panel.window().close()

    again = make_window(start_host=False, panel="Completion").panel("Completion")
    assert again.compare.isChecked() and again.compare_box.isVisibleTo(again)
    assert again.chat_format.currentData() == "gemma" and again.mode.currentData() == "chat"
    qtbot.waitUntil(lambda: again.output.toPlainText() == shown, timeout=10000)
    assert again.messages == [*run["messages"], {"role": "assistant", "content": run["output"]}]
    assert "The last run" in again.status.text()


def test_a_chat_reply_cut_off_by_a_quit_is_said_to_be_outside_the_conversation(qtbot: QtBot) -> None:
    """Reopened at start, a chat reply that a quit cut off is shown, but the conversation behind it is not
    kept: Generate would send the question again without it, so the status line says so."""
    from desktop.ui.panels.completion.texts import last_run_text

    chat = last_run_text({"stop_reason": "closed", "mode": "chat"}, "2026-12-04 18:31")
    assert chat.endswith("what it made is kept here, but it is not part of the conversation."), chat
    plain = last_run_text({"stop_reason": "closed", "mode": "completion"}, "2026-12-04 18:31")
    assert plain.endswith("cut off when the app was closed; what it made is kept."), plain
    assert last_run_text({"stop_reason": "length", "mode": "chat"}, "x") == "The last run, from x."
