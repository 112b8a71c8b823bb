"""The lessons and an attendee's progress through them.

Lesson files are read from the bundled ``resources/lessons/`` and then from ``lessons/`` in the app's data
folder, where an instructor adds a lesson or a changed copy of a bundled one (same id) without touching the
app. Progress (lessons done, questions answered right, the lesson open last) is kept in the settings, written
at each change, so it survives a restart and a crash."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal

from desktop.core.lessons import Lesson, Problem, Progress, Vocabulary, load_lessons
from desktop.core.paths import data_dir
from desktop.resources import resource
from desktop.services.settings import Settings

SETTING = "lessons/progress"


def bundled_folder() -> Path:
    return resource("lessons")


def own_folder() -> Path:
    """Where an instructor's lesson files go (read after the bundled ones)."""
    return data_dir() / "lessons"


class LessonsService(QObject):
    loaded = Signal()  # the lessons (and the problems with their files) were read again
    progressChanged = Signal()

    def __init__(self, settings: Settings, vocabulary: Vocabulary, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.vocabulary = vocabulary
        self.folders = [bundled_folder(), own_folder()]
        self.lessons: list[Lesson] = []
        self.problems: list[Problem] = []
        self.progress = Progress.from_json(settings.get_str(SETTING, ""))
        self.reload()

    def reload(self) -> None:
        """Read every lesson file again (an instructor changed one)."""
        self.lessons, self.problems = load_lessons(self.folders, self.vocabulary)
        self.loaded.emit()

    def lesson(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def total_minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons)

    def done_count(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.id in self.progress.done)

    # -- progress ------------------------------------------------------------------------------------------
    def answer(self, lesson: Lesson, index: int) -> None:
        """Question ``index`` of ``lesson`` was answered right (the lesson is done once all are)."""
        self._keep(self.progress.answer(lesson, index))

    def mark(self, lesson_id: str, done: bool) -> None:
        self._keep(self.progress.mark(lesson_id, done))

    def open(self, lesson_id: str) -> None:
        """The lesson on show, so the next start opens on it."""
        if lesson_id != self.progress.current:
            self._keep(Progress(self.progress.done, self.progress.answered, lesson_id))

    def reset(self) -> None:
        """Forget every lesson done and every answer (an instructor starting a new group)."""
        self._keep(Progress())

    def _keep(self, progress: Progress) -> None:
        if progress == self.progress:
            return
        self.progress = progress
        self.settings.set(SETTING, progress.to_json())
        self.settings.sync()
        self.progressChanged.emit()
