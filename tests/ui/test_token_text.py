"""The generated-text view: a burst of tokens is laid out once, and every token keeps its span."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.widgets.token_text import TokenTextView


def test_a_burst_of_tokens_changes_the_document_once_and_keeps_each_span(qtbot: QtBot) -> None:
    view = TokenTextView()
    qtbot.addWidget(view)
    view.start("Prompt: ")
    QApplication.processEvents()
    changes: list[int] = []
    view.document().contentsChanged.connect(lambda: changes.append(1))
    words = ["하나", " two", " 🎉", " four"] * 25  # Korean and emoji: UTF-16 positions must hold
    for i, word in enumerate(words):
        view.append_token({"token": i, "text": word, "p": 0.5})
    QApplication.processEvents()
    assert len(changes) == 1  # one layout for the burst, not one per token
    assert view.toPlainText() == "Prompt: " + "".join(words)
    assert len(view.tokens) == len(words)
    spans = list(zip(view._starts, view._ends, strict=True))
    assert spans[0][0] == len("Prompt: ")
    assert all(end > start for start, end in spans)
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))


def test_starting_again_in_the_middle_of_a_burst_leaves_a_clean_view(qtbot: QtBot) -> None:
    view = TokenTextView()
    qtbot.addWidget(view)
    view.append_token({"token": 1, "text": "old", "p": 0.9})
    view.start("new prompt ")  # before the event loop closed the burst
    view.append_token({"token": 2, "text": "token", "p": 0.9})
    QApplication.processEvents()
    assert view.toPlainText() == "new prompt token"
    assert view.tokens == [{"token": 2, "text": "token", "p": 0.9}]
