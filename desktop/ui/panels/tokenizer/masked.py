"""BERT's masked-LM recipe beside the autoregressive samples, on the same tokens: which are chosen, what
the model sees there, and what it must predict. Until a person picks a seed, the view opens on the first
seed that shows a [MASK], so the recipe's main move is on screen at once."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.core.messages import message
from desktop.core.teaching import masked as M
from desktop.core.tokenizers import TIKTOKEN_ENCODINGS, Tokenization, TokenizerError, show_bytes, tiktoken_decode_bytes
from desktop.i18n import translate_message
from desktop.ui.panels.tokenizer.samples import FLAT, MAX_SAMPLES, token_label
from desktop.ui.widgets.fit_scroll import scrolling_page
from desktop.ui.widgets.headers import keep_titles_whole

translate = QCoreApplication.translate  # lupdate finds translate("TokenizerPanel", "...") by this name
MASK_HTML = "<b style='background:#1B1B1B;color:#FFFFFF'>[MASK]</b>"
RANDOM_STYLE = "background:#F5B041;color:#1B1B1B"
KEPT_STYLE = "background:#A9DFBF;color:#1B1B1B"


class MaskedView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = scrolling_page(self)  # the explanation is long: in a small window it scrolls, never clips
        self.masked_explain = QLabel()
        self.masked_explain.setWordWrap(True)
        layout.addWidget(self.masked_explain)
        row = QHBoxLayout()
        self.seed_label = QLabel()
        row.addWidget(self.seed_label)
        self.mask_seed = QSpinBox()
        self.mask_seed.setRange(0, 999_999)
        self.mask_seed.setValue(0)
        self.mask_seed.valueChanged.connect(self._on_seed)
        row.addWidget(self.mask_seed)
        self.mask_again = QPushButton()
        self.mask_again.clicked.connect(lambda: self.mask_seed.setValue((self.mask_seed.value() + 1) % 1_000_000))
        row.addWidget(self.mask_again)
        row.addStretch(1)
        layout.addLayout(row)
        self.masked_input = QLabel("")
        self.masked_input.setWordWrap(True)
        self.masked_input.setTextFormat(Qt.TextFormat.RichText)
        self.masked_input.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.masked_input)
        self.masked_table = QTableWidget(0, 3)
        self.masked_table.verticalHeader().setVisible(False)
        self.masked_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.masked_table.horizontalHeader()
        for col in (0, 1):  # a position and a token with its id: short
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.masked_table.setMinimumHeight(100)
        layout.addWidget(self.masked_table, 1)
        self.result: Tokenization | None = None
        self.chosen_seed = False  # a person picked the seed: keep it

    # -- the sample --------------------------------------------------------------------------------
    def _tokens(self) -> tuple[list[int], set[int]]:
        """The ids that may be masked (the first MAX_SAMPLES tokens from the text) and the protected ones."""
        r = self.result
        assert r is not None
        spans = [sp for sp in r.spans if not sp.added][:MAX_SAMPLES]
        protected = {sp.id for sp in spans if sp.special}
        protected.update(special.id for special in (r.bos, r.eos) if special is not None)
        return [sp.id for sp in spans], protected

    def sample(self) -> M.MaskedSample | None:
        """The masked-LM sample of the current text's tokens at the seed shown."""
        if self.result is None:
            return None
        ids, protected = self._tokens()
        return M.mask_tokens(ids, max(self.result.vocab_size, 1), self.mask_seed.value(), protected)

    def show_result(self, r: Tokenization) -> None:
        self.result = r
        if not self.chosen_seed:
            ids, protected = self._tokens()
            with QSignalBlocker(self.mask_seed):
                self.mask_seed.setValue(M.seed_showing_mask(ids, max(r.vocab_size, 1), 0, protected))
        self.refresh()

    def _on_seed(self, _seed: int) -> None:
        self.chosen_seed = True
        self.refresh()

    def _token_text(self, token_id: int) -> str:
        """A random replacement's text: tiktoken decodes at once; a GGUF vocabulary shows the id."""
        r = self.result
        if r is not None and r.encoding in TIKTOKEN_ENCODINGS:
            try:
                return show_bytes(tiktoken_decode_bytes(r.encoding, [token_id])[0])[0]
            except TokenizerError:  # an id in a gap of the vocabulary
                pass
        return f"#{token_id}"

    def refresh(self) -> None:
        r = self.result
        sample = self.sample()
        if r is None or sample is None:
            return
        spans = [sp for sp in r.spans if not sp.added][:MAX_SAMPLES]
        labels = [token_label(sp).translate(FLAT) for sp in spans]
        chosen = {p.index: p for p in sample.positions}
        parts: list[str] = []
        for i, label in enumerate(labels):
            p = chosen.get(i)
            if p is None:
                parts.append(html.escape(label))
            elif p.action == M.MASK:
                parts.append(MASK_HTML)
            elif p.action == M.RANDOM:
                shown = html.escape(self._token_text(int(p.shown or 0)).translate(FLAT))
                parts.append(f"<span style='{RANDOM_STYLE}'>{shown}</span>")
            else:
                parts.append(f"<u style='{KEPT_STYLE}'>{html.escape(label)}</u>")
        counts = sample.counts()
        share = len(sample.positions) / len(spans) if spans else 0.0
        head = translate(
            "TokenizerPanel",
            "<b>Masked-LM input</b> (seed {seed}): {chosen} of {tokens} tokens chosen (about 15%, at least one; "
            "here {share}): {masked} masked, {random} random {random_swatch}, {kept} unchanged {kept_swatch}",
        ).format(
            seed=sample.seed,
            chosen=len(sample.positions),
            tokens=len(spans),
            share=f"{share:.0%}",
            masked=counts[M.MASK],
            random=counts[M.RANDOM],
            kept=counts[M.KEEP],
            random_swatch=f"<span style='{RANDOM_STYLE}'>&nbsp;</span>",
            kept_swatch=f"<span style='{KEPT_STYLE}'>&nbsp;</span>",
        )
        # a zero-width space between tokens lets a long run of byte pieces wrap at a token's edge
        self.masked_input.setText(head + "<br>" + "\u200b".join(parts))
        self.masked_input.setProperty("fm_data_after", "<br>")  # the tokens after the line break are the text's
        why = {
            M.MASK: translate("TokenizerPanel", "masked (80% of the chosen)"),
            M.RANDOM: translate("TokenizerPanel", "a random token (10%)"),
            M.KEEP: translate("TokenizerPanel", "left unchanged (10%)"),
        }
        table = self.masked_table
        table.setRowCount(len(sample.positions))
        for row, p in enumerate(sample.positions):
            if p.action == M.MASK:
                seen = "[MASK]"
            elif p.action == M.RANDOM:
                seen = self._token_text(int(p.shown or 0)).translate(FLAT)
            else:
                seen = labels[p.index]
            where = translate("TokenizerPanel", "position {n}: “{token}”").format(n=p.index + 1, token=seen)
            items = [
                QTableWidgetItem(where),
                QTableWidgetItem(f"“{labels[p.index]}” ({p.original})"),
                QTableWidgetItem(why[p.action]),
            ]
            for col, item in enumerate(items):
                table.setItem(row, col, item)
        keep_titles_whole(table)

    def retranslate(self) -> None:
        self.masked_explain.setText(translate_message(message(M.EXPLANATION)))
        self.seed_label.setText(translate("TokenizerPanel", "Seed"))
        self.mask_seed.setToolTip(
            translate("TokenizerPanel", "The same seed always masks the same tokens the same way.")
        )
        self.mask_again.setText(translate("TokenizerPanel", "Mask again"))
        self.mask_again.setToolTip(translate("TokenizerPanel", "Another sample of the same sentence (the next seed)."))
        self.masked_table.setHorizontalHeaderLabels(
            (
                translate("TokenizerPanel", "The model sees"),
                translate("TokenizerPanel", "It must predict (label)"),
                translate("TokenizerPanel", "Why"),
            )
        )
        keep_titles_whole(self.masked_table)
        self.refresh()
