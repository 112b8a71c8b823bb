"""The Vision panel offscreen, in the window as main() builds it, on the real model: add pictures, see
results, relabel, paste, drop, cancel a long run, bad files, CSV, photographs equal to plain open_clip, the
grid's columns, the natural-language supervision view, and a shutdown that leaves no thread behind."""

from __future__ import annotations

import csv
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import skimage
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage
from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QRadioButton, QScrollBar, QWidget
from pytestqt.qtbot import QtBot

from desktop.core import vision
from desktop.services.vision_service import LOADING_TEXT
from desktop.ui.main_window import MainWindow
from desktop.ui.panels.vision import VisionPanel
from tests.core.test_vision import _plain_open_clip, _stalling_hub, _StallingHub, serve_fake_hub

PHOTOS = Path(skimage.__file__).parent / "data"
TIMEOUT = 60_000


@pytest.fixture
def window(make_window: Callable[..., MainWindow]) -> MainWindow:
    win = make_window(start_host=False)
    win.resize(1180, 760)
    return win


def _vision(window: MainWindow) -> VisionPanel:
    window.show_panel("Vision")
    panel = window.vision_panel
    assert isinstance(panel, VisionPanel)
    return panel


@pytest.fixture
def panel(window: MainWindow) -> Iterator[VisionPanel]:
    widget = _vision(window)
    yield widget
    window.close()  # the window shuts its panels down
    # worker threads are daemon threads, which the no_leftovers guard does not count: check them here
    assert not widget.service.io.running
    assert not widget.service.link.alive()  # the vision host has ended


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
    assert panel.results.empty_hint.isVisible()
    assert "teaching model" in panel.engine.model_note.text() and "photograph" in panel.engine.model_note.text()
    loading: list[str] = []
    panel.service.loading.connect(loading.append)
    truth = _shapes(tmp_path / "pics", 8)
    panel.add_paths([tmp_path / "pics", PHOTOS / "chelsea.png"])
    qtbot.waitUntil(lambda: _all_done(panel, 9), timeout=TIMEOUT)
    assert loading == [LOADING_TEXT]
    assert not panel.results.empty_hint.isVisible()
    items = panel.results_model.items
    correct = sum(i.result is not None and i.result.ranked[0][0] == truth[i.name] for i in items if i.name in truth)
    assert correct >= 7
    assert all(isinstance(i.thumbnail, QImage) and not i.thumbnail.isNull() for i in items)
    assert all(i.result is not None and len(i.result.ranked) == 5 for i in items)
    assert "Classified" in panel.status_text()
    assert "CPU" in panel.engine.device_label.text()
    panel.results.view.grab()  # the delegate paints every card without error

    with qtbot.waitSignal(panel.service.exported, timeout=TIMEOUT):
        panel.export_csv(tmp_path / "results.csv")
    assert f"Exported to {tmp_path / 'results.csv'}" in panel.status_text()  # like Completion's export
    with open(tmp_path / "results.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert len(rows) == 10 and len(rows[0]) == 5 + 30


def test_the_bundled_models_note_says_what_it_is(panel: VisionPanel) -> None:
    """Issue 25, 6: it ships trained (nothing is trained here, and it drew nothing): this project trained it
    on pictures paired with captions, with CLIP's contrastive loss."""
    note = panel.engine.model_note.text()
    for words in ("shipped trained", "pictures paired with captions", "contrastive loss", "natural-language"):
        assert words in note, words
    assert "drew itself" not in note and "trained here" not in note and "photographs" in note


def test_photographs_through_the_window_equal_plain_open_clip(qtbot: QtBot, panel: VisionPanel, tmp_path: Path) -> None:
    """Issue 22: photos (PNG, JPEG, 2400-pixel ones) through the window and the vision host, decoded near the
    model's size, give plain open_clip's probabilities on the same pixels, to 1e-5."""
    import numpy as np
    import torch

    from tests.vision_photos import shared_photo_set

    photos = shared_photo_set(8)
    labels = [*vision.shape_labels()[:4], "a cat", "a rocket"]
    panel.set_labels(labels)
    panel.add_paths(photos)
    qtbot.waitUntil(lambda: _all_done(panel, len(photos)), timeout=TIMEOUT)
    model, preprocess, tokenizer = _plain_open_clip(tmp_path)
    decode_size = max(int(vision.bundled_card()["model_cfg"]["vision_cfg"]["image_size"]), vision.THUMB_SIZE)
    with torch.no_grad():
        text = model.encode_text(tokenizer([vision.DEFAULT_TEMPLATE.format(label) for label in labels]))
        text /= text.norm(dim=-1, keepdim=True)
        for item in panel.results_model.items:
            assert item.result is not None and item.result.probs is not None, item.name
            pixels = vision.load_image(Path(str(item.source)), draft_size=decode_size).image
            features = model.encode_image(preprocess(pixels).unsqueeze(0))
            features /= features.norm(dim=-1, keepdim=True)
            expected = (model.logit_scale.exp() * features @ text.T).softmax(dim=-1)[0].numpy()
            np.testing.assert_allclose(item.result.probs, expected, atol=1e-5, rtol=0, err_msg=item.name)


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
        panel.prompt_box.ensemble_radio.setChecked(True)
    assert blocker.args[0].template == vision.ENSEMBLE
    panel.set_labels([])
    qtbot.wait(800)
    assert "at least one label" in panel.status_text()
    panel.prompt_box.template_radio.setChecked(True)
    panel.set_labels(["red circle"])
    panel.prompt_box.template_edit.setText("no placeholder")
    qtbot.wait(800)
    assert "{}" in panel.status_text()


def test_paste_and_drop(qtbot: QtBot, panel: VisionPanel, tmp_path: Path) -> None:
    image = QImage(str(PHOTOS / "coffee.png"))
    QGuiApplication.clipboard().setImage(image)
    panel.sources.paste()
    qtbot.waitUntil(lambda: _all_done(panel, 1), timeout=TIMEOUT)
    assert panel.results_model.items[0].name.startswith("Pasted picture")

    truth = _shapes(tmp_path / "dropped", 2, seed=5)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "dropped" / name)) for name in truth])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    panel.results.dropEvent(event)
    qtbot.waitUntil(lambda: _all_done(panel, 3), timeout=TIMEOUT)

    QGuiApplication.clipboard().setText("just words")
    panel.sources.paste()
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
    model = panel.results_model  # what a card says when hovered
    errors = {i.name: model.data(model.index(row), Qt.ItemDataRole.ToolTipRole) for row, i in enumerate(model.items)}
    assert "empty" in errors["empty.png"] and "truncated" in errors["cut.jpg"] and "Not a picture" in errors["text.jpg"]
    assert "could not be read" in panel.status_text()
    assert "Classified 0 picture" in panel.status_text()  # the unreadable ones are not counted as classified
    panel.results.view.grab()


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
    assert panel.results_model.rowCount() == 0 and panel.results.empty_hint.isVisible()


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


def test_models_found_in_the_models_folder(qtbot: QtBot, window: MainWindow, models_dir: Path) -> None:
    (models_dir / "ViT-B-32__mine.safetensors").write_bytes(b"x")
    (models_dir / "mystery.pt").write_bytes(b"x")
    box = _vision(window).engine
    qtbot.waitUntil(lambda: box.model_combo.count() == 3, timeout=10_000)
    labels = [box.model_combo.itemText(i) for i in range(3)]
    assert labels[0].endswith("(bundled)") and "ViT-B-32__mine" in labels and "mystery" in labels
    box.model_combo.setCurrentIndex(labels.index("mystery"))
    assert box.arch_combo.isVisible() and "architecture" in box.model_note.text()
    with qtbot.waitSignal(box.service.modelFailed, timeout=TIMEOUT) as blocker:
        box.arch_combo.setCurrentText("ViT-B-32")
    assert "mystery.pt" in blocker.args[0]


def test_download_from_the_hub_offline_and_online(
    qtbot: QtBot, panel: VisionPanel, models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{closed}")
    panel.engine.hub.combo.setCurrentText("hf-hub:fm-explorer/fm-tiny-clip")
    with qtbot.waitSignal(panel.service.downloadFailed, timeout=TIMEOUT):
        panel.engine.hub.download_btn.click()
    assert "offline" in panel.status_text() and not panel.engine.hub.bar.isVisible()

    progress: list[tuple[int, int]] = []
    panel.service.downloadProgress.connect(lambda done, total: progress.append((done, total)))
    with serve_fake_hub() as url:
        monkeypatch.setenv("HF_ENDPOINT", url)
        with qtbot.waitSignal(panel.service.downloadFinished, timeout=TIMEOUT):
            panel.engine.hub.download_btn.click()
    assert progress and progress[-1][0] == progress[-1][1] > 0
    qtbot.waitUntil(lambda: panel.engine.model_combo.count() == 2, timeout=10_000)
    assert panel.engine.model_combo.itemText(1) == "fm-explorer__fm-tiny-clip"


def test_a_stalled_download_stops_at_once_and_quitting_does_not_wait(
    qtbot: QtBot, panel: VisionPanel, models_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    with _stalling_hub() as url:
        monkeypatch.setenv("HF_ENDPOINT", url)
        panel.engine.hub.combo.setCurrentText("hf-hub:fm-explorer/stalls")
        panel.engine.hub.download_btn.click()
        assert _StallingHub.sent.wait(20)
        qtbot.wait(300)  # the download now waits for bytes that never come
        assert panel.service.downloading and panel.engine.hub.download_btn.text() == "Stop"
        started = time.perf_counter()
        with qtbot.waitSignal(panel.service.downloadCancelled, timeout=5000) as blocker:
            panel.engine.hub.download_btn.click()
        took = time.perf_counter() - started
        assert took < 1.0, took
        assert blocker.args[0] == "Download cancelled."
        assert "cancelled" in panel.status_text() and panel.engine.hub.download_btn.isEnabled()
        assert "color" not in panel.status_text()  # a stop the person asked for is not shown as a problem
        assert not any(models_dir.rglob("*.part"))

        panel.engine.hub.download_btn.click()  # again, and this time quit in the middle of it
        qtbot.waitUntil(lambda: len(_StallingHub.requests) == 2, timeout=20_000)
        qtbot.wait(300)
        started = time.perf_counter()
        panel.shutdown()
        took = time.perf_counter() - started
    print(f"\nquitting during a stalled download took {took * 1000:.0f} ms")
    assert took < 3.0
    assert not panel.service.io.running and not panel.service.link.alive()


def test_labels_and_template_persist_across_restarts(make_window: Callable[..., MainWindow]) -> None:
    first_window = make_window(start_host=False)
    first = _vision(first_window)
    assert first.labels() == vision.bundled_labels() and first.prompt_box.template_radio.isChecked()
    first.set_labels(["a cat", "a dog", "", "a red circle"])
    first.prompt_box.template_edit.setText("a drawing of a {}.")
    first.prompt_box.ensemble_radio.setChecked(True)
    first_window.close()

    second_window = make_window(start_host=False)
    second = _vision(second_window)
    assert second.labels_box.edit.toPlainText() == "a cat\na dog\n\na red circle"
    assert (
        second.prompt_box.template_edit.text() == "a drawing of a {}." and second.prompt_box.ensemble_radio.isChecked()
    )
    second.set_labels([])  # no labels is a choice too, kept as such
    second_window.close()
    third = _vision(make_window(start_host=False))
    assert third.labels() == [] and third.prompt_box.ensemble_radio.isChecked()


def test_labels_the_model_never_learned_get_a_note(qtbot: QtBot, panel: VisionPanel) -> None:
    panel.set_labels(["cat", "dog", "red circle"])
    with qtbot.waitSignal(panel.service.finished, timeout=TIMEOUT):
        panel.add_paths([PHOTOS / "chelsea.png"])
    qtbot.waitUntil(lambda: _all_done(panel, 1), timeout=TIMEOUT)
    assert panel.labels_box.note.isVisible()
    assert "never learned the words “cat”, “dog”" in panel.labels_box.note.text()
    assert "labels" in panel.status_text()
    with qtbot.waitSignal(panel.service.finished, timeout=TIMEOUT):
        panel.set_labels(["red circle", "blue square"])
    assert not panel.labels_box.note.isVisible()


# -- layout: no overlap at 1024 × 640, scrolling below that; the grid's width used ------------------------
WINDOW_SIZES = {"1180x760": (1180, 760), "1024x640": (1024, 640), "800x500": (800, 500), "640x400": (640, 400)}


def _overlapping(root: QWidget) -> list[str]:
    """Visible sibling widgets whose rectangles intersect, and controls squeezed below their minimum size."""
    problems = []
    for parent in [root, *root.findChildren(QWidget)]:
        if not parent.isVisible() or isinstance(parent, QScrollBar | QComboBox):
            continue
        kids = [w for w in parent.children() if isinstance(w, QWidget) and w.isVisible() and not w.isWindow()]
        for a, b in itertools.combinations(kids, 2):
            if a.geometry().intersects(b.geometry()) and not {type(a).__name__, type(b).__name__} & {"QSplitterHandle"}:
                problems.append(f"{_name(a)} overlaps {_name(b)}")
        for w in kids:
            if isinstance(w, QPushButton | QComboBox | QRadioButton | QLineEdit):
                hint = w.minimumSizeHint()
                if w.width() < hint.width() - 1 or w.height() < hint.height() - 1:
                    problems.append(f"{_name(w)} squeezed to {w.size().toTuple()} < {hint.toTuple()}")
    return problems


def _name(w: QWidget) -> str:
    text = getattr(w, "text", None)
    label = text() if callable(text) else ""
    return f"{type(w).__name__}({str(label)[:20]!r})"


@pytest.mark.parametrize("size", list(WINDOW_SIZES))
def test_layout_without_overlap(qtbot: QtBot, window: MainWindow, panel: VisionPanel, size: str) -> None:
    window.resize(*WINDOW_SIZES[size])
    qtbot.wait(100)
    assert _overlapping(panel) == []
    page = panel.page_scroll
    side = panel.side_scroll
    if size in ("1180x760", "1024x640"):
        assert window.size().toTuple() == WINDOW_SIZES[size]
        # the whole panel fits: nothing to scroll sideways, and the right column is not cut off
        assert not page.horizontalScrollBar().isVisible() and not page.verticalScrollBar().isVisible()
        assert side.widget().minimumSizeHint().width() <= side.viewport().width()
        assert side.viewport().width() >= 320
    else:
        assert page.widget().width() >= page.widget().minimumSizeHint().width()  # scrolls instead of squeezing
    # news (a download's error, an export) is always in sight, whatever the right column scrolls to
    panel.engine.hub._say("Cannot reach the Hugging Face hub: this machine seems to be offline.", error=True)
    assert not panel.status.text.visibleRegion().isEmpty() or size == "640x400"
    assert "offline" in panel.engine.hub.status.text() and "offline" in panel.status_text()


@pytest.mark.parametrize("size", ["1180x760", "1024x640", "1400x900"])
def test_results_use_the_grids_width(qtbot: QtBot, window: MainWindow, panel: VisionPanel, size: str) -> None:
    """Issue 23, 14: the cards filled one column and left half the grid empty. Now as many columns as fit
    (cards at least 300 px wide), and the cards share the whole width."""
    width, height = WINDOW_SIZES.get(size, (1400, 900))
    window.resize(width, height)
    panel.runs.add([Path(f"/nowhere/{n}.png") for n in range(7)])  # cards, whether or not they can be read
    qtbot.wait(200)
    view = panel.results.view
    rects = [view.visualRect(panel.results_model.index(row)) for row in range(7)]
    columns = len({r.left() for r in rects})
    used = max(r.right() for r in rects) + 1
    print(f"\n{size}: grid {view.viewport().width()} px, {columns} columns of {rects[0].width()} px")
    assert columns == view.columns == max(1, view.viewport().width() // 300)
    assert view.viewport().width() - used < 20  # the cards share the whole width: no empty half
    assert columns >= (1 if size == "1024x640" else 2)  # the default window and larger: two columns or more
    assert all(r.width() >= 300 and r.height() == rects[0].height() for r in rects)
    panel.results.view.grab()  # every card paints at its new width


# -- the vision host --------------------------------------------------------------------------------------------
def test_a_killed_host_is_explained_and_the_next_run_starts_a_fresh_one(
    qtbot: QtBot, panel: VisionPanel, tmp_path: Path
) -> None:
    _shapes(tmp_path / "many", 200, seed=4, size=96)
    panel.service.batch_size = 4
    with qtbot.waitSignal(panel.service.results, timeout=TIMEOUT):
        panel.add_paths([tmp_path / "many"])
    first = panel.service.host_pid()
    assert first is not None and first != os.getpid()
    with qtbot.waitSignal(panel.service.failed, timeout=TIMEOUT) as blocker:
        os.kill(first, signal.SIGKILL)
    message = blocker.args[0]
    assert "vision host stopped" in message and "killed" in message and "keep their results" in message
    qtbot.waitUntil(lambda: not panel.service.busy)
    done = [i for i in panel.results_model.items if i.result is not None]
    assert 0 < len(done) < 200  # what finished before the kill keeps its results
    assert "vision host stopped" in panel.status_text()
    panel.reclassify()
    qtbot.waitUntil(lambda: _all_done(panel, 200), timeout=TIMEOUT)
    second = panel.service.host_pid()
    assert second is not None and second != first


def test_unload_and_the_idle_timeout_end_the_host(qtbot: QtBot, panel: VisionPanel, tmp_path: Path) -> None:
    _shapes(tmp_path / "pics", 2)
    panel.add_paths([tmp_path / "pics"])
    qtbot.waitUntil(lambda: _all_done(panel, 2), timeout=TIMEOUT)
    pid = panel.service.host_pid()
    assert pid is not None and panel.engine.unload_btn.isEnabled()
    if hasattr(os, "getpriority"):  # niced as a whole (the window first); its threads are not niced further
        from desktop.core.vision.host import HOST_NICENESS

        ours = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, pid) == min(19, ours + HOST_NICENESS)
    panel.engine.unload_btn.click()
    qtbot.waitUntil(lambda: panel.service.host_pid() is None, timeout=10_000)
    assert not panel.engine.unload_btn.isEnabled() and "Unloaded" in panel.engine.device_label.text()
    panel.engine.idle_combo.setCurrentIndex(panel.engine.idle_combo.findData(1))
    assert panel.service.idle_minutes == 1
    panel.service.set_idle_minutes(0.002)  # 120 ms, so the test need not wait a minute
    panel.reclassify()
    qtbot.waitUntil(lambda: _all_done(panel, 2), timeout=TIMEOUT)
    assert panel.service.host_pid() not in (None, pid)
    qtbot.waitUntil(lambda: panel.service.host_pid() is None, timeout=10_000)
    assert not panel.service.busy


@pytest.mark.filterwarnings("ignore:Converting a tensor to a Python boolean")
def test_the_engine_choice_gives_the_same_probabilities(qtbot: QtBot, panel: VisionPanel, tmp_path: Path) -> None:
    _shapes(tmp_path / "pics", 6, seed=9)
    found: dict[str, dict[str, tuple[float, ...]]] = {}
    for engine in ("onnx", "open_clip"):
        with qtbot.waitSignal(panel.service.modelLoaded, timeout=TIMEOUT) as loaded:
            panel.engine.engine_combo.setCurrentIndex(panel.engine.engine_combo.findData(engine))
        assert loaded.args[0].engine == engine
        assert ("ONNX Runtime" if engine == "onnx" else "open_clip") in panel.engine.device_label.text()
        panel.clear()
        panel.add_paths([tmp_path / "pics"])
        qtbot.waitUntil(lambda: _all_done(panel, 6), timeout=TIMEOUT)
        found[engine] = {i.name: tuple(i.result.probs) for i in panel.results_model.items if i.result is not None}
    assert found["onnx"].keys() == found["open_clip"].keys()
    for name in found["onnx"]:
        assert max(abs(a - b) for a, b in zip(found["onnx"][name], found["open_clip"][name], strict=True)) < 1e-4


def test_the_app_process_never_imports_torch_or_onnxruntime(tmp_path: Path) -> None:
    """The panel classifies through the vision host; the window's own process stays light."""
    code = """
import json, sys
from pathlib import Path
from desktop.factory import application, build_window
app = application(excepthooks=False)
from desktop.core.vision import MemoryImage, sample_shapes
from PySide6.QtCore import QTimer
window = build_window(start_host=False)
window.show_panel("Vision")
panel = window.vision_panel
panel.add_paths([Path(sys.argv[1])])
image = sample_shapes(1, 2, 64)[0][0]
import io
buffer = io.BytesIO(); image.save(buffer, "PNG")
panel.runs.add([MemoryImage("Pasted picture 1", buffer.getvalue())])
def check():
    items = panel.results_model.items
    if len(items) == 2 and all(i.result is not None for i in items) and not panel.service.busy:
        app.quit()
timer = QTimer(); timer.timeout.connect(check); timer.start(50)
QTimer.singleShot(240000, app.quit)
app.exec()
done = [i.result.ok for i in panel.results_model.items if i.result is not None]
window.shutdown()
print(json.dumps({"done": done, "loaded": [m for m in ("torch", "open_clip", "onnxruntime", "torchvision")
                                           if m in sys.modules]}))
"""
    picture = tmp_path / "chelsea.png"
    picture.write_bytes((PHOTOS / "chelsea.png").read_bytes())
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(picture)], capture_output=True, text=True, timeout=300, env=env, check=True
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"done": [True, True], "loaded": []}


def test_thumbnails_from_the_host_become_images_even_without_qts_jpeg_plugin(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from desktop.services.vision_service import thumbnail_image

    buffer = io.BytesIO()
    vision.render_shape("star", "red", random.Random(1), 96).save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    assert thumbnail_image(data).size().width() == 96
    monkeypatch.setattr(QImage, "loadFromData", lambda self, *_a: False)  # a bundle without the plugin
    fallback = thumbnail_image(data)
    assert not fallback.isNull() and fallback.width() == 96
    assert thumbnail_image(b"not a picture").isNull()


def test_a_drop_of_ten_thousand_pictures_is_added_in_linear_time(qtbot: QtBot) -> None:
    """The results model once compared each new picture with every other one in the same drop: 50 million
    comparisons, minutes of frozen window, for 10,000 pictures."""
    from desktop.ui.panels.vision import ResultsModel

    model = ResultsModel()
    paths = [Path(f"/pictures/{i}.png") for i in range(10_000)]
    started = time.perf_counter()
    added = model.add([*paths, paths[0], paths[-1]])  # the same picture twice in one drop counts once
    assert time.perf_counter() - started < 2.0
    assert added == paths and model.rowCount() == 10_000
    assert model.add(paths[:3]) == []  # already there


# -- natural-language supervision (issue 25) ------------------------------------------------------------------
def test_natural_language_supervision_shows_the_training_pairs_and_their_similarities(
    qtbot: QtBot, panel: VisionPanel
) -> None:
    """The second tab: the bundled model's first training pairs (captions as plain text), the picture x
    caption cosine similarities its model computes in the vision host (equal to the model's here, 1e-5), the
    diagonal winning, and the contrastive loss on them far below ln 8."""
    import numpy as np

    from desktop.core.vision.training import contrastive, training_pairs

    view = panel.supervision
    with qtbot.waitSignal(panel.service.pairsReady, timeout=TIMEOUT):
        panel.tabs.setCurrentIndex(1)
    shown = view.pairs
    assert shown is not None and view.heat_map.pairs is shown
    expected = training_pairs(0, 8)
    assert shown.captions == expected.captions and shown.targets == expected.targets
    assert [label.text() for label in view.caption_labels] == expected.captions
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in view.caption_labels)
    assert all(isinstance(p, QImage) and not p.isNull() for p in shown.pictures)

    reference = vision.ZeroShotClassifier(vision.bundled_spec(), "cpu")
    try:
        similarity = reference.image_features(expected.pictures) @ reference.caption_features(expected.captions).T
        scale = reference.logit_scale
    finally:
        reference.close()
    np.testing.assert_allclose(np.array(shown.similarity), similarity, atol=1e-5, rtol=0)
    assert shown.loss == pytest.approx(contrastive(similarity, scale, np.array(expected.targets)), abs=1e-4)
    assert shown.loss < np.log(8) / 4  # trained: far from a model that knew nothing (ln 8)
    diagonal = np.diag(similarity)
    assert all(diagonal[i] >= similarity[i][~np.array(expected.targets[i])].max() for i in range(8))
    assert "Contrastive loss on these 8 pairs" in view.result.text() and "For 8 of the 8 pictures" in view.result.text()
    view.heat_map.grab()  # the heat map paints

    assert not view.earlier_btn.isEnabled()
    with qtbot.waitSignal(panel.service.pairsReady, timeout=TIMEOUT):
        view.later_btn.click()
    assert view.pairs is not None and view.pairs.captions == training_pairs(8, 8).captions
    assert "Pairs 9–16 of the 128" in view.range_label.text() and view.earlier_btn.isEnabled()
