"""What the Tokenizer panel's areas share: the result on show, the counts per encoding, which tabs need
redrawing, the encoding wished for, and the example whose text is in the box. Plain Python, no widgets:
the shell (``panel.py``) changes it and tells the areas."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.tokenizers import TIKTOKEN_LABELS, Tokenization, TokenStats, gguf_path

# The tabs' keys (their shown titles are set in retranslate, in the installed language).
TABS = ("Spans", "Ids", "Decode", "Compare", "Training samples")
RESULT_TABS = ("Spans", "Ids", "Training samples")  # drawn from the result


@dataclass
class TokenizerState:
    result: Tokenization | None = None  # the text as tokens, as last shown
    stats: dict[str, TokenStats] = field(default_factory=dict)  # Compare's counts, per encoding key
    stats_errors: dict[str, str] = field(default_factory=dict)  # Compare: why an encoding cannot count
    dirty: set[str] = field(default_factory=lambda: set(TABS))  # tabs to redraw when next shown
    labels: dict[str, str] = field(default_factory=lambda: dict(TIKTOKEN_LABELS))  # key -> a model's name
    wanted_encoding: str = ""  # the stored choice, until the list holds it (GGUF files come after a scan)
    shown_encoding: str = ""  # the encoding the text was last tokenized with
    example: str = ""  # the example whose text is in the box ("" once the text is edited)
    pending_chars: int | None = None  # characters being tokenized when the counts are out of date

    def label(self, key: str) -> str:
        """A person's name for an encoding key: a model's own name, or its file name."""
        return self.labels.get(key) or Path(gguf_path(key) or key).name

    def accepts(self, result: Tokenization, key: str, allow_special: bool) -> bool:
        """Whether ``result`` is for what is chosen now (a late answer for an earlier choice is not)."""
        return result.encoding == key and result.allow_special == allow_special

    def show(self, result: Tokenization) -> None:
        self.result = result
        self.pending_chars = None
        self.dirty.update(RESULT_TABS)

    def keep_stats(self, keys: list[str]) -> None:
        """Forget the counts of encodings no longer listed."""
        self.stats = {k: v for k, v in self.stats.items() if k in keys}
        self.dirty.add("Compare")
