"""One lesson on screen: its goal, the steps (each naming a panel, some with a Show me of their own), the
lesson's Show me, what the attendee should see, the notes' figures checked, and the questions. Lesson text is
data from a file: it is shown as plain text, in the app's language (English where a file lacks it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QLayout, QPushButton, QVBoxLayout, QWidget

from desktop.core.lessons import Call, Lesson, Progress
from desktop.i18n import format_int
from desktop.ui.panels.lessons.actions import CheckResult
from desktop.ui.panels.lessons.questions import (
    RIGHT_STYLE,
    WRONG_STYLE,
    AppCheckQuestion,
    ChoiceQuestion,
    QuestionBox,
    plain,
)


def heading(size: float = 0) -> QLabel:
    label = QLabel()
    font = QFont(label.font())
    font.setBold(True)
    if size:
        font.setPointSizeF(font.pointSizeF() + size)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def clear(layout: QLayout) -> None:
    """Remove every widget and row a layout holds (the previous lesson's steps or questions)."""
    while (item := layout.takeAt(0)) is not None:
        widget, inner = item.widget(), item.layout()
        if widget is not None:
            widget.hide()  # gone from the page at once, not when the event loop deletes it
            widget.deleteLater()
        elif inner is not None:
            clear(inner)


class LessonPage(QWidget):
    showMe = Signal(tuple)  # the calls to make (a tuple of desktop.core.lessons.Call)
    answered = Signal(int, bool)  # question index, right
    doneToggled = Signal(bool)
    moved = Signal(int)  # -1 previous lesson, +1 next

    def __init__(self, checker: Callable[[Call], CheckResult], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checker = checker
        self.lesson: Lesson | None = None
        self.number = self.total = 0
        self.step_buttons: list[QPushButton | None] = []
        self.questions: list[QuestionBox] = []
        root = QVBoxLayout(self)
        top = QHBoxLayout()
        self.meta = QLabel()
        self.done_box = QCheckBox()
        self.done_box.toggled.connect(self.doneToggled)
        top.addWidget(self.meta, 1)
        top.addWidget(self.done_box)
        root.addLayout(top)
        self.title = heading(4)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.goal = plain()
        for w in (self.title, self.goal):
            root.addWidget(w)
        show_row = QHBoxLayout()
        self.show_me_btn = QPushButton()
        bold = QFont(self.show_me_btn.font())
        bold.setBold(True)
        self.show_me_btn.setFont(bold)
        self.show_me_btn.clicked.connect(lambda: self.lesson is not None and self.showMe.emit(self.lesson.show_me))
        show_row.addWidget(self.show_me_btn)
        show_row.addStretch(1)
        root.addLayout(show_row)
        self.status = plain()
        self.status.setVisible(False)
        root.addWidget(self.status)
        self.steps_heading = heading()
        root.addWidget(self.steps_heading)
        self.steps = QVBoxLayout()
        root.addLayout(self.steps)
        self.expect_heading = heading()
        self.expect = plain()
        self.figures_heading = heading()
        self.figures = plain()
        self.questions_heading = heading()
        for w in (self.expect_heading, self.expect, self.figures_heading, self.figures, self.questions_heading):
            root.addWidget(w)
        self.question_list = QVBoxLayout()
        root.addLayout(self.question_list)
        nav = QHBoxLayout()
        self.prev_btn = QPushButton()
        self.next_btn = QPushButton()
        self.prev_btn.clicked.connect(lambda: self.moved.emit(-1))
        self.next_btn.clicked.connect(lambda: self.moved.emit(1))
        nav.addWidget(self.prev_btn)
        nav.addStretch(1)
        nav.addWidget(self.next_btn)
        root.addLayout(nav)
        root.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.done_box.setText(self.tr("Done"))
        self.done_box.setToolTip(
            self.tr("A lesson is done once each question is answered right; tick or untick it here.")
        )
        self.steps_heading.setText(self.tr("Steps"))
        self.show_me_btn.setText(self.tr("Show me"))
        self.show_me_btn.setToolTip(self.tr("Open the panel this lesson starts in, set up as the lesson describes."))
        self.expect_heading.setText(self.tr("What you should see"))
        self.figures_heading.setText(self.tr("The notes, checked against the app"))
        self.questions_heading.setText(self.tr("Check your understanding"))
        self.prev_btn.setText(self.tr("← Previous lesson"))
        self.next_btn.setText(self.tr("Next lesson →"))
        for button in self.step_buttons:
            if button is not None:
                button.setText(self.tr("Show me"))
        self._show_meta()

    def _show_meta(self) -> None:
        if self.lesson is None:
            self.meta.setText("")
            return
        self.meta.setText(
            self.tr("Lesson {number} of {total} · about {minutes} min").format(
                number=format_int(self.number), total=format_int(self.total), minutes=format_int(self.lesson.minutes)
            )
        )

    # -- a lesson ----------------------------------------------------------------------------------------
    def show_lesson(self, lesson: Lesson, number: int, total: int, progress: Progress, language: str) -> None:
        self.lesson, self.number, self.total = lesson, number, total
        self._show_meta()
        self.done_box.blockSignals(True)
        self.done_box.setChecked(lesson.id in progress.done)
        self.done_box.blockSignals(False)
        self.title.setText(lesson.title.get(language))
        self.goal.setText(lesson.goal.get(language))
        self.show_me_btn.setVisible(bool(lesson.show_me))
        self.status.setVisible(False)
        self.expect.setText(lesson.expect.get(language))
        self.figures.setText(lesson.figures.get(language) if lesson.figures else "")
        self.figures_heading.setVisible(lesson.figures is not None)
        self.figures.setVisible(lesson.figures is not None)
        self.prev_btn.setEnabled(number > 1)
        self.next_btn.setEnabled(number < total)
        self._fill_steps(lesson, language)
        self._fill_questions(lesson, progress, language)

    def _fill_steps(self, lesson: Lesson, language: str) -> None:
        clear(self.steps)
        self.step_buttons = []
        for n, step in enumerate(lesson.steps, 1):
            holder = QWidget()
            row = QHBoxLayout(holder)
            row.setContentsMargins(0, 0, 0, 0)
            where = QCoreApplication.translate("MainWindow", step.panel)
            row.addWidget(plain(f"{n}. {where}: {step.text.get(language)}"), 1)
            button = None
            if step.show_me:
                button = QPushButton(self.tr("Show me"))
                button.clicked.connect(lambda _=False, calls=step.show_me: self.showMe.emit(calls))
                row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            self.step_buttons.append(button)
            self.steps.addWidget(holder)
            holder.show()  # at once, not when the event loop next runs: a click may come first

    def _fill_questions(self, lesson: Lesson, progress: Progress, language: str) -> None:
        clear(self.question_list)
        self.questions = []
        for index, question in enumerate(lesson.questions):
            box: QuestionBox
            if question.kind == "choice":
                box = ChoiceQuestion(index + 1, question, language)
            else:
                box = AppCheckQuestion(index + 1, question, language, self.checker)
            if progress.is_answered(lesson, index):
                box.show_done_earlier()
            box.answered.connect(lambda right, i=index: self.answered.emit(i, right))
            self.questions.append(box)
            self.question_list.addWidget(box)
            box.show()

    def show_status(self, text: str, ok: bool) -> None:
        """What became of a Show me (said only when it could not be done, or needs a word)."""
        self.status.setStyleSheet(RIGHT_STYLE if ok else WRONG_STYLE)
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def set_done(self, done: bool) -> None:
        self.done_box.blockSignals(True)
        self.done_box.setChecked(done)
        self.done_box.blockSignals(False)
