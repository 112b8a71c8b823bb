"""The lines under the text: the counts (or that they are being computed), what the chosen example shows,
notices about how the text is shown, and the tokenizer's error."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop.core.tokenizers import EXAMPLE_NOTES, Tokenization, VocabParts
from desktop.ui.widgets.wrap_label import WrapLabel

translate = QCoreApplication.translate  # lupdate finds translate("TokenizerPanel", "...") by this name
ERROR_STYLE = "color: #c0392b;"
NOTICE_STYLE = "background: #fff3cd; color: #664d03; border: 1px solid #ffe69c; border-radius: 4px; padding: 4px 8px;"
PENDING_STYLE = "color: palette(placeholder-text);"
EXAMPLES_CONTEXT = "TokenizerExamples"


def vocabulary_text(size: int, parts: VocabParts | None) -> str:
    """ "vocabulary 100,277 (100,256 learned from text, 5 special, 16 ids unused)": what the size counts."""
    if parts is None:
        return translate("TokenizerPanel", "vocabulary {size}").format(size=f"{size:,}")
    return translate(
        "TokenizerPanel", "vocabulary {size} ({ordinary} learned from text, {special} special, {unused} ids unused)"
    ).format(size=f"{size:,}", ordinary=f"{parts.ordinary:,}", special=f"{parts.special:,}", unused=f"{parts.unused:,}")


class SummaryArea(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = WrapLabel(plain=False)
        self.summary.setTextFormat(Qt.TextFormat.RichText)  # its own markup; names in it are escaped
        layout.addWidget(self.summary)
        self.example_note = QLabel("")
        self.example_note.setTextFormat(Qt.TextFormat.PlainText)
        self.example_note.setWordWrap(True)
        self.example_note.setVisible(False)
        layout.addWidget(self.example_note)
        self.notice = QLabel("")
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setVisible(False)
        layout.addWidget(self.notice)
        self.error = QLabel("")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self._example = ""

    def show_example(self, key: str) -> None:
        """Say what the example ``key`` shows while its text is in the box ("" hides it)."""
        self._example = key
        note = EXAMPLE_NOTES.get(key)
        self.example_note.setText(QCoreApplication.translate(EXAMPLES_CONTEXT, note) if note else "")
        self.example_note.setVisible(bool(note))

    def show_counting(self, chars: int, name: str) -> None:
        """The counts on show belong to an earlier text: say instead that the new ones are coming."""
        self.summary.setStyleSheet(PENDING_STYLE)
        self.summary.setText(
            html.escape(
                translate("TokenizerPanel", "Counting the tokens of {chars} characters with {name}…").format(
                    chars=f"{chars:,}", name=name
                )
            )
        )

    def show_error(self, message: str) -> None:
        """The tokenizer failed: its words, and no counts (those on show, if any, were another text's)."""
        self.error.setText(message)
        self.error.setVisible(True)
        if self.summary.styleSheet() == PENDING_STYLE:
            self.summary.setText("")
            self.summary.setStyleSheet("")

    def show_result(self, r: Tokenization, draft_limit: int | None) -> None:
        """The counts for ``r`` and what to know about how it is shown. ``draft_limit``: how much of the
        text is kept for next time (None: nothing is kept)."""
        self.error.setVisible(False)
        self.summary.setStyleSheet("")
        s = r.stats()
        if s.words:
            per_word = translate("TokenizerPanel", "{count} words per token").format(count=f"{s.words_per_token:.2f}")
        else:
            per_word = translate("TokenizerPanel", "no words")
        remote = bool(r.extra.get("remote"))
        if remote:
            vocab = translate("TokenizerPanel", "vocabulary size not given by the server")
        else:
            vocab = vocabulary_text(s.vocab_size, r.vocab_parts)
        self.summary.setText(
            translate(
                "TokenizerPanel",
                "<b>{tokens} tokens</b> &nbsp;·&nbsp; {chars} characters &nbsp;·&nbsp; "
                "{per_token} characters per token &nbsp;·&nbsp; {per_word} &nbsp;·&nbsp; "
                "{vocab} &nbsp;·&nbsp; {label}",
            ).format(
                tokens=f"{s.tokens:,}",
                chars=f"{s.chars:,}",
                per_token=f"{s.chars_per_token:.2f}",
                per_word=per_word,
                vocab=html.escape(vocab),
                label=html.escape(r.label),
            )
        )
        notes = self._notes(r, remote, draft_limit)
        self.notice.setText(" ".join(notes))
        self.notice.setVisible(bool(notes))

    @staticmethod
    def _notes(r: Tokenization, remote: bool, draft_limit: int | None) -> list[str]:
        notes: list[str] = []
        if r.truncated:
            notes.append(
                translate(
                    "TokenizerPanel",
                    "This text has {chars} characters: the spans and ids show only its first "
                    "{shown} characters ({tokens} tokens). The counts are for all of it.",
                ).format(chars=f"{len(r.text):,}", shown=f"{r.shown_chars:,}", tokens=f"{len(r.spans):,}")
            )
        unknown = int(r.extra.get("unknown", 0))
        if remote and not r.extra.get("pieces_known"):
            notes.append(
                translate(
                    "TokenizerPanel",
                    "The server gave the token ids but not each token's text (too many different tokens to "
                    "ask for one by one), so the spans cannot be placed; the ids and counts are exact.",
                )
            )
        elif not r.aligned:
            notes.append(
                translate(
                    "TokenizerPanel",
                    "This tokenizer changes the text it reads (normalization), so spans are approximate.",
                )
            )
        elif unknown:
            notes.append(
                translate(
                    "TokenizerPanel",
                    "The server cannot show %n token(s) alone (each holds part of a character), and the text "
                    "leaves open which bytes they hold: they show as <?>, and the characters they make up "
                    "belong to the last of them.",
                    "",
                    unknown,
                )
            )
        if draft_limit is not None and len(r.text) > draft_limit:
            kept = translate("TokenizerPanel", "Only the first {limit} characters of this text are kept for next time.")
            notes.append(kept.format(limit=f"{draft_limit:,}"))
        return notes

    def retranslate(self) -> None:
        self.show_example(self._example)
