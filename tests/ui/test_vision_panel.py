"""The Vision panel offscreen, on the real model: add pictures, see results, relabel, paste, drop, cancel a
long run, bad files, CSV, and a shutdown that leaves no thread behind."""

from __future__ import annotations

import csv
import itertools
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import skimage
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from pytestqt.qtbot import QtBot

from desktop.core import vision
from desktop.services.vision_service import LOADING_TEXT
from desktop.ui.panels.vision import VisionPanel
from tests.core.test_vision import serve_fake_hub

PHOTOS = Path(skimage.__file__).parent / "data"
TIMEOUT = 60_000


@pytest.fixture
def panel(qtbot: QtBot, fresh_home: Path, models_dir: Path) -> Iterator[VisionPanel]:
    widget = VisionPanel()
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    yield widget
    widget.shutdown()


def _shapes(folder: Path, n: int, seed: int = 11, size: int = 96) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    truth = {}
    for k, (image, shape, colour) in enumerate(vision.sample_shapes(n, seed, size)):
        image.save(folder / f"pic{k:03d}.png")
        truth[f"pic{k:03d}.png"] = f"{colour} {shape}"
    return truth


def _all_done(panel: VisionPanel, n: int) -> bool:
    items = panel.results_model.items
    return len(items) == n and all(i.result is not None for i in items) and not panel.service.busy


def test_add_pictures_see_ranked_labels_and_export(qtbot: QtBot, panel: VisionPanel, tmp_path: Path) -> None:
    assert panel.empty_hint.isVisible()
    assert "teaching model" in panel.model_note.text() and "photograph" in panel.model_note.text()
    loading: list[str] = []
    panel.service.loading.connect(loading.append)
    truth = _shapes(tmp_path / "pics", 8)
    panel.add_paths([tmp_path / "pics", PHOTOS / "chelsea.png"])
    qtbot.waitUntil(lambda: _all_done(panel, 9), timeout=TIMEOUT)
    assert loading == [LOADING_TEXT]
    assert not panel.empty_hint.isVisible()
    items = panel.results_model.items
    correct = sum(i.result is not None and i.result.ranked[0][0] == truth[i.name] for i in items if i.name in truth)
    assert correct >= 7
    assert all(isinstance(i.thumbnail, QImage) and not i.thumbnail.isNull() for i in items)
    assert all(i.result is not None and len(i.result.ranked) == 5 for i in items)
    assert "Classified" in panel.status_text()
    assert "CPU" in panel.device_label.text()
    panel.view.grab()  # the delegate paints every card without error

    with qtbot.waitSignal(panel.service.exported, timeout=TIMEOUT):
        panel.export_csv(tmp_path / "results.csv")
    with open(tmp_path / "results.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 10 and len(rows[0]) == 5 + 30


def test_relabel_template_and_empty_labels(qtbot: QtBot, panel: VisionPanel, tmp_path: Path) -> None:
    _shapes(tmp_path / "pics", 4)
    panel.add_paths([tmp_path / "pics"])
    qtbot.waitUntil(lambda: _all_done(panel, 4), timeout=TIMEOUT)
    with qtbot.waitSignal(panel.service.finished, timeout=TIMEOUT) as blocker:
        panel.set_labels(["circle", "square", "triangle", "star", "cross"])
    assert blocker.args[0].labels == ["circle", "square", "triangle", "star", "cross"]
    assert blocker.args[0].image_cached == 4  # the pictures were not decoded or encoded again
    qtbot.waitUntil(lambda: all(i.result and i.result.labels[0] == "circle" for i in panel.results_model.items))
    with qtbot.waitSignal(panel.service.finished, timeout=TIMEOUT) as blocker:
        panel.ensemble_radio.setChecked(True)
    assert blocker.args[0].template == vision.ENSEMBLE
    panel.set_labels([])
    qtbot.wait(800)
    assert "at least one label" in panel.status_text()
    panel.template_radio.setChecked(True)
    panel.set_labels(["red circle"])
    panel.template_edit.setText("no placeholder")
    qtbot.wait(800)
    assert "{}" in panel.status_text()


def test_paste_and_drop(qtbot: QtBot, panel: VisionPanel, tmp_path: Path) -> None:
    image = QImage(str(PHOTOS / "coffee.png"))
    QGuiApplication.clipboard().setImage(image)
    panel.paste()
    qtbot.waitUntil(lambda: _all_done(panel, 1), timeout=TIMEOUT)
    assert panel.results_model.items[0].name.startswith("Pasted picture")

    truth = _shapes(tmp_path / "dropped", 2, seed=5)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "dropped" / name)) for name in truth])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    panel.drop_zone.dropEvent(event)
    qtbot.waitUntil(lambda: _all_done(panel, 3), timeout=TIMEOUT)

    QGuiApplication.clipboard().setText("just words")
    panel.paste()
    assert "no picture" in panel.status_text()


def test_bad_files_show_messages_not_crashes(qtbot: QtBot, panel: VisionPanel, tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.png").write_bytes(b"")
    (folder / "text.jpg").write_text("hello")
    data = (PHOTOS / "rocket.jpg").read_bytes()
    (folder / "cut.jpg").write_bytes(data[: len(data) // 4])
    (folder / "notes.txt").write_text("skipped: not a picture name")
    panel.add_paths([folder, tmp_path / "missing.png"])
    qtbot.waitUntil(lambda: _all_done(panel, 3), timeout=TIMEOUT)
    errors = {i.name: i.result.error for i in panel.results_model.items if i.result is not None}
    assert "empty" in errors["empty.png"] and "truncated" in errors["cut.jpg"] and "Not a picture" in errors["text.jpg"]
    assert "could not be read" in panel.status_text()
    panel.view.grab()


def test_cancel_a_long_run_and_shutdown_leaves_no_thread(qtbot: QtBot, panel: VisionPanel, tmp_path: Path) -> None:
    _shapes(tmp_path / "many", 300, seed=3, size=96)
    panel.service.batch_size = 4
    with qtbot.waitSignal(panel.service.results, timeout=TIMEOUT):
        panel.add_paths([tmp_path / "many"])
    assert panel.cancel_btn.isEnabled()
    started = time.perf_counter()
    with qtbot.waitSignal(panel.service.cancelled, timeout=TIMEOUT) as blocker:
        panel.cancel_btn.click()
    assert time.perf_counter() - started < 5
    summary = blocker.args[0]
    assert summary.cancelled and 0 < summary.done < 300
    qtbot.waitUntil(lambda: not panel.service.busy)
    assert "Stopped after" in panel.status_text()
    assert any(i.result is None for i in panel.results_model.items)
    assert not panel.cancel_btn.isEnabled()
    panel.clear()
    assert panel.results_model.rowCount() == 0 and panel.empty_hint.isVisible()


def test_the_window_keeps_breathing(qtbot: QtBot, panel: VisionPanel, tmp_path: Path) -> None:
    """A heartbeat timer on the GUI thread while 120 pictures are classified (model already loaded)."""
    _shapes(tmp_path / "warm", 1)
    panel.add_paths([tmp_path / "warm"])
    qtbot.waitUntil(lambda: _all_done(panel, 1), timeout=TIMEOUT)
    _shapes(tmp_path / "beat", 120, seed=8, size=128)
    beats: list[float] = []
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: beats.append(time.perf_counter()))
    timer.start()
    panel.add_paths([tmp_path / "beat"])
    qtbot.waitUntil(lambda: _all_done(panel, 121), timeout=TIMEOUT)
    timer.stop()
    worst = max(b - a for a, b in itertools.pairwise(beats))
    print(f"\nlongest gap between 5 ms heartbeats while classifying: {worst * 1000:.1f} ms")
    assert worst < 0.25  # the benchmark holds the 50 ms target; a shared test machine gets slack


def test_models_found_in_the_models_folder(qtbot: QtBot, fresh_home: Path, models_dir: Path) -> None:
    (models_dir / "ViT-B-32__mine.safetensors").write_bytes(b"x")
    (models_dir / "mystery.pt").write_bytes(b"x")
    widget = VisionPanel()
    qtbot.addWidget(widget)
    try:
        qtbot.waitUntil(lambda: widget.model_combo.count() == 3, timeout=10_000)
        labels = [widget.model_combo.itemText(i) for i in range(3)]
        assert labels[0].endswith("(bundled)") and "ViT-B-32__mine" in labels and "mystery" in labels
        widget.show()
        widget.model_combo.setCurrentIndex(labels.index("mystery"))
        assert widget.arch_combo.isVisible() and "architecture" in widget.model_note.text()
        with qtbot.waitSignal(widget.service.modelFailed, timeout=TIMEOUT) as blocker:
            widget.arch_combo.setCurrentText("ViT-B-32")
        assert "mystery.pt" in blocker.args[0]
    finally:
        widget.shutdown()


def test_download_from_the_hub_offline_and_online(
    qtbot: QtBot, panel: VisionPanel, models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed}")
    panel.hub_combo.setCurrentText("hf-hub:fm-explorer/fm-tiny-clip")
    with qtbot.waitSignal(panel.service.downloadFailed, timeout=TIMEOUT):
        panel.download_btn.click()
    assert "offline" in panel.status_text() and not panel.download_bar.isVisible()

    progress: list[tuple[int, int]] = []
    panel.service.downloadProgress.connect(lambda done, total: progress.append((done, total)))
    with serve_fake_hub() as url:
        monkeypatch.setenv("HF_ENDPOINT", url)
        with qtbot.waitSignal(panel.service.downloadFinished, timeout=TIMEOUT):
            panel.download_btn.click()
    assert progress and progress[-1][0] == progress[-1][1] > 0
    qtbot.waitUntil(lambda: panel.model_combo.count() == 2, timeout=10_000)
    assert panel.model_combo.itemText(1) == "fm-explorer__fm-tiny-clip"
