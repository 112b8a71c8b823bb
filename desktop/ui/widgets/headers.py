"""Column titles drawn whole: a table asks for the width its titles need, so a layout or splitter never
squeezes a stretched column below its title (issue 23, 6). Call again after the titles or the
cells of a column sized to its contents change."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView, QTableView


def keep_titles_whole(table: QTableView) -> None:
    header = table.horizontalHeader()
    stretched: list[int] = []
    fixed = 0
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        need = header.sectionSizeFromContents(section).width()
        mode = header.sectionResizeMode(section)
        if mode == QHeaderView.ResizeMode.Stretch:
            stretched.append(need)
        elif mode == QHeaderView.ResizeMode.ResizeToContents:
            fixed += max(need, table.sizeHintForColumn(section))  # as wide as its widest cell, too
        else:
            fixed += max(need, header.sectionSize(section))
    # stretched columns share the rest equally, so each gets what the widest title among them needs
    width = fixed + max(stretched, default=0) * len(stretched)
    if table.verticalHeader().isVisible():
        width += table.verticalHeader().sizeHint().width()
    width += 2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
    table.setMinimumWidth(width)
