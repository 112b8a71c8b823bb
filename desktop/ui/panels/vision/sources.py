"""Where pictures come from: the buttons above the grid (files, a folder, the clipboard, drawn sample
shapes; Export and Clear sit on the same bar), drops and Ctrl+V. Folders are searched for pictures off the
GUI thread (the service's io worker); pasted and dropped picture data is encoded there too."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from desktop.core.vision import FOLDER_CAP, IMAGE_EXTENSIONS, Expansion, Source
from desktop.i18n import translate_message
from desktop.services.settings import Settings
from desktop.services.vision_service import VisionService
from desktop.services.worker import weak_callback
from desktop.ui.panels.vision.common import translate
from desktop.ui.widgets import file_dialogs


class SourcesBar(QWidget):
    """``add(sources)`` puts pictures in the grid and returns those that were new; ``room()`` is how many
    more the grid takes."""

    said = Signal(str, bool)  # news for the status line: text, is it a problem

    def __init__(
        self,
        service: VisionService,
        settings: Settings | None,
        add: Callable[[list[Source]], list[Source]],
        room: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.settings = settings
        self.add, self.room = add, room
        self._paste_count = itertools.count(1)
        self.closed = False
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        self.add_files_btn = QPushButton()
        self.add_folder_btn = QPushButton()
        self.paste_btn = QPushButton()
        self.samples_btn = QPushButton()
        self.export_btn = QPushButton()
        self.clear_btn = QPushButton()
        for b in (self.add_files_btn, self.add_folder_btn, self.paste_btn, self.samples_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.export_btn)
        bar.addWidget(self.clear_btn)
        self.add_files_btn.clicked.connect(self._pick_files)
        self.add_folder_btn.clicked.connect(self._pick_folder)
        self.paste_btn.clicked.connect(self.paste)
        self.samples_btn.clicked.connect(lambda: service.make_samples(12))
        service.samplesReady.connect(self._add_found)
        service.imagesEncoded.connect(self._add_found)

    def retranslate(self) -> None:
        self.add_files_btn.setText(translate("VisionPanel", "Add images…"))
        self.add_folder_btn.setText(translate("VisionPanel", "Add folder…"))
        self.paste_btn.setText(translate("VisionPanel", "Paste"))
        self.paste_btn.setToolTip(
            translate("VisionPanel", "Paste a picture (or copied files) from the clipboard. Shortcut: Ctrl+V.")
        )
        self.samples_btn.setText(translate("VisionPanel", "Sample shapes"))
        self.samples_btn.setToolTip(
            translate("VisionPanel", "Draw a few pictures like the ones the bundled model learned from.")
        )
        self.export_btn.setText(translate("VisionPanel", "Export CSV…"))
        self.clear_btn.setText(translate("VisionPanel", "Clear"))

    def add_paths(self, paths: list[Path]) -> None:
        """Files and folders (folders are searched for pictures off the GUI thread)."""
        if not paths:
            return
        self.said.emit(translate("VisionPanel", "Looking for pictures…"), False)
        self.service.expand(
            [Path(p) for p in paths],
            max(0, self.room()),
            weak_callback(self._on_expanded),
            translate("VisionPanel", "Add pictures"),
        )

    def _on_expanded(self, expansion: Expansion) -> None:
        if self.closed:
            return
        added = self.add(list(expansion.files))
        message = " ".join(translate_message(m) for m in expansion.messages)
        if not added and not message:
            message = translate("VisionPanel", "No new pictures there.")
        if expansion.capped and expansion.cap < FOLDER_CAP:
            limit = translate("VisionPanel", "The panel holds at most {cap:,} pictures.").format(cap=FOLDER_CAP)
            message = limit + " " + message
        if message:
            self.said.emit(message, not added)

    def _add_found(self, sources: list[Source]) -> None:
        if not self.closed:
            self.add(sources)

    def add_qimages(self, images: list[tuple[str, QImage]]) -> None:
        named = [(f"{name} {next(self._paste_count)}.png", image) for name, image in images if not image.isNull()]
        if named:
            self.service.encode_images(named)

    def paste(self) -> None:
        """Ctrl+V: a picture on the clipboard, or copied picture files."""
        mime = QGuiApplication.clipboard().mimeData()
        if mime is not None and mime.hasUrls():
            paths = [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]
            if paths:
                self.add_paths(paths)
                return
        if mime is not None and mime.hasImage():
            image = QImage(QGuiApplication.clipboard().image())
            if not image.isNull():
                self.add_qimages([(translate("VisionPanel", "Pasted picture"), image)])
                return
        self.said.emit(translate("VisionPanel", "The clipboard holds no picture."), True)

    def _pick_files(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in sorted(IMAGE_EXTENSIONS))
        files = file_dialogs.open_file_names(
            self,
            "pictures",
            translate("VisionPanel", "Add pictures"),
            translate("VisionPanel", "Pictures ({patterns});;All files (*)").format(patterns=patterns),
            self.settings,
        )
        if files:
            self.add_paths([Path(f) for f in files])

    def _pick_folder(self) -> None:
        title = translate("VisionPanel", "Add a folder of pictures")
        folder = file_dialogs.existing_directory(self, "pictures", title, self.settings)
        if folder:
            self.add_paths([Path(folder)])
