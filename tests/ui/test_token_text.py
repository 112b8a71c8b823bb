"""The generated-text view (Completion's output, in the window as ``main()`` builds it): a burst of tokens is
laid out once, every token keeps its span, and no stream can flood it: each layout takes at most a frame's
worth of text, paragraphs stay short, what is shown is capped while every token is kept, and the view says
how much it shows."""

from __future__ import annotations

import re
import statistics
import time
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.ui.widgets.token_text import TokenTextView
from tests.ui import completion_driver as drive


@pytest.fixture
def view(make_window: Callable[..., Any]) -> TokenTextView:
    return drive.output(make_window(start_host=False, panel="Completion"))


def test_a_burst_of_tokens_changes_the_document_once_and_keeps_each_span(view: TokenTextView) -> None:
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
    assert len(view.tokens) == len(words) == view.shown_tokens
    spans = list(zip(view._starts, view._ends, strict=True))
    assert spans[0][0] == len("Prompt: ")
    assert all(end > start for start, end in spans)
    assert all(spans[i][1] == spans[i + 1][0] for i in range(len(spans) - 1))


def test_starting_again_in_the_middle_of_a_burst_leaves_a_clean_view(view: TokenTextView) -> None:
    view.append_token({"token": 1, "text": "old", "p": 0.9})
    view.start("new prompt ")  # before the event loop closed the burst
    view.append_token({"token": 2, "text": "token", "p": None})  # a server that sent no probability
    QApplication.processEvents()
    assert view.toPlainText() == "new prompt token"
    assert view.tokens == [{"token": 2, "text": "token", "p": None}]


def test_a_flood_is_laid_out_a_frame_at_a_time_in_short_paragraphs_and_capped(
    qtbot: QtBot, view: TokenTextView
) -> None:
    view.start("Flood: ")
    added: list[int] = []
    view.document().contentsChange.connect(lambda _pos, _removed, n: added.append(n))
    token = "0123456789" * 100  # 1,000 characters, no line break, no space
    for i in range(400):  # 400,000 characters in one burst
        view.append_token({"token": i, "text": token, "p": (i % 10) / 10})
    assert view.shown_chars <= view.frame_chars  # the rest waits for later frames
    qtbot.waitUntil(lambda: view.capped and "[Showing the first" in view.toPlainText(), timeout=20000)
    note = re.sub(r"(?<=\d)[,.\u202f\xa0](?=\d)", "", view.toPlainText().rsplit("\n", 1)[-1])  # as the locale writes
    expected = "[Showing the first 200000 of 400000 characters (400 tokens). The whole text is kept and saved with "
    assert note == expected + "the run.]"
    assert len(view.tokens) == 400 and view.total_chars == 400_000 and view.shown_chars == view.max_shown_chars
    assert max(added) <= view.frame_chars + 200  # no layout ever took more than a frame's worth of text
    blocks = view.document()
    longest = max(blocks.findBlockByNumber(n).length() for n in range(blocks.blockCount()))
    assert longest <= view.block_chars * 3 // 2 + 1  # each layout redoes a short paragraph, never the whole
    # More tokens after the cap cost no layout: only the note's counts change.
    for i in range(100):
        view.append_token({"token": i, "text": token, "p": 0.5})
    qtbot.waitUntil(lambda: "(500 tokens)" in view.toPlainText(), timeout=5000)
    assert view.shown_chars == view.max_shown_chars and view.total_chars == 500_000


def test_appending_costs_the_same_however_much_is_shown(view: TokenTextView) -> None:
    """The CPU time of a burst of 300 short tokens, with the view nearly empty and with 150,000 characters
    shown: the same (a view that re-lays out what it shows grows with it)."""

    def burst() -> float:
        started = time.thread_time()
        for i in range(300):
            view.append_token({"token": i, "text": " word", "p": 0.5})
        QApplication.processEvents()
        view.repaint()
        return time.thread_time() - started

    view.start("")
    early = statistics.median(burst() for _ in range(5))
    while view.shown_chars < 150_000:
        view.append_token({"token": 0, "text": " filler" * 100 + "\n", "p": 0.5})
        view.flush()
    late = statistics.median(burst() for _ in range(5))
    assert late < 3 * early + 0.005, (early, late)


def test_a_shown_token_answers_hover_and_click_and_a_re_render_keeps_them(qtbot: QtBot, view: TokenTextView) -> None:
    view.start("P ")
    for i, word in enumerate(["alpha", " beta", " gamma"]):
        view.append_token({"token": i, "text": word, "p": 0.9, "alts": [[i, word, 0.9]]})
    QApplication.processEvents()
    rect = view.cursorRect(view.textCursor())
    cursor = view.textCursor()
    cursor.setPosition(view._starts[1] + 2)
    point = view.cursorRect(cursor).center()
    assert view.token_at(point) == 1 and rect.isValid()
    with qtbot.waitSignal(view.tokenClicked) as clicked:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked.args == [1]
    view.show_probabilities = False
    view.set_tokens("P ", list(view.tokens))
    QApplication.processEvents()
    assert view.toPlainText() == "P alpha beta gamma" and view.token_at(point) == 1
