"""The Tokenizer panel, offscreen, with the real catalog (the bundled model) and real tokenizers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.core import tokenizers as T
from desktop.services.catalog_service import CatalogService
from desktop.services.settings import Settings
from desktop.ui.panels.tokenizer import TABS, TokenizerPanel
from desktop.ui.widgets.token_view import TokenView


@pytest.fixture
def catalog(qtbot: QtBot, fresh_home: Path) -> Iterator[CatalogService]:
    service = CatalogService(Settings())
    with qtbot.waitSignal(service.changed, timeout=10000):
        service.rescan()
    yield service
    service.shutdown()


@pytest.fixture
def panel(qtbot: QtBot, catalog: CatalogService) -> Iterator[TokenizerPanel]:
    p = TokenizerPanel(catalog)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    yield p
    p.shutdown()


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
    assert panel.token_view.toPlainText() == "hello world"
    assert [s.id for s in panel.token_view.spans()] == [15339, 1917]
    assert "2 tokens" in panel.summary.text()
    assert not panel.notice.isVisible()
    panel.tabs.setCurrentIndex(TABS.index("Ids"))
    assert panel.ids_view.toPlainText() == "[15339, 1917]"
    panel.copy_ids()
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
    assert "<0x" in panel.token_view.toPlainText()


def test_special_switch(qtbot: QtBot, panel: TokenizerPanel) -> None:
    text = "<|endoftext|> hi"
    panel.set_text(text)
    r = wait_for(qtbot, panel, text)
    assert 100257 not in r.ids and not r.allow_special
    panel.special.setChecked(True)
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.allow_special, timeout=10000)
    assert panel.result is not None and panel.result.ids == [100257, 15960]
    assert panel.token_view.spans()[0].special


def test_examples_menu(qtbot: QtBot, panel: TokenizerPanel) -> None:
    index = panel.examples.findText("Emoji")
    panel.examples.activated.emit(index)
    assert panel.text() == T.EXAMPLES["Emoji"]
    assert panel.examples.currentIndex() == 0
    wait_for(qtbot, panel, T.EXAMPLES["Emoji"])


def test_decode_tab(qtbot: QtBot, panel: TokenizerPanel) -> None:
    panel.tabs.setCurrentIndex(TABS.index("Decode"))
    panel.decode_input.setPlainText("[15339, 1917]")
    panel.decode_now()
    qtbot.waitUntil(lambda: panel.decode_output.toPlainText() == "hello world", timeout=10000)
    panel.decode_input.setPlainText("15339, 99999999")
    panel.decode_now()
    qtbot.waitUntil(lambda: "not in the cl100k_base vocabulary" in panel.decode_status.text(), timeout=10000)
    panel.decode_input.setPlainText("hello")
    panel.decode_now()
    qtbot.waitUntil(lambda: "not a token id" in panel.decode_status.text(), timeout=10000)


def test_compare_tab_counts_every_encoding(qtbot: QtBot, panel: TokenizerPanel) -> None:
    text = T.EXAMPLES["English sentence"]
    panel.set_text(text)
    wait_for(qtbot, panel, text)
    panel.tabs.setCurrentIndex(TABS.index("Compare"))
    keys = panel.encoding_keys()
    qtbot.waitUntil(lambda: all(k in panel.stats for k in keys), timeout=20000)
    enc = T.tiktoken_encoding("cl100k_base")
    assert panel.stats["cl100k_base"].tokens == len(enc.encode(text))
    assert panel.compare_table.rowCount() == len(keys)
    bars = panel.chart.bars()
    assert len(bars) == len(keys) and all(v for _, v in bars)
    panel.chart.grab()  # paints without error


def test_training_samples_tab(qtbot: QtBot, panel: TokenizerPanel) -> None:
    text = "I love street food."
    panel.set_text(text)
    r = wait_for(qtbot, panel, text)
    panel.tabs.setCurrentIndex(TABS.index("Training samples"))
    table = panel.samples_table
    assert table.rowCount() == len(r.spans) + 1
    first, last = table.item(0, 0), table.item(table.rowCount() - 1, 1)
    assert first is not None and first.text() == "<|endoftext|>"
    assert last is not None and last.text() == "“<|endoftext|>”"


def test_hover_shows_id_and_bytes(qtbot: QtBot, panel: TokenizerPanel) -> None:
    panel.set_text("hello world")
    wait_for(qtbot, panel, "hello world")
    view: TokenView = panel.token_view
    rect = view.cursorRect(view.document().find("world"))
    with qtbot.waitSignal(view.tokenHovered, timeout=2000) as blocker:
        qtbot.mouseMove(view.viewport(), QPoint(rect.center().x() - 4, rect.center().y()))
    assert blocker.args == [1]
    assert "1917" in panel.hover_info.text() and "20 77 6F 72 6C 64" in panel.hover_info.text()


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
        assert not panel.error.isVisible()


def test_ten_megabyte_paste_shows_the_notice(qtbot: QtBot, panel: TokenizerPanel) -> None:
    big = ("The quick brown fox jumps over the lazy dog. 안녕하세요 😀\n" * 200_000)[:10_000_000]
    panel.input.selectAll()
    panel.input.insertPlainText(big)  # the path a paste takes
    r = wait_for(qtbot, panel, big)
    assert r.truncated and r.total_tokens > 2_000_000
    assert panel.notice.isVisible()
    assert "10,000,000 characters" in panel.notice.text() and "first" in panel.notice.text()
    assert len(panel.token_view.spans()) <= T.DISPLAY_TOKEN_LIMIT
    panel.set_text("short again")
    wait_for(qtbot, panel, "short again")
    assert not panel.notice.isVisible()


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
