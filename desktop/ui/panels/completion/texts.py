"""Texts the Completion panel's areas share: why a run stopped, a run's speed in one line, the transcript
of a chat as it is shown, and the red error style. Each is translated when it is shown."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.core.messages import QT_TRANSLATE_NOOP

CONTEXT = "CompletionPanel"
ERROR_STYLE = "color:#c0392b"

STOP_REASONS: dict[str, str] = {
    "eos": QT_TRANSLATE_NOOP("CompletionPanel", "the model ended its text"),
    "length": QT_TRANSLATE_NOOP("CompletionPanel", "reached max tokens"),
    "stop": QT_TRANSLATE_NOOP("CompletionPanel", "met a stop string"),
    "cancelled": QT_TRANSLATE_NOOP("CompletionPanel", "stopped by you"),
    "closed": QT_TRANSLATE_NOOP("CompletionPanel", "the app was closed during the run"),
    "error": QT_TRANSLATE_NOOP("CompletionPanel", "an error broke the run"),
}


def last_run_text(run: dict[str, Any], stamp: str) -> str:
    """The status line of the run reopened at start: a run that a quit cut off says so (it would read as
    finished)."""
    if run.get("stop_reason") == "closed" and run.get("mode") == "chat":
        # The reply is shown again, but the conversation it belongs to is not: Generate would send the
        # question again without it.
        text = QT_TRANSLATE_NOOP(
            "CompletionPanel",
            "The last run, from {time}, cut off when the app was closed; what it made is kept here, but it is "
            "not part of the conversation.",
        )
    elif run.get("stop_reason") == "closed":
        text = QT_TRANSLATE_NOOP(
            "CompletionPanel", "The last run, from {time}, cut off when the app was closed; what it made is kept."
        )
    else:
        text = QT_TRANSLATE_NOOP("CompletionPanel", "The last run, from {time}.")
    return QCoreApplication.translate(CONTEXT, text).format(time=stamp)


def stop_reason_text(reason: str) -> str:
    return QCoreApplication.translate(CONTEXT, STOP_REASONS[reason]) if reason in STOP_REASONS else reason


def figures_line(m: dict[str, Any]) -> str:
    """A run's speed in one line (the Compare pane's): time to first token, tokens/s, tokens."""
    parts = []
    if isinstance(m.get("ttft_s"), (int, float)):
        parts.append(
            QCoreApplication.translate("CompletionPanel", "Time to first token {ms} ms").format(
                ms=f"{m['ttft_s'] * 1000:.0f}"
            )
        )
    if isinstance(m.get("gen_tps"), (int, float)):
        parts.append(QCoreApplication.translate("CompletionPanel", "{n} tok/s").format(n=f"{m['gen_tps']:.1f}"))
    if m:
        n = int(m.get("n_generated", 0) or 0)
        parts.append(QCoreApplication.translate("CompletionPanel", "%n token(s)", "", n))
    if m.get("includes_network"):
        parts.append(QCoreApplication.translate("CompletionPanel", "including network time"))
    return " · ".join(parts)


def role_label(role: str) -> str:
    """A chat role as the transcript shows it to the person (the model reads its own chat format)."""
    labels = {
        "system": QCoreApplication.translate("CompletionPanel", "System:"),
        "user": QCoreApplication.translate("CompletionPanel", "User:"),
        "assistant": QCoreApplication.translate("CompletionPanel", "Assistant:"),
    }
    return labels.get(role, f"{role.capitalize()}:")


def prefix_for(params: dict[str, Any]) -> str:
    """What a view shows before the generated tokens: the prompt, or the chat so far and the
    assistant's label."""
    if params.get("mode") == "chat":
        lines = [f"{role_label(str(m.get('role', '')))} {m.get('content', '')}\n\n" for m in params.get("messages", [])]
        return "".join(lines) + role_label("assistant") + " "
    return str(params.get("prompt", ""))


def error_html(text: str) -> str:
    """``text`` (from a model, a server or the system: never markup) in red, for a rich-text label."""
    return f"<span style='{ERROR_STYLE}'>{html.escape(text)}</span>"
