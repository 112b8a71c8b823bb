"""The text as tokens three ways: coloured spans with each token's details on hover, the ids to copy, and
ids pasted back into text."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from desktop.core.invisible import char_name, invisible_chars
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.core.server_tokens import UNKNOWN_PIECE
from desktop.core.tokenizers import Tokenization, TokenSpan
from desktop.ui.widgets.token_view import TokenView, describe_span

translate = QCoreApplication.translate  # lupdate finds translate("TokenizerPanel", "...") by this name
HOVER_HELP = QT_TRANSLATE_NOOP(
    "TokenizerPanel",
    "Each colour is one token. Hover a token for its id and bytes. "
    "<span style='color:#7A2E0E'>&lt;0xEC&gt;</span>-style pieces are bytes of a character "
    "that the tokenizer split; ↵ marks a line break.",
)
ERROR_STYLE = "color: #c0392b;"


def token_details(index: int, span: TokenSpan, text: str) -> str:
    """A token's details for the line under the spans (HTML): the view's own, with every character that
    draws as nothing named ("U+200D ZERO WIDTH JOINER"), whether the token holds it whole or completes it
    (the input ``text`` says which characters that is), and a word on a token whose bytes are unknown."""
    rows = [describe_span(index, span)]
    chars = span.data.decode("utf-8", errors="ignore") + text[span.start : span.end]
    names = [char_name(ch) for _i, ch in invisible_chars(chars)]
    if names:
        rows.append(
            html.escape(translate("TokenizerPanel", "Invisible: {names}").format(names=", ".join(dict.fromkeys(names))))
        )
    if span.text == UNKNOWN_PIECE and not span.data:
        rows.append(html.escape(translate("TokenizerPanel", "The server did not say which bytes this token holds.")))
    return "<br>".join(rows)


class SpansTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.token_view = TokenView()
        self.token_view.tokenHovered.connect(self._on_hovered)
        layout.addWidget(self.token_view, 1)
        self.hover_info = QLabel("")
        self.hover_info.setTextFormat(Qt.TextFormat.RichText)
        self.hover_info.setWordWrap(True)
        layout.addWidget(self.hover_info)
        self._helps: set[str] = set()  # the help in every language shown so far: a switch replaces it
        self._text = ""  # the input the spans on show cover

    def show_result(self, r: Tokenization) -> None:
        self._text = r.text
        self.token_view.set_spans(r.spans)

    def _on_hovered(self, index: int) -> None:
        spans = self.token_view.spans()
        if 0 <= index < len(spans):
            details = token_details(index, spans[index], self._text)
            self.hover_info.setText(details.replace("<br>", " &nbsp;·&nbsp; "))

    def help_text(self) -> str:
        text = translate("TokenizerPanel", HOVER_HELP)
        self._helps.add(text)
        return text

    def show_help(self) -> None:
        """The text or encoding changed: a token's details from before no longer apply."""
        text = self.help_text()
        if self.hover_info.text() != text:
            self.hover_info.setText(text)

    def retranslate(self) -> None:
        if not self.hover_info.text() or self.hover_info.text() in self._helps:
            self.hover_info.setText(self.help_text())


class IdsTab(QWidget):
    decodeRequested = Signal(str)  # the ids as text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.ids_view = QPlainTextEdit()
        self.ids_view.setReadOnly(True)
        self.ids_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout.addWidget(self.ids_view, 1)
        row = QHBoxLayout()
        self.ids_note = QLabel("")
        row.addWidget(self.ids_note, 1)
        self.copy_ids_btn = QPushButton()
        self.copy_ids_btn.clicked.connect(self.copy_ids)
        row.addWidget(self.copy_ids_btn)
        self.to_decode_btn = QPushButton()
        self.to_decode_btn.clicked.connect(lambda: self.decodeRequested.emit(self.ids_text()))
        row.addWidget(self.to_decode_btn)
        layout.addLayout(row)
        self._result: Tokenization | None = None

    def ids_text(self) -> str:
        r = self._result
        return "[" + ", ".join(str(i) for i in r.ids) + "]" if r is not None else "[]"

    def show_result(self, r: Tokenization) -> None:
        self._result = r
        self.ids_view.setPlainText(self.ids_text())
        shown = f"{len(r.spans):,}"
        if r.truncated:
            note = translate("TokenizerPanel", "{shown} ids (of {total}; the text is shown in part).").format(
                shown=shown, total=f"{r.total_tokens:,}"
            )
        else:
            note = translate("TokenizerPanel", "{shown} ids.").format(shown=shown)
        self.ids_note.setText(note)

    def copy_ids(self) -> None:
        QGuiApplication.clipboard().setText(self.ids_text())
        self.ids_note.setText(translate("TokenizerPanel", "Copied."))

    def retranslate(self) -> None:
        self.copy_ids_btn.setText(translate("TokenizerPanel", "Copy ids"))
        self.to_decode_btn.setText(translate("TokenizerPanel", "Decode these ids"))


class DecodeTab(QWidget):
    decodeRequested = Signal(str)  # the ids as typed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.decode_intro = QLabel()
        self.decode_intro.setWordWrap(True)
        layout.addWidget(self.decode_intro)
        self.decode_input = QPlainTextEdit()
        self.decode_input.setPlaceholderText("15339, 1917")
        self.decode_input.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.decode_input.setMaximumHeight(110)
        layout.addWidget(self.decode_input)
        row = QHBoxLayout()
        self.decode_btn = QPushButton()
        self.decode_btn.clicked.connect(self.decode_now)
        row.addWidget(self.decode_btn)
        self.decode_status = QLabel("")
        self.decode_status.setTextFormat(Qt.TextFormat.RichText)  # every text set here is escaped
        self.decode_status.setWordWrap(True)
        row.addWidget(self.decode_status, 1)
        layout.addLayout(row)
        self.decode_output = QPlainTextEdit()
        self.decode_output.setReadOnly(True)
        layout.addWidget(self.decode_output, 1)

    def decode_now(self) -> None:
        self.decode_status.setText(html.escape(translate("TokenizerPanel", "Decoding…")))
        self.decodeRequested.emit(self.decode_input.toPlainText())

    def show_decoded(self, text: str, n_ids: int, name: str) -> None:
        self.decode_output.setPlainText(text)
        self.decode_status.setText(
            html.escape(
                translate("TokenizerPanel", "{ids} ids → {chars} characters with {name}.").format(
                    ids=f"{n_ids:,}", chars=f"{len(text):,}", name=name
                )
            )
        )

    def show_error(self, message: str) -> None:
        self.decode_status.setText(f"<span style='{ERROR_STYLE}'>{html.escape(message)}</span>")
        self.decode_output.clear()

    def retranslate(self) -> None:
        self.decode_intro.setText(
            translate(
                "TokenizerPanel",
                "Paste token ids (for example [15339, 1917]) to turn them back into text with the encoding above:",
            )
        )
        self.decode_btn.setText(translate("TokenizerPanel", "Decode"))
        self.decode_output.setPlaceholderText(translate("TokenizerPanel", "The decoded text appears here."))
