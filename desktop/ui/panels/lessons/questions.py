"""A lesson's questions: multiple choice, answered with an explanation, and checks the app makes against
its own state ("make the Tokenizer show this sentence in 7 tokens"). Lesson text is shown as plain text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.lessons import Call, Question
from desktop.ui.panels.lessons.actions import CheckResult

RIGHT_STYLE = "color:#1E8449"
WRONG_STYLE = "color:#B9770E"


def plain(text: str = "", wrap: bool = True) -> QLabel:
    """A label for lesson text: plain text (a lesson file is data, never markup), wrapped."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    return label


class ClickLabel(QLabel):
    """A choice's text: wraps (a radio button's own text does not) and picks the choice when clicked."""

    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mouseReleaseEvent(event)


class QuestionBox(QFrame):
    """The part every question shares: its number and text, a button, and a line that says how it went."""

    answered = Signal(bool)  # right or not

    def __init__(self, number: int, question: Question, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.number = number
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.box = QVBoxLayout(self)
        self.text = plain(f"{number}. {question.question.get(language)}")
        self.box.addWidget(self.text)
        self.button = QPushButton()
        self.result = plain()
        self.result.setVisible(False)
        self.passed: bool | None = None  # how the last answer or check went

    def finish_layout(self) -> None:
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addStretch(1)
        self.box.addLayout(row)
        self.box.addWidget(self.result)

    def show_done_earlier(self) -> None:
        """How a question answered right in an earlier visit looks when the lesson opens again."""
        raise NotImplementedError

    def show_result(self, right: bool, text: str) -> None:
        self.passed = right
        self.result.setStyleSheet(RIGHT_STYLE if right else WRONG_STYLE)
        self.result.setText(text)
        self.result.setVisible(True)


class ChoiceQuestion(QuestionBox):
    def __init__(self, number: int, question: Question, language: str, parent: QWidget | None = None) -> None:
        super().__init__(number, question, language, parent)
        self.language = language
        self._right: bool | None = None  # how the last answer went, to say again in another language
        self.group = QButtonGroup(self)
        self.radios: list[QRadioButton] = []
        for index, choice in enumerate(question.choices):
            row = QHBoxLayout()
            radio = QRadioButton()
            label = ClickLabel(choice.get(language))
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.clicked.connect(radio.click)
            self.group.addButton(radio, index)
            self.radios.append(radio)
            row.addWidget(radio, 0, Qt.AlignmentFlag.AlignTop)
            row.addWidget(label, 1)
            self.box.addLayout(row)
        self.group.idToggled.connect(lambda _i, _on: self.button.setEnabled(self.group.checkedId() >= 0))
        self.button.setEnabled(False)
        self.button.clicked.connect(self.check_answer)
        self.finish_layout()
        self.retranslate()

    def choose(self, index: int) -> None:
        self.radios[index].setChecked(True)

    def show_done_earlier(self) -> None:
        """Answered right in an earlier visit: the right choice, with its explanation."""
        self.choose(self.question.answer)
        self.show_answer(True)

    def check_answer(self) -> None:
        right = self.group.checkedId() == self.question.answer
        self.show_answer(right)
        self.answered.emit(right)

    def show_answer(self, right: bool) -> None:
        self._right = right
        explanation = self.question.explanation.get(self.language) if self.question.explanation else ""
        if right:
            self.show_result(True, self.tr("Right.") + " " + explanation)
        else:
            self.show_result(False, self.tr("Not quite. Read the steps again and try another answer."))

    def retranslate(self) -> None:
        self.button.setText(self.tr("Check my answer"))
        if self._right is not None:
            self.show_answer(self._right)


class AppCheckQuestion(QuestionBox):
    """A check of the app's real state; ``checker`` runs it (through the lessons' actions module)."""

    def __init__(
        self,
        number: int,
        question: Question,
        language: str,
        checker: Callable[[Call], CheckResult],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(number, question, language, parent)
        self.language = language
        self.checker = checker
        self.button.clicked.connect(self.run_check)
        self.finish_layout()
        self.retranslate()

    def show_done_earlier(self) -> None:
        self.show_result(True, self.tr("Passed in an earlier visit. Check again if you like."))

    def run_check(self) -> None:
        assert self.question.check is not None
        result = self.checker(self.question.check)
        text = result.text
        if not result.passed and self.question.hint is not None:
            text += "\n" + self.tr("Hint: {hint}").format(hint=self.question.hint.get(self.language))
        self.show_result(result.passed, text)
        self.answered.emit(result.passed)

    def retranslate(self) -> None:
        self.button.setText(self.tr("Check in the app"))
        self.button.setToolTip(self.tr("The app looks at its panels as they are now and says what it sees."))
