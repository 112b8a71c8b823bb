"""The Hub row of the model box: open_clip weights from the Hugging Face hub ("ARCH/TAG" or
"hf-hub:org/repo"), with progress, Stop, and the outcome right under it (and in the status line)."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from desktop.core.vision import ModelSpec
from desktop.resources import default_models_dir
from desktop.services.vision_service import VisionService
from desktop.ui.panels.vision.common import ERROR_COLOUR, coloured, translate


class HubRow(QWidget):
    said = Signal(str, bool)  # news for the status line: text, is it a problem
    downloaded = Signal(object)  # the new weights' ModelSpec

    def __init__(self, service: VisionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.combo = QComboBox()
        self.combo.setEditable(True)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(10)
        self.combo.installEventFilter(self)
        self.download_btn = QPushButton()
        row.addWidget(self.combo, 1)
        row.addWidget(self.download_btn)
        layout.addLayout(row)
        self.bar = QProgressBar()
        self.bar.setVisible(False)
        layout.addWidget(self.bar)
        self.status = QLabel("")  # the download's outcome, right under it (also in the status line)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.RichText)  # escaped text only (_say)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.setVisible(False)
        layout.addWidget(self.status)
        self._asked = False
        self.download_btn.clicked.connect(self._download_clicked)
        service.pretrainedListed.connect(self._on_pretrained)
        service.downloadProgress.connect(self._on_progress)
        service.downloadFinished.connect(self._on_downloaded)
        service.downloadFailed.connect(lambda message, _details: self._ended(message, error=True))
        service.downloadCancelled.connect(lambda message: self._ended(message))  # asked for: not a problem

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.combo and event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            self.ask_pretrained()
        return super().eventFilter(watched, event)

    def ask_pretrained(self) -> None:
        """List open_clip's hub tags the first time the hub box is used: listing imports open_clip (and
        torch) in a child process for several seconds, which must not compete with a run for the CPU."""
        if not self._asked:
            self._asked = True
            self.service.list_pretrained()

    def retranslate(self) -> None:
        line = self.combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(translate("VisionPanel", "ARCH/TAG or hf-hub:org/repo"))
        stop = self.service.downloading
        self.download_btn.setText(translate("VisionPanel", "Stop") if stop else translate("VisionPanel", "Download"))
        self.download_btn.setToolTip(
            translate("VisionPanel", "Fetch open_clip weights from the Hugging Face hub (needs the internet).")
        )

    def _say(self, text: str, error: bool = False) -> None:
        self.said.emit(text, error)
        self.status.setText(coloured(text, ERROR_COLOUR) if error else html.escape(text))
        self.status.setVisible(bool(text))

    def _download_clicked(self) -> None:
        if self.service.downloading:
            self.service.cancel_download()
            self.download_btn.setEnabled(False)  # until the download has ended (at once: its socket is shut)
            self._say(translate("VisionPanel", "Stopping the download…"))
            return
        choice = self.combo.currentText().strip()
        if not choice:
            self._say(
                translate("VisionPanel", "Pick an ARCH/TAG from the list, or type hf-hub:organisation/repository."),
                error=True,
            )
            return
        self.bar.setVisible(True)
        self.bar.setRange(0, 0)
        self.download_btn.setText(translate("VisionPanel", "Stop"))
        self._say(translate("VisionPanel", "Downloading {name}…").format(name=choice))
        self.service.download(choice, default_models_dir())

    def _on_pretrained(self, choices: list[str]) -> None:
        text = self.combo.currentText()
        self.combo.clear()
        self.combo.addItems(choices)
        self.combo.setCurrentText(text)

    def _on_progress(self, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, 1000)
            self.bar.setValue(int(1000 * done / total))
            self.bar.setFormat(f"{done / 1e6:,.1f} / {total / 1e6:,.1f} MB")
        else:
            self.bar.setFormat(f"{done / 1e6:,.1f} MB")

    def _on_downloaded(self, spec: ModelSpec) -> None:
        self._ended(translate("VisionPanel", "Downloaded to {path}. Pick it in the model list.").format(path=spec.path))
        self.downloaded.emit(spec)

    def _ended(self, text: str, error: bool = False) -> None:
        self.bar.setVisible(False)
        self.download_btn.setText(translate("VisionPanel", "Download"))
        self.download_btn.setEnabled(True)
        self._say(text, error)
