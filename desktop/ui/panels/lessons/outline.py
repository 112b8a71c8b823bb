"""The list of lessons for the instructor and the room: which are done, a jump to any of them, how long the
workshop takes, Reset progress (after a question) and Reload lessons (after a file changed), and where the
lesson files are."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

from desktop.core.lessons import Lesson, Progress
from desktop.i18n import format_int
from desktop.ui.panels.lessons.questions import plain

DONE_MARK, TODO_MARK = "✓", "○"


class LessonOutline(QWidget):
    chosen = Signal(str)  # a lesson's id
    resetWanted = Signal()
    reloadWanted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lessons: list[Lesson] = []
        self.progress = Progress()
        self.language = "en"
        self.folders: tuple[Path, Path] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._on_current)
        layout.addWidget(self.list, 1)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.reset_btn = QPushButton()
        self.reload_btn = QPushButton()
        self.reset_btn.clicked.connect(self.resetWanted)
        self.reload_btn.clicked.connect(self.reloadWanted)
        buttons.addWidget(self.reset_btn)
        buttons.addWidget(self.reload_btn)
        layout.addLayout(buttons)
        self.folder_note = plain()  # paths are data: plain text
        self.folder_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder_note)
        self.retranslate()

    def retranslate(self) -> None:
        self.reset_btn.setText(self.tr("Reset progress…"))
        self.reset_btn.setToolTip(self.tr("Forget which lessons are done and which questions were answered."))
        self.reload_btn.setText(self.tr("Reload lessons"))
        self.reload_btn.setToolTip(self.tr("Read the lesson files again, after one was added or changed."))
        if self.folders is not None:
            bundled, own = self.folders
            self.folder_note.setText(
                self.tr("Lessons are files in “{bundled}”. Add your own, or a changed copy of one, in “{own}”.").format(
                    bundled=bundled, own=own
                )
            )
        self.show_progress(self.progress)

    def set_lessons(self, lessons: list[Lesson], progress: Progress, language: str, folders: tuple[Path, Path]) -> None:
        current = self.current_id()
        self.lessons, self.progress, self.language, self.folders = lessons, progress, language, folders
        self.list.blockSignals(True)
        self.list.clear()
        for lesson in lessons:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, lesson.id)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.retranslate()
        if current:
            self.select(current)

    def show_progress(self, progress: Progress) -> None:
        """The marks, the names and the count of lessons done."""
        self.progress = progress
        for number, lesson in enumerate(self.lessons, 1):
            item = self.list.item(number - 1)
            finished = lesson.id in progress.done
            mark = DONE_MARK if finished else TODO_MARK
            item.setText(
                self.tr("{mark} {number}. {title} ({minutes} min)").format(
                    mark=mark, number=number, title=lesson.title.get(self.language), minutes=format_int(lesson.minutes)
                )
            )
            item.setToolTip(self.tr("Done") if finished else self.tr("Not done yet"))
        total = sum(lesson.minutes for lesson in self.lessons)
        done = sum(1 for lesson in self.lessons if lesson.id in progress.done)
        self.summary.setText(
            self.tr("Lessons done: {done} of {total}. The workshop takes about {time}.").format(
                done=format_int(done), total=format_int(len(self.lessons)), time=self.duration(total)
            )
        )

    def duration(self, minutes: int) -> str:
        hours, rest = divmod(minutes, 60)
        if not hours:
            return self.tr("{minutes} min").format(minutes=format_int(rest))
        if not rest:
            return self.tr("{hours} h").format(hours=format_int(hours))
        return self.tr("{hours} h {minutes} min").format(hours=format_int(hours), minutes=format_int(rest))

    def current_id(self) -> str:
        item = self.list.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else ""

    def select(self, lesson_id: str) -> bool:
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == lesson_id:
                self.list.setCurrentRow(row)
                return True
        return False

    def _on_current(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if item is not None:
            self.chosen.emit(str(item.data(Qt.ItemDataRole.UserRole)))
