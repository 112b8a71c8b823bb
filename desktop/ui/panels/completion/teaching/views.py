"""The chapter's second half in Completion: Generate ×N, Evaluate, Retrieval and the scale grid, each a tab of
one "Experiments" tab (ten tabs side by side do not fit a 1024-pixel window's side area), with the services
they run through (one BatchService for the runs of many completions, the retrieval index, the evaluation
results). ``show`` brings a view to the front by its English name (the Lessons' Show me)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QTabWidget, QWidget

from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.services.batch_service import BatchService
from desktop.services.eval_service import EvalService
from desktop.services.retrieval_service import RetrievalService
from desktop.services.source import Source, SourceRegistry
from desktop.ui.panels.completion.teaching.evaluate import EvaluateView
from desktop.ui.panels.completion.teaching.repeat import RepeatView
from desktop.ui.panels.completion.teaching.retrieval import RetrievalView
from desktop.ui.panels.completion.teaching.scale_grid import ScaleGridView

GROUP_TITLE = QT_TRANSLATE_NOOP("CompletionPanel", "Experiments")
TITLES = {
    "Generate ×N": QT_TRANSLATE_NOOP("CompletionPanel", "Generate ×N"),
    "Evaluate": QT_TRANSLATE_NOOP("CompletionPanel", "Evaluate"),
    "Retrieval": QT_TRANSLATE_NOOP("CompletionPanel", "Retrieval"),
    "Scale grid": QT_TRANSLATE_NOOP("CompletionPanel", "Scale grid"),
}


class SecondHalf(QObject):
    def __init__(
        self,
        sources: SourceRegistry,
        source: Callable[[], Source],
        request: Callable[[], dict[str, Any] | None],
        wrap: Callable[[QWidget], QWidget],
        parent: QWidget,
    ) -> None:
        super().__init__(parent)
        self.batch = BatchService(sources, self)
        self.retrieval = RetrievalService(self)
        self.results = EvalService(parent=self)
        self.repeat = RepeatView(self.batch, source, request)
        self.evaluate = EvaluateView(self.batch, sources, self.results)
        self.retrieval_view = RetrievalView(self.batch, self.retrieval, source)
        self.scale_grid = ScaleGridView(self.batch, sources)
        self.views: dict[str, Any] = {
            "Generate ×N": self.repeat,
            "Evaluate": self.evaluate,
            "Retrieval": self.retrieval_view,
            "Scale grid": self.scale_grid,
        }
        self.pages = {name: wrap(view) for name, view in self.views.items()}

    def add_tabs(self, tabs: QTabWidget) -> None:
        """One tab of ``tabs``, holding a tab per view."""
        self.outer = tabs
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for page in self.pages.values():
            self.tabs.addTab(page, "")
        tabs.addTab(self.tabs, "")

    def retranslate(self) -> None:
        self.outer.setTabText(self.outer.indexOf(self.tabs), QCoreApplication.translate("CompletionPanel", GROUP_TITLE))
        for name, page in self.pages.items():
            self.tabs.setTabText(self.tabs.indexOf(page), QCoreApplication.translate("CompletionPanel", TITLES[name]))
        for view in self.views.values():
            view.retranslate()

    def show(self, name: str) -> bool:
        """Bring view ``name`` (its English name) to the front; False when there is no such view. Retrieval
        opens with its switch on."""
        page = self.pages.get(name)
        if page is None:
            return False
        self.outer.setCurrentWidget(self.tabs)
        self.tabs.setCurrentWidget(page)
        if name == "Retrieval":
            self.retrieval_view.switch.setChecked(True)
        return True

    def busy(self) -> bool:
        return self.batch.busy()

    def stop(self) -> None:
        self.batch.stop()

    def shutdown(self) -> None:
        self.batch.shutdown()
        self.retrieval.shutdown()
        self.results.shutdown()
