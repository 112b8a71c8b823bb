"""The app shell, offscreen: File > Quit (Ctrl+Q) and About, no scroll-wheel hijack, file dialogs that
remember their folder, an unsaved draft reported once, and one running copy per settings folder."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDir, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QLineEdit,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from desktop.factory import build_window
from desktop.services.messages import bridge
from desktop.services.settings import Settings
from desktop.ui.main_window import MainWindow
from desktop.ui.single_instance import SingleInstance, ask_running_copy, instance_key
from desktop.ui.widgets import file_dialogs, wheel_guard

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot: QtBot, fresh_home: Path, models_dir: Path) -> Iterator[MainWindow]:
    win = build_window(Settings(), start_host=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()


# -- File > Quit, About ---------------------------------------------------------------------------
def test_ctrl_q_quits_through_the_file_menu(qtbot: QtBot, window: MainWindow, fresh_home: Path) -> None:
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Language", "&Help"]
    file_menu = window.menuBar().actions()[0].menu()
    assert isinstance(file_menu, QMenu) and window.quit_action in file_menu.actions()
    assert QKeySequence("Ctrl+Q") in window.quit_action.shortcuts()
    window.show_panel("Vision")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert window._shut_down  # everything was stopped, as for closing the window
    assert Settings().get_str("window/panel") == "Vision"  # and the layout was saved


def test_about_names_the_app_and_version(qtbot: QtBot, window: MainWindow) -> None:
    from desktop import __version__

    def close_box() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert __version__ in box.text() and "FM Explorer" in box.text()
        box.accept()

    QTimer.singleShot(100, close_box)
    window.about_action.trigger()  # returns once the box is closed


# -- scroll-wheel hijack --------------------------------------------------------------------------
def _wheel(widget: QWidget, down: bool = True) -> None:
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, -120 if down else 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


@pytest.fixture
def scroller(qtbot: QtBot) -> Iterator[tuple[QScrollArea, QComboBox, QSpinBox]]:
    wheel_guard.install()
    area = QScrollArea()
    content = QWidget()
    layout = QVBoxLayout(content)
    text = QLineEdit()  # where the focus is: not in the boxes below
    layout.addWidget(text)
    combo = QComboBox()
    combo.addItems(["ViT-B-32/openai", "ViT-B-32/laion2b_s34b_b79k", "RN50/openai"])
    spin = QSpinBox()
    spin.setRange(0, 100)
    spin.setValue(50)
    layout.addWidget(combo)
    layout.addWidget(spin)
    layout.addSpacing(3000)
    area.setWidget(content)
    area.setWidgetResizable(True)
    area.resize(300, 300)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    area.activateWindow()
    text.setFocus()
    qtbot.waitUntil(text.hasFocus, timeout=2000)
    yield area, combo, spin


def test_wheel_over_an_unfocused_combo_or_spin_box_scrolls_the_page(
    qtbot: QtBot, scroller: tuple[QScrollArea, QComboBox, QSpinBox]
) -> None:
    area, combo, spin = scroller
    bar = area.verticalScrollBar()
    assert not combo.hasFocus() and not spin.hasFocus()
    _wheel(combo)
    assert combo.currentIndex() == 0  # the Hub box kept its value
    assert bar.value() > 0  # and the page scrolled instead
    before = bar.value()
    _wheel(spin.lineEdit())  # the spin box's own text field
    assert spin.value() == 50
    assert bar.value() > before


def test_wheel_over_a_focused_combo_or_spin_box_changes_it(
    qtbot: QtBot, scroller: tuple[QScrollArea, QComboBox, QSpinBox]
) -> None:
    _area, combo, spin = scroller
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus, timeout=2000)
    _wheel(combo)
    assert combo.currentIndex() == 1
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=2000)
    _wheel(spin)
    assert spin.value() != 50


def test_the_wheel_never_gives_focus_in_the_window(qtbot: QtBot, window: MainWindow) -> None:
    """Qt gives a Qt.WheelFocus widget the focus on a wheel event before it delivers the event; the guard
    turns that into Qt.StrongFocus on every combo and spin box, including those in the panels."""
    boxes: list[QWidget] = []
    for name in ("Models", "Tokenizer", "Completion", "Vision"):
        window.show_panel(name)  # polishes the panel's shown widgets (a hidden one is polished when shown)
        shown = window.panel(name).findChildren(QComboBox) + window.panel(name).findChildren(QSpinBox)
        boxes += [b for b in shown if b.isVisible()]
    assert len(boxes) > 5
    assert all(b.focusPolicy() != Qt.FocusPolicy.WheelFocus for b in boxes), [
        b for b in boxes if b.focusPolicy() == Qt.FocusPolicy.WheelFocus
    ]


# -- file dialogs remember their folder -----------------------------------------------------------
def _answer_dialog(path: Path) -> None:
    """Act as the user: pick ``path`` in the file dialog that is open."""

    def pick() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(50, pick)
            return
        _answer_dialog.opened_in = dialog.directory().absolutePath()  # type: ignore[attr-defined]
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        assert name is not None
        name.setText(str(path))  # typed, as a person would
        dialog.accept()
        if dialog.isVisible():  # it refused the choice (a file that does not exist): never hang
            dialog.reject()

    QTimer.singleShot(50, pick)


def test_file_dialogs_reopen_where_they_were_last_used(qtbot: QtBot, fresh_home: Path, tmp_path: Path) -> None:
    settings = Settings()
    parent = QWidget()
    qtbot.addWidget(parent)
    models = tmp_path / "my models"
    models.mkdir()
    (models / "a.gguf").write_bytes(b"GGUF")
    (models / "b.gguf").write_bytes(b"GGUF")
    assert file_dialogs.last_folder("models", settings) == Path.home()  # the first time
    _answer_dialog(models / "a.gguf")
    files = file_dialogs.open_file_names(parent, "models", "Add a GGUF model", "GGUF (*.gguf)", settings)
    assert files == [str(models / "a.gguf")]
    assert _answer_dialog.opened_in == str(Path.home())  # type: ignore[attr-defined]
    _answer_dialog(models / "b.gguf")
    file_dialogs.open_file_names(parent, "models", "Add a GGUF model", "GGUF (*.gguf)", settings)
    assert _answer_dialog.opened_in == str(models)  # type: ignore[attr-defined]
    # Another purpose keeps its own folder; every Settings object sees the remembered one.
    assert file_dialogs.last_folder("export") == Path.home()
    assert file_dialogs.last_folder("models") == models
    # A folder that has gone: its nearest existing parent.
    inner = models / "gone" / "deeper"
    file_dialogs.remember("export", inner, settings)
    assert file_dialogs.last_folder("export", settings) == models
    out = tmp_path / "exports"
    out.mkdir()
    _answer_dialog(out / "run-1.md")
    saved = file_dialogs.save_file_name(parent, "export", "Export run", "run-1.md", "*.md", settings)
    assert saved == str(out / "run-1.md")
    assert file_dialogs.last_folder("export", Settings()) == out


# -- an unsaved draft is reported once ------------------------------------------------------------
def test_draft_that_cannot_be_saved_is_reported_once(qtbot: QtBot, fresh_home: Path, models_dir: Path) -> None:
    drafts = fresh_home / "data" / "drafts"
    drafts.parent.mkdir(parents=True)
    drafts.write_text("a file where the drafts folder should be")  # fails as a read-only folder would
    win = build_window(Settings(), start_host=False)
    qtbot.addWidget(win)
    win.show()
    panel = win.completion_panel
    with qtbot.waitSignal(bridge().error, timeout=5000) as shown:
        panel.prompt.setPlainText("Once upon a time")
    assert "The typed prompt could not be saved" in shown.args[1]
    assert str(drafts) in shown.args[1]
    qtbot.waitUntil(lambda: len(win.errors) == 1, timeout=2000)
    infos: list[str] = []
    bridge().info.connect(infos.append)
    try:
        with qtbot.assertNotEmitted(bridge().error, wait=1500):
            panel.prompt.setPlainText("Once upon a time, again")
    finally:
        bridge().info.disconnect(infos.append)
    assert len(win.errors) == 1
    assert not [line for line in infos if "typed prompt" in line]  # said once, not at every save
    win.close()


def test_draft_saves_leave_no_temporary_files(qtbot: QtBot, window: MainWindow, fresh_home: Path) -> None:
    panel = window.completion_panel
    panel.prompt.setPlainText("first")
    panel._save_draft()
    panel.prompt.setPlainText("second")
    panel._save_draft()
    drafts = fresh_home / "data" / "drafts"
    assert [p.name for p in drafts.iterdir()] == ["completion.txt"]
    assert (drafts / "completion.txt").read_text(encoding="utf-8") == "second"


# -- one running copy -----------------------------------------------------------------------------
def test_a_second_copy_raises_the_first(qtbot: QtBot, tmp_path: Path) -> None:
    key = instance_key(tmp_path)
    assert instance_key(tmp_path) == key != instance_key(tmp_path / "other")
    first = SingleInstance(key)
    assert first.claim() and first.listening
    second = SingleInstance(key)
    assert not second.claim()  # the lock is held by a live process (this one)
    with qtbot.waitSignal(first.activated, timeout=5000):
        assert ask_running_copy(key, timeout_s=1)
    first.release()
    third = SingleInstance(key)
    assert third.claim()  # released: the next copy may start
    third.release()
    assert not ask_running_copy(key, timeout_s=0.2)


def _launch(home: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "FM_EXPLORER_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "desktop", *extra],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _listening(key: str, timeout_s: float = 60) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        socket = QLocalSocket()
        socket.connectToServer(key)
        if socket.waitForConnected(200):
            socket.disconnectFromServer()
            return True
        time.sleep(0.2)
    return False


def _stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        proc.terminate()
    proc.communicate(timeout=30)


@pytest.mark.slow
def test_one_running_copy_per_settings_folder_and_crashes_do_not_block(tmp_path: Path) -> None:
    home = tmp_path / "home"
    key = instance_key(home / "config")
    crashed = _launch(home)
    try:
        assert _listening(key), "the first copy never listened"
        crashed.kill()  # a crash: the lock file and the socket file stay behind
        crashed.communicate(timeout=30)
        running = _launch(home)
        try:
            assert _listening(key), "a stale lock or socket blocked the next start"
            second = _launch(home)
            _out, err = second.communicate(timeout=120)
            assert second.returncode == 0, err
            assert "already running" in err
            assert running.poll() is None  # the first copy is still there
            elsewhere = _launch(tmp_path / "other-home", "--startup-probe")  # another settings folder
            out, err = elsewhere.communicate(timeout=120)
            assert elsewhere.returncode == 0 and "startup_s" in out, err
        finally:
            _stop(running)
    finally:
        _stop(crashed)
        QLocalServer.removeServer(key)  # what the killed copies left in the temp folder
        (Path(QDir.tempPath()) / f"{key}.lock").unlink(missing_ok=True)
