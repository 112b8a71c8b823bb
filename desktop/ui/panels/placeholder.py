"""A panel that a later release fills: it says what it will do, never a blank page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPanel(QWidget):
    def __init__(self, title: str, summary: str, points: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        text = QLabel(summary)
        text.setWordWrap(True)
        layout.addWidget(text)
        bullets = "".join(f"<li style='margin-bottom:6px'>{p}</li>" for p in points)
        items = QLabel(f"<p><b>Coming in the next release:</b></p><ul>{bullets}</ul>")
        items.setWordWrap(True)
        items.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(items)
        layout.addStretch(1)


PLANNED: dict[str, tuple[str, list[str]]] = {
    "Tokenizer": (
        "See text the way a model sees it: as tokens.",
        [
            "Type or paste text and see coloured token spans with ids, live as you type",
            "Compare GPT-4 (cl100k_base), GPT-4o (o200k_base) and your models' own tokenizers",
            "Korean, emoji and code, shown honestly as byte pieces where a token splits a character",
            "Training samples: how one sentence becomes (context → next token) pairs",
        ],
    ),
    "Completion": (
        "A language model is a completion machine: it continues text one token at a time, by probability.",
        [
            "Raw completion and chat (through the model's own chat template), streamed, with Stop",
            "Each token tinted by its probability, with its top alternatives on hover",
            "Time to first token, time per output token and tokens per second, live",
            "Sampling controls, teaching presets, side-by-side comparison and a saved history",
        ],
    ),
    "Vision": (
        "CLIP zero-shot classification: drop images in, type labels, see how the model ranks them.",
        [
            "Drag images or folders in, paste from the clipboard, or pick files",
            "Type candidate labels; see ranked probabilities as bars",
            "A small CLIP trained by this project ships with the app; add your own open_clip weights",
        ],
    ),
    "Automation": (
        "An AI workflow at rising autonomy: crawl, walk, run.",
        [
            "Crawl: a person approves every action",
            "Walk: the AI acts on internal, low-risk steps and asks for the rest",
            "Run: it acts alone inside guardrails, with every action in an audit log",
        ],
    ),
}
