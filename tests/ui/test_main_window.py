"""The window on the real stack, offscreen: panels, status bar, models, bad files, drops, errors."""

from __future__ import annotations

import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psutil
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from PySide6.QtWidgets import QFormLayout, QLabel
from pytestqt.qtbot import QtBot

from desktop.factory import build_window
from desktop.services.messages import bridge
from desktop.services.settings import Settings
from desktop.ui.error_dialog import ErrorDialog
from desktop.ui.main_window import PANELS, MainWindow
from tests.gguf_files import write_small_gguf


@pytest.fixture
def window(qtbot: QtBot, make_window: Callable[..., Any]) -> MainWindow:
    """The window as ``main()`` builds it (with its model host), after the catalog's first scan."""
    win = make_window()
    with qtbot.waitSignal(win.catalog.changed, timeout=10000):
        pass
    return win  # closed by make_window


def test_every_panel_is_reachable(qtbot: QtBot, window: MainWindow) -> None:
    for index, name in enumerate(PANELS):
        window.sidebar.setCurrentRow(index)
        assert window.current_panel() == name
        assert window.stack.currentWidget().isVisible()
    window.show_panel("models")
    assert window.current_panel() == "Models"


def test_status_bar_shows_backend_and_memory(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.models.capabilities is not None, timeout=20000)
    assert window.backend_label.text().startswith("Backend: ")
    window.monitor.sample()
    assert "MiB" in window.memory_label.text()


def test_bundled_model_listed_and_loads(qtbot: QtBot, window: MainWindow, default_model: Path) -> None:
    panel = window.models_panel
    assert panel.table.rowCount() >= 1
    assert panel.table.item(0, 4).text() == "Bundled"
    assert not panel.remove_btn.isEnabled()  # bundled models stay
    panel.table.selectRow(0)
    panel.n_ctx.setValue(512)
    panel.n_threads.setValue(0)
    qtbot.waitUntil(lambda: window.models.capabilities is not None, timeout=20000)
    auto = window.models.capabilities["auto_threads"]  # type: ignore[index]
    assert panel.n_threads.specialValueText() == f"Auto ({auto})"  # what Auto chose, before loading
    said: list[str] = []
    window.models.loadProgress.connect(lambda *_: said.append(window.model_label.text()))
    with qtbot.waitSignal(window.models.loaded, timeout=30000):
        qtbot.mouseClick(panel.load_btn, Qt.MouseButton.LeftButton)
    assert said and set(said) == {"Loading a model…"}  # not "No model loaded" beside the progress bar
    text = panel.result.text()
    assert "Loaded" in text and "31 layers (30 blocks + the output layer" in text
    assert f"{auto} CPU thread" in text and "(Auto: one per physical core)" in text
    assert panel.table.item(0, 4).text() == "Loaded"
    assert window.model_label.text().startswith("Model: ")
    assert panel.load_box.unload_btn.isEnabled()
    with qtbot.waitSignal(window.models.unloaded, timeout=10000):
        qtbot.mouseClick(panel.load_box.unload_btn, Qt.MouseButton.LeftButton)
    assert window.model_label.text() == "No language model loaded"  # CLIP or the agent's model may be, beside it
    assert panel.table.item(0, 4).text() == "Bundled"
    assert window.settings.load_options()["n_ctx"] == 512


def test_broken_model_in_folder_is_explained(qtbot: QtBot, window: MainWindow, models_dir: Path) -> None:
    (models_dir / "half.gguf").write_bytes(b"GGUF\x03\x00\x00\x00" + b"\x01" * 8)
    with qtbot.waitSignal(window.catalog.changed, timeout=10000):
        window.catalog.rescan()
    panel = window.models_panel
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text() == "half.gguf")
    assert panel.table.item(row, 4).text() == "Cannot read"
    panel.table.selectRow(row)
    assert "half.gguf" in panel.details_box.details_error.text()
    assert not panel.load_btn.isEnabled()


def test_dropping_a_gguf_adds_and_selects_it(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    model = write_small_gguf(tmp_path / "dropped.gguf", name="dropped model")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(model))])
    event = QDropEvent(
        QPoint(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.catalog.changed, timeout=10000):
        window.dropEvent(event)
    panel = window.models_panel
    assert panel.state.selected is not None and panel.state.selected.path == model
    assert model in window.settings.model_files()


def test_errors_open_one_dialog_with_copy(qtbot: QtBot, window: MainWindow) -> None:
    bridge().report("Test failure", ValueError("bad value"))
    assert len(window.errors) == 1
    dialog = window.errors[0]
    assert isinstance(dialog, ErrorDialog)
    assert "bad value" in dialog.message.text()
    dialog.copy_details()
    assert "Test failure" in QGuiApplication.clipboard().text()
    dialog.close()


def test_layout_and_panel_persist(qtbot: QtBot, fresh_home: Path, models_dir: Path) -> None:
    first = build_window(Settings(), start_host=False)
    qtbot.addWidget(first)
    first.show_panel("Vision")
    first.resize(700, 500)
    first.close()
    second = build_window(Settings(), start_host=False)
    qtbot.addWidget(second)
    assert second.current_panel() == "Vision"
    assert (second.width(), second.height()) == (700, 500)
    assert (fresh_home / "config" / "settings.ini").is_file()
    second.close()


def test_quit_during_generation_leaves_nothing_running(qtbot: QtBot, fresh_home: Path, models_dir: Path) -> None:
    win = build_window(Settings())
    qtbot.addWidget(win)
    win.show()
    panel = win.completion_panel
    with qtbot.waitSignal(win.models.loaded, timeout=30000):
        panel.load_default_model()
    panel.prompt.setPlainText("Once upon a time")
    panel.max_tokens.setValue(500)
    panel.generate()
    qtbot.waitUntil(lambda: panel.run is not None and len(panel.run["tokens"]) >= 2, timeout=30000)
    win.close()  # the autouse guard then checks that no thread or host process is left
    assert win.models.host_pid() is None
    draft = fresh_home / "data" / "drafts" / "completion.txt"
    assert draft.read_text() == "Once upon a time"  # what was typed survives
    again = build_window(Settings(), start_host=False)
    qtbot.addWidget(again)
    assert again.completion_panel.prompt.toPlainText() == "Once upon a time"
    again.close()


def test_memory_counts_every_model_host(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.models.host_pid() is not None, timeout=20000)
    compare = window.completion_panel._compare_service()
    compare.start_host()
    vocab = window.tokenizer_panel.service
    vocab.link.ensure()
    pids = [window.models.host_pid(), compare.host_pid(), vocab.host_pid()]
    assert None not in pids and len(set(pids)) == 3

    def total() -> float:
        return sum(psutil.Process(pid).memory_info().rss for pid in pids if pid is not None) / 2**20

    # The hosts are still starting (importing llama.cpp), so their memory grows: bound the sample by
    # totals read just before and just after it.
    before = total()
    _app, hosts = window.monitor.sample()
    after = total()
    assert set(window.monitor.last_hosts) == {
        "Main model host",
        "Compare's model host",
        "Tokenizer's vocabulary host",
    }
    assert 0.95 * min(before, after) <= hosts <= 1.05 * max(before, after)
    assert "3 model hosts" in window.memory_label.text()
    assert "Tokenizer's vocabulary host" in window.memory_label.toolTip()


def copy_with_name(src: Path, dst: Path, name: str) -> Path:
    """A copy of ``src`` whose general.name is ``name``, padded with spaces to the old length."""
    data = bytearray(src.read_bytes())
    key = b"general.name"
    at = data.index(key) + len(key)
    kind, length = struct.unpack_from("<IQ", data, at)
    assert kind == 8 and len(name.encode()) <= length
    data[at + 12 : at + 12 + length] = name.encode().ljust(length)
    dst.write_bytes(bytes(data))
    return dst


def test_model_names_are_shown_as_plain_text(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, default_model: Path
) -> None:
    tagged = "<b>x</b><img src='y'>"
    path = copy_with_name(default_model, tmp_path / "tagged.gguf", tagged)
    with qtbot.waitSignal(window.catalog.changed, timeout=10000):
        window.add_models([path])
    panel = window.models_panel
    assert panel.state.selected is not None and panel.state.selected.path == path
    name_label = panel.details.itemAt(0, QFormLayout.ItemRole.FieldRole).widget()
    assert isinstance(name_label, QLabel) and name_label.text().strip() == tagged
    assert name_label.textFormat() == Qt.TextFormat.PlainText
    panel.n_ctx.setValue(256)
    with qtbot.waitSignal(window.models.loaded, timeout=30000):
        panel.load_selected()
    for label in (panel.result, window.model_label):
        assert tagged in label.text()
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text().strip() == tagged)
    assert "&lt;" in panel.table.item(row, 0).toolTip() or tagged not in panel.table.item(row, 0).toolTip()


def test_added_models_can_be_removed(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    panel = window.models_panel
    first = write_small_gguf(tmp_path / "first.gguf", name="first added")
    second = write_small_gguf(tmp_path / "second.gguf", name="second added")
    folder = tmp_path / "folder"
    folder.mkdir()
    third = write_small_gguf(folder / "third.gguf", name="third added")
    with qtbot.waitSignal(window.catalog.changed, timeout=10000):
        window.add_models([first, second, folder])

    def names() -> list[str]:
        return [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]

    assert {"first added", "second added", "third added"} <= set(names())
    # the button
    panel.select_path(first)
    assert panel.remove_btn.isEnabled()
    with qtbot.waitSignal(window.catalog.changed, timeout=10000):
        qtbot.mouseClick(panel.remove_btn, Qt.MouseButton.LeftButton)
    assert "first added" not in names() and first not in window.settings.model_files()
    assert "Removed" in window.statusBar().currentMessage()
    # the Delete key
    panel.select_path(second)
    panel.table.setFocus()
    with qtbot.waitSignal(window.catalog.changed, timeout=10000):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    assert "second added" not in names() and second not in window.settings.model_files()
    # the context menu: a model found in an added folder takes the folder off the list
    panel.select_path(third)
    row = names().index("third added")
    panel.table.customContextMenuRequested.emit(panel.table.visualItemRect(panel.table.item(row, 0)).center())
    menu = panel.catalog_view._menu
    action = next(a for a in menu.actions() if a.text().startswith("Remove"))
    assert "folder" in action.text() and action.isEnabled()
    with qtbot.waitSignal(window.catalog.changed, timeout=10000):
        action.trigger()
    menu.close()
    assert "third added" not in names() and folder not in window.settings.model_folders()
    # and it stays removed after a restart
    window.settings.sync()
    again = Settings()
    assert again.model_files() == [] and again.model_folders() == []


def test_context_above_the_models_own_limit_warns(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.models_panel
    panel.table.selectRow(0)  # SmolLM2, trained on 8,192 tokens
    panel.n_ctx.setValue(4096)
    assert "own limit: 8,192 tokens" in panel.load_box.ctx_note.text()
    panel.n_ctx.setValue(10000)
    assert "Above this model's own limit of 8,192 tokens" in panel.load_box.ctx_note.text()
    assert panel.load_box.ctx_note.isVisibleTo(panel)


def test_models_folder_path_can_be_copied_without_a_file_manager(
    qtbot: QtBot, window: MainWindow, models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QDesktopServices

    monkeypatch.setattr(QDesktopServices, "openUrl", lambda _url: False)  # no file manager registered
    panel = window.models_panel
    folder = panel.catalog_view
    assert not folder.folder_row.isVisibleTo(panel)
    qtbot.mouseClick(folder.open_folder_btn, Qt.MouseButton.LeftButton)
    assert folder.folder_row.isVisibleTo(panel)
    assert str(models_dir) in folder.folder_path.text()
    qtbot.mouseClick(folder.copy_folder_btn, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text() == str(models_dir)


def test_rescan_says_how_many_models_it_found(qtbot: QtBot, window: MainWindow, models_dir: Path) -> None:
    write_small_gguf(models_dir / "extra.gguf")
    with qtbot.waitSignal(window.catalog.changed, timeout=10000):
        qtbot.mouseClick(window.models_panel.rescan_btn, Qt.MouseButton.LeftButton)
    n = len(window.catalog.catalog.entries)
    assert n >= 2
    assert window.statusBar().currentMessage() == f"Found {n} models."


def test_unwritable_cache_keeps_the_default_model_and_says_why(
    qtbot: QtBot, make_window: Callable[..., Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("FM_EXPLORER_CACHE", str(blocker / "cache"))
    win = make_window(start_host=False)
    with qtbot.waitSignal(win.catalog.changed, timeout=20000):
        pass
    panel = win.models_panel
    assert panel.table.rowCount() == 1 and panel.table.item(0, 4).text() == "Bundled"  # SmolLM2
    qtbot.waitUntil(lambda: bool(win.errors), timeout=5000)
    assert "Gemma 3 270M" in win.errors[0].message.text()
    assert str(blocker / "cache" / "models") in win.errors[0].message.text()


@pytest.mark.parametrize("size", [(1024, 640), (800, 500)])
def test_models_panel_fits_small_windows(qtbot: QtBot, window: MainWindow, size: tuple[int, int]) -> None:
    window.show_panel("Models")
    window.resize(*size)
    qtbot.wait(100)
    panel = window.models_panel
    panel.table.selectRow(0)
    # Whole names: the name column is as wide as the longest name (the table scrolls sideways instead).
    metrics = panel.table.fontMetrics()
    longest = max(metrics.horizontalAdvance(panel.table.item(r, 0).text()) for r in range(panel.table.rowCount()))
    assert panel.table.horizontalHeader().sectionSize(0) >= longest
    # Spin boxes keep their text: never narrower than they ask to be.
    for spin in (panel.gpu_layers, panel.n_ctx, panel.n_threads):
        assert spin.width() >= spin.minimumSizeHint().width()
    # Details are filled and laid out at their natural height (the side column scrolls below 1024x640).
    assert panel.details.rowCount() >= 10
    for row in range(panel.details.rowCount()):
        field = panel.details.itemAt(row, QFormLayout.ItemRole.FieldRole).widget()
        assert field.height() >= field.minimumSizeHint().height() > 0
    assert panel.minimumSizeHint().height() <= 300  # the side column scrolls rather than forcing the window


def test_error_dialog_shows_model_text_as_plain_text(qtbot: QtBot) -> None:
    """A model's name or a file name in a message is text, never markup (issue 13 item 15)."""
    hostile = "<b>x</b><img src='y'>"
    dialog = ErrorDialog(f"Could not load {hostile}", f"llama.cpp could not load “{hostile}”.", "details")
    qtbot.addWidget(dialog)
    labels = [w for w in dialog.findChildren(QLabel) if hostile in w.text()]
    assert len(labels) == 2
    assert all(w.textFormat() == Qt.TextFormat.PlainText for w in labels)


def test_the_load_summary_follows_a_language_change(qtbot: QtBot, window: MainWindow) -> None:
    """A load's news was kept as written, so it stayed English after a switch to Korean (issue 23, item 7)."""
    from PySide6.QtCore import QCoreApplication

    from desktop import i18n
    from tests.translators import MarkingTranslator, prefix_mark

    mark = "⟦KO⟧ "
    panel = window.models_panel
    panel.table.selectRow(0)
    panel.n_ctx.setValue(512)
    with qtbot.waitSignal(window.models.loaded, timeout=30000):
        panel.load_selected()
    assert panel.result.text().startswith("Loaded “")
    marking = MarkingTranslator(prefix_mark(mark), ("ModelsPanel",))
    QCoreApplication.installTranslator(marking)  # Qt sends LanguageChange to every widget
    try:
        qtbot.waitUntil(lambda: panel.result.text().startswith(mark + "Loaded “"), timeout=5000)
        assert panel.result.text().count(mark) >= 3  # the sentence, where the layers run, and the layers
        with qtbot.waitSignal(window.models.unloaded, timeout=10000):
            panel.load_box.unload_btn.click()
        assert panel.result.text() == mark + "Model unloaded; its memory is free again."
    finally:
        QCoreApplication.removeTranslator(marking)
        i18n.install_language("en")
    qtbot.waitUntil(lambda: panel.result.text() == "Model unloaded; its memory is free again.", timeout=5000)
