"""The Tokenizer panel in the window as ``main()`` builds it (the ``make_window`` fixture), offscreen, with
the real catalog (the bundled models) and real tokenizers."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from desktop.core import tokenizers as T
from desktop.services.settings import Settings
from desktop.ui.panels.tokenizer import TABS, TokenizerPanel
from desktop.ui.widgets.token_view import TokenView


def open_tokenizer(qtbot: QtBot, window: Any, scanned: bool = True) -> TokenizerPanel:
    """The window's Tokenizer panel, on screen; after the catalog's first scan unless ``scanned`` is False
    (then the panel is built before the scan has listed anything)."""
    if scanned and not window.catalog.catalog.entries:
        with qtbot.waitSignal(window.catalog.changed, timeout=20000):
            pass
    window.show_panel("Tokenizer")
    panel = window.panel("Tokenizer")
    assert isinstance(panel, TokenizerPanel)
    return panel


@pytest.fixture
def panel(qtbot: QtBot, make_window: Callable[..., Any]) -> TokenizerPanel:
    window = make_window(start_host=False)
    window.resize(1160, 730)
    return open_tokenizer(qtbot, window)


def wait_for(qtbot: QtBot, panel: TokenizerPanel, text: str, key: str | None = None) -> T.Tokenization:
    def done() -> bool:
        r = panel.result
        return r is not None and r.text == text and (key is None or r.encoding == key) and not panel.service.busy()

    qtbot.waitUntil(done, timeout=20000)
    assert panel.result is not None
    return panel.result


def test_typing_shows_spans_live(qtbot: QtBot, panel: TokenizerPanel) -> None:
    panel.set_text("")
    qtbot.keyClicks(panel.input, "hello world")
    r = wait_for(qtbot, panel, "hello world")
    assert r.ids == [15339, 1917]
    assert panel.spans_tab.token_view.toPlainText() == "hello world"
    assert [s.id for s in panel.spans_tab.token_view.spans()] == [15339, 1917]
    assert "2 tokens" in panel.summary.summary.text()
    assert not panel.summary.notice.isVisible()
    panel.tabs.setCurrentIndex(TABS.index("Ids"))
    assert panel.ids_tab.ids_view.toPlainText() == "[15339, 1917]"
    panel.ids_tab.copy_ids()
    assert QGuiApplication.clipboard().text() == "[15339, 1917]"


def test_encodings_include_the_bundled_gguf(qtbot: QtBot, panel: TokenizerPanel, default_model: Path) -> None:
    keys = panel.encoding_keys()
    assert keys[:2] == ["cl100k_base", "o200k_base"]
    key = T.gguf_key(str(default_model))
    assert key in keys
    korean = T.EXAMPLES["Korean paragraph"]
    panel.set_text(korean)
    assert panel.set_encoding(key)
    r = wait_for(qtbot, panel, korean, key)
    assert T.reassemble(korean, r.spans) == korean
    assert r.vocab_size == 49152
    assert any(s.partial for s in r.spans)
    assert "<0x" in panel.spans_tab.token_view.toPlainText()


def test_special_switch(qtbot: QtBot, panel: TokenizerPanel) -> None:
    text = "<|endoftext|> hi"
    panel.set_text(text)
    r = wait_for(qtbot, panel, text)
    assert 100257 not in r.ids and not r.allow_special
    panel.special.setChecked(True)
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.allow_special, timeout=10000)
    assert panel.result is not None and panel.result.ids == [100257, 15960]
    assert panel.spans_tab.token_view.spans()[0].special


def test_examples_menu(qtbot: QtBot, panel: TokenizerPanel) -> None:
    index = panel.examples.findText("Emoji")
    panel.examples.activated.emit(index)
    assert panel.text() == T.EXAMPLES["Emoji"]
    assert panel.examples.currentIndex() == 0
    wait_for(qtbot, panel, T.EXAMPLES["Emoji"])


def test_decode_tab(qtbot: QtBot, panel: TokenizerPanel) -> None:
    panel.tabs.setCurrentIndex(TABS.index("Decode"))
    panel.decode_tab.decode_input.setPlainText("[15339, 1917]")
    panel.decode_tab.decode_now()
    qtbot.waitUntil(lambda: panel.decode_tab.decode_output.toPlainText() == "hello world", timeout=10000)
    panel.decode_tab.decode_input.setPlainText("15339, 99999999")
    panel.decode_tab.decode_now()
    qtbot.waitUntil(lambda: "not in the cl100k_base vocabulary" in panel.decode_tab.decode_status.text(), timeout=10000)
    panel.decode_tab.decode_input.setPlainText("hello")
    panel.decode_tab.decode_now()
    qtbot.waitUntil(lambda: "not a token id" in panel.decode_tab.decode_status.text(), timeout=10000)


def test_compare_tab_counts_every_encoding(qtbot: QtBot, panel: TokenizerPanel) -> None:
    text = T.EXAMPLES["English sentence"]
    panel.set_text(text)
    wait_for(qtbot, panel, text)
    panel.tabs.setCurrentIndex(TABS.index("Compare"))
    keys = panel.encoding_keys()
    qtbot.waitUntil(lambda: all(k in panel.stats for k in keys), timeout=20000)
    enc = T.tiktoken_encoding("cl100k_base")
    assert panel.stats["cl100k_base"].tokens == len(enc.encode(text))
    assert panel.compare_tab.compare_table.rowCount() == len(keys)
    bars = panel.compare_tab.chart.bars()
    assert len(bars) == len(keys) and all(v for _, v in bars)
    panel.compare_tab.chart.grab()  # paints without error


def test_training_samples_tab(qtbot: QtBot, panel: TokenizerPanel) -> None:
    text = "I love street food."
    panel.set_text(text)
    r = wait_for(qtbot, panel, text)
    panel.tabs.setCurrentIndex(TABS.index("Training samples"))
    table = panel.samples.samples_table
    assert table.rowCount() == len(r.spans) + 1
    first, last = table.item(0, 0), table.item(table.rowCount() - 1, 1)
    assert first is not None and first.text() == "<|endoftext|>"
    assert last is not None and last.text() == "“<|endoftext|>”"


def test_hover_shows_id_and_bytes(qtbot: QtBot, panel: TokenizerPanel) -> None:
    panel.set_text("hello world")
    wait_for(qtbot, panel, "hello world")
    view: TokenView = panel.spans_tab.token_view
    rect = view.cursorRect(view.document().find("world"))
    with qtbot.waitSignal(view.tokenHovered, timeout=2000) as blocker:
        qtbot.mouseMove(view.viewport(), QPoint(rect.center().x() - 4, rect.center().y()))
    assert blocker.args == [1]
    assert "1917" in panel.spans_tab.hover_info.text() and "20 77 6F 72 6C 64" in panel.spans_tab.hover_info.text()


@pytest.mark.parametrize(
    "text",
    [
        "lone \ud800 surrogate \udfff here",
        "NUL \x00\x00 chars",
        "x" * 250_000,
        ("a very long line " * 20_000),
        "<|endoftext|><|fim_prefix|><|fim_middle|><|fim_suffix|><|endofprompt|>" * 2000,
    ],
    ids=["surrogates", "nul", "long-word", "long-line", "all-markers"],
)
def test_bad_input_does_not_crash(qtbot: QtBot, panel: TokenizerPanel, text: str) -> None:
    for checked in (False, True):
        panel.special.setChecked(checked)
        panel.set_text(text)
        panel.tokenize_now()
        qtbot.waitUntil(
            lambda: (
                panel.result is not None
                and len(panel.result.text) == len(panel.text())
                and panel.result.allow_special == panel.special.isChecked()
                and not panel.service.busy()
            ),
            timeout=20000,
        )
        r = panel.result
        assert r is not None
        assert T.reassemble(r.text, r.spans) == r.text[: r.shown_chars]
        assert not panel.summary.error.isVisible()


def test_ten_megabyte_paste_shows_the_notice(qtbot: QtBot, panel: TokenizerPanel) -> None:
    big = ("The quick brown fox jumps over the lazy dog. 안녕하세요 😀\n" * 200_000)[:10_000_000]
    panel.input.selectAll()
    panel.input.insertPlainText(big)  # the path a paste takes
    r = wait_for(qtbot, panel, big)
    assert r.truncated and r.total_tokens > 2_000_000
    assert panel.summary.notice.isVisible()
    assert "10,000,000 characters" in panel.summary.notice.text() and "first" in panel.summary.notice.text()
    assert len(panel.spans_tab.token_view.spans()) <= T.DISPLAY_TOKEN_LIMIT
    panel.set_text("short again")
    wait_for(qtbot, panel, "short again")
    assert not panel.summary.notice.isVisible()


def test_a_long_unbroken_paste_wraps_anywhere(qtbot: QtBot, panel: TokenizerPanel) -> None:
    from PySide6.QtCore import QMimeData
    from PySide6.QtGui import QTextOption

    mime = QMimeData()
    mime.setText("y" * 1_000_000)
    panel.input.insertFromMimeData(mime)  # would take Qt half a minute to lay out with word wrapping
    assert panel.input.wordWrapMode() == QTextOption.WrapMode.WrapAnywhere
    wait_for(qtbot, panel, panel.text())
    panel.set_text("")
    qtbot.keyClicks(panel.input, "ok")
    qtbot.waitUntil(lambda: panel.input.wordWrapMode() != QTextOption.WrapMode.WrapAnywhere, timeout=2000)


# -- issue 13: emoji spans (item 1), layout (20), persistence (22), stale details and counting (23) ----


def _range_texts(view: TokenView) -> list[str]:
    """The text each colour range covers, read the way Qt counts (UTF-16 units)."""
    view.format_visible()
    out: list[str] = []
    block = view.document().firstBlock()
    while block.isValid():
        units = block.text().encode("utf-16-le", "surrogatepass")
        for r in block.layout().formats():
            out.append(units[2 * r.start : 2 * (r.start + r.length)].decode("utf-16-le", "replace"))
        block = block.next()
    return out


def _hover(qtbot: QtBot, view: TokenView, position: int) -> None:
    """Move the mouse over the character that starts at document ``position`` (UTF-16)."""
    from PySide6.QtGui import QTextCursor

    cursor = QTextCursor(view.document())
    cursor.setPosition(position)
    rect = view.cursorRect(cursor)
    target = QPoint(rect.left() + 2, rect.center().y())
    qtbot.mouseMove(view.viewport(), target + QPoint(0, 200))  # Qt sends nothing for a move to where it is
    qtbot.mouseMove(view.viewport(), target)
    qtbot.waitUntil(lambda: view.hovered() >= 0, timeout=2000)


def test_spans_after_an_emoji_line_up_on_o200k(qtbot: QtBot, panel: TokenizerPanel) -> None:
    assert panel.set_encoding("o200k_base")
    panel.examples.activated.emit(panel.examples.findText("Emoji"))
    panel.input.moveCursor(panel.input.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.input, " party")
    text = T.EXAMPLES["Emoji"] + " party"
    r = wait_for(qtbot, panel, text, "o200k_base")
    view = panel.spans_tab.token_view
    assert any(s.text == " 👍" for s in r.spans)  # a whole emoji in one token: two UTF-16 units
    # every token's colour covers exactly its own shown text (a split pair drew as "��")
    from desktop.ui.widgets.token_view import shown_text

    assert _range_texts(view) == [shown_text(s) for s in r.spans]
    found = view.document().find("party")
    assert not found.isNull()
    _hover(qtbot, view, found.selectionStart() + 2)
    assert view.spans()[view.hovered()].text == " party"
    selections = view.extraSelections()
    assert len(selections) == 1 and selections[0].cursor.selectedText() == " party"
    assert "Token #25" in panel.spans_tab.hover_info.text() and "characters 37–42" in panel.spans_tab.hover_info.text()
    # the emoji's own token
    thumbs = view.document().find("👍")
    _hover(qtbot, view, thumbs.selectionStart())
    assert view.spans()[view.hovered()].text == " 👍"
    assert view.extraSelections()[0].cursor.selectedText() == " 👍"


def test_token_details_count_characters_from_one() -> None:
    from desktop.ui.widgets.token_view import describe_span

    r = T.tiktoken_tokenize("cl100k_base", "hello world")
    assert "Token #2" in describe_span(1, r.spans[1]) and "characters 6–11 of the input" in describe_span(1, r.spans[1])
    r = T.tiktoken_tokenize("cl100k_base", "a b")
    assert "character 1 of the input" in describe_span(0, r.spans[0])
    korean = T.tiktoken_tokenize("cl100k_base", "안녕")
    empty = next(s for s in korean.spans if s.start == s.end)
    assert "no whole character" in describe_span(0, empty)


def test_a_stale_token_detail_is_cleared(qtbot: QtBot, panel: TokenizerPanel) -> None:
    from desktop.ui.panels.tokenizer import HOVER_HELP

    panel.set_text("hello world")
    wait_for(qtbot, panel, "hello world")
    view = panel.spans_tab.token_view

    def hover_world() -> None:
        _hover(qtbot, view, view.document().find("world").selectionStart() + 1)
        assert "Token #2" in panel.spans_tab.hover_info.text()

    hover_world()
    qtbot.mouseMove(panel.input)  # off the tokens: the detail stays to be read
    assert "Token #2" in panel.spans_tab.hover_info.text()
    panel.input.moveCursor(panel.input.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.input, "!")  # the text changed
    assert panel.spans_tab.hover_info.text() == HOVER_HELP
    wait_for(qtbot, panel, "hello world!")
    hover_world()
    assert panel.set_encoding("o200k_base")  # the encoding changed
    assert panel.spans_tab.hover_info.text() == HOVER_HELP
    wait_for(qtbot, panel, "hello world!", "o200k_base")
    hover_world()
    panel.special.setChecked(True)
    assert panel.spans_tab.hover_info.text() == HOVER_HELP


def test_an_example_can_be_undone(qtbot: QtBot, panel: TokenizerPanel) -> None:
    from PySide6.QtCore import Qt

    panel.set_text("")
    qtbot.keyClicks(panel.input, "my own words")
    panel.examples.activated.emit(panel.examples.findText("Code"))
    assert panel.text() == T.EXAMPLES["Code"]
    qtbot.keyClick(panel.input, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.text() == "my own words"


def _content_min(panel: TokenizerPanel) -> tuple[int, int]:
    content = panel.scroll_area.widget()
    hint = content.minimumSizeHint()
    return hint.width(), hint.height()


def test_a_gguf_encoding_does_not_widen_the_window(
    qtbot: QtBot, make_window: Callable[..., Any], tmp_path: Path, default_model: Path
) -> None:
    from tests.gguf_files import write_small_gguf

    long_name = "A model whose author gave it a very long descriptive name, v2 (instruct, 4-bit)"
    settings = Settings()
    settings.add_model_file(write_small_gguf(tmp_path / "long.gguf", name=long_name))
    window = make_window(settings=settings, start_host=False)
    window.resize(1024, 640)
    panel = open_tokenizer(qtbot, window)
    keys = panel.encoding_keys()
    assert T.gguf_key(str(default_model)) in keys
    assert any(long_name in panel.encoding.itemText(i) for i in range(panel.encoding.count()))
    for key in keys:
        assert panel.set_encoding(key)
        # the small test file has no real vocabulary: its answer is an error, shown in the panel
        qtbot.waitUntil(
            lambda k=key: (
                not panel.service.busy()
                and (panel.summary.error.isVisible() or (panel.result is not None and panel.result.encoding == k))
            ),
            timeout=20000,
        )
        qtbot.wait(50)
        assert window.width() == 1024, key  # was 1318 with the bundled model chosen
        assert window.minimumSizeHint().width() <= 1024, key
        # and it fits without scrolling sideways, whichever encoding is chosen
        assert panel.width() >= _content_min(panel)[0], key
        assert not panel.scroll_area.horizontalScrollBar().isVisible(), key


def _overlaps(widgets: list[QWidget]) -> list[tuple[str, str]]:
    from PySide6.QtCore import QRect

    rects: list[tuple[str, QRect]] = []
    for w in widgets:
        if w.isVisible():
            rects.append((w.objectName() or type(w).__name__ + repr(w.geometry().topLeft()), w.geometry()))
    return [(a, b) for i, (a, ra) in enumerate(rects) for b, rb in rects[i + 1 :] if ra.intersects(rb)]


@pytest.mark.parametrize("size", [(1024, 640), (800, 500)])
def test_no_overlap_at_small_window_sizes(qtbot: QtBot, make_window: Callable[..., Any], size: tuple[int, int]) -> None:
    from PySide6.QtWidgets import QLabel as Label

    window = make_window(start_host=False)
    window.resize(*size)
    panel = open_tokenizer(qtbot, window)
    wait_for(qtbot, panel, panel.text())
    qtbot.wait(50)
    content = panel.scroll_area.widget()
    min_w, min_h = _content_min(panel)
    # the layout never squeezes the content below its minimum: it scrolls instead
    assert content.width() >= min_w and content.height() >= min_h
    if size == (1024, 640):
        assert not panel.scroll_area.horizontalScrollBar().isVisible()
        assert not panel.scroll_area.verticalScrollBar().isVisible()
    bar = [
        w
        for w in panel.bar.findChildren(QWidget)
        if w.parentWidget() is panel.bar and isinstance(w, (Label, type(panel.encoding), type(panel.special)))
    ]
    assert panel.encoding in bar and panel.special in bar
    assert _overlaps(bar) == []
    for w in (panel.encoding, panel.examples, panel.special):
        assert w.width() >= w.minimumSizeHint().width()


# -- persistence: each "session" is a window built as main() builds it, closed as a person quits -----


def test_text_encoding_and_switch_persist(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    first_window = make_window(start_host=False)
    first = open_tokenizer(qtbot, first_window, scanned=False)
    first.set_text("")
    qtbot.keyClicks(first.input, "kept across restarts ")
    first.input.insertPlainText("🍜")  # QTest types ASCII only
    assert first.set_encoding("o200k_base")
    first.special.setChecked(True)
    first_window.close()
    second = open_tokenizer(qtbot, make_window(start_host=False), scanned=False)
    assert second.text() == "kept across restarts 🍜"
    assert second.current_key() == "o200k_base"
    assert second.special.isChecked()
    r = wait_for(qtbot, second, "kept across restarts 🍜", "o200k_base")
    assert r.allow_special


def test_typing_reaches_the_draft_without_a_shutdown(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    p = open_tokenizer(qtbot, window, scanned=False)
    path = p.draft.path
    assert path is not None
    p.set_text("")
    qtbot.keyClicks(p.input, "a crash must not lose this")
    qtbot.waitUntil(lambda: path.exists() and path.read_text("utf-8") == "a crash must not lose this", timeout=5000)
    assert [f.name for f in path.parent.iterdir()] == ["tokenizer.txt"]  # no temporary file left
    p.set_text("line one\n\tline two 🍜\n")
    assert p.save_draft()
    assert path.read_bytes() == "line one\n\tline two 🍜\n".encode()
    window.close()
    again = open_tokenizer(qtbot, make_window(start_host=False), scanned=False)
    assert again.text() == "line one\n\tline two 🍜\n"


def test_an_empty_text_stays_empty_after_a_restart(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    p = open_tokenizer(qtbot, window, scanned=False)
    assert p.text() == T.EXAMPLES["English sentence"]  # no draft yet: the example
    p.set_text("")
    window.close()
    again = open_tokenizer(qtbot, make_window(start_host=False), scanned=False)
    assert again.text() == ""


def test_a_huge_text_keeps_its_first_part(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    from desktop.ui.panels.tokenizer import DRAFT_LIMIT

    window = make_window(start_host=False)
    p = open_tokenizer(qtbot, window, scanned=False)
    big = "0123456789" * (DRAFT_LIMIT // 10 + 500)
    p.set_text(big)
    assert p.save_draft()
    assert p.draft.path is not None and len(p.draft.path.read_text("utf-8")) == DRAFT_LIMIT
    wait_for(qtbot, p, big)
    notice = p.summary.notice
    assert not notice.isHidden() and f"first {DRAFT_LIMIT:,} characters of this text are kept" in notice.text()
    window.close()
    again = open_tokenizer(qtbot, make_window(start_host=False), scanned=False)
    assert again.text() == big[:DRAFT_LIMIT]


def test_a_failed_draft_write_keeps_the_old_draft(
    qtbot: QtBot, make_window: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from desktop.services.messages import bridge

    p = open_tokenizer(qtbot, make_window(start_host=False), scanned=False)
    p.set_text("the good draft")
    assert p.save_draft()
    path = p.draft.path
    assert path is not None

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)  # a fault: the disk fills during the write
    p.set_text("the newer text")
    with qtbot.waitSignal(bridge().error, timeout=1000) as said:
        assert not p.save_draft()
    assert "Tokenizer's text could not be saved" in said.args[1]
    assert path.read_text("utf-8") == "the good draft"
    assert [f.name for f in path.parent.iterdir()] == ["tokenizer.txt"]
    p.set_text("typed after that")
    with qtbot.assertNotEmitted(bridge().error, wait=100):  # said once, not at every pause in typing
        assert not p.save_draft()
    monkeypatch.undo()
    assert p.save_draft()  # and the next try writes it
    assert path.read_text("utf-8") == "typed after that"


def test_a_gguf_encoding_is_restored_once_the_scan_lists_it(
    qtbot: QtBot, make_window: Callable[..., Any], default_model: Path
) -> None:
    key = T.gguf_key(str(default_model))
    first_window = make_window(start_host=False)
    first = open_tokenizer(qtbot, first_window)
    assert first.set_encoding(key)
    first_window.close()
    # The next window's panel is built before the catalog's first scan, which lists nothing yet.
    window = make_window(start_host=False)
    p = open_tokenizer(qtbot, window, scanned=False)
    assert key not in p.encoding_keys()
    assert p.current_key() == "cl100k_base"
    with qtbot.waitSignal(window.catalog.changed, timeout=20000):
        pass
    assert p.current_key() == key
    wait_for(qtbot, p, p.text(), key)
    window.close()
    assert Settings().get_str("tokenizer/encoding") == key


def test_masked_samples_beside_training_samples(qtbot: QtBot, panel: TokenizerPanel) -> None:
    from desktop.core.teaching import masked as M

    text = "The quick brown fox jumps over the lazy dog while the cat sleeps on a warm mat by the door."
    panel.set_text(text)
    r = wait_for(qtbot, panel, text)
    panel.tabs.setCurrentIndex(TABS.index("Training samples"))
    assert panel.masked.masked_table.isVisible() and panel.samples.samples_table.isVisible()
    assert "BERT" in panel.masked.masked_explain.text() and "GPT" in panel.masked.masked_explain.text()
    panel.masked.mask_seed.setValue(7)
    sample = panel.masked_sample()
    assert sample is not None and sample == M.mask_tokens(r.ids, r.vocab_size, 7)
    assert panel.masked.masked_table.rowCount() == len(sample.positions) == M.n_to_mask(len(r.ids))
    # every row names the original token the model must predict
    for row, p in enumerate(sample.positions):
        label = panel.masked.masked_table.item(row, 1)
        assert label is not None and f"({p.original})" in label.text()
    n_masks = sample.counts()[M.MASK]
    assert panel.masked.masked_input.text().count("[MASK]") == n_masks
    # the same seed gives the same sample; the next seed another one
    panel.masked.mask_seed.setValue(8)
    other = panel.masked_sample()
    panel.masked.mask_seed.setValue(7)
    assert panel.masked_sample() == sample and other != sample
    panel.masked.mask_again.click()
    assert panel.masked.mask_seed.value() == 8 and panel.masked_sample() == other


def test_masked_samples_never_choose_special_tokens(qtbot: QtBot, panel: TokenizerPanel) -> None:
    panel.special.setChecked(True)
    text = "<|endoftext|>" + " word" * 30 + "<|endoftext|>"
    panel.set_text(text)
    r = wait_for(qtbot, panel, text)
    panel.tabs.setCurrentIndex(TABS.index("Training samples"))
    for seed in range(20):
        panel.masked.mask_seed.setValue(seed)
        sample = panel.masked_sample()
        assert sample is not None
        assert all(not r.spans[p.index].special for p in sample.positions)


# -- teaching truth (issue 25) and defects (issue 23) --------------------------------------------------


def test_the_cooking_example_says_what_it_shows(qtbot: QtBot, panel: TokenizerPanel) -> None:
    from desktop.core.tokenizer_examples import COOKING

    note = panel.summary.example_note
    assert not note.isVisibleTo(panel)
    panel.examples.activated.emit(panel.examples.findData(COOKING))
    r = wait_for(qtbot, panel, T.EXAMPLES[COOKING], "cl100k_base")
    assert [s.text for s in r.spans] == ["co", "oking", "\n", "I", " love", " cooking"]
    assert note.isVisibleTo(panel) and note.textFormat() == Qt.TextFormat.PlainText
    assert "co|oking in cl100k_base" in note.text() and "“ cooking” is one token" in note.text()
    panel.input.moveCursor(panel.input.textCursor().MoveOperation.End)
    qtbot.keyClicks(panel.input, "!")  # no longer the example: its note goes
    assert not note.isVisibleTo(panel)


def test_the_masked_view_opens_on_a_mask_and_says_the_real_share(qtbot: QtBot, panel: TokenizerPanel) -> None:
    from desktop.core.teaching import masked as M

    text = T.EXAMPLES["English sentence"]  # what the panel opens on
    assert panel.text() == text
    r = wait_for(qtbot, panel, text)
    panel.tabs.setCurrentIndex(TABS.index("Training samples"))
    sample = panel.masked_sample()
    assert sample is not None and len(r.ids) == 8 and len(sample.positions) == 1
    assert sample.counts()[M.MASK] == 1 and "[MASK]" in panel.masked.masked_input.text()
    assert "1 of 8 tokens chosen (about 15%, at least one; here 12%)" in panel.masked.masked_input.text()
    assert "[MASK] never appears when the model is used" in panel.masked.masked_explain.text()
    # The training sentence: at seed 0 its one chosen token stays as it was, so the view opens on the
    # first seed that masks it.
    panel.examples.activated.emit(panel.examples.findData("Training sentence"))
    r = wait_for(qtbot, panel, "I love street food.")
    assert M.mask_tokens(r.ids, r.vocab_size, 0).counts()[M.MASK] == 0
    sample = panel.masked_sample()
    assert sample is not None and sample.seed == panel.masked.mask_seed.value() > 0
    assert sample.counts()[M.MASK] == 1 and "[MASK]" in panel.masked.masked_input.text()
    assert "1 of 5 tokens chosen (about 15%, at least one; here 20%)" in panel.masked.masked_input.text()
    panel.masked.mask_seed.setValue(0)  # a seed a person picks is kept
    assert panel.masked_sample() == M.mask_tokens(r.ids, r.vocab_size, 0, {100257})  # <|endoftext|> protected
    panel.set_text(text)
    wait_for(qtbot, panel, text)
    assert panel.masked.mask_seed.value() == 0


def test_the_vocabulary_size_says_what_it_counts(qtbot: QtBot, panel: TokenizerPanel) -> None:
    wait_for(qtbot, panel, panel.text())
    summary = panel.summary.summary.text()
    assert "vocabulary 100,277 (100,256 learned from text, 5 special, 16 ids unused)" in summary
    panel.tabs.setCurrentIndex(TABS.index("Compare"))
    qtbot.waitUntil(lambda: "o200k_base" in panel.stats, timeout=20000)
    row = panel.compare_keys().index("o200k_base")
    cell = panel.compare_tab.compare_table.item(row, 4)
    assert cell is not None and cell.text() == "200,019"
    assert "199,998 learned from text, 2 special, 19 ids unused" in cell.toolTip()


def test_a_big_paste_with_a_gguf_tokenizer_never_shows_the_old_counts(
    qtbot: QtBot, panel: TokenizerPanel, default_model: Path
) -> None:
    key = T.gguf_key(str(default_model))
    panel.set_text("a short text")
    assert panel.set_encoding(key)
    wait_for(qtbot, panel, "a short text", key)
    old = panel.summary.summary.text()
    assert "3 tokens" in old
    big = "The quick brown fox jumps over the lazy dog. 안녕하세요\n" * 20_000  # about 1 MB
    panel.input.selectAll()
    panel.input.insertPlainText(big)  # the path a paste takes
    # while llama.cpp counts (seconds), the summary says so instead of the short text's counts
    qtbot.waitUntil(lambda: "Counting the tokens of" in panel.summary.summary.text(), timeout=3000)
    assert panel.result is not None and panel.result.text == "a short text"
    assert f"{len(big):,} characters" in panel.summary.summary.text() and "3 tokens" not in panel.summary.summary.text()
    r = wait_for(qtbot, panel, big, key)
    assert f"<b>{r.total_tokens:,} tokens</b>" in panel.summary.summary.text()


def test_invisible_tokens_are_named(qtbot: QtBot, panel: TokenizerPanel) -> None:
    from desktop.core.teaching import masked as M

    assert panel.set_encoding("o200k_base")
    text = "a\u200db"  # o200k_base keeps the zero-width joiner as a token of its own
    panel.set_text(text)
    r = wait_for(qtbot, panel, text, "o200k_base")
    assert [s.text for s in r.spans] == ["a", "⟨U+200D⟩", "b"]  # visible, so it can be hovered
    view = panel.spans_tab.token_view
    _hover(qtbot, view, view.document().find("⟨").selectionStart())
    assert view.hovered() == 1
    assert "U+200D ZERO WIDTH JOINER" in panel.spans_tab.hover_info.text()
    panel.tabs.setCurrentIndex(TABS.index("Training samples"))
    target = panel.samples.samples_table.item(1, 1)  # the sample after <|endoftext|> a
    assert target is not None and target.text() == "⟨U+200D ZERO WIDTH JOINER⟩"
    for seed in range(50):  # a sample that chooses the joiner
        panel.masked.mask_seed.setValue(seed)
        sample = panel.masked_sample()
        assert sample is not None
        if [p.index for p in sample.positions] == [1]:
            break
    label = panel.masked.masked_table.item(0, 1)
    assert label is not None and label.text() == f"“⟨U+200D ZERO WIDTH JOINER⟩” ({r.ids[1]})"
    assert sample.positions[0].action != M.MASK or "[MASK]" in panel.masked.masked_input.text()
    # the README's words: cl100k_base splits the joiner into byte pieces, shown as such, never hidden
    assert panel.set_encoding("cl100k_base")
    panel.set_text(text)
    r = wait_for(qtbot, panel, text, "cl100k_base")
    assert "".join(s.text for s in r.spans if s.text not in ("a", "b")) == "<0xE2><0x80><0x8D>"
