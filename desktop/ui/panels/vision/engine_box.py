"""The model box: which CLIP (the bundled one, weights in the models folder, a hub download), on which
device and engine (Auto, open_clip, ONNX Runtime), what is loaded now, Unload and the idle timeout, and a
note on what the chosen model is. Choices go to the vision service, which loads the model in its host."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.core.vision import ModelInfo, ModelSpec
from desktop.i18n import error_text, translate_message
from desktop.resources import default_models_dir
from desktop.services.settings import Settings
from desktop.services.vision_service import VisionService
from desktop.services.worker import weak_callback
from desktop.ui.panels.vision.common import ERROR_COLOUR, coloured, translate
from desktop.ui.panels.vision.hub_row import HubRow

ENGINE_KEY = "vision/engine"  # auto | open_clip | onnx
IDLE_KEY = "vision/idle_minutes"  # the vision host ends after this long without work; 0: never
IDLE_DEFAULT = 10
# Choices shown in combos: the text is marked for lupdate here and shown translated; the key is the item data.
DEVICE_CHOICES = (
    (QT_TRANSLATE_NOOP("VisionPanel", "Auto"), "auto"),
    ("CPU", "cpu"),
    ("CUDA (NVIDIA)", "cuda"),
    ("MPS (Apple)", "mps"),
)
ENGINE_CHOICES = (
    (QT_TRANSLATE_NOOP("VisionPanel", "Auto"), "auto"),
    ("open_clip", "open_clip"),
    ("ONNX Runtime", "onnx"),
)
IDLE_CHOICES = (
    (QT_TRANSLATE_NOOP("VisionPanel", "never when idle"), 0),
    (QT_TRANSLATE_NOOP("VisionPanel", "after 1 min idle"), 1),
    (QT_TRANSLATE_NOOP("VisionPanel", "after 5 min idle"), 5),
    (QT_TRANSLATE_NOOP("VisionPanel", "after 10 min idle"), 10),
    (QT_TRANSLATE_NOOP("VisionPanel", "after 30 min idle"), 30),
    (QT_TRANSLATE_NOOP("VisionPanel", "after 1 h idle"), 60),
)


def _combo(min_chars: int, choices: tuple[tuple[str, object], ...] = ()) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(min_chars)
    for text, key in choices:
        combo.addItem(text, key)
    return combo


class EngineBox(QGroupBox):
    said = Signal(str, bool)  # news for the status line: text, is it a problem
    modelChanged = Signal()  # another model, device or engine was chosen (and is loading)
    saveWanted = Signal()  # a choice that persists changed

    def __init__(self, service: VisionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self._specs: list[ModelSpec] = []
        self._device_text = "not_loaded"  # what device_label says, as a key, so a language change says it again
        self.closed = False
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.model_combo = _combo(10)
        self.rescan_btn = QPushButton()
        self.arch_combo = _combo(10)
        self.arch_combo.setEditable(True)
        self.arch_combo.addItems(list(service.architectures()))
        self.arch_combo.setCurrentText("")
        self.device_combo = _combo(0, DEVICE_CHOICES)
        self.engine_combo = _combo(6, ENGINE_CHOICES)
        self.unload_btn = QPushButton()
        self.idle_combo = _combo(6, IDLE_CHOICES)
        self.device_label = QLabel("")
        self.device_label.setWordWrap(True)
        self.model_note = QLabel("")
        self.model_note.setWordWrap(True)
        self.model_note.setTextFormat(Qt.TextFormat.RichText)  # our own markup; a file's words are escaped
        self.model_note.setStyleSheet("color: palette(placeholder-text);")
        self.hub = HubRow(service)
        self.open_models_btn = QPushButton()
        self.model_row_label, self.arch_label, self.device_row_label = QLabel(), QLabel(), QLabel()
        self.engine_row_label, self.idle_row_label, self.hub_row_label = QLabel(), QLabel(), QLabel()
        engine_row = QHBoxLayout()
        engine_row.addWidget(self.engine_combo, 1)
        engine_row.addWidget(self.unload_btn)
        form.addRow(self.model_row_label, self.model_combo)  # a row of its own: a model's name is long
        form.addRow(self.arch_label, self.arch_combo)
        form.addRow(self.device_row_label, self.device_combo)
        form.addRow(self.engine_row_label, engine_row)
        form.addRow(self.idle_row_label, self.idle_combo)
        form.addRow("", self.device_label)
        form.addRow(self.model_note)
        form.addRow(self.hub_row_label, self.hub)
        buttons = QHBoxLayout()
        buttons.addWidget(self.rescan_btn)
        buttons.addWidget(self.open_models_btn, 1)
        form.addRow(buttons)

    def connect_signals(self) -> None:
        """After restore: from here on, choices load models and persist."""
        s = self.service
        self.model_combo.currentIndexChanged.connect(lambda _i: self._model_chosen())
        self.arch_combo.currentTextChanged.connect(
            lambda _t: self._model_chosen() if self.arch_combo.isVisible() else None
        )
        self.device_combo.currentIndexChanged.connect(lambda _i: self._model_chosen())
        self.engine_combo.currentIndexChanged.connect(lambda _i: self._engine_chosen())
        self.idle_combo.currentIndexChanged.connect(lambda _i: self._idle_changed())
        self.unload_btn.clicked.connect(self.unload)
        self.rescan_btn.clicked.connect(self.rescan)
        self.open_models_btn.clicked.connect(self._open_models_folder)
        self.hub.said.connect(self.said)
        self.hub.downloaded.connect(lambda _spec: self.rescan())
        s.loading.connect(lambda text: self._set_device_text("text", text))
        s.modelLoaded.connect(self._on_model_loaded)
        s.modelFailed.connect(lambda _m, _d: self._set_device_text("failed"))
        s.devicesFound.connect(self._on_devices)
        s.hostChanged.connect(self._on_host_changed)

    def retranslate(self) -> None:
        self.setTitle(translate("VisionPanel", "Model"))
        self.model_row_label.setText(translate("VisionPanel", "Model"))
        self.arch_combo.setToolTip(
            translate("VisionPanel", "The open_clip architecture these weights were trained with.")
        )
        self.arch_label.setText(translate("VisionPanel", "Architecture"))
        self.device_row_label.setText(translate("VisionPanel", "Device"))
        self.engine_row_label.setText(translate("VisionPanel", "Engine"))
        self.idle_row_label.setText(translate("VisionPanel", "Unload"))
        self.hub_row_label.setText(translate("VisionPanel", "Hub"))
        for combo, choices in ((self.device_combo, DEVICE_CHOICES), (self.engine_combo, ENGINE_CHOICES)):
            for row, (text, _key) in enumerate(choices):
                combo.setItemText(row, translate("VisionPanel", text))
        for row in range(self.idle_combo.count()):
            minutes = int(self.idle_combo.itemData(row) or 0)
            preset = next((text for text, m in IDLE_CHOICES if m == minutes), None)
            self.idle_combo.setItemText(row, translate("VisionPanel", preset) if preset else self._idle_text(minutes))
        self.engine_combo.setToolTip(
            translate(
                "VisionPanel",
                "Auto: ONNX Runtime for a model that has an ONNX export (the bundled model always does), open_clip "
                "(torch) otherwise. Both give the same probabilities.",
            )
        )
        self.unload_btn.setText(translate("VisionPanel", "Unload"))
        self.unload_btn.setToolTip(
            translate("VisionPanel", "End the vision host now and give back its memory; the next run starts it again.")
        )
        self.idle_combo.setToolTip(
            translate("VisionPanel", "Unload the model (end the vision host) after this long without work.")
        )
        self.rescan_btn.setText(translate("VisionPanel", "Rescan"))
        self.rescan_btn.setToolTip(
            translate("VisionPanel", "Look again for .safetensors / .pt files in the models folder.")
        )
        self.open_models_btn.setText(translate("VisionPanel", "Open models folder"))
        self.hub.retranslate()
        self._set_device_text(self._device_text)
        for row, spec in enumerate(self._specs):
            self.model_combo.setItemText(row, translate_message(spec.display_label))
        if self._specs:
            self._show_model_note(self.current_spec(), self.service.info)

    @staticmethod
    def _idle_text(minutes: int) -> str:
        return translate("VisionPanel", "after {minutes} min idle").format(minutes=minutes)

    # -- what persists ------------------------------------------------------------------------------------
    def restore(self, settings: Settings) -> None:
        engine = settings.get_choice(ENGINE_KEY, [key for _t, key in ENGINE_CHOICES], "auto")
        self.engine_combo.setCurrentIndex(max(0, self.engine_combo.findData(engine)))
        self.service.engine = engine
        minutes = settings.get_int(IDLE_KEY, IDLE_DEFAULT, 0, 24 * 60)
        row = self.idle_combo.findData(minutes)
        if row < 0:
            self.idle_combo.addItem(self._idle_text(minutes), minutes)
            row = self.idle_combo.count() - 1
        self.idle_combo.setCurrentIndex(row)
        self.service.set_idle_minutes(minutes)

    def save(self, settings: Settings) -> None:
        settings.set(ENGINE_KEY, str(self.engine_combo.currentData() or "auto"))
        settings.set(IDLE_KEY, int(self.idle_combo.currentData() or 0))

    # -- models -------------------------------------------------------------------------------------------
    def rescan(self) -> None:
        self.service.list_models(
            default_models_dir(), weak_callback(self.fill_models), translate("VisionPanel", "Models")
        )

    def fill_models(self, user: list[ModelSpec]) -> None:
        if self.closed:
            return
        current = self.current_spec()
        specs: list[ModelSpec] = []
        try:
            specs.append(self.service.bundled_model())
        except FMError as exc:
            self.said.emit(error_text(exc), True)
        specs += user
        self._specs = specs
        self.model_combo.blockSignals(True)
        self.model_combo.clear()
        for spec in specs:
            self.model_combo.addItem(translate_message(spec.display_label), spec.path)
            self.model_combo.setItemData(self.model_combo.count() - 1, spec.path, Qt.ItemDataRole.ToolTipRole)
        target = next((n for n, s in enumerate(specs) if current is not None and s.path == current.path), 0)
        self.model_combo.setCurrentIndex(target)
        self.model_combo.blockSignals(False)
        self._show_model_note(self.current_spec(), None)
        self._update_arch_row()

    def current_spec(self) -> ModelSpec | None:
        row = self.model_combo.currentIndex()
        if not 0 <= row < len(self._specs):
            return None
        spec = self._specs[row]
        if spec.kind == "file" and not spec.ready and self.arch_combo.currentText().strip():
            return self.service.model_for_file(Path(spec.path), self.arch_combo.currentText().strip())
        return spec

    def _update_arch_row(self) -> None:
        row = self.model_combo.currentIndex()
        spec = self._specs[row] if 0 <= row < len(self._specs) else None
        unknown = spec is not None and spec.kind == "file" and not spec.ready
        self.arch_combo.setVisible(unknown)
        self.arch_label.setVisible(unknown)

    def _model_chosen(self) -> None:
        self._update_arch_row()
        spec = self.current_spec()
        self._show_model_note(spec, None)
        if spec is None or not spec.ready:
            return
        device = str(self.device_combo.currentData() or "auto")
        engine = str(self.engine_combo.currentData() or "auto")
        self.service.set_model(None if spec.kind == "bundled" else spec, device, engine)
        self._set_device_text("loading")
        self.modelChanged.emit()

    def _arch_chosen(self) -> None:
        if self.arch_combo.isVisible():
            self._model_chosen()

    def _engine_chosen(self) -> None:
        self.saveWanted.emit()
        self._model_chosen()

    def _idle_changed(self) -> None:
        self.service.set_idle_minutes(int(self.idle_combo.currentData() or 0))
        self.saveWanted.emit()

    def unload(self) -> None:
        """End the vision host now (its memory goes back to the system)."""
        self.service.unload()
        self._set_device_text("unloaded")
        self.said.emit(translate("VisionPanel", "Vision model unloaded."), False)
        self.update_buttons()

    def update_buttons(self) -> None:
        self.unload_btn.setEnabled(self.service.host_running)

    def _on_host_changed(self, running: bool) -> None:
        if not running and not self.closed and not self.service.busy:
            self._set_device_text("unloaded")
        self.update_buttons()

    def _open_models_folder(self) -> None:
        folder = default_models_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- what is loaded -------------------------------------------------------------------------------------
    def _set_device_text(self, key: str, text: str = "") -> None:
        """The line under the engine: ``key`` names a fixed sentence (said again after a language change);
        ``"text"`` shows ``text`` as it is."""
        self._device_text = key
        fixed = {
            "not_loaded": translate("VisionPanel", "Not loaded yet: it loads with the first picture."),
            "unloaded": translate("VisionPanel", "Unloaded: it loads again with the next picture."),
            "failed": translate("VisionPanel", "Not loaded."),
            "loading": translate("VisionPanel", "Loading…"),
        }
        if key in fixed:
            self.device_label.setText(fixed[key])
        elif text:
            self.device_label.setText(text)

    def _on_model_loaded(self, info: ModelInfo) -> None:
        device = translate_message(info.device_name)
        in_use = translate("VisionPanel", "In use: {device}, {engine}").format(device=device, engine=info.engine_name)
        self._set_device_text("text", in_use)
        self._show_model_note(info.spec, info)
        self.update_buttons()

    def _on_devices(self, report: dict[str, tuple[bool, str]]) -> None:
        model = self.device_combo.model()
        for row in range(self.device_combo.count()):
            key = self.device_combo.itemData(row)
            available, why = report.get(key, (True, ""))
            item = model.item(row) if hasattr(model, "item") else None
            if item is not None:
                item.setEnabled(available or key == self.device_combo.currentData())
                item.setToolTip(why)

    def _show_model_note(self, spec: ModelSpec | None, info: ModelInfo | None) -> None:
        if spec is None:
            self.model_note.setText("")
        elif spec.kind == "bundled":
            self._show_bundled_note()
        elif not spec.ready:
            self.model_note.setText(coloured(translate_message(spec.note), ERROR_COLOUR))
        else:
            arch = html.escape(spec.architecture)
            if spec.pretrained:
                text = translate("VisionPanel", "open_clip {arch}, pretrained tag {tag}.").format(
                    arch=arch, tag=html.escape(spec.pretrained)
                )
            else:
                text = translate("VisionPanel", "open_clip {arch}.").format(arch=arch)
            self.model_note.setText(f"{text}<br><small>{html.escape(spec.path)}</small>")

    def _show_bundled_note(self) -> None:
        """What the bundled CLIP is (issue 25, 6): it ships trained; this project trained it on pictures paired
        with captions, with CLIP's contrastive loss."""
        try:
            card = self.service.bundled_card()
            acc = card.get("accuracy", {}).get("colour_shape")
            n = len(card.get("labels", []))
        except FMError:
            acc, n = None, 0
        text = translate(
            "VisionPanel",
            "<b>A teaching model</b>, shipped trained. This project trained it on pictures paired with captions "
            "(coloured shapes, each with a sentence about it), with CLIP's contrastive loss: natural-language "
            "supervision in miniature. It knows 5 shapes in 6 colours, not photographs.",
        )
        if acc:
            text += " " + translate(
                "VisionPanel", "On new drawings it is right {accuracy} of the time ({n} labels)."
            ).format(accuracy=f"{acc:.1%}", n=n)
        text += " " + translate("VisionPanel", "For photographs, add real open_clip weights.")
        self.model_note.setText(text)
        self.model_note.setToolTip(
            translate(
                "VisionPanel",
                "It knows circle, square, triangle, star and cross, in red, orange, yellow, green, blue and "
                "purple. On photographs its answers mean nothing: put real open_clip weights in the models "
                "folder, or download some from the hub below.",
            )
        )
