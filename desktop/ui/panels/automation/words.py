"""The Automation panel's shared words and the one way it shows text it did not write.

Keys from the log and the agent's events (``approved``, ``policy``, ``finished``) stay keys; :func:`word` shows them
in the installed language. Text from the model, a tool result, the world or a customer is untrusted: it is shown as
plain text (labels in ``Qt.TextFormat.PlainText``, tooltips through :func:`plain_tip`), with invisible and bidi
control characters drawn visibly (``⟨U+202E⟩``, ``desktop.core.invisible.reveal``), and cut only with a note that
says so (:func:`cell`).
"""

from __future__ import annotations

import html
import json
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel

from desktop.core.automation.policy import Level
from desktop.core.cut import cut, one_line
from desktop.core.invisible import reveal
from desktop.core.messages import QT_TRANSLATE_NOOP, Message
from desktop.i18n import translate_message

CONTEXT = "AutomationPanel"  # the context of the texts marked below (with the level's and the log's own)

LEVEL_NAMES = {  # the level's value stays the key (settings, audit log); this is what a person reads
    Level.CRAWL: QT_TRANSLATE_NOOP("AutomationLevels", "Crawl"),
    Level.WALK: QT_TRANSLATE_NOOP("AutomationLevels", "Walk"),
    Level.RUN: QT_TRANSLATE_NOOP("AutomationLevels", "Run"),
}
LEVEL_WORDS = {  # the audit log's short form (its narrow column): the word without the English in brackets
    Level.CRAWL: QT_TRANSLATE_NOOP("AutomationTimeline", "crawl"),
    Level.WALK: QT_TRANSLATE_NOOP("AutomationTimeline", "walk"),
    Level.RUN: QT_TRANSLATE_NOOP("AutomationTimeline", "run"),
}
DECISION_COLORS = {
    "auto": "#1565c0",
    "approved": "#2e7d32",
    "approved_for_run": "#558b2f",
    "edited": "#b26a00",
    "rejected": "#c62828",
    "blocked": "#6a1b9a",
    "error": "#c62828",
    "killed": "#c62828",
    "stopped": "#c62828",
    "interrupted": "#c62828",
}
WORDS = {  # keys from the audit log and the agent's events (data, English) -> the word a person reads
    # decisions (audit log)
    "auto": QT_TRANSLATE_NOOP("AutomationPanel", "auto"),
    "approved": QT_TRANSLATE_NOOP("AutomationPanel", "approved"),
    "approved_for_run": QT_TRANSLATE_NOOP("AutomationPanel", "approved for the run"),
    "edited": QT_TRANSLATE_NOOP("AutomationPanel", "edited"),
    "rejected": QT_TRANSLATE_NOOP("AutomationPanel", "rejected"),
    "blocked": QT_TRANSLATE_NOOP("AutomationPanel", "blocked"),
    "error": QT_TRANSLATE_NOOP("AutomationPanel", "error"),
    "killed": QT_TRANSLATE_NOOP("AutomationPanel", "killed"),
    "interrupted": QT_TRANSLATE_NOOP("AutomationPanel", "interrupted"),
    "started": QT_TRANSLATE_NOOP("AutomationPanel", "started"),
    "ended": QT_TRANSLATE_NOOP("AutomationPanel", "ended"),
    "undone": QT_TRANSLATE_NOOP("AutomationPanel", "undone"),
    "reset": QT_TRANSLATE_NOOP("AutomationPanel", "reset"),
    # a person's answers on the approval card
    "approve": QT_TRANSLATE_NOOP("AutomationPanel", "approve"),
    "approve_tool": QT_TRANSLATE_NOOP("AutomationPanel", "approve tool"),
    "edit": QT_TRANSLATE_NOOP("AutomationPanel", "edit"),
    "reject": QT_TRANSLATE_NOOP("AutomationPanel", "reject"),
    "stop": QT_TRANSLATE_NOOP("AutomationPanel", "stop"),
    # the policy's verdicts
    "ask": QT_TRANSLATE_NOOP("AutomationPanel", "ask"),
    "block": QT_TRANSLATE_NOOP("AutomationPanel", "block"),
    # who decided
    "policy": QT_TRANSLATE_NOOP("AutomationPanel", "policy"),
    "person": QT_TRANSLATE_NOOP("AutomationPanel", "person"),
    "host": QT_TRANSLATE_NOOP("AutomationPanel", "host"),
    "agent": QT_TRANSLATE_NOOP("AutomationPanel", "agent"),
    "schema": QT_TRANSLATE_NOOP("AutomationPanel", "schema"),
    "app": QT_TRANSLATE_NOOP("AutomationPanel", "app"),
    "kill switch": QT_TRANSLATE_NOOP("AutomationPanel", "kill switch"),
    # how a run ended
    "finished": QT_TRANSLATE_NOOP("AutomationPanel", "finished"),
    "step_limit": QT_TRANSLATE_NOOP("AutomationPanel", "step limit reached"),
    "stopped": QT_TRANSLATE_NOOP("AutomationPanel", "stopped"),
}
RISK_WORDS = {
    "low": QT_TRANSLATE_NOOP("AutomationPanel", "low"),
    "medium": QT_TRANSLATE_NOOP("AutomationPanel", "medium"),
    "high": QT_TRANSLATE_NOOP("AutomationPanel", "high"),
}
KIND_WORDS = {  # a request's kind (intent.KINDS), for the inbox
    "book": QT_TRANSLATE_NOOP("AutomationPanel", "book"),
    "cancel": QT_TRANSLATE_NOOP("AutomationPanel", "cancel"),
    "change": QT_TRANSLATE_NOOP("AutomationPanel", "change"),
    "confirm": QT_TRANSLATE_NOOP("AutomationPanel", "confirm"),
    "deposit": QT_TRANSLATE_NOOP("AutomationPanel", "deposit"),
    "question": QT_TRANSLATE_NOOP("AutomationPanel", "question"),
    "note": QT_TRANSLATE_NOOP("AutomationPanel", "note"),
    "other": QT_TRANSLATE_NOOP("AutomationPanel", "other"),
}


def tr(text: str) -> str:
    """A text marked above, in the installed language, looked up under the context it was marked with (level
    names and the audit log's columns have their own, so that "Run" the level, "Run" the button and "Run" the
    column can be translated apart)."""
    return QCoreApplication.translate(getattr(text, "context", "") or CONTEXT, text)


def shown(value: object) -> str:
    """What core or the agent service sent, for a person: a Message translated, a string as it is."""
    if value is None:
        return ""
    if isinstance(value, (str, Message)):
        return translate_message(value)
    return str(value)


def word(key: object) -> str:
    """A key from the audit log or an event (``approved``, ``policy``, ``finished``) in the installed language;
    an unknown key (a rule name, a reviewer's name) as it is."""
    text = shown(key)
    marked = WORDS.get(text) or KIND_WORDS.get(text)
    return tr(marked) if marked is not None else text


def risk_word(risk: str) -> str:
    marked = RISK_WORDS.get(risk)
    return tr(marked) if marked is not None else risk


def level_name(level: Level | str, short: bool = False) -> str:
    """A level as a person reads it (``short``: the audit log's column, ``crawl`` -> 기어가기)."""
    try:
        return tr((LEVEL_WORDS if short else LEVEL_NAMES)[Level(level)])
    except ValueError:
        return str(level)


# ----- untrusted text ---------------------------------------------------------------------------------------------
def visible(text: str) -> str:
    """Untrusted text with its invisible and bidi control characters drawn as ``⟨U+202E⟩``, whole."""
    return reveal(str(text))


def cell(text: str, limit: int = 140) -> str:
    """Untrusted text for a one-line cell: visible, on one line, and cut only with a note of how much went."""
    note = QCoreApplication.translate("AutomationPanel", "… [+{count} characters]")
    return cut(one_line(visible(text)), limit, note=note)[0]


def plain_tip(text: str) -> str:
    """A tooltip that shows ``text`` exactly, markup and all: Qt guesses a tooltip's format, so the text is escaped
    inside a paragraph that keeps its line breaks, and the markup reads as the characters it is."""
    if not text:
        return ""
    return "<p style='white-space:pre-wrap'>" + html.escape(visible(text)) + "</p>"


def plain_label(label: QLabel | None = None, wrap: bool = True) -> QLabel:
    """A label for untrusted text: plain text, never markup; wrapped; selectable."""
    out = label or QLabel()
    out.setTextFormat(Qt.TextFormat.PlainText)
    out.setWordWrap(wrap)
    out.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return out


def call_label(tool: str, args: dict[str, Any]) -> str:
    inner = ", ".join(f"{k}={json.dumps(v, ensure_ascii=False)}" for k, v in args.items())
    return f"{tool}({cell(inner, 90)})"


def percent(value: float) -> str:
    return f"{value:.0%}"
