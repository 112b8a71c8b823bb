"""The top of the Automation panel: the title, what crawl, walk and run mean (folded away to save room), the
level and what it lets run alone, the run buttons, and the agent's model."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.core.automation.policy import Level, waits_at_walk
from desktop.core.automation.tools import TOOLS
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.services.settings import Settings
from desktop.ui.language import on_language_change
from desktop.ui.panels.automation.words import level_name, tr

EXPLANATION = QT_TRANSLATE_NOOP(
    "AutomationPanel",
    "<b>Crawl, walk, run.</b> <i>AI Engineering</i> (ch. 1), after Microsoft (2023), describes handing work to AI "
    "in stages. <b>Crawl:</b> a person must approve every action, ending the request included. <b>Walk:</b> the AI "
    "works with staff: it looks things up, holds tables and drafts replies on its own, and asks before anything "
    "reaches a customer, cannot be undone, or ends the request. <b>Run:</b> it answers customers alone, inside "
    "guardrails that code checks before any effect (party size, deposits, opening hours, no double booking, "
    "messages only to the customer who wrote and without anyone else's data, only what the request asks for, a "
    "rate limit). The rules are enforced in code, never in the prompt.",
)
MODEL_WARNING = QT_TRANSLATE_NOOP(
    "AutomationPanel",
    "<b>About the model.</b> The bundled model has 135 million parameters. Grammar-constrained decoding means "
    "it always proposes a well-formed tool call, but it <b>will make poor choices</b>: the wrong restaurant, "
    "the wrong tool, a step too many. That is the point of crawl: a person catches them. Watch how often you "
    "reject or edit a tool's calls before you let it walk.",
)
LEVEL_TEXT = {
    Level.CRAWL: QT_TRANSLATE_NOOP("AutomationPanel", "Crawl: every call waits for your approval, finish included."),
    Level.WALK: QT_TRANSLATE_NOOP(
        "AutomationPanel", "Walk: look-ups, holds, notes and drafts run alone; these wait for you: {tools}."
    ),
    Level.RUN: QT_TRANSLATE_NOOP(
        "AutomationPanel", "Run: everything runs alone unless a rule blocks it. Kill (Esc) stops it at once."
    ),
}


def walk_waits() -> list[str]:
    """The tools whose calls wait for a person at walk (policy.waits_at_walk)."""
    return [name for name, tool in TOOLS.items() if waits_at_walk(tool)]


class AutomationHeader(QWidget):
    def __init__(self, settings: Settings | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.title = QLabel()
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        top.addWidget(self.title)
        top.addStretch(1)
        self.about = QToolButton()
        self.about.setCheckable(True)
        self.about.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.about.setArrowType(Qt.ArrowType.RightArrow)
        top.addWidget(self.about)
        root.addLayout(top)
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)  # our own words, marked up
        self.warning = QLabel()
        self.warning.setWordWrap(True)
        self.warning.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.explanation)
        root.addWidget(self.warning)

        bar = QHBoxLayout()
        self.level_label = QLabel()
        self.level = QComboBox()
        for level in Level:
            self.level.addItem(level.value, level.value)  # the text is set in retranslate; the data is the key
        saved = settings.get_str("automation/level", Level.CRAWL.value) if settings else Level.CRAWL.value
        self.level.setCurrentIndex(max(self.level.findData(saved), 0))
        self.level_text = QLabel()
        self.level_text.setWordWrap(True)  # wraps rather than holding the panel wide at 1024 px
        self.fresh = QCheckBox()
        self.fresh.setChecked(bool(settings.get_bool("automation/fresh_world", True)) if settings else True)
        self.fresh.toggled.connect(self._on_fresh)
        self.run_btn = QPushButton()
        self.pause_btn = QPushButton()
        self.kill_btn = QPushButton()
        self.kill_btn.setStyleSheet("QPushButton:enabled { color: white; background: #c62828; font-weight: 600; }")
        self.reset_btn = QPushButton()
        bar.addWidget(self.level_label)
        bar.addWidget(self.level)
        bar.addWidget(self.fresh)
        bar.addStretch(1)
        for b in (self.run_btn, self.pause_btn, self.kill_btn, self.reset_btn):
            bar.addWidget(b)
        root.addLayout(bar)
        root.addWidget(self.level_text)
        pick = QHBoxLayout()  # one row with the note: the panel keeps its height at 1024x640
        self.model_label = QLabel()
        self.model_pick = QComboBox()  # the GGUF loaded in Models, or a server model from Models -> Servers
        self.model_pick.addItem("", "")
        self.model_pick.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.model_pick.setMinimumContentsLength(26)  # "The model loaded in Models" whole
        self.model_note = QLabel()
        self.model_note.setTextFormat(Qt.TextFormat.PlainText)  # a model's name comes from its file
        self.model_note.setWordWrap(True)
        pick.addWidget(self.model_label)
        pick.addWidget(self.model_pick)
        pick.addWidget(self.model_note, 1)
        root.addLayout(pick)

        shown = bool(settings.get_bool("automation/about", False)) if settings else False
        self.about.setChecked(shown)
        self.about.toggled.connect(self._show_about)
        self.level.currentIndexChanged.connect(self._on_level)
        self._show_about(shown)
        self.retranslate()
        on_language_change(self, self.retranslate)

    def current_level(self) -> Level:
        return Level(str(self.level.currentData()))

    def _show_about(self, on: bool) -> None:
        self.explanation.setVisible(on)
        self.warning.setVisible(on)
        self.about.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        if self.settings is not None:
            self.settings.set("automation/about", on)

    def _on_fresh(self, on: bool) -> None:
        if self.settings is not None:
            self.settings.set("automation/fresh_world", on)  # kept for the next start, as the level is

    def _on_level(self) -> None:
        self.level_text.setText(self.level_hint(self.current_level()))
        if self.settings is not None:
            self.settings.set("automation/level", self.current_level().value)

    def level_hint(self, level: Level) -> str:
        return tr(LEVEL_TEXT[level]).format(tools=", ".join(walk_waits()))

    def set_choices(self, servers: list[tuple[str, str]], current: str) -> None:
        """The server models on offer (label, key) after the GGUF loaded in Models; ``current`` stays chosen."""
        self.model_pick.blockSignals(True)
        while self.model_pick.count() > 1:
            self.model_pick.removeItem(1)
        for label, key in servers:
            self.model_pick.addItem(label, key)
        self.model_pick.setCurrentIndex(max(self.model_pick.findData(current), 0))
        self.model_pick.blockSignals(False)

    def chosen_key(self) -> str:
        return str(self.model_pick.currentData() or "")

    def set_model(self, name: str, loaded: bool, server: bool = False) -> None:
        if server:
            self.model_note.setText(
                self.tr(
                    "Agent model: {name}, on a server (Models > Servers). Each step is one JSON call constrained by a "
                    "schema; a server gives no p(tool), and may answer identical runs differently."
                ).format(name=name)
            )
        elif not name:
            self.model_note.setText(self.tr("No model: load one in the Models panel."))
        elif loaded:
            self.model_note.setText(
                self.tr("Agent model: {name} (the model loaded in Models), in a model host of its own.").format(
                    name=name
                )
            )
        else:
            self.model_note.setText(
                self.tr(
                    "Agent model: {name} (the bundled default; load another in Models to change it), in a model host "
                    "of its own. A 135M model makes poor choices: that is what crawl is for."
                ).format(name=name)
            )

    def set_busy(self, busy: bool, paused: bool, can_run: bool) -> None:
        self.run_btn.setEnabled(not busy and can_run)
        self.pause_btn.setEnabled(busy)
        self.pause_btn.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.kill_btn.setEnabled(busy)
        self.reset_btn.setEnabled(not busy)
        self.level.setEnabled(not busy)
        self.model_pick.setEnabled(not busy)
        self.fresh.setEnabled(not busy)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Automation: a booking agent at rising autonomy"))
        self.about.setText(self.tr("About crawl, walk, run"))
        self.about.setToolTip(self.tr("What each level lets the agent do, and about the model"))
        self.explanation.setText(tr(EXPLANATION))
        self.warning.setText(tr(MODEL_WARNING))
        self.level_label.setText(self.tr("Level"))
        self.model_label.setText(self.tr("Agent model"))
        self.model_pick.setItemText(0, self.tr("The model loaded in Models"))
        self.model_pick.setToolTip(self.tr("Run the agent on the model loaded in Models, or on a server's model"))
        for i in range(self.level.count()):
            level = Level(str(self.level.itemData(i)))
            self.level.setItemText(i, level_name(level))
            self.level.setItemData(i, self.level_hint(level), Qt.ItemDataRole.ToolTipRole)
        self.level_text.setText(self.level_hint(self.current_level()))
        self.fresh.setText(self.tr("Fresh world for each run"))
        self.fresh.setToolTip(
            self.tr("Start each run from a copy of the seed world. Untick to let runs build on each other's effects.")
        )
        self.run_btn.setText(self.tr("Run"))
        self.run_btn.setToolTip(self.tr("Run the agent on the selected request (Ctrl+Enter)"))
        self.pause_btn.setToolTip(self.tr("Stop between steps; Resume goes on"))
        self.kill_btn.setText(self.tr("Kill"))
        self.kill_btn.setToolTip(self.tr("Kill switch: stop the run now, in the middle of a step (Esc)"))
        self.reset_btn.setText(self.tr("Reset world"))
        self.reset_btn.setToolTip(self.tr("Put the restaurants, tables and bookings back to the seed"))
