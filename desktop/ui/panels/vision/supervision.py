"""Natural-language supervision (issue 25): the bundled CLIP's (picture, caption) training pairs, and the
picture x caption similarity matrix that its contrastive loss pushes toward the diagonal, computed by the
model in the vision host and drawn as a heat map.

The pairs are those of its first training batch, drawn again by the code and seed training used
(desktop.core.vision.training). Captions are shown as plain text. The matrix is the cosine similarity of
each picture's embedding with each caption's; the loss line is CLIP's symmetric contrastive loss on these
pairs, against what a model that knew nothing would score (ln n)."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop.core.vision.training import TrainingPairs
from desktop.services.vision_service import VisionService
from desktop.ui.panels.vision.common import ERROR_COLOUR, translate

PAIRS = 8  # pairs shown at once
HEADER = 22  # the caption numbers above the columns
THUMB = 40  # a picture at the start of its row


def heat(value: float) -> QColor:
    """Cosine similarity -1 .. 1 as a colour: blue for unlike, white for unrelated, orange for alike."""
    v = max(-1.0, min(1.0, value))
    far = (49, 104, 196) if v < 0 else (230, 110, 20)
    t = abs(v)
    return QColor(*(round(255 + (c - 255) * t) for c in far))


class HeatMap(QWidget):
    """The similarity matrix: a row per picture (its drawing, then its cells), a column per caption (its
    number on top). Outlined: each picture's own caption (the diagonal). Dashed: another caption that is true
    of the picture too, which training also counts as a match."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pairs: TrainingPairs | None = None
        self.setMinimumSize(THUMB + 8 * 24, HEADER + 8 * 24)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(THUMB + 8 * 56, HEADER + 8 * 52)

    def show_pairs(self, pairs: TrainingPairs | None) -> None:
        self.pairs = pairs
        self.update()

    def cell(self) -> int:
        n = len(self.pairs.captions) if self.pairs is not None else PAIRS
        return max(12, min((self.width() - THUMB - 6) // n, (self.height() - HEADER) // n))

    def paintEvent(self, event: QPaintEvent) -> None:
        pairs = self.pairs
        if pairs is None or not pairs.similarity:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        n, size = len(pairs.captions), self.cell()
        left = THUMB + 6
        text = self.palette().text().color()
        painter.setPen(text)
        for j in range(n):
            painter.drawText(QRect(left + j * size, 0, size, HEADER), Qt.AlignmentFlag.AlignCenter, str(j + 1))
        for i, row in enumerate(pairs.similarity):
            top = HEADER + i * size
            picture = pairs.pictures[i] if i < len(pairs.pictures) else None
            if isinstance(picture, QImage) and not picture.isNull():
                side = min(THUMB, size - 2)
                painter.drawImage(QRect(0, top + (size - side) // 2, side, side), picture)
            for j, value in enumerate(row):
                rect = QRect(left + j * size, top, size - 1, size - 1)
                painter.fillRect(rect, heat(value))
                painter.setPen(QColor(20, 20, 20))
                if size >= 34:
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, f"{value:.2f}")
                if i == j or pairs.targets[i][j]:
                    pen = QPen(text, 3 if i == j else 2)
                    pen.setStyle(Qt.PenStyle.SolidLine if i == j else Qt.PenStyle.DashLine)
                    painter.setPen(pen)
                    painter.drawRect(rect.adjusted(1, 1, -1, -1))
        painter.end()


class SupervisionView(QWidget):
    """The view: what natural-language supervision is, the pairs (numbered captions beside the heat map), the
    loss on them, and buttons to page through the first training batch."""

    def __init__(self, service: VisionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.start = 0
        self.pairs: TrainingPairs | None = None
        self._waiting = False
        self._failed = ""
        layout = QVBoxLayout(self)
        self.intro = QLabel("")
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.intro)
        controls = QHBoxLayout()
        self.earlier_btn = QPushButton()
        self.later_btn = QPushButton()
        self.range_label = QLabel("")
        controls.addWidget(self.earlier_btn)
        controls.addWidget(self.later_btn)
        controls.addWidget(self.range_label, 1)
        layout.addLayout(controls)
        body = QHBoxLayout()
        self.heat_map = HeatMap()
        body.addWidget(self.heat_map, 3)
        captions = QWidget()
        self.caption_grid = QGridLayout(captions)
        self.caption_grid.setContentsMargins(0, HEADER, 0, 0)
        self.caption_labels: list[QLabel] = []
        for n in range(PAIRS):
            number, caption = QLabel(f"{n + 1}"), QLabel("")
            caption.setTextFormat(Qt.TextFormat.PlainText)  # a caption is data, never markup
            caption.setProperty("fm_data", True)  # the model's own training text: English in every language
            caption.setWordWrap(True)
            self.caption_grid.addWidget(number, n, 0, Qt.AlignmentFlag.AlignTop)
            self.caption_grid.addWidget(caption, n, 1)
            self.caption_labels.append(caption)
        self.caption_grid.setRowStretch(PAIRS, 1)
        self.caption_grid.setColumnStretch(1, 1)
        body.addWidget(captions, 2)
        layout.addLayout(body, 1)
        self.legend = QLabel("")
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.legend)
        self.result = QLabel("")  # the loss on these pairs, or why they could not be computed
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.result)
        self.earlier_btn.clicked.connect(lambda: self.show_pairs(self.start - PAIRS))
        self.later_btn.clicked.connect(lambda: self.show_pairs(self.start + PAIRS))
        service.pairsReady.connect(self._on_pairs)
        service.pairsFailed.connect(self._on_failed)

    def ensure_shown(self) -> None:
        """The first time the view is opened: ask the vision host for the first pairs."""
        if self.pairs is None and not self._waiting:
            self.show_pairs(0)

    def show_pairs(self, start: int) -> None:
        batch = self.pairs.batch if self.pairs is not None else 128
        self.start = max(0, min(start, batch - PAIRS))
        self._waiting, self._failed = True, ""
        self._update()
        self.service.training_pairs(self.start, PAIRS)

    def _on_pairs(self, pairs: TrainingPairs) -> None:
        self._waiting = False
        self.pairs, self.start = pairs, pairs.start
        self.heat_map.show_pairs(pairs)
        self._update()

    def _on_failed(self, message: str, _details: str) -> None:
        self._waiting, self._failed = False, message
        self._update()

    def retranslate(self) -> None:
        self.intro.setText(
            translate(
                "VisionPanel",
                "CLIP learns from pictures paired with captions, not from a fixed list of labels: natural-language "
                "supervision. The bundled model learned this way, in miniature. Each training batch held pictures "
                "of coloured shapes, each with a caption written for it. For every batch, CLIP's contrastive loss "
                "raised each picture's similarity with its own caption (the diagonal below) and lowered it with the "
                "other captions in the batch. Zero-shot classification then compares a picture with label prompts "
                "the same way.",
            )
        )
        self.earlier_btn.setText(translate("VisionPanel", "Earlier pairs"))
        self.later_btn.setText(translate("VisionPanel", "Later pairs"))
        self.legend.setText(
            translate(
                "VisionPanel",
                "Rows: pictures; columns: captions (numbered as on the right). Each cell is the cosine similarity "
                "the model gives a picture and a caption, from −1 (blue) to 1 (orange). Solid outline: the "
                "picture's own caption. Dashed outline: another caption that is true of the picture too (two red "
                "shapes in a batch); training counted it as a match as well.",
            )
        )
        self._update()

    def _update(self) -> None:
        pairs = self.pairs
        batch = pairs.batch if pairs is not None else 128
        self.range_label.setText(
            translate("VisionPanel", "Pairs {first}–{last} of the {batch} in the first training batch").format(
                first=self.start + 1, last=self.start + PAIRS, batch=batch
            )
        )
        self.earlier_btn.setEnabled(not self._waiting and self.start > 0)
        self.later_btn.setEnabled(not self._waiting and self.start + PAIRS < batch)
        for n, label in enumerate(self.caption_labels):
            label.setText(pairs.captions[n] if pairs is not None and n < len(pairs.captions) else "")
        self.result.setStyleSheet(f"color: {ERROR_COLOUR};" if self._failed else "")
        if self._failed:
            self.result.setText(self._failed)
        elif self._waiting:
            self.result.setText(translate("VisionPanel", "The model in the vision host is comparing them…"))
        elif pairs is not None:
            n = len(pairs.captions)
            wins = sum(1 for i, row in enumerate(pairs.similarity) if pairs.targets[i][row.index(max(row))])
            said = translate(
                "VisionPanel",
                "Contrastive loss on these {n} pairs: {loss} (a model that knew nothing would score {chance}, the "
                "logarithm of {n}). For {wins} of the {n} pictures, the most similar caption is one that is true of "
                "it.",
            ).format(n=n, loss=f"{pairs.loss:.3f}", chance=f"{math.log(n):.2f}", wins=wins)
            self.result.setText(said)
