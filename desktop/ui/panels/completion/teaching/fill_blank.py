"""Fill the blank: masked against autoregressive, with the same model. Left, the next token after the
words before the blank (what a left-to-right model has while writing); right, every candidate put in
the blank and the whole sentence scored, an imitation of what a masked model gets for free."""

from __future__ import annotations

import contextlib
import html
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSplitter, QVBoxLayout, QWidget

from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.services.source import Source
from desktop.ui.language import on_language_change
from desktop.ui.panels.completion.teaching.common import core_text, item, shown, table
from desktop.ui.panels.completion.texts import error_html
from desktop.ui.widgets.headers import keep_titles_whole

BLANK = re.compile(r"_{2,}")

FILL_EXPLANATION = QT_TRANSLATE_NOOP(
    "FillBlankView",
    "Masked or autoregressive, with the same model. Write a sentence with one blank (___). On the left, what "
    "an autoregressive model like this one has while writing: the next token, predicted from the words before "
    "the blank only. On the right, an imitation of what a masked model like BERT gets for free: BERT reads both "
    "sides at once and predicts the blank over its whole vocabulary in one pass. This model cannot do that, so "
    "each candidate is put in the blank and the whole sentence is scored by its log-probability (higher, closer "
    "to 0, is more likely): one sentence per candidate, and only the candidates it is given. Words that look "
    "poor from the left alone can win once the words after the blank are known.",
)


class FillBlankView(QWidget):
    def __init__(self, source: Callable[[], Source], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = source  # the source to run on: the one chosen under "Run on"
        self.active: Source | None = None
        self.rid: int | None = None
        self.result: dict[str, Any] | None = None
        self._scored_sentence = ""  # the sentence of the shown result
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        form = QFormLayout()
        # The example sentence is English on purpose: the bundled models were trained on English.
        self.sentence = QLineEdit("The ___ barked at the mailman all morning.")
        self.words = QLineEdit("dog, cat, car")
        self.sentence_label = QLabel()
        self.words_label = QLabel()
        form.addRow(self.sentence_label, self.sentence)
        form.addRow(self.words_label, self.words)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.run_btn = QPushButton()
        self.run_btn.clicked.connect(self.run)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        row.addWidget(self.run_btn)
        row.addWidget(self.status, 1)
        layout.addLayout(row)
        self.support_note = QLabel("")  # why the chosen source cannot fill the blank
        self.support_note.setWordWrap(True)
        self.support_note.setTextFormat(Qt.TextFormat.PlainText)
        self.support_note.setVisible(False)
        layout.addWidget(self.support_note)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.left_title = QLabel()
        self.left_title.setWordWrap(True)
        self.left_table = table(2)
        left_layout.addWidget(self.left_title)
        left_layout.addWidget(self.left_table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.right_title = QLabel()
        self.right_title.setWordWrap(True)
        right_layout.addWidget(self.right_title)
        self.both_table = table(3)
        right_layout.addWidget(self.both_table, 1)
        split.addWidget(left)
        split.addWidget(right)
        layout.addWidget(split, 1)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        self.intro.setText(core_text(FILL_EXPLANATION))
        self.words.setToolTip(
            self.tr("Your own candidates, separated by commas; the top of the left-only list is added.")
        )
        self.sentence_label.setText(self.tr("Sentence"))
        self.words_label.setText(self.tr("Also try"))
        self.run_btn.setText(self.tr("Fill the blank"))
        self.left_table.setHorizontalHeaderLabels([self.tr("Next token"), "p"])
        self.right_title.setText(self.tr("<b>Both sides</b>: whole sentences, best first"))
        self.both_table.setHorizontalHeaderLabels(
            [self.tr("In the blank"), self.tr("log p(sentence)"), self.tr("share")]
        )
        keep_titles_whole(self.left_table)
        keep_titles_whole(self.both_table)
        self._show_left_title()

    def update_support(self) -> None:
        """Grey the button, with the reason, when the chosen source cannot score (a server without the
        log-probabilities it needs)."""
        caps = self.source().capabilities()
        self.run_btn.setEnabled(caps.score and self.rid is None)
        self.support_note.setText(caps.score_note if not caps.score else "")
        self.support_note.setVisible(not caps.score)

    def _show_left_title(self) -> None:
        if self.result is None:
            self.left_title.setText(self.tr("<b>Left only</b>"))
            return
        left = BLANK.split(self._scored_sentence)[0].rstrip()
        self.left_title.setText(
            self.tr("<b>Left only</b>: the next token after “{left}”").format(left=html.escape(left))
        )

    def run(self) -> None:
        text = self.sentence.text()
        blanks = list(BLANK.finditer(text))
        if len(blanks) != 1:
            self.status.setText(self.tr("Write the sentence with exactly one blank, as ___ (two or more underscores)."))
            return
        left, right = text[: blanks[0].start()], text[blanks[0].end() :]
        words = [w.strip() for w in self.words.text().split(",") if w.strip()]
        source = self.source()
        self._listen(source)
        rid = source.score("fill_blank", left=left, right=right, candidates=words, top_n=10, from_top=5)
        if rid is None:
            caps = source.capabilities()
            self.status.setText(
                html.escape(caps.score_note)
                if not caps.score
                else self.tr("Load a model first, or wait for the running request to finish.")
            )
            return
        self.rid = rid
        self.status.setText(self.tr("Scoring…"))
        self.update_support()

    def _listen(self, source: Source) -> None:
        if self.active is source:
            return
        if self.active is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                self.active.scored.disconnect(self._on_finished)
                self.active.scoreFailed.disconnect(self._on_failed)
        self.active = source
        source.scored.connect(self._on_finished)
        source.scoreFailed.connect(self._on_failed)

    def _on_finished(self, rid: int, _op: str, data: dict[str, Any]) -> None:
        if rid != self.rid:
            return
        self.rid = None
        self.update_support()
        self.result = data
        self._scored_sentence = self.sentence.text()
        self._show_left_title()
        self.left_table.setRowCount(len(data["left_only"]))
        for r, (_tid, piece, p) in enumerate(data["left_only"]):
            self.left_table.setItem(r, 0, item(shown(piece)))
            self.left_table.setItem(r, 1, item(f"{p:.1%}", True))
        self.both_table.setRowCount(len(data["both"]))
        for r, d in enumerate(data["both"]):
            if d["from_list"]:
                text = self.tr("{rank}. {word}").format(rank=r + 1, word=d["word"])
            else:
                text = self.tr("{rank}. {word}  (not in the left-only list)").format(rank=r + 1, word=d["word"])
            self.both_table.setItem(r, 0, item(text))
            self.both_table.setItem(r, 1, item(f"{d['logprob']:.2f}", True))
            self.both_table.setItem(r, 2, item(f"{d['share']:.1%}", True))
        best = data["both"][0]["word"] if data["both"] else ""
        self.status.setText(
            self.tr("Best with both sides: “{word}”. ({seconds} s)").format(
                word=html.escape(best), seconds=f"{data['seconds']:.1f}"
            )
        )

    def _on_failed(self, rid: int, kind: str, message: str, _details: str) -> None:
        if rid != self.rid:
            return
        self.rid = None
        self.update_support()
        self.status.setText(error_html(self.tr("Stopped.") if kind == "Cancelled" else message))
