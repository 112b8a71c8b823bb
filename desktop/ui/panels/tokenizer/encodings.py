"""Whose tokenizer: OpenAI's tiktoken encodings, each readable GGUF model's own vocabulary, and each server
model's tokenizer. The key of an item is its data (``cl100k_base``, ``gguf:<path>``, ``remote:<id>/<model>``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt
from PySide6.QtWidgets import QComboBox, QSizePolicy, QWidget

from desktop.core.catalog import Catalog
from desktop.core.tokenizers import TIKTOKEN_ENCODINGS, TIKTOKEN_LABELS, gguf_key
from desktop.services.remote_source import parse_source_key
from desktop.ui.panels.tokenizer.state import TokenizerState

translate = QCoreApplication.translate  # lupdate finds translate("TokenizerPanel", "...") by this name


class EncodingBox(QComboBox):
    """Long model names must not widen the window: the box shows at least a few words, grows with the room
    there is, and elides the rest (the list opens wide enough to read them)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(14)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMaximumWidth(420)
        self._catalog: Catalog | None = None
        self._servers: list[tuple[str, str]] = []

    def current_key(self) -> str:
        key = self.currentData()
        return str(key) if key else TIKTOKEN_ENCODINGS[0]

    def keys(self) -> list[str]:
        return [str(self.itemData(i)) for i in range(self.count())]

    def local_keys(self) -> list[str]:
        """Every encoding but the servers' (Compare counts these at every pause in typing)."""
        return [k for k in self.keys() if parse_source_key(k) is None]

    def refresh(self, catalog: Catalog, servers: list[tuple[str, str]], state: TokenizerState) -> bool:
        """List the encodings again (after a scan, a server's check): keep the choice, or the stored wish once
        it is listed; a choice that went falls back to what was shown. True when the encoding changed."""
        current = state.wanted_encoding or (self.current_key() if self.count() else TIKTOKEN_ENCODINGS[0])
        if self.fill(catalog, servers, state.labels, current):
            state.wanted_encoding = ""
        elif not self.select_quietly(state.shown_encoding):
            self.select_quietly(TIKTOKEN_ENCODINGS[0])
        state.keep_stats(self.keys())
        return self.current_key() != state.shown_encoding

    def fill(self, catalog: Catalog, servers: list[tuple[str, str]], labels: dict[str, str], keep: str) -> bool:
        """List every encoding, without signals, and select ``keep`` if it is listed (then True); else the
        selection is left to the caller. ``servers`` is (model name, key) per server model; ``labels``
        receives each model key's name."""
        self._catalog, self._servers = catalog, servers
        with QSignalBlocker(self):
            self.clear()
            for name in TIKTOKEN_ENCODINGS:
                self.addItem(TIKTOKEN_LABELS[name], name)
            for info in catalog.readable():
                key = gguf_key(str(info.path))
                if info.vocab_size:
                    label = translate("TokenizerPanel", "{name} (GGUF, {count} tokens)").format(
                        name=info.name, count=f"{info.vocab_size:,}"
                    )
                else:
                    label = translate("TokenizerPanel", "{name} (GGUF)").format(name=info.name)
                labels[key] = info.name
                self.addItem(label, key)
                self.setItemData(self.count() - 1, str(info.path), Qt.ItemDataRole.ToolTipRole)
            for name, key in servers:
                labels[key] = name
                self.addItem(translate("TokenizerPanel", "{name} (server)").format(name=name), key)
                self.setItemData(
                    self.count() - 1,
                    translate("TokenizerPanel", "The server's own tokenizer, through its tokenize endpoint."),
                    Qt.ItemDataRole.ToolTipRole,
                )
            self.view().setMinimumWidth(self.view().sizeHintForColumn(0) + 24)
            index = self.findData(keep)
            if index >= 0:
                self.setCurrentIndex(index)
        return index >= 0

    def select_quietly(self, key: str) -> bool:
        """Choose ``key`` without signals (a list refresh, not a person's choice)."""
        with QSignalBlocker(self):
            index = self.findData(key)
            if index >= 0:
                self.setCurrentIndex(index)
        return index >= 0

    def select(self, key: str) -> bool:
        """Choose ``key`` (with signals, as a person's choice); False when it is not listed."""
        index = self.findData(key)
        if index >= 0:
            self.setCurrentIndex(index)
        return index >= 0

    def retranslate(self) -> None:
        self.setToolTip(
            translate(
                "TokenizerPanel",
                "Whose tokenizer to use: OpenAI's tiktoken encodings (offline), or a GGUF model's own "
                "vocabulary, read without loading its weights.",
            )
        )
        if self._catalog is not None:  # the items' words ("GGUF, … tokens", "server") in the new language
            self.fill(self._catalog, self._servers, {}, self.current_key())
