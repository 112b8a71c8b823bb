"""What this machine and this llama.cpp build can do: CPU cores and Auto's thread count, the GPU, and
whether layers can be offloaded to it (with the command that rebuilds llama.cpp where they cannot)."""

from __future__ import annotations

import html
import os
from typing import Any

import psutil
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop.core.hardware import GPUInfo, rebuild_hint

translate = QCoreApplication.translate  # lupdate finds translate("ModelsPanel", "...") by this name


class HardwareBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.hardware = QLabel("")
        self.hardware.setWordWrap(True)
        self.hardware.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.hardware)

    def show_machine(self, gpu: GPUInfo | None, caps: dict[str, Any] | None) -> None:
        """The machine as known so far: ``gpu`` once detected, ``caps`` once the model host has started."""
        if gpu is None and caps is None:
            self.hardware.setText(html.escape(translate("ModelsPanel", "Checking what this machine can do…")))
            return
        lines: list[str] = []
        cores = os.cpu_count() or 1
        physical = psutil.cpu_count(logical=False)
        auto = int((caps or {}).get("auto_threads") or 0)
        if physical:
            cpu = translate("ModelsPanel", "CPU: {physical} physical cores, {logical} logical").format(
                physical=physical, logical=cores
            )
        else:
            cpu = translate("ModelsPanel", "CPU: {logical} logical cores").format(logical=cores)
        if auto:
            lines.append(
                translate("ModelsPanel", "{cpu}; Auto uses %n thread(s).", "", auto).format(cpu=html.escape(cpu))
            )
        else:
            lines.append(translate("ModelsPanel", "{cpu}.").format(cpu=html.escape(cpu)))
        if gpu is not None:
            if gpu.present:
                lines.append(translate("ModelsPanel", "GPU: {names}.").format(names=html.escape(", ".join(gpu.names))))
            else:
                lines.append(html.escape(translate("ModelsPanel", "GPU: none found.")))
        lines.extend(self._llama_lines(gpu, caps))
        self.hardware.setText("<br>".join(lines))

    @staticmethod
    def _llama_lines(gpu: GPUInfo | None, caps: dict[str, Any] | None) -> list[str]:
        if caps is None:
            return [html.escape(translate("ModelsPanel", "llama.cpp: starting the model host…"))]
        version = html.escape(str(caps.get("llama_cpp_version", "?")))
        if caps.get("gpu_offload"):
            backend = html.escape(str(caps.get("backend")))
            text = translate(
                "ModelsPanel", "llama.cpp {version}: built with {backend} — layers can be offloaded to the GPU."
            )
            return [text.format(version=version, backend=backend)]
        text = translate("ModelsPanel", "llama.cpp {version}: CPU-only build — every layer runs on the CPU.")
        lines = [text.format(version=version)]
        hint = rebuild_hint(gpu) if gpu is not None else ""
        if hint:
            lines.append(f"<b>{html.escape(hint)}</b>")
        return lines

    def retranslate(self) -> None:
        self.setTitle(translate("ModelsPanel", "This machine"))
