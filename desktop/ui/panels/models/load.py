"""Loading a model: GPU layers, context size and CPU threads; Load, Unload and Cancel with progress; and the
outcome in plain words, said again in the new language when the language changes."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.catalog import CatalogEntry
from desktop.core.messages import QT_TRANSLATE_NOOP
from desktop.services.model_service import ModelService
from desktop.services.settings import Settings
from desktop.ui.panels.models.common import ERROR_STYLE, plain_label
from desktop.ui.panels.models.state import BUSY, CANCELLED, FAILED, LOADED, LOADING, NONE, UNLOADED, Outcome

translate = QCoreApplication.translate  # lupdate finds translate("ModelsPanel", "...") by this name
GPU_LAYERS_HELP = QT_TRANSLATE_NOOP(
    "ModelsPanel",
    "How many of the model's layers run on the GPU. More is faster while they fit in GPU memory. "
    "“All” puts every layer there; 0 keeps everything on the CPU.",
)
THREADS_HELP = QT_TRANSLATE_NOOP(
    "ModelsPanel",
    "CPU threads for reading the prompt and for generation. Auto uses one thread per physical core, "
    "as llama.cpp's own tools do.",
)
AUTOLOAD_KEY = "models/autoload"  # bool, default True: load the last used model at start


def describe_load(result: dict[str, Any], capabilities: dict[str, Any] | None) -> str:
    """The outcome of a load in plain words, in the installed language."""
    gpu = result.get("layers_on_gpu", 0)
    total = result.get("layers_total", 0)
    if total > 1:
        layers = translate("ModelsPanel", "{total} layers ({blocks} blocks + the output layer, as llama.cpp counts)")
        layers = layers.format(total=total, blocks=total - 1)
    else:
        layers = translate("ModelsPanel", "layers")
    backend = (capabilities or {}).get("backend", "CPU")
    if gpu and gpu >= total:
        where = translate("ModelsPanel", "All {layers} run on the GPU ({backend}).")
    elif gpu:
        where = translate("ModelsPanel", "{gpu} of {layers} run on the GPU ({backend}); the rest on the CPU.")
    elif capabilities and not capabilities.get("gpu_offload"):
        where = translate("ModelsPanel", "All {layers} run on the CPU (this llama.cpp build has no GPU support).")
    else:
        where = translate("ModelsPanel", "All {layers} run on the CPU (GPU layers is set to 0).")
    where = where.format(layers=layers, gpu=gpu, backend=backend)
    buffers = result.get("buffers_mib", {})
    n_threads = int(result.get("n_threads") or 0)  # a plain name: lupdate misses translate(..., int(x))
    if n_threads and result.get("threads_auto"):
        threads = translate("ModelsPanel", "%n CPU thread(s) (Auto: one per physical core)", "", n_threads)
    elif n_threads:
        threads = translate("ModelsPanel", "%n CPU thread(s)", "", n_threads)
    else:
        threads = translate("ModelsPanel", "automatic CPU threads")

    def mib(kind: str) -> str:
        slot = buffers.get(kind, {})
        parts = [f"{v:,.0f} MiB {k.upper()}" for k, v in slot.items() if v >= 0.5]
        return " + ".join(parts) or "0 MiB"

    return translate(
        "ModelsPanel",
        "Loaded “{name}” in {seconds} s. {where} Context: {n_ctx:,} tokens, {threads}. "
        "Memory: weights {weights}, context cache {cache}, work buffers {buffers}.",
    ).format(
        name=result.get("name", ""),
        seconds=f"{result.get('load_seconds', 0):.2f}",
        where=where,
        n_ctx=result.get("n_ctx", 0),
        threads=threads,
        weights=mib("model"),
        cache=mib("KV"),
        buffers=mib("compute"),
    )


def outcome_text(outcome: Outcome) -> str:
    """The result line for ``outcome``, in the installed language."""
    if outcome.kind == LOADED:
        text = describe_load(outcome.result, outcome.capabilities)
        n_ctx = int(outcome.result.get("n_ctx", 0))
        if outcome.trained and n_ctx > outcome.trained:
            note = translate(
                "ModelsPanel", "Note: the context ({n_ctx:,}) is above the model's own limit of {trained:,} tokens."
            )
            text += " " + note.format(n_ctx=n_ctx, trained=outcome.trained)
        return text
    words = {
        NONE: translate("ModelsPanel", "No model loaded."),
        LOADING: translate("ModelsPanel", "Loading “{name}”…").format(name=outcome.name),
        BUSY: translate("ModelsPanel", "The model is busy (a load or a generation is running): stop it first."),
        UNLOADED: translate("ModelsPanel", "Model unloaded; its memory is free again."),
        CANCELLED: translate("ModelsPanel", "Loading cancelled."),
    }
    return words.get(outcome.kind, outcome.message)


class LoadBox(QWidget):
    def __init__(self, models: ModelService, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.models = models
        self.settings = settings
        self._layers: int | None = None  # the selected model's layer count, for the GPU layers tooltip
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._build_form())
        buttons = QHBoxLayout()
        self.load_btn, self.unload_btn, self.cancel_btn = QPushButton(), QPushButton(), QPushButton()
        self.load_btn.setDefault(True)
        for b in (self.load_btn, self.unload_btn, self.cancel_btn):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        self.unload_btn.clicked.connect(models.unload)
        self.cancel_btn.clicked.connect(models.cancel)
        self.autoload = QCheckBox()
        self.autoload.setChecked(settings.get_bool(AUTOLOAD_KEY, True))
        self.autoload.toggled.connect(lambda on: settings.set(AUTOLOAD_KEY, bool(on)))
        layout.addWidget(self.autoload)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress.setVisible(False)
        layout.addWidget(self.progress)
        self.result = plain_label("")  # holds the model's own name: plain text
        self.result.setWordWrap(True)
        self.result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.result)

    def _build_form(self) -> QGroupBox:
        self.box = QGroupBox()
        form = QFormLayout(self.box)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        options = self.settings.load_options()
        self.gpu_layers = QSpinBox()
        self.gpu_layers.setRange(-1, 999)
        self.gpu_layers.setValue(options["n_gpu_layers"])
        self.n_ctx = QSpinBox()
        self.n_ctx.setRange(256, 262144)
        self.n_ctx.setSingleStep(512)
        self.n_ctx.setGroupSeparatorShown(True)
        self.n_ctx.setValue(options["n_ctx"])
        self.ctx_note = plain_label("")
        self.ctx_note.setWordWrap(True)
        self.n_threads = QSpinBox()
        self.n_threads.setRange(0, max(os.cpu_count() or 1, 1) * 2)
        self.n_threads.setValue(options["n_threads"])
        self.gpu_layers.setSpecialValueText("All")
        self.n_threads.setSpecialValueText("Auto")
        for spin in (self.gpu_layers, self.n_ctx, self.n_threads):
            spin.setMinimumWidth(spin.minimumSizeHint().width() + 24)  # room for "Auto (16)" and 262,144
        self.gpu_layers_label, self.n_ctx_label, self.n_threads_label = QLabel(), QLabel(), QLabel()
        form.addRow(self.gpu_layers_label, self.gpu_layers)
        form.addRow(self.n_ctx_label, self.n_ctx)
        form.addRow("", self.ctx_note)
        form.addRow(self.n_threads_label, self.n_threads)
        return self.box

    def retranslate(self, outcome: Outcome, trained: int | None, auto_threads: int | None) -> None:
        self.box.setTitle(translate("ModelsPanel", "Load settings"))
        self.gpu_layers.setSpecialValueText(translate("ModelsPanel", "All"))
        self.n_ctx.setToolTip(
            translate(
                "ModelsPanel",
                "How many tokens the model can see at once (prompt + answer). Bigger needs more memory.",
            )
        )
        self.gpu_layers_label.setText(translate("ModelsPanel", "GPU layers"))
        self.n_ctx_label.setText(translate("ModelsPanel", "Context size"))
        self.n_threads_label.setText(translate("ModelsPanel", "CPU threads"))
        self.load_btn.setText(translate("ModelsPanel", "Load"))
        self.unload_btn.setText(translate("ModelsPanel", "Unload"))
        self.cancel_btn.setText(translate("ModelsPanel", "Cancel"))
        self.autoload.setText(translate("ModelsPanel", "Load the last used model at start"))
        self.autoload.setToolTip(
            translate("ModelsPanel", "When the app starts, load the model that was loaded when it was last closed.")
        )
        self.show_outcome(outcome)
        self.update_threads(auto_threads)
        self.update_ctx_note(trained)
        self.set_layers(self._layers)

    # -- the selected model ----------------------------------------------------------------------
    def set_layers(self, n_layers: int | None) -> None:
        """The GPU layers tooltip counts the selected model's layers, as llama.cpp does (one more)."""
        self._layers = n_layers
        help_text = translate("ModelsPanel", GPU_LAYERS_HELP)
        if n_layers:
            more = translate(
                "ModelsPanel",
                "This model has {layers} layers; llama.cpp counts one more, the output layer, so “All” means {all}.",
            )
            help_text += " " + more.format(layers=n_layers, all=n_layers + 1)
        self.gpu_layers.setToolTip(help_text)

    def update_ctx_note(self, trained: int | None) -> None:
        """The selected model's own context limit, and a warning when the chosen size is above it."""
        if not trained:
            self.ctx_note.setText("")
            self.ctx_note.setStyleSheet("")
            return
        if self.n_ctx.value() > trained:
            self.ctx_note.setText(
                translate(
                    "ModelsPanel",
                    "Above this model's own limit of {n:,} tokens: it never saw longer text, so answers "
                    "past that point degrade, and the extra cache costs memory.",
                ).format(n=trained)
            )
            self.ctx_note.setStyleSheet(ERROR_STYLE)
        else:
            self.ctx_note.setText(translate("ModelsPanel", "This model's own limit: {n:,} tokens.").format(n=trained))
            self.ctx_note.setStyleSheet("color: palette(placeholder-text);")

    def update_threads(self, auto: int | None) -> None:
        """Say in the CPU threads box what Auto chose (the host reports it when it starts)."""
        if auto:
            self.n_threads.setSpecialValueText(translate("ModelsPanel", "Auto ({n})").format(n=auto))
        else:
            self.n_threads.setSpecialValueText(translate("ModelsPanel", "Auto"))
        help_text = translate("ModelsPanel", THREADS_HELP)
        if auto:
            help_text += " " + translate("ModelsPanel", "Here Auto is %n thread(s).", "", auto)
        self.n_threads.setToolTip(help_text)

    # -- loading -----------------------------------------------------------------------------------
    def options(self) -> dict[str, int]:
        return {
            "n_gpu_layers": self.gpu_layers.value(),
            "n_ctx": self.n_ctx.value(),
            "n_threads": self.n_threads.value(),
        }

    def load(self, entry: CatalogEntry | None) -> Outcome | None:
        """Load ``entry`` with the chosen options; the outcome to show now, or None if there is nothing to load."""
        if entry is None or entry.info is None:
            return None
        options = self.options()
        self.settings.set_load_options(options)
        if self.models.load(entry.path, **options):
            return Outcome(LOADING, name=entry.info.name)
        return Outcome(BUSY)

    def show_outcome(self, outcome: Outcome) -> None:
        self.result.setText(outcome_text(outcome))
        self.result.setStyleSheet(ERROR_STYLE if outcome.kind == FAILED else "")

    def show_progress(self, stage: str, fraction: float) -> None:
        self.progress.setVisible(True)
        self.progress.setValue(int(fraction * 1000))
        self.progress.setFormat(f"{stage} – {fraction:.0%}")

    def update_buttons(self, readable: bool) -> None:
        loading = self.models.state == "loading"
        busy = self.models.busy()
        self.load_btn.setEnabled(readable and not busy)
        stop_first = translate("ModelsPanel", "Stop the running generation first.")
        self.load_btn.setToolTip(stop_first if busy and not loading else "")
        self.unload_btn.setEnabled(self.models.model is not None and not loading)
        self.cancel_btn.setEnabled(loading)
        self.progress.setVisible(loading)
