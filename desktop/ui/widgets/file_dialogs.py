"""File dialogs that remember the last folder, one per purpose ("models", "pictures", "export"),
in the app's settings. The first time, and when that folder has gone, they open in the home folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from desktop.services.settings import Settings

KEY = "dialogs/{purpose}"


def last_folder(purpose: str, settings: Settings | None = None) -> Path:
    """Where the ``purpose`` dialog opens: the folder used last time, or its nearest existing parent,
    or the home folder."""
    stored = (settings or Settings()).get_str(KEY.format(purpose=purpose), "")
    if stored:
        folder = Path(stored)
        for candidate in (folder, *folder.parents):
            if candidate.is_dir() and candidate != Path(candidate.anchor):
                return candidate
    return Path.home()


def remember(purpose: str, folder: Path, settings: Settings | None = None) -> None:
    (settings or Settings()).set(KEY.format(purpose=purpose), str(folder))


def open_file_names(
    parent: QWidget | None, purpose: str, caption: str, filters: str, settings: Settings | None = None
) -> list[str]:
    """Pick one or more files (QFileDialog.getOpenFileNames), starting in the last folder."""
    files, _ = QFileDialog.getOpenFileNames(parent, caption, str(last_folder(purpose, settings)), filters)
    if files:
        remember(purpose, Path(files[0]).parent, settings)
    return list(files)


def existing_directory(parent: QWidget | None, purpose: str, caption: str, settings: Settings | None = None) -> str:
    """Pick a folder (QFileDialog.getExistingDirectory); the next pick starts in the folder above it,
    where its neighbours are."""
    folder = QFileDialog.getExistingDirectory(parent, caption, str(last_folder(purpose, settings)))
    if folder:
        chosen = Path(folder)
        remember(purpose, chosen.parent if chosen.parent != chosen else chosen, settings)
    return folder


def save_file_name(
    parent: QWidget | None,
    purpose: str,
    caption: str,
    file_name: str,
    filters: str,
    settings: Settings | None = None,
) -> str:
    """Choose where to save (QFileDialog.getSaveFileName), suggesting ``file_name`` in the last folder."""
    path, _ = QFileDialog.getSaveFileName(parent, caption, str(last_folder(purpose, settings) / file_name), filters)
    if path:
        remember(purpose, Path(path).parent, settings)
    return path
