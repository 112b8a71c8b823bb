"""The Tokenizer panel, its service's errors and the core teaching texts follow a language change.

A stand-in translator marks every string of the contexts below (no .qm, no Korean needed): a text that
is not looked up in Qt's translation system, or that is not set again on a language change, keeps no mark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import i18n
from desktop.core import tokenizers as T
from desktop.core.messages import Message
from desktop.core.teaching import fit as F
from desktop.core.teaching import masked as M
from desktop.core.teaching import sampling as S
from desktop.services.tokenizer_service import TokenizerService
from desktop.ui.panels.models import breakdown_html
from desktop.ui.panels.tokenizer import HOVER_HELP, TABS
from tests.translators import MarkingTranslator as Marking
from tests.translators import prefix_mark
from tests.ui.test_tokenizer_panel import open_tokenizer

CONTEXTS = ("TokenizerPanel", "TokenizerExamples", "TokenizerService", "BarChart", "CoreTeaching", "CoreErrors")
MARK = "⟦KO⟧ "


@pytest.fixture
def marking(qapp: QApplication) -> Iterator[Marking]:
    translator = Marking(prefix_mark(MARK), CONTEXTS)
    yield translator
    QCoreApplication.removeTranslator(translator)
    i18n.install_language("en")


def test_tokenizer_panel_retranslates_and_keeps_example_keys(
    qtbot: QtBot, make_window: Callable[..., Any], marking: Marking
) -> None:
    panel = open_tokenizer(qtbot, make_window(start_host=False))
    panel.set_text("hello world")
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.text == "hello world", timeout=20000)
    assert panel.tabs.tabText(TABS.index("Decode")) == "Decode" and panel.spans_tab.hover_info.text() == HOVER_HELP

    QCoreApplication.installTranslator(marking)  # Qt sends LanguageChange to every widget
    qtbot.waitUntil(lambda: panel.ids_tab.copy_ids_btn.text() == MARK + "Copy ids", timeout=5000)
    assert panel.tabs.tabText(TABS.index("Training samples")) == MARK + "Training samples"
    assert panel.bar.encoding_label.text() == MARK + "Encoding"
    assert panel.spans_tab.hover_info.text() == MARK + HOVER_HELP
    assert panel.masked.masked_explain.text() == MARK + M.EXPLANATION
    panel.tabs.setCurrentIndex(TABS.index("Training samples"))  # drawn from the result when shown
    assert panel.masked.masked_input.text().startswith(MARK + "<b>Masked-LM input</b>")
    panel.tabs.setCurrentIndex(TABS.index("Spans"))
    assert panel.summary.summary.text().startswith(MARK + "<b>2 tokens</b>")  # redrawn from the result
    header = panel.compare_tab.compare_table.horizontalHeaderItem(1)
    assert header is not None and header.text() == MARK + "Tokens"
    assert panel.text() == "hello world"  # nothing typed is lost

    # the example list shows translated names and keeps the English name as the key
    index = panel.examples.findData("Emoji")
    assert index > 0 and panel.examples.itemText(index) == MARK + "Emoji"
    panel.examples.activated.emit(index)
    assert panel.text() == T.EXAMPLES["Emoji"]

    # a core error reaches the panel translated (CoreErrors), through the service
    panel.tabs.setCurrentIndex(TABS.index("Decode"))
    panel.decode_tab.decode_input.setPlainText("hello")
    panel.decode_tab.decode_now()
    qtbot.waitUntil(lambda: MARK + "“hello” is not a token id" in panel.decode_tab.decode_status.text(), timeout=10000)

    QCoreApplication.removeTranslator(marking)
    qtbot.waitUntil(lambda: panel.ids_tab.copy_ids_btn.text() == "Copy ids", timeout=5000)
    assert panel.spans_tab.hover_info.text() == HOVER_HELP and panel.examples.itemText(index) == "Emoji"


def test_service_failure_is_translated(qtbot: QtBot, marking: Marking) -> None:
    service = TokenizerService()
    try:
        QCoreApplication.installTranslator(marking)
        with qtbot.waitSignal(service.failed, timeout=10000) as blocker:
            service.decode("cl100k_base", "15339, 99999999")
        kind, _key, message, _details = blocker.args
        assert kind == "decode" and message.startswith(MARK + "Token id 99,999,999 is not in")
        with qtbot.waitSignal(service.failed, timeout=10000) as blocker:
            service.tokenize("no_such_encoding", "x")
        assert blocker.args[2] == MARK + "“no_such_encoding” is not an encoding this app knows."
    finally:
        service.shutdown()


def test_teaching_texts_are_translatable_messages(
    qtbot: QtBot, make_window: Callable[..., Any], marking: Marking
) -> None:
    machine = F.MachineMemory(16 * F.GIB, 12 * F.GIB, (F.GPUMemory("Test GPU", 2 * F.GIB, 2 * F.GIB),))
    est = F.calculate(7e9, "Q4_K_M", 8192)
    ram, gpu = F.verdicts(est, machine)
    assert ram.text.startswith("RAM: needs") and "layers fit" in gpu.text  # English for logs and tests
    assert all(isinstance(v.message, Message) and v.message.context == "CoreTeaching" for v in (ram, gpu))
    guessed = F.guessed_messages(est.shape)
    assert [g.english() for g in guessed] == list(est.shape.guessed)
    path = S.sampling_path(np.array([2.0, 1.0, 0.5, -1.0], dtype=np.float32), S.SamplerSettings(), u=0.3)
    notes = [st.note for st in path.stages]
    assert all(isinstance(n, Message) and n.context == "CoreTeaching" for n in notes)
    assert str(notes[0]) == "The model's own distribution: the softmax of the logits."

    view = make_window(start_host=False).models_panel.fit_view
    assert view.intro.text() == F.explanation().english()
    QCoreApplication.installTranslator(marking)
    qtbot.waitUntil(lambda: view.intro.text() == MARK + F.explanation().english(), timeout=5000)
    shown = breakdown_html(est, machine)
    assert MARK + "RAM: needs" in shown and MARK + "Test GPU: needs" in shown
    assert MARK + "shape like Llama-3.1-8B, " + MARK + "layers" in shown
