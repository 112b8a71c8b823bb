"""Will it fit? The memory a model needs on this machine, before it loads, and a calculator for
models the person does not have. The arithmetic is desktop/core/teaching/fit.py; every figure here is in
MiB and GiB (``fit.size``), as llama.cpp reports its own buffers."""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.core.errors import FMError
from desktop.core.teaching import fit as F
from desktop.i18n import error_text, translate_message
from desktop.ui.language import on_language_change

# The calculator's examples as button labels (names, not words): "7B, Q4_K_M, 8k".
PRESETS = tuple((f"{b:g}B, {q}, {c // 1024}k", b, q, c) for b, q, c in F.EXAMPLES)
translate = QCoreApplication.translate  # lupdate finds translate("FitView", "...") calls by this name


def breakdown_html(est: F.Estimate, machine: F.MachineMemory | None, measured: dict[str, Any] | None = None) -> str:
    """The estimate as a small table (with llama.cpp's reported sizes beside it after a load) and
    the verdict for RAM and each GPU."""
    s = est.shape
    rep: dict[str, float] = {}
    if measured:
        rep = {k: (v.get("cpu", 0.0) + v.get("gpu", 0.0)) * F.MIB for k, v in measured.items()}

    def row(name: str, value: int, kind: str, note: str) -> str:
        got = f"<td align='right'>{F.size(int(rep[kind]))}</td>" if kind in rep else ""
        return f"<tr><td>{name}</td><td align='right'><b>{F.size(value)}</b></td>{got}<td>{html.escape(note)}</td></tr>"

    estimate = html.escape(translate("FitView", "estimate"))
    head = (
        f"<tr><td></td><td align='right'>{estimate}</td>"
        + ("<td align='right'>llama.cpp</td>" if rep else "")
        + "</tr>"
    )
    guessed = (
        " "
        + html.escape(
            translate("FitView", "Guessed: {fields}.").format(
                fields=", ".join(translate_message(m) for m in F.guessed_messages(s))
            )
        )
        if s.guessed
        else ""
    )
    kv_note = translate(
        "FitView", "{per_token} per token × {n_ctx:,} ({layers} layers × {heads} KV heads × {head_dim} × 2, {cache})"
    ).format(
        per_token=F.size(est.kv_per_token),
        n_ctx=est.n_ctx,
        layers=s.n_layers,
        heads=s.kv_heads[0] if s.kv_heads else 0,
        head_dim=s.head_dim_k,
        cache=est.cache_type,
    )
    rows = [
        row(
            translate("FitView", "Weights"),
            est.weights,
            "model",
            translate("FitView", "{billions}B parameters × {bits} bits").format(
                billions=f"{s.parameters / 1e9:.3g}", bits=f"{s.bits_per_weight:.2f}"
            ),
        ),
        row(translate("FitView", "KV cache"), est.kv, "KV", kv_note),
        row(
            translate("FitView", "Work buffers"),
            est.compute,
            "compute",
            translate("FitView", "one batch of 512 tokens"),
        ),
        row(translate("FitView", "Output"), est.output, "output", translate("FitView", "one row of logits")),
    ]
    total_word = html.escape(translate("FitView", "Total"))
    total = f"<tr><td><b>{total_word}</b></td><td align='right'><b>{F.size(est.total)}</b></td></tr>"
    verdict = ""
    if machine is not None:
        lines = []
        for v in F.verdicts(est, machine):
            colour = "#1e8449" if v.fits else "#c0392b"
            said = html.escape(translate_message(v.message))
            lines.append(f"<li><span style='color:{colour}'>{'✔' if v.fits else '✘'}</span> {said}</li>")
        verdict = f"<ul style='margin-left:0'>{''.join(lines)}</ul>"
    return f"<table cellspacing='4'>{head}{''.join(rows)}{total}</table>{guessed}{verdict}"


class FitView(QGroupBox):
    def __init__(self, machine_memory: Callable[[], F.MachineMemory], parent: QWidget | None = None) -> None:
        """``machine_memory``: the service's (it runs nvidia-smi), asked when the view is first shown."""
        super().__init__(parent)
        self._machine_memory = machine_memory
        self._machine: F.MachineMemory | None = None
        self._shapes: dict[str, F.ModelShape | FMError] = {}
        self.path: Path | None = None
        self.name = ""  # the model's own name, as the rest of the app shows it
        self.n_ctx = 2048
        self.measured: dict[str, Any] | None = None
        self.estimate: F.Estimate | None = None
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.model_view = QLabel("")
        self.model_view.setWordWrap(True)
        self.model_view.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.model_view)
        calc = QGroupBox()
        self.calc_box = calc
        form = QFormLayout(calc)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.params = QDoubleSpinBox()
        self.params.setRange(0.01, 2000.0)
        self.params.setDecimals(2)
        self.params.setSuffix(" B")
        self.params.setValue(7.0)
        self.quant = QComboBox()
        for name in F.FILE_TYPE_BPW:
            self.quant.addItem(name, name)  # the text is set in retranslate
        self.quant.setCurrentIndex(self.quant.findData("Q4_K_M"))
        self.ctx = QSpinBox()
        self.ctx.setRange(256, 1 << 20)
        self.ctx.setSingleStep(1024)
        self.ctx.setGroupSeparatorShown(True)
        self.ctx.setValue(8192)
        self.layers = QSpinBox()
        self.kv_heads = QSpinBox()
        self.head_dim = QSpinBox()
        for spin, hi in ((self.layers, 512), (self.kv_heads, 256), (self.head_dim, 1024)):
            spin.setRange(0, hi)
        self.form_labels = [QLabel() for _ in range(6)]
        fields = (self.params, self.quant, self.ctx, self.layers, self.kv_heads, self.head_dim)
        for row_label, field in zip(self.form_labels, fields, strict=True):
            form.addRow(row_label, field)
        presets = QHBoxLayout()
        for label, p, q, c in PRESETS:
            btn = QPushButton(label)
            btn.clicked.connect(lambda _c=False, p=p, q=q, c=c: self.set_calculator(p, q, c))
            presets.addWidget(btn)
        form.addRow(presets)
        self.calc_view = QLabel("")
        self.calc_view.setWordWrap(True)
        self.calc_view.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(self.calc_view)
        layout.addWidget(calc)
        for w in (self.params, self.ctx, self.layers, self.kv_heads, self.head_dim):
            w.valueChanged.connect(lambda _v: self.update_calculator())
        self.quant.currentIndexChanged.connect(lambda _i: self.update_calculator())
        self.retranslate()
        on_language_change(self, self.retranslate)

    def retranslate(self) -> None:
        """Every text again in the current language (at start and when the language changes)."""
        self.setTitle(self.tr("Will it fit?"))
        self.intro.setText(translate_message(F.explanation()))
        self.calc_box.setTitle(self.tr("Calculator: a model you do not have"))
        for spin in (self.layers, self.kv_heads, self.head_dim):
            spin.setSpecialValueText(self.tr("guess"))
        words = (
            self.tr("Parameters"),
            self.tr("Quantization"),
            self.tr("Context"),
            self.tr("Layers"),
            self.tr("KV heads"),
            self.tr("Head size"),
        )
        for label, text in zip(self.form_labels, words, strict=True):
            label.setText(text)
        for row in range(self.quant.count()):
            name = str(self.quant.itemData(row))
            self.quant.setItemText(
                row, self.tr("{name} (~{bits} bits)").format(name=name, bits=f"{F.FILE_TYPE_BPW[name]:g}")
            )
        self.refresh()
        self.update_calculator()

    def machine(self) -> F.MachineMemory | None:
        """This machine's memory, once the view has been shown (nvidia-smi is not run at start-up)."""
        return self._machine

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._machine is None:
            self.set_machine(self._machine_memory())

    def set_machine(self, machine: F.MachineMemory) -> None:
        self._machine = machine
        self.refresh()
        self.update_calculator()

    # -- the selected model ----------------------------------------------------------------------
    def set_model(
        self, path: Path | None, n_ctx: int | None = None, name: str = "", shape: F.ModelShape | None = None
    ) -> None:
        """The model at ``path``, called ``name`` (its own name; the file's name when not given); ``shape``,
        read by the catalog's scan, spares this thread reading the file's header."""
        if path is not None and shape is not None:
            self._shapes[str(path)] = shape
        if path != self.path:
            self.measured = None
        self.path = path
        self.name = name
        if n_ctx is not None:
            self.n_ctx = n_ctx
        self.refresh()

    def set_context(self, n_ctx: int) -> None:
        self.n_ctx = n_ctx
        self.refresh()

    def set_measured(self, result: dict[str, Any], shape: F.ModelShape | None = None) -> None:
        """llama.cpp's buffer sizes after a load, shown beside the estimate for the same context."""
        path = Path(str(result.get("path", "")))
        if shape is not None:
            self._shapes[str(path)] = shape
        self.path = path
        self.name = str(result.get("name") or "")
        self.n_ctx = int(result.get("n_ctx", self.n_ctx))
        self.measured = dict(result.get("buffers_mib") or {})
        self.refresh()

    def _shape(self, path: Path) -> F.ModelShape:
        key = str(path)
        if key not in self._shapes:  # a file the catalog has not read: its header, read here
            try:
                self._shapes[key] = F.shape_from_file(path)
            except FMError as exc:
                self._shapes[key] = exc
        got = self._shapes[key]
        if isinstance(got, FMError):
            raise got
        return got

    def refresh(self) -> None:
        if self.path is None:
            self.model_view.setText(html.escape(self.tr("Select a model to see what it needs.")))
            self.estimate = None
            return
        try:
            shape = self._shape(self.path)
        except FMError as exc:
            self.model_view.setText(html.escape(error_text(exc)))
            self.estimate = None
            return
        self.estimate = F.estimate(shape, self.n_ctx)
        measured = self.measured if self.measured else None
        if measured:
            text = self.tr(
                "<b>{name}</b> at a context of {n_ctx:,} tokens. Measured after the load: llama.cpp's own buffer sizes."
            )
        else:
            text = self.tr("<b>{name}</b> at a context of {n_ctx:,} tokens.")
        self.model_view.setText(
            text.format(name=html.escape(self.name or self.path.name), n_ctx=self.n_ctx)
            + breakdown_html(self.estimate, self.machine(), measured)
        )

    # -- calculator ------------------------------------------------------------------------------
    def set_calculator(self, billions: float, quant: str, n_ctx: int) -> None:
        self.params.setValue(billions)
        self.quant.setCurrentIndex(self.quant.findData(quant))
        self.ctx.setValue(n_ctx)
        self.update_calculator()

    def calculator_estimate(self) -> F.Estimate:
        return F.calculate(
            self.params.value() * 1e9,
            str(self.quant.currentData()),
            self.ctx.value(),
            n_layers=self.layers.value() or None,
            n_kv_heads=self.kv_heads.value() or None,
            head_dim=self.head_dim.value() or None,
        )

    def update_calculator(self) -> None:
        est = self.calculator_estimate()
        self.calc_view.setText(breakdown_html(est, self.machine()))
