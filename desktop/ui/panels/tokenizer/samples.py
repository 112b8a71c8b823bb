"""Self-supervision: one sentence becomes (context -> next token) training samples, with no label written
by hand; beside it, the masked recipe BERT trains on (``masked.py``)."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from desktop.core.invisible import char_name, is_invisible
from desktop.core.tokenizers import SpecialToken, Tokenization, TokenSpan, training_samples
from desktop.ui.widgets.headers import keep_titles_whole
from desktop.ui.widgets.token_view import PALETTE, shown_text

translate = QCoreApplication.translate  # lupdate finds translate("TokenizerPanel", "...") by this name
MAX_SAMPLES = 200
FLAT = str.maketrans({"\n": "↵", "\r": "␍", "\t": "→"})


def token_label(token: TokenSpan | SpecialToken) -> str:
    """A token as one line of a table: its shown text, or, for a token made only of characters that draw as
    nothing, their names ("⟨U+200D ZERO WIDTH JOINER⟩")."""
    if isinstance(token, SpecialToken):
        return token.text
    if not token.partial and not token.special:
        chars = token.data.decode("utf-8", errors="replace")
        if chars and all(is_invisible(ch) for ch in chars):
            return "⟨" + ", ".join(char_name(ch) for ch in chars) + "⟩"
    return shown_text(token).replace("\n", "")


class SamplesTable(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.samples_intro = QLabel("")
        self.samples_intro.setWordWrap(True)
        self.samples_intro.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.samples_intro)
        self.samples_table = QTableWidget(0, 3)
        self.samples_table.verticalHeader().setVisible(True)
        self.samples_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.samples_table.setTextElideMode(Qt.TextElideMode.ElideLeft)
        self.samples_table.setWordWrap(False)
        header = self.samples_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.samples_table, 1)

    def show_result(self, r: Tokenization) -> None:
        samples = training_samples(r, MAX_SAMPLES)
        bos = html.escape(r.bos.text) if r.bos else "&lt;BOS&gt;"
        eos = html.escape(r.eos.text) if r.eos else "&lt;EOS&gt;"
        intro = translate(
            "TokenizerPanel",
            "Self-supervision: a text labels itself. Every token becomes the answer to “what comes next?” "
            "given all the tokens before it, from <b>{bos}</b> (start) to <b>{eos}</b> (end) in "
            "{name}: one training sample per token, the last one predicting the end, "
            "and no label written by hand.",
        ).format(bos=bos, eos=eos, name=html.escape(r.label))
        if len(r.spans) >= MAX_SAMPLES:
            intro += " " + translate("TokenizerPanel", "Only the first {count} are listed.").format(count=MAX_SAMPLES)
        self.samples_intro.setText(intro)
        table = self.samples_table
        table.setUpdatesEnabled(False)
        table.setRowCount(len(samples))
        for row, sample in enumerate(samples):
            target = token_label(sample.target)
            items = [
                QTableWidgetItem(sample.context_text().translate(FLAT)),
                QTableWidgetItem(target if target.startswith("⟨U+") else f"“{target}”"),
                QTableWidgetItem(str(sample.target.id)),
            ]
            items[0].setToolTip(" | ".join(token_label(t) for t in sample.context[-40:]))
            items[1].setBackground(QColor(PALETTE[row % len(PALETTE)]))
            items[1].setForeground(QColor("#1B1B1B"))
            for col, item in enumerate(items):
                table.setItem(row, col, item)
        table.setUpdatesEnabled(True)
        keep_titles_whole(table)  # the label and id columns took their cells' width

    def retranslate(self) -> None:
        self.samples_table.setHorizontalHeaderLabels(
            (
                translate("TokenizerPanel", "Context (what the model reads)"),
                translate("TokenizerPanel", "Next token (label)"),
                translate("TokenizerPanel", "Id"),
            )
        )
        keep_titles_whole(self.samples_table)
