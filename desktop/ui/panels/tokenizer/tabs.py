"""The five views of the text as tokens, as tabs; a tab is drawn from the result only when it is shown
(and only again once the result changes), so typing redraws one view, not five."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

from desktop.ui.panels.tokenizer.compare import CompareTab
from desktop.ui.panels.tokenizer.masked import MaskedView
from desktop.ui.panels.tokenizer.samples import SamplesTable
from desktop.ui.panels.tokenizer.state import TABS, TokenizerState
from desktop.ui.panels.tokenizer.views import DecodeTab, IdsTab, SpansTab

translate = QCoreApplication.translate  # lupdate finds translate("TokenizerPanel", "...") by this name


class TokenTabs(QTabWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spans_tab, self.ids_tab, self.decode_tab = SpansTab(), IdsTab(), DecodeTab()
        self.compare_tab, self.samples, self.masked = CompareTab(), SamplesTable(), MaskedView()
        samples_split = QSplitter(Qt.Orientation.Horizontal)
        samples_split.setChildrenCollapsible(False)
        samples_split.addWidget(self.samples)
        samples_split.addWidget(self.masked)
        samples_split.setSizes([500, 500])
        for page in (self.spans_tab, self.ids_tab, self.decode_tab, self.compare_tab, samples_split):
            self.addTab(page, "")

    def current_name(self) -> str:
        return TABS[self.currentIndex()]

    def show_tab(self, name: str) -> None:
        self.setCurrentIndex(TABS.index(name))

    def redraw(self, state: TokenizerState) -> None:
        """Draw the tab on show from the result, if it has changed since that tab last drew."""
        name, result = self.current_name(), state.result
        if name not in state.dirty or result is None or name == "Compare":
            return
        state.dirty.discard(name)
        if name == "Spans":
            self.spans_tab.show_result(result)
        elif name == "Ids":
            self.ids_tab.show_result(result)
        elif name == "Training samples":
            self.samples.show_result(result)
            self.masked.show_result(result)

    def retranslate(self) -> None:
        titles = (
            translate("TokenizerPanel", "Spans"),
            translate("TokenizerPanel", "Ids"),
            translate("TokenizerPanel", "Decode"),
            translate("TokenizerPanel", "Compare"),
            translate("TokenizerPanel", "Training samples"),
        )
        for index, title in enumerate(titles):
            self.setTabText(index, title)
        for area in (self.spans_tab, self.ids_tab, self.decode_tab, self.compare_tab, self.samples, self.masked):
            area.retranslate()
