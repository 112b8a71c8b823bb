"""The window on the real stack, offscreen: panels, status bar, models, bad files, drops, errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication
from pytestqt.qtbot import QtBot

from desktop.services.messages import bridge
from desktop.services.settings import Settings
from desktop.ui.error_dialog import ErrorDialog
from desktop.ui.main_window import PANELS, MainWindow
from tests.gguf_files import write_small_gguf


@pytest.fixture
def window(qtbot: QtBot, fresh_home: Path, models_dir: Path) -> Iterator[MainWindow]:
    win = MainWindow(Settings())
    qtbot.addWidget(win)
    win.show()
    with qtbot.waitSignal(win.catalog.changed, timeout=10000):
        pass
    yield win
    win.close()


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
    assert "(bundled)" in panel.table.item(0, 0).text()
    panel.table.selectRow(0)
    panel.n_ctx.setValue(512)
    with qtbot.waitSignal(window.models.loaded, timeout=30000):
        qtbot.mouseClick(panel.load_btn, Qt.MouseButton.LeftButton)
    assert "Loaded" in panel.result.text() and "layers" in panel.result.text()
    assert panel.table.item(0, 4).text() == "Loaded"
    assert window.model_label.text().startswith("Model: ")
    assert panel.unload_btn.isEnabled()
    with qtbot.waitSignal(window.models.unloaded, timeout=10000):
        qtbot.mouseClick(panel.unload_btn, Qt.MouseButton.LeftButton)
    assert window.model_label.text() == "No model loaded"
    assert window.settings.load_options()["n_ctx"] == 512


def test_broken_model_in_folder_is_explained(qtbot: QtBot, window: MainWindow, models_dir: Path) -> None:
    (models_dir / "half.gguf").write_bytes(b"GGUF\x03\x00\x00\x00" + b"\x01" * 8)
    with qtbot.waitSignal(window.catalog.changed, timeout=10000):
        window.catalog.rescan()
    panel = window.models_panel
    row = next(r for r in range(panel.table.rowCount()) if panel.table.item(r, 0).text() == "half.gguf")
    assert panel.table.item(row, 4).text() == "Cannot read"
    panel.table.selectRow(row)
    assert "half.gguf" in panel.details_error.text()
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
    assert panel._selected is not None and panel._selected.path == model
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
    first = MainWindow(Settings(), start_host=False)
    qtbot.addWidget(first)
    first.show_panel("Vision")
    first.resize(700, 500)
    first.close()
    second = MainWindow(Settings(), start_host=False)
    qtbot.addWidget(second)
    assert second.current_panel() == "Vision"
    assert (second.width(), second.height()) == (700, 500)
    assert (fresh_home / "config" / "settings.ini").is_file()
    second.close()


def test_quit_during_generation_leaves_nothing_running(qtbot: QtBot, fresh_home: Path, models_dir: Path) -> None:
    win = MainWindow(Settings())
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
    again = MainWindow(Settings(), start_host=False)
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
    _app, hosts = window.monitor.sample()
    assert set(window.monitor.last_hosts) == {
        "Main model host",
        "Compare's model host",
        "Tokenizer's vocabulary host",
    }
    expected = sum(psutil.Process(pid).memory_info().rss for pid in pids if pid is not None) / 2**20
    assert abs(hosts - expected) < 0.1 * expected  # the three were sampled a moment apart
    assert "3 model hosts" in window.memory_label.text()
    assert "Tokenizer's vocabulary host" in window.memory_label.toolTip()
