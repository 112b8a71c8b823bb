"""Where a run is typed and shown: the input box (system message, prompt, New conversation; the typed
prompt kept on disk as a draft) and the token view a run streams into."""

from __future__ import annotations

import contextlib
import html
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QPushButton, QTextBrowser, QToolTip, QVBoxLayout, QWidget

from desktop.core.atomic import atomic_write_text
from desktop.core.paths import data_dir
from desktop.services.settings import Settings
from desktop.ui.language import on_language_change
from desktop.ui.widgets.token_text import TokenTextView


class RunTokenView(TokenTextView):
    """A token view where a token without a probability (a server that returned none) is shown plain,
    not tinted as if its probability were 0, and its tooltip says why."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prefix = ""  # what the view shows before its tokens, to redraw them

    def show_run(self, prefix: str, tokens: list[dict[str, Any]] | None = None) -> None:
        """Clear and show ``prefix`` then ``tokens`` (none: a run about to start)."""
        self.prefix = prefix
        self.set_tokens(prefix, list(tokens or []))

    def redraw(self) -> None:
        self.set_tokens(self.prefix, list(self.tokens))

    def append_token(self, token: dict[str, Any]) -> None:
        if token.get("p") is not None or not self.show_probabilities:
            super().append_token(token)
            return
        self.show_probabilities = False
        try:
            super().append_token(token)
        finally:
            self.show_probabilities = True

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        i = self.token_at(event.position().toPoint())
        if i is not None and self.tokens[i].get("p") is None:
            text = html.escape(repr(self.tokens[i].get("text", ""))[1:-1])
            QToolTip.showText(
                event.globalPosition().toPoint(),
                self.tr("<b>{token}</b>: the server returned no probability for this token.").format(token=text),
                self,
            )
            QTextBrowser.mouseMoveEvent(self, event)  # the base view's hover would say "p = 0%"
            return
        super().mouseMoveEvent(event)


class InputBox(QWidget):
    """The system message (chat), the prompt, and New conversation. What is typed survives a crash or a
    restart: a file, not settings (pastes can be huge), written 0.8 s after the last change."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.draft_path = data_dir() / "drafts" / "completion.txt"
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.system = QLineEdit()
        self.prompt = QPlainTextEdit()
        self.clear_chat_btn = QPushButton()
        layout.addWidget(self.system)
        layout.addWidget(self.prompt, 1)
        layout.addWidget(self.clear_chat_btn, 0, Qt.AlignmentFlag.AlignLeft)
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(800)
        self._draft_timer.timeout.connect(self.save_draft)
        self.restore_draft()
        self.prompt.textChanged.connect(self._draft_timer.start)
        self.chat = False
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        self.system.setPlaceholderText(self.tr("System message (optional, chat mode)"))
        self.clear_chat_btn.setText(self.tr("New conversation"))
        self.set_chat(self.chat)

    def set_chat(self, chat: bool) -> None:
        self.chat = chat
        self.system.setVisible(chat)
        self.clear_chat_btn.setVisible(chat)
        self.prompt.setPlaceholderText(
            self.tr("Your message. Ctrl+Enter sends it.")
            if chat
            else self.tr("Type a prompt; the model continues it. Ctrl+Enter generates.")
        )

    def request(
        self, chat: bool, messages: list[dict[str, str]], chat_format: str
    ) -> tuple[dict[str, Any] | None, str]:
        """What to run from what is typed: (params, "") or (None, why not). In chat, ``messages`` is the
        conversation so far; the system message goes first in a new one."""
        text = self.prompt.toPlainText()
        if not text.strip():
            if chat:
                return None, self.tr("Type a message first.")
            return None, self.tr("The prompt is empty: type something for the model to continue.")
        if not chat:
            return {"mode": "completion", "prompt": text}, ""
        messages = [*messages]
        if self.system.text().strip() and not messages:
            messages.append({"role": "system", "content": self.system.text().strip()})
        messages.append({"role": "user", "content": text})
        return {"mode": "chat", "messages": messages, "chat_format": chat_format}, ""

    def replace_prompt(self, text: str) -> None:
        """Put ``text`` in the prompt box as one edit that Ctrl+Z undoes (setPlainText would clear the
        undo history, and the draft on disk follows the box 0.8 s later)."""
        cursor = QTextCursor(self.prompt.document())
        cursor.beginEditBlock()
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.insertText(text)
        cursor.endEditBlock()
        cursor.movePosition(QTextCursor.MoveOperation.End)
        self.prompt.setTextCursor(cursor)

    def take_prompt_of(self, run: dict[str, Any]) -> bool:
        """Put a reopened completion run's prompt in the box (one edit, undone by Ctrl+Z); False when the run
        has none of its own (a chat) or the box already holds it."""
        prompt = run.get("prompt")
        if run.get("mode", "completion") != "completion" or not isinstance(prompt, str) or not prompt:
            return False
        if prompt == self.prompt.toPlainText():
            return False
        self.replace_prompt(prompt)
        return True

    def restore_draft(self) -> None:
        with contextlib.suppress(OSError, UnicodeDecodeError):
            self.prompt.setPlainText(self.draft_path.read_text(encoding="utf-8"))

    def save_draft(self) -> None:
        try:
            atomic_write_text(self.draft_path, self.prompt.toPlainText(), errors="replace")
        except OSError as exc:  # a read-only home, a full disk: say so once, leave no temp file
            self.settings.report_unsaved(self.tr("The typed prompt"), self.draft_path, exc)
