"""The Lessons panel: ``panel.py`` is the shell; the outline, the lesson page and its questions are areas of
their own, and ``actions.py`` holds every Show me and check that lesson files may name."""

from desktop.ui.panels.lessons.panel import LessonsPanel

__all__ = ["LessonsPanel"]
