"""The Completion panel's second row: where the run happens (Run on: the local model or a server model),
what it is compared with (Compare with: any model file or server model), and a note on the chosen model.
Both choices, and the Compare tick box, are kept between sessions; a server model chosen before comes back
once its server's check lists it again."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QWidget

from desktop.i18n import format_int
from desktop.services.settings import Settings
from desktop.services.source import LOCAL_KEY, Source, SourceChoice, SourceRegistry
from desktop.ui.language import on_language_change
from desktop.ui.panels.completion.toolbar import compact

HAS_TEMPLATE = Qt.ItemDataRole.UserRole + 1  # compare_model items: whether the model formats chat itself
WARN = "color:#c0392b"


class SourceBar(QWidget):
    sourceChanged = Signal()  # the Run on choice changed
    compareChanged = Signal()  # the Compare tick box or its model changed

    def __init__(self, registry: SourceRegistry, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.registry = registry
        self.settings = settings
        row = QHBoxLayout(self)  # a row of its own: one row would need a window wider than 1024 pixels
        row.setContentsMargins(0, 0, 0, 0)
        self.source_label = QLabel()
        self.source_pick = QComboBox()
        self.source_pick.addItem("", LOCAL_KEY)
        compact(self.source_pick, 16)
        self.compare = QCheckBox()
        self.compare.setChecked(settings.get_bool("completion/compare", False))
        self.compare_model = QComboBox()
        compact(self.compare_model, 18)
        self.model_note = QLabel("")
        self.model_note.setWordWrap(True)
        for w in (self.source_label, self.source_pick):
            w.setVisible(False)  # shown once the app has servers
            row.addWidget(w)
        row.addWidget(self.compare)
        row.addWidget(self.compare_model)
        row.addWidget(self.model_note, 1)
        self._wanted_compare = settings.get_str("completion/compare_model", "")
        self.source_pick.currentIndexChanged.connect(lambda _i: self.sourceChanged.emit())
        self.source_pick.activated.connect(self._remember_source)
        self.compare.toggled.connect(self._on_compare_toggled)
        self.compare_model.currentIndexChanged.connect(lambda _i: self.compareChanged.emit())
        self.compare_model.activated.connect(self._remember_compare_model)
        registry.changed.connect(self.fill)
        registry.check_servers()
        self.fill()
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        self.source_label.setText(self.tr("Run on"))
        self.source_pick.setItemText(0, self.tr("The local model"))
        self.source_pick.setToolTip(
            self.tr(
                "Where the first run happens: the model loaded on this machine, or a model on a server "
                "added in the Models panel."
            )
        )
        self.compare.setText(self.tr("Compare with"))
        self.compare.setToolTip(
            self.tr(
                "Run the same prompt on a second model, side by side. A base model next to an "
                "instruction-tuned one shows what post-training changes."
            )
        )
        labels = {c.key: self._choice_label(c) for c in self.registry.model_choices()}  # one listing, not one per row
        for i in range(self.compare_model.count()):
            self.compare_model.setItemText(i, labels.get(self.compare_model.itemData(i), ""))

    # -- the lists ---------------------------------------------------------------------------------
    def _label(self, key: object) -> str:
        choice = next((c for c in self.registry.model_choices() if c.key == key), None)
        return self._choice_label(choice) if choice is not None else ""

    def _choice_label(self, choice: SourceChoice) -> str:
        if not choice.remote and choice.has_chat_template is False:
            return self.tr("{name} (base)").format(name=choice.label)
        return choice.label

    def fill(self) -> None:
        """Both pickers from the registry. A choice that is gone falls back: Run on to the local model,
        Compare with to a base model (the contrast with the instruct default teaches the most)."""
        wanted = str(self.source_pick.currentData() or self.settings.get_str("completion/source", ""))
        self.source_pick.blockSignals(True)
        try:
            self.source_pick.clear()
            for choice in self.registry.run_choices():
                self.source_pick.addItem(
                    self.tr("The local model") if choice.key == LOCAL_KEY else choice.label, choice.key
                )
            self.source_pick.setCurrentIndex(max(0, self.source_pick.findData(wanted)))
        finally:
            self.source_pick.blockSignals(False)
        shown = self.registry.has_servers()
        self.source_label.setVisible(shown)
        self.source_pick.setVisible(shown)
        self._fill_compare(self.registry.model_choices())
        self.sourceChanged.emit()

    def _fill_compare(self, choices: list[SourceChoice]) -> None:
        current = self.compare_model.currentData() or self._wanted_compare
        self.compare_model.blockSignals(True)
        try:
            self.compare_model.clear()
            for choice in choices:
                self.compare_model.addItem(self._choice_label(choice), choice.key)  # no listing per row: 3,000 models
                self.compare_model.setItemData(self.compare_model.count() - 1, choice.has_chat_template, HAS_TEMPLATE)
            index = self.compare_model.findData(current)
            if index < 0:
                base = (
                    i
                    for i in range(self.compare_model.count())
                    if self.compare_model.itemData(i, HAS_TEMPLATE) is False
                )
                index = next(base, 0)
            self.compare_model.setCurrentIndex(index)
        finally:
            self.compare_model.blockSignals(False)
        self.compareChanged.emit()

    def _remember_source(self, _index: int) -> None:
        """The person's choice is kept for the next start (where its server's check brings it back)."""
        self.settings.set("completion/source", str(self.source_pick.currentData() or ""))

    def _remember_compare_model(self, _index: int) -> None:
        self._wanted_compare = str(self.compare_model.currentData() or "")
        self.settings.set("completion/compare_model", self._wanted_compare)

    def _on_compare_toggled(self, on: bool) -> None:
        self.settings.set("completion/compare", on)
        self.compareChanged.emit()

    # -- what is chosen ----------------------------------------------------------------------------
    def source_key(self) -> str:
        return str(self.source_pick.currentData() or LOCAL_KEY)

    def will_compare(self) -> bool:
        return self.compare.isChecked() and self.compare_model.count() > 0

    def compare_key(self) -> str:
        return str(self.compare_model.currentData() or "")

    def compare_label(self) -> str:
        return self.compare_model.currentText()

    def compare_has_template(self) -> bool | None:
        value = self.compare_model.currentData(HAS_TEMPLATE)
        return value if isinstance(value, bool) else None

    # -- the note ----------------------------------------------------------------------------------
    def update_note(self, source: Source, chat: bool, chat_format: str, format_label: str) -> None:
        caps = source.capabilities()
        model = source.model
        if caps.remote:
            self.model_note.setText(self._server_note(source))
            return
        if model is None:
            text = (
                self.tr("Loading a model…")
                if source.state == "loading"
                else self.tr("No model loaded. Load one in the Models panel, or load the default model here.")
            )
            self.model_note.setText(text)
            return
        text = self.tr("Model: <b>{name}</b> (context {n_ctx})").format(
            name=html.escape(str(model.get("name", ""))), n_ctx=format_int(int(model.get("n_ctx", 0) or 0))
        )
        if chat and not model.get("has_chat_template"):
            text += self.tr(
                " — <span style='color:#c0392b'>this model has no chat template (a base model): "
                "choose a chat format above, or use Completion mode.</span>"
            )
        if chat and self.will_compare() and self.compare_has_template() is False:
            text += (
                self.tr(
                    " — <span style='color:#c0392b'>the second model has no chat template: choose a chat "
                    "format above for it.</span>"
                )
                if chat_format == "template"
                else self.tr(
                    " — the second model (no chat template) gets {format}; a model with a template uses its own."
                ).format(format=html.escape(format_label))
            )
        self.model_note.setText(text)

    def _server_note(self, source: Source) -> str:
        model = source.model
        if model is None:
            return self.tr("That server was removed. Pick another model to run on.")
        name = html.escape(str(model["name"]))
        if source.capabilities().logprobs is False:
            return self.tr(
                "On a server: <b>{name}</b> — <span style='color:#b9770e'>this server returned no "
                "probabilities, so its tokens are not tinted.</span>"
            ).format(name=name)
        return self.tr("On a server: <b>{name}</b> (the server applies its own chat template).").format(name=name)
