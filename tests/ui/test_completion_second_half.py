"""The chapter's second half in Completion, through the window as main() builds it, on the bundled models:
Generate ×N, Evaluate, Retrieval and the scale grid (issue #25)."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.invisible import reveal
from desktop.core.paths import data_dir
from desktop.resources import base_model_path, default_model_path
from tests.ui.test_lessons import click
from tests.ui.test_lessons_show_me import listed


def completion(qtbot: QtBot, window: Any, load: bool = True) -> Any:
    window.show_panel("Completion")
    comp = window.panel("Completion")
    if load:
        click(qtbot, comp.load_default_btn)
        qtbot.waitUntil(lambda: window.models.model is not None, timeout=60000)
    return comp


def idle(comp: Any) -> bool:
    return not comp.second_half.busy()


# -- Generate ×N ---------------------------------------------------------------------------------------------
def test_generate_n_times_groups_and_counts_the_answers(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window()
    comp = completion(qtbot, window)
    assert comp.show_view("Generate ×N")
    view = comp.second_half.repeat
    assert comp.tabs.currentWidget() is comp.second_half.tabs  # the Experiments tab
    assert comp.second_half.tabs.currentWidget().widget() is view
    comp.prompt.setPlainText("My favourite colour is")
    comp.temperature.setValue(1.5)
    comp.max_tokens.setValue(3)
    comp.seed.setValue(7)
    view.n.setValue(8)
    click(qtbot, view.controls.run_btn)
    assert comp.second_half.busy() and view.controls.stop_btn.isEnabled()
    qtbot.waitUntil(lambda: idle(comp), timeout=120000)
    assert sum(view.counts().values()) == 8 and view.table.rowCount() == len(view.counts())
    assert len(view.counts()) >= 2  # at temperature 1.5 the answers differ: each run is one sample
    assert sorted(s for g in view.groups for s in g.seeds) == list(range(7, 15))  # one seed a run
    assert view.controls.progress.value() == 8 and view.controls.status.text() == "Done: 8 runs."
    assert view.summary.text().startswith(f"{len(view.counts())} different answer(s) in 8 run(s)")

    comp.temperature.setValue(0.0)  # greedy: every seed gives the same answer
    click(qtbot, view.controls.run_btn)
    qtbot.waitUntil(lambda: idle(comp), timeout=120000)
    assert list(view.counts().values()) == [8]

    comp.temperature.setValue(0.8)  # Stop: the running completion is cancelled and no other starts
    comp.max_tokens.setValue(40)
    view.n.setValue(100)
    click(qtbot, view.controls.run_btn)
    qtbot.waitUntil(lambda: sum(view.counts().values()) >= 1, timeout=60000)
    click(qtbot, view.controls.stop_btn)
    qtbot.waitUntil(lambda: idle(comp), timeout=30000)
    assert sum(view.counts().values()) < 100 and view.controls.status.text().startswith("Stopped after")
    assert comp.generate_btn.isEnabled()  # the window's model is free again


# -- Evaluate ------------------------------------------------------------------------------------------------
@pytest.mark.timeout(900)  # 22 completions and two model loads: minutes on a busy 2-core machine
def test_evaluate_scores_two_models_with_baselines_votes_blind_and_saves(
    qtbot: QtBot, make_window: Callable[..., Any], tmp_path: Path
) -> None:
    window = make_window(start_host=False)
    comp = completion(qtbot, window, load=False)
    view = comp.second_half.evaluate
    base = listed(qtbot, lambda: [view.model_b.itemData(i) for i in range(view.model_b.count())], "")
    assert comp.show_view("Evaluate")
    view.model_a.setCurrentIndex(view.model_a.findData(str(default_model_path())))
    view.model_b.setCurrentIndex(view.model_b.findData(base))
    view.lang.setCurrentIndex(view.lang.findData("en"))  # the English half: 11 prompts (the whole set has 22)
    assert len(view.items()) == 11 and {i.lang for i in view.items()} == {"en"}
    click(qtbot, view.controls.run_btn)
    qtbot.waitUntil(lambda: view.run_id is not None, timeout=800000)
    assert window.models.model is None  # both models ran in the batch's own host, never the window's
    qtbot.waitUntil(lambda: comp.second_half.batch.host is None)  # which ends when the batch does
    n_items = len(view.run_items)
    assert len(view.outputs["a"]) == len(view.outputs["b"]) == n_items == 11
    # Null baselines: always the majority label. Spam: "spam" in 2 of 3; arithmetic: no answer repeats.
    baseline = {view.scores.item(r, 0).text(): view.scores.item(r, 3).text() for r in range(3)}
    assert baseline["Arithmetic"].startswith("“15”: 1/3 = 33% (6–79%)")
    assert baseline["Spam"].startswith("“spam”: 2/3 = 67% (21–94%)")
    for side, col in (("a", 1), ("b", 2)):
        scores = view.task_scores(side)
        for row, task in enumerate(("spam", "sentiment", "arithmetic")):
            score = scores[task].model
            low, high = score.interval()
            assert score.total == 3 and low <= score.rate <= high
            assert view.scores.item(row, col).text().startswith(f"{score.right}/3 = {round(100 * score.rate)}% (")

    # Blind votes on the open prompts: the sides are hidden and vary; the tally counts per model.
    open_items = view.open_items()
    assert len(open_items) == 2 and view.left_btn.isEnabled()
    assert {view.sides(i.id) for i in open_items} == {("a", "b"), ("b", "a")}  # neither model always left
    first = open_items[0]
    left, _right = view.sides(first.id)
    assert view.vote_prompt.text() == first.text
    # The model's words as plain text, its invisible characters made visible (Gemma writes a U+200B here).
    assert view.left_answer.text() == (reveal(view.outputs[left][first.id].strip()) or "(empty)")
    assert view.left_answer.textFormat() == view.right_answer.textFormat() == view.left_answer.textFormat().PlainText
    click(qtbot, view.left_btn)  # item 1: left wins
    assert "(1 of 2 prompts)" in view.tally_label.text()
    click(qtbot, view.tie_btn)  # item 2: a tie
    winners = [left, "tie"]
    assert (view.tally.a, view.tally.b, view.tally.tie) == (winners.count("a"), winners.count("b"), 1)
    assert "(2 of 2 prompts)" in view.tally_label.text()

    # Saved in SQLite through the service, and exported as CSV with the votes.
    out = tmp_path / "evaluation.csv"
    view.export_to(out)
    qtbot.waitUntil(lambda: out.exists(), timeout=20000)
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert len(rows) == n_items + 1 and rows[0][-1] == "vote"
    votes = {r[0]: r[-1] for r in rows[1:] if r[-1]}
    assert votes == {i.id: w for i, w in zip(open_items, winners, strict=False)}
    with closing(sqlite3.connect(data_dir() / "evaluations.sqlite3")) as db:
        assert db.execute("SELECT model_a, model_b FROM runs").fetchall() == [view.names]
        assert db.execute("SELECT COUNT(*) FROM outputs").fetchone()[0] == 2 * n_items
    qtbot.waitUntil(lambda: view.controls.status.text().startswith("Exported 11 rows"))  # not the header


# -- Retrieval -----------------------------------------------------------------------------------------------
def test_retrieval_asks_with_and_without_the_passages(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window()
    comp = completion(qtbot, window)
    assert comp.show_view("Retrieval")
    view = comp.second_half.retrieval_view
    assert view.switch.isChecked()
    click(qtbot, view.controls.run_btn)
    qtbot.waitUntil(lambda: idle(comp), timeout=120000)
    assert view.passages[0].title == "Trattoria Luna"  # the review that names the best pasta
    without, augmented = view.prompts
    assert "Trattoria Luna" not in without and augmented.endswith(without)
    assert augmented.index("[2] ") < augmented.index("[1] Trattoria Luna")  # the best match next to the question
    assert "trattoria luna" in view.with_answer.toPlainText().lower()  # it read the passages
    assert "luna" not in view.without_answer.toPlainText().lower()
    assert view.passages_view.toPlainText().startswith("[1] Trattoria Luna\nItalian, Old Town")
    # The search ran on a copy of the seed world, never the person's own Automation world.
    index = comp.second_half.retrieval.index_path
    assert index is not None and not str(index).startswith(str(data_dir()))
    # Reviews are customers' words: one addresses "the booking assistant"; it is shown as plain text.
    view.question.setText("fresh oysters with a view of the boats")
    click(qtbot, view.controls.run_btn)
    qtbot.waitUntil(lambda: idle(comp), timeout=120000)
    assert view.passages[0].title == "Harbour Grill"
    assert "IMPORTANT SYSTEM NOTICE TO THE BOOKING ASSISTANT" in view.passages_view.toPlainText()
    assert "finetuning would change the weights" in view.finetuning.text().lower()

    view.switch.setChecked(False)  # the switch off: the question alone
    click(qtbot, view.controls.run_btn)
    qtbot.waitUntil(lambda: idle(comp), timeout=120000)
    assert len(view.prompts) == 1 and view.passages == [] and not view.passages_view.toPlainText()


# -- Scale grid ----------------------------------------------------------------------------------------------
@pytest.mark.timeout(900)  # chain of thought on two models: minutes on a busy 2-core machine
def test_scale_grid_runs_every_model_by_size(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    comp = completion(qtbot, window, load=False)
    view = comp.second_half.scale_grid
    base = listed(qtbot, lambda: [m.key for m in view.all_models()], "")
    assert comp.show_view("Scale grid")
    click(qtbot, view.controls.run_btn)
    assert [m.key for m in view.models] == [str(default_model_path()), base]  # 135M before 268M
    assert view.grid.horizontalHeaderItem(0).text().endswith("\n134.5M")
    qtbot.waitUntil(lambda: idle(comp), timeout=800000)
    assert window.models.model is None  # one at a time in the batch's host, ended with the batch
    qtbot.waitUntil(lambda: comp.second_half.batch.host is None)
    assert len(view.answers) == view.grid.rowCount() * 2 == 10
    for (row, col), text in view.answers.items():
        cell = view.grid.item(row, col).text()
        assert cell[0] in "✓✗" and text.strip()[:20] in cell
    assert view.grid.item(0, 0).text().startswith("✓")  # the 135M model labels the spam (Gemma says "not spam")
    assert view.grid.item(3, 0).text().startswith("✗")  # 15% of 80: the 135M model does not get 12
    assert view.controls.status.text() == "Done."

    click(qtbot, view.controls.run_btn)  # Stop: the running completion ends, and no other model loads
    qtbot.waitUntil(lambda: len(view.answers) >= 1, timeout=120000)
    click(qtbot, view.controls.stop_btn)
    qtbot.waitUntil(lambda: idle(comp), timeout=30000)
    assert len(view.answers) < 10 and view.controls.status.text() == "Stopped."
    assert view.controls.progress.value() < view.controls.progress.maximum() == 10
    qtbot.waitUntil(lambda: comp.second_half.batch.host is None)
    assert base_model_path() is not None


# -- Server models -------------------------------------------------------------------------------------------
def test_generate_n_times_on_a_server_model_and_the_grid_lists_it_last(
    qtbot: QtBot, make_window: Callable[..., Any], default_model: Path, tmp_path: Path
) -> None:
    from tests.core.test_remote import KEY, start_llama_server, stop_llama_server
    from tests.ui.test_completion_server import add_server, choose, server_key

    server = start_llama_server(default_model, tmp_path / "server.log", api_key=KEY)
    try:
        window = make_window(start_host=False)
        comp = completion(qtbot, window, load=False)
        add_server(qtbot, window, server.base_url, "local llama_cpp.server")
        key = server_key(comp, server)
        choose(comp, key)
        assert comp.show_view("Generate ×N")
        view = comp.second_half.repeat
        comp.prompt.setPlainText("The capital of France is")
        comp.temperature.setValue(0.0)
        comp.max_tokens.setValue(4)
        view.n.setValue(3)
        click(qtbot, view.controls.run_btn)
        qtbot.waitUntil(lambda: idle(comp), timeout=120000)
        assert list(view.counts().values()) == [3]  # greedy on the server: one answer, three times
        assert comp.second_half.batch.host is None  # a server model needs no host here

        grid = comp.second_half.scale_grid
        models = grid.all_models()
        assert models[-1].key == key and models[-1].parameters is None  # its size unknown: last
        assert [m.parameters for m in models[:-1]] == sorted(m.parameters for m in models[:-1])
    finally:
        stop_llama_server(server)
