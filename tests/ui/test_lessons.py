"""The Lessons panel through the window as main() builds it: every bundled lesson loads, in English and in
Korean; questions answered, lessons done, progress kept across a restart and reset by an instructor; a jump
to any lesson; a broken lesson file said in words while the others work; a Show me that cannot be done said
on the page, never raised. Show me and the checks of each lesson: tests/ui/test_lessons_show_me.py."""

from __future__ import annotations

import json
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.core.lessons import Lesson
from desktop.services.lessons_service import bundled_folder, own_folder
from desktop.services.settings import Settings
from desktop.ui.panels.lessons import LessonsPanel
from desktop.ui.panels.lessons.questions import AppCheckQuestion, ChoiceQuestion
from tests.ui.test_korean import english_left

# Latin letters a Korean lesson keeps: a model's name, a token, the customers' names as the app shows them.
KOREAN_KEEPS = ("BERT", "[MASK]", "Anna", "Victor")
LESSON_IDS = [
    "tokens",
    "self-supervision",
    "masked",
    "completion",
    "tasks",
    "scale",
    "clip",
    "agents",
    "evaluation",
]


@pytest.fixture
def english_after(qapp: QApplication) -> Iterator[None]:
    yield
    i18n.install_language("en")


def lessons_of(window: Any) -> LessonsPanel:
    window.show_panel("Lessons")
    panel = window.panel("Lessons")
    assert isinstance(panel, LessonsPanel)
    return panel


def click(qtbot: QtBot, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def answer_right(qtbot: QtBot, panel: LessonsPanel, index: int) -> None:
    box = panel.page.questions[index]
    assert isinstance(box, ChoiceQuestion)
    click(qtbot, box.radios[box.question.answer])
    click(qtbot, box.button)


def test_every_bundled_lesson_loads_in_the_notes_order(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_6, Qt.KeyboardModifier.ControlModifier)  # the last entry of the sidebar
    assert window.current_panel() == "Lessons"
    panel = window.panel("Lessons")
    assert isinstance(panel, LessonsPanel)
    assert [lesson.id for lesson in panel.lessons()] == LESSON_IDS
    assert panel.service.problems == [] and not panel.problems.isVisible()
    assert sum(lesson.minutes for lesson in panel.lessons()) == 120  # the two-hour workshop
    outline = panel.outline
    assert outline.list.count() == 9
    assert outline.list.item(0).text() == "○ 1. Tokens and vocabulary (15 min)"
    assert outline.summary.text() == "Lessons done: 0 of 9. The workshop takes about 2 h."
    page = panel.page
    assert panel.current_lesson() is not None and panel.current_lesson().id == "tokens"
    assert page.title.text() == "Tokens and vocabulary"
    assert page.meta.text() == "Lesson 1 of 9 · about 15 min"
    assert page.show_me_btn.isVisible() and page.show_me_btn.text() == "Show me"
    assert [b is not None for b in page.step_buttons] == [True, False, True, True, False]
    assert [type(q) for q in page.questions] == [AppCheckQuestion, ChoiceQuestion]
    assert str(own_folder()) in outline.folder_note.text()  # where an instructor's own lessons go
    for lesson in panel.lessons():
        assert lesson.languages() >= {"en", "ko"}, lesson.id
        assert lesson.questions and lesson.steps and lesson.goal.get("en").endswith(".")


def test_the_korean_of_every_lesson_uses_no_english_but_names_and_quotes(
    qtbot: QtBot, make_window: Callable[..., Any]
) -> None:
    panel = lessons_of(make_window(start_host=False))
    found = []
    for lesson in panel.lessons():
        for korean in korean_texts(lesson):
            for kept in KOREAN_KEEPS:
                korean = korean.replace(kept, " ")
            left = english_left(korean)
            if left:
                found.append(f"{lesson.id}: {korean[:60]!r} -> {left}")
    assert not found, "\n".join(found)


def test_the_korean_of_every_lesson_speaks_the_glossarys_terms(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    import glossary

    panel = lessons_of(make_window(start_host=False))
    found = []
    for lesson in panel.lessons():
        for text in korean_texts(lesson):
            for old, new in glossary.replacements():  # e.g. 라벨 -> 레이블, 기어가기 -> 크롤
                if old in text.replace(new, ""):
                    found.append(f"{lesson.id}: {old} in {text[:60]!r}")
    assert not found, "\n".join(found)


def korean_texts(lesson: Lesson) -> list[str]:
    """Every text of a lesson in Korean (each one written in Korean, not English left as it was)."""
    texts = [lesson.title, lesson.goal, lesson.expect, *(s.text for s in lesson.steps)]
    texts += [lesson.figures] if lesson.figures else []
    for q in lesson.questions:
        texts += [q.question, *q.choices, *(t for t in (q.explanation, q.hint) if t is not None)]
    assert all(t.get("ko") != t.get("en") for t in texts), lesson.id
    return [t.get("ko") for t in texts]


def test_a_korean_window_shows_each_lesson_in_korean(
    qtbot: QtBot, make_window: Callable[..., Any], english_after: None
) -> None:
    i18n.install_language("ko")
    panel = lessons_of(make_window(start_host=False))
    assert panel.page.title.text() == "토큰과 어휘"
    panel.open_lesson("agents")
    assert panel.page.title.text() == "크롤, 워크, 런: 사람이 함께하는 에이전트"
    assert "8. 크롤, 워크, 런: 사람이 함께하는 에이전트" in panel.outline.list.item(7).text()
    i18n.install_language("en")  # the language menu's switch: the lesson follows at once
    qtbot.waitUntil(lambda: panel.page.title.text() == "Crawl, walk, run: an agent with a person in the loop")


def test_questions_answered_make_a_lesson_done_and_progress_survives_a_restart(
    qtbot: QtBot, make_window: Callable[..., Any]
) -> None:
    window = make_window(start_host=False)
    panel = lessons_of(window)
    panel.open_lesson("self-supervision")
    box = panel.page.questions[0]
    assert isinstance(box, ChoiceQuestion) and not box.button.isEnabled()
    click(qtbot, box.radios[0])  # 6, one per row: wrong
    click(qtbot, box.button)
    assert box.result.text() == "Not quite. Read the steps again and try another answer."
    assert not panel.service.progress.is_answered(panel.current_lesson(), 0)
    answer_right(qtbot, panel, 0)
    assert box.result.text().startswith("Right. That is self-supervision")
    assert "self-supervision" not in panel.service.progress.done  # one question is a check still to pass
    click(qtbot, panel.page.done_box)  # an instructor ticks it done by hand
    assert panel.outline.list.item(1).text().startswith("✓ 2.")
    assert panel.outline.summary.text().startswith("Lessons done: 1 of 9.")
    panel.open_lesson("masked")
    answer_right(qtbot, panel, 0)
    window.close()

    again = lessons_of(make_window(start_host=False, settings=Settings()))
    assert again.current_lesson() is not None and again.current_lesson().id == "masked"  # where they left off
    assert again.outline.list.item(1).text().startswith("✓ 2.")
    assert isinstance(again.page.questions[0], ChoiceQuestion)
    assert again.page.questions[0].result.text().startswith("Right.")  # answered before the restart
    assert again.page.questions[0].radios[1].isChecked()
    assert again.page.questions[1].result.isHidden()


def test_an_instructor_resets_progress_after_a_question(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    panel = lessons_of(make_window(start_host=False))
    panel.open_lesson("evaluation")
    answer_right(qtbot, panel, 0)
    answer_right(qtbot, panel, 1)
    assert "evaluation" in panel.service.progress.done  # every question right: done by itself
    assert panel.page.done_box.isChecked()
    click(qtbot, panel.outline.reset_btn)
    box = panel.confirm
    assert isinstance(box, QMessageBox) and box.isVisible()
    click(qtbot, box.button(QMessageBox.StandardButton.Cancel))
    assert "evaluation" in panel.service.progress.done  # Cancel keeps everything
    click(qtbot, panel.outline.reset_btn)
    assert panel.confirm is not None
    click(qtbot, panel.confirm.button(QMessageBox.StandardButton.Yes))
    assert not panel.service.progress.done and not panel.service.progress.answered
    assert not panel.page.done_box.isChecked()
    assert panel.page.questions[0].result.isHidden()
    assert panel.outline.list.item(8).text().startswith("○ 9.")
    assert Settings().get_str("lessons/progress", "") == panel.service.progress.to_json()
    assert panel.current_lesson() is not None and panel.current_lesson().id == "evaluation"


def test_an_instructor_jumps_to_any_lesson_and_steps_through(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    panel = lessons_of(make_window(start_host=False))
    outline, page = panel.outline, panel.page
    rect = outline.list.visualItemRect(outline.list.item(6))
    qtbot.mouseClick(outline.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.current_lesson() is not None and panel.current_lesson().id == "clip"
    assert page.meta.text() == "Lesson 7 of 9 · about 10 min"
    click(qtbot, page.next_btn)
    assert panel.current_lesson().id == "agents"
    click(qtbot, page.next_btn)
    assert panel.current_lesson().id == "evaluation" and not page.next_btn.isEnabled()
    click(qtbot, page.prev_btn)
    assert panel.current_lesson().id == "agents"
    assert outline.current_id() == "agents"


def own_lesson(name: str, change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of a bundled lesson in the instructor's own folder, changed."""
    data = json.loads((bundled_folder() / "01-tokens.json").read_text(encoding="utf-8"))
    change(data)
    folder = own_folder()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_broken_lesson_file_is_said_in_words_and_the_others_work(
    qtbot: QtBot, make_window: Callable[..., Any]
) -> None:
    def typo(data: dict[str, Any]) -> None:
        data["id"] = "my-lesson"
        data["steps"][1]["panel"] = "Tokeniser"

    path = own_lesson("20-mine.json", typo)
    (own_folder() / "21-half.json").write_text('{"id": "half", "minutes": 10,', encoding="utf-8")
    panel = lessons_of(make_window(start_host=False))
    assert [lesson.id for lesson in panel.lessons()] == LESSON_IDS
    assert panel.problems.isVisible()
    lines = panel.problems.text().splitlines()
    assert lines[0] == (
        "20-mine.json was not loaded: steps[1].panel: “Tokeniser” is not a panel "
        "(panels: Models, Tokenizer, Completion, Vision, Automation, Lessons)."
    )
    assert lines[1].startswith("21-half.json was not loaded: not valid JSON at line 1, column 30")
    assert panel.problems.textFormat() == Qt.TextFormat.PlainText

    # The instructor fixes the file and presses Reload lessons: it joins the others, last (its file name).
    typo_fixed = json.loads(path.read_text(encoding="utf-8"))
    typo_fixed["steps"][1]["panel"] = "Tokenizer"
    typo_fixed["title"]["en"] = "My own lesson"
    path.write_text(json.dumps(typo_fixed), encoding="utf-8")
    (own_folder() / "21-half.json").unlink()
    click(qtbot, panel.outline.reload_btn)
    assert not panel.problems.isVisible()
    assert [lesson.id for lesson in panel.lessons()] == [*LESSON_IDS, "my-lesson"]
    assert panel.outline.list.item(9).text() == "○ 10. My own lesson (15 min)"


def test_an_instructors_copy_replaces_a_bundled_lesson(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    def shorter(data: dict[str, Any]) -> None:
        data["minutes"] = 5
        data["title"] = {"en": "Tokens, in five minutes", "ko": "5분 만에 보는 토큰"}

    own_lesson("01-tokens.json", shorter)
    panel = lessons_of(make_window(start_host=False))
    assert [lesson.id for lesson in panel.lessons()] == LESSON_IDS
    assert panel.page.title.text() == "Tokens, in five minutes"
    assert panel.outline.summary.text().endswith("The workshop takes about 1 h 50 min.")
    shutil.rmtree(own_folder())


def test_a_show_me_that_cannot_be_done_is_said_on_the_page(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    def missing_example(data: dict[str, Any]) -> None:
        data["id"] = "missing"
        data["show_me"] = [{"action": "tokenizer.show", "args": {"example": "No such example"}}]

    own_lesson("30-missing.json", missing_example)
    window = make_window(start_host=False)
    panel = lessons_of(window)
    panel.open_lesson("missing")
    click(qtbot, panel.page.show_me_btn)
    assert window.current_panel() == "Lessons"
    assert panel.page.status.isVisible()
    assert panel.page.status.text() == "The Tokenizer has no example “No such example”."


def test_a_lesson_without_its_view_says_which_view_it_needs(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    panel = lessons_of(window)
    panel.open_lesson("evaluation")
    evaluate = panel.page.step_buttons[1]
    assert evaluate is not None
    if hasattr(window.panel("Completion"), "show_view"):
        pytest.skip("Completion has show_view: tests/ui/test_lessons_show_me.py tests the Evaluate view's Show me")
    window.show_panel("Lessons")
    click(qtbot, evaluate)
    assert window.current_panel() == "Lessons"
    assert panel.page.status.text().startswith("This needs the Evaluate view, which this version of the app does not")
