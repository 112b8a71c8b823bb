"""Lessons panel: chapter 1 as a guided workshop, done in the app's real panels. Each lesson has a goal, steps
that name a panel, a Show me that opens that panel set up as the lesson describes, what to look for, and
questions: multiple choice, or a check the app makes against its own state. Progress is kept between
sessions; an instructor jumps to any lesson, sees which are done, and resets them for a new group.

The shell: it lays out the outline (``outline.py``) and the lesson (``page.py``, ``questions.py``) and wires
them to the lessons service (the files and the progress) and to the actions (``actions.py``: Show me and
the checks, on the window's panels)."""

from __future__ import annotations

import sys
import traceback

from PySide6.QtWidgets import QFrame, QMessageBox, QSplitter, QVBoxLayout, QWidget

from desktop import i18n
from desktop.core.lessons import Call, Lesson
from desktop.i18n import translate_message
from desktop.services.lessons_service import LessonsService
from desktop.services.settings import Settings
from desktop.ui.language import on_language_change
from desktop.ui.panels.lessons import actions
from desktop.ui.panels.lessons.actions import CheckResult, ShowMeError, Workbench
from desktop.ui.panels.lessons.outline import LessonOutline
from desktop.ui.panels.lessons.page import LessonPage
from desktop.ui.panels.lessons.questions import WRONG_STYLE, plain
from desktop.ui.widgets.fit_scroll import fit_scroll

OUTLINE_WIDTH = 250
NAME = "Lessons"  # this panel's key in the window


class LessonsPanel(QWidget):
    """``bench``: the window, whose panels the lessons open and check; ``panels``: their names (lesson files
    may name only these)."""

    def __init__(
        self, bench: Workbench, settings: Settings, panels: tuple[str, ...], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.bench = bench
        self.service = LessonsService(settings, actions.vocabulary(panels), parent=self)
        self.confirm: QMessageBox | None = None
        root = QVBoxLayout(self)
        self.problems = plain()
        self.problems.setStyleSheet(WRONG_STYLE)
        self.problems.setFrameShape(QFrame.Shape.StyledPanel)
        root.addWidget(self.problems)
        split = QSplitter()
        split.setChildrenCollapsible(False)
        self.outline = LessonOutline()
        self.outline.setMinimumWidth(200)
        self.page = LessonPage(self._check)
        self.page_scroll = fit_scroll(self.page)
        split.addWidget(self.outline)
        split.addWidget(self.page_scroll)
        split.setStretchFactor(1, 1)
        split.setSizes([OUTLINE_WIDTH, 600])
        root.addWidget(split, 1)
        self.empty = plain()
        root.addWidget(self.empty)
        self.outline.chosen.connect(self.open_lesson)
        self.outline.resetWanted.connect(self.ask_reset)
        self.outline.reloadWanted.connect(self.service.reload)
        self.page.showMe.connect(self.show_me)
        self.page.answered.connect(self._on_answered)
        self.page.doneToggled.connect(self._on_done_toggled)
        self.page.moved.connect(self._move)
        self.service.loaded.connect(self._on_loaded)
        self.service.progressChanged.connect(self._on_progress)
        on_language_change(self, self.retranslate)
        self._on_loaded()

    # -- what scripts and tests use ----------------------------------------------------------------------
    def lessons(self) -> list[Lesson]:
        return self.service.lessons

    def current_lesson(self) -> Lesson | None:
        return self.page.lesson

    def open_lesson(self, lesson_id: str) -> None:
        lesson = self.service.lesson(lesson_id)
        if lesson is None:
            return
        if self.outline.current_id() != lesson_id:
            self.outline.select(lesson_id)  # comes back here through ``chosen``
            return
        self._render(lesson)
        self.page_scroll.verticalScrollBar().setValue(0)
        self.service.open(lesson_id)

    def show_me(self, calls: tuple[Call, ...]) -> None:
        """Do a lesson's Show me; what cannot be done is said on the lesson's page, never raised."""
        try:
            actions.show_me(self.bench, calls)
        except ShowMeError as exc:
            self.bench.show_panel(NAME)
            self.page.show_status(str(exc), False)
        except Exception as exc:  # a panel that changed under the lesson: say so, keep the app
            traceback.print_exc(file=sys.stderr)
            self.bench.show_panel(NAME)
            text = self.tr("Show me could not be done: {error}").format(error=f"{type(exc).__name__}: {exc}")
            self.page.show_status(text, False)
        else:
            self.page.show_status("", True)

    def ask_reset(self) -> None:
        """Reset progress, after a question (a room's progress is not lost by one click)."""
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Reset progress"),
            self.tr("Forget which lessons are done and every answer given? The lessons stay as they are."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.accepted.connect(self._reset)
        self.confirm = box
        box.open()

    # -- wiring ------------------------------------------------------------------------------------------
    def _language(self) -> str:
        return i18n.current_language()

    def _lesson_id(self) -> str:
        return self.page.lesson.id if self.page.lesson is not None else ""

    def _check(self, call: Call) -> CheckResult:
        try:
            return actions.check(self.bench, call)
        except Exception as exc:  # as for Show me: a message, never a crash
            traceback.print_exc(file=sys.stderr)
            text = self.tr("The check could not be made: {error}").format(error=f"{type(exc).__name__}: {exc}")
            return CheckResult(False, text)

    def _on_loaded(self) -> None:
        service = self.service
        folders = (service.folders[0], service.folders[1])
        self.outline.set_lessons(service.lessons, service.progress, self._language(), folders)
        self._show_problems()
        self.page_scroll.setVisible(bool(service.lessons))
        self.retranslate()
        wanted = [service.progress.current, self._lesson_id()]
        found = next((lesson for lesson in map(service.lesson, wanted) if lesson is not None), None)
        if found is None and service.lessons:
            found = service.lessons[0]
        if found is not None:
            self.open_lesson(found.id)

    def _show_problems(self) -> None:
        lines = [
            self.tr("{file} was not loaded: {problem}.").format(file=p.where, problem=translate_message(p.text))
            for p in self.service.problems
        ]
        self.problems.setText("\n".join(lines))
        self.problems.setVisible(bool(lines))

    def _on_progress(self) -> None:
        progress = self.service.progress
        self.outline.show_progress(progress)
        self.page.set_done(self._lesson_id() in progress.done)

    def _on_answered(self, index: int, right: bool) -> None:
        lesson = self.page.lesson
        if right and lesson is not None:
            self.service.answer(lesson, index)

    def _on_done_toggled(self, done: bool) -> None:
        if self._lesson_id():
            self.service.mark(self._lesson_id(), done)

    def _move(self, step: int) -> None:
        ids = [lesson.id for lesson in self.service.lessons]
        current = self._lesson_id()
        if current in ids:
            target = ids.index(current) + step
            if 0 <= target < len(ids):
                self.open_lesson(ids[target])

    def _reset(self) -> None:
        self.service.reset()
        self._render(self.service.lesson(self._lesson_id()))  # its questions, unanswered again
        self.service.open(self._lesson_id())

    def _render(self, lesson: Lesson | None) -> None:
        """``lesson`` on the page, in the installed language, with the progress as it is now."""
        if lesson is None:
            return
        lessons = self.service.lessons
        number = lessons.index(lesson) + 1
        self.page.show_lesson(lesson, number, len(lessons), self.service.progress, self._language())

    def retranslate(self) -> None:
        """Static texts, and the lesson itself, in the installed language."""
        self.outline.language = self._language()
        self.outline.retranslate()
        self.page.retranslate()
        self._show_problems()
        self.empty.setText(
            self.tr("No lessons were found. Lesson files go in “{folder}”.").format(folder=self.service.folders[-1])
        )
        self.empty.setVisible(not self.service.lessons)
        self._render(self.service.lesson(self._lesson_id()))
