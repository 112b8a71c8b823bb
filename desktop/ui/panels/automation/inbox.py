"""The inbox: the requests the agent can handle, what each asks for, and the selected one in full.

A request's subject, sender and body come from a customer: plain text, with invisible characters shown. What it
asks for (its kind and ``asks``, intent.py) is the world's structured data, which the rules use.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QPlainTextEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from desktop.core.automation.intent import Asks, IntentError
from desktop.core.automation.world import Request
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.i18n import translate_message
from desktop.ui.language import on_language_change
from desktop.ui.panels.automation.words import cell, plain_tip, tr, visible, word

COLUMNS = [
    QT_TRANSLATE_NOOP("AutomationPanel", "Request"),
    QT_TRANSLATE_NOOP("AutomationPanel", "Asks"),
    QT_TRANSLATE_NOOP("AutomationPanel", "Lang"),
]
SHOWN_BODY = 20_000  # characters of a request shown in full; the rest is said, not shown


def asks_words(request: Request) -> str:
    """What the request asks for, in the installed language."""
    try:
        return translate_message(Asks.parse(request.asks).text())
    except IntentError:
        return request.asks


class AutomationInbox(QWidget):
    changed = Signal()  # the selected request changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.requests: list[Request] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel()
        layout.addWidget(self.label)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # "Q01 Anna Berg: subject" (… where cut)
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.tree, 2)
        self.view = QPlainTextEdit()  # plain text by nature: the request is a customer's
        self.view.setReadOnly(True)
        layout.addWidget(self.view, 1)
        self.tree.currentItemChanged.connect(lambda *_: self._show())
        self.retranslate()
        on_language_change(self, self.retranslate)

    def current(self) -> Request | None:
        item = self.tree.currentItem()
        if item is None:
            return None
        index = self.tree.indexOfTopLevelItem(item)
        return self.requests[index] if 0 <= index < len(self.requests) else None

    def set_requests(self, requests: list[Request]) -> None:
        current = self.current()
        self.requests = list(requests)
        self.tree.clear()
        for _req in self.requests:
            self.tree.addTopLevelItem(QTreeWidgetItem())
        self._fill()
        target = next((i for i, r in enumerate(self.requests) if current and r.id == current.id), 0)
        item = self.tree.topLevelItem(target)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _fill(self) -> None:
        for i, req in enumerate(self.requests):
            item = self.tree.topLevelItem(i)
            if item is None:
                continue
            who = self.tr("customer (external)") if req.external else self.tr("staff (internal)")
            name = req.sender.split("<")[0].strip() or req.sender
            item.setText(0, f"{req.id} {cell(name, 40)}: {cell(req.subject, 80)}")
            item.setText(1, word(req.kind))
            item.setText(2, req.language)
            item.setData(0, Qt.ItemDataRole.UserRole, req.external)
            item.setToolTip(0, plain_tip(f"{req.sender}, {who}\n{req.subject}\n\n{cell(req.body, 300)}"))
            asks = asks_words(req)
            wanted = (
                self.tr("Asks for: {asks}").format(asks=asks)
                if asks
                else self.tr("Asks for no booking or payment effect")
            )
            item.setToolTip(1, wanted)

    def select(self, request_id: str) -> None:
        for i, req in enumerate(self.requests):
            item = self.tree.topLevelItem(i)
            if req.id == request_id and item is not None:
                self.tree.setCurrentItem(item)
                return
        raise KeyError(request_id)

    def _show(self) -> None:
        req = self.current()
        if req is None:
            self.view.clear()
        else:
            if req.external:
                head = self.tr("{id} · from {sender}, customer (external), {language}")
            else:
                head = self.tr("{id} · from {sender}, staff (internal), {language}")
            head = head.format(id=req.id, sender=visible(req.sender), language=req.language)
            asks = asks_words(req)
            wants = (
                self.tr("Asks for: {asks}").format(asks=asks)
                if asks
                else self.tr("Asks for no booking or payment effect")
            )
            body = visible(req.body[:SHOWN_BODY])
            if len(req.body) > SHOWN_BODY:
                body += "\n" + self.tr("… ({count} characters)").format(count=f"{len(req.body):,}")
            self.view.setPlainText(f"{head}\n{wants}\n{visible(req.subject)}\n\n{body}")
        self.changed.emit()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Inbox"))
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.tree.setHeaderLabels([tr(c) for c in COLUMNS])
        self.view.setPlaceholderText(self.tr("The selected request. Its text is data for the agent, never orders."))
        self._fill()
        self._show()
